"""What the gated pages share (GLU: :mod:`ui.glu_page`, SwiGLU: :mod:`ui.swiglu_page`): their
words by prefix, their prose in groups, and captions inside one Markdown element.

Every element costs the server a message per session and run, so a section's heading,
captions, tables and notes are joined into ONE ``st.markdown`` (:func:`markdown`); the pages
build that text once per language and values (``functools.lru_cache``).
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from ui.i18n import current_lang
from views.cards import CAPTION_CLASS
from views.content import sections
from views.strings import strings


def labels(prefix: str, lang: str | None = None) -> dict[str, str]:
    """All strings under ``prefix`` (``"glu.anim"``) in ``lang`` (the session's), short keys:
    made once per prefix and language, and only read."""
    return _labels(prefix, lang or current_lang())


@lru_cache(maxsize=64)
def _labels(prefix: str, lang: str) -> dict[str, str]:
    start = prefix + "."
    return {k[len(start) :]: v for k, v in strings(lang).items() if k.startswith(start)}


def split_prose(name: str, *sizes: int) -> list[tuple[str, ...]]:
    """The headings of ``content/<lang>/<name>.md`` in consecutive groups of ``sizes``, then
    the rest, so a page can put its figures between the sections they belong to."""
    return list(_split_prose(name, sizes, current_lang()))


@lru_cache(maxsize=16)  # the file is parsed once per page and language, not on every run
def _split_prose(name: str, sizes: tuple[int, ...], lang: str) -> tuple[tuple[str, ...], ...]:
    headings = tuple(sections(name, lang))
    groups, start = [], 0
    for size in sizes:
        groups.append(headings[start : start + size])
        start += size
    return (*groups, headings[start:])


def caption(*texts: str) -> str:
    """Markdown ``texts`` in a caption's type (``st.caption``'s look), as a block of a larger
    Markdown text: each a paragraph, Markdown and formulas still read inside (the blank lines).

    >>> print(caption("a", "b"))
    <div class="lab-caption">
    <BLANKLINE>
    a
    <BLANKLINE>
    b
    <BLANKLINE>
    </div>
    """
    body = "\n\n".join(texts)
    return f'<div class="{CAPTION_CLASS}">\n\n{body}\n\n</div>'


def joined(*parts: str) -> str:
    """Markdown parts (empty ones left out) as one text, a blank line between them."""
    return "\n\n".join(part for part in parts if part)


def markdown(*parts: str) -> None:
    """``parts`` as ONE Markdown element (HTML allowed: captions, cards, side-by-side cells)."""
    st.markdown(joined(*parts), unsafe_allow_html=True)
