"""更多: GELU (exact, with its tanh approximation and their difference), ELU, Softplus, Mish."""

import streamlit as st

from activations import REGISTRY
from ui.errors import live
from ui.function_extras import gelu_approximation
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.i18n import t
from ui.render import references
from ui.url_keys import in_url

CHOICES = ("gelu", "elu", "softplus", "mish")

header("more")
key = st.radio(  # not a segmented control: a bound one can be emptied by `?fn=`
    t("functions.fn"),
    CHOICES,
    format_func=lambda choice: REGISTRY[choice].name_en,
    horizontal=True,
    **in_url("fn"),
)


@live
def figures_and_controls(key: str) -> None:
    view, shown = controls([key])
    panel(shown[0], view)
    if key == "gelu":
        gelu_approximation(view)
        shown.append(REGISTRY["gelu_tanh"].at())
    downloads("more", shown, view)


figures_and_controls(key)
lecture_text([key])
references(key)
