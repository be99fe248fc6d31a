"""A parsed formula studied on a grid: values, derivative, facts, likeness to a built-in.

:func:`analyse` is what the custom-formula page asks for: the formula parsed
(:mod:`activations.formula`), differentiated under a time limit
(:mod:`activations.formula_pool`), typeset and compiled to NumPy, cached by text for every
session. :func:`grid_facts` reads what a reader sees off the plotted interval, and
:func:`matches_builtin` says which registry entry, if any, the formula equals.

>>> found = grid_facts(analyse("tanh(x)"), np.linspace(-6, 6, 1201))
>>> found.trend, found.zero_centred
('increasing', True)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import sympy as sp

from activations.formula import A, CustomExpressionError, X, parse, uses_parameter
from activations.formula_pool import Derivative, derivative

__all__ = [
    "MAX_LATEX_OPS",
    "Analysis",
    "BuiltinMatch",
    "Compiled",
    "GridFacts",
    "Samples",
    "analyse",
    "compile_formula",
    "evaluate",
    "grid_facts",
    "matches_builtin",
    "values_of",
]

MAX_LATEX_OPS = 300  # larger expressions are not typeset (unreadable; slow to print and show)


# --- Values on a grid -------------------------------------------------------------------------


@dataclass(frozen=True)
class Samples:
    """Values of a formula on a grid: ``NaN`` (a gap in the plot) where it is not a finite real.

    ``bad`` counts those points, so the page can say how many were left out.
    """

    x: np.ndarray
    y: np.ndarray
    bad: int


Compiled = Callable[[np.ndarray, float], np.ndarray]


def compile_formula(expr: sp.Expr) -> Compiled | None:
    """NumPy function ``(x, a) -> values`` for ``expr``; ``None`` if SymPy cannot print it.

    Costs milliseconds (SymPy prints and compiles Python source): compile once, then
    :func:`values_of` on as many grids and parameter values as needed.

    ``lambdify`` writes Python source with SymPy's printer from the expression tree, never from
    the user's text: only whitelisted functions and the symbols x and a can appear in it.
    """
    try:
        return sp.lambdify((X, A), expr, modules=["scipy", "numpy"])
    except Exception:  # an unprintable function: plot nothing rather than fail the page
        return None


def values_of(compiled: Compiled | None, x: np.ndarray, a: float) -> Samples:
    """A compiled formula's values on ``x`` with parameter ``a``, as :func:`evaluate` says."""
    x = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        try:
            values = compiled(x, float(a)) if compiled else np.nan
        except (ArithmeticError, ValueError, TypeError, NameError):
            values = np.nan
        values = np.broadcast_to(np.asarray(values), x.shape)  # a constant gives a scalar
        if np.iscomplexobj(values):
            values = np.where(values.imag == 0, values.real, np.nan)
        values = np.array(values, dtype=float)
    values[~np.isfinite(values)] = np.nan
    return Samples(x, values, int(np.isnan(values).sum()))


def evaluate(expr: sp.Expr, x: np.ndarray, a: float = 1.0) -> Samples:
    """``expr`` at each point of ``x``, with parameter ``a``; NaN where not a finite real.

    Runs under ``np.errstate(all="ignore")``: log(0), 0/0 and overflow become gaps, never
    warnings.

    >>> curve = evaluate(parse("log(x)"), np.array([-1.0, 0.0, 1.0]))
    >>> curve.y.tolist(), curve.bad
    ([nan, nan, 0.0], 2)
    """
    return values_of(compile_formula(expr), x, a)


# --- Everything the page needs, cached by text ------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """A parsed formula with its derivative, LaTeX (``""`` if too large) and NumPy functions."""

    text: str
    expr: sp.Expr
    grad: Derivative
    latex: str
    grad_latex: str
    f: Compiled | None
    df: Compiled | None

    @property
    def uses_a(self) -> bool:
        return uses_parameter(self.expr)

    @property
    def uses_step(self) -> bool:
        """Whether f′ contains the Heaviside step θ (f has a kink, as max or abs make)."""
        return self.grad.shown.has(sp.Heaviside)

    def curves(self, x: np.ndarray, a: float = 1.0) -> tuple[Samples, Samples]:
        """f and f′ on the grid ``x``; f′ is a gap wherever f is (log x has no slope at x < 0,
        although SymPy's 1/x does)."""
        value, slope = values_of(self.f, x, a), values_of(self.df, x, a)
        masked = np.where(np.isnan(value.y), np.nan, slope.y)
        return value, Samples(slope.x, masked, int(np.isnan(masked).sum()))

    def builtin(self, a: float = 1.0) -> BuiltinMatch | None:
        """The built-in this formula equals at parameter ``a`` (see :func:`matches_builtin`)."""
        return _builtin(self.text, float(a))


def analyse(text: str) -> Analysis:
    """Parse, differentiate, typeset and compile ``text``; cached by text for all sessions.

    Raises:
        CustomExpressionError: when :func:`parse` refuses it or ``diff`` is too slow.

    >>> analyse("x*sigmoid(x)").grad.status
    'simplified'
    """
    # One computation per text at a time: a class opening the page together asks for the same
    # default formula, and without this each would start its own worker process.
    with _ANALYSIS_LOCKS[hash(text) % len(_ANALYSIS_LOCKS)]:
        found = _analyse(text)
    if isinstance(found, CustomExpressionError):
        raise found
    return found


_ANALYSIS_LOCKS = tuple(threading.Lock() for _ in range(32))


@lru_cache(maxsize=256)
def _analyse(text: str) -> Analysis | CustomExpressionError:
    # Refusals are cached too, so a formula whose diff times out costs its time limit once.
    try:
        expr = parse(text)
        grad = derivative(expr)
    except CustomExpressionError as error:
        return error
    return Analysis(
        text=text,
        expr=expr,
        grad=grad,
        latex=_latex(expr),
        grad_latex=_latex(grad.shown),
        f=compile_formula(expr),
        df=compile_formula(grad.shown),
    )


def _latex(expr: sp.Expr) -> str:
    """LaTeX for ``expr``, or ``""`` when it is too large to be worth typesetting."""
    return sp.latex(expr) if sp.count_ops(expr) <= MAX_LATEX_OPS else ""


# --- Facts on the visible interval ------------------------------------------------------------


@dataclass(frozen=True)
class GridFacts:
    """What a reader sees on the plotted interval, read off the grid (so approximate): not
    :class:`activations.facts.Facts`, which holds exact facts on all of ℝ.

    ``low``/``high`` bound f and ``grad_low``/``grad_high`` bound f′ on the grid; ``argmin``
    and ``argmax`` are where f is lowest and highest, ``minima``/``maxima`` its interior
    turning points (where f′ changes sign).

    ``kink`` says f′ jumps at 0 (as in ReLU): ``slope_at_0`` is then ``None`` and
    ``slope_left``/``slope_right`` hold the one-sided slopes. ``trend`` is ``"increasing"``,
    ``"decreasing"``, ``"constant"`` or ``None`` on the interval (``Facts.monotonic`` is a
    yes or no on ℝ). ``zero_centred`` means outputs of both signs
    whose mean is within a tenth of the output range of 0 (tanh yes; sigmoid, ReLU no).
    """

    value_at_0: float | None
    slope_at_0: float | None
    slope_left: float | None
    slope_right: float | None
    kink: bool = False
    low: float | None = None
    high: float | None = None
    grad_low: float | None = None
    grad_high: float | None = None
    argmin: float | None = None
    argmax: float | None = None
    minima: tuple[float, ...] = ()
    maxima: tuple[float, ...] = ()
    trend: str | None = None
    zero_centred: bool = False
    bad: int = 0


def _at(compiled: Compiled | None, x: float, a: float) -> float | None:
    value = values_of(compiled, np.array([x]), a).y[0]
    return None if np.isnan(value) else float(value)


def grid_facts(analysis: Analysis, x: np.ndarray, a: float = 1.0) -> GridFacts:
    """Facts about f on the grid ``x`` (the visible interval), with parameter ``a``.

    >>> found = grid_facts(analyse("tanh(x)"), np.linspace(-6, 6, 1201))
    >>> found.value_at_0, found.slope_at_0, found.trend, found.zero_centred
    (0.0, 1.0, 'increasing', True)
    """
    curve, slope = analysis.curves(x, a)
    step = np.array([-1e-7, 1e-7])
    left, right = (float(v) if np.isfinite(v) else None for v in analysis.curves(step, a)[1].y)
    kink = left is not None and right is not None and abs(left - right) > 1e-4
    at_0 = GridFacts(
        value_at_0=_at(analysis.f, 0.0, a),
        slope_at_0=None if kink else _at(analysis.df, 0.0, a),
        slope_left=left,
        slope_right=right,
        kink=kink,
        bad=curve.bad,
    )
    finite = ~np.isnan(curve.y)
    if not finite.any():
        return at_0
    y, xs = curve.y[finite], curve.x[finite]
    low, high = float(y.min()), float(y.max())
    spread = high - low
    steps = np.diff(y)  # across gaps too: 1/x jumps up at 0, so it is not monotonic
    tolerance = 1e-9 * max(spread, 1.0)
    if np.all(np.abs(steps) <= tolerance):
        trend = "constant"
    elif np.all(steps >= -tolerance):
        trend = "increasing"
    elif np.all(steps <= tolerance):
        trend = "decreasing"
    else:
        trend = None
    minima, maxima = _turning_points(slope.x, slope.y)
    slopes = slope.y[~np.isnan(slope.y)]
    return replace(
        at_0,
        low=low,
        high=high,
        grad_low=float(slopes.min()) if slopes.size else None,
        grad_high=float(slopes.max()) if slopes.size else None,
        argmin=float(xs[np.argmin(y)]),
        argmax=float(xs[np.argmax(y)]),
        minima=minima,
        maxima=maxima,
        trend=trend,
        zero_centred=bool(low < 0 < high and abs(float(y.mean())) <= 0.1 * spread),
    )


def _turning_points(x: np.ndarray, slope: np.ndarray) -> tuple[tuple[float, ...], ...]:
    """Interior minima and maxima where f′ changes sign (interpolated); at most 5 of each."""
    minima: list[float] = []
    maxima: list[float] = []
    for i in range(len(x) - 1):
        s0, s1 = slope[i], slope[i + 1]
        if np.isnan(s0) or np.isnan(s1) or s0 * s1 >= 0:
            continue
        root = float(x[i] - s0 * (x[i + 1] - x[i]) / (s1 - s0))
        (minima if s0 < 0 else maxima).append(round(root, 4))
    return tuple(minima[:5]), tuple(maxima[:5])


# --- Is it a built-in? ------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltinMatch:
    """The registry entry, with parameter values, that a formula equals on the test grid."""

    key: str
    params: dict[str, float]


_MATCH_GRID = np.linspace(-8.0, 8.0, 641)
A_RANGE = (-5.0, 5.0)  # the custom page's slider for a
_A_SAMPLES = 11  # values of a, across the range a stands for, that a match must hold at


def matches_builtin(expr: sp.Expr, a: float = 1.0) -> BuiltinMatch | None:
    """The built-in activation that ``expr`` equals as a function, if any.

    Equal means equal as functions, not at one sample: undefined at the same grid points and
    within 1e-7 (relative) elsewhere, on 641 points in [−8, 8] (numerical evidence, not a
    proof). A formula without ``a`` is tried against every entry with its parameter *fitted*
    over the parameter's whole range (``max(x, 0.1*x)`` is Leaky ReLU with slope 0.1). A
    formula with ``a`` must equal an entry with its parameter set to ``a`` for every ``a`` in
    the range both allow (the current value and 11 more), or equal one fixed entry whatever
    ``a`` is: ``a*x`` is a line, not Leaky ReLU, although at a = 1 both are the identity.
    A straight line is no built-in, although the families pass through some (x is Leaky ReLU
    at slope 1, x/2 Swish at β = 0).

    >>> matches_builtin(parse("x*sigmoid(x)"))
    BuiltinMatch(key='swish', params={'beta': 1.0})
    >>> matches_builtin(parse("max(x, 0.1*x)"))
    BuiltinMatch(key='leaky_relu', params={'negative_slope': 0.1})
    >>> matches_builtin(parse("a*x"), 1.0) is None
    True
    """
    return _match(compile_formula(expr), uses_parameter(expr), a)


@lru_cache(maxsize=512)
def _builtin(text: str, a: float) -> BuiltinMatch | None:
    found = analyse(text)
    return _match(found.f, found.uses_a, a)


def _match(compiled: Compiled | None, uses_a: bool, a: float) -> BuiltinMatch | None:
    from activations import REGISTRY  # the registry imports NumPy kernels; only needed here

    mine = values_of(compiled, _MATCH_GRID, a).y
    if uses_a and not _same_for_every_a(compiled, mine):
        for key, activation in REGISTRY.items():
            for param in activation.params:
                if _tracks_a(compiled, activation, param.name, a):
                    return BuiltinMatch(key, {**activation.defaults(), param.name: float(a)})
        return None
    if _is_line(mine):  # x is Leaky ReLU at slope 1 and x/2 Swish at β = 0: say neither
        return None
    for fitted in (False, True):  # an entry at its defaults first: max(0, x) is ReLU
        for key, activation in REGISTRY.items():
            params = _fit(activation, mine) if fitted else activation.defaults()
            if params is not None and _same_curve(mine, _values(activation, params)):
                return BuiltinMatch(key, params)
    return None


def _is_line(values: np.ndarray) -> bool:
    """Whether ``values`` on the match grid lie on one straight line (no gaps)."""
    if np.isnan(values).any():
        return False
    slope, intercept = np.polyfit(_MATCH_GRID, values, 1)
    return _same_curve(values, slope * _MATCH_GRID + intercept)


def _values(activation, params: dict[str, float]) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(activation.fn(_MATCH_GRID, **params), dtype=float)


def _a_samples(low: float, high: float, a: float) -> np.ndarray:
    """``a`` and 11 values spread over [low, high] (the range ``a`` stands for)."""
    return np.unique(np.append(np.linspace(low, high, _A_SAMPLES), a))


def _same_for_every_a(compiled: Compiled | None, mine: np.ndarray) -> bool:
    """Whether the formula's values do not depend on ``a`` at all (``x + 0*a``)."""
    return all(
        _same_curve(mine, values_of(compiled, _MATCH_GRID, other).y)
        for other in _a_samples(*A_RANGE, A_RANGE[0])
    )


def _tracks_a(compiled: Compiled | None, activation, name: str, a: float) -> bool:
    """Whether the formula equals ``activation`` with parameter ``name`` set to ``a``, for the
    current ``a`` and every ``a`` both the page's slider and the parameter allow."""
    param = next(p for p in activation.params if p.name == name)
    low, high = max(param.low, A_RANGE[0]), min(param.high, A_RANGE[1])
    if not (param.low <= a <= param.high) or low >= high:
        return False
    return all(
        _same_curve(
            values_of(compiled, _MATCH_GRID, value).y,
            _values(activation, {**activation.defaults(), name: float(value)}),
        )
        for value in _a_samples(low, high, a)
    )


def _fit(activation, mine: np.ndarray) -> dict[str, float] | None:
    """The value of a one-parameter entry's parameter that comes closest to ``mine``: the
    slider's steps first, then refined between the neighbours of the best step, rounded to
    8 significant digits (``None`` for entries without exactly one parameter)."""
    if len(activation.params) != 1 or np.isnan(mine).all():
        return None
    from scipy.optimize import minimize_scalar

    param = activation.params[0]

    def error(value: float) -> float:
        theirs = _values(activation, {param.name: float(value)})
        with np.errstate(all="ignore"):
            gap = np.abs(mine - theirs) / (1.0 + np.abs(theirs))
        return float(np.nanmax(gap)) if not np.isnan(gap).all() else np.inf

    count = round((param.high - param.low) / param.step) + 1
    steps = [round(param.low + k * param.step, 10) for k in range(count)]
    best = min(steps, key=error)
    low, high = max(param.low, best - param.step), min(param.high, best + param.step)
    refined = minimize_scalar(error, bounds=(low, high), method="bounded", options={"xatol": 1e-12})
    value = min((best, float(f"{refined.x:.8g}")), key=error)
    return {param.name: float(value)}


def _same_curve(mine: np.ndarray, theirs: np.ndarray) -> bool:
    theirs = np.where(np.isfinite(theirs), theirs, np.nan)
    gaps = np.isnan(mine)
    if gaps.all() or not np.array_equal(gaps, np.isnan(theirs)):
        return False
    return bool(np.allclose(mine[~gaps], theirs[~gaps], rtol=1e-7, atol=1e-9))
