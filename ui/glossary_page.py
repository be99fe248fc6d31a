"""The 术语表 page's body: the search box and the table of the terms it finds.

The terms and the search are :mod:`views.glossary` (pure). The count and the table are ONE
Markdown element, made once per language, query and link suffix.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

import streamlit as st

from ui.gated_page import caption, joined
from ui.i18n import current_lang, t
from ui.layout import url_state
from views.glossary import search, terms
from views.strings import translate
from views.url_keys import in_url


def query() -> str:
    """The search box (URL ``q``)."""
    return st.text_input(
        t("glossary.search"),
        **in_url("q"),
        placeholder=t("glossary.placeholder"),
        icon=":material/search:",
    )


@lru_cache(maxsize=256)
def found_markdown(lang: str, query: str, suffix: str) -> str:
    """How many terms match ``query``, and those terms as a table: the reader's language first,
    the other beside it, the definition, and a link to the page that shows each (``suffix``
    keeps the reader's language and mode). Empty when nothing matches."""
    found = search(terms(), query)
    if not found:
        return ""
    first, second = ("en", "zh") if lang == "en" else ("zh", "en")
    words = [translate(f"glossary.col_{key}", lang) for key in (first, second, "def", "page")]
    rows = ["| " + " | ".join(words) + " |", "|---|---|---|---|"]
    for term in found:
        target = "./" if term.page == "home" else f"./{term.page}"
        link = f"[{translate(f'nav.{term.page}', lang)}]({target}{suffix})"
        names = (f"**{getattr(term, first)}**", getattr(term, second))
        rows.append(f"| {names[0]} | {names[1]} | {term.definition(lang)} | {link} |")
    count = translate("glossary.count", lang, shown=len(found), total=len(terms()))
    return joined(caption(count), "\n".join(rows))


def results(text: str) -> None:
    """The terms that match ``text``, or a note that none does."""
    state = url_state()
    suffix = f"?{urlencode(state)}" if state else ""
    found = found_markdown(current_lang(), text or "", suffix)
    if found:
        st.markdown(found, unsafe_allow_html=True)
        return
    st.caption(t("glossary.count", shown=0, total=len(terms())))
    # not st.stop(): the references below the page still show
    st.info(t("glossary.none", query=text.replace("$", r"\$")))
