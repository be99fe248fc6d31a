"""Garbage collection for a server that runs thousands of short scripts.

Streamlit collects every generation after each script run (``runner.postScriptGC``). Here the
heap is large and long-lived (SymPy and its caches, mpmath, Plotly's validators), so each of
those collections walked all of it: about 85 % of a slider rerun's server time.
``.streamlit/config.toml`` turns that collection off; Python's own generational collector still
frees cyclic garbage as it accumulates. On top, :func:`freeze_startup_heap`
moves the modules' objects, which live as long as the process, out of the collector's sight,
so the full collections that still happen walk only what the sessions made.

The same import is most of a new process's first page run (a restart, a redeploy): under
``python -m deploy.launch`` (``make run``, ``make serve``) a thread does it as soon as the
server listens, while the open pages' browsers are still reconnecting, and the first run finds
it done (or waits for the rest of it, instead of importing the same modules at once).
"""

from __future__ import annotations

import gc
import importlib
import inspect
import pkgutil
import threading

PACKAGES = ("activations", "experiments", "ui")
# Imported lazily by Streamlit on a page's first run: its emoji table, to check the page icon.
LAZY_MODULES = ("streamlit.emojis",)

_lock = threading.Lock()
_frozen = False


def freeze_startup_heap() -> None:
    """Import every module the pages use, collect once, then freeze what is left (once).

    Importing first means the objects frozen are the modules' (shared by every session, never
    garbage), not objects a later page visit creates. Thread-safe: a caller that comes while
    another thread imports waits for it, so no two threads import the app's modules at once
    (two threads importing modules that import each other can deadlock).
    """
    global _frozen
    with _lock:
        if _frozen:
            return
        for package in PACKAGES:
            root = importlib.import_module(package)
            for module in pkgutil.iter_modules(root.__path__, prefix=f"{package}."):
                importlib.import_module(module.name)
        for name in LAZY_MODULES:
            importlib.import_module(name)
        _touch_plotly()
        # Streamlit's first element of a process calls inspect.stack(), which maps every loaded
        # module to its file (realpath of each of ~1,900): 0.4 s of the first run here. Mapped
        # now, that call only looks at what was imported since.
        inspect.getmodule(inspect.currentframe())
        gc.collect()
        gc.freeze()
        _frozen = True


def _touch_plotly() -> None:
    """Style one empty figure: Plotly builds the validators of every property it sets on
    first use, and nearly every page styles a figure."""
    import plotly.graph_objects as go

    from ui.figures import styled

    styled(go.Figure())
