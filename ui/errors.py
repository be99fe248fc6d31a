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

It reads a link as a reader means it (:class:`LinkReview`): on the first run of a page, a
bound choice given by its canonical short name or in another case (``?fn=elu``,
``?init=he``, ``?variant=swiglu``, ``?fns=relu``) is rewritten to the label Streamlit binds
(``ELU``, ``He``, ``SwiGLU``, ``ReLU``) and the page reruns once; a value the page cannot use
(``?beta=abc``, ``?fn=nope``) is named in a small notice at the top, in the reader's language,
instead of being dropped without a word.

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
from ui.url_keys import SHARED_PARAMS, bound_keys, canonical, run_keys, start_run

ERROR_CONTAINER_KEY = "app-error"  # rendered as CSS class ``st-key-app-error``
CALLBACK_FAILED = "_lab_callback_failed"  # session-state flag set by ``safe_callback``
_URL_CLEANED = "_lab_url_cleaned"  # session-state flag: this run is the clean-URL rerun
_PAGE = "_lab_page"  # session state: the page of the previous run
_REVIEW = "_lab_review_link"  # session flag: the next run seeds widgets from its URL again
_REFUSED = "_lab_refused"  # session: link values refused in a run that then reran
_FIXED = "_lab_link_fixed"  # session flag: this run follows a rewrite of the link's aliases
CARRIED = "_lab_carried"  # session: {key: (value, page)}, the last value each page gave
_OPENED_FROM = "_lab_opened_from"  # session: the page left, in the run a switch opens
_LINK = "_lab_link"  # session: the URL's parameters when the page was opened
NOTICE_KEY = "link-notice"  # rendered as CSS class ``st-key-link-notice``
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


def infinite_number(value: str) -> bool:
    """Whether a URL value reads as ±∞ to ``float`` (``inf``, ``-Infinity``, ``1e999``)."""
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
        kept = [value for value in values if not infinite_number(value)]
        if len(kept) == len(values):
            continue
        dropped = True
        refused = st.session_state.setdefault(_REFUSED, [])
        refused += [(key, value) for value in values if infinite_number(value)]
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
        st.session_state[_REVIEW] = True  # the rerun seeds the widgets: read its link then
        st.rerun()


def start_page(page: str) -> bool:
    """Remember the page; on a switch, drop the values the last page's own controls left.
    Whether this run opens the page (a session's first run, or a switch): its widgets then
    seed from the URL. On a switch, :func:`opened_from` names the page left."""
    previous = st.session_state.get(_PAGE)
    st.session_state[_PAGE] = page
    st.session_state[_OPENED_FROM] = None if previous == page else previous
    if previous == page:
        return False
    if previous is None:
        return True
    for key in bound_keys() - SHARED_PARAMS:
        if key in st.session_state:
            del st.session_state[key]
    if not _history_navigation():
        _leave_link_behind(bound_keys() - SHARED_PARAMS)
    return True


def _history_navigation() -> bool:
    """Whether this run answers the browser's Back or Forward (its URL is the page's own)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))


def _leave_link_behind(keys: frozenset[str]) -> None:
    """Drop the last page's own controls from the URL a link to this page starts with, before
    any widget seeds from it (``seed`` = 3 on /vanishing is not /glu's seed). Streamlit would do
    this from its bindings, which :func:`_forget_bindings` clears so that Back keeps a page's
    URL whole; shared names (β …) stay, as their values follow the reader."""
    params = getattr(_widget_state(), "query_params", None)
    stale = [key for key in keys if key in getattr(params, "_query_params", {})]
    for key in stale:
        del params._query_params[key]
        params._initial_query_params.pop(key, None)
    if stale:
        params._send_query_param_msg()


def opened_from() -> str | None:
    """The page the reader came from, in the run that opens this one by a switch."""
    return st.session_state.get(_OPENED_FROM)


def carried_value(name: str, value: object, default: object) -> str | None:
    """The page a shared control's ``value`` comes from, if it was set there and carried here
    by a link to this page (names in ``SHARED_PARAMS`` follow the reader: β set on /swish is
    the β of /glu), and not moved here since.

    Each shared control remembers the last value a page gave it, which page, and whether that
    page had it from another; Back and Forward return a page's own value, not a carried one.
    """
    seen = st.session_state.setdefault(CARRIED, {})
    page = st.session_state.get(_PAGE)
    last = seen.get(name)
    if last is not None and last[1] != page:
        carried = last[0] == value and value != default and not _history_navigation()
        seen[name] = (value, page, last[1] if carried else None)
    elif last is None or last[0] != value:
        seen[name] = (value, page, None)
    return seen[name][2]


class LinkReview:
    """What a page made of its link, read after its first run (see the module docstring)."""

    def __init__(self) -> None:
        start_run()
        self.link = {key: st.query_params.get_all(key) for key in st.query_params}
        if opened_from() is not None or _FIXED not in st.session_state:
            st.session_state[_LINK] = self.link
        self.notice = st.container(key=NOTICE_KEY)

    def finish(self) -> None:
        """Rewrite aliases and rerun once, or name what was refused."""
        state = _widget_state()
        refused = list(st.session_state.pop(_REFUSED, []))
        fixes = {}
        for key in sorted(run_keys() & self.link.keys()):
            meant, unusable = _read_link(state, key, self.link[key])
            refused += [(key, value) for value in unusable]
            if meant is not None:
                fixes[key] = meant
        if fixes and not st.session_state.pop(_FIXED, False):
            _rewrite_link(state, fixes)
            st.session_state[_REFUSED] = refused
            st.session_state[_REVIEW] = st.session_state[_FIXED] = True
            st.rerun()
        st.session_state.pop(_FIXED, None)
        if refused:
            values = t("app.link_list_separator").join(_as_code(k, v) for k, v in refused)
            self.notice.caption(f":material/link_off: {t('app.link_refused', values=values)}")


def _as_code(key: str, value: str, limit: int = 40) -> str:
    """``key = value`` as inline code, so a link's ``$x$`` or ``**`` shows as typed (no math,
    no markup), cut to ``limit`` characters.

    >>> _as_code("depth", "$x$"), _as_code("q", "a`b" + "x" * 50)[-3:]
    ('`depth = $x$`', 'x…`')
    """
    shown = " ".join(value.replace("`", "'").split())
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "…"
    return f"`{key} = {shown}`"


def _rewrite_link(state, fixes: dict[str, list[str]]) -> None:
    """Put the labels into the URL in place of the aliases, for the rerun to seed from.

    ``st.query_params`` refuses to set a parameter bound to a widget (bound values change
    through the widget), and a page's widgets seed only from the URL a run starts with: so
    the URL is written beneath that check, as Streamlit's own auto-correction does, and the
    widget's state is dropped so that the rerun seeds it from that URL.
    """
    params = state.query_params
    for key, labels in fixes.items():
        params._query_params[key] = labels[0] if len(labels) == 1 else labels
        if key in st.session_state:  # forget the default the widget fell back to: the
            del st.session_state[key]  # rerun is its first run again, seeded from the URL
    params._send_query_param_msg()


def _forget_bindings() -> None:
    """Forget which page each URL parameter was last bound on, at the end of every run.

    Streamlit 1.67 records one binding per parameter name, for the page that drew it last, and
    on a page switch or Back it removes a parameter bound on another page from the URL before
    the script runs. Names used on several pages (``beta``, ``seed``, ``x0`` …) then lost
    their values on Back: from /glu, Back to /swish?beta=0 showed β = 1. The widgets bind again
    as they are drawn; the frontend keeps its own record to leave a page's parameters behind
    when a link leads away from it.
    """
    params = getattr(_widget_state(), "query_params", None)
    for widget in list(getattr(params, "_bindings_by_widget", {})):
        params.unbind_widget(widget)


def _widget_state():
    """Streamlit's session state behind ``st.session_state`` (widget ids, metadata, values)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(getattr(ctx, "session_state", None), "_state", None)


def _read_link(state, key: str, values: list[str]) -> tuple[list[str] | None, list[str]]:
    """How bound widget ``key`` took the link's ``values``: the labels they mean when some
    were aliases (else ``None``), and the values it could not use.

    Streamlit 1.67 seeds a widget from the URL and silently drops a value it cannot parse or
    that is not one of its labels; the value is taken if the widget now holds what it says.
    """
    from streamlit.runtime.state.query_params import parse_url_param

    try:
        widget = state.get_widget_id_from_key(key)
        metadata = state.get_widget_metadata(widget)
        current = state.get_widget_value(widget)
    except (AttributeError, KeyError, TypeError):
        return None, []  # not a widget this run drew, or Streamlit changed: say nothing

    def means(link: str | list[str]) -> bool:
        try:
            parsed = parse_url_param(link, metadata.value_type)
            value = metadata.deserializer(parsed)
            again = metadata.serializer(value)  # a slider's 99 falls back to its default
        except Exception:  # Streamlit refuses it the same way
            return False
        return _same_value(again, parsed) and _same_value(value, current)

    if metadata is None or means(values[0] if len(values) == 1 else values):
        return None, []
    labels = metadata.formatted_options or []
    meant = [canonical(value, labels) for value in values]
    unusable = [value for value, label in zip(values, meant, strict=True) if label is None]
    fixed = [label for label in meant if label is not None]
    return (fixed if fixed and fixed != values else None), unusable


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(map(_same_value, a, b))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


@contextmanager
def page_boundary(page: str | None = None) -> Iterator[None]:
    """Run a page; on an unexpected error, log it and show a friendly note instead.

    ``page`` (the page's ``url_path``) lets the boundary start page-local controls fresh on a
    page switch. A failure in a callback of this run (see :func:`safe_callback`) shows the
    same note above the page.
    """
    shown = False
    try:
        opened = page is not None and start_page(page)
        _clean_url()
        review = None
        if page is not None and (st.session_state.pop(_REVIEW, False) or opened):
            review = LinkReview()
        if st.session_state.pop(CALLBACK_FAILED, False):
            show_error()
            shown = True
        yield
        if review is not None:
            review.finish()
        _forget_bindings()
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
