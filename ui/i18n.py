"""The session's language (the sidebar switch, kept in the URL as ``?lang=``), and ``t``, which
words a string in it. The strings themselves, in either language, are :mod:`views.strings`
(no Streamlit); ``t("home.title")`` is ``translate("home.title", current_lang())``.
"""

from __future__ import annotations

import streamlit as st

from views.strings import DEFAULT_LANG, normalize_lang, translate

LANG_KEY = "lang"  # session-state key and URL query parameter


_RUN_MEMO = "_lab_lang"  # attribute on the script run's context: (the run's cursors, language)


def current_lang() -> str:
    """The language the session reads in: the sidebar switch, kept in the URL as ``?lang=``.

    Remembered for the rest of the run once chosen: a page asks ~100 times per run, and each
    read of session state takes its lock and walks its layers (~9 % of a function page's run).
    A run's context gets new ``cursors`` when a run starts, which ends the memo."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    memo = getattr(ctx, _RUN_MEMO, None)
    if memo is not None and memo[0] is ctx.cursors:
        return memo[1]
    chosen = st.session_state.get(LANG_KEY)
    lang = normalize_lang(chosen if chosen is not None else DEFAULT_LANG)
    if ctx is not None and chosen is not None:
        setattr(ctx, _RUN_MEMO, (ctx.cursors, lang))
    return lang


def forget_run_lang() -> None:
    """Drop the run's memo (the language switch's callback changes the choice mid-run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None and hasattr(ctx, _RUN_MEMO):
        delattr(ctx, _RUN_MEMO)


def t(key: str, **values: object) -> str:
    """The string ``key`` in the session's language."""
    return translate(key, current_lang(), **values)
