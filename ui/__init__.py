"""Streamlit-facing helpers: language, strings, content, widgets and figure builders.

Everything under ``activations/`` is pure NumPy/SymPy; this package is the seam to the UI.
"""

import sys as _sys

if "streamlit" in _sys.modules:  # only inside a Streamlit process; pure imports stay pure

    def _leave_legacy_page_routing() -> None:
        """Make the first script run of a fresh server go through ``app.py``.

        With a ``pages/`` folder next to ``app.py``, Streamlit starts every server in its
        legacy multipage mode and switches to ``st.navigation`` only once ``app.py`` has run.
        So the first visitor who opens a deep link (``/swish``) on a fresh server, and everyone
        after them until someone opens ``/``, got the page file run on its own: no language
        switch, no lecture mode, no error boundary, file names in the sidebar. Every page
        imports this package, so its first import (once per process) flips the mode and
        reruns, and ``app.py`` routes the same URL.
        """
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        if PagesManager.uses_pages_directory and get_script_run_ctx(suppress_warning=True):
            import streamlit as st

            PagesManager.uses_pages_directory = False
            st.rerun()

    _leave_legacy_page_routing()
