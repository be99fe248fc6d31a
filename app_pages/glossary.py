"""术语表: Chinese and English terms, one-line definitions, and the page that shows each."""

from urllib.parse import urlencode

import streamlit as st

from ui.glossary import search, terms
from ui.i18n import current_lang, t
from ui.layout import url_state
from ui.render import references
from ui.url_keys import in_url

lang = current_lang()
st.title(t("nav.glossary"))
st.caption(t("glossary.intro"))

query = st.text_input(
    t("glossary.search"),
    **in_url("q"),
    placeholder=t("glossary.placeholder"),
    icon=":material/search:",
)
found = search(terms(), query)
st.caption(t("glossary.count", shown=len(found), total=len(terms())))
suffix = f"?{urlencode(url_state())}" if url_state() else ""
first, second = ("en", "zh") if lang == "en" else ("zh", "en")
header = [t(f"glossary.col_{first}"), t(f"glossary.col_{second}"), t("glossary.col_def")]
rows = [
    "| " + " | ".join([*header, t("glossary.col_page")]) + " |",
    "|---|---|---|---|",
]
for term in found:
    target = "./" if term.page == "home" else f"./{term.page}"
    link = f"[{t(f'nav.{term.page}')}]({target}{suffix})"
    names = (f"**{getattr(term, first)}**", getattr(term, second))
    rows.append(f"| {names[0]} | {names[1]} | {term.definition(lang)} | {link} |")
if found:
    st.markdown("\n".join(rows))
else:  # not st.stop(): the references below the page still show
    st.info(t("glossary.none", query=query.replace("$", r"\$")))
references("glossary")
