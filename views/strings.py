"""The UI strings table, in either language (no Streamlit: the pure views word with it).

Strings live in ``content/<lang>/ui/<namespace>.toml``; ``translate("home.title", "en")`` looks
up key ``title`` in ``content/en/ui/home.toml``. Both languages hold the same keys (a test
checks parity), so a lookup never falls back silently. The session's language, and ``t`` that
words in it, are :mod:`ui.i18n`'s.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"


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
    """Any value (from a URL, say) mapped to a supported language; unknown -> default.

    >>> normalize_lang("en"), normalize_lang("fr"), normalize_lang(None)
    ('en', 'zh', 'zh')
    """
    return value if value in LANGUAGES else DEFAULT_LANG


def translate(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values`` (``{name}`` placeholders).

    >>> translate("functions.heading", "en", name="Swish", params="β = 2")
    'Swish (β = 2)'
    """
    text = strings(lang)[key]
    return text.format(**values) if values else text


def function_name(key: str, lang: str) -> str:
    """A function's display name (a registry or gated key) in ``lang``."""
    return translate(f"names.function.{key}", lang)


def param_label(name: str, lang: str) -> str:
    """A parameter's widget label (``beta``, ``alpha``, ``negative_slope``) in ``lang``."""
    return translate(f"names.param.{name}", lang)
