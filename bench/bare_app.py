"""The floor: the least a function page can be on this stack (issue 20's "bare page").

A title, a paragraph, one slider, two formulas (``st.latex``) and one Plotly chart of f and f′
(801 points each), run with the project's ``.streamlit/config.toml`` (the servers start in the
repository root). ``bench.app`` reports a page's first render relative to this page, and
``python -m bench.hall --floor`` runs the same class against it, so each page's server CPU per
open and per move is a ratio to the floor measured in the same run.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.title("Swish")
st.markdown(
    "Swish multiplies its input by a sigmoid of it: below zero it dips a little, above zero it "
    "grows like the identity. The slider sets $\\beta$; the chart shows f and its derivative."
)
beta = st.slider("β", 0.0, 10.0, 1.0, 0.1, key="beta")
st.latex(r"f(x) = \frac{x}{1 + e^{-\beta x}}")
st.latex(r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,\bigl(1 - \sigma(\beta x)\bigr)")
x = np.linspace(-6.0, 6.0, 801)
sigma = 1.0 / (1.0 + np.exp(-beta * x))
figure = go.Figure(
    [
        go.Scatter(x=x, y=x * sigma, name="f"),
        go.Scatter(x=x, y=sigma + beta * x * sigma * (1.0 - sigma), name="f′"),
    ]
)
st.plotly_chart(figure)
