"""门控线性单元 GLU: σ(xW) ⊙ xV, its three conventions, the gating animation, gates, surfaces."""

import streamlit as st

from activations import gating_demo as demo
from activations.gated import GATED
from ui import gated_page as section
from ui import gated_values as gv
from ui.errors import live
from ui.i18n import t
from ui.layout import figure_and_controls, lecture_mode, prose_in_place
from ui.render import prose, references
from ui.url_keys import in_url
from ui.widgets import param_slider

lead, intro, derivative, _ = section.split_prose("glu", 1, 2, 1)
# Lecture mode: all prose at the end. Otherwise a short lead, then the animation (on a phone,
# within the first screen), then the intuition and the formulas it illustrates.
lead, intro, derivative = (prose_in_place(part) for part in (lead, intro, derivative))
st.title(t("nav.glu"))
st.caption(t("glu.subtitle"))
prose("glu", only=lead)

st.subheader(t("glu.animation_title", n=demo.N_TOKENS))
# The animation, then its controls: below it (they stack tall on a phone), beside it in lecture mode
stage, columns = figure_and_controls([1.2, 0.8, 1.4, 1, 1])
variant = columns[0].selectbox(
    t("glu.variant"),
    list(GATED),
    format_func=lambda key: GATED[key].name_en,
    **in_url("variant"),
    help=t("glu.variant_help"),
)
seed = columns[1].number_input(t("glu.seed"), 0, 9999, 0, **in_url("seed"), help=t("glu.seed_help"))
preset = columns[2].selectbox(
    t("glu.preset"),
    demo.PRESETS,
    format_func=lambda name: t(f"glu.preset_{name}"),
    **in_url("preset"),
    help=t("glu.preset_help"),
)
speed = columns[3].slider(
    t("glu.speed"),
    0.25,
    3.0,
    1.0,
    0.25,
    **in_url("speed"),
    help=t("glu.speed_help"),
)
beta = param_slider(GATED["swiglu"].params[0], container=columns[4])
tokens = demo.toy_tokens(int(seed), preset)
if preset == "custom":
    tokens = section.custom_tokens(tokens)
run = demo.toy_run(variant, tokens, seed=int(seed), **gv.gate_params(variant, beta))
with stage:
    section.animation(run, beta=beta, speed=speed)
prose("glu", only=intro)
if not lecture_mode():  # lecture mode: after the figures
    section.conventions_panel()

st.subheader(t("glu.compare_title"))


@live
def gate_comparison(run: demo.ToyRun, beta: float) -> None:
    token = st.slider(t("glu.token"), 1, len(tokens), 1, **in_url("token"))
    section.compare_gates(run, token=token, beta=beta)


gate_comparison(run, beta)

prose("glu", only=derivative)
section.surfaces(variant, beta=beta)


@live
def gate_in_precision(variant: str, beta: float) -> None:  # a dtype control; below float64, more
    section.gate_in_precision(variant, beta=beta)


gate_in_precision(variant, beta)
if lecture_mode():
    section.conventions_panel()
prose("glu", skip=(*lead, *intro, *derivative))
references("glu")
