"""Streamlit-facing helpers: language, strings, content, widgets and figure builders.

Everything under ``activations/`` is pure NumPy/SymPy; this package is the seam to the UI.
"""
