"""activations.low_precision against independent computations: brute force over every number
of float16 and bfloat16, np.finfo and nextafter for float32, and PyTorch's float32 σ formula.

pytest turns warnings into errors: every test here also checks that overflow, underflow and
inf/inf happen without a RuntimeWarning.
"""

from __future__ import annotations

import math

import ml_dtypes
import numpy as np
import pytest

from activations import REGISTRY
from activations import low_precision as lp
from views.numbers import number
from views.prose_values import prose_value

SIXTEEN = ("float16", "bfloat16")
TYPES = {"float16": np.float16, "bfloat16": ml_dtypes.bfloat16, "float32": np.float32}


def every_number(name: str) -> np.ndarray:
    """Every finite number of a 16-bit type with |x| ≤ REACH, ascending, as float64."""
    raw = np.arange(2**16, dtype=np.uint16).view(TYPES[name])
    values = raw[np.isfinite(raw)].astype(np.float64)  # casting NaN would warn
    values = values[np.abs(values) <= lp.REACH]
    return np.unique(values)


def settled_start(x: np.ndarray, y: np.ndarray, side: int) -> float | None:
    """Brute force: the x of least magnitude on ``side`` from which y equals its far value."""
    keep = x >= 0 if side > 0 else x <= 0
    x, y = x[keep], y[keep]
    order = np.argsort(np.abs(x))
    x, y = x[order], y[order]
    far = y[-1]
    if np.isnan(far) or y[-1] != y[int(np.searchsorted(np.abs(x), 0.9 * lp.REACH))]:
        return None
    differs = np.flatnonzero(y != far)
    return float(x[0] if differs.size == 0 else x[differs[-1] + 1])


def single_sigmoid(x32: np.ndarray) -> np.ndarray:
    """PyTorch's float32 σ kernel, 1/(1 + e^(−x)), written out here in float32."""
    with np.errstate(over="ignore"):
        return np.float32(1) / (np.float32(1) + np.exp(-x32))


# --- the thresholds the lesson quotes --------------------------------------------------------


def test_sigmoid_is_exactly_one_in_float32_from_24_ln_2_by_nextafter():
    start = lp.landmarks(REGISTRY["sigmoid"].at(), "float32").values[1]
    x = np.float32(start.start)
    assert single_sigmoid(np.array([x]))[0] == 1.0
    below = np.nextafter(x, np.float32(0))
    assert single_sigmoid(np.array([below]))[0] < 1.0
    # 1 + e^(−x) rounds to 1 once e^(−x) ≤ 2⁻²⁴ (half of float32's step above 1)
    assert abs(start.start - 24 * math.log(2)) < 1e-5
    assert prose_value("precision.sigmoid_one_float32") == number(start.start, 4) == "16.64"


@pytest.mark.parametrize(("name", "bits"), [("float16", 12), ("bfloat16", 9)])
def test_sigmoid_rounds_to_one_at_half_a_step_below_one(name, bits):
    """Computed in float32 and rounded: 1 once 1 − σ ≤ half the step below 1, 2^−(p+1)."""
    x = every_number(name)
    y = single_sigmoid(x.astype(np.float32)).astype(TYPES[name]).astype(np.float64)
    brute = settled_start(x, y, +1)
    found = lp.landmarks(REGISTRY["sigmoid"].at(), name).values[1]
    assert found.start == brute and found.value == 1.0
    assert bits == lp.significant_bits(name) + 1
    step = float(np.spacing(np.float32(found.start))) * 2 ** (24 - lp.significant_bits(name))
    assert 0 <= found.start - bits * math.log(2) <= step
    if name == "bfloat16":  # the "σ saturates in bfloat16 from ≈ 6"
        assert 6.0 < found.start < 6.5


def test_float16_exp_overflows_at_ln_65504():
    x = every_number("float16")
    with np.errstate(over="ignore"):
        exps = np.exp(x.astype(np.float16))  # NumPy's own float16 exp
    brute = float(x[np.isinf(exps) & (x > 0)].min())
    assert lp.exp_overflow("float16") == brute
    assert abs(brute - math.log(float(np.finfo(np.float16).max))) < 0.01  # ≈ 11.09
    assert prose_value("precision.exp_overflow_float16") == "11.09"


def test_exp_overflow_of_float32_and_bfloat16_is_float32s_range():
    x = np.float32(lp.exp_overflow("float32"))
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(x)) and np.isfinite(np.exp(np.nextafter(x, np.float32(0))))
    for name in ("float32", "bfloat16"):
        largest = float(np.finfo(np.float32).max if name == "float32" else lp.largest(name))
        assert abs(lp.exp_overflow(name) - math.log(largest)) <= 0.5  # bfloat16's step there
    assert lp.exponent_bits("bfloat16") == lp.exponent_bits("float32") == 8


@pytest.mark.parametrize("name", [*SIXTEEN, "float32", "float64"])
def test_type_constants_match_finfo(name):
    info = np.finfo(TYPES.get(name, np.float64)) if name != "bfloat16" else None
    info = info or ml_dtypes.finfo(ml_dtypes.bfloat16)
    assert lp.unit_roundoff(name) == float(info.eps) / 2
    assert lp.largest(name) == float(info.max)
    assert lp.smallest(name) == float(info.smallest_subnormal)


# --- the search, checked by brute force on every 16-bit number -------------------------------


@pytest.mark.parametrize("name", SIXTEEN)
@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_where_values_and_gradients_settle_matches_brute_force(key, name):
    activation = REGISTRY[key].at()
    x = every_number(name)
    marks = lp.landmarks(activation, name)
    for curve, ends in ((lp.value_in, marks.values), (lp.grad_in, marks.grads)):
        y = curve(activation, x, name)
        for side, end in zip((-1, +1), ends, strict=True):
            brute = settled_start(x, y, side)
            assert (end.start if end else None) == brute, (key, name, curve.__name__, side)


@pytest.mark.parametrize("name", ("float32", *SIXTEEN))
def test_sigmoid_and_tanh_gradients_die_where_their_outputs_saturate(name):
    """Autograd computes σ′ and tanh′ from the output: exactly 0 where y is exactly 1."""
    for key in ("sigmoid", "tanh"):
        marks = lp.landmarks(REGISTRY[key].at(), name)
        assert marks.dead_zones[-1].start == marks.values[1].start
    tanh = lp.landmarks(REGISTRY["tanh"].at(), "bfloat16")
    assert 3.0 < tanh.dead_zones[-1].start < 4.0  # tanh′ is 0 in bfloat16 beyond |x| ≈ 3.5


def test_relu_has_its_dead_zone_in_every_type_and_no_saturation_above():
    for name in lp.DTYPES:
        marks = lp.landmarks(REGISTRY["relu"].at(), name)
        assert marks.values[1] is None
        assert [end.side for end in marks.dead_zones] == [-1]


# --- values, errors, NaN ----------------------------------------------------------------------


@pytest.mark.parametrize("name", lp.DTYPES)
def test_relu_is_off_by_at_most_one_rounding(name):
    """ReLU only rounds its input: the relative error is at most u, and reaches about u/2."""
    x = np.linspace(0.01, 50, 5001)
    shown = lp.evaluate(REGISTRY["relu"].at(), x, name)
    assert shown.value_error.max() <= lp.unit_roundoff(name)
    if name != "float64":
        assert shown.value_error.max() > lp.unit_roundoff(name) / 4
    else:
        assert shown.value_error.max() == 0.0


@pytest.mark.parametrize("name", lp.DTYPES)
@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_values_are_numbers_of_the_type_and_nan_propagates(key, name):
    activation = REGISTRY[key].at()
    x = np.array([-lp.REACH, -30.0, -1.5, 0.0, 0.1, 2.0, 300.0, lp.REACH, np.nan])
    shown = lp.evaluate(activation, x, name)  # float16 overflows past 65504: silently inf
    for values in (shown.values, shown.grads):
        assert np.isnan(values[-1])
        finite = values[np.isfinite(values)]
        assert np.array_equal(lp.representable(finite, name), finite)
    assert np.isnan(shown.value_error[-1]) and np.isnan(shown.grad_error[-1])


def test_a_shared_readings_errors_are_made_once_and_read_only():
    """Every session reads the same evaluation: its errors are computed once and cannot be
    changed by one of them."""
    shown = lp.read(REGISTRY["tanh"].at(), np.linspace(-6.0, 6.0, 801), "float16")
    errors = shown.evaluation.value_error, shown.evaluation.grad_error
    assert errors[0] is shown.evaluation.value_error and errors[1] is shown.evaluation.grad_error
    assert not any(error.flags.writeable for error in errors)
    exact = shown.evaluation
    expected = lp.relative_error(exact.values, exact.exact_values)
    assert np.array_equal(errors[0], expected, equal_nan=True)


def test_relative_error_cases():
    error = lp.relative_error([1.0, 0.0, 0.0, 2.0, np.inf, np.nan], [1.0, 0.0, 1.0, 0.0, np.inf, 1])
    assert error[:5].tolist() == [0.0, 0.0, 1.0, math.inf, 0.0] and np.isnan(error[5])
    assert lp.worst(error, np.arange(6.0)) == (1.0, 2.0)


def test_float16_squared_relu_overflows_to_inf_from_256():
    """x² > 65504 rounds to inf in float16: the value 'settles' at inf from 256."""
    end = lp.landmarks(REGISTRY["squared_relu"].at(), "float16").values[1]
    assert end.value == math.inf and end.start == 256.0


# --- softmax in float16 -----------------------------------------------------------------------


def test_float16_textbook_softmax_breaks_past_the_overflow_and_the_stable_one_does_not():
    limit = lp.exp_overflow("float16")
    below = float(np.nextafter(np.float16(limit), np.float16(0)))
    fine = lp.softmax_steps([below, 0.0], "float16", stable=False)
    assert np.all(np.isfinite(fine.probabilities))
    broken = lp.softmax_steps([limit, 0.0, -1.0], "float16", stable=False)
    assert np.isinf(broken.exps[0]) and np.isnan(broken.probabilities[0])
    stable = lp.softmax_steps([limit + 1000, 1000.0, -1.0], "float16", stable=True)
    assert np.all(np.isfinite(stable.probabilities))
    assert abs(float(stable.probabilities.sum()) - 1.0) <= 3 * lp.unit_roundoff("float16")
    assert stable.exps.max() == 1.0  # the largest term is e⁰
