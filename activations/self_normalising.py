r"""SELU's constants λ and α, derived from the fixed point they are chosen for (no typed digits).

Klambauer et al. (2017) pick λ and α so that a layer maps activations of mean 0 and variance 1
to mean 0 and variance 1: with LeCun-normal weights (variance 1/fan-in) a unit's
pre-activation z is then standard normal, and ``selu(z) = λ·(z if z > 0 else α(eᶻ − 1))``
must have E[selu(z)] = 0 and E[selu(z)²] = 1.

Every moment needed is one Gaussian integral over a half-line, in closed form:

* E[z; z > 0] = φ(0) = 1/√(2π), E[z²; z > 0] = ½, P(z ≤ 0) = ½;
* E[e^{kz}; z ≤ 0] = e^{k²/2}·Φ(−k) (complete the square).

Mean 0 involves α alone: α·(½ − √e·Φ(−1)) = 1/√(2π). Then variance 1 gives λ:
λ²·(½ + α²·(e²Φ(−2) − 2√e·Φ(−1) + ½)) = 1. Both are evaluated at 40 digits and rounded
once; ``tests/core/test_hardware.py`` checks them by numeric integration of the two moments and
against PyTorch's published digits.

>>> round(SELU_SCALE, 10), round(SELU_ALPHA, 10)
(1.0507009874, 1.6732632424)
"""

from __future__ import annotations

from functools import cache

import mpmath

from activations.precision import digits

__all__ = ["SELU_ALPHA", "SELU_SCALE", "fixed_point", "selu_moments"]


def _tail_exp_moment(k: mpmath.mpf) -> mpmath.mpf:
    """E[e^{kz}; z ≤ 0] for z ~ N(0, 1): e^{k²/2}·Φ(−k)."""
    return mpmath.exp(k**2 / 2) * mpmath.ncdf(-k)


@cache
def fixed_point() -> tuple[float, float]:
    """(λ, α) with E[selu(z)] = 0 and E[selu(z)²] = 1 for z ~ N(0, 1), as float64."""
    with digits(40):
        half = mpmath.mpf(1) / 2
        positive_mean = 1 / mpmath.sqrt(2 * mpmath.pi)  # E[z; z > 0]
        e1, e2 = _tail_exp_moment(mpmath.mpf(1)), _tail_exp_moment(mpmath.mpf(2))
        alpha = positive_mean / (half - e1)  # E[α(eᶻ − 1); z ≤ 0] = α(e1 − ½) = −positive_mean
        negative_square = e2 - 2 * e1 + half  # E[(eᶻ − 1)²; z ≤ 0]
        scale = 1 / mpmath.sqrt(half + alpha**2 * negative_square)
        return float(scale), float(alpha)


def selu_moments(scale: float, alpha: float) -> tuple[float, float]:
    """(mean, second moment) of selu(z) for z ~ N(0, 1), in closed form at 40 digits.

    At the fixed point they are (0, 1); elsewhere they say how a layer moves its input's
    moments (mean 0, variance 1) on.

    >>> mean, square = selu_moments(*fixed_point())
    >>> abs(mean) < 1e-15, abs(square - 1) < 1e-15
    (True, True)
    """
    with digits(40):
        lam, a, half = mpmath.mpf(scale), mpmath.mpf(alpha), mpmath.mpf(1) / 2
        e1, e2 = _tail_exp_moment(mpmath.mpf(1)), _tail_exp_moment(mpmath.mpf(2))
        mean = lam * (1 / mpmath.sqrt(2 * mpmath.pi) + a * (e1 - half))
        square = lam**2 * (half + a**2 * (e2 - 2 * e1 + half))
        return float(mean), float(square)


SELU_SCALE, SELU_ALPHA = fixed_point()
"""λ ≈ 1.0507 and α ≈ 1.6733 (PyTorch's ``nn.SELU`` and Keras's ``selu`` use the same)."""
