"""Garbage collection for a server that runs thousands of short scripts.

Streamlit collects every generation after each script run (``runner.postScriptGC``). Here the
heap is large and long-lived (SymPy and its caches, mpmath, Plotly's validators), so each of
those collections walked all of it: about 85 % of a slider rerun's server time.
``.streamlit/config.toml`` turns that collection off; Python's own generational collector still
frees cyclic garbage as it accumulates. On top, :func:`freeze_startup_heap`
moves the modules' objects, which live as long as the process, out of the collector's sight,
so the full collections that still happen walk only what the sessions made.
"""

from __future__ import annotations

import functools
import gc
import importlib
import pkgutil

PACKAGES = ("activations", "experiments", "ui")


@functools.cache
def freeze_startup_heap() -> None:
    """Import every module the pages use, collect once, then freeze what is left (once).

    Importing first means the objects frozen are the modules' (shared by every session, never
    garbage), not objects a later page visit creates.
    """
    for package in PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.iter_modules(root.__path__, prefix=f"{package}."):
            importlib.import_module(module.name)
    gc.collect()
    gc.freeze()
