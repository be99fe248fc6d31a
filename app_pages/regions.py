"""线性区域: a ReLU network on the plane is piecewise linear; count its pieces, against a smooth
activation's network, which has none."""

import streamlit as st

from ui import regions_page as section
from ui.errors import live
from ui.i18n import t
from ui.layout import prose_in_place
from ui.render import prose, references

st.title(t("nav.regions"))
st.caption(section.text("caption"))
prose("regions", only=(intro := prose_in_place({""})))  # lecture mode: all at the end


@live
def plane() -> None:
    section.plane_and_controls()


plane()
section.growth()
prose("regions", skip=intro)
references("regions")
