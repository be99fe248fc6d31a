"""Sigmoid 与 Tanh: the logistic function and its zero-centred sibling tanh(x) = 2σ(2x) − 1.

Side by side on the same axes, so σ′ ≤ 1/4 against tanh′ ≤ 1 is visible at a glance, in
lecture mode too: the caption promises the two in one view, and lecture mode sizes each
figure to the screen's height (``ui.layout.LECTURE_CSS``).
"""

import streamlit as st

from activations import REGISTRY
from ui.errors import live
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.layout import lecture_mode
from ui.render import references

KEYS = ("sigmoid", "tanh")
SHARED_VALUE_RANGE, SHARED_GRAD_RANGE = (-1.1, 1.1), (-0.05, 1.05)

header("sigmoid")


def places() -> list:
    """Two columns side by side (below 640 px Streamlit stacks them)."""
    return st.columns(2, gap="medium" if lecture_mode() else "large")


@live
def figures_and_controls() -> None:
    view, shown = controls(KEYS)
    for column, activation in zip(places(), shown, strict=True):
        with column:
            panel(
                activation,
                view,
                compact=True,
                text=False,
                value_range=SHARED_VALUE_RANGE,
                grad_range=SHARED_GRAD_RANGE,
            )
    downloads("sigmoid", shown, view)


figures_and_controls()
for column, key in zip(places(), KEYS, strict=True):  # no parameters: the probe leaves these
    with column:
        panel(REGISTRY[key].at(), compact=True)
lecture_text(KEYS)
references(*KEYS)
