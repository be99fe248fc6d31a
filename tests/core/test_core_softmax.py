"""Softmax, log-sum-exp and cross-entropy (``activations.softmax``): the properties the page
teaches, held by unit tests, Hypothesis, finite differences, SciPy and SymPy."""

from __future__ import annotations

import doctest
import math
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

from activations import REGISTRY
from activations import softmax as sm

SETTINGS = settings(deadline=None, max_examples=80)
SIGMOID = REGISTRY["sigmoid"].fn

# Rows of 1–6 logits spanning the range where float64 softmax is still interesting.
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
rows = hnp.arrays(np.float64, st.integers(1, 6), elements=finite)
temperatures = st.floats(0.05, 20.0)


def finite_difference(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of vector- or scalar-valued ``f`` at ``x``: column j is ∂f/∂xⱼ."""
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((np.asarray(f(x + step)) - np.asarray(f(x - step))) / (2 * h))
    return np.stack(columns, axis=-1)


def test_docstring_examples_run():
    failures, tried = doctest.testmod(sm, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried >= 15 and failures == 0


# --- softmax ---------------------------------------------------------------------------------


@SETTINGS
@given(rows, temperatures)
def test_rows_are_distributions(logits, temperature):
    p = sm.softmax(logits, temperature)
    assert p.shape == logits.shape
    assert np.all((p >= 0) & (p <= 1))
    assert math.isclose(p.sum(), 1.0, rel_tol=1e-12)


@SETTINGS
@given(rows, st.floats(-1e3, 1e3))
def test_adding_a_constant_changes_nothing(logits, constant):
    np.testing.assert_allclose(
        sm.softmax(logits + constant), sm.softmax(logits), rtol=1e-9, atol=1e-12
    )


@SETTINGS
@given(rows, temperatures)
def test_matches_scipy(logits, temperature):
    np.testing.assert_allclose(
        sm.softmax(logits, temperature), special.softmax(logits / temperature), atol=1e-12
    )
    np.testing.assert_allclose(
        sm.logsumexp(logits, temperature), special.logsumexp(logits / temperature), rtol=1e-12
    )


@SETTINGS
@given(st.floats(-800.0, 800.0))
def test_two_classes_are_the_registry_sigmoid(x):
    p = sm.softmax([x, 0.0])
    expected = np.array([SIGMOID(x), SIGMOID(-x)])
    # a few ulp; in the subnormal tail (x < −708) an absolute step of the smallest subnormals
    np.testing.assert_allclose(p, expected, rtol=4 * np.finfo(float).eps, atol=1e-320)


def test_order_is_kept_and_the_maximum_gets_the_most():
    p = sm.softmax(sm.EXAMPLE_LOGITS)
    assert list(np.argsort(p)) == list(np.argsort(sm.EXAMPLE_LOGITS))


def test_leading_axes_are_rows():
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    p = sm.softmax(batch)
    np.testing.assert_allclose(p[1], [1 / 3] * 3)
    np.testing.assert_allclose(p.sum(axis=-1), [1.0, 1.0])
    np.testing.assert_allclose(sm.logsumexp(batch), special.logsumexp(batch, axis=-1))


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e6, 1e300])
def test_huge_logits_are_stable(scale):
    logits = scale * np.array([1.0, 0.999, -1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = sm.softmax(logits)
        lse = sm.logsumexp(logits)
    assert np.all(np.isfinite(p)) and math.isclose(p.sum(), 1.0)
    assert np.isfinite(lse) and lse >= logits.max()


def test_logits_of_1000_stable_where_the_naive_form_is_nan():
    logits = [1000.0, 999.0, 998.0]
    expected = sm.softmax([2.0, 1.0, 0.0])
    np.testing.assert_allclose(sm.softmax(logits), expected, rtol=1e-14)
    assert np.isnan(sm.naive_softmax(logits)).all()
    assert sm.logsumexp(logits) == pytest.approx(998.0 + math.log(math.exp(2) + math.e + 1))


def test_naive_form_underflows_to_nan_below_minus_745():
    assert np.isnan(sm.naive_softmax([-1000.0, -1001.0])).all()
    np.testing.assert_allclose(sm.softmax([-1000.0, -1001.0]), sm.softmax([1.0, 0.0]))


def test_naive_form_agrees_where_exp_is_finite():
    logits = np.array(sm.EXAMPLE_LOGITS)
    np.testing.assert_allclose(sm.naive_softmax(logits), sm.softmax(logits), rtol=1e-15)
    naive, stable = sm.naive_steps(logits), sm.stable_steps(logits)
    assert naive.total == pytest.approx(np.exp(logits).sum())
    assert stable.exps.max() == 1.0 and stable.total >= 1.0


def test_naive_form_emits_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        steps = sm.naive_steps([1000.0, 0.0, -1000.0])
    assert steps.exps[0] == math.inf and steps.total == math.inf
    assert np.isnan(steps.probabilities[0]) and steps.probabilities[1] == 0.0


def test_overflow_and_underflow_thresholds_are_exps_own():
    with np.errstate(over="ignore"):
        assert math.isfinite(np.exp(sm.EXP_OVERFLOW))
        assert np.exp(np.nextafter(sm.EXP_OVERFLOW, 800.0)) == math.inf
    assert np.exp(sm.EXP_UNDERFLOW + 1e-9) > 0.0
    assert np.exp(sm.EXP_UNDERFLOW - 1e-9) == 0.0
    assert round(sm.EXP_OVERFLOW, 2) == 709.78
    assert round(sm.EXP_UNDERFLOW, 2) == -745.13


def test_nan_propagates_through_its_row_only():
    p = sm.softmax([[1.0, np.nan, 0.0], [1.0, 2.0, 0.0]])
    assert np.isnan(p[0]).all() and np.isfinite(p[1]).all()
    assert np.isnan(sm.logsumexp([np.nan, 1.0]))
    assert np.isnan(sm.jacobian([np.nan, 1.0])).all()
    assert np.isnan(sm.cross_entropy([np.nan, 1.0], 1))
    assert np.isnan(sm.cross_entropy_grad([np.nan, 1.0], 1)).all()


def test_infinite_logits_mask_or_give_nan_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(sm.softmax([0.0, -np.inf, 0.0]), [0.5, 0.0, 0.5])
        assert np.isnan(sm.softmax([np.inf, 0.0])).all()
        assert np.isnan(sm.softmax([-np.inf, -np.inf])).all()
        assert sm.logsumexp([np.inf, 0.0]) == math.inf
        assert sm.logsumexp([-np.inf, -np.inf]) == -math.inf


@pytest.mark.parametrize("bad", [0, 0.0, -1.0, math.nan, math.inf, -math.inf, "hot", None])
def test_temperature_must_be_finite_and_positive(bad):
    with pytest.raises(ValueError, match="temperature"):
        sm.softmax([1.0, 2.0], bad)
    with pytest.raises(ValueError, match="temperature"):
        sm.jacobian([1.0, 2.0], bad)


def test_no_logits_is_an_error():
    with pytest.raises(ValueError, match="at least one logit"):
        sm.softmax([])
    with pytest.raises(ValueError, match="at least one logit"):
        sm.softmax(1.0)


def test_temperature_limits_argmax_and_uniform():
    logits = np.array(sm.EXAMPLE_LOGITS)
    np.testing.assert_allclose(sm.softmax(logits, 0.01), [1.0, 0.0, 0.0, 0.0], atol=1e-30)
    np.testing.assert_allclose(sm.softmax(logits, 1e6), [0.25] * 4, rtol=1e-5)


def test_tiny_temperature_and_far_logits_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = sm.softmax([1e308, -1e308], 1e-300)
    np.testing.assert_array_equal(p, [1.0, 0.0])


# --- log-sum-exp and log softmax ------------------------------------------------------------


@SETTINGS
@given(rows)
def test_logsumexp_is_a_smooth_maximum(logits):
    lse = float(sm.logsumexp(logits))
    assert logits.max() <= lse + 1e-12
    assert lse <= logits.max() + math.log(logits.size) + 1e-9


@SETTINGS
@given(rows, temperatures)
def test_log_softmax_is_the_log_of_softmax_and_never_minus_infinity(logits, temperature):
    logs = sm.log_softmax(logits, temperature)
    assert np.all(np.isfinite(logs))
    np.testing.assert_allclose(np.exp(logs), sm.softmax(logits, temperature), atol=1e-12)


# --- Jacobian -------------------------------------------------------------------------------


@SETTINGS
@given(hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(-5, 5)), st.floats(0.5, 4))
def test_jacobian_rows_and_columns_sum_to_zero_and_match_finite_differences(logits, temperature):
    jac = sm.jacobian(logits, temperature)
    scale = 1 / temperature
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15 * scale * logits.size)
    np.testing.assert_allclose(jac, jac.T, atol=1e-16)
    numeric = finite_difference(lambda x: sm.softmax(x, temperature), logits)
    np.testing.assert_allclose(jac, numeric, atol=1e-8)


def test_jacobian_of_two_classes_has_sigma_prime_on_its_diagonal():
    for x in (-3.0, 0.0, 1.5):
        jac = sm.jacobian([x, 0.0])
        np.testing.assert_allclose(np.diag(jac), REGISTRY["sigmoid"].grad(x), rtol=1e-12)


def test_jacobian_formula_from_sympy():
    z = sp.symbols("z1:4", real=True)
    total = sum(sp.exp(v) for v in z)
    p = [sp.exp(v) / total for v in z]
    for i in range(3):
        for j in range(3):
            derived = sp.diff(p[i], z[j])
            formula = p[i] * ((1 if i == j else 0) - p[j])
            assert sp.simplify(derived - formula) == 0, (i, j)


def test_jacobian_vanishes_as_temperature_goes_to_zero():
    logits = sm.EXAMPLE_LOGITS
    assert np.abs(sm.jacobian(logits, 0.02)).max() < 1e-12 < np.abs(sm.jacobian(logits)).max()


def test_jacobian_takes_one_row():
    with pytest.raises(ValueError, match="one row"):
        sm.jacobian([[1.0, 2.0], [3.0, 4.0]])


# --- cross-entropy --------------------------------------------------------------------------


@SETTINGS
@given(
    hnp.arrays(np.float64, st.integers(2, 5), elements=st.floats(-5, 5)),
    st.integers(0, 4),
    st.floats(0.5, 4),
)
def test_cross_entropy_gradient_is_p_minus_y_and_matches_finite_differences(
    logits, target, temperature
):
    target = target % logits.size
    grad = sm.cross_entropy_grad(logits, target, temperature)
    p = sm.softmax(logits, temperature)
    np.testing.assert_allclose(grad, (p - sm.one_hot(target, logits.size)) / temperature)
    assert abs(grad.sum()) < 1e-12 / temperature * logits.size
    numeric = finite_difference(lambda x: sm.cross_entropy(x, target, temperature), logits)
    np.testing.assert_allclose(grad, numeric, atol=1e-7)


def test_cross_entropy_is_minus_log_p_and_finite_when_confidently_wrong():
    logits = np.array(sm.EXAMPLE_LOGITS)
    assert sm.cross_entropy(logits, 2) == pytest.approx(-math.log(sm.softmax(logits)[2]))
    assert sm.cross_entropy([0.0, 1000.0], 0) == pytest.approx(1000.0)
    np.testing.assert_allclose(sm.cross_entropy_grad([0.0, 1000.0], 0), [-1.0, 1.0])


@pytest.mark.parametrize("target", [-1, 4, 10])
def test_cross_entropy_target_must_be_a_class(target):
    with pytest.raises(ValueError, match="class index"):
        sm.cross_entropy(sm.EXAMPLE_LOGITS, target)
    with pytest.raises(ValueError, match="class index"):
        sm.cross_entropy_grad(sm.EXAMPLE_LOGITS, target)


# --- SymPy: the two-class identity ----------------------------------------------------------


def test_two_class_latex_is_derived_and_names_sigma():
    identity, slope = sm.two_class_latex()
    assert identity.count(r"\sigma") == 2 and r"\frac{e^{x}}{e^{x} + 1}" in identity
    assert slope.startswith(r"\frac{\partial p_1}{\partial x}")
    assert r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)" in slope
