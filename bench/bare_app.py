"""The yardstick for ``bench.app``: a bare Streamlit page with one slider, one formula and one
Plotly chart of 801 points. A function page's first render is reported relative to this."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

beta = st.slider("β", 0.0, 10.0, 1.0, 0.1)
st.latex(r"f(x) = \frac{x}{1 + e^{-\beta x}}")
x = np.linspace(-6.0, 6.0, 801)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=x / (1.0 + np.exp(-beta * x)))))
