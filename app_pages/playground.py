"""训练实验: one small MLP per activation, trained side by side on the same data and seed."""

import streamlit as st

from ui import playground_page as section
from ui.errors import live
from ui.i18n import t
from ui.render import prose, references

st.title(t("nav.playground"))
st.caption(section.text("caption"))
prose("playground", only={""})


@live
def training() -> None:
    value, keys = section.controls()
    if section.train(keys, tuple(value.items())):
        section.results(keys, value)
    else:
        st.info(section.text("press_train" if keys else "empty"))


training()

prose("playground", skip={""})
references("playground")
