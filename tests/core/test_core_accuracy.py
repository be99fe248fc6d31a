"""The accuracy bar: every f and f′ within 4 ulp, condition-aware, of a 50-digit reference.

Error unit at x (bench.core): u = max(ε·(|y| + |x·y′|), 2⁻¹⁰⁷⁴), ε = 2⁻⁵², y exact. The
reference is mpmath, written from the definitions in forms that do not cancel; it is checked
here against the registry's own SymPy expressions too, so all three (SymPy, mpmath, NumPy)
describe the same functions.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from activations import REGISTRY, X
from activations.symbolic import derivative, plain
from harness.accuracy import accuracy_grid, condition_errors, param_sets, reference

BAR = 4.0

CASES = [
    pytest.param(key, params, id=f"{key}-{params}")
    for key in REGISTRY
    for params in param_sets(key)
]


@pytest.mark.parametrize(("key", "params"), CASES)
def test_within_four_ulp_condition_aware(key: str, params: dict[str, float]) -> None:
    grid = accuracy_grid(key, size=120, **params)
    assert grid.min() <= -1e300 and grid.max() >= 1e300 and 0.0 in grid
    err_f, err_df, worst_x = condition_errors(key, grid, **params)
    assert err_f <= BAR, f"{key} f: {err_f:.2f} ulp"
    assert err_df <= BAR, f"{key} f′: {err_df:.2f} ulp at x = {worst_x!r}"


@pytest.mark.parametrize(
    ("key", "params", "low", "high"),
    [
        ("gelu", {}, -4.0, 0.0),  # erfc's own 6-ulp error near z = 0.9 sits here
        ("gelu_tanh", {}, -3.5, 0.0),
        ("swish", {"beta": 1.0}, -3.5, 0.0),  # σ(t)(1 + tσ(−t)) cancels around t = −2.4
        ("swish", {"beta": 7.3}, -0.5, 0.0),
        ("mish", {}, -3.5, 0.0),
        ("elu", {"alpha": 1.0}, -746.0, -690.0),  # subnormal e^x
        ("swish", {"beta": 1.0}, -746.0, -690.0),
        ("sigmoid", {}, -746.0, -705.0),  # expit returns 0 below −709.78
    ],
)
def test_within_four_ulp_in_the_hard_windows(
    key: str, params: dict[str, float], low: float, high: float
) -> None:
    grid = np.random.default_rng(1).uniform(low, high, 150)
    err_f, err_df, worst_x = condition_errors(key, grid, **params)
    assert max(err_f, err_df) <= BAR, f"{key}: {err_f:.2f}, {err_df:.2f} ulp (x = {worst_x!r})"


# --- the traps of FACTS.md, one by one ------------------------------------------------------


def test_sigmoid_does_not_vanish_before_the_subnormals() -> None:
    assert REGISTRY["sigmoid"].fn(-710.0) == pytest.approx(math.exp(-710.0), rel=1e-15)
    assert REGISTRY["sigmoid"].fn(-745.0) > 0


def test_sigmoid_slope_survives_saturation() -> None:
    # s·(1 − s) is exactly 0 at x = 37; σ(x)σ(−x) = 8.53e−17.
    assert REGISTRY["sigmoid"].grad(37.0) == pytest.approx(8.533047625744066e-17, rel=1e-15)


def test_tanh_slope_survives_saturation() -> None:
    assert REGISTRY["tanh"].grad(20.0) == pytest.approx(1.6993417021166355e-17, rel=1e-15)


def test_swish_slope_does_not_cancel_at_1e17() -> None:
    assert REGISTRY["swish"].grad(1e17) == 1.0


def test_gelu_tail_does_not_cancel() -> None:
    assert REGISTRY["gelu"].fn(-10.0) == pytest.approx(-7.619853024160526e-23, rel=1e-13)


def test_softplus_neither_overflows_nor_underflows() -> None:
    assert REGISTRY["softplus"].fn(1000.0) == 1000.0
    assert REGISTRY["softplus"].fn(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-15)


def test_elu_ignores_the_discarded_branch() -> None:
    with np.errstate(over="raise"):
        assert REGISTRY["elu"].fn(1000.0) == 1000.0


# --- the reference itself ---------------------------------------------------------------------


@pytest.mark.parametrize(("key", "params"), CASES)
def test_reference_agrees_with_the_registry_sympy(key: str, params: dict[str, float]) -> None:
    # The general form at 40-digit parameters: expr(**params) multiplies SELU's λ·α as two
    # 15-digit Floats, 3e−17 off the float64 values the reference takes exactly.
    symbols = {p.symbol(): sp.Float(params[p.name], 40) for p in REGISTRY[key].params}
    expr = REGISTRY[key].expr().subs(symbols)
    slope = plain(derivative(key)).subs(symbols)
    for x in (-3.7, -0.61, 0.25, 1.9, 6.1):
        exact = reference(key, x, **params)
        with mpmath.workdps(40):
            f = sp.N(expr.subs(X, sp.Float(x, 40)), 40)
            df = sp.N(slope.subs(X, sp.Float(x, 40)), 40)
            assert abs(mpmath.mpf(str(f)) - exact.f) <= 1e-30 * (1 + abs(exact.f))
            assert abs(mpmath.mpf(str(df)) - exact.df) <= 1e-30 * (1 + abs(exact.df))


def test_the_error_unit_flags_a_one_percent_error() -> None:
    # The metric is not vacuous: a formula off by 1e-16 relative at x = 1 is about 0.4 units,
    # one off by 1e-14 is far over the bar.
    exact = reference("sigmoid", 1.0)
    near = float(exact.f) * (1 + 1e-16)
    far = float(exact.f) * (1 + 1e-14)
    from harness.accuracy import error_units

    assert error_units(near, exact.f, exact.df, 1.0) < 1
    assert error_units(far, exact.f, exact.df, 1.0) > BAR
