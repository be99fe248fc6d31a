"""``ast.parse``, one thread at a time.

CPython 3.11 keeps the counter that guards recursion while it turns a syntax tree into Python
objects in one process-wide place. The app server runs every browser session in its own thread;
when a garbage collection in one parse runs Python code, another thread may parse meanwhile, and
the first then fails with ``SystemError: AST constructor recursion depth mismatch`` (CPython
gh-106905, fixed in 3.12; seen in the 4-session CI load test as an error box on a page). Every
parse in the app goes through :func:`parse_python`; Streamlit's own parse of each page ("magic")
is switched off in ``.streamlit/config.toml``. Parses are small and rare, so waiting costs nothing.
"""

from __future__ import annotations

import ast
import threading

_TURN = threading.Lock()


def parse_python(source: str, filename: str = "<unknown>", mode: str = "exec") -> ast.AST:
    """:func:`ast.parse` while holding the process-wide parse lock.

    >>> type(parse_python("x + 1", mode="eval").body).__name__
    'BinOp'
    """
    with _TURN:
        return ast.parse(source, filename, mode)
