"""SwiGLU 与 Transformer FFN: (Swish₁(xW) ⊙ xV)W₂ against max(0, xW₁ + b₁)W₂ + b₂."""

import streamlit as st

from activations.gated import GATED
from ui import swiglu_page as section
from ui.errors import live
from ui.gated_page import markdown, split_prose
from ui.i18n import current_lang, t
from ui.layout import prose_in_place
from ui.render import prose, references
from ui.widgets import param_slider

# A short lead, then the calculator (on a phone, its presets and figures on the first screen),
# then the intuition and the formulas; lecture mode: all prose at the end. Each heading shares
# the element of the prose above it.
lead, intro, _ = (prose_in_place(part) for part in split_prose("swiglu", 1, 2))
st.title(t("nav.swiglu"))
st.caption(t("swiglu.subtitle"))
prose("swiglu", only=lead, then=f"### {t('swiglu.calculator_title')}")


@live
def calculator() -> None:
    section.calculator()


@live
def runnable_feedforward() -> None:
    section.runnable_feedforward()


@live
def swish_gate() -> None:
    section.swish_gate(param_slider(GATED["swiglu"].params[0]))


calculator()
prose("swiglu", only=intro, then=f"### {t('swiglu.ffn.title')}")
runnable_feedforward()
section.feedforward_code()

st.subheader(t("swiglu.gate_title"))
swish_gate()

markdown(section.models_markdown(current_lang()))  # with Table 1's heading
section.table1()
prose("swiglu", skip=(*lead, *intro))
references("swiglu")
