"""The registry's interface and the shared properties of every element-wise activation."""

from __future__ import annotations

import dataclasses
import inspect
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from activations import REGISTRY, X, elementwise
from activations.facts import facts
from activations.registry import Activation, Param
from activations.symbolic import derivative, plain
from harness.accuracy import reference
from tests.support.profiles import examples

KEYS = list(REGISTRY)
SETTINGS = settings(max_examples=examples(60))


def param_values(activation: Activation) -> list[dict[str, float]]:
    """Defaults, both ends of each range and a point inside."""
    if not activation.params:
        return [{}]
    defaults = activation.defaults()
    cases = [defaults]
    for param in activation.params:  # one parameter moved at a time, the others at defaults
        inside = param.low + 0.37 * (param.high - param.low)
        cases += [{**defaults, param.name: v} for v in (param.low, param.high, inside)]
    return cases


CASES = [
    pytest.param(key, params, id=f"{key}-{params}")
    for key, activation in REGISTRY.items()
    for params in param_values(activation)
]


# --- interface ------------------------------------------------------------------------------


def test_keys_in_teaching_order() -> None:
    assert KEYS == [
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "elu",
        "gelu",
        "gelu_tanh",
        "swish",
        "softplus",
        "mish",
        "relu6",
        "hardsigmoid",
        "hardswish",
        "selu",
        "squared_relu",
    ]


def test_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        REGISTRY["relu"] = REGISTRY["tanh"]  # type: ignore[index]


@pytest.mark.parametrize("key", KEYS)
def test_entry_metadata(key: str) -> None:
    activation = REGISTRY[key]
    assert activation.key == key
    assert activation.name_en
    for param in activation.params:
        assert isinstance(param, Param)
        assert param.low <= param.default <= param.high
        assert 0 < param.step <= param.high - param.low
        assert param.latex


def test_parameter_names_and_ranges() -> None:
    table = {key: [(p.name, p.low, p.high) for p in a.params] for key, a in REGISTRY.items()}
    assert table["leaky_relu"] == [("negative_slope", 0.0, 1.0)]
    assert table["elu"] == [("alpha", 0.0, 5.0)]
    assert table["swish"] == [("beta", 0.0, 10.0)]
    assert table["selu"] == [("scale", 0.5, 2.0), ("selu_alpha", 0.0, 5.0)]
    assert all(table[k] == [] for k in KEYS if k not in {"leaky_relu", "elu", "swish", "selu"})


@pytest.mark.parametrize("key", [key for key, a in REGISTRY.items() if a.params])
def test_kernel_signature_defaults_are_the_registry_defaults(key: str) -> None:
    activation = REGISTRY[key]
    for kernel in (activation.function, activation.derivative):
        parameters = inspect.signature(kernel).parameters
        assert {name: parameters[name].default for name in activation.defaults()} == (
            activation.defaults()
        )


def test_only_tanh_is_zero_centred() -> None:
    assert [k for k, a in REGISTRY.items() if a.zero_centred] == ["tanh"]


@pytest.mark.parametrize(
    ("key", "params", "message"),
    [
        ("swish", {"beta": -5}, "beta must be in [0, 10], got -5"),
        ("swish", {"beta": 10.5}, "beta must be in [0, 10], got 10.5"),
        ("leaky_relu", {"negative_slope": 2}, "negative_slope must be in [0, 1], got 2"),
        ("elu", {"alpha": -0.1}, "alpha must be in [0, 5], got -0.1"),
        ("swish", {"beta": float("nan")}, "beta must be in [0, 10], got nan"),
        ("swish", {"beta": "wide"}, "beta must be a real number in [0, 10], got 'wide'"),
        ("relu", {"beta": 1.0}, "unknown parameter 'beta' for relu; allowed: none"),
    ],
)
def test_bad_parameters_raise_value_error_naming_the_range(
    key: str, params: dict[str, object], message: str
) -> None:
    activation = REGISTRY[key]
    for call in (
        lambda: activation.fn(1.0, **params),
        lambda: activation.grad(1.0, **params),
        lambda: activation.expr(**params),
    ):
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value) == message


def test_expr_general_form_keeps_symbols() -> None:
    general = REGISTRY["swish"].expr()
    (beta,) = general.free_symbols - {X}
    assert beta == REGISTRY["swish"].params[0].symbol()  # one symbol per parameter
    assert beta.name == r"\beta" and beta.is_nonnegative
    assert REGISTRY["swish"].expr(beta=2).free_symbols == {X}
    assert REGISTRY["leaky_relu"].expr().has(sp.Symbol("a", nonnegative=True))
    assert X.is_real


# --- values: lambdify agreement --------------------------------------------------------------

ORDINARY = np.linspace(-8.0, 8.0, 161) + 1e-3  # avoids the kink at 0 exactly


@pytest.mark.parametrize(("key", "params"), CASES)
def test_numpy_matches_lambdified_sympy(key: str, params: dict[str, float]) -> None:
    activation = REGISTRY[key]
    expr = activation.expr(**params)
    f = sp.lambdify(X, expr, modules=["scipy", "numpy"])
    df = sp.lambdify(X, plain(derivative(key, **params)), modules=["scipy", "numpy"])
    np.testing.assert_allclose(
        activation.fn(ORDINARY, **params), f(ORDINARY), rtol=1e-13, atol=1e-15
    )
    np.testing.assert_allclose(
        activation.grad(ORDINARY, **params),
        df(ORDINARY) * np.ones_like(ORDINARY),
        rtol=1e-12,
        atol=1e-14,
    )


@pytest.mark.parametrize(("key", "params"), CASES)
def test_derivative_matches_central_differences(key: str, params: dict[str, float]) -> None:
    activation = REGISTRY[key]
    x = np.linspace(-6.0, 6.0, 241)
    x = (
        x[np.all([np.abs(x - k) > 1e-3 for k in activation.kinks], axis=0)]
        if activation.kinks
        else x
    )
    h = 1e-6
    central = (activation.fn(x + h, **params) - activation.fn(x - h, **params)) / (2 * h)
    np.testing.assert_allclose(activation.grad(x, **params), central, rtol=1e-7, atol=1e-8)


# --- kinks ---------------------------------------------------------------------------------------


def test_kink_conventions() -> None:
    assert REGISTRY["relu"].grad(0.0) == 0.0  # PyTorch, TensorFlow, JAX
    assert REGISTRY["leaky_relu"].grad(0.0, negative_slope=0.2) == 1.0  # the x >= 0 branch
    assert REGISTRY["elu"].grad(0.0, alpha=2.0) == 2.0  # the x <= 0 branch
    assert REGISTRY["elu"].fn(0.0, alpha=2.0) == 0.0


@pytest.mark.parametrize(("key", "params"), [c for c in CASES if REGISTRY[c.values[0]].kinks])
def test_kink_value_agrees_with_sympy_piecewise(key: str, params: dict[str, float]) -> None:
    for kink in REGISTRY[key].kinks:
        symbolic = float(plain(derivative(key, **params)).subs(X, kink))
        assert REGISTRY[key].grad(kink, **params) == symbolic


# --- shapes, dtypes, special values -------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_scalars_lists_and_shapes(key: str) -> None:
    activation = REGISTRY[key]
    for fun in (activation.fn, activation.grad):
        scalar = fun(1.5)
        assert isinstance(scalar, np.ndarray) and scalar.shape == () and scalar.dtype == np.float64
        assert fun(2).dtype == np.float64  # integers become float64
        assert fun([[1.0, -2.0, 3.0]]).shape == (1, 3)
        grid = np.arange(24.0).reshape(2, 3, 4) - 12
        assert fun(grid).shape == (2, 3, 4)
        assert fun(grid.T).shape == (4, 3, 2)  # non-contiguous input
        np.testing.assert_array_equal(fun(grid.T), fun(grid).T)
        assert fun(np.empty((0, 3))).shape == (0, 3)


@SETTINGS
@given(
    key=st.sampled_from(KEYS),
    x=hnp.arrays(
        dtype=st.sampled_from([np.float32, np.float64]),
        shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=5),
        elements={"allow_nan": True, "allow_infinity": True},
    ),
)
def test_shape_and_dtype_kept(key: str, x: np.ndarray) -> None:
    activation = REGISTRY[key]
    for fun in (activation.fn, activation.grad):
        out = fun(x)
        assert out.shape == x.shape
        assert out.dtype == x.dtype


@SETTINGS
@given(key=st.sampled_from(KEYS), x=st.floats(-1e4, 1e4, width=32))
def test_float32_is_the_rounded_float64_result(key: str, x: float) -> None:
    activation = REGISTRY[key]
    for fun in (activation.fn, activation.grad):
        single = fun(np.float32(x))
        assert single.dtype == np.float32
        assert single == np.float32(fun(np.float64(x)))


@pytest.mark.parametrize(("key", "params"), CASES)
def test_nan_propagates(key: str, params: dict[str, float]) -> None:
    x = np.array([np.nan, 1.0, -np.nan])
    for fun in (REGISTRY[key].fn, REGISTRY[key].grad):
        out = fun(x, **params)
        assert np.isnan(out[0]) and np.isnan(out[2]) and not np.isnan(out[1])


@pytest.mark.parametrize(("key", "params"), CASES)
def test_infinities_give_the_sympy_limits(key: str, params: dict[str, float]) -> None:
    activation = REGISTRY[key]
    known = facts(key, **params)
    values = activation.fn(np.array([-np.inf, np.inf]), **params)
    slopes = activation.grad(np.array([-np.inf, np.inf]), **params)
    assert values.tolist() == [known.limit_neg_inf, known.limit_pos_inf]
    assert slopes.tolist() == [known.grad_limit_neg_inf, known.grad_limit_pos_inf]


EXTREMES = np.array(
    [
        *[0.0, -0.0, 5e-324, 1e-300, 1e-10, 36.74, 37.0, 354.5, 700.5, 709.79, 710.0, 745.2],
        *[1e17, 1e154, 1e155, 1e300, 1.7976931348623157e308],
    ]
)


@pytest.mark.parametrize(("key", "params"), CASES)
def test_no_floating_point_warnings_on_any_finite_input(key: str, params: dict[str, float]) -> None:
    x = np.concatenate([EXTREMES, -EXTREMES, np.linspace(-800, 800, 3201)])
    # pytest turns warnings into errors already; errstate also catches silenced ones.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values = REGISTRY[key].fn(x, **params)
        slopes = REGISTRY[key].grad(x, **params)
    # Where the exact value leaves float64's range (squared ReLU's x² past 1.34e154, SELU's λx
    # near 1.8e308), inf of the same sign is the correctly rounded result.
    for computed, exact_of in ((values, _exact_value), (slopes, _exact_slope)):
        huge = [
            (got, exact_of(key, point, params))
            for got, point in zip(computed.tolist(), x.tolist(), strict=True)
            if not math.isfinite(got)
        ]
        assert all(abs(exact) > _LARGEST and got * exact > 0 for got, exact in huge), huge


_LARGEST = np.finfo(np.float64).max


def _exact_value(key: str, x: float, params: dict[str, float]) -> float:
    return float(reference(key, x, **params).f)


def _exact_slope(key: str, x: float, params: dict[str, float]) -> float:
    return float(reference(key, x, **params).df)


# --- hypothesis: monotonicity and the Swish family ---------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)


# Written out, not derived at import: the facts take seconds to compute, and every pytest-xdist
# worker imports this module. The first test holds it to what the facts derive.
SMOOTH_MONOTONIC = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus"]
MONOTONIC = [*SMOOTH_MONOTONIC, "relu6", "hardsigmoid", "selu", "squared_relu"]


def test_monotonic_functions_are_the_ones_without_a_dip() -> None:
    assert [key for key in KEYS if facts(key).monotonic] == MONOTONIC


@SETTINGS
@given(key=st.sampled_from(MONOTONIC), x=finite)
def test_monotonic_has_nonnegative_slope(key: str, x: float) -> None:
    assert REGISTRY[key].grad(x) >= 0


@SETTINGS
@given(
    key=st.sampled_from(MONOTONIC),
    a=st.floats(-1e6, 1e6),
    b=st.floats(-1e6, 1e6),
)
def test_monotonic_is_nondecreasing(key: str, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    f_lo, f_hi = REGISTRY[key].fn([lo, hi]).tolist()
    # Exact arithmetic would give f_lo <= f_hi; allow the 4-ulp error bar, nothing more.
    assert f_lo <= f_hi + 4 * 2.0**-52 * max(abs(f_lo), abs(f_hi))


@pytest.mark.parametrize("key", [key for key in KEYS if key not in MONOTONIC])
def test_non_monotonic_really_dips(key: str) -> None:
    known = facts(key)
    assert known.min_at is not None and known.min_at < 0
    assert REGISTRY[key].grad(known.min_at - 0.5) < 0 < REGISTRY[key].grad(known.min_at + 0.5)


@SETTINGS
@given(beta=st.floats(0.5, 10.0), x=finite)
def test_swish_approaches_relu_as_beta_grows(beta: float, x: float) -> None:
    # |x·σ(βx) − max(0, x)| = |x|·σ(−β|x|) ≤ W(1/e)/β ≈ 0.27846/β: the gap shrinks like 1/β.
    gap = abs(REGISTRY["swish"].fn(x, beta=beta) - REGISTRY["relu"].fn(x))
    assert gap <= 0.2784645427610738 / beta * (1 + 1e-12) + 4 * 2.0**-52 * abs(x)


@SETTINGS
@given(beta=st.floats(0.0, 1e-3), x=st.floats(-100, 100))
def test_swish_approaches_half_x_as_beta_vanishes(beta: float, x: float) -> None:
    # |x·σ(βx) − x/2| = |x|·|σ(βx) − ½| ≤ β·x²/4.
    gap = abs(REGISTRY["swish"].fn(x, beta=beta) - x / 2)
    assert gap <= beta * x * x / 4 + 4 * 2.0**-52 * abs(x)


def test_swish_at_beta_zero_is_exactly_half_x() -> None:
    x = np.array([-1e300, -3.0, 0.0, 7.0, 1e300])
    np.testing.assert_array_equal(REGISTRY["swish"].fn(x, beta=0), x / 2)
    np.testing.assert_array_equal(REGISTRY["swish"].grad(x, beta=0), 0.5)


def test_silu_is_swish_at_beta_one() -> None:
    x = np.linspace(-5, 5, 11)
    np.testing.assert_array_equal(elementwise.silu(x), REGISTRY["swish"].fn(x, beta=1))
    np.testing.assert_array_equal(elementwise.silu_grad(x), REGISTRY["swish"].grad(x, beta=1))
    np.testing.assert_allclose(elementwise.silu(x), x / (1 + np.exp(-x)), rtol=1e-15)  # a·σ(a)


def test_swish_slope_is_zero_at_its_minimum() -> None:
    # FACTS #4: f′(−10) ≈ −4.1e−4 and f′ = 0 at x ≈ −1.2785 (β = 1).
    swish = REGISTRY["swish"]
    assert math.isclose(swish.grad(-10.0), -4.0856e-4, rel_tol=1e-4)
    assert abs(swish.grad(-1.2784645427610737)) < 1e-15


# --- a configured activation ------------------------------------------------------------------


@pytest.mark.parametrize("key", list(REGISTRY))
def test_configured_computes_what_the_entry_computes(key: str) -> None:
    entry = REGISTRY[key]
    values = {p.name: p.low + 0.37 * (p.high - p.low) for p in entry.params}
    configured = entry.at(**values)
    x = np.linspace(-6.0, 6.0, 41)
    assert np.array_equal(configured.fn(x), entry.fn(x, **values))
    assert np.array_equal(configured.grad(x), entry.grad(x, **values))
    assert configured.values == entry.check(**values)
    assert configured.cache_key == (key, tuple(configured.values.items()))
    assert entry.at() == entry.at(**entry.defaults())  # defaults filled in, one identity


def test_configured_is_checked_once_when_made() -> None:
    with pytest.raises(ValueError, match=r"beta must be in \[0, 10\], got 11"):
        REGISTRY["swish"].at(beta=11)
    with pytest.raises(ValueError, match="unknown parameter 'alpha' for swish"):
        REGISTRY["swish"].at(alpha=1)
    configured = REGISTRY["swish"].at(beta=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        configured.given = (("beta", 99.0),)


def test_configured_text_and_label() -> None:
    assert REGISTRY["swish"].at(beta=2).text == "β = 2"
    assert REGISTRY["elu"].at(alpha=0.5).label == "ELU (α = 0.5)"
    assert REGISTRY["leaky_relu"].at(negative_slope=0.25).text == "a = 0.25"
    assert REGISTRY["relu"].at().text == "" and REGISTRY["relu"].at().label == "ReLU"


def test_configured_jumps_only_where_the_derivative_jumps() -> None:
    assert REGISTRY["elu"].at(alpha=1.0).jumps() == ()
    assert REGISTRY["elu"].at(alpha=2.0).jumps() == (0.0,)
    assert REGISTRY["leaky_relu"].at(negative_slope=1.0).jumps() == ()
    assert REGISTRY["relu"].at().jumps() == (0.0,)


def test_the_symbolic_layer_takes_a_configured_activation() -> None:
    from activations import symbolic

    configured = REGISTRY["swish"].at(beta=2)
    assert symbolic.latex(configured) == symbolic.latex("swish", beta=2)
    assert facts(configured) == facts("swish", beta=2)
    assert symbolic.derivative(configured) == symbolic.derivative("swish", beta=2)
    with pytest.raises(TypeError, match="configured already"):
        symbolic.latex_f(configured, beta=3)
