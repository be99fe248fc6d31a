"""Landmark numbers the lessons quote, computed from the kernels (no Streamlit).

Where float64 σ reaches exactly 1, where the textbook σ rounds to exactly 1 or 0 in the
formats models train in (float32, bfloat16), how far the tanh form of GELU strays from the
exact one, and the source article's misprinted Swish (the quiz draws it beside the right one).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from activations.low_precision import scalar_type
from activations.registry import REGISTRY


def sigmoid_float64_saturation() -> float:
    """The smallest float64 x with σ(x) == 1.0 exactly (≈ 36.74), by bisection on floats."""
    sigmoid = REGISTRY["sigmoid"].fn
    below, above = 0.0, 100.0  # σ(0) = ½ < 1; σ(100) rounds to 1
    while np.nextafter(below, above) < above:
        middle = below + (above - below) / 2.0
        if middle in (below, above):
            break
        if float(sigmoid(middle)) == 1.0:
            above = middle
        else:
            below = middle
    return above


FORMATS = ("float64", "float32", "bfloat16")
"""The floating-point formats the lessons compare, by name (:func:`scalar_type` gives each)."""


_BITS = {2: np.uint16, 4: np.uint32, 8: np.uint64}  # an unsigned integer of each width


def textbook_sigmoid(a: float, fmt: str) -> float:
    """σ(a) = 1/(1 + e^(−a)) as written, with a and every operation rounded to ``fmt``.

    >>> textbook_sigmoid(17.0, "float32"), textbook_sigmoid(6.0, "bfloat16")
    (1.0, 1.0)
    """
    dtype = scalar_type(fmt)
    one, x = dtype(1), np.asarray(a, dtype=dtype)
    with np.errstate(over="ignore"):  # e^(−a) overflowing to inf is the point of the exercise
        return float(one / (one + np.exp(-x)))


def _first(fmt: str, limit: float, hit) -> float:
    """The smallest magnitude m in [0, limit] of format ``fmt`` with ``hit(m)``, assuming
    ``hit`` is monotone in m: a bisection on the bit patterns, which for non-negative floats
    are ordered like the values, so every representable number is a candidate."""
    dtype = scalar_type(fmt)
    bits = _BITS[np.dtype(dtype).itemsize]
    low = int(np.array(0, dtype=dtype).view(bits))
    high = int(np.array(limit, dtype=dtype).view(bits))
    value = lambda n: float(np.array(n, dtype=bits).view(dtype))  # noqa: E731
    if not hit(value(high)) or hit(value(low)):
        raise ValueError(f"no change of {hit} on [0, {limit}] in {fmt}")
    while high - low > 1:
        middle = (low + high) // 2
        if hit(value(middle)):
            high = middle
        else:
            low = middle
    return value(high)


@cache
def sigmoid_saturation(fmt: str) -> float:
    """The smallest ``a`` of format ``fmt`` from which :func:`textbook_sigmoid` is exactly 1.

    1 + e^(−a) rounds to 1 once e^(−a) is at most half the spacing of the format above 1:
    a ≥ 24·ln 2 ≈ 16.64 in float32 (24 significant bits), 8·ln 2 ≈ 5.55 in bfloat16 (8 bits).

    >>> sigmoid_saturation("float32"), sigmoid_saturation("bfloat16")
    (16.63553237915039, 5.5625)
    """
    return _first(fmt, 100.0, lambda a: textbook_sigmoid(a, fmt) == 1.0)


@cache
def sigmoid_zero(fmt: str) -> float:
    """The negative ``a`` of smallest magnitude where :func:`textbook_sigmoid` is exactly 0:
    there e^(−a) overflows to inf (a stable implementation, like the registry's, stays
    positive further, until e^a underflows).

    >>> round(sigmoid_zero("float32"), 3), round(sigmoid_zero("float64"), 3)
    (-88.723, -709.783)
    """
    return -_first(fmt, 1000.0, lambda m: textbook_sigmoid(-m, fmt) == 0.0)


@cache
def max_difference(key: str, other: str) -> tuple[float, float]:
    """max over x of |f(x) − g(x)| for two registry functions, and the |x| where it occurs.

    Every pair asked for differs by an even function (GELU and its tanh form, hard swish and
    SiLU: x times two CDF-like factors c with c(−x) = 1 − c(x)) or an odd one (hard sigmoid
    and σ), so the largest gap sits at ±x* and x ≥ 0 is searched: a fine grid locates it
    and a bounded 1-D search refines it (to the kink itself where the gap peaks at one).

    >>> gap, at = max_difference("hardswish", "swish")
    >>> round(gap, 6), round(at, 4)  # at x = ±3, where hard swish turns into x: 3σ(−3)
    (0.142278, 3.0)
    """
    f, g = REGISTRY[key].fn, REGISTRY[other].fn

    def gap(x: float) -> float:
        return abs(float(f(x)) - float(g(x)))

    from scipy.optimize import minimize_scalar  # ~0.2 s to import: only GELU's numbers need it

    grid = np.linspace(0.0, 10.0, 10_001)
    gaps = np.abs(f(grid) - g(grid))
    best = float(grid[int(np.argmax(gaps))])
    step = float(grid[1] - grid[0])
    result = minimize_scalar(
        lambda x: -gap(x),
        bounds=(max(best - step, 0.0), best + step),
        method="bounded",
        options={"xatol": 1e-10},
    )
    found = float(result.x)
    return (gap(found), found) if gap(found) >= gap(best) else (gap(best), best)


def gelu_tanh_max_difference() -> tuple[float, float]:
    """max |GELU(x) − GELU_tanh(x)| and the |x| where it occurs (:func:`max_difference`)."""
    return max_difference("gelu", "gelu_tanh")


def article_swish(x: float, beta: float = 1.0) -> float:
    """The source article's misprinted Swish, x/(1 + x^(−βx)) (base x, not e).

    Defined here only for x > 0: for x < 0 the power of a negative base is not real.
    """
    if x <= 0:
        raise ValueError("x^(−βx) is not real for x ≤ 0")
    return x / (1.0 + x ** (-beta * x))
