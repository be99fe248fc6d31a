"""Dying ReLU: how a bias shift and one large gradient step silence a layer of units.

A layer of ``n_units`` units sees a seeded batch of non-negative inputs (``|z|`` with ``z``
Gaussian, like the outputs of a previous ReLU layer). Its weights are random (variance
``1/n_inputs``) and every bias starts at ``bias_shift``. Then one gradient step of size
``learning_rate`` is taken with the upstream gradient ``∂L/∂h = 1`` for every output: the next
layer asks for smaller outputs. With non-negative inputs that step lowers every
pre-activation, the more the larger the step. A unit is *dead* when its output and its
gradient are zero on every input of the batch (:func:`experiments.activation.dead_units`);
for ReLU that means its pre-activation is ≤ 0 everywhere, and no later gradient step can
move its weights again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from experiments.activation import ActivationPair, dead_units, resolve

Array = np.ndarray


@dataclass(frozen=True)
class DyingResult:
    """One layer before and after the large step.

    Attributes:
        pre_before, pre_after: pre-activations, shape ``(batch, n_units)``.
        dead_before, dead_after: fraction of dead units (zero output and gradient everywhere).
        negative_after: fraction of units whose pre-activation is < 0 on every input.
        gradient_left: mean ``|f′(a)|`` over the inputs, averaged over those all-negative units
            (NaN when there are none): how much gradient the activation still lets through.
    """

    pre_before: Array
    pre_after: Array
    dead_before: float
    dead_after: float
    negative_after: float
    gradient_left: float


def _layer(n_inputs: int, n_units: int, batch: int, seed: int) -> tuple[Array, Array]:
    """The seeded input batch and weight matrix, shared by every activation."""
    rng = np.random.default_rng(seed)
    inputs = np.abs(rng.normal(0.0, 1.0, (batch, n_inputs)))
    weights = rng.normal(0.0, 1.0 / np.sqrt(n_inputs), (n_inputs, n_units))
    return inputs, weights


def _step(
    pair: ActivationPair, inputs: Array, weights: Array, biases: Array, learning_rate: float
) -> tuple[Array, Array]:
    """Weights and biases after one step on ``L = mean over the batch of Σ_j h_j``.

    ``∂L/∂a = f′(a)/batch``: a unit that is silent on every input gets no update at all.
    """
    delta = pair.grad(inputs @ weights + biases) / len(inputs)
    return weights - learning_rate * (inputs.T @ delta), biases - learning_rate * delta.sum(axis=0)


def dying_experiment(
    activation: Any,
    bias_shift: float = 0.0,
    learning_rate: float = 0.0,
    n_units: int = 200,
    n_inputs: int = 8,
    batch: int = 256,
    seed: int = 0,
    **params: float,
) -> DyingResult:
    """Shift every bias by ``bias_shift``, take one step of size ``learning_rate``, count the dead.

    Args:
        activation: registry key, registry entry or ``(fn, grad)`` pair.
        bias_shift: the starting bias of every unit. Default: ``0.0``.
        learning_rate: size of the single gradient step; ``0`` skips it. Default: ``0.0``.
        n_units: units in the layer. Default: ``200``.
        n_inputs: input dimension. Default: ``8``.
        batch: inputs in the batch. Default: ``256``.
        seed: inputs and weights. Default: ``0``.
        **params: activation parameters, e.g. ``negative_slope=0.01``.
    """
    pair = resolve(activation, **params)
    inputs, weights = _layer(n_inputs, n_units, batch, seed)
    biases = np.full(n_units, float(bias_shift))
    pre_before = inputs @ weights + biases
    new_weights, new_biases = _step(pair, inputs, weights, biases, learning_rate)
    pre_after = inputs @ new_weights + new_biases
    negative = (pre_after < 0).all(axis=0)
    gradient_left = (
        float(np.abs(pair.grad(pre_after[:, negative])).mean()) if negative.any() else np.nan
    )
    return DyingResult(
        pre_before=pre_before,
        pre_after=pre_after,
        dead_before=float(dead_units(pre_before, pair).mean()),
        dead_after=float(dead_units(pre_after, pair).mean()),
        negative_after=float(negative.mean()),
        gradient_left=gradient_left,
    )


def dead_fraction_sweep(
    activation: Any,
    bias_shifts: Sequence[float],
    learning_rate: float,
    **settings: Any,
) -> tuple[Array, Array]:
    """Dead fraction before and after the step for every bias shift in ``bias_shifts``.

    ``settings`` are passed on to :func:`dying_experiment` (``n_units``, ``seed``, …).
    """
    results = [
        dying_experiment(activation, shift, learning_rate, **settings) for shift in bias_shifts
    ]
    return (
        np.array([r.dead_before for r in results]),
        np.array([r.dead_after for r in results]),
    )
