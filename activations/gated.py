r"""Gated activations y = g(a) ⊙ b and the feed-forward layers built from them.

A gated unit takes two pre-activations, a = xW (the gate) and b = xV (the value), and outputs
y = g(a)·b (Shazeer 2020's convention: the gate sits on the W branch). Its partial derivatives

.. math::
    \frac{\partial y}{\partial a} = g'(a)\,b, \qquad \frac{\partial y}{\partial b} = g(a)

show the "linear gradient path" Dauphin et al. credit: the value branch receives g(a) with no
derivative factor, so the gradient does not vanish through it even where g′ does.

Other conventions of the same idea (:func:`glu_dauphin`, :func:`glu_torch`): Dauphin et al.
2016 gate the V branch, (X∗W + b) ⊗ σ(X∗V + c); PyTorch ``nn.GLU`` splits its input in halves
and returns a ⊗ σ(b).

The FFN helpers size a standard Transformer FFN, max(0, xW₁)W₂ with d_ff = 4·d_model,
against a gated FFN (g(xW) ⊙ xV)W₂ (:class:`activations.feedforward.FeedForward`, the core's
one FFN that computes), which has three matrices; shrinking its hidden size to
2/3 of 4·d_model keeps parameters and FLOPs equal (d_model = 768: 2·768·3072 = 3·768·2048 =
4,718,592 parameters).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from activations.registry import REGISTRY, Param

__all__ = [
    "GATED",
    "GatedActivation",
    "ffn_data",
    "ffn_flops_per_token",
    "ffn_param_count",
    "glu_dauphin",
    "glu_shazeer",
    "glu_torch",
    "llama_hidden",
    "llama_hidden_steps",
    "matched_gated_hidden",
    "standard_hidden",
]

Array = NDArray[np.floating]


def _identity(a: ArrayLike) -> Array:
    return np.asarray(a, dtype=np.result_type(np.asarray(a).dtype, np.float32))


def _one(a: ArrayLike) -> Array:
    arr = _identity(a)
    # 1 everywhere, NaN where a is NaN (a*0 would turn ±inf into NaN as well).
    return np.where(np.isnan(arr), arr, np.ones_like(arr))


@dataclass(frozen=True)
class GatedActivation:
    r"""A gated unit y = g(a) ⊙ b.

    Attributes:
        key: ``glu``, ``bilinear``, ``reglu``, ``geglu`` or ``swiglu``.
        name_en: English display name.
        gate_key: the :data:`~activations.REGISTRY` key of g, or ``None`` for the identity
            (Bilinear); the formula of g is the registry's
            (:func:`activations.symbolic.named_gate`).
        params: the gate's parameters (SwiGLU: β).
    """

    key: str
    name_en: str
    gate_key: str | None
    params: tuple[Param, ...] = ()

    def _gate_functions(self) -> tuple[Callable[..., Array], Callable[..., Array]]:
        if self.gate_key is None:
            return _identity, _one
        activation = REGISTRY[self.gate_key]
        return activation.fn, activation.grad

    def defaults(self) -> dict[str, float]:
        """The default parameter values."""
        return {p.name: p.default for p in self.params}

    def gate(self, a: ArrayLike, **params: float) -> Array:
        """g(a), element-wise."""
        return self._gate_functions()[0](a, **params)

    def gate_grad(self, a: ArrayLike, **params: float) -> Array:
        """g′(a), element-wise (at kinks, the registry's convention: ReLU′(0) = 0)."""
        return self._gate_functions()[1](a, **params)

    def value(self, a: ArrayLike, b: ArrayLike, **params: float) -> Array:
        """y = g(a)·b, element-wise (arrays broadcast)."""
        return self.gate(a, **params) * np.asarray(b)

    def grad_a(self, a: ArrayLike, b: ArrayLike, **params: float) -> Array:
        """∂y/∂a = g′(a)·b."""
        return self.gate_grad(a, **params) * np.asarray(b)

    def grad_b(self, a: ArrayLike, b: ArrayLike, **params: float) -> Array:
        """∂y/∂b = g(a), broadcast to the shape of a·b: the value path has no g′ factor."""
        gate = self.gate(a, **params)
        return np.broadcast_to(gate, np.broadcast_shapes(gate.shape, np.shape(b))).copy()


_BETA = REGISTRY["swish"].params

GATED: Mapping[str, GatedActivation] = MappingProxyType(
    {
        g.key: g
        for g in (
            GatedActivation("glu", "GLU", "sigmoid"),
            GatedActivation("bilinear", "Bilinear", None),
            GatedActivation("reglu", "ReGLU", "relu"),
            GatedActivation("geglu", "GEGLU", "gelu"),
            GatedActivation("swiglu", "SwiGLU", "swish", params=_BETA),
        )
    }
)
"""The gated family of Shazeer 2020, in the order of his Table 1."""


# --- three conventions of one idea -----------------------------------------------------------

_sigmoid = REGISTRY["sigmoid"].fn


def glu_shazeer(x: ArrayLike, W: ArrayLike, V: ArrayLike) -> Array:
    """Shazeer 2020 (the app's convention): σ(xW) ⊙ xV, the gate on the W branch.

    >>> glu_shazeer([[1.0, 2.0]], [[0.0], [0.0]], [[1.0], [1.0]])
    array([[1.5]])
    """
    x = np.asarray(x)
    return GATED["glu"].value(x @ np.asarray(W), x @ np.asarray(V))


def glu_dauphin(
    x: ArrayLike, W: ArrayLike, V: ArrayLike, b: ArrayLike = 0.0, c: ArrayLike = 0.0
) -> Array:
    """Dauphin et al. 2016: (X∗W + b) ⊗ σ(X∗V + c), the gate on the V branch.

    Written for a convolution X∗W; for one position it is a matrix product.
    """
    x = np.asarray(x)
    return (x @ np.asarray(W) + b) * _sigmoid(x @ np.asarray(V) + c)


def glu_torch(z: ArrayLike) -> Array:
    """PyTorch ``nn.GLU`` (dim = −1): split z into halves (a, b) and return a ⊗ σ(b).

    No weights inside: the layer before it must produce both halves; b, the second, gates.

    >>> glu_torch([3.0, 0.0])
    array([1.5])
    """
    a, b = np.split(np.asarray(z), 2, axis=-1)
    return a * _sigmoid(b)


# --- feed-forward sizes: standard against gated ----------------------------------------------

DATA_FILE = Path(__file__).resolve().parent / "data" / "gated_ffn.toml"


@cache
def ffn_data() -> Mapping[str, object]:
    """Real models' FFNs and Shazeer 2020's Table 1 (``data/gated_ffn.toml``), parsed once,
    read-only.

    >>> [m["d_ff"] for m in ffn_data()["models"] if m["name"] == "LLaMA 7B"]
    [11008]
    """
    with DATA_FILE.open("rb") as handle:
        return MappingProxyType(tomllib.load(handle))


def standard_hidden(d_model: int) -> int:
    """The standard FFN hidden size, d_ff = 4·d_model.

    >>> standard_hidden(768)
    3072
    """
    return 4 * d_model


def llama_hidden_steps(
    d_model: int, multiple_of: int = 1, ffn_dim_multiplier: float | None = None
) -> tuple[int, int, int]:
    """LLaMA's rule for the gated FFN width, step by step: ``(⅔ rule, scaled, rounded)``.

    The ``FeedForward`` of Meta's LLaMA code (``llama/model.py``) is given ``hidden_dim =
    4·d_model`` and shrinks it::

        hidden = int(2 * hidden / 3)                  # the 2/3 rule: ⌊⅔·4d⌋
        if ffn_dim_multiplier is not None:            # Llama 2 70B, Llama 3: 1.3
            hidden = int(ffn_dim_multiplier * hidden)
        hidden = multiple_of * ceil(hidden / multiple_of)

    Args:
        d_model: model width.
        multiple_of: round up to a multiple of this (LLaMA 7B: 256). Default: ``1`` (none).
        ffn_dim_multiplier: scale after the 2/3 rule. Default: ``None`` (none).

    Returns:
        ``⌊⅔·4d⌋``, the width after the multiplier, and the final, rounded width.

    Examples:
        >>> llama_hidden_steps(4096, 1024, 1.3)  # Llama 3 8B
        (10922, 14198, 14336)
    """
    if multiple_of < 1 or int(multiple_of) != multiple_of:
        raise ValueError(f"multiple_of must be a positive integer, got {multiple_of!r}")
    two_thirds = (2 * standard_hidden(d_model)) // 3  # = int(2 * 4d / 3), exactly
    scaled = two_thirds
    if ffn_dim_multiplier is not None:
        if not (np.isfinite(ffn_dim_multiplier) and ffn_dim_multiplier > 0):
            raise ValueError(f"ffn_dim_multiplier must be positive, got {ffn_dim_multiplier!r}")
        scaled = int(ffn_dim_multiplier * two_thirds)
    multiple_of = int(multiple_of)
    return two_thirds, scaled, multiple_of * -(-scaled // multiple_of)


def llama_hidden(
    d_model: int, multiple_of: int = 1, ffn_dim_multiplier: float | None = None
) -> int:
    """The gated FFN width by LLaMA's rule (see :func:`llama_hidden_steps`).

    Examples:
        >>> llama_hidden(4096, 256), llama_hidden(4096, 1024, 1.3), llama_hidden(8192, 4096, 1.3)
        (11008, 14336, 28672)
    """
    return llama_hidden_steps(d_model, multiple_of, ffn_dim_multiplier)[-1]


def matched_gated_hidden(d_model: int, multiple_of: int | None = None) -> int:
    """The gated FFN hidden size with the parameters of a standard FFN: 2/3 of 4·d_model.

    As in LLaMA's ``FeedForward``: ⌊2·4·d_model/3⌋, then rounded up to a multiple of
    ``multiple_of`` (hardware-friendly matrix shapes); :func:`llama_hidden` without a
    multiplier.

    Args:
        d_model: model width.
        multiple_of: round the hidden size up to a multiple of this. Default: ``None`` (no
            rounding).

    Examples:
        >>> matched_gated_hidden(768), matched_gated_hidden(4096, multiple_of=256)
        (2048, 11008)
    """
    return llama_hidden(d_model, 1 if multiple_of is None else multiple_of)


def ffn_param_count(d_model: int, d_ff: int, gated: bool, biases: bool = False) -> int:
    """Weights (and biases) of one FFN layer.

    Standard: W₁ and W₂, 2·d_model·d_ff (+ d_ff + d_model biases). Gated: W, V and W₂,
    3·d_model·d_ff (+ 2·d_ff + d_model biases).

    Args:
        d_model: model width.
        d_ff: hidden size.
        gated: three matrices (gated) or two (standard).
        biases: count bias vectors too. Default: ``False`` (Shazeer and LLaMA use none).

    Examples:
        >>> ffn_param_count(768, 3072, gated=False), ffn_param_count(768, 2048, gated=True)
        (4718592, 4718592)
    """
    matrices = 3 if gated else 2
    count = matrices * d_model * d_ff
    if biases:
        count += (matrices - 1) * d_ff + d_model
    return count


def ffn_flops_per_token(d_model: int, d_ff: int, gated: bool) -> int:
    """Forward FLOPs of one FFN layer per token, counting 2 FLOPs per multiply-add.

    A (1 × d_model)·(d_model × d_ff) product is d_model·d_ff multiply-adds = 2·d_model·d_ff
    FLOPs, so standard = 4·d_model·d_ff and gated = 6·d_model·d_ff. The element-wise work
    (activation, ⊙, biases: O(d_ff)) is left out: it is under 0.1% at these sizes.

    Examples:
        >>> ffn_flops_per_token(768, 3072, gated=False), ffn_flops_per_token(768, 2048, gated=True)
        (9437184, 9437184)
    """
    return 2 * ffn_param_count(d_model, d_ff, gated, biases=False)
