"""Pieces of single function pages: Swish's SiLU note and reference curves, ReLU's slope
presets and zoom, GELU's approximation, and the compare page's figure, cost and table."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType

import numpy as np
import streamlit as st

from activations import REGISTRY, symbolic
from activations.constants import NEGATIVE_SLOPE, PRELU_INIT
from ui.errors import safe_callback
from ui.function_figures import (
    POINTS,
    Reference,
    difference_figure,
    function_figure,
    grid,
    palette_curves,
)
from ui.function_page import View, code, formulas, labels
from ui.function_text import FACT_DIGITS, facts, interval, jumps, param_text
from ui.i18n import t
from ui.layout import lecture_mode
from ui.numbers import number
from ui.render import chart
from ui.tables import table
from ui.url_keys import bound


def silu_note(beta: float) -> str:
    """At β = 1 Swish *is* SiLU; say so, and otherwise say where SiLU is."""
    return t("functions.silu_now") if beta == 1 else t("functions.silu_hint")


def swish_references(view: View, beta: float) -> list[Reference]:
    """Swish's limits, x/2 (β → 0) and ReLU (β → ∞), and SiLU (β = 1) when β is elsewhere."""
    ends = np.array([view.xmin, view.xmax])
    relu_x = np.array([view.xmin, 0.0, view.xmax])
    step_x = np.array([view.xmin, 0.0, np.nan, 0.0, view.xmax])  # no vertical stroke at 0
    references = [
        Reference(t("functions.swish_limit_zero"), ends, ends / 2, ends, np.full(2, 0.5)),
        Reference(
            t("functions.swish_limit_inf"),
            relu_x,
            np.maximum(relu_x, 0.0),
            step_x,
            np.array([0.0, 0.0, np.nan, 1.0, 1.0]),
        ),
    ]
    if beta != 1:
        swish, x = REGISTRY["swish"], view.x
        references.append(
            Reference(t("functions.silu_reference"), x, swish.fn(x, beta=1.0), x, swish.grad(x))
        )
    return references


@safe_callback
def _set_slope(value: float) -> None:
    st.session_state["negative_slope"] = value


def slope_controls() -> bool:
    """Preset buttons for the leak slope (PyTorch's default, PReLU's initial value) and the zoom
    toggle."""
    left, right, zoom_column = st.columns([1, 1, 1.4], vertical_alignment="center")
    left.button(
        t("functions.preset_pytorch"),
        on_click=_set_slope,
        args=(NEGATIVE_SLOPE,),
        key="preset_pytorch",
    )
    right.button(
        t("functions.preset_prelu"), on_click=_set_slope, args=(PRELU_INIT,), key="preset_prelu"
    )
    return zoom_column.toggle(
        t("functions.zoom"), key=bound("zoom"), bind="query-params", help=t("functions.zoom_help")
    )


def negative_zoom(view: View, slope: float) -> dict[str, tuple[float, float]]:
    """Axis ranges that make a slope-``slope`` left branch fill the panels (0.01 included)."""
    slope = max(slope, 0.002)
    left = min(view.xmin, -1.0)
    return {
        "x_span": (left, -0.15 * left),
        "value_range": (1.3 * slope * left, -0.5 * slope * left),
        "grad_range": (-0.6 * slope, 2.5 * slope),
    }


def gelu_approximation(view: View) -> None:
    """Exact GELU minus its tanh approximation, magnified, with the formulas of the latter."""
    x = view.x
    difference = REGISTRY["gelu"].fn(x) - REGISTRY["gelu_tanh"].fn(x)
    st.subheader(t("functions.gelu_difference"), anchor="gelu_tanh")
    fig = difference_figure(
        x, difference, name=t("functions.gelu_difference_axis"), lecture=lecture_mode()
    )
    chart(
        fig,
        key="chart_gelu_difference",
        filename="gelu_minus_gelu_tanh",
        title=t("functions.gelu_difference"),
    )
    worst = int(np.argmax(np.abs(difference)))
    left, right = st.columns(2)
    left.metric(t("functions.gelu_max_difference"), number(float(abs(difference[worst])), 3))
    right.metric(t("functions.gelu_max_difference_at"), number(float(x[worst]), FACT_DIGITS))
    st.markdown(f"##### {t('functions.gelu_tanh_formulas')}")
    formulas("gelu_tanh", {})
    code("gelu_tanh", {})


COMPARE_POINTS = 10_000  # samples over all curves: ~150 KB of payload (float32, base64)


def compare_figure(shown: Sequence[tuple[str, dict[str, float]]], view: View) -> None:
    """Every chosen function in one figure: colour and dash per function, f top, f′ below.

    Up to ten functions get the function pages' 1,001 samples each; more share
    :data:`COMPARE_POINTS` (all fifteen: 667 each, still smooth at a desk's width)."""
    points = min(POINTS, COMPARE_POINTS // max(len(shown), 1) // 2 * 2 + 1)  # odd: x = 0 is in
    x = grid(view.xmin, view.xmax, points)
    curves = palette_curves(
        [(REGISTRY[key].name_en, REGISTRY[key].name_en + "′") for key, _ in shown],
        [REGISTRY[key].fn(x, **params) for key, params in shown],
        [REGISTRY[key].grad(x, **params) for key, params in shown],
        [jumps(key, params) for key, params in shown],
    )
    fig = function_figure(x, curves, labels=labels(), lecture=lecture_mode())
    chart(fig, key="chart_compare", filename="compare", title=t("nav.compare"))


COST_POINTS = 100_000
COST_ROUNDS = 7
_COST_LOCK = threading.Lock()


def relative_costs() -> Mapping[str, tuple[float, float]]:
    """Seconds for f and f′ of every registry function relative to ReLU's, measured once per
    server process (the first visit that asks) and then shown unchanged to every visit.

    What it measures is this app's NumPy kernels (accuracy first, float64) on this machine:
    not PyTorch, not a GPU. All functions are timed in the same rounds, one after the other,
    best of :data:`COST_ROUNDS`, so a burst of load slows them all alike instead of one
    function measured alone at a busy moment (GELU read 69× ReLU on one visit, 87× on another).
    """
    with _COST_LOCK:  # two sessions arriving together measure once, not twice at half speed
        return _measured_costs()


@cache
def _measured_costs() -> Mapping[str, tuple[float, float]]:
    x = np.random.default_rng(0).normal(0.0, 3.0, COST_POINTS)
    best: dict[tuple[str, int], float] = {}
    for _ in range(COST_ROUNDS):
        for key, entry in REGISTRY.items():
            for kind, kernel in enumerate((entry.fn, entry.grad)):
                start = time.perf_counter()
                kernel(x)
                elapsed = time.perf_counter() - start
                best[key, kind] = min(elapsed, best.get((key, kind), math.inf))
    base = best["relu", 0], best["relu", 1]
    return MappingProxyType(
        {key: (best[key, 0] / base[0], best[key, 1] / base[1]) for key in REGISTRY}
    )


def properties_table(shown: Sequence[tuple[str, dict[str, float]]]) -> None:
    """Range, shape and gradient facts per function, and compute cost relative to ReLU."""
    yes, no = "✓", "✗"
    costs = relative_costs()
    rows = []
    for key, params in shown:
        entry, found = REGISTRY[key], facts(key, params)
        cost_f, cost_grad = costs[key]
        rows.append(
            {
                t("functions.col_name"): entry.name_en
                + (f" ({param_text(params)})" if params else ""),
                t("functions.fact_range"): interval(
                    found["range_low"],
                    found["range_high"],
                    found["range_low_open"],
                    found["range_high_open"],
                ),
                t("functions.col_monotonic"): yes if monotonic(key, params) else no,
                t("functions.col_smooth"): yes if entry.smooth else no,
                t("functions.col_zero_centred"): yes if entry.zero_centred else no,
                t("functions.fact_grad_max"): number(found["grad_max"], FACT_DIGITS),
                t("functions.fact_grad_m5"): number(found["grad_at_minus5"], FACT_DIGITS),
                t("functions.fact_grad_p5"): number(found["grad_at_plus5"], FACT_DIGITS),
                t("functions.col_cost_f"): f"{cost_f:.1f}×",
                t("functions.col_cost_grad"): f"{cost_grad:.1f}×",
            }
        )
    st.subheader(t("functions.properties"))
    table(rows)
    st.caption(t("functions.cost_note", points=f"{COST_POINTS:,}", rounds=COST_ROUNDS))


def monotonic(key: str, params: dict[str, float]) -> bool:
    """Whether f′ ≥ 0 everywhere at these parameters (the symbolic layer's fact)."""
    return symbolic.facts(key, **params).monotonic
