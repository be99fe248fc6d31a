"""梯度消失: the gradient norm per layer through a deep chain, per activation and initialisation."""

import numpy as np
import streamlit as st

from activations import REGISTRY
from experiments.gradients import derivative_bound, gradient_norms, shrink_factor
from ui.content import placeholders, raw
from ui.experiment_figures import gradient_norm_figure
from ui.i18n import current_lang, t
from ui.layout import lecture_mode, prose_in_place
from ui.numbers import number
from ui.prose_values import prose_values_for
from ui.render import chart, prose, references
from ui.tables import table
from ui.url_keys import bound

URL = "query-params"
DEFAULT_ACTS = ["sigmoid", "tanh", "relu", "leaky_relu", "gelu", "swish"]
INITS = {"xavier": "Xavier", "he": "He"}


@st.cache_data(show_spinner=False, max_entries=512)
def signal_norms(key: str, depth: int, width: int, init: str, seed: int) -> np.ndarray:
    return gradient_norms(key, depth=depth, width=width, init=init, seed=seed).signal


def text(name: str, **values: object) -> str:
    return t(f"vanishing.{name}", **values)


st.title(t("nav.vanishing"))
st.caption(text("caption"))
numbers = prose_values_for(placeholders(raw("vanishing", current_lang())))
prose("vanishing", numbers, only=(intro := prose_in_place({""})))  # lecture mode: all at the end

row = st.columns(4)
depth = row[0].slider(
    text("depth"), 1, 50, 20, help=text("depth_help"), key=bound("depth"), bind=URL
)
width = row[1].slider(text("width"), 8, 128, 64, 8, key=bound("width"), bind=URL)
init = row[2].radio(
    text("init"),
    list(INITS),
    format_func=INITS.get,
    horizontal=True,
    help=text("init_help"),
    key=bound("init"),
    bind=URL,
)
seed = row[3].number_input(
    text("seed"), 0, 9999, 0, help=text("seed_help"), key=bound("seed"), bind=URL
)
chosen = st.multiselect(
    text("acts"),
    list(REGISTRY),
    DEFAULT_ACTS,
    format_func=lambda key: REGISTRY[key].name_en,
    key=bound("acts"),
    bind=URL,
)

keys = [key for key in REGISTRY if key in chosen]  # registry order keeps the colours stable
if not keys:
    st.info(text("empty"))
else:
    norms = {REGISTRY[k].name_en: signal_norms(k, depth, width, init, int(seed)) for k in keys}
    max_slope = float(REGISTRY["sigmoid"].grad(0.0))  # σ′(0) = 1/4, its maximum
    bound = None
    if "sigmoid" in keys:
        bound = derivative_bound(max_slope, depth, norms[REGISTRY["sigmoid"].name_en][-1])
    labels = {"x": text("axis_x"), "y": text("axis_y"), "bound": text("bound", max=max_slope)}
    figure = gradient_norm_figure(norms, bound, labels=labels, lecture=lecture_mode())
    chart(figure, key="vanishing_chart", filename=text("filename"))
    factors = [shrink_factor(values) for values in norms.values()]
    rows = {
        text("table_activation"): list(norms),
        text("table_ratio", depth=depth): [number(r, 3) for r, _ in factors],
        text("table_factor"): [number(f, 3) for _, f in factors],
    }
    table(rows)

prose("vanishing", numbers, skip=intro)
references("vanishing")
