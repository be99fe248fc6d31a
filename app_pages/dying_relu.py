"""死亡 ReLU: a bias shift and one large step silence ReLU units; others keep some gradient."""

import streamlit as st

from ui import dying_relu_page as section
from ui.errors import live
from ui.i18n import t
from ui.layout import prose_in_place
from ui.render import prose, references

st.title(t("nav.dying-relu"))
st.caption(section.text("caption"))
prose("dying-relu", only=(intro := prose_in_place({""})))  # lecture mode: all at the end


@live
def experiment() -> None:
    stage = st.container()  # the count and its figures above the controls (tall on a phone)
    section.results(section.controls(), stage)


experiment()

prose("dying-relu", skip=intro)
references("dying-relu")
