"""硬件友好与自归一化: ReLU6, Hard Sigmoid and Hard Swish (against the smooth functions they
stand in for), SELU (with a deep network's per-layer mean and variance) and Squared ReLU."""

import streamlit as st

from activations import REGISTRY
from ui.errors import live
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.hardware_page import (
    CHOICES,
    DEFAULT,
    SMOOTH_PARTNER,
    hard_versus_smooth,
    self_normalisation,
)
from ui.i18n import t
from ui.render import references
from views.url_keys import in_url

header("hardware")


@live
def figures_and_controls() -> None:
    """The function's choice and everything it changes, the prose and references included:
    choosing another function reruns this fragment, not the page with its sidebar."""
    key = st.radio(  # not a segmented control: a bound one can be emptied by `?fn=`
        t("functions.fn"),
        CHOICES,
        index=CHOICES.index(DEFAULT),
        format_func=lambda choice: REGISTRY[choice].name_en,
        horizontal=True,
        **in_url("fn"),
    )
    stage = st.container()  # the figure above its controls: SELU's stack tall on a phone
    view, shown = controls([key])
    with stage:
        panel(shown[0], view, text=False)
    panel(shown[0])
    if key in SMOOTH_PARTNER:
        smooth = REGISTRY[SMOOTH_PARTNER[key]].at()
        hard_versus_smooth(shown[0], smooth, view)
        shown.append(smooth)
    if key == "selu":
        self_normalisation(shown[0])
    downloads("hardware", shown, view)
    lecture_text(["hardware"])
    references("hardware", key)


figures_and_controls()
