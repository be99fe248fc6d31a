"""What the benchmarks (``bench/``) and the tests (``tests/``) both drive the app with.

- ``server``: ``streamlit run`` on a free port until healthy, stopped after; its tracebacks.
- ``replicas``: nginx in front of several servers (the campus set-up of ``make serve``).
- ``protocol``: a student over Streamlit's own websocket protocol, no browser.
- ``browser``: the system Chromium's launch flags, viewports, and what to wait for on a page.
- ``appdriver``: the app under Streamlit's AppTest, and the figures, tables and cards it shows.
- ``accuracy``: the 50-digit reference the core's accuracy is measured against.

Both ``bench`` and ``tests`` import from here; ``harness`` imports neither, ``bench`` never
imports ``tests``, and only ``tests/bench/`` imports ``bench`` (``tests/harness/test_layering.py``).
"""
