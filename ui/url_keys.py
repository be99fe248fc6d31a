"""URL parameter names, and the record of which widgets are bound to the URL (no Streamlit).

A URL-bound widget takes ``key=bound("seed"), bind=BIND``: the key is the URL parameter and
:func:`bound` records it, so the error boundary knows, on a page switch, which values were a
page's own controls (:func:`bound_keys`) without reading the app's source. The tests cross-check
the record against a scan of the source (``tests/url_params.py``).
"""

from __future__ import annotations

BIND = "query-params"  # Streamlit's ``bind=`` value for a widget that lives in the URL

# Session-wide choices drawn by app.py (ui.layout); the language's name lives in ui.i18n.
LECTURE_KEY = "lecture"
EXPORT_KEY = "export"

# Controls that mean the same on every page they appear on: they may follow a page switch.
SHARED_PARAMS = frozenset({"beta", "negative_slope", "alpha", "x0", "xmin", "xmax"})

_BOUND: set[str] = set()


def bound(key: str) -> str:
    """``key``, recorded as the URL parameter of a bound widget.

    >>> bound("seed")
    'seed'
    >>> "seed" in bound_keys()
    True
    """
    _BOUND.add(key)
    return key


def bound_keys() -> frozenset[str]:
    """Every URL-bound widget key this process has drawn so far."""
    return frozenset(_BOUND)
