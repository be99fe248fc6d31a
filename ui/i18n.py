"""The session's language (the sidebar switch, kept in the URL as ``?lang=``), and ``t``, which
words a string in it. The strings themselves, in either language, are :mod:`ui.strings`
(no Streamlit); ``t("home.title")`` is ``translate("home.title", current_lang())``.
"""

from __future__ import annotations

import streamlit as st

# Transitional re-exports (noqa F401): branches written before the split import CONTENT_DIR,
# LANGUAGES, function_name, param_label and strings from here; once all are merged, import them
# from ui.strings and drop them here (new code: ui.strings).
from ui.strings import (  # noqa: F401
    CONTENT_DIR,
    DEFAULT_LANG,
    LANGUAGES,
    function_name,
    normalize_lang,
    param_label,
    strings,
    translate,
)

LANG_KEY = "lang"  # session-state key and URL query parameter


def current_lang() -> str:
    """The language the session reads in: the sidebar switch, kept in the URL as ``?lang=``."""
    return normalize_lang(st.session_state.get(LANG_KEY, DEFAULT_LANG))


def t(key: str, **values: object) -> str:
    """The string ``key`` in the session's language."""
    return translate(key, current_lang(), **values)
