"""The compare page's body: every chosen function in one figure, and a table of their
properties with the cost of each kernel relative to ReLU's, measured once per process."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType

import numpy as np
import streamlit as st

from activations import REGISTRY, Configured
from activations.facts import facts
from ui.function_page import labels
from ui.i18n import t
from ui.layout import lecture_mode
from ui.render import chart
from ui.tables import table
from views.function_figures import (
    POINTS,
    View,
    function_figure,
    grid,
    overlay_curves,
)
from views.function_text import FACT_DIGITS, interval
from views.numbers import number

COMPARE_POINTS = 10_000  # samples over all curves: ~150 KB of payload (float32, base64)


def compare_figure(shown: Sequence[Configured], view: View) -> None:
    """Every chosen function in one figure: colour and dash per function, f top, f′ below.

    Up to ten functions get the function pages' 1,001 samples each; more share
    :data:`COMPARE_POINTS` (all fifteen: 667 each, still smooth at a desk's width)."""
    points = min(POINTS, COMPARE_POINTS // max(len(shown), 1) // 2 * 2 + 1)  # odd: x = 0 is in
    x = grid(view.xmin, view.xmax, points)
    curves = overlay_curves(x, shown)
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


def properties_table(shown: Sequence[Configured]) -> None:
    """Range, shape and gradient facts per function, and compute cost relative to ReLU."""
    yes, no = "✓", "✗"
    costs = relative_costs()
    rows = []
    for configured in shown:
        entry, found = configured.activation, facts(configured)
        cost_f, cost_grad = costs[entry.key]
        rows.append(
            {
                t("functions.col_name"): configured.label,
                t("functions.fact_range"): interval(found),
                t("functions.col_monotonic"): yes if found.monotonic else no,
                t("functions.col_smooth"): yes if entry.smooth else no,
                t("functions.col_zero_centred"): yes if entry.zero_centred else no,
                t("functions.fact_grad_max"): number(found.grad_max, FACT_DIGITS),
                t("functions.fact_grad_m5"): number(found.grad_at_minus5, FACT_DIGITS),
                t("functions.fact_grad_p5"): number(found.grad_at_plus5, FACT_DIGITS),
                t("functions.col_cost_f"): f"{cost_f:.1f}×",
                t("functions.col_cost_grad"): f"{cost_grad:.1f}×",
            }
        )
    st.subheader(t("functions.properties"))
    table(rows)
    st.caption(t("functions.cost_note", points=f"{COST_POINTS:,}", rounds=COST_ROUNDS))
