r"""Softmax, log-sum-exp and cross-entropy: the multi-class output layer, computed stably.

Softmax turns a vector of logits into a probability distribution:

.. math::
    \operatorname{softmax}(x; T)_i = \frac{e^{x_i/T}}{\sum_j e^{x_j/T}}

with temperature T > 0 (T = 1 is the plain softmax). It is not element-wise: every output
depends on every logit, so its derivative is a matrix, the Jacobian (1/T)(diag(p) − ppᵀ).

The textbook formula overflows in float64: ``exp`` is ``inf`` above 709.78, and ``inf/inf``
is NaN, although the distribution is perfectly ordinary (softmax ignores a constant added to
every logit). The stable form subtracts the largest logit first, the *log-sum-exp trick*:

.. math::
    \log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}, \qquad m = \max_j z_j

so the largest exponential is e⁰ = 1 (no overflow) and the sum is at least 1 (no 0/0).
:func:`naive_softmax` keeps the textbook formula on purpose, for the page's overflow demo.

Conventions, as everywhere in :mod:`activations`: inputs are float64 arrays (a scalar row is
not a distribution: at least one logit), the last axis holds the classes, NaN propagates (a
row with a NaN logit is all NaN), and nothing emits a ``RuntimeWarning``. A logit of −∞ gets
probability 0 (how attention masks work); a row holding +∞, or only −∞, has no finite
distribution and is NaN, as ``inf − inf`` is in NumPy.

>>> softmax([2.0, 1.0, 0.1]).round(4)
array([0.659 , 0.2424, 0.0986])
>>> naive_softmax([1000.0, 999.0]), softmax([1000.0, 999.0]).round(4)
(array([nan, nan]), array([0.7311, 0.2689]))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "EXAMPLE_LOGITS",
    "EXP_OVERFLOW",
    "EXP_UNDERFLOW",
    "Steps",
    "check_temperature",
    "cross_entropy",
    "cross_entropy_grad",
    "jacobian",
    "log_softmax",
    "logsumexp",
    "naive_softmax",
    "naive_steps",
    "one_hot",
    "softmax",
    "stable_steps",
    "two_class_latex",
]

Array = NDArray[np.float64]

EXAMPLE_LOGITS = (2.0, 1.0, 0.1, -1.0)
"""Four classes' logits: the page's default and the prose's worked example."""

_FLOAT64 = np.finfo(np.float64)
EXP_OVERFLOW = math.log(float(_FLOAT64.max))
"""709.78…: ``np.exp`` of anything larger is ``inf``."""
EXP_UNDERFLOW = math.log(2.0) * (_FLOAT64.minexp - _FLOAT64.nmant - 1)
"""−745.13… = ln 2⁻¹⁰⁷⁵ (half the smallest subnormal): ``np.exp`` of anything smaller is 0."""


def check_temperature(temperature: object) -> float:
    """``temperature`` as a float, or ``ValueError`` unless it is a finite number > 0.

    >>> check_temperature(0.5)
    0.5
    >>> check_temperature(0)
    Traceback (most recent call last):
    ...
    ValueError: temperature must be a finite number > 0, got 0
    """
    try:
        value = float(temperature)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and value > 0.0):  # also rejects NaN
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    return value


def _logits(logits: ArrayLike) -> Array:
    x = np.asarray(logits, dtype=np.float64)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("softmax needs at least one logit along the last axis")
    return x


def _shifted(logits: ArrayLike, temperature: object) -> tuple[Array, Array]:
    """(z − m, m) with z = x/T and m the row maximum of x/T, formed as (x − max x)/T."""
    x, t = _logits(logits), check_temperature(temperature)
    top = np.max(x, axis=-1, keepdims=True)  # NaN in a row: NaN, silently
    # invalid: inf − inf in a row holding +inf or only −inf, which has no finite distribution
    # (NaN, as documented). over: logits ~1e308 apart, or a tiny T, give −inf, whose weight
    # exp(−inf) = 0 is the right limit. Nothing else here can warn.
    with np.errstate(invalid="ignore", over="ignore"):
        return (x - top) / t, top / t


def _log_sum_exp(shifted: Array) -> Array:
    """log Σⱼ e^{sⱼ} of rows whose maximum is 0, keeping the last axis (length 1).

    The maximum's term is e⁰ = 1, so the sum is 1 + r with r the other terms; log1p(r) keeps
    the digits of a small r that log(1 + r) would round away (LSE([0, −11]) ≈ 1.67e−5).
    """
    exps = np.exp(shifted)
    np.put_along_axis(exps, np.argmax(shifted, axis=-1, keepdims=True), 0.0, axis=-1)
    return np.log1p(np.sum(exps, axis=-1, keepdims=True))


def softmax(logits: ArrayLike, temperature: float = 1.0) -> Array:
    r"""Softmax along the last axis, stable for any finite logits.

    Computes:

    .. math::
        p_i = \frac{e^{x_i/T}}{\sum_j e^{x_j/T}} = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}},
        \quad z = x/T,\ m = \max_j z_j

    Args:
        logits: real scores, the classes along the last axis (any leading shape).
        temperature: T > 0. Default: ``1.0``. T > 1 flattens the distribution, T < 1
            sharpens it; T → 0 tends to the one-hot argmax (for a unique maximum).

    Returns:
        Probabilities of the same shape: each in [0, 1] (in (0, 1) mathematically; float64
        rounds far-apart logits to 0 or 1), each row summing to 1.

    Raises:
        ValueError: for no logits, or a temperature that is not a finite number > 0.

    Examples:
        >>> softmax([0.0, 0.0]), softmax([2.0, 1.0, 0.1], temperature=100.0).round(3)
        (array([0.5, 0.5]), array([0.337, 0.333, 0.33 ]))
        >>> bool(np.array_equal(softmax([1.0, 2.0]), softmax([1001.0, 1002.0])))
        True
        >>> softmax([[1.0, float("nan")], [0.0, -float("inf")]])
        array([[nan, nan],
               [ 1.,  0.]])

    See also: :func:`log_softmax`, :func:`logsumexp`, :func:`naive_softmax`.
    """
    exps = np.exp(_shifted(logits, temperature)[0])  # every exponent ≤ 0: no overflow
    return exps / np.sum(exps, axis=-1, keepdims=True)  # the sum is ≥ 1 (the e⁰ term)


def logsumexp(logits: ArrayLike, temperature: float = 1.0) -> Array:
    r"""log Σⱼ e^{xⱼ/T} along the last axis, without overflow: the log-sum-exp trick.

    .. math::
        \operatorname{LSE}(z) = m + \log \sum_j e^{z_j - m}, \quad z = x/T,\ m = \max_j z_j

    A smooth maximum: max z ≤ LSE(z) ≤ max z + log K for K classes.

    Args:
        logits: real scores, the classes along the last axis.
        temperature: T > 0. Default: ``1.0``.

    Returns:
        One value per row (the last axis removed).

    Examples:
        >>> float(logsumexp([1000.0, 1000.0]))  # 1000 + ln 2; the naive form gives inf
        1000.6931471805599
        >>> logsumexp([[0.0, -np.inf], [np.inf, 0.0], [-np.inf, -np.inf], [np.nan, 0.0]])
        array([  0.,  inf, -inf,  nan])
    """
    shifted, top = _shifted(logits, temperature)
    with np.errstate(over="ignore"):  # top near the float64 limit: inf, the right answer
        found = top + _log_sum_exp(shifted)
    # A row holding +∞ (or only −∞) has no finite distribution, but its LSE is that ±∞.
    return np.where(np.isinf(top), top, found)[..., 0]


def log_softmax(logits: ArrayLike, temperature: float = 1.0) -> Array:
    r"""log softmax along the last axis: (z − m) − log Σⱼ e^{zⱼ − m}, z = x/T.

    ``np.log(softmax(x))`` is −∞ where a probability has underflowed to 0; this is not.

    Examples:
        >>> log_softmax([0.0, -800.0])
        array([   0., -800.])
        >>> with np.errstate(divide="ignore"):
        ...     np.log(softmax([0.0, -800.0]))
        array([  0., -inf])
    """
    shifted, _ = _shifted(logits, temperature)
    return shifted - _log_sum_exp(shifted)


@dataclass(frozen=True)
class Steps:
    """The three steps of a softmax, kept for display: e^(·), their sum, the quotient."""

    exps: Array
    total: float
    probabilities: Array


def naive_steps(logits: ArrayLike) -> Steps:
    """The textbook softmax of one row of logits, step by step: exp(x), Σ exp(x), the ratio.

    Overflows on purpose: above ln(max float64) ≈ 709.78 ``exp`` is ``inf`` and ``inf/inf``
    is NaN; below ≈ −745.13 every ``exp`` is 0 and ``0/0`` is NaN.

    >>> naive_steps([1000.0, 0.0])
    Steps(exps=array([inf,  1.]), total=inf, probabilities=array([nan,  0.]))
    """
    x = _logits(logits).reshape(-1)
    # Overflow (exp → inf), inf/inf and 0/0 are what this function exists to show: the page
    # prints the resulting inf and NaN to the student. Silenced here only, so the server log
    # stays clean and pytest's warnings-as-errors holds everywhere else.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exps = np.exp(x)
        total = float(np.sum(exps))
        return Steps(exps, total, exps / total)


def naive_softmax(logits: ArrayLike) -> Array:
    """``exp(x) / sum(exp(x))`` for one row of logits: NaN once a logit passes ≈ 709.78.

    >>> naive_softmax([2.0, 1.0]).round(4), naive_softmax([800.0, 0.0])
    (array([0.7311, 0.2689]), array([nan,  0.]))
    """
    return naive_steps(logits).probabilities


def stable_steps(logits: ArrayLike) -> Steps:
    """One row of logits step by step with the maximum subtracted: exp(x − m), Σ, the ratio.

    >>> stable_steps([1000.0, 0.0]).exps
    array([1., 0.])
    """
    shifted, _ = _shifted(_logits(logits).reshape(-1), 1.0)
    exps = np.exp(shifted)
    total = float(np.sum(exps))
    return Steps(exps, total, exps / total)


def jacobian(logits: ArrayLike, temperature: float = 1.0) -> Array:
    r"""∂pᵢ/∂xⱼ of p = softmax(x/T) for one row of K logits: a K × K matrix.

    .. math::
        J = \frac{1}{T}\left(\operatorname{diag}(p) - p\,p^{\top}\right), \qquad
        J_{ij} = \frac{1}{T}\, p_i\,(\delta_{ij} - p_j)

    Symmetric; every row and every column sums to 0 (the probabilities always sum to 1, and
    adding a constant to every logit changes nothing). The diagonal pᵢ(1 − pᵢ) is σ′ for two
    classes.

    Examples:
        >>> jacobian([0.0, 0.0])
        array([[ 0.25, -0.25],
               [-0.25,  0.25]])
    """
    x = _logits(logits)
    if x.ndim != 1:
        raise ValueError(f"jacobian takes one row of logits, got shape {x.shape}")
    p, t = softmax(x, temperature), check_temperature(temperature)
    return (np.diag(p) - np.outer(p, p)) / t


def one_hot(target: int, classes: int) -> Array:
    """The label as a vector: 1 at ``target``, 0 elsewhere.

    >>> one_hot(1, 3)
    array([0., 1., 0.])
    """
    if not 0 <= target < classes:
        raise ValueError(f"target must be a class index in [0, {classes - 1}], got {target}")
    label = np.zeros(classes)
    label[target] = 1.0
    return label


def cross_entropy(logits: ArrayLike, target: int, temperature: float = 1.0) -> float:
    r"""−log pₜ for the true class t, from the logits: LSE(z) − zₜ, z = x/T.

    Never forms pₜ itself, so a confidently wrong prediction costs a large finite loss, not
    −log 0 = ∞. PyTorch's ``F.cross_entropy`` also takes logits, for the same reason.

    Examples:
        >>> round(cross_entropy([2.0, 1.0, 0.1], 0), 4)
        0.417
        >>> cross_entropy([0.0, 1000.0], 0)  # log(softmax) would give inf
        1000.0
    """
    x = _logits(logits)
    if x.ndim != 1:
        raise ValueError(f"cross_entropy takes one row of logits, got shape {x.shape}")
    one_hot(target, x.size)  # range check
    return float(-log_softmax(x, temperature)[target])


def cross_entropy_grad(logits: ArrayLike, target: int, temperature: float = 1.0) -> Array:
    r"""∂L/∂x of L = −log softmax(x/T)ₜ: (p − y)/T, y the one-hot label.

    At T = 1 this is "prediction minus label": bounded in [−1, 1], summing to 0, large
    exactly where the prediction is wrong. The exp of softmax and the log of the loss cancel,
    so nothing saturates.

    Examples:
        >>> cross_entropy_grad([2.0, 1.0, 0.1], 0).round(4)
        array([-0.341 ,  0.2424,  0.0986])
    """
    x = _logits(logits)
    if x.ndim != 1:
        raise ValueError(f"cross_entropy_grad takes one row of logits, got shape {x.shape}")
    return (softmax(x, temperature) - one_hot(target, x.size)) / check_temperature(temperature)


# --- SymPy: the two-class case, derived rather than typed ------------------------------------


@cache
def two_class_latex() -> tuple[str, str]:
    r"""LaTeX of softmax([x, 0]) = (σ(x), σ(−x)) and of ∂p₁/∂x = σ′(x), derived by SymPy.

    The softmax of the two logits x and 0 is built from its definition, checked equal to the
    registry's sigmoid (p₁) and to σ(−x) (p₂), and differentiated; the derivative is checked
    equal to the symbolic layer's σ′ (an ``ArithmeticError`` if any check fails).

    >>> identity, slope = two_class_latex()
    >>> print(*identity.split(" = ")[1:], sep="\n")
    \left( \frac{e^{x}}{e^{x} + 1}, \  \frac{1}{e^{x} + 1}\right)
    \left( \sigma\left(x\right), \  \sigma\left(- x\right)\right)
    >>> print(*slope.split(" = ")[1:], sep="\n")
    \frac{e^{x}}{\left(e^{x} + 1\right)^{2}}
    \sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)
    """
    from activations.registry import REGISTRY, X
    from activations.symbolic import derivative, latex_grad, plain, sigma

    logits = (X, sp.Integer(0))
    total = sum(sp.exp(z) for z in logits)
    first, second = (sp.exp(z) / total for z in logits)
    sigmoid = REGISTRY["sigmoid"].expr()
    if sp.simplify(first - sigmoid) != 0 or sp.simplify(second - sigmoid.subs(X, -X)) != 0:
        raise ArithmeticError("softmax([x, 0]) should be (σ(x), σ(−x))")
    slope = sp.factor(sp.diff(first, X))
    if sp.simplify(slope - plain(derivative("sigmoid"))) != 0:
        raise ArithmeticError("∂p₁/∂x should be σ′(x)")
    identity = " = ".join(
        (
            r"\operatorname{softmax}\left(\left[x,\ 0\right]\right)",
            sp.latex(sp.Tuple(first, second)),
            sp.latex(sp.Tuple(sigma(X), sigma(-X))),
        )
    )
    names = (r"\frac{\partial p_1}{\partial x}", sp.latex(slope), latex_grad("sigmoid"))
    return identity, " = ".join(names)
