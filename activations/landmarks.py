"""Landmark numbers the lessons quote, computed from the kernels (no Streamlit).

Where float64 σ reaches exactly 1, how far the tanh form of GELU strays from the exact one,
and the source article's misprinted Swish (the quiz draws it beside the right one).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.optimize import minimize_scalar

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


@cache
def gelu_tanh_max_difference() -> tuple[float, float]:
    """max |GELU(x) − GELU_tanh(x)| and the |x| where it occurs.

    The difference is even in x (both are x times a CDF-like factor c with c(−x) = 1 − c(x)),
    so the maximum is attained at ±x*; a fine grid locates it and a bounded 1-D search
    refines it.
    """

    def gap(x: float) -> float:
        return abs(float(REGISTRY["gelu"].fn(x)) - float(REGISTRY["gelu_tanh"].fn(x)))

    grid = np.linspace(0.0, 10.0, 10_001)
    gaps = np.abs(REGISTRY["gelu"].fn(grid) - REGISTRY["gelu_tanh"].fn(grid))
    best = float(grid[int(np.argmax(gaps))])
    step = float(grid[1] - grid[0])
    result = minimize_scalar(
        lambda x: -gap(x),
        bounds=(best - step, best + step),
        method="bounded",
        options={"xatol": 1e-10},
    )
    return gap(float(result.x)), float(result.x)


def article_swish(x: float, beta: float = 1.0) -> float:
    """The source article's misprinted Swish, x/(1 + x^(−βx)) (base x, not e).

    Defined here only for x > 0: for x < 0 the power of a negative base is not real.
    """
    if x <= 0:
        raise ValueError("x^(−βx) is not real for x ≤ 0")
    return x / (1.0 + x ** (-beta * x))
