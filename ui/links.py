"""A page's link read as a reader means it, and cleaned of what Streamlit cannot survive.

Streamlit 1.67 parses ``?seed=inf`` (or ``1e999``) for an integer ``number_input`` with
``int(float("inf"))``, and the ``OverflowError`` escapes its own fallback (it catches only
``ValueError``/``TypeError``). Widgets seed from the query string the run *started* with, so
after removing such values the page reruns once, and starts from the cleaned URL.

On the first run of a page (:class:`LinkReview`), a bound choice given by its canonical short
name or in another case (``?fn=elu``, ``?init=he``, ``?variant=swiglu``, ``?fns=relu``) is
rewritten to the label Streamlit binds (``ELU``, ``He``, ``SwiGLU``, ``ReLU``) and the page
reruns once; a value the page cannot use (``?beta=abc``, ``?fn=nope``) is named in a small
notice at the top, in the reader's language, instead of being dropped without a word.
The error boundary (:mod:`ui.errors`) runs :func:`review_link` before a page and
:func:`forget_bindings` after it.
"""

from __future__ import annotations

import math

import streamlit as st

from ui.i18n import t
from ui.page_switch import opened_from, widget_state
from views.url_keys import canonical, run_keys, start_run

_URL_CLEANED = "_lab_url_cleaned"  # session-state flag: this run is the clean-URL rerun
_REVIEW = "_lab_review_link"  # session flag: the next run seeds widgets from its URL again
_REFUSED = "_lab_refused"  # session: link values refused in a run that then reran
_FIXED = "_lab_link_fixed"  # session flag: this run follows a rewrite of the link's aliases
_LINK = "_lab_link"  # session: the URL's parameters when the page was opened
NOTICE_KEY = "link-notice"  # rendered as CSS class ``st-key-link-notice``


def review_link(opened: bool | None) -> LinkReview | None:
    """Clean the URL (:func:`_clean_url`); then, in a page's run (``opened`` is ``None`` in a
    fragment's), a :class:`LinkReview` when its widgets seed from the link: the page was
    ``opened`` (a first run or a switch), or the URL was cleaned or rewritten for this run."""
    _clean_url()
    if opened is not None and (st.session_state.pop(_REVIEW, False) or opened):
        return LinkReview()
    return None


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
        state = widget_state()
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


def forget_bindings() -> None:
    """Forget which page each URL parameter was last bound on, at the end of every run.

    Streamlit 1.67 records one binding per parameter name, for the page that drew it last, and
    on a page switch or Back it removes a parameter bound on another page from the URL before
    the script runs. Names used on several pages (``beta``, ``seed``, ``x0`` …) then lost
    their values on Back: from /glu, Back to /swish?beta=0 showed β = 1. The widgets bind again
    as they are drawn; the frontend keeps its own record to leave a page's parameters behind
    when a link leads away from it.
    """
    params = getattr(widget_state(), "query_params", None)
    for widget in list(getattr(params, "_bindings_by_widget", {})):
        params.unbind_widget(widget)


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
