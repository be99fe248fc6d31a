"""自定义函数: the reader's own formula, parsed safely, differentiated by SymPy, compared."""

import streamlit as st

from ui import custom_page as section
from ui.errors import live
from ui.i18n import t
from ui.render import prose, references

st.title(t("nav.custom"))
st.caption(t("custom.caption"))
prose("custom", only={""})


@live
def formula_and_figure() -> None:
    section.examples()
    text = section.formula()
    stage = st.container()  # the figure right below the formula (on a phone, the first screen)
    found = section.analysed(text)
    if found is not None:
        section.study(found, stage)


formula_and_figure()

prose("custom", skip={""})
references("custom")
