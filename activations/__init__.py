"""Activation core: element-wise and gated activations, NumPy values and SymPy formulas.

Imports neither Streamlit nor Plotly. Start from :data:`REGISTRY`::

    >>> from activations import REGISTRY
    >>> swish = REGISTRY["swish"]
    >>> float(swish.fn(2.0, beta=1.0)), float(swish.grad(0.0))
    (1.7615941559557646, 0.5)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from activations.registry import REGISTRY, Activation, Configured, Param, X

__all__ = ["REGISTRY", "Activation", "Configured", "Param", "X"]


def __getattr__(name: str) -> object:
    # Lazy (PEP 562): the custom-formula worker imports ``activations.formula_pool`` alone and so
    # skips SciPy and the kernels, about 30 MB less per worker process.
    if name in __all__:
        return getattr(importlib.import_module("activations.registry"), name)
    raise AttributeError(f"module 'activations' has no attribute {name!r}")
