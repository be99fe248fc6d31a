"""The symbolic layer: lecturer-form derivatives, LaTeX, computed facts, Swish limits, caching."""

from __future__ import annotations

import math
from dataclasses import asdict

import mpmath
import numpy as np
import pytest
import sympy as sp

from activations import REGISTRY, X
from activations import facts as engine
from activations import symbolic as sym
from activations.facts import facts
from activations.named_functions import NAMED, relu, step
from activations.symbolic import (
    Phi,
    derivative,
    latex_f,
    latex_grad,
    phi,
    plain,
    second_derivative,
    sigma,
    softplus,
    swish_limits,
)

BETA = REGISTRY["swish"].params[0].symbol()  # the one symbol of β
W = float(mpmath.lambertw(1 / mpmath.e))  # W(1/e) = 0.278464542761074


# --- named functions ----------------------------------------------------------------------------


def test_sigma_differentiates_prints_and_rewrites() -> None:
    z = sp.Symbol("z", real=True)
    assert sp.diff(sigma(z), z) == sigma(z) * (1 - sigma(z))
    assert sigma(0) == sp.Rational(1, 2)
    assert sp.latex(sigma(z)) == r"\sigma\left(z\right)"
    assert plain(sigma(z)) == 1 / (1 + sp.exp(-z))
    assert sigma(z).rewrite(sp.exp) == 1 / (1 + sp.exp(-z))
    assert math.isclose(float(sigma(sp.Float(1.5)).evalf()), 1 / (1 + math.exp(-1.5)))


def test_other_named_functions_are_their_definitions() -> None:
    z = sp.Symbol("z", real=True)
    for named in (softplus(z), Phi(z), phi(z), relu(z)):
        numeric = plain(named)
        assert not numeric.has(*NAMED)
        # d/dz of the named form equals d/dz of its definition
        assert sp.simplify(plain(sp.diff(named, z)) - sp.diff(numeric, z)) == 0
    assert sp.latex(Phi(z)) == r"\Phi\left(z\right)"
    assert sp.latex(phi(z)) == r"\varphi\left(z\right)"
    assert sp.latex(relu(z)) == r"\max\left(0, z\right)"
    assert sp.latex(step(z)) == r"\mathbb{1}\left[z > 0\right]"
    assert sp.diff(relu(z), z) == step(z)


def test_registry_expressions_use_the_named_definitions() -> None:
    assert REGISTRY["sigmoid"].expr() == plain(sigma(X))
    assert REGISTRY["softplus"].expr() == plain(softplus(X))
    assert REGISTRY["relu"].expr() == plain(relu(X))
    assert REGISTRY["gelu"].expr() == plain(X * Phi(X))
    assert REGISTRY["swish"].expr() == plain(X * sigma(BETA * X))
    assert REGISTRY["mish"].expr() == plain(X * sp.tanh(softplus(X)))


# --- derivatives ----------------------------------------------------------------------------------

CASES = [
    pytest.param(key, params, id=f"{key}-{params}")
    for key, activation in REGISTRY.items()
    for params in ({}, activation.defaults(), *([{"beta": 0.0}] if key == "swish" else []))
]


@pytest.mark.parametrize(("key", "params"), CASES)
def test_lecturer_derivative_equals_sympy_diff(key: str, params: dict[str, float]) -> None:
    expr = REGISTRY[key].expr(**params)
    lecture = plain(derivative(key, **params))
    raw = sp.diff(expr, X)
    values = {s: sp.Rational(7, 10) for s in raw.free_symbols - {X}}  # β = a = α = 0.7
    for x in (-2.3, -0.4, 0.9, 3.1):
        point = {X: sp.Float(x, 30), **values}
        assert abs(sp.N((lecture - raw).subs(point), 30)) < 1e-25


def test_second_derivative_is_the_derivative_of_the_first() -> None:
    for key in ("gelu", "swish", "mish"):
        d2 = plain(second_derivative(key))
        d1 = plain(derivative(key))
        at = {X: sp.Float(0.37, 30), BETA: 1}
        assert abs(sp.N((d2 - sp.diff(d1, X)).subs(at), 30)) < 1e-25


def test_lecturer_forms() -> None:
    assert derivative("sigmoid") == sigma(X) * (1 - sigma(X))
    assert derivative("tanh") == 1 - sp.tanh(X) ** 2
    assert derivative("softplus") == sigma(X)
    assert derivative("gelu") == Phi(X) + X * phi(X)
    assert derivative("swish") == sigma(BETA * X) * (1 + BETA * X * (1 - sigma(BETA * X)))
    assert derivative("swish", beta=1) == sigma(X) * (1 + X * (1 - sigma(X)))
    assert derivative("mish") == sp.tanh(softplus(X)) + X * sigma(X) * (
        1 - sp.tanh(softplus(X)) ** 2
    )
    assert derivative("relu") == sp.Piecewise((1, X > 0), (0, True))


def test_latex_reads_like_a_lecture() -> None:
    swish_grad = r"\sigma\left(\beta x\right) \left(1 + \beta x \left(1 - \sigma\left(\beta x\right)\right)\right)"  # noqa: E501
    assert latex_grad("swish") == swish_grad
    assert latex_f("swish") == r"x \sigma\left(\beta x\right)"
    assert latex_f("gelu") == r"x \Phi\left(x\right)"
    assert latex_grad("gelu") == r"\Phi\left(x\right) + x \varphi\left(x\right)"
    assert latex_f("mish") == r"x \tanh{\left(\operatorname{softplus}\left(x\right) \right)}"
    # σ and softplus are not defined by their own names
    assert latex_f("sigmoid") == r"\frac{1}{1 + e^{- x}}"
    assert "softplus" not in latex_f("softplus")
    assert latex_grad("sigmoid") == r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)"


def test_latex_general_form_and_substituted_values() -> None:
    assert r"\beta" in latex_f("swish") and r"\beta" in latex_grad("swish")
    assert latex_f("swish", beta=2) == r"x \sigma\left(2 x\right)"
    assert r"\beta" not in latex_grad("swish", beta=2.5) and "2.5" in latex_grad("swish", beta=2.5)
    assert "a x" in latex_f("leaky_relu") and "0.1 x" in latex_f("leaky_relu", negative_slope=0.1)
    assert r"\alpha" in latex_grad("elu") and r"\alpha" not in latex_grad("elu", alpha=2)
    assert r"x \geq 0" in latex_f("leaky_relu")  # the kink convention is in the formula


def test_bad_parameters_and_keys_raise() -> None:
    with pytest.raises(ValueError, match=r"beta must be in \[0, 10\], got 11"):
        latex_f("swish", beta=11)
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 5\], got -1"):
        facts("elu", alpha=-1)
    with pytest.raises(ValueError, match="unknown activation 'prelu'"):
        derivative("prelu")


def test_derivations_are_cached_on_plain_values() -> None:
    first = derivative("swish", beta=3)
    hits = sym._derivative.cache_info().hits
    assert derivative("swish", beta=3.0) is first  # 3 and 3.0 share one cache entry
    assert sym._derivative.cache_info().hits == hits + 1
    assert facts("mish") is facts("mish")
    assert latex_grad("gelu") is latex_grad("gelu")


# --- facts -------------------------------------------------------------------------------------


def test_swish_minimum_is_lambert_w() -> None:
    for beta in (0.5, 1.0, 2.5, 10.0):
        known = facts("swish", beta=beta)
        assert known.min_value == pytest.approx(-W / beta, rel=1e-12)
        assert known.min_at == pytest.approx(-(1 + W) / beta, rel=1e-12)
        assert known.range_low == known.min_value and not known.range_low_open


def test_silu_slope_range() -> None:
    known = facts("swish", beta=1)
    assert known.grad_at_0 == 0.5
    assert round(known.grad_min, 4) == -0.0998 and round(known.grad_max, 4) == 1.0998
    assert round(known.grad_min_at, 4) == -2.3994 and round(known.grad_max_at, 4) == 2.3994


def test_gelu_and_mish_minima() -> None:
    gelu, mish = facts("gelu"), facts("mish")
    assert round(gelu.min_value, 5) == -0.16997 and round(gelu.min_at, 5) == -0.75179
    assert round(mish.min_value, 5) == -0.30884 and round(mish.min_at, 5) == -1.19243
    assert gelu.grad_at_0 == 0.5 and mish.grad_at_0 == pytest.approx(0.6, abs=1e-15)
    assert gelu.grad_max_at == pytest.approx(math.sqrt(2), rel=1e-12)  # f″ = φ(x)(2 − x²)


def test_sigmoid_and_tanh_facts() -> None:
    sigmoid, tanh = facts("sigmoid"), facts("tanh")
    assert (sigmoid.range_low, sigmoid.range_high) == (0.0, 1.0)
    assert sigmoid.range_low_open and sigmoid.range_high_open  # FACTS #2: (0, 1), not [0, 1]
    assert (sigmoid.grad_max, sigmoid.grad_max_at) == (0.25, 0.0)
    assert sigmoid.grad_min == 0.0 and sigmoid.grad_min_at is None  # only approached
    assert (tanh.range_low, tanh.range_high, tanh.grad_max) == (-1.0, 1.0, 1.0)
    assert sigmoid.min_value is None and tanh.min_at is None


def test_relu_family_facts() -> None:
    relu = facts("relu")
    assert (relu.range_low, relu.range_low_open, relu.range_high) == (0.0, False, math.inf)
    assert relu.grad_at_0 == 0.0 and relu.grad_at_minus5 == 0.0  # the dying-ReLU zone
    assert relu.grad_max == 1.0 and relu.grad_max_at is None  # held on all of x > 0
    leaky = facts("leaky_relu", negative_slope=0.25)
    assert (leaky.range_low, leaky.grad_min, leaky.grad_at_0) == (-math.inf, 0.25, 1.0)
    elu = facts("elu", alpha=2)
    assert (elu.range_low, elu.range_low_open, elu.limit_neg_inf) == (-2.0, True, -2.0)
    # α > 1: f′ jumps at the kink from α (left) to 1 (right); its supremum α is approached as
    # x → 0⁻, never attained (f′(0) does not exist)
    assert (elu.grad_max, elu.grad_max_at) == (2.0, None)
    assert elu.grad_max_where == engine.Where("approached", approached=((0.0, -1),))
    assert facts("elu", alpha=0).range_low_open is False  # α = 0 is ReLU: 0 is attained


def test_swish_facts_at_the_ends_of_beta() -> None:
    line = facts("swish", beta=0)
    assert line.min_value is None and line.range_low == -math.inf
    assert line.grad_max == line.grad_min == 0.5
    assert facts("swish", beta=10).grad_at_minus5 == pytest.approx(-9.45e-21, rel=1e-3)


def test_limits_and_vanishing_gradients() -> None:
    for key in ("sigmoid", "tanh", "gelu", "gelu_tanh", "swish", "softplus", "mish"):
        assert facts(key).grad_limit_neg_inf == 0.0
    assert facts("sigmoid").limit_pos_inf == 1.0 and facts("tanh").limit_neg_inf == -1.0
    assert facts("mish").grad_limit_pos_inf == 1.0 and facts("mish").limit_pos_inf == math.inf


def test_swish_limits_in_beta() -> None:
    limits = swish_limits()
    assert limits["beta_to_zero"] == X / 2
    assert limits["beta_to_infinity"] == REGISTRY["relu"].expr()


def test_facts_are_computed_not_typed() -> None:
    # Change the expression, change the facts: facts of a rescaled Swish follow the scaling.
    a, b = facts("swish", beta=1.0), facts("swish", beta=4.0)
    assert b.min_at == pytest.approx(a.min_at / 4, rel=1e-12)
    assert b.grad_max == pytest.approx(a.grad_max, rel=1e-12)
    assert facts("swish").min_at == a.min_at


# --- cost of a new parameter value: no SymPy work, same numbers -------------------------------


def _same(scaled: object, direct: object) -> bool:
    """Equal, or floats at most 2 ulp apart (the scaled facts are the correctly rounded ones);
    a place (:class:`Where`, a dict in ``asdict``) field by field."""
    if isinstance(direct, engine.Where):
        return all(_same(scaled[name], value) for name, value in asdict(direct).items())
    if isinstance(direct, float) and isinstance(scaled, float) and math.isfinite(direct):
        return abs(scaled - direct) <= 2 * math.ulp(direct)
    return scaled == direct


@pytest.mark.parametrize("beta", [0.1, 0.5, 2.0, 7.3, 10.0])
def test_scaled_swish_facts_equal_the_direct_derivation(beta: float) -> None:
    given = (("beta", beta),)
    scaled = asdict(engine._facts("swish", given))
    exact = engine._exact_facts("swish", given)  # derived at β itself, no scaling
    direct = {name: engine._as_float(value) for name, value in exact.items()}
    assert scaled.keys() == direct.keys()
    differ = {name: (scaled[name], direct[name]) for name in direct}
    assert {n: v for n, v in differ.items() if not _same(*v)} == {}
    assert scaled["min_at"] == pytest.approx(-(1 + W) / beta, rel=1e-15)


def test_swish_at_beta_zero_is_the_line_x_over_2() -> None:
    line = facts("swish", beta=0.0)
    assert (line.range_low, line.range_high) == (-math.inf, math.inf)
    assert line.range_low_open and line.range_high_open
    assert line.grad_at_0 == line.grad_max == line.grad_min == 0.5
    assert line.grad_at_minus5 == line.grad_at_plus5 == 0.5
    assert line.grad_max_at is None and line.min_value is None and line.min_at is None


def test_a_new_parameter_value_costs_no_sympy_work() -> None:
    facts("swish", beta=1.0), facts("leaky_relu"), facts("elu")
    derived = engine._numeric.cache_info().misses
    exact = engine._exact_facts.cache_info().misses
    facts("swish", beta=3.17)
    assert engine._exact_facts.cache_info().misses == exact  # scaled from β = 1
    facts("leaky_relu", negative_slope=0.37), facts("elu", alpha=1.37)
    assert engine._numeric.cache_info().misses == derived  # only a numeric scan
    elu = facts("elu", alpha=1.37)
    assert (elu.range_low, elu.grad_max, elu.grad_max_at) == (-1.37, 1.37, None)


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("swish", (0.0, 0.1, 0.5, 1.0, 2.0, 2.5, 7.3, 10.0)),
        ("leaky_relu", (0.0, 0.01, 0.25, 0.5, 1.0)),
        ("elu", (0.0, 0.1, 1.0, 1.3, 5.0)),
    ],
)
def test_latex_at_values_equals_deriving_at_values(key: str, values: tuple[float, ...]) -> None:
    # The pages substitute into the general form; the result must read exactly as a
    # derivation at those values does.
    name = REGISTRY[key].params[0].name
    for value in values:
        given = ((name, value),)
        expr = sym._expr(key, given)
        direct_f = sym._latex(sym._name_functions(expr))
        direct_grad = sym._latex(sym._name_functions(sp.diff(expr, X)))
        assert (latex_f(key, **{name: value}), latex_grad(key, **{name: value})) == (
            direct_f,
            direct_grad,
        ), (key, value)


# --- where the extremes are attained: one rule for every function, f and f′ ------------------

Where = engine.Where
BOTH_ENDS = ((-math.inf, 0), (math.inf, 0))


@pytest.mark.parametrize(
    ("key", "params", "field", "value", "where"),
    [
        # ReLU attains 0 on all of x ≤ 0 (it showed "—", never attained); f′ = 0 on x < 0
        ("relu", {}, "min", 0.0, Where("below", 0.0, closed=True)),
        ("relu", {}, "grad_min", 0.0, Where("below", 0.0)),
        ("relu", {}, "grad_max", 1.0, Where("above", 0.0)),
        # σ′ and tanh′ tend to 0 at both ends and never reach it (they showed "0" as a minimum)
        ("sigmoid", {}, "grad_min", 0.0, Where("approached", approached=BOTH_ENDS)),
        ("tanh", {}, "grad_min", 0.0, Where("approached", approached=BOTH_ENDS)),
        ("sigmoid", {}, "min", 0.0, Where("approached", approached=((-math.inf, 0),))),
        ("sigmoid", {}, "grad_max", 0.25, Where("point", 0.0)),
        ("softplus", {}, "grad_max", 1.0, Where("approached", approached=((math.inf, 0),))),
        ("leaky_relu", {}, "min", -math.inf, Where("approached", approached=((-math.inf, 0),))),
        ("leaky_relu", {}, "grad_min", 0.01, Where("below", 0.0)),
        ("leaky_relu", {"negative_slope": 1.0}, "grad_min", 1.0, Where("everywhere")),
        ("elu", {"alpha": 0.0}, "min", 0.0, Where("below", 0.0, closed=True)),
        ("elu", {"alpha": 1.0}, "grad_max", 1.0, Where("above", 0.0, closed=True)),
        ("swish", {"beta": 0.0}, "grad_min", 0.5, Where("everywhere")),
    ],
)
def test_where_each_extreme_is_attained(key, params, field, value, where) -> None:
    found = facts(key, **params)
    shown = {
        "min": (found.range_low, found.min_where),
        "grad_min": (found.grad_min, found.grad_min_where),
        "grad_max": (found.grad_max, found.grad_max_where),
    }[field]
    assert shown[0] == pytest.approx(value, abs=1e-15)
    assert shown[1] == where


@pytest.mark.parametrize("beta", [1.0, 2.0, 0.5])
def test_an_interior_extreme_is_attained_at_its_point_scaled_with_beta(beta) -> None:
    found = facts("swish", beta=beta)
    assert found.min_where == Where("point", found.min_at)
    assert found.grad_min_where == Where("point", found.grad_min_at)
    assert found.min_at == pytest.approx(facts("swish").min_at / beta, rel=1e-12)


@pytest.mark.parametrize("key", list(REGISTRY))
def test_where_agrees_with_the_range_and_the_values(key) -> None:
    """Attained where the values say so: f at the place equals the infimum, and the range's
    lower end is closed exactly when the infimum is attained."""
    found = facts(key)
    entry = REGISTRY[key]
    where = found.min_where
    assert where.attained == (not found.range_low_open)
    for probe in _probes(where):
        assert float(entry.fn(probe)) == pytest.approx(found.range_low, abs=1e-12)
    for extreme, value in ((found.grad_min_where, found.grad_min),
                           (found.grad_max_where, found.grad_max)):  # fmt: skip
        probes = _probes(extreme)
        for probe in probes:
            assert float(entry.grad(probe)) == pytest.approx(value, abs=1e-12)
        if not probes:
            grid = np.linspace(-10, 10, 2001)  # far out, float64 rounds σ′ and tanh′ to 0
            # at a jump f′ is undefined; the frameworks' value there is one side's limit
            grid = grid[~np.isin(grid, entry.kinks)]
            assert extreme.kind == "approached"
            assert not np.any(np.isclose(entry.grad(grid), value, rtol=0, atol=1e-15))


def _probes(where: Where) -> list[float]:
    """Points where :class:`Where` says the extreme is attained (none when only approached)."""
    if where.kind == "point":
        return [where.at]
    if where.kind == "below":
        return [where.at - 1.0]
    if where.kind == "above":
        return [where.at + 1.0]
    if where.kind == "between":
        return [(where.at + where.until) / 2]
    if where.kind == "outside":
        return [where.at - 1.0, where.until + 1.0]
    return [0.5] if where.kind == "everywhere" else []
