"""URL parameter names, and the record of which widgets are bound to the URL (no Streamlit).

A URL-bound widget takes ``**in_url("seed")``: Streamlit's ``key`` (the URL parameter) and
``bind``, with the key recorded (:func:`bound`), so the error boundary knows, on a page switch,
which values were a page's own controls (:func:`bound_keys`) without reading the app's source.
Binding and recording are one call, so no widget can do one without the other; the tests read
the URL parameters for their hostile links from these calls (``tests/support/url_params.py``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

_BIND = "query-params"  # Streamlit's ``bind=`` value for a widget that lives in the URL

# Session-wide choices drawn by app.py (ui.layout); the language's name lives in ui.i18n.
LECTURE_KEY = "lecture"
EXPORT_KEY = "export"

# Controls that mean the same on every page they appear on: they may follow a page switch.
SHARED_PARAMS = frozenset({"beta", "negative_slope", "alpha", "x0", "xmin", "xmax"})

_BOUND: set[str] = set()
_RUN = threading.local()  # the keys bound in the current script run (a session is one thread)


def bound(key: str) -> str:
    """``key``, recorded as the URL parameter of a bound widget.

    >>> bound("seed")
    'seed'
    >>> "seed" in bound_keys()
    True
    """
    _BOUND.add(key)
    keys = getattr(_RUN, "keys", None)
    if keys is not None:
        keys.add(key)
    return key


def in_url(key: str) -> dict[str, str]:
    """The keywords of a widget that lives in the URL under ``key``: ``st.slider("β", 0.0,
    10.0, **in_url("beta"))`` is ``/swish?beta=…``.

    >>> in_url("seed")
    {'key': 'seed', 'bind': 'query-params'}
    """
    return {"key": bound(key), "bind": _BIND}


def start_run() -> None:
    """Begin recording the keys this script run binds (:func:`run_keys`)."""
    _RUN.keys = set()


def run_keys() -> frozenset[str]:
    """The URL-bound widget keys drawn since :func:`start_run` in this thread."""
    return frozenset(getattr(_RUN, "keys", ()))


def _plain(text: str) -> str:
    """Letters and digits only, case-folded: ``Swish / SiLU`` -> ``swishsilu``."""
    return re.sub(r"[\W_]+", "", text.casefold())


def canonical(value: str, labels: Iterable[str]) -> str | None:
    """The option label a link's ``value`` means: the label itself in any case, one of the
    names a label gives with a slash (``silu`` for ``Swish / SiLU``), or else the one label
    it begins (``swish``, ``gelu_tanh`` for ``GELU (tanh approximation)``): the canonical
    short names (``elu``, ``he``, ``swiglu``, ``leaky_relu``). ``None`` if none or several fit.

    >>> labels = ["ReLU", "Leaky ReLU", "GELU", "GELU (tanh approximation)", "Swish / SiLU"]
    >>> [canonical(v, labels) for v in ("relu", "leaky_relu", "SILU", "gelu", "gelu_tanh")]
    ['ReLU', 'Leaky ReLU', 'Swish / SiLU', 'GELU', 'GELU (tanh approximation)']
    >>> canonical("swish", labels), canonical("mish", labels), canonical("ge", labels)
    ('Swish / SiLU', None, None)
    """
    wanted = _plain(value)
    labels = list(labels)
    exact = [
        label
        for label in labels
        if wanted == _plain(label) or wanted in {_plain(part) for part in label.split("/")}
    ]
    begun = [label for label in labels if _plain(label).startswith(wanted)]
    for found in (exact, begun if len(wanted) >= 3 else []):
        if found:
            return found[0] if len(found) == 1 else None
    return None


def bound_keys() -> frozenset[str]:
    """Every URL-bound widget key this process has drawn so far."""
    return frozenset(_BOUND)
