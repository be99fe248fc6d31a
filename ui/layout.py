"""Session-wide controls in the sidebar: the language switch and lecture mode, both in the URL.

These two are not bound with ``bind="query-params"``: a bound segmented control writes its
*label* to the URL (``?lang=English``), and a bound toggle wants ``true``, while links in
slides say ``?lang=en`` and ``?lecture=1``. So the URL seeds the session once, and every run
writes the current choice back, which also carries it across page switches (Streamlit clears
the query string when the page changes).
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import DEFAULT_LANG, LANG_KEY, LANGUAGES, normalize_lang, t

LECTURE_KEY = "lecture"
_LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
_TRUE_WORDS = ("1", "true", "yes", "on")


def parse_lecture(value: object) -> bool:
    """``?lecture=1`` (or true/yes/on) switches lecture mode on; anything else leaves it off."""
    return isinstance(value, str) and value.strip().lower() in _TRUE_WORDS


def seed_from_url() -> None:
    """On a session's first run, take language and lecture mode from the URL."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalize_lang(st.query_params.get(LANG_KEY))
    if LECTURE_KEY not in st.session_state:
        st.session_state[LECTURE_KEY] = parse_lecture(st.query_params.get(LECTURE_KEY))


def sidebar_controls() -> None:
    """Draw the language switch and the lecture-mode toggle (shared by every page)."""
    seed_from_url()
    with st.sidebar:
        st.segmented_control(
            "语言 / Language",
            LANGUAGES,
            format_func=_LANGUAGE_NAMES.__getitem__,
            key=LANG_KEY,
            required=True,
        )
        st.toggle(t("app.lecture_mode"), key=LECTURE_KEY, help=t("app.lecture_mode_help"))


def write_url_state() -> None:
    """Mirror language and lecture mode into the URL (after navigation, which clears it)."""
    _set_param(LANG_KEY, st.session_state[LANG_KEY], DEFAULT_LANG)
    _set_param(LECTURE_KEY, "1" if st.session_state[LECTURE_KEY] else "0", "0")


def _set_param(name: str, value: str, default: str) -> None:
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def lecture_mode() -> bool:
    """Whether the projector-friendly style is on."""
    return bool(st.session_state.get(LECTURE_KEY, False))
