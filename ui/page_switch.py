"""A page switch starts the page's own controls fresh; shared ones follow the reader.

Streamlit 1.67 keeps the value of a URL-bound widget under its key after the widget's page is
left, and hands it to any widget with the same key on the next page. Names shared on purpose
(:data:`SHARED_PARAMS`: the same control wherever it appears) may carry over; every other
bound key is page-local, and a carried value could be invalid there (``width`` = 64 from 梯度消失
is above the 训练实验 page's maximum of 32, which raised). The page's URL still seeds it.
The error boundary (:mod:`ui.errors`) calls :func:`start_page` first in every page run.
"""

from __future__ import annotations

import streamlit as st

from views.url_keys import SHARED_PARAMS, bound_keys

CARRIED = "_lab_carried"  # session: {key: (value, page)}, the last value each page gave
_PAGE = "_lab_page"  # session state: the page of the previous run
_OPENED_FROM = "_lab_opened_from"  # session: the page left, in the run a switch opens


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
    any widget seeds from it (``seed`` = 3 on /vanishing is not /glu's seed). Streamlit would
    do this from its bindings, which :func:`ui.links.forget_bindings` clears so that Back keeps
    a page's URL whole; shared names (β …) stay, as their values follow the reader."""
    params = getattr(widget_state(), "query_params", None)
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


def widget_state():
    """Streamlit's session state behind ``st.session_state`` (widget ids, metadata, values)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(getattr(ctx, "session_state", None), "_state", None)
