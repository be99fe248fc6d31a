"""SwiGLU 与 Transformer FFN: (Swish₁(xW) ⊙ xV)W₂ against max(0, xW₁ + b₁)W₂ + b₂."""

import streamlit as st

from activations.gated import GATED
from ui import gated_page as section
from ui import gated_values as gv
from ui.i18n import t
from ui.layout import prose_in_place
from ui.render import prose, references
from ui.url_keys import bound
from ui.widgets import param_slider

values = section.values("swiglu")
intro = prose_in_place(section.split_prose("swiglu", 3)[0])  # lecture mode: all at the end
st.title(t("nav.swiglu"))
st.caption(t("swiglu.subtitle"))
prose("swiglu", values, only=intro)

st.subheader(t("swiglu.calculator_title"))
st.pills(
    t("swiglu.presets"),
    list(gv.model_presets()),
    key="model_preset",
    on_change=section.apply_model_preset,
    help=t("swiglu.presets_help"),
)
left, right, result = st.columns(3)
d_model = left.number_input(
    t("swiglu.d_model"),
    8,
    65536,
    4096,
    step=8,
    key=bound("d_model"),
    bind="query-params",
    help=t("swiglu.d_model_help"),
)
multiple_of = right.number_input(
    t("swiglu.multiple_of"),
    1,
    4096,
    256,
    key=bound("multiple_of"),
    bind="query-params",
    help=t("swiglu.multiple_of_help"),
)
budget = gv.ffn_budget(int(d_model), int(multiple_of))
result.metric(t("swiglu.gated_d_ff"), str(budget.d_ff_gated))
section.budget_table(budget)
st.caption(t("swiglu.ratio", ratio=f"{budget.ratio:.4f}"))
section.ffn_figures(budget)

st.subheader(t("swiglu.gate_title"))
beta = param_slider(GATED["swiglu"].params[0])
section.swish_gate(beta)

st.subheader(t("swiglu.models_title"))
section.model_table()

st.subheader(t("swiglu.table1_title"))
section.table1()
prose("swiglu", values, skip=intro)
references("swiglu")
