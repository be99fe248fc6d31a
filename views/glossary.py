"""The glossary: terms from ``content/glossary.toml`` and a forgiving search over them.

Each entry has a Chinese term (the app's wording), an English term, a one-line definition in
both languages, and the ``url_path`` of the page that shows it. No Streamlit here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from views.strings import CONTENT_DIR

GLOSSARY_FILE = CONTENT_DIR / "glossary.toml"


@dataclass(frozen=True)
class Term:
    zh: str
    en: str
    page: str  # url_path of the page that shows the term
    def_zh: str
    def_en: str

    def definition(self, lang: str) -> str:
        """The one-line definition in ``lang`` (``zh`` or ``en``)."""
        return self.def_en if lang == "en" else self.def_zh

    def haystack(self) -> str:
        """Everything a search looks at, lower-cased: both terms and both definitions."""
        return " ".join((self.zh, self.en, self.def_zh, self.def_en)).casefold()


@cache
def terms() -> tuple[Term, ...]:
    """All entries, in file order (the order a lecture meets them)."""
    with GLOSSARY_FILE.open("rb") as handle:
        return tuple(Term(**entry) for entry in tomllib.load(handle)["term"])


def search(entries: tuple[Term, ...], query: str | None) -> list[Term]:
    """Entries whose terms or definitions contain every word of ``query`` (any case).

    Matches in the terms come first, then matches only in a definition; each group keeps file
    order. Searching both languages lets a student type ``gradient`` on the Chinese page.

    >>> [term.zh for term in search(terms(), "vanishing")]
    ['梯度消失', '光滑']
    >>> len(search(terms(), "")) == len(terms())
    True
    """
    words = (query or "").casefold().split()
    found = [term for term in entries if all(word in term.haystack() for word in words)]
    return sorted(found, key=lambda term: not _names_match(term, words))


def _names_match(term: Term, words: list[str]) -> bool:
    names = f"{term.zh} {term.en}".casefold()
    return all(word in names for word in words)
