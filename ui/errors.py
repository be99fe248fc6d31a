"""The error boundary: a page that fails shows a friendly message, never a traceback.

The whole page script runs inside ``page_boundary``. Streamlit's own control flow
(``st.rerun``, ``st.stop``) derives from ``BaseException`` and passes straight through.
Tests set ``LAB_RAISE_ERRORS=1`` so a failing page still fails its test loudly.

Widget callbacks (``on_click``/``on_change``) run *before* the script, outside any ``with``
block of it, so an exception there would escape the boundary and Streamlit would replace the
whole page with its own error box (in English, whatever the reader's language). Decorate every
callback with :func:`safe_callback`: a failure is logged, remembered in the session, and the
boundary shows the friendly message at the top of the page, which then renders normally.

Around the page the boundary also starts its own controls fresh on a page switch
(:mod:`ui.page_switch`) and reads its link as a reader means it (:mod:`ui.links`).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from ui.i18n import t
from ui.links import forget_bindings, review_link
from ui.page_switch import start_page

ERROR_CONTAINER_KEY = "app-error"  # rendered as CSS class ``st-key-app-error``
CALLBACK_FAILED = "_lab_callback_failed"  # session-state flag set by ``safe_callback``
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


@contextmanager
def page_boundary(page: str | None = None) -> Iterator[None]:
    """Run a page; on an unexpected error, log it and show a friendly note instead.

    ``page`` (the page's ``url_path``) lets the boundary start page-local controls fresh on a
    page switch. A failure in a callback of this run (see :func:`safe_callback`) shows the
    same note above the page.
    """
    shown = False
    try:
        review = review_link(None if page is None else start_page(page))
        if st.session_state.pop(CALLBACK_FAILED, False):
            show_error()
            shown = True
        yield
        if review is not None:
            review.finish()
        forget_bindings()
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
