"""The numbers quoted in the lecture prose, computed from the activation core.

Content files write ``{{sigmoid.grad_max}}`` instead of typing 0.25; :func:`prose_values`
maps every such name to a formatted string. Most numbers are facts of the symbolic layer
(:func:`activations.facts.facts`); the rest are evaluated on the registry's NumPy functions:
where σ saturates in float64, float32 and bfloat16, how far the tanh approximation of GELU
strays from the exact form, what the source article's misprinted Swish formula gives, how much
of its input's variance ReLU keeps, and how the gradient grows through tanh layers initialised
with gain 5/3 (the 梯度消失 page's own experiment, at its default settings).

Names read ``<registry key>.<fact>``; values are formatted once, by :func:`views.numbers.number`
(the formatter every page uses, re-exported here). The gated pages' numbers (``glu.*``,
``swiglu.*``, from :mod:`views.gated_values`) are merged in, so one mapping fills every content
file.

>>> values = prose_values()
>>> values["sigmoid.grad_max"], values["swish.min_value"]
('0.25', '−0.2785')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import MappingProxyType

from activations import REGISTRY
from activations import low_precision as lp
from activations import softmax as sm
from activations.facts import facts
from activations.landmarks import (
    article_swish,
    gelu_tanh_max_difference,
    max_difference,
    sigmoid_float64_saturation,
    sigmoid_saturation,
    sigmoid_zero,
)
from experiments import regions
from experiments.gradients import COMPARED, gradient_norms, shrink_factor
from experiments.initialisation import recommended_gain
from experiments.self_normalising import layer_moments
from views.gated_values import gated_prose_values
from views.numbers import number

__all__ = ["number", "prose_value", "prose_values", "prose_values_for"]


def _fact(key: str, name: str) -> float:
    """A fact of the symbolic layer at the registry's default parameters."""
    value = getattr(facts(key), name)
    if value is None:
        raise ValueError(f"facts({key!r}) has no {name}")
    return float(value)


def _value(key: str, x: float) -> float:
    """f(x) from the registry at the default parameters."""
    return float(REGISTRY[key].fn(x))


def _slope(key: str, x: float) -> float:
    """f′(x) from the registry at the default parameters."""
    return float(REGISTRY[key].grad(x))


def _relu_variance_ratio() -> float:
    """Var(ReLU(a)) / Var(a) for a ~ N(0, 1), by quadrature of the registry's ReLU: E[h²] is ½
    (half the mean square survives) but E[h] > 0, so the variance keeps less than half."""
    from scipy.integrate import quad  # ~0.2 s to import: only the ReLU lesson's number needs it

    relu = REGISTRY["relu"].fn

    def moment(power: int) -> float:
        def weighted(a: float) -> float:
            return float(relu(a)) ** power * math.exp(-a * a / 2) / math.sqrt(2 * math.pi)

        return quad(weighted, 0.0, math.inf)[0] + quad(weighted, -math.inf, 0.0)[0]

    return moment(2) - moment(1) ** 2


@cache
def _tanh_gain_gradient(depth: int) -> tuple[float, float]:
    """Gradient at layer 1 ÷ at the top layer, and its per-layer factor, for tanh with
    Xavier initialisation and PyTorch's gain 5/3 (the 梯度消失 page's defaults otherwise)."""
    profile = gradient_norms("tanh", depth=depth, init="xavier", gain=recommended_gain("tanh"))
    return shrink_factor(profile.signal)


STACK_DEPTH = 50  # the 梯度消失 page's deepest stack, where the residual switches matter most


@cache
def _stack(key: str, residual: bool, norm: str) -> tuple[float, float, float]:
    """The 梯度消失 page's experiment at :data:`STACK_DEPTH` layers, its defaults otherwise
    (Xavier, gain 1, width 64, seed 0): gradient at layer 1 ÷ at the top, the largest ÷ the
    smallest layer's gradient, and the forward variance at the top ÷ at layer 1."""
    found = gradient_norms(key, depth=STACK_DEPTH, residual=residual, norm=norm)
    signal, variance = found.signal, found.variance
    spread = float(signal.max() / signal.min())
    return shrink_factor(signal)[0], spread, float(variance[-1] / variance[0])


def _level_spread(norm: str) -> float:
    """The widest spread (largest ÷ smallest layer's gradient) of the page's six default
    activations in the residual, pre-``norm`` stack: how level "level" is."""
    return max(_stack(key, True, norm)[1] for key in COMPARED)


DEEP = 50  # layers of the 硬件友好与自归一化 page's network at its default depth


def _deep(key: str, moment: str) -> float:
    """The mean or variance of layer :data:`DEEP` of the page's LeCun-normal chain."""
    return float(getattr(layer_moments(key, DEEP), moment)[DEEP])


def _regions_default(activation: str, number: str) -> float:
    """The 线性区域 page's opening network (seed 0): its region count or its flat share (%)."""
    plane = regions.plane(activation, regions.DEFAULT_DEPTH, regions.DEFAULT_WIDTH)
    return float(plane.count if number == "count" else 100 * plane.flat_share)


def _regions_grown(depth: int, width: int) -> float:
    """The 线性区域 page's growth table: ReLU regions of ``depth`` layers × ``width``."""
    table = regions.growth()
    return float(table[regions.GROWTH_DEPTHS.index(depth), regions.GROWTH_WIDTHS.index(width)])


def _gelu_gap() -> float:
    return gelu_tanh_max_difference()[0]


def _gelu_gap_at() -> float:
    return gelu_tanh_max_difference()[1]


# The low-precision lesson's numbers, per type: precision.<fact>_<dtype> (activations.low_precision)
_PRECISION_FACTS = {
    "bits": 4,  # significant bits, the hidden one included
    "exponent_bits": 4,
    "roundoff": 2,  # u = 2^−bits
    "largest": 3,
    "tiny": 3,  # the smallest positive (subnormal) number
    "exp_overflow": 4,
    "sigmoid_one": 4,  # σ is exactly 1 from here (the framework's σ in that type)
    "sigmoid_zero": 4,
    "tanh_one": 3,
}


def _precision(fact: str, name: str) -> float:
    """One number of the low-precision lesson, in type ``name``."""
    if fact in ("sigmoid_one", "sigmoid_zero", "tanh_one"):
        key = fact.split("_")[0]
        marks = lp.landmarks(REGISTRY[key].at(), name)
        return marks.values[0 if fact == "sigmoid_zero" else 1].start
    if fact == "tiny":
        return lp.smallest(name)
    found = getattr(lp, {"bits": "significant_bits", "roundoff": "unit_roundoff"}.get(fact, fact))
    return float(found(name))


# name -> (how to compute it, significant digits)
_SPEC: dict[str, tuple[Callable[[], float], int]] = {
    "sigmoid.value_at_0": (lambda: _value("sigmoid", 0.0), 4),
    "sigmoid.grad_max": (lambda: _fact("sigmoid", "grad_max"), 4),
    "sigmoid.grad_max_at": (lambda: _fact("sigmoid", "grad_max_at"), 4),
    "sigmoid.grad_max_pow10": (lambda: _fact("sigmoid", "grad_max") ** 10, 2),
    "sigmoid.grad_at_plus5": (lambda: _fact("sigmoid", "grad_at_plus5"), 4),
    "sigmoid.float64_saturation": (sigmoid_float64_saturation, 4),
    "sigmoid.float32_saturation": (lambda: sigmoid_saturation("float32"), 4),
    "sigmoid.bfloat16_saturation": (lambda: sigmoid_saturation("bfloat16"), 3),
    "sigmoid.float32_zero": (lambda: sigmoid_zero("float32"), 4),
    "sigmoid.float64_zero": (lambda: sigmoid_zero("float64"), 4),
    "tanh.value_at_0": (lambda: _value("tanh", 0.0), 4),
    "tanh.grad_at_0": (lambda: _fact("tanh", "grad_at_0"), 4),
    "tanh.grad_max": (lambda: _fact("tanh", "grad_max"), 4),
    "tanh.grad_max_at": (lambda: _fact("tanh", "grad_max_at"), 4),
    "tanh.grad_at_plus5": (lambda: _fact("tanh", "grad_at_plus5"), 3),
    "tanh.gain_gradient_ratio_20": (lambda: _tanh_gain_gradient(20)[0], 2),
    "tanh.gain_gradient_ratio_50": (lambda: _tanh_gain_gradient(50)[0], 2),
    "tanh.gain_gradient_growth": (lambda: _tanh_gain_gradient(20)[1], 3),
    "sigmoid.plain_ratio_50": (lambda: _stack("sigmoid", False, "none")[0], 2),
    "sigmoid.residual_rmsnorm_ratio_50": (lambda: _stack("sigmoid", True, "rmsnorm")[0], 3),
    "sigmoid.rmsnorm_ratio_50": (lambda: _stack("sigmoid", False, "rmsnorm")[0], 2),
    "sigmoid.layernorm_ratio_50": (lambda: _stack("sigmoid", False, "layernorm")[0], 2),
    "relu.residual_ratio_50": (lambda: _stack("relu", True, "none")[0], 2),
    "relu.residual_variance_50": (lambda: _stack("relu", True, "none")[2], 2),
    "relu.layernorm_ratio_50": (lambda: _stack("relu", False, "layernorm")[0], 2),
    "relu.residual_layernorm_ratio_50": (lambda: _stack("relu", True, "layernorm")[0], 2),
    "relu.residual_rmsnorm_variance_50": (lambda: _stack("relu", True, "rmsnorm")[2], 2),
    "vanishing.rmsnorm_spread_50": (lambda: _level_spread("rmsnorm"), 2),
    "vanishing.layernorm_spread_50": (lambda: _level_spread("layernorm"), 2),
    "relu.grad_at_0": (lambda: _slope("relu", 0.0), 4),
    "relu.variance_ratio": (_relu_variance_ratio, 2),
    "leaky_relu.grad_at_0": (lambda: _slope("leaky_relu", 0.0), 4),
    "leaky_relu.value_at_minus5": (lambda: _value("leaky_relu", -5.0), 4),
    "elu.grad_at_minus5": (lambda: _fact("elu", "grad_at_minus5"), 4),
    "gelu.grad_at_0": (lambda: _fact("gelu", "grad_at_0"), 4),
    "gelu.min_value": (lambda: _fact("gelu", "min_value"), 5),
    "gelu.min_at": (lambda: _fact("gelu", "min_at"), 5),
    "gelu.grad_min": (lambda: _fact("gelu", "grad_min"), 4),
    "gelu.grad_min_at": (lambda: _fact("gelu", "grad_min_at"), 4),
    "gelu.grad_max": (lambda: _fact("gelu", "grad_max"), 4),
    "gelu.grad_max_at": (lambda: _fact("gelu", "grad_max_at"), 4),
    "gelu.tanh_max_diff": (_gelu_gap, 2),
    "gelu.tanh_max_diff_at": (_gelu_gap_at, 4),
    "swish.value_at_2": (lambda: _value("swish", 2.0), 5),
    "swish.article_value_at_2": (lambda: article_swish(2.0), 4),
    "swish.grad_at_0": (lambda: _fact("swish", "grad_at_0"), 4),
    "swish.grad_at_minus10": (lambda: _slope("swish", -10.0), 2),
    "swish.min_value": (lambda: _fact("swish", "min_value"), 4),
    "swish.min_at": (lambda: _fact("swish", "min_at"), 5),
    "swish.grad_min": (lambda: _fact("swish", "grad_min"), 3),
    "swish.grad_min_at": (lambda: _fact("swish", "grad_min_at"), 5),
    "swish.grad_max": (lambda: _fact("swish", "grad_max"), 5),
    "swish.grad_max_at": (lambda: _fact("swish", "grad_max_at"), 5),
    "softplus.value_at_0": (lambda: _value("softplus", 0.0), 4),
    "softplus.grad_at_0": (lambda: _fact("softplus", "grad_at_0"), 4),
    "softplus.grad_at_minus5": (lambda: _fact("softplus", "grad_at_minus5"), 4),
    "mish.grad_at_0": (lambda: _fact("mish", "grad_at_0"), 4),
    "mish.min_value": (lambda: _fact("mish", "min_value"), 5),
    "mish.min_at": (lambda: _fact("mish", "min_at"), 5),
    "relu6.limit_pos_inf": (lambda: _fact("relu6", "limit_pos_inf"), 4),
    "hardsigmoid.grad_max": (lambda: _fact("hardsigmoid", "grad_max"), 4),
    "hardsigmoid.sigmoid_max_diff": (lambda: max_difference("hardsigmoid", "sigmoid")[0], 3),
    "hardsigmoid.sigmoid_max_diff_at": (lambda: max_difference("hardsigmoid", "sigmoid")[1], 4),
    "hardswish.min_value": (lambda: _fact("hardswish", "min_value"), 4),
    "hardswish.min_at": (lambda: _fact("hardswish", "min_at"), 4),
    "hardswish.grad_min": (lambda: _fact("hardswish", "grad_min"), 4),
    "hardswish.grad_max": (lambda: _fact("hardswish", "grad_max"), 4),
    "hardswish.swish_max_diff": (lambda: max_difference("hardswish", "swish")[0], 3),
    "hardswish.swish_max_diff_at": (lambda: max_difference("hardswish", "swish")[1], 4),
    "selu.scale": (lambda: REGISTRY["selu"].defaults()["scale"], 5),
    "selu.alpha": (lambda: REGISTRY["selu"].defaults()["selu_alpha"], 5),
    "selu.limit_neg_inf": (lambda: _fact("selu", "limit_neg_inf"), 4),
    "selu.grad_max": (lambda: _fact("selu", "grad_max"), 4),
    "selu.deep_mean": (lambda: _deep("selu", "mean"), 2),
    "selu.deep_variance": (lambda: _deep("selu", "variance"), 3),
    "relu.deep_variance": (lambda: _deep("relu", "variance"), 2),
    "tanh.deep_variance": (lambda: _deep("tanh", "variance"), 2),
    "squared_relu.grad_at_plus5": (lambda: _fact("squared_relu", "grad_at_plus5"), 4),
    "regions.extent": (lambda: regions.EXTENT, 4),
    "regions.bias_std": (lambda: regions.BIAS_STD, 4),
    "regions.grid_points": (lambda: regions.RESOLUTION, 4),
    "regions.bound_one_layer_3": (lambda: regions.max_regions_one_layer(3), 4),
    "regions.bound_one_layer_8": (lambda: regions.max_regions_one_layer(8), 4),
    "regions.patterns_8": (lambda: 2**8, 4),
    "regions.bound_96": (lambda: regions.max_regions_one_layer(96), 4),
    "regions.default_count": (lambda: _regions_default("relu", "count"), 4),
    "regions.default_flat": (lambda: _regions_default("relu", "flat"), 3),
    "regions.default_swish_flat": (lambda: _regions_default("swish", "flat"), 3),
    "regions.one_layer_16": (lambda: _regions_grown(1, 16), 3),
    "regions.four_by_four": (lambda: _regions_grown(4, 4), 3),
    "regions.deep_6x16": (lambda: _regions_grown(6, 16), 4),
    "softmax.example_top": (lambda: float(sm.softmax(sm.EXAMPLE_LOGITS)[0]), 3),
    "softmax.example_grad_top": (lambda: float(sm.cross_entropy_grad(sm.EXAMPLE_LOGITS, 0)[0]), 3),
    **{
        f"precision.{fact}_{name}": (lambda fact=fact, name=name: _precision(fact, name), digits)
        for name in lp.DTYPES
        for fact, digits in _PRECISION_FACTS.items()
    },
    "softmax.exp_overflow": (lambda: sm.EXP_OVERFLOW, 5),
    "softmax.exp_underflow": (lambda: sm.EXP_UNDERFLOW, 5),
}


def prose_values() -> dict[str, str]:
    """Every ``{{name}}`` the lecture prose may use, mapped to its formatted number.

    Computed once per process and shared by all sessions; each call returns a fresh dict, so
    a caller cannot change what the next one sees. The first call derives the SymPy facts of
    every function (tens of seconds); a page that needs a few names should call
    :func:`prose_values_for` instead.
    """
    values = {name: prose_value(name) for name in _SPEC}
    gated = _gated()
    clash = sorted(set(values) & set(gated))
    if clash:
        raise RuntimeError(f"prose value names defined twice: {clash}")
    return {**values, **gated}


def prose_values_for(names: Iterable[str]) -> dict[str, str]:
    """Only the ``names`` given, e.g. ``placeholders(text)`` of the prose a page shows.

    >>> prose_values_for(["swish.min_at"])
    {'swish.min_at': '−1.2785'}
    """
    return {name: prose_value(name) for name in names}


@cache
def prose_value(name: str) -> str:
    """One formatted number; ``KeyError`` for a name no content may use, ``ValueError`` for a
    fact that came out infinite or NaN."""
    if name in _SPEC:
        compute, digits = _SPEC[name]
        value = compute()
        if not math.isfinite(value):  # "∞" or "—" in a sentence would hide a broken fact
            raise ValueError(f"prose number {name} must be finite, got {value}")
        return number(value, digits)
    return _gated()[name]


@cache
def _gated() -> Mapping[str, str]:
    """The gated pages' own numbers (GLU toy runs, FFN budgets), computed once."""
    return MappingProxyType(gated_prose_values())
