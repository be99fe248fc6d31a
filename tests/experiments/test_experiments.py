"""The NumPy experiments: datasets, backprop against finite differences, training, gradient
flow through depth and dying ReLU."""

from __future__ import annotations

import numpy as np
import pytest

from activations import REGISTRY
from experiments.activation import ActivationPair, dead_units, resolve
from experiments.datasets import DATASETS, make_dataset
from experiments.dying import dead_fraction_sweep, dying_experiment
from experiments.gradients import derivative_bound, gradient_norms, shrink_factor
from experiments.initialisation import init_std, layer_gain, recommended_gain
from experiments.mlp import (
    forward,
    init_network,
    logistic_loss,
    loss_and_gradients,
    probability_grid,
    train,
)
from experiments.playground import playground_run

KEYS = list(REGISTRY)
KINK_MARGIN = 1e-3  # finite differences step 1e-6: stay this far from any kink


def _non_default_params(key: str) -> dict[str, float]:
    """Every parameter of ``key`` moved off its default, inside its range."""
    return {
        p.name: p.default + 0.5 * (p.high - p.default if p.high > p.default else p.low - p.default)
        for p in REGISTRY[key].params
    }


# --- datasets -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_is_balanced_split_and_reproducible(name):
    first = make_dataset(name, n_points=200, noise=0.1, seed=3)
    again = make_dataset(name, n_points=200, noise=0.1, seed=3)
    other = make_dataset(name, n_points=200, noise=0.1, seed=4)
    assert first.x_train.shape == (150, 2) and first.x_test.shape == (50, 2)
    labels = np.concatenate([first.y_train, first.y_test])
    assert set(labels.tolist()) == {0.0, 1.0} and labels.sum() == 100
    assert np.array_equal(first.x_train, again.x_train)
    assert not np.array_equal(first.x_train, other.x_train)
    assert np.abs(first.x_train).max() < 2.0


def test_circle_without_noise_separates_by_radius():
    data = make_dataset("circle", noise=0.0)
    radius = np.hypot(*data.x_train.T)
    assert radius[data.y_train == 1].max() < 0.45 < 0.65 < radius[data.y_train == 0].min()


def test_xor_without_noise_labels_by_quadrant():
    data = make_dataset("xor", noise=0.0)
    assert np.array_equal(data.y_train == 1, data.x_train[:, 0] * data.x_train[:, 1] > 0)


# --- the activation adapter ---------------------------------------------------------------


def test_resolve_accepts_key_entry_and_pair():
    x = np.linspace(-3, 3, 7)
    by_key = resolve("swish", beta=2.0)
    by_entry = resolve(REGISTRY["swish"], beta=2.0)
    assert np.array_equal(by_key.fn(x), REGISTRY["swish"].fn(x, beta=2.0))
    assert np.array_equal(by_entry.grad(x), REGISTRY["swish"].grad(x, beta=2.0))
    pair = resolve((np.tanh, np.cosh))
    assert pair.fn is np.tanh and pair.grad is np.cosh


def test_resolve_rejects_parameters_out_of_range():
    with pytest.raises(ValueError, match="beta"):
        resolve("swish", beta=-1.0)


def test_dead_units_needs_zero_output_and_gradient_everywhere():
    pre = np.array([[-1.0, 2.0, -0.5], [-3.0, -1.0, 0.0]])
    assert dead_units(pre, resolve("relu")).tolist() == [True, False, True]
    assert dead_units(pre, resolve("leaky_relu")).tolist() == [False, False, False]


# --- backprop ------------------------------------------------------------------------------


def _finite_difference_gradients(net, x, y, pair, step=1e-6):
    grads = []
    for parameter in net.parameters:
        grad = np.empty_like(parameter)
        for index in np.ndindex(parameter.shape):
            saved = parameter[index]
            parameter[index] = saved + step
            plus = logistic_loss(forward(net, x, pair)[0][-1][:, 0], y)
            parameter[index] = saved - step
            minus = logistic_loss(forward(net, x, pair)[0][-1][:, 0], y)
            parameter[index] = saved
            grad[index] = (plus - minus) / (2 * step)
        grads.append(grad)
    return grads


def _network_away_from_kinks(pair: ActivationPair):
    """A small random network and batch whose pre-activations all avoid 0 (ReLU-type kinks)."""
    for seed in range(100):
        rng = np.random.default_rng(seed)
        net = init_network((4, 3), seed=seed)
        for bias in net.biases:
            bias[:] = rng.normal(0.0, 0.5, bias.shape)
        x = rng.normal(0.0, 1.0, (12, 2))
        y = (rng.random(12) < 0.5).astype(float)
        pre_activations, _ = forward(net, x, pair)
        if min(np.abs(a).min() for a in pre_activations[:-1]) > KINK_MARGIN:
            return net, x, y
    raise AssertionError("no seed kept every pre-activation away from 0")


@pytest.mark.parametrize("key", KEYS)
def test_backprop_matches_finite_differences(key):
    pair = resolve(key)
    net, x, y = _network_away_from_kinks(pair)
    _, grads = loss_and_gradients(net, x, y, pair)
    for analytic, numeric in zip(grads, _finite_difference_gradients(net, x, y, pair), strict=True):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("key", [key for key in KEYS if REGISTRY[key].params])
def test_backprop_matches_finite_differences_off_default_parameters(key):
    pair = resolve(key, **_non_default_params(key))
    net, x, y = _network_away_from_kinks(pair)
    _, grads = loss_and_gradients(net, x, y, pair)
    for analytic, numeric in zip(grads, _finite_difference_gradients(net, x, y, pair), strict=True):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)


def test_logistic_loss_is_finite_for_huge_logits():
    logits = np.array([-1000.0, 1000.0])
    assert logistic_loss(logits, np.array([0.0, 1.0])) == 0.0
    assert logistic_loss(logits, np.array([1.0, 0.0])) == 1000.0


# --- training ------------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_same_seed_gives_identical_curves(optimizer):
    data = make_dataset("xor", seed=5)
    settings = {"hidden": (6, 6), "optimizer": optimizer, "epochs": 60, "seed": 5}
    first, again = train(data, "swish", **settings), train(data, "swish", **settings)
    other = train(data, "swish", **{**settings, "seed": 6})
    for name in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert np.array_equal(getattr(first, name), getattr(again, name))
    assert not np.array_equal(first.train_loss, other.train_loss)


@pytest.mark.parametrize("key", KEYS)
def test_two_gaussians_reach_95_percent(key):
    data = make_dataset("gaussians", noise=0.1, seed=0)
    result = train(data, key, hidden=(8,), epochs=200, learning_rate=0.03, seed=0)
    assert result.train_accuracy[-1] > 0.95
    assert result.test_accuracy[-1] > 0.95
    assert result.train_loss[-1] < result.train_loss[0]


def test_curves_have_one_entry_per_update_plus_the_start():
    result = train(make_dataset("circle"), "tanh", epochs=7)
    assert result.train_loss.shape == result.test_accuracy.shape == (8,)
    assert np.isfinite(result.train_loss).all()


def test_progress_callback_sees_every_epoch():
    seen: list[int] = []
    train(make_dataset("circle"), "relu", epochs=5, on_epoch=seen.append)
    assert seen == [1, 2, 3, 4, 5]


def test_spirals_need_a_hidden_layer_nonlinearity():
    data = make_dataset("spirals", noise=0.05)
    result = train(data, "tanh", hidden=(16, 16), epochs=600, learning_rate=0.03)
    assert result.train_accuracy[-1] > 0.85


def test_huge_learning_rate_kills_relu_units_but_not_leaky_ones():
    data = make_dataset("circle", seed=1)
    settings = {"hidden": (16, 16), "optimizer": "gd", "learning_rate": 3.0, "epochs": 300}
    assert sum(train(data, "relu", **settings).dead_units) > 0
    assert sum(train(data, "leaky_relu", **settings).dead_units) == 0


def test_unknown_optimizer_and_init_are_rejected():
    data = make_dataset("circle")
    with pytest.raises(ValueError, match="optimizer"):
        train(data, "relu", optimizer="sgd")
    with pytest.raises(ValueError, match="init"):
        train(data, "relu", init="lecun")


def test_probability_grid_covers_the_square():
    net = init_network((4,), seed=0)
    axis, grid = probability_grid(net, resolve("tanh"), extent=1.5, resolution=11)
    assert axis[0] == -1.5 and axis[-1] == 1.5 and grid.shape == (11, 11)
    assert ((grid > 0) & (grid < 1)).all()


def test_playground_run_summarises_a_run():
    run = playground_run("relu", dataset="gaussians", epochs=150)
    assert run.train_loss.shape == (151,) and not run.diverged
    assert run.test_accuracy > 0.95 and run.hidden_units == 16
    assert 0 <= run.dead_units <= run.hidden_units


# --- gradients through depth ---------------------------------------------------------------


def test_sigmoid_gradient_norms_shrink_with_depth():
    signal = gradient_norms("sigmoid", depth=20, width=64, init="xavier", seed=0).signal
    assert (np.diff(signal) > 0).all()  # every step towards the input loses gradient
    ratio, per_layer = shrink_factor(signal)
    assert ratio < 1e-9
    assert per_layer < 0.3  # close to the bound σ′ ≤ 1/4


def test_sigmoid_stays_near_the_quarter_power_bound():
    max_slope = float(REGISTRY["sigmoid"].grad(0.0))
    assert max_slope == 0.25
    signal = gradient_norms("sigmoid", depth=30, init="xavier").signal
    bound = derivative_bound(max_slope, 30, signal[-1])
    assert bound[0] == pytest.approx(signal[-1] * 0.25**29)
    # Xavier weights pass the signal on with gain ≈ 1, so the bound is the right size.
    assert 0.01 < signal[0] / bound[0] < 100


def test_relu_with_he_init_keeps_the_gradient_but_not_with_xavier():
    he = gradient_norms("relu", depth=30, init="he").signal
    xavier = gradient_norms("relu", depth=30, init="xavier").signal
    assert 0.2 < shrink_factor(he)[0] < 5
    assert shrink_factor(xavier)[0] < 1e-3


def test_gradient_norms_are_reproducible_and_shaped():
    first = gradient_norms("gelu", depth=7, width=16, seed=2)
    again = gradient_norms("gelu", depth=7, width=16, seed=2)
    assert first.signal.shape == first.weight_grad.shape == (7,)
    assert np.array_equal(first.signal, again.signal)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("init", ["xavier", "he"])
def test_fifty_layers_raise_no_warning(key, init):
    profile = gradient_norms(key, depth=50, width=8, init=init)
    if key == "squared_relu":  # x² at every layer: the signal leaves float64's range
        assert not np.isfinite(profile.variance[-1]) and np.isfinite(profile.variance[0])
        return
    assert np.isfinite(profile.signal).all() and (profile.signal >= 0).all()


def test_shrink_factor_of_a_silent_top_is_nan():
    assert all(np.isnan(shrink_factor(np.array([0.0, 0.0]))))
    assert np.isnan(shrink_factor(np.array([2.0]))[1])


# --- initialisation follows the activation --------------------------------------------------

# torch.nn.init.calculate_gain, as PyTorch documents it (torch is not installed here).
PYTORCH_GAINS = [
    ("linear", {}, 1.0),
    ("sigmoid", {}, 1.0),
    ("tanh", {}, 5 / 3),
    ("relu", {}, 2**0.5),
    ("leaky_relu", {}, (2 / (1 + 0.01**2)) ** 0.5),  # PyTorch's default slope 0.01
    ("leaky_relu", {"negative_slope": 0.2}, (2 / 1.04) ** 0.5),
    ("leaky_relu", {"negative_slope": 0.0}, 2**0.5),
    ("selu", {}, 0.75),
]


@pytest.mark.parametrize(("name", "params", "gain"), PYTORCH_GAINS)
def test_recommended_gain_is_pytorchs_calculate_gain(name, params, gain):
    assert recommended_gain(name, **params) == pytest.approx(gain, rel=1e-15)


@pytest.mark.parametrize("key", ["elu", "gelu", "gelu_tanh", "swish", "softplus", "mish"])
def test_pytorch_has_no_gain_for_the_newer_activations(key):
    assert recommended_gain(key) is None


def test_an_unknown_nonlinearity_raises():
    with pytest.raises(ValueError, match="unsupported"):
        recommended_gain("nonsense")


def test_init_std_scales_with_the_gain_and_keeps_its_defaults():
    assert init_std(64, 64, "xavier") == pytest.approx(1 / 8)
    assert init_std(64, 64, "he") == pytest.approx(2**0.5 / 8)
    assert init_std(100, 300, "xavier", gain=3.0) == pytest.approx(3 * (2 / 400) ** 0.5)
    assert init_std(100, 300, "he", gain=3.0) == pytest.approx(3 / 10)
    # Square layers: He is Xavier with ReLU's gain √2.
    assert init_std(64, 64, "xavier", gain=2**0.5) == pytest.approx(init_std(64, 64, "he"))
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="gain"):
            init_std(8, 8, "xavier", gain=bad)
    with pytest.raises(ValueError, match="init"):
        init_std(8, 8, "lecun")


def test_layer_gain_follows_the_controls():
    assert layer_gain("tanh", "xavier", 1.3) == 1.3
    assert layer_gain("tanh", "he", 1.3) == pytest.approx(2**0.5)  # He has ReLU's gain built in
    assert layer_gain("tanh", "he", 1.3, recommended=True) == pytest.approx(5 / 3)
    assert layer_gain("relu", "xavier", 1.3, recommended=True) == pytest.approx(2**0.5)
    assert layer_gain("gelu", "xavier", 1.3, recommended=True) == 1.0  # no PyTorch gain
    assert layer_gain("gelu", "he", 1.3, recommended=True) == pytest.approx(2**0.5)


def test_forward_variance_is_the_variance_of_each_layers_outputs():
    profile = gradient_norms("tanh", depth=2, width=8, batch=16, seed=3, gain=1.5)
    rng = np.random.default_rng(3)
    inputs = rng.normal(0.0, 1.0, (16, 8))
    first, second = (1.5 / 8**0.5 * rng.normal(0.0, 1.0, (8, 8)) for _ in range(2))
    hidden = np.tanh(inputs @ first)
    expected = [np.var(hidden), np.var(np.tanh(hidden @ second))]
    np.testing.assert_allclose(profile.variance, expected, rtol=1e-12)


def _variance_ratios(key, seed=0, width=512, **init):
    variance = gradient_norms(key, depth=20, width=width, seed=seed, **init).variance
    return variance / variance[0]


@pytest.mark.parametrize("seed", range(5))
def test_he_init_keeps_relus_forward_signal_over_twenty_layers(seed):
    ratios = _variance_ratios("relu", seed, init="he")
    assert 0.5 <= ratios.min() <= ratios.max() <= 2.0, ratios


def test_xavier_with_gain_one_lets_relus_forward_signal_vanish():
    ratios = _variance_ratios("relu", init="xavier", gain=1.0)
    assert (np.diff(ratios) < 0).all()  # every layer loses signal
    assert ratios[-1] < 1e-4  # about 2⁻¹⁹: ReLU halves the variance at every layer


def test_xavier_times_five_thirds_keeps_tanhs_forward_signal():
    recommended = _variance_ratios("tanh", init="xavier", gain=recommended_gain("tanh"))
    plain = _variance_ratios("tanh", init="xavier", gain=1.0)
    assert recommended.min() > 0.5
    assert plain[-1] < 0.1 and recommended[-1] > 5 * plain[-1]


def test_recommended_gain_flattens_tanh_on_the_default_page_network():
    """The page's defaults (width 64, seed 0): what a student sees with the toggle on."""
    on = _variance_ratios("tanh", width=64, init="xavier", gain=5 / 3)
    off = _variance_ratios("tanh", width=64, init="xavier", gain=1.0)
    assert on[-1] > 0.5 > 0.1 > off[-1]


# --- dying ReLU ----------------------------------------------------------------------------


def test_dead_fraction_rises_with_the_negative_shift():
    shifts = np.linspace(1.0, -3.0, 9)  # from positive to strongly negative
    before, after = dead_fraction_sweep("relu", shifts, learning_rate=0.0)
    assert np.array_equal(before, after)  # no step, no change
    assert (np.diff(before) >= 0).all()
    assert before[0] == 0.0 and before[-1] > 0.5


def test_a_large_step_kills_more_relu_units():
    dead = [dying_experiment("relu", 0.0, lr).dead_after for lr in (0.0, 0.5, 1.0, 2.0)]
    assert (np.diff(dead) > 0).all()
    assert dead[-1] > 0.8


@pytest.mark.parametrize("key", ["leaky_relu", "elu", "swish"])
def test_smooth_or_leaky_units_stay_alive_after_the_step(key):
    relu = dying_experiment("relu", 0.0, 1.0)
    other = dying_experiment(key, 0.0, 1.0)
    assert relu.dead_after == relu.negative_after > 0.5
    assert relu.gradient_left == 0.0
    assert other.dead_after == 0.0
    assert other.negative_after > 0.0 and other.gradient_left > 0.0


def test_dying_experiment_without_step_keeps_the_layer():
    result = dying_experiment("relu", -1.0, 0.0, n_units=50, batch=64, seed=3)
    assert result.pre_before.shape == (64, 50)
    assert np.array_equal(result.pre_before, result.pre_after)


@pytest.mark.parametrize("key", KEYS)
def test_extreme_settings_raise_no_warning(key):
    result = dying_experiment(key, -3.0, 3.0)
    assert 0.0 <= result.dead_after <= 1.0
    run = train(
        make_dataset("spirals"), key, hidden=(32, 32, 32), optimizer="gd", learning_rate=1.0,
        epochs=100,
    )  # fmt: skip
    assert np.isfinite(run.train_loss[0])
