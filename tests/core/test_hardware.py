"""ReLU6, Hard Sigmoid, Hard Swish, SELU and Squared ReLU: landmark values, the frameworks'
conventions, what is (and is not) continuous, SELU's constants from their fixed point, the
accuracy bar and the self-normalisation experiment."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from activations import REGISTRY, X
from activations.facts import facts
from activations.landmarks import max_difference
from activations.self_normalising import SELU_ALPHA, SELU_SCALE, fixed_point, selu_moments
from activations.symbolic import derivative, plain
from experiments.playground import playground_run
from experiments.self_normalising import layer_moments
from harness.accuracy import accuracy_grid, condition_errors, param_sets

NEW = ("relu6", "hardsigmoid", "hardswish", "selu", "squared_relu")


# --- values at landmark points, and the frameworks' values at the kinks --------------------

LANDMARKS = {
    # key: [(x, f(x), f′(x))]; f′ at a kink is PyTorch's backward value there
    "relu6": [(-1, 0, 0), (0, 0, 0), (3, 3, 1), (6, 6, 0), (7, 6, 0)],
    "hardsigmoid": [(-4, 0, 0), (-3, 0, 0), (0, 0.5, 1 / 6), (1.5, 0.75, 1 / 6), (3, 1, 0)],
    "hardswish": [(-4, 0, 0), (-3, 0, -0.5), (-1.5, -0.375, 0), (0, 0, 0.5), (3, 3, 1.5)],
    "squared_relu": [(-2, 0, 0), (0, 0, 0), (0.5, 0.25, 1), (3, 9, 6)],
}


@pytest.mark.parametrize("key", list(LANDMARKS))
def test_landmark_values_and_kink_conventions(key):
    entry = REGISTRY[key]
    for x, value, slope in LANDMARKS[key]:
        assert float(entry.fn(x)) == pytest.approx(value, abs=1e-15), (key, x)
        assert float(entry.grad(x)) == pytest.approx(slope, abs=1e-15), (key, x)


def test_hard_sigmoid_is_pytorchs_not_old_keras():
    # PyTorch/JAX/Keras 3: ReLU6(x + 3)/6 (slope 1/6, kinks ±3); tf.keras (TF 2): 0.2x + 0.5
    hard = REGISTRY["hardsigmoid"]
    assert float(hard.fn(1.5)) == 0.75 != 0.2 * 1.5 + 0.5
    assert float(hard.fn(2.75)) < 1.0  # old Keras is already 1 past 2.5
    x = np.linspace(-8, 8, 1601)
    np.testing.assert_allclose(hard.fn(x), np.clip(x + 3, 0, 6) / 6, rtol=0, atol=1e-16)


def test_selu_values_use_the_fixed_point_constants():
    selu = REGISTRY["selu"]
    assert float(selu.fn(1.0)) == SELU_SCALE
    assert float(selu.fn(-1.0)) == pytest.approx(SELU_SCALE * SELU_ALPHA * math.expm1(-1.0))
    assert float(selu.grad(0.0)) == pytest.approx(SELU_SCALE * SELU_ALPHA)  # the x ≤ 0 branch
    assert float(selu.fn(-np.inf)) == pytest.approx(-SELU_SCALE * SELU_ALPHA, rel=1e-15)
    assert float(selu.fn(2.0, scale=2.0, selu_alpha=0.0)) == 4.0


@pytest.mark.parametrize(
    ("key", "range_"),
    [
        ("relu6", (0.0, 6.0, False, False)),
        ("hardsigmoid", (0.0, 1.0, False, False)),
        ("hardswish", (-0.375, math.inf, False, True)),
        ("squared_relu", (0.0, math.inf, False, True)),
    ],
)
def test_ranges_from_the_symbolic_layer(key, range_):
    found = facts(key)
    got = (found.range_low, found.range_high, found.range_low_open, found.range_high_open)
    assert got == pytest.approx(range_)


def test_selu_range_is_open_below_at_minus_lambda_alpha():
    found = facts("selu")
    assert found.range_low == pytest.approx(-SELU_SCALE * SELU_ALPHA, rel=1e-15)
    assert found.range_low_open and found.limit_pos_inf == math.inf


def test_flat_stretches_are_named_between_and_outside_the_kinks():
    relu6 = facts("relu6")
    assert (relu6.grad_max_where.kind, relu6.grad_max_where.at, relu6.grad_max_where.until) == (
        "between",
        0.0,
        6.0,
    )
    assert relu6.grad_min_where.kind == "outside" and not relu6.grad_min_where.closed
    hard = facts("hardsigmoid")
    assert hard.min_where.kind == "below" and hard.min_where.at == -3.0 and hard.min_where.closed


# --- continuity: hard swish is C⁰, not C¹ (FACTS.md said C¹) -------------------------------


def one_sided(expr: sp.Expr, point: int) -> tuple[sp.Expr, sp.Expr]:
    """The limits of a Piecewise at ``point`` from the left and from the right: the limit of
    the branch that holds just beside it (SymPy's limit of a whole Piecewise takes the branch
    that holds *at* the point from both sides)."""
    assert isinstance(expr, sp.Piecewise)
    sides = []
    for near in (point - sp.Rational(1, 10**6), point + sp.Rational(1, 10**6)):
        branch = next(piece for piece, holds in expr.args if holds.subs(X, near) == sp.true)
        sides.append(sp.limit(branch, X, point))
    return tuple(sides)


def test_hard_swish_is_continuous_but_its_derivative_jumps_at_both_kinks():
    f = plain(REGISTRY["hardswish"].expr())
    df = plain(derivative("hardswish"))
    for point, (left, right) in ((-3, (0, sp.Rational(-1, 2))), (3, (sp.Rational(3, 2), 1))):
        value_left, value_right = one_sided(f, point)
        assert value_left == value_right == f.subs(X, point)  # C⁰
        assert one_sided(df, point) == (left, right)  # not C¹


def test_squared_relu_is_c1_not_c2():
    df = plain(derivative("squared_relu"))
    assert one_sided(df, 0) == (0, 0)
    assert one_sided(sp.diff(df, X), 0) == (0, 2)


# --- SELU's constants: the fixed point, three ways ---------------------------------------------


def test_selu_constants_are_the_fixed_point_by_numerical_integration():
    lam, alpha = (mpmath.mpf(v) for v in fixed_point())
    with mpmath.workdps(30):

        def selu(z):
            return lam * z if z > 0 else lam * alpha * mpmath.expm1(z)

        density = mpmath.npdf
        mean = mpmath.quad(lambda z: selu(z) * density(z), [-mpmath.inf, 0, mpmath.inf])
        square = mpmath.quad(lambda z: selu(z) ** 2 * density(z), [-mpmath.inf, 0, mpmath.inf])
    # float64 λ, α are within half an ulp of the exact ones: the moments within ~1e−16
    assert abs(mean) < 1e-15 and abs(square - 1) < 1e-15
    assert selu_moments(SELU_SCALE, SELU_ALPHA) == pytest.approx((0.0, 1.0), abs=1e-15)


def test_selu_constants_agree_with_a_sympy_derivation_and_pytorchs_digits():
    z, a = sp.Symbol("z", real=True), sp.Symbol("a")
    density = sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)
    positive = sp.integrate(z * density, (z, 0, sp.oo))
    negative = sp.integrate((sp.exp(z) - 1) * density, (z, -sp.oo, 0))
    alpha = sp.solve(sp.Eq(positive + a * negative, 0), a)[0]
    square = sp.integrate((sp.exp(z) - 1) ** 2 * density, (z, -sp.oo, 0))
    lam = 1 / sp.sqrt(sp.Rational(1, 2) + alpha**2 * square)
    assert float(sp.N(alpha, 30)) == SELU_ALPHA and float(sp.N(lam, 30)) == SELU_SCALE
    # torch.nn.SELU's documentation prints them to 32 digits
    assert float("1.6732632423543772848170429916717") == SELU_ALPHA
    assert float("1.0507009873554804934193349852946") == SELU_SCALE


def test_registry_defaults_are_the_derived_constants():
    assert REGISTRY["selu"].defaults() == {"scale": SELU_SCALE, "selu_alpha": SELU_ALPHA}


# --- accuracy: the brief's bar is 2 condition-aware ulp (bench.core's bar is 4) -------------


@pytest.mark.parametrize(
    ("key", "params"),
    [pytest.param(key, params, id=f"{key}-{params}") for key in NEW for params in param_sets(key)],
)
def test_within_two_ulp_condition_aware(key, params):
    grid = np.concatenate(
        [accuracy_grid(key, size=120, **params), np.random.default_rng(3).uniform(-8, 8, 400)]
    )
    err_f, err_df, worst = condition_errors(key, grid, **params)
    assert err_f <= 2.0 and err_df <= 2.0, (err_f, err_df, worst)


# --- the hard functions against the smooth ones they replace ------------------------------


def test_hard_swish_is_farthest_from_silu_at_plus_minus_three():
    gap, at = max_difference("hardswish", "swish")
    assert at == 3.0
    sigma = REGISTRY["sigmoid"].fn
    assert gap == pytest.approx(3 * float(sigma(-3.0)), rel=1e-14)  # 3σ(−3)
    x = np.linspace(-12, 12, 24001)
    difference = np.abs(REGISTRY["hardswish"].fn(x) - REGISTRY["swish"].fn(x))
    assert difference.max() <= gap * (1 + 1e-12)


def test_hard_sigmoid_gap_from_sigma_is_odd_and_its_largest_is_inside():
    gap, at = max_difference("hardsigmoid", "sigmoid")
    assert 0 < at < 3
    hard, sigma = REGISTRY["hardsigmoid"].fn, REGISTRY["sigmoid"].fn
    assert float(hard(at) - sigma(at)) == pytest.approx(-float(hard(-at) - sigma(-at)))
    assert float(abs(hard(at) - sigma(at))) == pytest.approx(gap)


# --- self-normalisation through depth ---------------------------------------------------------


def test_selu_keeps_mean_zero_and_variance_one_for_fifty_layers():
    found = layer_moments("selu", 50)
    assert len(found.mean) == len(found.variance) == 51
    assert np.all(np.abs(found.mean) < 0.1)
    assert np.all((found.variance > 0.8) & (found.variance < 1.25))


def test_relu_and_tanh_drift_at_the_same_initialisation():
    relu, tanh = layer_moments("relu", 50), layer_moments("tanh", 50)
    assert relu.variance[50] < 1e-10 < relu.variance[10]  # halved layer after layer
    assert relu.mean[1] > 0.3  # ReLU's outputs are not centred
    assert tanh.variance[50] < 0.05 < tanh.variance[1]


def test_selu_off_its_fixed_point_drifts():
    shrinking = layer_moments("selu", 50, selu_alpha=1.0)
    growing = layer_moments("selu", 50, scale=1.2)
    assert shrinking.variance[50] < 0.1
    assert growing.variance[50] > 2.0


def test_a_shallower_chain_is_the_start_of_a_deeper_one():
    # the page draws 100 layers once and shows the first `depth`; the prose quotes layer 50
    np.testing.assert_array_equal(
        layer_moments("selu", 50).variance, layer_moments("selu", 100).variance[:51]
    )


def test_moments_are_seeded_and_read_only():
    first, again = layer_moments("selu", 20, seed=7), layer_moments("selu", 20, seed=7)
    np.testing.assert_array_equal(first.variance, again.variance)
    assert not np.array_equal(first.variance, layer_moments("selu", 20, seed=8).variance)
    with pytest.raises(ValueError):
        first.mean[0] = 1.0
    with pytest.raises(ValueError, match="scale must be in"):
        layer_moments("selu", 20, scale=9.0)


# --- unbounded functions in the other experiments -----------------------------------------


@pytest.mark.parametrize("key", ["selu", "squared_relu"])
def test_a_training_run_that_diverges_stops_without_a_warning(key):
    # plain gradient descent at the playground's largest step: SELU's and Squared ReLU's
    # weights blow up (pytest turns a float warning into an error)
    run = playground_run(key, layers=3, width=32, optimizer="gd", lr=1.0, epochs=2000)
    assert run.diverged
    assert np.isfinite(run.train_loss_final)  # the last finite value, as the page shows it
