"""Softmax 与交叉熵: logits to probabilities, temperature, the log-sum-exp trick, the Jacobian
diag(p) − ppᵀ, the cross-entropy gradient p − y, and two classes as the sigmoid."""

import streamlit as st

from ui import softmax_page as section
from ui.errors import live
from ui.i18n import t
from ui.layout import figure_and_controls, prose_in_place
from ui.render import prose, references

intro = prose_in_place(section.intro_sections())  # lecture mode: all prose after the figures
st.title(t("nav.softmax"))
st.caption(t("softmax.caption"))
prose("softmax", only=intro)


@live
def logits_and_outputs() -> None:
    """Everything that depends on the logits and T, in one fragment so that none goes stale."""
    st.subheader(t("softmax.logits_title"))
    # the probabilities above their sliders (five stack tall on a phone), beside in lecture mode
    stage, places = figure_and_controls([1] * section.CONTROLS, gap="medium")
    logits, temperature = section.logit_controls(places)
    with stage:
        section.probabilities(logits, temperature)
    section.overflow(logits, temperature)
    section.jacobian(logits, temperature)
    section.cross_entropy(logits, temperature)


@live
def two_classes() -> None:
    section.two_classes()


logits_and_outputs()
two_classes()
prose("softmax", skip=intro)
references("softmax")
