r"""The numerical facts engine: range, extremes, limits and where they are attained.

Every fact is read off the registry's SymPy expression (the one hand-written formula) and its
derivatives, evaluated in mpmath at 40 digits: limits at ±∞ from values at huge |x|, extremes
from sign changes of f′ and f″ on a grid out to ±1e16 refined by bisection. Nothing is typed
in by hand. :mod:`activations.symbolic` derives and typesets; this module only counts.

:func:`facts` takes an activation as its registry key and parameters (``facts("swish",
beta=2)``) or configured (``facts(REGISTRY["swish"].at(beta=2))``), cached on plain values.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from types import MappingProxyType

import mpmath
import sympy as sp

from activations.precision import digits
from activations.registry import REGISTRY, Configured, Of, X, resolve

__all__ = ["Facts", "Where", "facts"]

Params = tuple[tuple[str, float], ...]

# --- limits at ±∞ -----------------------------------------------------------------------------


def _limit_at_infinity(fun: Callable[[mpmath.mpf], mpmath.mpf], sign: int) -> float:
    """lim f(x) as x → sign·∞, from 50-digit values at |x| = 1e8, 1e16, …, 1e256.

    :func:`sympy.limit` takes up to 20 s on the GELU-tanh derivative (and returned 0 instead
    of 1 for one equivalent rewriting), so the limits at ±∞ are read off the SymPy expression
    numerically: every function here settles exponentially fast or grows linearly, so two
    successive values agreeing to 30 digits give the limit, and a value that keeps growing
    past 1e30 means ±∞.
    """
    previous = None
    with digits(50):
        for exponent in (8, 16, 32, 64, 128, 256):
            value = fun(sign * mpmath.mpf(10) ** exponent)
            if previous is not None:
                if abs(value - previous) <= mpmath.mpf(10) ** -30 * (1 + abs(value)):
                    return float(value)
                if abs(value) > 1e30 and abs(value) > 1e6 * abs(previous):
                    return math.copysign(math.inf, float(value))
            previous = value
    raise ArithmeticError(f"no limit found as x -> {'+' if sign > 0 else '-'}inf")


# --- facts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """Where f or f′ takes its infimum (or supremum): one rule for every function.

    ``kind`` is one of

    * ``"point"``: attained at the single point ``at`` (Swish's minimum);
    * ``"below"`` / ``"above"``: attained on the half-line x < ``at`` or x > ``at`` (x ≤, x ≥
      when ``closed``): ReLU is 0 on x ≤ 0, ReLU′ is 0 on x < 0 (undefined at the kink);
    * ``"between"``: attained for ``at`` < x < ``until`` (≤ when ``closed``): ReLU6′ = 1 on
      (0, 6); ``"outside"``: for x < ``at`` or x > ``until`` (ReLU6′ = 0);
    * ``"everywhere"``: attained at every x (f′ of a line);
    * ``"approached"``: never attained, only approached as x tends to each ``(x, side)`` of
      ``approached``: ``(±inf, 0)`` for x → ±∞, ``(k, -1)`` / ``(k, +1)`` for x → k⁻ / k⁺ at a
      kink where f′ jumps (ELU′ with α = 2 approaches 2 as x → 0⁻).
    """

    kind: str
    at: float | None = None
    closed: bool = False
    approached: tuple[tuple[float, int], ...] = ()
    until: float | None = None

    @property
    def attained(self) -> bool:
        return self.kind != "approached"

    def scaled(self, p: float) -> Where:
        """The same place on an x axis divided by ``p`` > 0 (a scale family at p)."""
        at = None if self.at is None else self.at / p
        until = None if self.until is None else self.until / p
        approached = tuple((x / p, side) for x, side in self.approached)
        return replace(self, at=at, until=until, approached=approached)


@dataclass(frozen=True)
class Facts:
    """Key numbers of one activation at given parameters, computed from its SymPy expression.

    ``*_at`` is the x where an extreme is attained, or ``None`` when it is only approached
    (as x → ±∞) or held on a whole interval (ReLU′ = 1 for every x > 0). ``min_value`` and
    ``min_at`` are ``None`` when f has no interior minimum (every monotonic function here).
    ``limit_*`` are the limits of f at ±∞, ``grad_limit_*`` those of f′ (0 at −∞ is the
    vanishing gradient). Infinite values are ``math.inf``.

    ``min_where``, ``grad_min_where`` and ``grad_max_where`` say, by one rule (:class:`Where`),
    whether and where the infimum of f (``range_low``), the infimum of f′ (``grad_min``) and
    the supremum of f′ (``grad_max``) are attained: what the facts show beside the values.
    """

    range_low: float
    range_high: float
    range_low_open: bool
    range_high_open: bool
    grad_at_0: float
    grad_max: float
    grad_max_at: float | None
    grad_min: float
    grad_min_at: float | None
    min_value: float | None
    min_at: float | None
    grad_at_minus5: float
    grad_at_plus5: float
    limit_neg_inf: float
    limit_pos_inf: float
    grad_limit_neg_inf: float
    grad_limit_pos_inf: float
    min_where: Where
    grad_min_where: Where
    grad_max_where: Where

    @property
    def monotonic(self) -> bool:
        """Non-decreasing on ℝ: f′ ≥ 0 everywhere (Swish, GELU and Mish dip below zero first).

        >>> facts("relu").monotonic, facts("swish").monotonic, facts("swish", beta=0).monotonic
        (True, False, True)
        """
        return self.grad_min >= 0


_DPS = 40


def _scan_grid() -> list[mpmath.mpf]:
    """x values for bracketing sign changes: dense on [1e-4, 1e4], sparse out to 1e16."""
    magnitudes = [10 ** (k / 16) for k in range(-64, 65)] + [10 ** (k / 4) for k in range(17, 65)]
    grid = sorted({-m for m in magnitudes} | {0.0} | set(magnitudes))
    return [mpmath.mpf(v) for v in grid]


def _sign_changes(
    fun: Callable[[mpmath.mpf], mpmath.mpf], grid: list[mpmath.mpf]
) -> Iterable[tuple[mpmath.mpf, mpmath.mpf, int]]:
    """Brackets (a, b, direction) where ``fun`` changes sign strictly; +1 means − to +.

    A grid point where ``fun`` is exactly 0 between opposite signs (σ″(0) = 0) comes back
    as the bracket (x, x). A run of zeros between equal signs, or at either end of a flat
    stretch (ReLU′ = 0 for x < 0), is no sign change.
    """
    last_x, last_value, zeros = None, None, []
    for x in grid:
        value = fun(x)
        if value == 0:
            zeros.append(x)
            continue
        if last_value is not None and (last_value < 0) != (value < 0):
            direction = 1 if value > 0 else -1
            if len(zeros) == 1:
                yield zeros[0], zeros[0], direction
            elif not zeros:
                yield last_x, x, direction
        last_x, last_value, zeros = x, value, []


def _root(fun: Callable[[mpmath.mpf], mpmath.mpf], a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    """A root of ``fun`` in the bracket [a, b], by bisection to full working precision."""
    if a == b:
        return a
    fa = fun(a)
    for _ in range(4 * _DPS):
        mid = (a + b) / 2
        fm = fun(mid)
        if fm == 0:
            return mid
        if (fm < 0) == (fa < 0):
            a, fa = mid, fm
        else:
            b = mid
    return (a + b) / 2


def _extreme(
    candidates: list[tuple[mpmath.mpf, mpmath.mpf | None]],
    limits: list[mpmath.mpf],
    pick: Callable[..., mpmath.mpf],
) -> tuple[mpmath.mpf, mpmath.mpf | None]:
    """The sup (``pick=max``) or inf (``pick=min``) over attained values and limits.

    Its location is reported only when an attained value beats every limit.
    """
    best_limit = pick(limits)
    values = [v for v, _ in candidates] + [best_limit]
    best = pick(values)
    location = None
    for value, where in candidates:
        beats = abs(value - best_limit) > mpmath.mpf(10) ** (-_DPS // 2) * (1 + abs(value))
        if value == best and beats and where is not None:
            location = where
    return best, location


MpFun = Callable[..., mpmath.mpf]

# Where an extreme is looked for on a flat stretch: points on both sides of every kink (0),
# at moderate |x| only: far out, 1 − tanh(x)² rounds to 0 at 40 digits though it never is.
_FLAT_PROBES = (-10.0, -5.0, -3.0, -2.0, -1.0, -0.5, -0.25, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
_SIDE = mpmath.mpf(10) ** -25  # one-sided values at a kink: k ± 1e−25


def _same(a: mpmath.mpf, b: mpmath.mpf) -> bool:
    """Equal to 20 of the 40 digits (a limit is a float64 rounded back: 0.01 stays 0.01)."""
    if mpmath.isinf(a) or mpmath.isinf(b):
        return a == b
    return abs(a - b) <= mpmath.mpf(10) ** (-_DPS // 2) * (1 + abs(b))


def _flat_stretch(
    hits: list[float], probes: list[float], kinks: list[float]
) -> tuple[str, float | None, float | None] | None:
    """The stretches between kinks where every probe ``hits`` and no other probe does.

    One stretch: ``("below", None, k)`` (x < k), ``("above", k, None)`` or ``("between", a,
    b)``; the two outer ones: ``("outside", a, b)`` (x < a or x > b, ReLU6′ = 0). Else ``None``.
    """
    edges = [-math.inf, *kinks, math.inf]
    stretches = list(itertools.pairwise(edges))
    inside = [[x for x in probes if a < x < b] for a, b in stretches]
    chosen = [i for i, xs in enumerate(inside) if xs and all(x in hits for x in xs)]
    if not chosen or sorted(x for i in chosen for x in inside[i]) != sorted(hits):
        return None
    if len(chosen) == 1:
        (i,) = chosen
        a, b = stretches[i]
        if math.isinf(a):
            return "below", None, b
        return ("above", a, None) if math.isinf(b) else ("between", a, b)
    if chosen == [0, len(stretches) - 1] and len(kinks) == 2:
        return "outside", kinks[0], kinks[1]
    return None


def _where(
    fun: Callable[[mpmath.mpf], mpmath.mpf],
    best: mpmath.mpf,
    points: list[tuple[mpmath.mpf, mpmath.mpf]],
    ends: list[tuple[mpmath.mpf, tuple[float, int]]],
    kinks: tuple[float, ...],
    jumps: set[float],
) -> Where:
    """Where ``fun`` takes the extreme value ``best``, by the rule of :class:`Where`.

    ``points`` are (value, x) where an extreme is attained at one point, ``ends`` (value,
    (x, side)) what ``fun`` tends to at ±∞ and beside a kink where it jumps (``jumps``: there
    ``fun`` is f′, undefined at the kink itself).
    """
    probes = [x for x in _FLAT_PROBES if x not in kinks]  # a kink belongs to no stretch
    hits = [x for x in probes if _same(fun(mpmath.mpf(x)), best)]
    if len(hits) == len(probes):
        return Where("everywhere")
    stretch = _flat_stretch(hits, probes, sorted(kinks))
    if stretch is not None:
        kind, low, high = stretch
        ends = [k for k in (low, high) if k is not None]
        closed = all(k not in jumps and _same(fun(mpmath.mpf(k)), best) for k in ends)
        if kind == "below":
            return Where("below", float(high), closed)
        if kind == "above":
            return Where("above", float(low), closed)
        return Where(kind, float(low), closed, until=float(high))
    attained = [x for value, x in points if _same(value, best)]
    if attained:
        return Where("point", float(attained[0]))
    return Where("approached", approached=tuple(end for value, end in ends if _same(value, best)))


@cache
def _numeric(key: str) -> tuple[MpFun, MpFun, MpFun]:
    """f, f′ and f″ of ``key`` as mpmath functions of ``(x, *parameters)``, in keyword order.

    Derived once per activation from the general form (parameters as symbols), so a new
    parameter value costs no SymPy work: it is only an argument.
    """
    activation = REGISTRY[key]
    symbols = [p.symbol() for p in activation.params]
    expr = activation.build_expr(
        **{p.name: s for p, s in zip(activation.params, symbols, strict=True)}
    )
    derivatives = (expr, sp.diff(expr, X), sp.diff(expr, X, 2))
    return tuple(sp.lambdify((X, *symbols), e, "mpmath") for e in derivatives)


def _of_x(fun: MpFun, arguments: list[mpmath.mpf]) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """``fun(x, *parameters)`` as a function of x alone, at the given parameter values."""
    return lambda x: fun(x, *arguments)


@lru_cache(maxsize=512)
def _exact_facts(key: str, given: Params) -> Mapping[str, object]:
    """The facts at 40 digits: mpf values (``None`` where absent) and the open-end flags.

    Extremes come from sign changes of f′ and f″ on :func:`_scan_grid`, refined by
    bisection; limits from :func:`_limit_at_infinity` (rounded to float64, so a limit of
    4e−10⁸ reads as 0 and is compared as such).
    """
    activation = REGISTRY[key]
    values = activation.check(**dict(given))
    arguments = [mpmath.mpf(values[p.name]) for p in activation.params]
    f, g, h = (_of_x(fun, arguments) for fun in _numeric(key))
    with digits(_DPS):
        grid = _scan_grid()
        lim_f = [mpmath.mpf(_limit_at_infinity(f, s)) for s in (-1, 1)]
        lim_g = [mpmath.mpf(_limit_at_infinity(g, s)) for s in (-1, 1)]

        minima, maxima = [], []
        for a, b, direction in _sign_changes(g, grid):
            x0 = _root(g, a, b)
            (minima if direction > 0 else maxima).append((f(x0), x0))
        grad_extremes = [
            (g(x0), x0) for a, b, _ in _sign_changes(h, grid) for x0 in [_root(h, a, b)]
        ]
        # At a kink f′ either is continuous (a point like any other) or jumps: then it is
        # undefined there, and its values beside the kink are only approached.
        grad_ends = [(lim_g[0], (-math.inf, 0)), (lim_g[1], (math.inf, 0))]
        jumps = set()
        for kink in activation.kinks:
            k = mpmath.mpf(kink)
            left, right = g(k - _SIDE), g(k + _SIDE)
            if _same(left, right):
                grad_extremes.append((g(k), k))
            else:
                jumps.add(kink)
                grad_ends += [(left, (kink, -1)), (right, (kink, 1))]

        def attained(limit: float) -> bool:
            return any(f(mpmath.mpf(v)) == mpmath.mpf(limit) for v in (-10, -1, 1, 10))

        low, low_at = _extreme(minima, lim_f, min)
        high, high_at = _extreme(maxima, lim_f, max)
        grad_limits = [value for value, _ in grad_ends]
        grad_max, grad_max_at = _extreme(grad_extremes, grad_limits, max)
        grad_min, grad_min_at = _extreme(grad_extremes, grad_limits, min)
        global_min = min(minima, default=None, key=lambda m: m[0])
        has_min = global_min is not None and low_at is not None
        f_ends = [(lim_f[0], (-math.inf, 0)), (lim_f[1], (math.inf, 0))]
        f_points = [(value, x) for value, x in minima if x == low_at]
        grad_min_points = [(value, x) for value, x in grad_extremes if x == grad_min_at]
        grad_max_points = [(value, x) for value, x in grad_extremes if x == grad_max_at]
        return MappingProxyType(
            {
                "range_low": low,
                "range_high": high,
                "range_low_open": low_at is None
                and (mpmath.isinf(low) or not attained(float(low))),
                "range_high_open": high_at is None
                and (mpmath.isinf(high) or not attained(float(high))),
                "grad_at_0": g(mpmath.mpf(0)),
                "grad_max": grad_max,
                "grad_max_at": grad_max_at,
                "grad_min": grad_min,
                "grad_min_at": grad_min_at,
                "min_value": global_min[0] if has_min else None,
                "min_at": global_min[1] if has_min else None,
                "grad_at_minus5": g(mpmath.mpf(-5)),
                "grad_at_plus5": g(mpmath.mpf(5)),
                "limit_neg_inf": lim_f[0],
                "limit_pos_inf": lim_f[1],
                "grad_limit_neg_inf": lim_g[0],
                "grad_limit_pos_inf": lim_g[1],
                "min_where": _where(f, low, f_points, f_ends, activation.kinks, set()),
                "grad_min_where": _where(
                    g, grad_min, grad_min_points, grad_ends, activation.kinks, jumps
                ),
                "grad_max_where": _where(
                    g, grad_max, grad_max_points, grad_ends, activation.kinks, jumps
                ),
            }
        )


# Facts of a scale family f_p(x) = f_1(p·x)/p (p > 0) at p, from those at p = 1: values of f
# and positions on the x axis divide by p; values of f′(x) = f_1′(p·x) stay.
_SCALES_WITH_F = ("range_low", "range_high", "min_value", "limit_neg_inf", "limit_pos_inf")
_SCALES_WITH_X = ("grad_max_at", "grad_min_at", "min_at")
_WHERE = ("min_where", "grad_min_where", "grad_max_where")


def _scaled_facts(key: str, name: str, value: float) -> Mapping[str, object]:
    """The exact facts of scale family ``key`` at ``name = value > 0``, in microseconds.

    Everything follows from the facts at ``value = 1`` except f′(±5) = f_1′(±5·value),
    which is evaluated (at 40 digits, like every other fact).
    """
    base = _exact_facts(key, ((name, 1.0),))
    _, g_of, _ = _numeric(key)
    with digits(_DPS):
        p = mpmath.mpf(value)
        scaled = dict(base)
        for field in (*_SCALES_WITH_F, *_SCALES_WITH_X):
            if scaled[field] is not None:
                scaled[field] = scaled[field] / p
        for field in _WHERE:
            scaled[field] = scaled[field].scaled(float(value))
        scaled["grad_at_minus5"] = g_of(-5 * p, mpmath.mpf(1))
        scaled["grad_at_plus5"] = g_of(5 * p, mpmath.mpf(1))
        return scaled


def _as_float(value: object) -> object:
    """mpf -> float (±inf included); ``None``, the open-end flags and places stay as they are."""
    return value if value is None or isinstance(value, bool | Where) else float(value)


@lru_cache(maxsize=512)
def _facts(key: str, given: Params) -> Facts:
    scale = REGISTRY[key].scale_param
    value = dict(given).get(scale) if scale is not None else None
    if value is not None and value > 0:
        exact = _scaled_facts(key, scale, value)
    else:
        exact = _exact_facts(key, given)
    return Facts(**{name: _as_float(v) for name, v in exact.items()})


def facts(of: Of, **params: float) -> Facts:
    """Range, f′(0), extremes of f′, the minimum of f and the limits, at given parameters.

    Missing parameters take their defaults. Everything is read off the SymPy expression and
    its derivatives evaluated in mpmath: limits at ±∞ from 50-digit values at |x| up to
    1e256; extremes from sign changes of f′ and f″ on a grid out to ±1e16, refined by
    bisection at 40 digits. The derivation is done once per activation; a new parameter value
    only re-runs the numeric scan (a few ms), and for a scale family such as Swish
    (f_β(x) = f_1(βx)/β, see :attr:`Activation.scale_param
    <activations.registry.Activation.scale_param>`) not even that: its facts at β are those
    at β = 1, scaled.

    >>> round(facts("sigmoid").grad_max, 6), facts("sigmoid").grad_max_at
    (0.25, 0.0)
    """
    if not isinstance(resolve(of, params), Configured):
        of = REGISTRY[of].at(**params)  # ValueError for a bad parameter
    return _facts(of.key, tuple(sorted(of.given)))
