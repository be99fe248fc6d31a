"""Gradient norms through a deep chain of fully connected layers: vanishing gradients, measured.

A batch of random inputs goes forward through ``depth`` square layers ``h_l = f(h_{l−1} W_l)``
(no biases, so only the activation and the weights matter), and a fixed random gradient comes
back from the top. Every hidden layer multiplies the backward signal by ``f′(a_l)`` and by
``W_lᵀ``; for the sigmoid ``f′ ≤ 1/4``, so after ``n`` layers the product of the ``n``
activation derivatives is at most ``(1/4)ⁿ`` (the weight factors come on top of it).
The initialisation (scheme and gain, :mod:`experiments.initialisation`) sets the size of the
weight factors; the forward signal's variance per layer shows whether it suits the activation.

Two changes make a deep stack train (He et al. 2016; Xiong et al. 2020), each a switch here:
a *residual connection* adds the layer's input to its output, ``h_l = h_{l−1} + f(a_l)``, so
the backward signal has a path through every layer that multiplies it by the identity; and
*normalisation* (LayerNorm or RMSNorm, :mod:`experiments.normalisation`) rescales each layer's
input first, pre-norm: ``a_l = norm(h_{l−1}) W_l``, so the branches see inputs of one scale
however large the sum has grown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from experiments.activation import resolve
from experiments.initialisation import init_std
from experiments.normalisation import NONE, normaliser

Array = np.ndarray

# The activations the 梯度消失 page compares unless the reader picks others.
COMPARED = ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "swish")


@dataclass(frozen=True)
class GradientProfile:
    """Per-layer measurements, layer 1 (next to the input) first.

    ``weight_grad[l]`` is ``‖∂L/∂W_l‖``, the size of the update layer ``l`` receives;
    ``signal[l]`` is ``‖∂L/∂a_l‖``, the backward signal at that layer's pre-activation;
    ``variance[l]`` is ``Var(h_l)``, the variance of that layer's outputs ``h_l = f(a_l)``
    over the batch and the units: the forward signal.
    """

    weight_grad: Array
    signal: Array
    variance: Array


def gradient_norms(
    activation: Any,
    depth: int = 20,
    width: int = 64,
    init: str = "xavier",
    batch: int = 128,
    seed: int = 0,
    gain: float | None = None,
    residual: bool = False,
    norm: str = NONE,
    **params: float,
) -> GradientProfile:
    """Push a seeded batch through ``depth`` layers and measure the signal at every layer.

    The inputs, the weight directions and the top gradient depend only on ``seed``, so
    different activations are compared on identical draws; ``init`` (``"xavier"`` or ``"he"``)
    and ``gain`` (default: the scheme's own, see :func:`~experiments.initialisation.init_std`)
    only rescale the weights. ``residual`` adds each layer's input to its output; ``norm``
    (``"none"``, ``"layernorm"``, ``"rmsnorm"``) normalises each layer's input (pre-norm). With
    neither, layer ``l`` is ``h_l = f(h_{l−1} W_l)``; with both, ``h_l = h_{l−1} +
    f(norm(h_{l−1}) W_l)``. Neither changes the draws.

    >>> profile = gradient_norms("sigmoid", depth=10)
    >>> bool(profile.signal[0] < 1e-3 * profile.signal[-1])
    True
    >>> level = gradient_norms("sigmoid", depth=10, residual=True, norm="rmsnorm")
    >>> bool(0.5 < level.signal[0] / level.signal[-1] < 2)
    True
    """
    pair = resolve(activation, **params)
    normalise, normalise_backward = normaliser(norm)
    rng = np.random.default_rng(seed)
    inputs = rng.normal(0.0, 1.0, (batch, width))
    scale = init_std(width, width, init, gain)
    weights = [scale * rng.normal(0.0, 1.0, (width, width)) for _ in range(depth)]
    top_gradient = rng.normal(0.0, 1.0, (batch, width)) / batch

    # Squared ReLU squares the signal at every layer: past float64's range it becomes inf,
    # then NaN (inf − inf), from that layer on. That is the result (the chain explodes), so
    # the float64 warnings are not raised; the figures leave the non-finite points out.
    with np.errstate(over="ignore", invalid="ignore"):
        layer_inputs, normalised, pre_activations = [inputs], [], []
        for weight in weights:
            normalised.append(normalise(layer_inputs[-1]))
            pre_activations.append(normalised[-1] @ weight)
            branch = pair.fn(pre_activations[-1])
            layer_inputs.append(layer_inputs[-1] + branch if residual else branch)

        variance = np.array([float(np.var(outputs)) for outputs in layer_inputs[1:]])
        weight_grad, signal = np.empty(depth), np.empty(depth)
        upstream = top_gradient  # ∂L/∂h_depth for L = Σ h_depth ⊙ top_gradient
        for layer in range(depth - 1, -1, -1):
            delta = upstream * pair.grad(pre_activations[layer])
            signal[layer] = np.linalg.norm(delta)
            weight_grad[layer] = np.linalg.norm(normalised[layer].T @ delta)
            through_branch = normalise_backward(layer_inputs[layer], delta @ weights[layer].T)
            # The residual path hands ∂L/∂h_l down unchanged: the identity's Jacobian.
            upstream = upstream + through_branch if residual else through_branch
    return GradientProfile(weight_grad=weight_grad, signal=signal, variance=variance)


def derivative_bound(max_derivative: float, depth: int, anchor: float) -> Array:
    """``anchor · max_derivativeᵏ`` for the layer ``k`` steps below the top, layer 1 first.

    With the sigmoid's ``max σ′ = 1/4`` this is the ``(1/4)ⁿ`` line: how fast the backward
    signal would shrink from the activation alone if the weights passed it on unchanged.

    >>> derivative_bound(0.25, 3, 1.0).tolist()
    [0.0625, 0.25, 1.0]
    """
    return anchor * max_derivative ** np.arange(depth - 1, -1, -1, dtype=float)


def shrink_factor(norms: Array) -> tuple[float, float]:
    """How much a gradient profile shrinks: ``norms[0] / norms[-1]`` and its per-layer mean.

    The per-layer factor is the geometric mean ``ratio^(1/(depth−1))`` (NaN for one layer).
    A profile whose top layer is silent (norm 0, every unit dead) has no ratio: NaN.

    >>> shrink_factor(np.array([1 / 64, 1 / 16, 1 / 4, 1.0]))
    (0.015625, 0.25)
    """
    top, bottom = float(norms[-1]), float(norms[0])
    if top == 0.0:
        return float("nan"), float("nan")
    ratio = bottom / top
    per_layer = ratio ** (1.0 / (len(norms) - 1)) if len(norms) > 1 else float("nan")
    return ratio, per_layer
