"""Depth that trains: residual connections and pre-norm on the 梯度消失 page's deep stack.

The backward pass of :func:`experiments.gradients.gradient_norms` is written by hand; here it is
checked against central finite differences of the loss on a tiny network (no autograd), and the
page's claims are checked on the page's own experiment: the plain sigmoid stack vanishes, the
residual pre-norm stack stays level through 50 layers, and either switch alone is not enough.
"""

from __future__ import annotations

import numpy as np
import pytest

from activations import REGISTRY
from experiments.activation import resolve
from experiments.gradients import COMPARED, gradient_norms, shrink_factor
from experiments.initialisation import init_std
from experiments.normalisation import (
    EPS,
    NORMS,
    layer_norm,
    layer_norm_backward,
    normaliser,
    rms_norm,
    rms_norm_backward,
)
from views.prose_values import prose_value
from views.quiz import question

STACKS = [(residual, norm) for residual in (False, True) for norm in NORMS]
STACK_IDS = [f"{'residual' if r else 'plain'}-{n}" for r, n in STACKS]


# --- the normalisations ---------------------------------------------------------------------


def test_layer_norm_and_rms_norm_are_their_formulas():
    x = np.random.default_rng(1).normal(2.0, 3.0, (4, 6))
    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    np.testing.assert_allclose(layer_norm(x), (x - mean) / np.sqrt(var + EPS), rtol=1e-13)
    rms = np.sqrt((x**2).mean(axis=1, keepdims=True) + EPS)
    np.testing.assert_allclose(rms_norm(x), x / rms, rtol=1e-13)
    np.testing.assert_allclose(layer_norm(x).mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(layer_norm(x).var(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose((rms_norm(x) ** 2).mean(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize(
    ("forward", "backward"),
    [(layer_norm, layer_norm_backward), (rms_norm, rms_norm_backward)],
    ids=["layernorm", "rmsnorm"],
)
def test_norm_backward_matches_finite_differences(forward, backward):
    rng = np.random.default_rng(7)
    x, upstream = rng.normal(0.5, 1.5, (3, 5)), rng.normal(0.0, 1.0, (3, 5))

    def loss(inputs: np.ndarray) -> float:
        return float(np.sum(forward(inputs) * upstream))

    numeric = np.empty_like(x)
    step = 1e-6
    for index in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[index] += step
        down[index] -= step
        numeric[index] = (loss(up) - loss(down)) / (2 * step)
    np.testing.assert_allclose(backward(x, upstream), numeric, rtol=1e-6, atol=1e-9)


def test_an_unknown_norm_is_refused():
    with pytest.raises(ValueError, match="norm"):
        normaliser("batchnorm")
    with pytest.raises(ValueError, match="norm"):
        gradient_norms("relu", depth=2, norm="BatchNorm")


# --- backprop through the whole stack, against finite differences -----------------------------


def _reference_loss(key, residual, norm, weights, inputs, top, offsets):
    """L = Σ h_depth ⊙ top, forward only, written out again: ``offsets[l]`` is added to layer
    l's pre-activation, so ∂L/∂a_l is the derivative by that offset."""
    fn = resolve(key).fn
    normalise = {"none": lambda h: h, "layernorm": layer_norm, "rmsnorm": rms_norm}[norm]
    hidden = inputs
    for weight, offset in zip(weights, offsets, strict=True):
        branch = fn(normalise(hidden) @ weight + offset)
        hidden = hidden + branch if residual else branch
    return float(np.sum(hidden * top))


@pytest.mark.parametrize(("residual", "norm"), STACKS, ids=STACK_IDS)
@pytest.mark.parametrize("key", ["tanh", "gelu"])
def test_backprop_matches_finite_differences_on_a_tiny_net(key, residual, norm):
    depth, width, batch, seed, gain = 3, 4, 5, 11, 1.3
    profile = gradient_norms(
        key, depth=depth, width=width, batch=batch, seed=seed, gain=gain, residual=residual,
        norm=norm,
    )  # fmt: skip
    rng = np.random.default_rng(seed)  # the draws, in gradient_norms's order
    inputs = rng.normal(0.0, 1.0, (batch, width))
    scale = init_std(width, width, "xavier", gain)
    weights = [scale * rng.normal(0.0, 1.0, (width, width)) for _ in range(depth)]
    top = rng.normal(0.0, 1.0, (batch, width)) / batch
    zeros = [np.zeros((batch, width)) for _ in range(depth)]
    step = 1e-6

    def derivative(layer, index, of_weight):
        values = []
        for sign in (1.0, -1.0):
            shifted_w = [w.copy() for w in weights]
            shifted_a = [z.copy() for z in zeros]
            (shifted_w if of_weight else shifted_a)[layer][index] += sign * step
            values.append(_reference_loss(key, residual, norm, shifted_w, inputs, top, shifted_a))
        return (values[0] - values[1]) / (2 * step)

    for layer in range(depth):
        d_a = np.array([derivative(layer, i, False) for i in np.ndindex(batch, width)])
        d_w = np.array([derivative(layer, i, True) for i in np.ndindex(width, width)])
        assert profile.signal[layer] == pytest.approx(np.linalg.norm(d_a), rel=1e-6)
        assert profile.weight_grad[layer] == pytest.approx(np.linalg.norm(d_w), rel=1e-6)


# --- shapes, seeding, defaults ----------------------------------------------------------------


@pytest.mark.parametrize(("residual", "norm"), STACKS, ids=STACK_IDS)
def test_every_stack_is_shaped_and_seeded(residual, norm):
    first = gradient_norms("swish", depth=9, width=16, seed=4, residual=residual, norm=norm)
    again = gradient_norms("swish", depth=9, width=16, seed=4, residual=residual, norm=norm)
    other = gradient_norms("swish", depth=9, width=16, seed=5, residual=residual, norm=norm)
    for field in ("signal", "weight_grad", "variance"):
        assert getattr(first, field).shape == (9,)
        assert np.array_equal(getattr(first, field), getattr(again, field))
        assert not np.array_equal(getattr(first, field), getattr(other, field))


def test_the_switches_off_are_the_plain_stack():
    plain = gradient_norms("sigmoid", depth=12)
    off = gradient_norms("sigmoid", depth=12, residual=False, norm="none")
    assert np.array_equal(plain.signal, off.signal)
    assert np.array_equal(plain.variance, off.variance)


# --- what the page shows ----------------------------------------------------------------------


def _spread(signal: np.ndarray) -> float:
    """The largest layer's gradient over the smallest's: 1 is perfectly level."""
    return float(signal.max() / signal.min())


def test_plain_sigmoid_vanishes_and_the_residual_pre_norm_stack_stays_level():
    plain = gradient_norms("sigmoid", depth=50).signal
    assert shrink_factor(plain)[0] < 1e-25
    for norm in ("layernorm", "rmsnorm"):
        level = gradient_norms("sigmoid", depth=50, residual=True, norm=norm).signal
        assert _spread(level) < 3, norm
        assert 0.5 < shrink_factor(level)[0] < 3, norm


@pytest.mark.parametrize("norm", ["layernorm", "rmsnorm"])
@pytest.mark.parametrize(
    ("key", "init"),
    [(key, "xavier") for key in REGISTRY] + [(key, "he") for key in COMPARED],
)
def test_residual_pre_norm_keeps_every_activation_within_a_bounded_ratio(key, init, norm):
    """Through 50 layers, whatever the activation: within a factor 100 from layer to layer,
    where the plain stacks of the same draws span up to 31 orders of magnitude (or overflow)."""
    profile = gradient_norms(key, depth=50, init=init, residual=True, norm=norm)
    assert np.isfinite(profile.signal).all() and (profile.signal > 0).all()
    assert _spread(profile.signal) < 100
    assert np.isfinite(profile.variance).all()


@pytest.mark.parametrize("key", [k for k in COMPARED if k not in ("sigmoid", "tanh")])
def test_residuals_alone_explode_the_relu_family(key):
    profile = gradient_norms(key, depth=50, residual=True)
    assert shrink_factor(profile.signal)[0] > 1e5
    assert profile.variance[-1] / profile.variance[0] > 1e10


def test_normalisation_alone_does_not_level_every_activation():
    assert shrink_factor(gradient_norms("sigmoid", depth=50, norm="rmsnorm").signal)[0] < 1e-10
    assert shrink_factor(gradient_norms("relu", depth=50, norm="layernorm").signal)[0] > 1e3
    for key in COMPARED:  # the forward signal, though, is held
        variance = gradient_norms(key, depth=50, norm="layernorm").variance
        assert 0.5 < variance[-1] / variance[0] < 2, key


def test_fifty_residual_layers_raise_no_warning_even_where_they_overflow():
    for norm in NORMS:
        profile = gradient_norms("squared_relu", depth=50, width=8, residual=True, norm=norm)
        assert profile.signal.shape == (50,)


# --- the prose and the quiz quote the core ----------------------------------------------------


def test_the_prose_numbers_are_the_experiments():
    from views.numbers import number

    def ratio(key, residual, norm):
        return shrink_factor(gradient_norms(key, depth=50, residual=residual, norm=norm).signal)[0]

    assert prose_value("sigmoid.plain_ratio_50") == number(ratio("sigmoid", False, "none"), 2)
    assert prose_value("sigmoid.residual_rmsnorm_ratio_50") == number(
        ratio("sigmoid", True, "rmsnorm"), 3
    )
    assert prose_value("relu.residual_ratio_50") == number(ratio("relu", True, "none"), 2)
    spread = max(
        _spread(gradient_norms(key, depth=50, residual=True, norm="rmsnorm").signal)
        for key in COMPARED
    )
    assert prose_value("vanishing.rmsnorm_spread_50") == number(spread, 2)


def test_the_quiz_answers_are_the_experiments():
    level = question("residual_norm_sigmoid")
    assert level.answer == pytest.approx(
        shrink_factor(gradient_norms("sigmoid", depth=50, residual=True, norm="rmsnorm").signal)[0]
    )
    assert question("residual_alone_levels_relu").answer is False
