"""Pieces of single function pages: Swish's SiLU note and reference curves, ReLU's slope
presets and zoom, GELU's approximation, and the compare page's figure, cost and table."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType

import numpy as np
import streamlit as st
import sympy as sp

from activations import REGISTRY, Configured, X, symbolic
from activations.constants import NEGATIVE_SLOPE, PRELU_INIT
from ui.cards import Card
from ui.errors import safe_callback
from ui.function_figures import (
    POINTS,
    Reference,
    difference_figure,
    function_figure,
    grid,
    overlay_curves,
)
from ui.function_page import View, code, formulas, labels
from ui.function_text import FACT_DIGITS, details, interval
from ui.i18n import current_lang, t, translate
from ui.layout import lecture_mode
from ui.numbers import number
from ui.render import cards, chart
from ui.tables import table
from ui.url_keys import in_url


def silu_note(swish: Configured) -> str:
    """At β = 1 Swish *is* SiLU; say so, and otherwise say where SiLU is."""
    return t("functions.silu_now") if swish.values["beta"] == 1 else t("functions.silu_hint")


def swish_references(view: View, swish: Configured) -> list[Reference]:
    """Swish's limits, x/2 (β → 0) and ReLU (β → ∞), as the core derives them
    (:func:`activations.symbolic.swish_limits`), and SiLU (β = 1) when β is elsewhere."""
    return list(_swish_references(view, current_lang(), swish.values["beta"] != 1))


@lru_cache(maxsize=256)  # the same for every student at a view: a class moves on one grid
def _swish_references(view: View, lang: str, with_silu: bool) -> tuple[Reference, ...]:
    references = [
        _limit_reference(translate(f"functions.swish_limit_{end}", lang), limit, view)
        for end, limit in (("zero", "beta_to_zero"), ("inf", "beta_to_infinity"))
    ]
    if with_silu:
        silu, x = REGISTRY["swish"].at(beta=1.0), view.x
        label = translate("functions.silu_reference", lang)
        references.append(Reference(label, x, silu.fn(x), x, silu.grad(x)))
    return tuple(references)


@cache
def _limit(name: str) -> tuple[Callable, Callable, tuple[float, ...]]:
    """A limit of the Swish family as NumPy f and f′, and the points where its pieces meet."""
    limit = symbolic.swish_limits()[name]
    f, grad = (sp.lambdify(X, expr, "numpy") for expr in (limit, sp.diff(limit, X)))
    pieces = limit.args if isinstance(limit, sp.Piecewise) else ()
    kinks = tuple(sorted({float(cond.rhs) for _, cond in pieces if cond is not sp.true}))
    return f, grad, kinks


def _limit_reference(label: str, name: str, view: View) -> Reference:
    """A limit drawn through its ends and kinks only (straight pieces need no more points);
    f′ breaks at a kink, one-sided values either side, instead of a vertical stroke."""
    f, grad, kinks = _limit(name)
    inside = [k for k in kinks if view.xmin < k < view.xmax]
    x = np.array([view.xmin, *inside, view.xmax])
    grad_x, grad_at = [view.xmin], [view.xmin]
    for kink in inside:  # x → k⁻, a gap, x → k⁺
        grad_x += [kink, np.nan, kink]
        grad_at += [np.nextafter(kink, -np.inf), np.nan, np.nextafter(kink, np.inf)]
    grad_x.append(view.xmax)
    grad_at.append(view.xmax)
    at = np.array(grad_at)

    def values(fun: Callable, points: np.ndarray) -> np.ndarray:  # a constant comes back bare
        return np.broadcast_to(fun(points), points.shape).astype(float)

    grads = values(grad, at)
    grads[np.isnan(at)] = np.nan
    return Reference(label, x, values(f, x), np.array(grad_x), grads)


@safe_callback
def _set_slope(value: float) -> None:
    st.session_state["negative_slope"] = value


def slope_controls() -> bool:
    """Preset buttons for the leak slope (PyTorch's default, PReLU's initial value) and the zoom
    toggle."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")  # one block
    left = right = zoom_column = row
    left.button(
        t("functions.preset_pytorch"),
        on_click=_set_slope,
        args=(NEGATIVE_SLOPE,),
        key="preset_pytorch",
    )
    right.button(
        t("functions.preset_prelu"), on_click=_set_slope, args=(PRELU_INIT,), key="preset_prelu"
    )
    return zoom_column.toggle(t("functions.zoom"), **in_url("zoom"), help=t("functions.zoom_help"))


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
    cards(
        [
            Card(t("functions.gelu_max_difference"), number(float(abs(difference[worst])), 3)),
            Card(t("functions.gelu_max_difference_at"), number(float(x[worst]), FACT_DIGITS)),
        ]
    )
    st.markdown(f"##### {t('functions.gelu_tanh_formulas')}")
    approximation = details(REGISTRY["gelu_tanh"].at(), current_lang())
    formulas(approximation)
    code(approximation)


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
        entry, found = configured.activation, symbolic.facts(configured)
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
