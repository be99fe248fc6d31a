"""Numerical experiments behind the 实验 pages: pure NumPy, no Streamlit, no Plotly.

- :mod:`experiments.activation` turns a registry entry (or an ``(fn, grad)`` pair) into a pair.
- :mod:`experiments.datasets` makes the toy 2-D classification sets.
- :mod:`experiments.mlp` is a small multilayer perceptron trained with hand-written backprop.
- :mod:`experiments.gradients` measures gradient norms through a deep chain of layers, plain or
  with residual connections and pre-norm (:mod:`experiments.normalisation`: LayerNorm, RMSNorm).
- :mod:`experiments.dying` pushes a layer of ReLU units with a bias shift and one large step.
- :mod:`experiments.regions` colours the input plane of a random MLP by linear region (one
  activation pattern each), counts the regions, and measures a smooth network's curvature.
"""
