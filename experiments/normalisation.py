"""LayerNorm and RMSNorm over each row's features, forward and backward, in NumPy.

Both as they start training: the learnable gain is 1 and LayerNorm's bias 0 (PyTorch's
``nn.LayerNorm`` and ``nn.RMSNorm`` initialise them so), so each is a fixed function of its
input. The backward functions take ``∂L/∂y`` and return ``∂L/∂x``, written out from the
Jacobian (no autograd): ``tests/experiments/test_experiments.py`` checks them against finite
differences.

- LayerNorm (Ba et al. 2016): ``y = (x − mean(x)) / √(var(x) + ε)``; each row has mean 0 and
  variance ≈ 1 afterwards.
- RMSNorm (Zhang & Sennrich 2019): ``y = x / √(mean(x²) + ε)``; no centring, one statistic
  fewer; each row has mean square ≈ 1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Array = np.ndarray

EPS = 1e-5  # PyTorch's nn.LayerNorm default; nn.RMSNorm's ε is the dtype's eps unless given
NONE, LAYERNORM, RMSNORM = "none", "layernorm", "rmsnorm"
NORMS = (NONE, LAYERNORM, RMSNORM)  # the URL values (?norm=rmsnorm), in the page's order


def layer_norm(x: Array) -> Array:
    """Each row centred and scaled to variance ≈ 1.

    >>> y = layer_norm(np.array([[1.0, 2.0, 3.0, 6.0]]))
    >>> abs(float(y.mean())) < 1e-12, round(float(y.var()), 4)
    (True, 1.0)
    """
    centred = x - x.mean(axis=-1, keepdims=True)
    return centred / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + EPS)


def layer_norm_backward(x: Array, upstream: Array) -> Array:
    """``∂L/∂x`` of :func:`layer_norm` from ``upstream = ∂L/∂y``:
    ``(g − mean(g) − y · mean(g ⊙ y)) / √(var + ε)`` per row, with ``g = ∂L/∂y``."""
    centred = x - x.mean(axis=-1, keepdims=True)
    scale = np.sqrt((centred**2).mean(axis=-1, keepdims=True) + EPS)
    y = centred / scale
    mean_g = upstream.mean(axis=-1, keepdims=True)
    mean_gy = (upstream * y).mean(axis=-1, keepdims=True)
    return (upstream - mean_g - y * mean_gy) / scale


def rms_norm(x: Array) -> Array:
    """Each row scaled to mean square ≈ 1, not centred.

    >>> y = rms_norm(np.array([[3.0, 4.0]]))
    >>> round(float((y**2).mean()), 5)
    1.0
    """
    return x / np.sqrt((x**2).mean(axis=-1, keepdims=True) + EPS)


def rms_norm_backward(x: Array, upstream: Array) -> Array:
    """``∂L/∂x`` of :func:`rms_norm` from ``upstream = ∂L/∂y``:
    ``(g − y · mean(g ⊙ y)) / rms`` per row, with ``rms = √(mean(x²) + ε)``."""
    rms = np.sqrt((x**2).mean(axis=-1, keepdims=True) + EPS)
    y = x / rms
    return (upstream - y * (upstream * y).mean(axis=-1, keepdims=True)) / rms


def _identity(x: Array) -> Array:
    return x


def _pass_back(x: Array, upstream: Array) -> Array:
    return upstream


# name -> (forward, backward(x, ∂L/∂y) -> ∂L/∂x)
_NORMS: dict[str, tuple[Callable[[Array], Array], Callable[[Array, Array], Array]]] = {
    NONE: (_identity, _pass_back),
    LAYERNORM: (layer_norm, layer_norm_backward),
    RMSNORM: (rms_norm, rms_norm_backward),
}


def normaliser(
    name: str,
) -> tuple[Callable[[Array], Array], Callable[[Array, Array], Array]]:
    """The forward and backward functions of ``name`` (one of :data:`NORMS`).

    >>> forward, backward = normaliser("none")
    >>> forward(np.array([2.0])).tolist(), backward(np.array([2.0]), np.array([5.0])).tolist()
    ([2.0], [5.0])
    """
    if name not in _NORMS:
        raise ValueError(f"norm must be one of {NORMS}, got {name!r}")
    return _NORMS[name]
