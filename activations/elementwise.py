"""Element-wise activation functions and their derivatives, exact across float64.

Each activation ``f`` comes with ``f_grad`` = df/dx. All functions

* take a Python scalar or an array of any shape and return an ``ndarray`` of the same shape
  (0-d for a scalar); float16/float32 stay float16/float32 (they are evaluated in float64 and
  rounded once), every other input becomes float64;
* stay within 4 ulp, condition-aware, of the exact value for every finite float64 input:
  ``|computed - exact| <= 4 * max(2**-52 * (|exact| + |x * exact'|), 2**-1074)`` (the floor
  is the spacing of float64 near zero: smaller exact values must round);
* propagate NaN, return the limits at ``±inf`` and never emit a ``RuntimeWarning``.

The textbook formulas fail in float64 in ways a student can reach with a slider: ``exp``
overflows past 709.78, ``σ`` rounds to 1 past 36.7 so ``σ(1 - σ)`` becomes 0, ``1 + erf`` and
``1 + tanh`` cancel in the left tail, and ``np.where`` evaluates the branch it throws away.
The forms below avoid each trap; the comments say which. Two subtler losses are repaired
where they occur: near the zeros of f′ and f″ the terms of f′ cancel (evaluated there in
extended precision), and scipy's ``erfc`` is up to 6 ulp off near GELU's minimum (Taylor
tables there). ``python -m bench.core`` measures every function against a 50-digit reference.

Parameters are plain floats and are not range-checked here: :mod:`activations.registry`
checks them against their declared ranges.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit, log_expit, ndtr

from activations._kernels import (
    EXT,
    GELU_TANH_A1,
    GELU_TANH_A1_EXT,
    GELU_TANH_A3,
    GELU_TANH_A3_EXT,
    GELU_TANH_GRAD_WINDOW,
    GELU_WINDOW,
    INV_SQRT_2PI,
    MISH_GRAD_WINDOW,
    SUBNORMAL_TAIL,
    SWISH_GRAD_WINDOW,
    Array,
    evaluate,
    gelu_left_tail,
    gelu_taylor,
    logistic,
    logistic_slope,
    patch,
    refine,
    times_vanishing,
    with_limits,
)
from activations.constants import ELU_ALPHA, NEGATIVE_SLOPE, SWISH_BETA
from activations.self_normalising import SELU_ALPHA, SELU_SCALE

__all__ = [
    "elu",
    "elu_grad",
    "gelu",
    "gelu_grad",
    "gelu_tanh",
    "gelu_tanh_grad",
    "hardsigmoid",
    "hardsigmoid_grad",
    "hardswish",
    "hardswish_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "mish",
    "mish_grad",
    "relu",
    "relu6",
    "relu6_grad",
    "relu_grad",
    "selu",
    "selu_grad",
    "sigmoid",
    "sigmoid_grad",
    "silu",
    "silu_grad",
    "softplus",
    "softplus_grad",
    "squared_relu",
    "squared_relu_grad",
    "swish",
    "swish_grad",
    "tanh",
    "tanh_grad",
]

# --- sigmoid and tanh ----------------------------------------------------------------------


def sigmoid(x: ArrayLike) -> Array:
    r"""Logistic sigmoid.

    Computes the element-wise function:

    .. math::
        \sigma(x) = \frac{1}{1 + e^{-x}}

    The range is the open interval (0, 1): 0 and 1 are limits that are never reached (in
    float64, ``sigmoid(x)`` rounds to 1.0 for x ≥ 36.74).

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> sigmoid([-1.0, 0.0, 1.0]).round(4)
        array([0.2689, 0.5   , 0.7311])
        >>> float(sigmoid(-720.0))  # still a subnormal number, not 0
        2.0322308024e-313

    See also: :func:`sigmoid_grad`, :func:`tanh` (tanh x = 2σ(2x) − 1).
    """
    return evaluate(x, logistic)


def sigmoid_grad(x: ArrayLike) -> Array:
    r"""Derivative of the logistic sigmoid.

    .. math::
        \sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr) = \sigma(x)\,\sigma(-x)

    The maximum is 1/4 at x = 0. Written as ``s * (1 - s)`` it becomes exactly 0 at x = 37
    (true value 8.5e-17) because ``s`` has rounded to 1; this form does not.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> float(sigmoid_grad(0.0))
        0.25
        >>> float(sigmoid_grad(37.0))
        8.533047625744066e-17
    """
    return evaluate(x, logistic_slope)


def tanh(x: ArrayLike) -> Array:
    r"""Hyperbolic tangent.

    .. math::
        \tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1

    Zero-centred, range (−1, 1) (open).

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> tanh([-1.0, 0.0, 1.0]).round(4)
        array([-0.7616,  0.    ,  0.7616])
    """
    return evaluate(x, np.tanh)


def tanh_grad(x: ArrayLike) -> Array:
    r"""Derivative of the hyperbolic tangent.

    .. math::
        \tanh'(x) = 1 - \tanh^2 x = 4\,\sigma(2x)\,\sigma(-2x)

    ``1 - np.tanh(x)**2`` is exactly 0 from x ≈ 19 on, where tanh rounds to 1; the σ form keeps
    every digit.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> float(tanh_grad(0.0))
        1.0
        >>> float(tanh_grad(20.0))
        1.6993417021166355e-17
    """
    # |x| ≥ 400 gives 4σ′(800) = 0 in float64 anyway; the clip keeps 2x from overflowing.
    return evaluate(x, lambda v: 4.0 * logistic_slope(2.0 * np.clip(v, -400.0, 400.0)))


# --- the ReLU family -----------------------------------------------------------------------


def relu(x: ArrayLike) -> Array:
    r"""Rectified linear unit.

    .. math::
        \mathrm{relu}(x) = \max(0, x)

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> relu([-2.0, 0.0, 3.0])
        array([0., 0., 3.])
    """
    return evaluate(x, lambda v: np.maximum(v, 0.0))


def relu_grad(x: ArrayLike) -> Array:
    r"""Derivative of ReLU, with the convention :math:`\mathrm{relu}'(0) = 0`.

    .. math::
        \mathrm{relu}'(x) = \begin{cases} 1, & x > 0 \\ 0, & x \le 0 \end{cases}

    ReLU is not differentiable at 0; like PyTorch, TensorFlow and JAX we take the value 0
    there (any value in [0, 1] is a valid subgradient).

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> relu_grad([-1.0, 0.0, 1.0])
        array([0., 0., 1.])
    """
    return evaluate(x, lambda v: np.heaviside(v, 0.0))


def leaky_relu(x: ArrayLike, negative_slope: float = NEGATIVE_SLOPE) -> Array:
    r"""Leaky rectified linear unit.

    .. math::
        \mathrm{leaky\_relu}(x) = \begin{cases} x, & x \ge 0 \\ a\,x, & x < 0 \end{cases}
        = \max(0, x) + a\,\min(0, x)

    With a learned slope this is PReLU (PyTorch initialises a to
    :data:`~activations.constants.PRELU_INIT`).

    Args:
        x: input, a scalar or an array of any shape.
        negative_slope: the slope a for x < 0, in [0, 1]. Default: :data:`NEGATIVE_SLOPE`
            (PyTorch's; at that value the left branch is invisible at a normal plot zoom).

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> leaky_relu([-2.0, 0.0, 3.0], negative_slope=0.1)
        array([-0.2,  0. ,  3. ])
    """
    a = float(negative_slope)

    def kernel(v: Array) -> Array:
        if a == 0.0:
            return np.maximum(v, 0.0)  # a·x would be 0·(−inf) = nan at x = −inf
        return np.where(v >= 0.0, v, a * v)

    return evaluate(x, kernel)


def leaky_relu_grad(x: ArrayLike, negative_slope: float = NEGATIVE_SLOPE) -> Array:
    r"""Derivative of Leaky ReLU, with the convention :math:`f'(0) = 1`.

    .. math::
        f'(x) = \begin{cases} 1, & x \ge 0 \\ a, & x < 0 \end{cases}

    The value at the kink follows the branch that contains 0 in the definition (x ≥ 0), as in
    JAX; PyTorch's backward pass uses a there instead.

    Args:
        x: input, a scalar or an array of any shape.
        negative_slope: the slope a for x < 0, in [0, 1]. Default: :data:`NEGATIVE_SLOPE`.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> leaky_relu_grad([-1.0, 0.0, 1.0], negative_slope=0.1)
        array([0.1, 1. , 1. ])
    """
    a = float(negative_slope)
    # heaviside(nan) is nan, so NaN propagates through the x >= 0 branch.
    return evaluate(x, lambda v: np.where(v < 0.0, a, np.heaviside(v, 1.0)))


def elu(x: ArrayLike, alpha: float = ELU_ALPHA) -> Array:
    r"""Exponential linear unit.

    .. math::
        \mathrm{elu}(x) = \begin{cases} x, & x > 0 \\ \alpha\,(e^{x} - 1), & x \le 0 \end{cases}

    Saturates at −α for x → −∞. ``np.where`` evaluates both branches, so the discarded
    ``exp(1000)`` would overflow: the exponential only ever sees min(x, 0), through ``expm1``
    (accurate where e^x − 1 is small).

    Args:
        x: input, a scalar or an array of any shape.
        alpha: the negative saturation value α, in [0, 5]. Default: :data:`ELU_ALPHA`.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> elu([-1.0, 0.0, 2.0]).round(4)
        array([-0.6321,  0.    ,  2.    ])
    """
    a = float(alpha)
    return evaluate(x, lambda v: np.where(v > 0.0, v, a * np.expm1(np.minimum(v, 0.0))))


def elu_grad(x: ArrayLike, alpha: float = ELU_ALPHA) -> Array:
    r"""Derivative of ELU, with the convention :math:`f'(0) = \alpha` (the x ≤ 0 branch).

    .. math::
        f'(x) = \begin{cases} 1, & x > 0 \\ \alpha\,e^{x}, & x \le 0 \end{cases}

    The derivative is continuous at 0 only for α = 1 (then ELU is C¹ but not C²). PyTorch
    and JAX also give α at 0.

    Args:
        x: input, a scalar or an array of any shape.
        alpha: the negative saturation value α, in [0, 5]. Default: :data:`ELU_ALPHA`.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> elu_grad([-1.0, 0.0, 2.0], alpha=2.0).round(4)
        array([0.7358, 2.    , 1.    ])
    """
    a = float(alpha)

    def kernel(v: Array) -> Array:
        out = np.where(v > 0.0, 1.0, a * np.exp(np.minimum(v, 0.0)))
        if a > 0.0:
            # α·e^x with e^x subnormal would scale its rounding error by α: use e^{x + ln α}.
            out = patch(out, v < SUBNORMAL_TAIL, v, lambda t: np.exp(t + np.log(a)))
        return out

    return evaluate(x, kernel)


# --- GELU ------------------------------------------------------------------------------------


_GELU_TAIL = -36.0  # below this Φ(x) < 1e-283: close to the subnormals


def gelu(x: ArrayLike) -> Array:
    r"""Gaussian error linear unit (exact form).

    .. math::
        \mathrm{gelu}(x) = x\,\Phi(x) = \frac{x}{2}\,\mathrm{erfc}\!\left(-\frac{x}{\sqrt 2}\right)

    Φ is the standard normal CDF. Its minimum is −0.16997 at x = −0.75179. The common form
    ``0.5*x*(1 + erf(x/√2))`` cancels to −0.0 at x = −10 (true value −7.6e−23); ``erfc``
    does not, and the far tail (x < −36) is evaluated in log space.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> gelu([-1.0, 0.0, 1.0]).round(4)
        array([-0.1587,  0.    ,  0.8413])
        >>> print(f"{float(gelu(-10.0)):.6e}")
        -7.619853e-23

    See also: :func:`gelu_tanh`.
    """

    def kernel(v: Array) -> Array:
        out = v * ndtr(v)
        low, high = GELU_WINDOW
        out = patch(out, (v >= low) & (v <= high), v, lambda t: gelu_taylor(t, 0))
        return patch(out, v < _GELU_TAIL, v, lambda t: gelu_left_tail(t)[0])

    return evaluate(x, lambda v: with_limits(v, kernel, -0.0, np.inf))


def gelu_grad(x: ArrayLike) -> Array:
    r"""Derivative of the exact GELU.

    .. math::
        \mathrm{gelu}'(x) = \Phi(x) + x\,\varphi(x), \qquad
        \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}

    f′(0) = ½; f′ is largest (≈ 1.1289) at x = √2 and smallest (≈ −0.1289) at x = −√2.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> float(gelu_grad(0.0))
        0.5
    """

    def kernel(v: Array) -> Array:
        clipped = np.clip(v, -40.0, 40.0)  # φ(±40) = 0 in float64; avoids x² overflowing
        density = INV_SQRT_2PI * np.exp(-0.5 * clipped * clipped)
        out = ndtr(v) + v * density
        low, high = GELU_WINDOW
        out = patch(out, (v >= low) & (v <= high), v, lambda t: gelu_taylor(t, 1))
        return patch(out, v < _GELU_TAIL, v, lambda t: gelu_left_tail(t)[1])

    return evaluate(x, lambda v: with_limits(v, kernel, 0.0, 1.0))


def _gelu_tanh_argument(x: Array) -> Array:
    """2u = 2√(2/π)(x + c·x³), written as x·(A1 + A3·x²); |x| capped so x³ stays finite."""
    x = np.clip(x, -1e100, 1e100)
    return x * (GELU_TANH_A1 + GELU_TANH_A3 * (x * x))


def gelu_tanh(x: ArrayLike) -> Array:
    r"""GELU, tanh approximation (as GPT-1, GPT-2 and google-research/bert compute it).

    .. math::
        \mathrm{gelu}_{\tanh}(x) = \frac{x}{2}\left[1 + \tanh\!\left(
            \sqrt{2/\pi}\,\bigl(x + c\,x^{3}\bigr)\right)\right] = x\,\sigma(2u),
        \quad u = \sqrt{2/\pi}\,\bigl(x + c\,x^{3}\bigr)

    with c = :data:`~activations.constants.GELU_TANH_CUBIC` (0.044715).
    It differs from the exact GELU by at most ≈ 4.7e−4 (near x = −2.70); only the first release
    of google-research/bert used the exact (erf) form. ``1 + tanh(u)`` cancels in the left tail;
    the equivalent x·σ(2u) does not.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> gelu_tanh([-1.0, 0.0, 1.0]).round(4)
        array([-0.1588,  0.    ,  0.8412])
    """

    def kernel(v: Array) -> Array:
        two_u = _gelu_tanh_argument(v)
        out = v * logistic(two_u)
        return patch(
            out,
            two_u < SUBNORMAL_TAIL,
            v,
            lambda t: times_vanishing(t, log_expit(_gelu_tanh_argument(t))),
        )

    return evaluate(x, lambda v: with_limits(v, kernel, -0.0, np.inf))


def _gelu_tanh_grad_ext(x: NDArray[np.longdouble]) -> NDArray[np.longdouble]:
    """σ(2u)·(1 + x·σ(−2u)·2u′) in extended precision, for x < 0 (so e^{2u} < 1)."""
    e = np.exp(x * (GELU_TANH_A1_EXT + GELU_TANH_A3_EXT * x * x))
    slope = GELU_TANH_A1_EXT + 3 * GELU_TANH_A3_EXT * x * x
    return e / (1 + e) * (1 + x * slope / (1 + e))


def gelu_tanh_grad(x: ArrayLike) -> Array:
    r"""Derivative of the tanh-approximated GELU.

    .. math::
        f'(x) = \sigma(2u) + x\,\sigma(2u)\,\sigma(-2u)\,2u'(x), \quad
        2u'(x) = 2\sqrt{2/\pi}\,\bigl(1 + 3c\,x^{2}\bigr)

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> float(gelu_tanh_grad(0.0))
        0.5
    """

    def slope(v: Array) -> Array:
        v = np.clip(v, -1e100, 1e100)
        return GELU_TANH_A1 + 3.0 * GELU_TANH_A3 * (v * v)

    def kernel(v: Array) -> Array:
        two_u = _gelu_tanh_argument(v)
        out = logistic(two_u) + v * logistic_slope(two_u) * slope(v)
        out = refine(out, v, v, _gelu_tanh_grad_ext, GELU_TANH_GRAD_WINDOW)

        def tail(t: Array) -> Array:
            # f′ = σ(2u)·(1 + x·σ(−2u)·2u′) with σ(−2u) = 1 here; the bracket is negative.
            bracket = 1.0 + np.maximum(t, -1e100) * slope(t)
            return -np.exp(log_expit(_gelu_tanh_argument(t)) + np.log(-bracket))

        return patch(out, two_u < SUBNORMAL_TAIL, v, tail)

    return evaluate(x, lambda v: with_limits(v, kernel, 0.0, 1.0))


# --- Swish / SiLU ----------------------------------------------------------------------------


def _swish_argument(x: Array, beta: float) -> Array:
    """t = βx without overflow: for β > 1 and |x| > 1e307, σ(βx) is 0 or 1 either way."""
    return beta * (np.clip(x, -1e307, 1e307) if beta > 1.0 else x)


def swish(x: ArrayLike, beta: float = SWISH_BETA) -> Array:
    r"""Swish (β = 1: SiLU, the sigmoid linear unit).

    .. math::
        \mathrm{swish}_\beta(x) = x\,\sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}

    β = 0 gives x/2; β → ∞ gives ReLU. Smooth everywhere but not monotonic for any β > 0:
    the minimum is −W(1/e)/β ≈ −0.2785/β at x = −(1 + W(1/e))/β ≈ −1.2785/β (W: Lambert W).

    Args:
        x: input, a scalar or an array of any shape.
        beta: the sharpness β, in [0, 10]. Default: :data:`SWISH_BETA` (SiLU).

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> swish([-1.0, 0.0, 2.0]).round(4)
        array([-0.2689,  0.    ,  1.7616])
        >>> swish([-1.0, 2.0], beta=0.0)
        array([-0.5,  1. ])
    """
    b = float(beta)

    def kernel(v: Array) -> Array:
        t = _swish_argument(v, b)
        out = v * logistic(t)
        return patch(
            out,
            t < SUBNORMAL_TAIL,
            v,
            lambda w: times_vanishing(w, log_expit(_swish_argument(w, b))),
        )

    return evaluate(x, lambda v: with_limits(v, kernel, -np.inf if b == 0 else -0.0, np.inf))


def _swish_grad_ext(t: NDArray[np.longdouble]) -> NDArray[np.longdouble]:
    """σ(t)(1 + tσ(−t)) in extended precision, for t < 0 (one exponential: e^t < 1)."""
    e = np.exp(t)
    return e / (1 + e) * (1 + t / (1 + e))


def swish_grad(x: ArrayLike, beta: float = SWISH_BETA) -> Array:
    r"""Derivative of Swish.

    .. math::
        \mathrm{swish}_\beta'(x) = \sigma(\beta x)\,\bigl(1 + \beta x\,(1 - \sigma(\beta x))\bigr)

    For β = 1, f′(0) = ½ and f′ ranges over [−0.0998, 1.0998] with the extremes at x = ∓2.3994.
    The equivalent ``f + σ(1 − f)`` cancels catastrophically (0 instead of 1 at x = 1e17);
    here 1 − σ(βx) is computed as σ(−βx).

    Args:
        x: input, a scalar or an array of any shape.
        beta: the sharpness β, in [0, 10]. Default: :data:`SWISH_BETA` (SiLU).

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> float(swish_grad(0.0))
        0.5
        >>> float(swish_grad(1e17))
        1.0
    """
    b = float(beta)

    def kernel(v: Array) -> Array:
        t = _swish_argument(v, b)
        out = logistic(t) * (1.0 + t * expit(-t))
        out = refine(out, v, t, lambda w: _swish_grad_ext(EXT(b) * w), SWISH_GRAD_WINDOW)

        def tail(w: Array) -> Array:
            u = b * np.maximum(w, -1e300)
            return -np.exp(log_expit(u) + np.log(-(1.0 + u)))

        return patch(out, t < SUBNORMAL_TAIL, v, tail)

    return evaluate(
        x, lambda v: with_limits(v, kernel, 0.5 if b == 0 else 0.0, 0.5 if b == 0 else 1.0)
    )


def silu(x: ArrayLike) -> Array:
    """SiLU, the sigmoid linear unit: :func:`swish` with β = 1 (PyTorch ``nn.SiLU``)."""
    return swish(x, 1.0)


def silu_grad(x: ArrayLike) -> Array:
    """Derivative of SiLU: :func:`swish_grad` with β = 1."""
    return swish_grad(x, 1.0)


# --- Softplus and Mish -----------------------------------------------------------------------


def softplus(x: ArrayLike) -> Array:
    r"""Softplus, a smooth ReLU.

    .. math::
        \mathrm{softplus}(x) = \ln\bigl(1 + e^{x}\bigr)

    ``np.log(1 + np.exp(x))`` is inf past 709.78 and 0 below −36.7;
    max(0, x) + ln(1 + e^{−|x|}) (with ``log1p``) is neither.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> softplus([-1.0, 0.0, 1.0]).round(4)
        array([0.3133, 0.6931, 1.3133])
        >>> float(softplus(1000.0)), float(softplus(-800.0))
        (1000.0, 0.0)
    """
    # This is what np.logaddexp(0, x) computes, but logaddexp warns "invalid value" at ±inf
    # and NaN; these three ufuncs do not.
    return evaluate(x, lambda v: np.maximum(v, 0.0) + np.log1p(np.exp(-np.abs(v))))


def softplus_grad(x: ArrayLike) -> Array:
    r"""Derivative of Softplus: the logistic sigmoid.

    .. math::
        \mathrm{softplus}'(x) = \sigma(x)

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> float(softplus_grad(0.0))
        0.5
    """
    return evaluate(x, logistic)


def _mish_parts(x: Array) -> tuple[Array, Array]:
    """tanh(softplus x) and x·(1 − tanh²(softplus x))·σ(x), both without cancellation.

    With e = eˣ, tanh(ln(1 + e)) = ((1+e)² − 1)/((1+e)² + 1) = e(e + 2)/(e² + 2e + 2), and
    (1 − tanh²)·σ = 4e(1 + e)/(e² + 2e + 2)². For x > 0 both are rewritten in q = e^{−x}
    so nothing overflows: (1 + 2q)/(1 + 2q + 2q²) and 4q²(1 + q)/(1 + 2q + 2q²)².
    All terms are positive: no cancellation.
    """
    p = np.exp(-np.abs(x))  # e for x ≤ 0, q for x > 0
    positive = x > 0.0
    square = np.where(positive, 2.0, 1.0)  # coefficient of p² in the denominator
    denominator = (3.0 - square) + p * (2.0 + square * p)  # 1 + 2q + 2q² or 2 + 2e + e²
    tanh_sp = np.where(positive, 1.0 + 2.0 * p, p * (2.0 + p)) / denominator
    weight = 4.0 * p * np.where(positive, p, 1.0) * (1.0 + p) / (denominator * denominator)
    return tanh_sp, x * weight


def _mish_grad_ext(x: NDArray[np.longdouble]) -> NDArray[np.longdouble]:
    """Mish′ for x ≤ 0 in extended precision: (n(n + 2) + 4x·e(1 + e))/(n + 2)², n = e(e + 2)."""
    e = np.exp(x)
    n = e * (e + 2)
    return (n * (n + 2) + 4 * x * e * (1 + e)) / ((n + 2) * (n + 2))


def mish(x: ArrayLike) -> Array:
    r"""Mish, a self-regularised non-monotonic activation.

    .. math::
        \mathrm{mish}(x) = x\,\tanh\bigl(\mathrm{softplus}(x)\bigr)
        = x\,\tanh\bigl(\ln(1 + e^{x})\bigr)

    The minimum is −0.30884 at x = −1.19243.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> mish([-1.0, 0.0, 1.0]).round(4)
        array([-0.3034,  0.    ,  0.8651])
    """

    def kernel(v: Array) -> Array:
        out = v * _mish_parts(v)[0]
        # tanh(softplus x) ≈ eˣ here: x·eˣ = −exp(x + ln(−x)).
        return patch(
            out, v < SUBNORMAL_TAIL, v, lambda t: times_vanishing(t, np.maximum(t, -1e300))
        )

    return evaluate(x, lambda v: with_limits(v, kernel, -0.0, np.inf))


def mish_grad(x: ArrayLike) -> Array:
    r"""Derivative of Mish.

    .. math::
        \mathrm{mish}'(x) = \tanh\bigl(\mathrm{softplus}(x)\bigr)
            + x\,\sigma(x)\,\bigl(1 - \tanh^{2}(\mathrm{softplus}(x))\bigr)

    f′(0) = 0.6.

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> float(mish_grad(0.0))
        0.6
    """

    def kernel(v: Array) -> Array:
        tanh_sp, rest = _mish_parts(v)
        out = tanh_sp + rest
        out = refine(out, v, v, _mish_grad_ext, MISH_GRAD_WINDOW)
        # f′ ≈ eˣ(1 + x) here: −exp(x + ln(−1 − x)).
        return patch(
            out,
            v < SUBNORMAL_TAIL,
            v,
            lambda t: -np.exp(np.maximum(t, -1e300) + np.log(-1.0 - np.maximum(t, -1e300))),
        )

    return evaluate(x, lambda v: with_limits(v, kernel, 0.0, 1.0))


# --- hardware-friendly: ReLU6, Hard Sigmoid, Hard Swish ------------------------------------
# Piecewise linear or quadratic, so a fixed-point (int8) accelerator computes them with a
# clamp, an add and a multiply: no exp. The values at the kinks follow PyTorch's backward
# passes (a one-sided derivative, or 0 where the frameworks clip).


def _relu6(v: Array) -> Array:
    return np.minimum(np.maximum(v, 0.0), 6.0)  # NaN passes through both


def relu6(x: ArrayLike) -> Array:
    r"""ReLU6, a ReLU capped at 6 (MobileNet; PyTorch ``nn.ReLU6``).

    .. math::
        \mathrm{relu6}(x) = \min\bigl(\max(0, x), 6\bigr)

    Args:
        x: input, a scalar or an array of any shape.

    Returns:
        An array of the same shape as ``x``.

    Examples:
        >>> relu6([-2.0, 0.0, 3.0, 9.0])
        array([0., 0., 3., 6.])
    """
    return evaluate(x, _relu6)


def relu6_grad(x: ArrayLike) -> Array:
    r"""Derivative of ReLU6: 1 on (0, 6), 0 elsewhere, 0 at both kinks (as PyTorch).

    Examples:
        >>> relu6_grad([-1.0, 0.0, 3.0, 6.0, 7.0])
        array([0., 0., 1., 0., 0.])
    """
    # heaviside(nan) is nan, so NaN propagates; at ±inf one factor is 0 and the other 1.
    return evaluate(x, lambda v: np.heaviside(v, 0.0) * np.heaviside(6.0 - v, 0.0))


def hardsigmoid(x: ArrayLike) -> Array:
    r"""Hard sigmoid as PyTorch defines it (``nn.Hardsigmoid``, MobileNetV3): ReLU6(x + 3)/6.

    .. math::
        \mathrm{hardsigmoid}(x) = \min\Bigl(\max\bigl(0, \tfrac{x}{6} + \tfrac12\bigr), 1\Bigr)

    Slope 1/6 on (−3, 3). Keras's old ``hard_sigmoid`` was 0.2x + 0.5 clipped to [0, 1]
    (slope 0.2, kinks at ±2.5): another function with the same name.

    Examples:
        >>> hardsigmoid([-4.0, 0.0, 1.5, 4.0])
        array([0.  , 0.5 , 0.75, 1.  ])
    """
    # (x + 3)/6: x + 3 is exact near −3 (Sterbenz), so the value rounds once or twice.
    return evaluate(x, lambda v: _relu6(v + 3.0) / 6.0)


def hardsigmoid_grad(x: ArrayLike) -> Array:
    """Derivative of the hard sigmoid: 1/6 on (−3, 3), 0 elsewhere and at ±3 (as PyTorch).

    Examples:
        >>> hardsigmoid_grad([-3.0, 0.0, 3.0]) * 6
        array([0., 1., 0.])
    """
    return evaluate(x, lambda v: np.heaviside(v + 3.0, 0.0) * np.heaviside(3.0 - v, 0.0) / 6.0)


def hardswish(x: ArrayLike) -> Array:
    r"""Hard swish (MobileNetV3, Howard et al. 2019; PyTorch ``nn.Hardswish``): x·ReLU6(x + 3)/6.

    .. math::
        \mathrm{hardswish}(x) = \begin{cases} 0, & x \le -3 \\ x(x + 3)/6, & -3 < x < 3 \\
        x, & x \ge 3 \end{cases}

    Piecewise quadratic: the value is continuous, but f′ jumps at both ends, from 0 to −½ at
    −3 and from 3/2 to 1 at 3, so hard swish is C⁰, not C¹.

    Examples:
        >>> hardswish([-4.0, -1.5, 0.0, 1.0, 5.0]).tolist()
        [0.0, -0.375, 0.0, 0.6666666666666666, 5.0]
    """

    def kernel(v: Array) -> Array:
        t = np.clip(v, -3.0, 3.0)  # the quadratic only sees [−3, 3]: no overflow, no inf·0
        quadratic = t * (t + 3.0) / 6.0  # −0.0 at t = −3: the left branch writes 0 instead
        return np.where(v >= 3.0, v, np.where(v <= -3.0, 0.0, quadratic))

    return evaluate(x, kernel)


def hardswish_grad(x: ArrayLike) -> Array:
    """Derivative of hard swish: 0 for x < −3, (2x + 3)/6 on [−3, 3], 1 for x > 3 (as PyTorch,
    which takes the middle branch at both kinks: −½ at −3, 3/2 at 3).

    Examples:
        >>> hardswish_grad([-4.0, -3.0, -1.5, 3.0, 4.0]).tolist()
        [0.0, -0.5, 0.0, 1.5, 1.0]
    """

    def kernel(v: Array) -> Array:
        t = np.clip(v, -3.0, 3.0)
        middle = t / 3.0 + 0.5
        return np.where(v < -3.0, 0.0, np.where(v > 3.0, 1.0, middle))

    return evaluate(x, kernel)


# --- self-normalising: SELU ------------------------------------------------------------------


def selu(x: ArrayLike, scale: float = SELU_SCALE, selu_alpha: float = SELU_ALPHA) -> Array:
    r"""Scaled exponential linear unit (Klambauer et al. 2017; PyTorch ``nn.SELU``): λ·ELU_α.

    .. math::
        \mathrm{selu}(x) = \lambda \begin{cases} x, & x > 0 \\ \alpha\,(e^{x} - 1), & x \le 0
        \end{cases}

    The defaults λ ≈ 1.0507, α ≈ 1.6733 are derived in :mod:`activations.self_normalising`.

    Args:
        x: input, a scalar or an array of any shape.
        scale: λ, in [0.5, 2].
        selu_alpha: α, in [0, 5] (named apart from ELU's ``alpha``: its default differs).

    Examples:
        >>> selu([-1.0, 0.0, 2.0]).round(4)
        array([-1.1113,  0.    ,  2.1014])
    """
    lam, a = float(scale), float(selu_alpha)
    negative = lam * a  # λα once, as the frameworks fold it

    def kernel(v: Array) -> Array:
        with np.errstate(over="ignore"):  # λx past 1.8e308/λ: inf is the rounded result
            positive = lam * v
        return np.where(v > 0.0, positive, negative * np.expm1(np.minimum(v, 0.0)))

    return evaluate(x, kernel)


def selu_grad(x: ArrayLike, scale: float = SELU_SCALE, selu_alpha: float = SELU_ALPHA) -> Array:
    r"""Derivative of SELU: λ for x > 0, λα·eˣ for x ≤ 0 (λα at 0, as PyTorch).

    f′ jumps at 0 (from λα ≈ 1.758 to λ ≈ 1.051) unless α = 1.

    Examples:
        >>> selu_grad([-1.0, 0.0, 2.0]).round(4)
        array([0.6468, 1.7581, 1.0507])
    """
    lam, a = float(scale), float(selu_alpha)
    negative = lam * a

    def kernel(v: Array) -> Array:
        out = np.where(v > 0.0, lam, negative * np.exp(np.minimum(v, 0.0)))
        if negative > 0.0:
            # λα·eˣ with eˣ subnormal would scale its rounding error: use e^{x + ln λα}.
            out = patch(out, v < SUBNORMAL_TAIL, v, lambda t: np.exp(t + np.log(negative)))
        return out

    return evaluate(x, kernel)


# --- Squared ReLU ----------------------------------------------------------------------------


def squared_relu(x: ArrayLike) -> Array:
    r"""Squared ReLU (So et al. 2021, Primer): max(0, x)².

    .. math::
        \mathrm{squared\_relu}(x) = \max(0, x)^2

    Past x ≈ 1.34e154 the square exceeds float64's largest number and the correctly rounded
    result is inf (the overflow is the answer, so its warning is not raised).

    Examples:
        >>> squared_relu([-2.0, 0.5, 3.0])
        array([0.  , 0.25, 9.  ])
    """

    def kernel(v: Array) -> Array:
        with np.errstate(over="ignore"):
            return np.square(np.maximum(v, 0.0))

    return evaluate(x, kernel)


def squared_relu_grad(x: ArrayLike) -> Array:
    """Derivative of squared ReLU: 2·max(0, x), continuous (f″ jumps at 0: C¹, not C²).

    Examples:
        >>> squared_relu_grad([-2.0, 0.0, 3.0])
        array([0., 0., 6.])
    """

    def kernel(v: Array) -> Array:
        with np.errstate(over="ignore"):  # 2x overflows to inf past 8.99e307: correctly rounded
            return 2.0 * np.maximum(v, 0.0)

    return evaluate(x, kernel)
