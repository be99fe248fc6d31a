"""A small multilayer perceptron for 2-D binary classification, with hand-written backprop.

The network is ``2 → width → … → width → 1``: every hidden layer applies the chosen
activation, the output is one logit ``z`` read as ``p = σ(z)``, and the loss is the mean
binary cross-entropy. Backprop multiplies by the activation's derivative from the registry
(no autograd), and every step works on the whole batch at once (matrix products, no Python
loop over samples).

Conventions: row vectors, ``a_l = h_{l−1} W_l + b_l`` and ``h_l = f(a_l)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import expit

from experiments.activation import ActivationPair, dead_units, resolve
from experiments.datasets import Dataset
from experiments.initialisation import init_std

Array = np.ndarray
OPTIMIZERS: tuple[str, ...] = ("gd", "adam")
_ADAM_BETA1, _ADAM_BETA2, _ADAM_EPS = 0.9, 0.999, 1e-8


@dataclass(frozen=True)
class Network:
    """Weights ``W_l`` of shape ``(fan_in, fan_out)`` and biases ``b_l`` of shape ``(fan_out,)``."""

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]

    @property
    def parameters(self) -> tuple[Array, ...]:
        """All arrays in a fixed order: ``W_1, …, W_L, b_1, …, b_L``."""
        return self.weights + self.biases


@dataclass(frozen=True)
class TrainResult:
    """Learning curves and the trained network.

    The curves have ``epochs + 1`` entries: entry ``k`` is measured after ``k`` updates.
    ``dead_units`` counts, per hidden layer, the units that are dead on the training inputs
    at the end (see :func:`experiments.activation.dead_units`). ``snapshots`` holds
    ``(epoch, network)`` copies taken at the epochs asked for, to replay training.
    """

    train_loss: Array
    test_loss: Array
    train_accuracy: Array
    test_accuracy: Array
    network: Network
    dead_units: tuple[int, ...]
    snapshots: tuple[tuple[int, Network], ...] = ()


def init_network(
    hidden: Sequence[int],
    init: str = "xavier",
    seed: int = 0,
    n_inputs: int = 2,
) -> Network:
    """Gaussian weights scaled by :func:`init_std`, zero biases; the same seed, the same net.

    >>> net = init_network((8, 8), seed=0)
    >>> [w.shape for w in net.weights]
    [(2, 8), (8, 8), (8, 1)]
    """
    rng = np.random.default_rng(seed)
    sizes = (n_inputs, *hidden, 1)
    weights = tuple(
        rng.normal(0.0, init_std(fan_in, fan_out, init), (fan_in, fan_out))
        for fan_in, fan_out in itertools.pairwise(sizes)
    )
    return Network(weights, tuple(np.zeros(fan_out) for fan_out in sizes[1:]))


def forward(net: Network, x: Array, pair: ActivationPair) -> tuple[list[Array], list[Array]]:
    """Pre-activations ``a_l`` and layer inputs ``[x, h_1, …, h_{L−1}]``; the logit is ``a_L``."""
    inputs, pre_activations = [x], []
    for layer, (weight, bias) in enumerate(zip(net.weights, net.biases, strict=True)):
        pre_activation = inputs[-1] @ weight + bias
        pre_activations.append(pre_activation)
        if layer < len(net.weights) - 1:
            inputs.append(pair.fn(pre_activation))
    return pre_activations, inputs


def logistic_loss(logits: Array, labels: Array) -> float:
    """Mean binary cross-entropy of ``σ(logits)`` against 0/1 ``labels``.

    Written as ``log(1 + eᶻ) − y·z`` with ``np.logaddexp`` so that no logit overflows.

    >>> round(logistic_loss(np.array([0.0]), np.array([1.0])), 6)  # ln 2
    0.693147
    """
    return float(np.mean(np.logaddexp(0.0, logits) - labels * logits))


def backward(
    net: Network,
    pre_activations: Sequence[Array],
    inputs: Sequence[Array],
    labels: Array,
    pair: ActivationPair,
) -> list[Array]:
    """Gradients of :func:`logistic_loss` for every parameter, in ``Network.parameters`` order.

    At the output ``∂L/∂z = (σ(z) − y)/n``; each hidden layer multiplies the signal coming
    back through ``W_{l+1}ᵀ`` by ``f′(a_l)``: the factor that vanishes or dies.
    """
    n_layers = len(net.weights)
    logits = pre_activations[-1][:, 0]
    delta = ((expit(logits) - labels) / labels.size)[:, None]
    weight_grads: list[Array] = [np.empty(0)] * n_layers
    bias_grads: list[Array] = [np.empty(0)] * n_layers
    for layer in range(n_layers - 1, -1, -1):
        weight_grads[layer] = inputs[layer].T @ delta
        bias_grads[layer] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ net.weights[layer].T) * pair.grad(pre_activations[layer - 1])
    return weight_grads + bias_grads


def loss_and_gradients(
    net: Network, x: Array, labels: Array, pair: ActivationPair
) -> tuple[float, list[Array]]:
    """The loss on ``(x, labels)`` and its gradient for every parameter."""
    pre_activations, inputs = forward(net, x, pair)
    loss = logistic_loss(pre_activations[-1][:, 0], labels)
    return loss, backward(net, pre_activations, inputs, labels, pair)


def predict_proba(net: Network, x: Array, pair: ActivationPair) -> Array:
    """``P(y = 1 | x)`` for every row of ``x`` (NaN where a diverged network overflows)."""
    with np.errstate(over="ignore", invalid="ignore"):
        pre_activations, _ = forward(net, x, pair)
    return expit(pre_activations[-1][:, 0])


def probability_grid(
    net: Network, pair: ActivationPair, extent: float = 1.6, resolution: int = 81
) -> tuple[Array, Array]:
    """Axis values and ``P(y = 1)`` on a square grid over ``[−extent, extent]²``.

    The probabilities have shape ``(resolution, resolution)``, rows along the second input, as
    a heatmap expects.
    """
    axis = np.linspace(-extent, extent, resolution)
    grid_x, grid_y = np.meshgrid(axis, axis)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    return axis, predict_proba(net, points, pair).reshape(resolution, resolution)


class _Adam:
    """Adam (Kingma & Ba 2015) with the usual defaults β₁ = 0.9, β₂ = 0.999, ε = 1e−8."""

    def __init__(self, flat: Array) -> None:
        self.first = np.zeros_like(flat)
        self.second = np.zeros_like(flat)
        self.steps = 0

    def direction(self, grad: Array) -> Array:
        """The step direction for gradient ``grad`` (to be scaled by the learning rate)."""
        self.steps += 1
        self.first *= _ADAM_BETA1
        self.first += (1 - _ADAM_BETA1) * grad
        self.second *= _ADAM_BETA2
        self.second += (1 - _ADAM_BETA2) * grad * grad
        unbiased_first = self.first / (1 - _ADAM_BETA1**self.steps)
        unbiased_second = self.second / (1 - _ADAM_BETA2**self.steps)
        return unbiased_first / (np.sqrt(unbiased_second) + _ADAM_EPS)


def train(
    data: Dataset,
    activation: Any,
    *,
    hidden: Sequence[int] = (8, 8),
    optimizer: str = "adam",
    learning_rate: float = 0.03,
    epochs: int = 300,
    init: str = "xavier",
    seed: int = 0,
    on_epoch: Callable[[int], None] | None = None,
    snapshot_epochs: Sequence[int] = (),
    **params: float,
) -> TrainResult:
    """Train a fresh network full-batch and record loss and accuracy after every update.

    Args:
        data: the train/test split (see :func:`experiments.datasets.make_dataset`).
        activation: registry key, registry entry or ``(fn, grad)`` pair.
        hidden: widths of the hidden layers. Default: ``(8, 8)``.
        optimizer: ``"gd"`` (plain gradient descent) or ``"adam"``. Default: ``"adam"``.
        learning_rate: step size. Default: ``0.03``.
        epochs: number of full-batch updates. Default: ``300``.
        init: ``"xavier"`` or ``"he"`` (see :func:`init_std`). Default: ``"xavier"``.
        seed: initial weights; the same seed gives the same start for every activation.
        on_epoch: called with the epoch number after each update (progress bars).
        snapshot_epochs: epochs (0 = the initial weights) at which to keep a copy of the
            network; a run that diverges keeps those it reached.
        **params: activation parameters, e.g. ``beta=1.0`` for Swish.

    A run whose loss turns non-finite (a learning rate far too large) stops there; the rest of
    its curves stay NaN, and the chart shows where it broke.
    """
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; expected one of {OPTIMIZERS}")
    pair = resolve(activation, **params)
    # All parameters live in one flat vector (the network's arrays are views into it), so an
    # update is a handful of NumPy calls however many layers there are.
    start = init_network(tuple(hidden), init=init, seed=seed)
    flat = np.concatenate([p.ravel() for p in start.parameters])
    net = _views(flat, [w.shape for w in start.weights])
    adam = _Adam(flat) if optimizer == "adam" else None
    # Train and test rows go through one forward pass; only the train rows are backpropagated.
    x_all = np.vstack([data.x_train, data.x_test])
    y_all = np.concatenate([data.y_train, data.y_test])
    n_train = len(data.x_train)
    curves = np.full((4, epochs + 1), np.nan)
    wanted, snapshots = frozenset(snapshot_epochs), []
    # A run that diverges (SELU or Squared ReLU at a learning rate far too large) overflows to
    # inf and NaN on its way to the non-finite loss that stops it: that is the result, shown
    # on the chart, so the float warnings are not raised.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            if epoch in wanted:
                snapshots.append((epoch, _views(flat.copy(), [w.shape for w in start.weights])))
            pre_activations, inputs = forward(net, x_all, pair)
            _record(curves[:, epoch], pre_activations[-1][:, 0], y_all, n_train)
            if epoch == epochs or not np.isfinite(curves[0, epoch]):
                break
            grads = backward(
                net,
                [a[:n_train] for a in pre_activations],
                [h[:n_train] for h in inputs],
                y_all[:n_train],
                pair,
            )
            grad_flat = np.concatenate([g.ravel() for g in grads])
            flat -= learning_rate * (adam.direction(grad_flat) if adam is not None else grad_flat)
            if on_epoch is not None:
                on_epoch(epoch + 1)
    # The last forward pass saw the final weights: count dead units on its training rows.
    dead = tuple(int(dead_units(a[:n_train], pair).sum()) for a in pre_activations[:-1])
    return TrainResult(*curves, network=net, dead_units=dead, snapshots=tuple(snapshots))


def _views(flat: Array, shapes: Sequence[tuple[int, int]]) -> Network:
    """A network whose weights and biases are views into ``flat`` (``Network.parameters`` order)."""
    weights, offset = [], 0
    for fan_in, fan_out in shapes:
        weights.append(flat[offset : offset + fan_in * fan_out].reshape(fan_in, fan_out))
        offset += fan_in * fan_out
    biases = []
    for _, fan_out in shapes:
        biases.append(flat[offset : offset + fan_out])
        offset += fan_out
    return Network(tuple(weights), tuple(biases))


def _record(column: Array, logits: Array, labels: Array, n_train: int) -> None:
    """Write train loss, test loss, train accuracy and test accuracy into ``column``."""
    losses = np.logaddexp(0.0, logits) - labels * logits
    correct = (logits > 0) == (labels == 1)
    n_test = labels.size - n_train
    column[0] = losses[:n_train].sum() / n_train
    column[2] = correct[:n_train].sum() / n_train
    if n_test:
        column[1] = losses[n_train:].sum() / n_test
        column[3] = correct[n_train:].sum() / n_test
