"""The numerics under :mod:`activations.elementwise`: constants rounded once, the wrapper every
public function evaluates through, extended-precision repair where the terms of f′ cancel,
log-space tails past the subnormals, and GELU's Taylor tables where ``erfc`` is a few ulp off.

Nothing here is an activation; each name is used by one or more of the public functions, whose
module docstring says which trap each repair avoids.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import erfcx, expit

from activations.constants import GELU_TANH_CUBIC

Array = NDArray[np.floating]

# exp(t) underflows to a subnormal below -708.4 and to 0 below -745.1. Where a result is
# "something times a subnormal", the product loses the bits the subnormal never had, so past
# this threshold the tails are evaluated in log space instead.
SUBNORMAL_TAIL = -700.0

SQRT_HALF = 0.7071067811865476  # 1/√2
LOG_SQRT_2PI = 0.9189385332046728  # ½·ln(2π)
INV_SQRT_2PI = 0.3989422804014327  # 1/√(2π)
SQRT_HALF_PI = 1.2533141373155003  # √(π/2)


def _gelu_tanh_coefficients(c: float) -> tuple[float, float]:
    """2√(2/π) and 2√(2/π)·c, each computed at 40 digits and rounded once to float64."""
    import mpmath  # ships with SymPy

    from activations.precision import digits

    with digits(40):
        a1 = 2 * mpmath.sqrt(2 / mpmath.pi)
        return float(a1), float(a1 * mpmath.mpf(repr(c)))


# GELU tanh approximation, with the 2 of σ(2u) = (1 + tanh u)/2 folded in:
# 2u = x·(A1 + A3·x²), A1 = 2√(2/π), A3 = 2√(2/π)·c, c = GELU_TANH_CUBIC.
GELU_TANH_A1, GELU_TANH_A3 = _gelu_tanh_coefficients(GELU_TANH_CUBIC)

# Around the zeros of f′ and f″ the two terms of f′ nearly cancel: GELU-tanh′ = σ(2u) + …
# near x ≈ −1.4, Swish′ = σ(t)(1 + tσ(−t)) near t ≈ −2.4, Mish′ near x ≈ −2.3. Each term's
# ~1-ulp error is then magnified up to 2.8 times (the windows below are where it exceeds
# 1.3). There the terms are formed in x87 extended precision (64-bit significand;
# np.longdouble on x86-64 Linux) and rounded once. Where np.longdouble is plain double
# (Windows, Apple silicon) this is a no-op and the error stays below about 3 ulp.
EXT = np.longdouble
GELU_TANH_GRAD_WINDOW = (-1.6, -0.65)
SWISH_GRAD_WINDOW = (-2.85, -1.0)  # in t = βx
MISH_GRAD_WINDOW = (-2.75, -0.9)
_PI_EXT = np.arccos(EXT(-1))
GELU_TANH_A1_EXT = 2 * np.sqrt(2 / _PI_EXT)
_GELU_TANH_C = Fraction(repr(GELU_TANH_CUBIC))  # c exactly, as the decimal it is written as
GELU_TANH_A3_EXT = GELU_TANH_A1_EXT * EXT(_GELU_TANH_C.numerator) / EXT(_GELU_TANH_C.denominator)


# --- plumbing ------------------------------------------------------------------------------


def evaluate(x: ArrayLike, kernel: Callable[[Array], Array]) -> Array:
    """Run ``kernel`` on ``x`` as flat float64; restore the shape and a floating dtype.

    Kernels return new arrays and never write into their argument (it may be the caller's).
    A float64 result beyond a float16/float32 input's range rounds to ±inf, as it should,
    without an overflow warning (Squared ReLU of float32 1.8e19 is 3.4e38 > its max).

    >>> evaluate(np.float32(1.8446744e19), np.square).item()
    inf
    """
    arr = np.asarray(x)
    out_dtype = arr.dtype if arr.dtype in (np.float16, np.float32) else np.dtype(np.float64)
    flat = np.ascontiguousarray(arr, dtype=np.float64).reshape(-1)
    with np.errstate(over="ignore"):  # the rounding to the input's type, overflow included
        return np.asarray(kernel(flat), dtype=out_dtype).reshape(arr.shape)


def patch(out: Array, mask: NDArray[np.bool_], x: Array, tail: Callable[[Array], Array]) -> Array:
    """Overwrite ``out[mask]`` with ``tail(x[mask])``; cheap when the mask is empty."""
    if mask.any():
        out[mask] = tail(x[mask])
    return out


def refine(
    out: Array,
    x: Array,
    window_of: Array,
    kernel: Callable[[NDArray[np.longdouble]], object],
    window: tuple[float, float],
) -> Array:
    """Recompute ``out`` in extended precision where ``window_of`` lies in ``window``."""
    low, high = window
    return patch(
        out,
        (window_of >= low) & (window_of <= high),
        x,
        lambda v: np.asarray(kernel(v.astype(EXT)), dtype=np.float64),
    )


def with_limits(
    x: Array, kernel: Callable[[Array], Array], at_neg_inf: float, at_pos_inf: float
) -> Array:
    """Evaluate ``kernel`` on finite ``x`` and put the known limits at ``±inf``.

    Kernels that multiply ``x`` by a vanishing factor would produce ``inf·0 = nan`` (and an
    "invalid value" warning) at the infinities, so those are replaced by 0 before the kernel
    runs and by the limits afterwards.
    """
    infinite = np.isinf(x)
    if not infinite.any():
        return kernel(x)
    out = kernel(np.where(infinite, 0.0, x))
    out[x == np.inf] = at_pos_inf
    out[x == -np.inf] = at_neg_inf
    return out


def logistic(t: Array) -> Array:
    """σ(t) = 1/(1 + e^{-t}), correct down to the subnormals.

    ``scipy.special.expit`` computes 1/(1 + e^{-t}); e^{-t} overflows for t < -709.78 and
    returns 0 although σ(t) ≈ e^t is still a (subnormal) float64 number down to -745.
    """
    s = expit(t)
    return patch(s, t < -709.0, t, np.exp)


def logistic_slope(t: Array) -> Array:
    """σ′(t) = σ(t)·σ(−t) = p/(1 + p)² with p = e^{−|t|} ≤ 1, which never overflows.

    The rounding of ``p`` barely matters: d ln σ′ / d ln p = (1 − p)/(1 + p) ≤ 1.
    """
    p = np.exp(-np.abs(t))
    return p / ((1.0 + p) * (1.0 + p))


def times_vanishing(x: Array, log_factor: Array) -> Array:
    """x·exp(log_factor) for x < 0 evaluated as −exp(ln(−x) + log_factor) (no subnormal factor)."""
    return -np.exp(np.log(-x) + log_factor)


# --- GELU's Taylor tables ------------------------------------------------------------------


# scipy.special.erfc (1 − erf below z = 1, a rational fit above) is off by up to 6 ulp on
# z ∈ [0.7, 1.1] and 4 ulp up to z = 2.8 (erfcx is no better), and GELU's minimum (x = −0.75)
# and f″ = 0 (x = −1.41) sit right there, where nothing in the tolerance absorbs it. So on
# x ∈ [−4, −0.25] GELU and GELU′ come from Taylor tables instead: centres c = k/16,
# |x − c| ≤ 1/32, coefficients f⁽ⁿ⁾(c)/n! computed once in 40-digit mpmath from
# Φ⁽ⁿ⁾ = (−1)ⁿ⁻¹·Heₙ₋₁·φ (Hermite polynomials) and summed by Horner's rule. Every table entry
# is correctly rounded, and the expansion has no cancellation, so the result is within
# about one rounding of each term.
GELU_WINDOW = (-4.0, -0.25)
_GELU_CENTRES_PER_UNIT = 16
_GELU_TERMS = 11  # the 12th term is below 1e−19 of the value


@functools.cache
def _gelu_taylor_tables() -> tuple[Array, Array, int]:
    """Rows n = 0…: f⁽ⁿ⁾(c)/n! (for f) and f⁽ⁿ⁺¹⁾(c)/n! (for f′), one column per centre."""
    import mpmath  # ships with SymPy; needed once, on first use

    from activations.precision import digits

    first = int(GELU_WINDOW[0] * _GELU_CENTRES_PER_UNIT)
    last = int(GELU_WINDOW[1] * _GELU_CENTRES_PER_UNIT)
    centres = range(first, last + 1)
    values = np.empty((_GELU_TERMS, len(centres)))
    slopes = np.empty((_GELU_TERMS, len(centres)))
    with digits(40):
        for column, k in enumerate(centres):
            c = mpmath.mpf(k) / _GELU_CENTRES_PER_UNIT
            hermite = [mpmath.mpf(1), c]  # probabilists' Heₙ(c): Heₙ₊₁ = c·Heₙ − n·Heₙ₋₁
            for n in range(1, _GELU_TERMS + 1):
                hermite.append(c * hermite[n] - n * hermite[n - 1])
            cdf = [mpmath.ncdf(c)] + [
                (-1) ** (n - 1) * hermite[n - 1] * mpmath.npdf(c) for n in range(1, _GELU_TERMS + 2)
            ]  # Φ⁽ⁿ⁾(c)
            gelu = [c * cdf[0]] + [c * cdf[n] + n * cdf[n - 1] for n in range(1, _GELU_TERMS + 1)]
            for n in range(_GELU_TERMS):
                values[n, column] = float(gelu[n] / mpmath.factorial(n))
                slopes[n, column] = float(gelu[n + 1] / mpmath.factorial(n))
    return values, slopes, first


def gelu_taylor(x: Array, which: int) -> Array:
    """GELU (``which`` = 0) or GELU′ (1) on :data:`GELU_WINDOW` from the Taylor tables."""
    *tables, first = _gelu_taylor_tables()
    table = tables[which]
    k = np.rint(x * _GELU_CENTRES_PER_UNIT)
    column = k.astype(np.intp) - first
    h = x - k / _GELU_CENTRES_PER_UNIT  # exact: x and k/16 are within a factor 2 (Sterbenz)
    total = np.take(table[-1], column)
    for row in table[-2::-1]:
        total = total * h + np.take(row, column)
    return total


def gelu_left_tail(x: Array) -> tuple[Array, Array]:
    """GELU and its derivative for x ≪ 0 in log space, as (f, f′).

    With the Mills ratio R(x) = Φ(x)/φ(x) = √(π/2)·erfcx(−x/√2) (≈ 1/|x|):
    f = x·R·φ and f′ = Φ + xφ = (x + R)·φ, and φ = exp(−x²/2)/√(2π) goes in the exponent.
    """
    x = np.maximum(x, -1e100)  # keeps x² finite; f and f′ are 0 in float64 long before
    mills = SQRT_HALF_PI * erfcx(-x * SQRT_HALF)
    log_phi = -0.5 * x * x - LOG_SQRT_2PI
    f = -np.exp(np.log(-x * mills) + log_phi)
    df = -np.exp(np.log(-x - mills) + log_phi)
    return f, df
