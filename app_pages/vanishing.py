"""梯度消失: the forward signal and the gradient per layer, per activation and initialisation."""

import streamlit as st

from ui import vanishing_page as section
from ui.errors import live
from ui.i18n import t
from ui.layout import prose_in_place
from ui.render import prose, references

st.title(t("nav.vanishing"))
st.caption(section.text("caption"))
prose("vanishing", only=(intro := prose_in_place({""})))  # lecture mode: all at the end


@live
def experiment() -> None:
    stage = st.container()  # the figure above its controls: they stack tall on a phone
    section.results(section.controls(), stage=stage)


experiment()
prose("vanishing", skip=intro)
references("vanishing")
