"""The registry: every element-wise activation declared once.

Pages, figures, facts, tests and content lookup iterate :data:`REGISTRY`; nothing else lists
activation names. An entry holds the names, the parameters with their ranges, the stable NumPy
function and derivative (:mod:`activations.elementwise`), the SymPy expression (the single
hand-written formula; :mod:`activations.symbolic` derives everything else from it) and the
qualitative metadata the pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import sympy
from numpy.typing import ArrayLike, NDArray

from activations import elementwise as ew
from activations.constants import ELU_ALPHA, GELU_TANH_CUBIC, NEGATIVE_SLOPE, SWISH_BETA
from activations.named_functions import Phi, relu, sigma, softplus
from activations.self_normalising import SELU_ALPHA, SELU_SCALE

__all__ = ["REGISTRY", "Activation", "Configured", "Of", "Param", "X", "resolve"]

X = sympy.Symbol("x", real=True)
"""The real variable every expression is written in."""


@dataclass(frozen=True)
class Param:
    """A real parameter of an activation, with the range a slider may cover.

    Attributes:
        name: keyword name, as in PyTorch (``negative_slope``, ``alpha``, ``beta``).
        default: default value.
        low: smallest allowed value (inclusive).
        high: largest allowed value (inclusive).
        step: slider step.
        latex: LaTeX symbol, e.g. ``r"\\beta"``.
    """

    name: str
    default: float
    low: float
    high: float
    step: float
    latex: str

    def check(self, value: object) -> float:
        """Return ``value`` as a float, or raise ``ValueError`` naming the parameter and range.

        >>> Param("beta", 1.0, 0.0, 10.0, 0.1, r"\\beta").check(-5)
        Traceback (most recent call last):
        ...
        ValueError: beta must be in [0, 10], got -5
        """
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(
                f"{self.name} must be a real number in [{_fmt(self.low)}, {_fmt(self.high)}], "
                f"got {value!r}"
            ) from None
        if not (self.low <= number <= self.high):  # also rejects nan
            raise ValueError(
                f"{self.name} must be in [{_fmt(self.low)}, {_fmt(self.high)}], got {value!r}"
            )
        return number

    def symbol(self) -> sympy.Symbol:
        """The one SymPy symbol of this parameter, wherever it stays symbolic (general forms,
        the Swish family's limits in β, the gated units' gates).

        Named by its LaTeX, so it prints as :attr:`latex` and sorts as a Greek letter does
        (before a and x: σ(βa), not σ(aβ)); nonnegative, or positive when 0 is out of range.
        """
        if self.low > 0:
            return sympy.Symbol(self.latex, positive=True)
        return sympy.Symbol(self.latex, nonnegative=True)

    def text(self, value: float) -> str:
        """``β = 1.5``: the parameter at a value, as a heading or caption writes it.

        >>> Param("beta", 1.0, 0.0, 10.0, 0.1, r"\\beta").text(2.0)
        'β = 2'
        """
        return f"{_UNICODE.get(self.latex, self.latex)} = {value:g}"


_UNICODE = {r"\alpha": "α", r"\beta": "β", r"\lambda": "λ"}


def _fmt(number: float) -> str:
    """1.0 -> '1', 0.5 -> '0.5' (ranges read as written: [0, 10])."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def sympy_number(value: float) -> sympy.Expr:
    """Integer-valued floats become SymPy integers (β = 1 prints as x, not 1.0 x)."""
    return sympy.Integer(int(value)) if float(value).is_integer() else sympy.Float(value)


Kernel = Callable[..., NDArray[np.floating]]


@dataclass(frozen=True)
class Activation:
    """One element-wise activation function.

    Attributes:
        key: registry key, also the content file name (``content/<lang>/<key>.md``).
        name_en: English display name.
        function: the stable NumPy implementation, ``function(x, **params)``.
        derivative: its derivative df/dx, same signature.
        build_expr: ``build_expr(**params)`` -> SymPy expression in :data:`X`; each parameter
            is a number or a SymPy symbol.
        params: the real parameters, in keyword order.
        zero_centred: odd, f(−x) = −f(x), so outputs average to 0 for inputs symmetric about 0
            (only tanh; Leaky ReLU and ELU get closer to zero mean but are not centred).
        kinks: points where f′ jumps (f is not differentiable there), or where f″ does (ELU
            at α = 1): f is C∞ everywhere else, and :attr:`smooth` when there are none.
        scale_param: the parameter p of a scale family, f_p(x) = f_1(p·x)/p for every p > 0
            (Swish's β: x·σ(βx) = (βx)·σ(βx)/β), or ``None``. The symbolic layer then derives
            the facts once, at p = 1, and scales them for every other p > 0.

    Whether f is monotonic is a fact computed from the formula:
    :attr:`activations.facts.Facts.monotonic`.
    """

    key: str
    name_en: str
    function: Kernel
    derivative: Kernel
    build_expr: Callable[..., sympy.Expr]
    params: tuple[Param, ...] = ()
    zero_centred: bool = False
    kinks: tuple[float, ...] = ()
    scale_param: str | None = None
    _by_name: Mapping[str, Param] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", MappingProxyType({p.name: p for p in self.params}))

    def defaults(self) -> dict[str, float]:
        """The default parameter values, e.g. ``{"beta": 1.0}``."""
        return {p.name: p.default for p in self.params}

    def check(self, **params: object) -> dict[str, float]:
        """Validate ``params`` and return every parameter as a float (defaults filled in).

        Raises:
            ValueError: for an unknown name, or a value outside the declared range
                (the message names the parameter and its range).
        """
        unknown = sorted(set(params) - set(self._by_name))
        if unknown:
            allowed = ", ".join(self._by_name) or "none"
            raise ValueError(f"unknown parameter {unknown[0]!r} for {self.key}; allowed: {allowed}")
        values = self.defaults()
        for name, value in params.items():
            values[name] = self._by_name[name].check(value)
        return values

    def fn(self, x: ArrayLike, **params: object) -> NDArray[np.floating]:
        """f(x): same shape as ``x``; float32 stays float32."""
        return self.function(x, **self.check(**params))

    def grad(self, x: ArrayLike, **params: object) -> NDArray[np.floating]:
        """f′(x) = df/dx: same shape as ``x``; float32 stays float32."""
        return self.derivative(x, **self.check(**params))

    def expr(self, **params: object) -> sympy.Expr:
        """The SymPy expression in :data:`X`.

        Given parameters are substituted (range-checked); missing ones stay symbolic, so
        ``REGISTRY["swish"].expr()`` is the general form with β.
        """
        given = self.check(**params)
        values = {
            p.name: sympy_number(given[p.name]) if p.name in params else p.symbol()
            for p in self.params
        }
        return self.build_expr(**values)

    @property
    def smooth(self) -> bool:
        """C∞ everywhere: no :attr:`kinks`."""
        return not self.kinks

    def at(self, **params: object) -> Configured:
        """This activation at given parameter values (defaults for the rest), checked once.

        >>> REGISTRY["swish"].at(beta=2).text
        'β = 2'
        >>> REGISTRY["swish"].at(beta=99)
        Traceback (most recent call last):
        ...
        ValueError: beta must be in [0, 10], got 99
        """
        checked = self.check(**params)
        return Configured(self, tuple((p.name, checked[p.name]) for p in self.params))


@dataclass(frozen=True)
class Configured:
    """One activation at fixed parameter values, as ``nn.LeakyReLU(0.1)`` is in PyTorch.

    Made by :meth:`Activation.at`, which checks the values once; from then on it computes
    without checking again. It is what travels from a page's sliders to the curve, the
    formula and the facts: :mod:`activations.symbolic` accepts it wherever it takes a key and
    parameters, and :attr:`cache_key` is the plain value its caches are keyed by.

    >>> swish = REGISTRY["swish"].at(beta=2.0)
    >>> float(swish.fn(1.0)), swish.values, swish.label
    (0.8807970779778823, {'beta': 2.0}, 'Swish / SiLU (β = 2)')
    """

    activation: Activation
    given: tuple[tuple[str, float], ...]  # every parameter, in keyword order

    @property
    def key(self) -> str:
        return self.activation.key

    @property
    def values(self) -> dict[str, float]:
        """The parameter values by name, e.g. ``{"beta": 2.0}``."""
        return dict(self.given)

    @property
    def cache_key(self) -> tuple[str, tuple[tuple[str, float], ...]]:
        """Plain values that identify it (key and parameters), for caches."""
        return self.key, self.given

    def fn(self, x: ArrayLike) -> NDArray[np.floating]:
        """f(x): same shape as ``x``; float32 stays float32."""
        return self.activation.function(x, **self.values)

    def grad(self, x: ArrayLike) -> NDArray[np.floating]:
        """f′(x) = df/dx: same shape as ``x``; float32 stays float32."""
        return self.activation.derivative(x, **self.values)

    @property
    def text(self) -> str:
        """The parameters as text, ``β = 2`` (empty without parameters)."""
        by_name = self.values
        return ", ".join(p.text(by_name[p.name]) for p in self.activation.params)

    @property
    def label(self) -> str:
        """The canonical name with the parameters: ``Swish / SiLU (β = 2)``, ``ReLU``."""
        name = self.activation.name_en
        return f"{name} ({self.text})" if self.text else name

    def jumps(self) -> tuple[float, ...]:
        """The kinks where f′ really jumps at these values (ELU's at α = 1 does not)."""
        found = []
        for kink in self.activation.kinks:
            sides = self.grad(np.array([kink - 1e-9, kink + 1e-9]))
            if abs(float(sides[1] - sides[0])) > 1e-6:
                found.append(kink)
        return tuple(found)


Of = str | Configured
"""An activation as the symbolic layer and the facts take it: its registry key (with the
parameters as keywords beside it), or configured (key and values)."""


def resolve(of: Of, params: Mapping[str, object]) -> Configured | str:
    """``of`` itself: a configured activation (then no more ``params``) or a known key.

    >>> resolve("relu", {}), resolve(REGISTRY["swish"].at(beta=2), {}).text
    ('relu', 'β = 2')
    """
    if isinstance(of, Configured):
        if params:
            raise TypeError(f"{of.key} is configured already; got {', '.join(params)} as well")
    elif of not in REGISTRY:
        raise ValueError(f"unknown activation {of!r}; known: {', '.join(REGISTRY)}")
    return of


# --- SymPy expressions: the only hand-written formulas ----------------------------------------
# σ, softplus, Φ and the ReLU are the named functions' elementary forms, written once in
# activations.named_functions.

_GELU_TANH_C = sympy.Float(repr(GELU_TANH_CUBIC), 30)


def _expr_sigmoid() -> sympy.Expr:
    return sigma.elementary(X)


def _expr_tanh() -> sympy.Expr:
    return sympy.tanh(X)


def _expr_relu() -> sympy.Expr:
    return relu.elementary(X)


def _expr_leaky_relu(negative_slope: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((X, X >= 0), (negative_slope * X, True))


def _expr_elu(alpha: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((X, X > 0), (alpha * (sympy.exp(X) - 1), True))


def _expr_gelu() -> sympy.Expr:
    return X * Phi.elementary(X)


def _expr_gelu_tanh() -> sympy.Expr:
    inner = sympy.sqrt(2 / sympy.pi) * (X + _GELU_TANH_C * X**3)
    return X / 2 * (1 + sympy.tanh(inner))


def _expr_swish(beta: sympy.Expr) -> sympy.Expr:
    return X * sigma.elementary(beta * X)


def _expr_softplus() -> sympy.Expr:
    return softplus.elementary(X)


def _expr_mish() -> sympy.Expr:
    return X * sympy.tanh(softplus.elementary(X))


def _expr_relu6() -> sympy.Expr:
    return sympy.Piecewise((0, X <= 0), (X, X < 6), (6, True))


def _expr_hardsigmoid() -> sympy.Expr:
    # PyTorch's (and MobileNetV3's) ReLU6(x + 3)/6; the conditions put f′(±3) = 0, as PyTorch
    return sympy.Piecewise((0, X <= -3), (X / 6 + sympy.Rational(1, 2), X < 3), (1, True))


def _expr_hardswish() -> sympy.Expr:
    # x·ReLU6(x + 3)/6; the middle branch holds both ends, so f′(−3) = −½, f′(3) = 3/2 (PyTorch)
    return sympy.Piecewise((0, X < -3), (X * (X + 3) / 6, X <= 3), (X, True))


def _expr_selu(scale: sympy.Expr, selu_alpha: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((scale * X, X > 0), (scale * selu_alpha * (sympy.exp(X) - 1), True))


def _expr_squared_relu() -> sympy.Expr:
    return sympy.Piecewise((X**2, X > 0), (0, True))


_NEGATIVE_SLOPE = Param("negative_slope", NEGATIVE_SLOPE, 0.0, 1.0, 0.01, "a")
_ALPHA = Param("alpha", ELU_ALPHA, 0.0, 5.0, 0.1, r"\alpha")
_BETA = Param("beta", SWISH_BETA, 0.0, 10.0, 0.1, r"\beta")
# SELU = λ·ELU_α, but its α is its own parameter (``selu_alpha``): shared with ELU's, one slider
# on the compare page would move both off their defaults. The defaults are the fixed point's
# (activations.self_normalising), not typed digits.
_SELU_SCALE = Param("scale", SELU_SCALE, 0.5, 2.0, 0.01, r"\lambda")
_SELU_ALPHA = Param("selu_alpha", SELU_ALPHA, 0.0, 5.0, 0.01, r"\alpha")

_ENTRIES = (
    Activation(
        key="sigmoid",
        name_en="Sigmoid",
        function=ew.sigmoid,
        derivative=ew.sigmoid_grad,
        build_expr=_expr_sigmoid,
    ),
    Activation(
        key="tanh",
        name_en="Tanh",
        function=ew.tanh,
        derivative=ew.tanh_grad,
        build_expr=_expr_tanh,
        zero_centred=True,
    ),
    Activation(
        key="relu",
        name_en="ReLU",
        function=ew.relu,
        derivative=ew.relu_grad,
        build_expr=_expr_relu,
        kinks=(0.0,),
    ),
    Activation(
        key="leaky_relu",
        name_en="Leaky ReLU",
        function=ew.leaky_relu,
        derivative=ew.leaky_relu_grad,
        build_expr=_expr_leaky_relu,
        params=(_NEGATIVE_SLOPE,),
        kinks=(0.0,),
    ),
    Activation(
        key="elu",
        name_en="ELU",
        function=ew.elu,
        derivative=ew.elu_grad,
        build_expr=_expr_elu,
        params=(_ALPHA,),
        kinks=(0.0,),  # at α = 1 f′ is continuous there, but f″ jumps
    ),
    Activation(
        key="gelu",
        name_en="GELU",
        function=ew.gelu,
        derivative=ew.gelu_grad,
        build_expr=_expr_gelu,
    ),
    Activation(
        key="gelu_tanh",
        name_en="GELU (tanh approximation)",
        function=ew.gelu_tanh,
        derivative=ew.gelu_tanh_grad,
        build_expr=_expr_gelu_tanh,
    ),
    Activation(
        key="swish",
        name_en="Swish / SiLU",
        function=ew.swish,
        derivative=ew.swish_grad,
        build_expr=_expr_swish,
        params=(_BETA,),
        scale_param="beta",  # x·σ(βx) = (βx)·σ(βx)/β
    ),
    Activation(
        key="softplus",
        name_en="Softplus",
        function=ew.softplus,
        derivative=ew.softplus_grad,
        build_expr=_expr_softplus,
    ),
    Activation(
        key="mish",
        name_en="Mish",
        function=ew.mish,
        derivative=ew.mish_grad,
        build_expr=_expr_mish,
    ),
    Activation(
        key="relu6",
        name_en="ReLU6",
        function=ew.relu6,
        derivative=ew.relu6_grad,
        build_expr=_expr_relu6,
        kinks=(0.0, 6.0),
    ),
    Activation(
        key="hardsigmoid",
        name_en="Hard Sigmoid",
        function=ew.hardsigmoid,
        derivative=ew.hardsigmoid_grad,
        build_expr=_expr_hardsigmoid,
        kinks=(-3.0, 3.0),
    ),
    Activation(
        key="hardswish",
        name_en="Hard Swish",
        function=ew.hardswish,
        derivative=ew.hardswish_grad,
        build_expr=_expr_hardswish,
        kinks=(-3.0, 3.0),  # f is continuous there, f′ jumps: C⁰, not C¹
    ),
    Activation(
        key="selu",
        name_en="SELU",
        function=ew.selu,
        derivative=ew.selu_grad,
        build_expr=_expr_selu,
        params=(_SELU_SCALE, _SELU_ALPHA),
        kinks=(0.0,),
    ),
    Activation(
        key="squared_relu",
        name_en="Squared ReLU",
        function=ew.squared_relu,
        derivative=ew.squared_relu_grad,
        build_expr=_expr_squared_relu,
        kinks=(0.0,),  # f′ = 2·max(0, x) is continuous there, f″ jumps
    ),
)

REGISTRY: Mapping[str, Activation] = MappingProxyType({a.key: a for a in _ENTRIES})
"""Every element-wise activation, keyed in teaching order."""
