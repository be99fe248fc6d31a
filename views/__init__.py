"""Pure views: figure builders, values, numbers and words, in a language the caller names.

Nothing here imports Streamlit or ``ui``: ``ui/`` and ``app_pages/`` read the session and draw
what these build (``tests/test_import_graph.py`` holds the layering).
"""
