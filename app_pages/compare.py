"""对比: overlay any registry functions (f on top, f′ below) and compare their properties."""

import streamlit as st

from ui.compare_page import compare_figure, properties_table
from ui.errors import live
from ui.function_page import controls, downloads, header, lecture_text
from ui.i18n import t
from ui.render import references
from ui.widgets import activation_picker

DEFAULT = ["sigmoid", "tanh", "relu", "gelu", "swish"]

header("compare")


@live
def figures_and_controls() -> None:
    keys = activation_picker(t("functions.fns"), DEFAULT, key="fns")
    view, shown = controls(keys, probe=False, precision=False)
    if shown:
        compare_figure(shown, view)
        properties_table(shown)
        downloads("compare", shown, view)
    else:
        st.info(t("functions.pick_some"), icon=":material/touch_app:")


figures_and_controls()
lecture_text(["compare"])
references("compare")
