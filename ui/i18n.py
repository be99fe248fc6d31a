"""The UI strings table and the current language.

Strings live in ``content/<lang>/ui/<namespace>.toml``; ``t("home.title")`` looks up key
``title`` in ``content/<lang>/ui/home.toml``. Both languages hold the same keys (a test
checks parity), so a lookup never falls back silently.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_KEY = "lang"  # session-state key and URL query parameter


@cache
def strings(lang: str) -> dict[str, str]:
    """All UI strings of one language, flattened to ``namespace.key``."""
    table: dict[str, str] = {}
    for path in sorted((CONTENT_DIR / lang / "ui").glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(tomllib.load(handle), path.stem, table)
    return table


def _flatten(tree: dict, prefix: str, out: dict[str, str]) -> None:
    for key, value in tree.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(value, name, out)
        else:
            out[name] = str(value)


def normalize_lang(value: object) -> str:
    """Any value (from a URL, say) mapped to a supported language; unknown -> default."""
    return value if value in LANGUAGES else DEFAULT_LANG


_RUN_MEMO = "_lab_lang"  # attribute on the script run's context: (the run's cursors, language)


def current_lang() -> str:
    """The language the session reads in: the sidebar switch, kept in the URL as ``?lang=``.

    Remembered for the rest of the run once chosen: a page asks ~100 times per run, and each
    read of session state takes its lock and walks its layers (~9 % of a function page's run).
    A run's context gets new ``cursors`` when a run starts, which ends the memo."""
    import streamlit as st
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


def translate(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values`` (``{name}`` placeholders)."""
    text = strings(lang)[key]
    return text.format(**values) if values else text


def t(key: str, **values: object) -> str:
    """The string ``key`` in the session's language."""
    return translate(key, current_lang(), **values)


def function_name(key: str, lang: str) -> str:
    """A function's display name (a registry or gated key) in ``lang``."""
    return translate(f"names.function.{key}", lang)


def param_label(name: str, lang: str) -> str:
    """A parameter's widget label (``beta``, ``alpha``, ``negative_slope``) in ``lang``."""
    return translate(f"names.param.{name}", lang)
