r"""LLaMA's SwiGLU feed-forward layer in NumPy: ``w2(silu(w1 x) * w3 x)``.

The same module as the PyTorch code the SwiGLU page shows (``content/code/feedforward_torch.py``),
with the weights stored as PyTorch stores them: ``nn.Linear(dim, hidden_dim).weight`` has shape
``(hidden_dim, dim)`` and computes ``x @ weight.T``.

.. math::
    \mathrm{FFN}(x) = W_2\bigl(\operatorname{SiLU}(W_1 x) \odot W_3 x\bigr),
    \qquad \operatorname{SiLU}(a) = a\,\sigma(a)

In Shazeer's notation, ``(Swish₁(xW) ⊙ xV)W₂``: ``W = w1ᵀ`` (the gate), ``V = w3ᵀ`` (the value,
often called "up") and ``W₂ = w2ᵀ`` ("down"). No biases, so the layer has ``3·dim·hidden_dim``
parameters, what :func:`activations.gated.ffn_param_count` counts for a gated FFN. The gate is
a unit of :data:`activations.gated.GATED` (SwiGLU's by default, SiLU = the registry's Swish at
β = 1): the one gated FFN of the core, in either notation (:meth:`FeedForward.shazeer`).

>>> ffn = FeedForward.create(4, 10, seed=0)
>>> ffn(np.ones((3, 4))).shape, ffn.parameter_count()
((3, 4), 120)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from activations.gated import GATED

__all__ = ["FeedForward", "FeedForwardTrace", "parameter_count", "parameter_shapes"]

Array = np.ndarray


def parameter_shapes(dim: int, hidden_dim: int) -> dict[str, tuple[int, int]]:
    """The weight shapes of ``FeedForward(dim, hidden_dim)``, as PyTorch stores them.

    >>> parameter_shapes(4096, 14336)
    {'w1': (14336, 4096), 'w2': (4096, 14336), 'w3': (14336, 4096)}
    """
    return {"w1": (hidden_dim, dim), "w2": (dim, hidden_dim), "w3": (hidden_dim, dim)}


def parameter_count(dim: int, hidden_dim: int) -> int:
    """Weights of ``FeedForward(dim, hidden_dim)``, counted from their shapes (no arrays made).

    >>> parameter_count(4096, 14336)
    176160768
    """
    return sum(rows * columns for rows, columns in parameter_shapes(dim, hidden_dim).values())


@dataclass(frozen=True)
class FeedForwardTrace:
    """Every intermediate of one forward pass; ``x`` and ``output`` are ``(..., dim)``, the rest
    ``(..., hidden_dim)``."""

    x: Array
    gate_pre: Array  # w1 x
    gate: Array  # silu(w1 x), or the gate of another variant
    up: Array  # w3 x
    product: Array  # gate * w3 x
    output: Array  # w2(product)


@dataclass(frozen=True, eq=False)
class FeedForward:
    """A SwiGLU feed-forward layer with PyTorch-shaped weights (see the module docstring).

    Attributes:
        w1: gate weights, ``(hidden_dim, dim)``.
        w2: output weights, ``(dim, hidden_dim)``.
        w3: value ("up") weights, ``(hidden_dim, dim)``.
        variant: the :data:`~activations.gated.GATED` unit (``"swiglu"``: LLaMA's).
        params: its gate's parameters (SwiGLU: ``beta``, default 1, SiLU).
    """

    w1: Array
    w2: Array
    w3: Array
    variant: str = "swiglu"
    params: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        hidden_dim, dim = np.shape(self.w1)
        expected = parameter_shapes(dim, hidden_dim)
        found = {name: np.shape(getattr(self, name)) for name in expected}
        if found != expected:
            raise ValueError(f"weight shapes {found} do not fit together; expected {expected}")

    @classmethod
    def create(cls, dim: int, hidden_dim: int, seed: int = 0) -> FeedForward:
        """Fresh weights as ``nn.Linear`` draws them: uniform in ±1/√fan_in, seeded.

        >>> FeedForward.create(4, 10).w2.shape
        (4, 10)
        """
        rng = np.random.default_rng(seed)
        weights = {}
        for name, shape in parameter_shapes(dim, hidden_dim).items():
            bound = 1.0 / np.sqrt(shape[1])  # fan_in = the input features of that Linear
            weights[name] = rng.uniform(-bound, bound, shape)
        return cls(**weights)

    @classmethod
    def shazeer(
        cls, W: ArrayLike, V: ArrayLike, W2: ArrayLike, variant: str, **params: float
    ) -> FeedForward:
        r"""The layer :math:`(g(xW) \odot xV)\,W_2` of Shazeer 2020, weights as he writes them
        (``W``, ``V``: ``(dim, hidden_dim)``; ``W2``: ``(hidden_dim, dim)``).

        >>> I = np.eye(2)
        >>> FeedForward.shazeer(I, I, I, "bilinear")(np.array([[0.0, 2.0]]))
        array([[0., 4.]])
        """
        weights = (np.asarray(W).T, np.asarray(W2).T, np.asarray(V).T)
        return cls(*weights, variant=variant, params=dict(params))

    @property
    def dim(self) -> int:
        """The model width: the input and output size."""
        return int(np.shape(self.w1)[1])

    @property
    def hidden_dim(self) -> int:
        """The hidden width d_ff."""
        return int(np.shape(self.w1)[0])

    def parameter_count(self) -> int:
        """Every weight, as ``sum(p.numel() for p in ffn.parameters())`` counts in PyTorch."""
        return int(sum(np.size(getattr(self, name)) for name in ("w1", "w2", "w3")))

    def trace(self, x: ArrayLike) -> FeedForwardTrace:
        """The forward pass with its intermediates, for tokens ``x`` of shape ``(..., dim)``."""
        x = np.asarray(x, dtype=float)
        if np.shape(x)[-1:] != (self.dim,):
            raise ValueError(f"tokens must end in dim = {self.dim}, got shape {np.shape(x)}")
        gate_pre = x @ self.w1.T
        gate = GATED[self.variant].gate(gate_pre, **self.params)
        up = x @ self.w3.T
        product = gate * up
        return FeedForwardTrace(x, gate_pre, gate, up, product, product @ self.w2.T)

    def __call__(self, x: ArrayLike) -> Array:
        """``w2(silu(w1 x) * w3 x)`` (SwiGLU) for tokens ``x`` of shape ``(..., dim)``."""
        return self.trace(x).output
