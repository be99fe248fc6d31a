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
import os
import pkgutil
import threading

PACKAGES = ("activations", "experiments", "views", "ui")
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
        limit_blas_threads()
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


def limit_blas_threads() -> None:
    """One BLAS thread per call, unless ``OPENBLAS_NUM_THREADS`` says otherwise.

    The experiments multiply small matrices (64 × 64: the vanishing page, dying ReLU, the
    regions, GLU): OpenBLAS's own threads only spin and contend for them, and a server's
    sessions already use every core. With two threads, the vanishing page's 6 activations
    through 10 depths took 9.0 s of CPU here; with one, 1.3 s. ``make`` exports the variable,
    ``python -m deploy.launch`` sets it before NumPy loads; under plain ``streamlit run
    app.py`` (Community Cloud) NumPy is loaded before the app, so the limit is set in the
    library itself, and the variable for any BLAS loaded later (SciPy's own).
    """
    if "OPENBLAS_NUM_THREADS" in os.environ:
        return  # chosen by whoever started the server, and read when the library loaded
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _touch_plotly() -> None:
    """Style one empty figure: Plotly builds the validators of every property it sets on
    first use, and nearly every page styles a figure."""
    import plotly.graph_objects as go

    from views.figures import styled

    styled(go.Figure())
