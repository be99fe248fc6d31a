"""The error boundary: a page that fails shows a friendly message, never a traceback.

The whole page script runs inside ``page_boundary``. Streamlit's own control flow
(``st.rerun``, ``st.stop``) derives from ``BaseException`` and passes straight through.
Tests set ``LAB_RAISE_ERRORS=1`` so a failing page still fails its test loudly.

Widget callbacks (``on_click``/``on_change``) run *before* the script, outside any ``with``
block of it, so an exception there would escape the boundary and Streamlit would replace the
whole page with its own error box (in English, whatever the reader's language). Decorate every
callback with :func:`safe_callback`: a failure is logged, remembered in the session, and the
boundary shows the friendly message at the top of the page, which then renders normally.

The boundary also drops URL values a bound widget cannot survive: Streamlit 1.67 parses
``?seed=inf`` (or ``1e999``) for an integer ``number_input`` with ``int(float("inf"))``, and the
``OverflowError`` escapes its own fallback (it catches only ``ValueError``/``TypeError``).
Widgets seed from the query string the run *started* with, so after removing such values the
boundary reruns once, and the page starts from the cleaned URL.

Finally it starts each page's own controls fresh when the reader switches pages. Streamlit
1.67 keeps the value of a URL-bound widget under its key after the widget's page is left, and
hands it to any widget with the same key on the next page. Names shared on purpose
(:data:`SHARED_PARAMS`: the same control wherever it appears) may carry over; every other
bound key is page-local, and a carried value could be invalid there (``width`` = 64 from 梯度消失
is above the 训练实验 page's maximum of 32, which raised). The page's URL still seeds it.
"""

from __future__ import annotations

import functools
import logging
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from ui.i18n import t
from ui.url_keys import SHARED_PARAMS, bound_keys

ERROR_CONTAINER_KEY = "app-error"  # rendered as CSS class ``st-key-app-error``
CALLBACK_FAILED = "_lab_callback_failed"  # session-state flag set by ``safe_callback``
_URL_CLEANED = "_lab_url_cleaned"  # session-state flag: this run is the clean-URL rerun
_PAGE = "_lab_page"  # session state: the page of the previous run
# URL names whose control is the same wherever it appears (DEVELOPING.md, "Widgets and the URL").
_log = logging.getLogger("activation_lab")

P = ParamSpec("P")
R = TypeVar("R")


def raise_errors() -> bool:
    """Whether failures propagate (tests) instead of being shown politely (users)."""
    return os.environ.get("LAB_RAISE_ERRORS") == "1"


def show_error() -> None:
    """The friendly message, in the reader's language, in the container tests look for."""
    try:
        box = st.container(key=ERROR_CONTAINER_KEY)
    except StreamlitDuplicateElementKey:
        return  # a fragment's boundary (``live``) showed it in this run already
    with box:
        st.error(t("app.error_title"), icon=":material/sentiment_dissatisfied:")
        st.caption(t("app.error_hint"))


def _infinite(value: str) -> bool:
    try:
        return math.isinf(float(value))
    except (ValueError, OverflowError):
        return False


def drop_infinite_numbers() -> bool:
    """Remove ``inf``/``-inf``/``1e999``-style values from the URL; whether any were found.

    No control of this app takes an infinite number, and Streamlit crashes on them for integer
    number inputs (see the module docstring). Other bad values are Streamlit's to reject.
    """
    dropped = False
    for key in list(st.query_params):
        values = st.query_params.get_all(key)
        kept = [value for value in values if not _infinite(value)]
        if len(kept) == len(values):
            continue
        dropped = True
        if kept:
            st.query_params[key] = kept
        else:
            del st.query_params[key]
    return dropped


def _clean_url() -> None:
    """Drop infinite numbers from the URL and rerun once, so widgets seed from the clean URL
    (a second dirty run in a row does not rerun again: no loop, whatever happens)."""
    if not drop_infinite_numbers():
        st.session_state.pop(_URL_CLEANED, None)
    elif not st.session_state.pop(_URL_CLEANED, False):
        st.session_state[_URL_CLEANED] = True
        st.rerun()


def start_page(page: str) -> None:
    """Remember the page; on a switch, drop the values the last page's own controls left."""
    previous = st.session_state.get(_PAGE)
    st.session_state[_PAGE] = page
    if previous is None or previous == page:
        return
    for key in bound_keys() - SHARED_PARAMS:
        if key in st.session_state:
            del st.session_state[key]


@contextmanager
def page_boundary(page: str | None = None) -> Iterator[None]:
    """Run a page; on an unexpected error, log it and show a friendly note instead.

    ``page`` (the page's ``url_path``) lets the boundary start page-local controls fresh on a
    page switch. A failure in a callback of this run (see :func:`safe_callback`) shows the
    same note above the page.
    """
    shown = False
    try:
        if page is not None:
            start_page(page)
        _clean_url()
        if st.session_state.pop(CALLBACK_FAILED, False):
            show_error()
            shown = True
        yield
    except Exception:
        if raise_errors():
            raise
        _log.exception("page failed")
        if not shown:
            show_error()


def live(function: Callable[P, R]) -> Callable[P, R | None]:
    """``st.fragment``: a control inside ``function`` reruns only ``function``, not the page.

    With a class online most reruns are one slider moving; rerunning only the figure and what
    depends on it skips the prose, the sidebar and the navigation (fewer elements to build and
    send). A fragment's reruns start outside the page's boundary, so the boundary is repeated
    inside. Arguments are those of the last full run.
    """

    @st.fragment
    @functools.wraps(function)
    def fragment(*args: P.args, **kwargs: P.kwargs) -> R | None:
        with page_boundary():
            return function(*args, **kwargs)
        return None  # reached only when the boundary caught an error

    return fragment


def safe_callback(function: Callable[P, R]) -> Callable[P, R | None]:
    """Wrap a widget callback so an exception in it cannot replace the page with a traceback.

    >>> @safe_callback
    ... def reset() -> None:
    ...     st.session_state["picks"] = {}
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return function(*args, **kwargs)
        except Exception:
            if raise_errors():
                raise
            _log.exception("callback %s failed", function.__qualname__)
            st.session_state[CALLBACK_FAILED] = True
            return None

    return wrapper
