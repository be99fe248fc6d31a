"""梯度消失: the forward signal and the gradient per layer, per activation and initialisation."""

import streamlit as st

from ui import vanishing_page as section
from ui.content import placeholders, raw
from ui.errors import live
from ui.i18n import current_lang, t
from ui.layout import prose_in_place
from ui.prose_values import prose_values_for
from ui.render import prose, references

st.title(t("nav.vanishing"))
st.caption(section.text("caption"))
numbers = prose_values_for(placeholders(raw("vanishing", current_lang())))
prose("vanishing", numbers, only=(intro := prose_in_place({""})))  # lecture mode: all at the end


@live
def experiment() -> None:
    stage = st.container()  # the figure above its controls: they stack tall on a phone
    section.results(section.controls(), stage=stage)


experiment()
prose("vanishing", numbers, skip=intro)
references("vanishing")
