"""Activation core: element-wise and gated activations, NumPy values and SymPy formulas.

Imports neither Streamlit nor Plotly. Start from :data:`REGISTRY`::

    >>> from activations import REGISTRY
    >>> swish = REGISTRY["swish"]
    >>> float(swish.fn(2.0, beta=1.0)), float(swish.grad(0.0))
    (1.7615941559557646, 0.5)
"""

from activations.registry import REGISTRY, Activation, Param, X

__all__ = ["REGISTRY", "Activation", "Param", "X"]
