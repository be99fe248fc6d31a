r"""The accuracy bar's measuring stick, shared by ``bench.core`` (the table in ``bench/REPORT.md``)
and the core's tests (``tests/core/test_core_accuracy.py``): an exact reference for f and f′,
the condition-aware error of a computed value in units of

.. math::
    u(x) = \max\bigl(\varepsilon\,(|y| + |x\,y'|),\; 2^{-1074}\bigr),
    \qquad \varepsilon = 2^{-52},

and the grid of inputs (the traps where textbook formulas break, sweeps and randoms).

The exact reference (:data:`REFERENCE`) is written directly from the definitions in mpmath at
50 digits, in forms that do not cancel (1 − σ(t) as σ(−t), 1 − tanh² as 1/cosh²); mpmath's
unbounded exponent range represents e^{±10³⁰⁰} exactly, so no tail needs special care except
erfc of huge arguments (asymptotic series below −10⁶).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np

from activations import REGISTRY
from activations.constants import GELU_TANH_CUBIC

EPS = 2.0**-52
TINY = 2.0**-1074
DPS = 50

# --- exact reference in mpmath ------------------------------------------------------------------

mpf = mpmath.mpf
Pair = tuple[mpmath.mpf, mpmath.mpf]


def _logistic(t: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-t))


def _normal_cdf_and_density(x: mpmath.mpf) -> Pair:
    density = mpmath.exp(-(x**2) / 2) / mpmath.sqrt(2 * mpmath.pi)
    if x < -(10**6):  # mpmath.erfc overflows on huge arguments: Φ(x) = φ(x)/|x|·(1 − 1/x² …)
        series = 1 - 1 / x**2 + 3 / x**4 - 15 / x**6 + 105 / x**8
        return density / -x * series, density
    if x > 10**6:
        return 1 - _normal_cdf_and_density(-x)[0], density
    return mpmath.erfc(-x / mpmath.sqrt(2)) / 2, density


def _ref_sigmoid(x: mpmath.mpf) -> Pair:
    return _logistic(x), _logistic(x) * _logistic(-x)


def _ref_tanh(x: mpmath.mpf) -> Pair:
    return mpmath.tanh(x), 1 / mpmath.cosh(x) ** 2


def _ref_relu(x: mpmath.mpf) -> Pair:
    return (x, mpf(1)) if x > 0 else (mpf(0), mpf(0))


def _ref_leaky_relu(x: mpmath.mpf, negative_slope: float) -> Pair:
    a = mpf(negative_slope)
    return (x, mpf(1)) if x >= 0 else (a * x, a)


def _ref_elu(x: mpmath.mpf, alpha: float) -> Pair:
    a = mpf(alpha)
    return (x, mpf(1)) if x > 0 else (a * mpmath.expm1(x), a * mpmath.exp(x))


def _ref_gelu(x: mpmath.mpf) -> Pair:
    cdf, density = _normal_cdf_and_density(x)
    return x * cdf, cdf + x * density


def _ref_gelu_tanh(x: mpmath.mpf) -> Pair:
    c = mpf(repr(GELU_TANH_CUBIC))  # made here, at the working precision (module level: 15 digits)
    k = 2 * mpmath.sqrt(2 / mpmath.pi)  # 2u = k(x + c x³): ½(1 + tanh u) = σ(2u)
    two_u = k * (x + c * x**3)
    s, s_minus = _logistic(two_u), _logistic(-two_u)
    return x * s, s + x * s * s_minus * k * (1 + 3 * c * x**2)


def _ref_swish(x: mpmath.mpf, beta: float) -> Pair:
    t = mpf(beta) * x
    s = _logistic(t)
    return x * s, s * (1 + t * _logistic(-t))


def _ref_softplus(x: mpmath.mpf) -> Pair:
    return mpmath.log1p(mpmath.exp(x)), _logistic(x)


def _ref_mish(x: mpmath.mpf) -> Pair:
    sp = mpmath.log1p(mpmath.exp(x))
    t = mpmath.tanh(sp)
    return x * t, t + x * _logistic(x) / mpmath.cosh(sp) ** 2


def _ref_relu6(x: mpmath.mpf) -> Pair:
    if x <= 0:
        return mpf(0), mpf(0)
    return (x, mpf(1)) if x < 6 else (mpf(6), mpf(0))


def _ref_hardsigmoid(x: mpmath.mpf) -> Pair:
    if x <= -3:
        return mpf(0), mpf(0)
    return ((x + 3) / 6, 1 / mpf(6)) if x < 3 else (mpf(1), mpf(0))


def _ref_hardswish(x: mpmath.mpf) -> Pair:
    if x < -3:
        return mpf(0), mpf(0)
    return (x * (x + 3) / 6, (2 * x + 3) / 6) if x <= 3 else (x, mpf(1))


def _ref_selu(x: mpmath.mpf, scale: float, selu_alpha: float) -> Pair:
    lam, a = mpf(scale), mpf(selu_alpha)
    return (lam * x, lam) if x > 0 else (lam * a * mpmath.expm1(x), lam * a * mpmath.exp(x))


def _ref_squared_relu(x: mpmath.mpf) -> Pair:
    return (x**2, 2 * x) if x > 0 else (mpf(0), mpf(0))


REFERENCE: dict[str, Callable[..., Pair]] = {
    "sigmoid": _ref_sigmoid,
    "tanh": _ref_tanh,
    "relu": _ref_relu,
    "leaky_relu": _ref_leaky_relu,
    "elu": _ref_elu,
    "gelu": _ref_gelu,
    "gelu_tanh": _ref_gelu_tanh,
    "swish": _ref_swish,
    "softplus": _ref_softplus,
    "mish": _ref_mish,
    "relu6": _ref_relu6,
    "hardsigmoid": _ref_hardsigmoid,
    "hardswish": _ref_hardswish,
    "selu": _ref_selu,
    "squared_relu": _ref_squared_relu,
}
"""key -> (x: mpf, **params) -> (f(x), f′(x)), exact to ~50 digits."""


@dataclass(frozen=True)
class Exact:
    """f, f′ and f″ at one point (f″ only scales the tolerance of f′)."""

    f: mpmath.mpf
    df: mpmath.mpf
    d2f: mpmath.mpf


def reference(key: str, x: float, **params: float) -> Exact:
    """Exact f, f′, f″ at the float ``x`` (f″ by a central difference of f′ at 50 digits).

    The step is |x|·10⁻²⁰, so it never straddles a kink unless x = 0, where the term x·f″
    of the tolerance is 0 anyway.
    """
    with mpmath.workdps(DPS):
        point = mpf(x)
        f, df = REFERENCE[key](point, **params)
        if x == 0:
            return Exact(f, df, mpf(0))
        h = abs(point) * mpf(10) ** -20
        d2f = (REFERENCE[key](point + h, **params)[1] - REFERENCE[key](point - h, **params)[1]) / (
            2 * h
        )
        return Exact(f, df, d2f)


# Round-to-nearest gives ±inf from half an ulp above the largest float64 (2¹⁰²⁴ − 2⁹⁷⁰).
_OVERFLOW = mpmath.mpf(2) ** 1024 - mpmath.mpf(2) ** 970


def error_units(computed: float, exact: mpmath.mpf, slope: mpmath.mpf, x: float) -> float:
    """|computed − exact| in units of max(ε(|exact| + |x·slope|), 2⁻¹⁰⁷⁴)."""
    if math.isnan(computed):
        return math.inf
    with mpmath.workdps(DPS):
        if math.isinf(computed) and abs(exact) >= _OVERFLOW and (computed > 0) == (exact > 0):
            return 0.0  # past the largest float64 the correctly rounded result is ±inf
        scale = max(EPS * (abs(exact) + abs(mpf(x) * slope)), mpf(TINY))
        return float(abs(mpf(computed) - exact) / scale)


def condition_errors(key: str, xs: Sequence[float], **params: float) -> tuple[float, float, float]:
    """Max condition-aware error of f and of f′ over finite ``xs``, and the worst x (for f′).

    Returns:
        (max error of f, max error of f′, the x where f′ is worst) in units as above.
    """
    activation = REGISTRY[key]
    x = np.asarray(xs, dtype=np.float64)
    values = activation.fn(x, **params)
    slopes = activation.grad(x, **params)
    worst_f = worst_df = 0.0
    worst_x = math.nan
    for point, value, slope in zip(x.tolist(), values.tolist(), slopes.tolist(), strict=True):
        exact = reference(key, point, **params)
        worst_f = max(worst_f, error_units(value, exact.f, exact.df, point))
        error = error_units(slope, exact.df, exact.d2f, point)
        if error > worst_df:
            worst_df, worst_x = error, point
    return worst_f, worst_df, worst_x


# --- the grid -----------------------------------------------------------------------------------

# Where the textbook formulas break (FACTS.md) and where our own code switches formulas.
TRAPS = (
    0.0, 1e-300, 1e-200, 1e-100, 1e-30, 1e-17, 1e-8, 1e-4, 0.01, 0.1, 0.5, 0.75179, 1.0,
    1.19243, 1.2785, 1.5, 2.0, 2.3994, 2.7, 3.0, 5.0, 6.0, 10.0, 19.0, 20.0, 21.3, 21.6, 21.8, 30.0,
    35.9, 36.1, 36.74, 37.0, 37.5, 38.0, 38.5, 39.0, 40.0, 100.0, 354.0, 355.0, 372.5, 699.9,
    700.1, 708.0, 708.5, 709.0, 709.5, 709.78, 709.8, 710.0, 720.0, 740.0, 744.0, 745.0, 745.2,
    750.0, 1e4, 1e6, 1e17, 1e100, 1e154, 1e155, 1e200, 1e300, 1e307, 1.7e308,
)  # fmt: skip

PARAM_SETS: dict[str, tuple[dict[str, float], ...]] = {
    "leaky_relu": ({"negative_slope": 0.0}, {"negative_slope": 0.01}, {"negative_slope": 1.0}),
    "elu": ({"alpha": 0.0}, {"alpha": 1e-300}, {"alpha": 1.0}, {"alpha": 2.5}, {"alpha": 5.0}),
    "selu": (
        REGISTRY["selu"].defaults(),
        {"scale": 0.5, "selu_alpha": 0.0},
        {"scale": 2.0, "selu_alpha": 5.0},
        {"scale": 1.0, "selu_alpha": 1e-300},
    ),
    "swish": (
        {"beta": 0.0},
        {"beta": 1e-3},
        {"beta": 0.5},
        {"beta": 1.0},
        {"beta": 1.7},
        {"beta": 10.0},
    ),
}
"""Parameter values the accuracy grid covers: both ends of each range and inside."""


def param_sets(key: str) -> tuple[dict[str, float], ...]:
    """The parameter values to test for ``key`` (just the defaults when it has none listed)."""
    return PARAM_SETS.get(key, (REGISTRY[key].defaults(),))


def accuracy_grid(key: str, size: int = 160, seed: int = 0, **params: float) -> np.ndarray:
    """Finite test inputs: the traps (±), a log-spaced sweep 1e−300…1e300 (±) and randoms,
    a quarter of them in [−4, 0] where the terms of f′ cancel.

    For Swish the traps and that window are also scaled by 1/β: its breakpoints sit at βx.
    """
    rng = np.random.default_rng(seed)
    magnitudes = list(TRAPS)
    beta = params.get("beta")
    if beta:
        magnitudes += [t / beta for t in TRAPS if t / beta < 1.7e308]
    sweep = np.logspace(-300, 300, size // 4)
    randoms = np.concatenate(
        [
            rng.uniform(-50, 50, size // 4),
            10.0 ** rng.uniform(-300, 300, size // 4),
            rng.uniform(-4, 0, size // 4) / (beta or 1.0),
        ]
    )
    points = np.concatenate([magnitudes, sweep, -np.asarray(magnitudes), -sweep, randoms])
    return np.unique(points)
