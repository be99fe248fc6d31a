"""The Streamlit shell: the session (language, lecture mode, URL state), widgets, the error
boundary, renderers and the page bodies. What it draws is built in ``views/`` (no Streamlit)
and ``activations/`` (the core)."""
