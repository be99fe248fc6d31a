"""The Streamlit side of the 硬件友好与自归一化 page: a hard function against the smooth one
it stands in for, and SELU's self-normalisation through a deep network.

Numbers come from the core (:func:`activations.landmarks.max_difference`,
:func:`experiments.self_normalising.layer_moments`), figures from pure builders.
"""

from __future__ import annotations

import streamlit as st

from activations import REGISTRY
from activations.landmarks import max_difference
from activations.registry import Configured
from experiments.self_normalising import BATCH, WIDTH, LayerMoments, layer_moments
from ui.function_page import labels
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.render import cards, chart
from ui.tables import table
from views.cards import Card
from views.function_figures import View, function_figure, overlay_curves
from views.function_text import FACT_DIGITS
from views.hardware_figures import moments_figure
from views.numbers import number
from views.strings import function_name
from views.url_keys import in_url

CHOICES = ("relu6", "hardsigmoid", "hardswish", "selu", "squared_relu")
DEFAULT = "hardswish"
# The smooth function each hard one replaces (MobileNetV3: h-swish for swish, h-sigmoid for σ).
SMOOTH_PARTNER = {"hardsigmoid": "sigmoid", "hardswish": "swish"}
# SELU against the two a deep plain network would otherwise use, at the same initialisation.
DEEP_KEYS = ("selu", "relu", "tanh")
DEPTH = (10, 100, 50)  # slider: lowest, highest, default


def text(name: str, **values: object) -> str:
    return t(f"hardware.{name}", **values)


def hard_versus_smooth(hard: Configured, smooth: Configured, view: View) -> None:
    """The hard function and its smooth original, f and f′ overlaid, with their largest gap
    over every x (not only the plotted range), computed by the core."""
    lang = current_lang()
    heading = text(
        "versus", hard=function_name(hard.key, lang), smooth=function_name(smooth.key, lang)
    )
    st.subheader(heading, anchor="versus")
    x, shown = view.x, (hard, smooth)
    curves = overlay_curves(x, shown)
    fig = function_figure(x, curves, labels=labels(), lecture=lecture_mode())
    chart(fig, key="chart_versus", filename=f"{hard.key}_vs_{smooth.key}", title=heading)
    gap, at = max_difference(hard.key, smooth.key)
    cards(  # one element (views.cards): as metrics in columns they were five
        [
            Card(text("max_gap"), number(gap, 4), help=text("max_gap_help")),
            Card(text("max_gap_at"), f"±{number(at, FACT_DIGITS)}"),
        ],
        explained=t("functions.facts_explained"),
    )


def self_normalisation_chains(selu: Configured | None = None) -> dict[str, LayerMoments]:
    """SELU (at ``selu``'s λ and α, its defaults if None), ReLU and tanh through the deep chain."""
    selu = selu or REGISTRY["selu"].at()
    return {
        key: layer_moments(key, DEPTH[1], **(selu.values if key == "selu" else {}))
        for key in DEEP_KEYS
    }


def self_normalisation(selu: Configured) -> None:
    """SELU (at the page's λ and α), ReLU and tanh through the same deep LeCun-normal chain:
    the mean and variance of every layer's output, and where they end up."""
    st.subheader(text("deep_heading"), anchor="self-normalisation")
    depth = st.slider(text("depth"), *DEPTH, step=5, **in_url("depth"), help=text("depth_help"))
    found = self_normalisation_chains(selu)
    moments = {
        REGISTRY[key].name_en: (m.mean[: depth + 1], m.variance[: depth + 1])
        for key, m in found.items()
    }
    words = {name: text(f"axis_{name}") for name in ("mean", "variance", "x", "target")}
    fig = moments_figure(moments, labels=words, lecture=lecture_mode())
    title = text("deep_title", depth=depth)
    chart(fig, key="chart_moments", filename=f"selu_moments_{depth}", title=title)
    table(
        [
            {
                text("col_function"): REGISTRY[key].name_en,
                text("col_mean", depth=depth): number(float(found[key].mean[depth]), 3),
                text("col_variance", depth=depth): number(float(found[key].variance[depth]), 3),
            }
            for key in DEEP_KEYS
        ]
    )
    st.caption(text("deep_note", width=WIDTH, batch=BATCH))
