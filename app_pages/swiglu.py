"""SwiGLU 与 Transformer FFN: (Swish₁(xW) ⊙ xV)W₂ against max(0, xW₁ + b₁)W₂ + b₂."""

import streamlit as st

from activations import gating_demo as demo
from activations.gated import GATED
from ui import gated_page as section
from ui.errors import live
from ui.i18n import t
from ui.layout import figure_and_controls, prose_in_place
from ui.render import prose, references
from ui.url_keys import in_url
from ui.widgets import param_slider

# A short lead, then the calculator (on a phone, its presets and figures on the first screen),
# then the intuition and the formulas; lecture mode: all prose at the end.
lead, intro, _ = (prose_in_place(part) for part in section.split_prose("swiglu", 1, 2))
st.title(t("nav.swiglu"))
st.caption(t("swiglu.subtitle"))
prose("swiglu", only=lead)


@live
def calculator() -> None:
    section.model_presets()
    # The figures right below the presets, then the three inputs (beside them in lecture mode)
    stage, places = figure_and_controls([1, 1, 1])
    budget = section.calculator_inputs(places)
    with stage:
        section.ffn_figures(budget)
    section.width_rule(budget)
    section.budget_table(budget)
    st.caption(t("swiglu.ratio", ratio=f"{budget.ratio:.4f}"))
    section.feedforward_check(budget)


@live
def runnable_feedforward() -> None:
    row = st.container(horizontal=True, gap="medium")  # one block, not a column per control
    seed = row.number_input(
        t("swiglu.ffn.seed"),
        0,
        9999,
        0,
        **in_url("seed"),
        help=t("swiglu.ffn.seed_help"),
    )
    token = row.slider(t("swiglu.ffn.token"), 1, demo.N_TOKENS, 1, **in_url("token"))
    section.runnable_feedforward(int(seed), int(token))


@live
def swish_gate() -> None:
    section.swish_gate(param_slider(GATED["swiglu"].params[0]))


st.subheader(t("swiglu.calculator_title"))
calculator()
prose("swiglu", only=intro)

st.subheader(t("swiglu.ffn.title"))
runnable_feedforward()
section.feedforward_code()

st.subheader(t("swiglu.gate_title"))
swish_gate()

st.subheader(t("swiglu.models_title"))
section.model_table()

st.subheader(t("swiglu.table1_title"))
section.table1()
prose("swiglu", skip=(*lead, *intro))
references("swiglu")
