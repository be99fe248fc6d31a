"""术语表: Chinese and English terms, one-line definitions, and the page that shows each."""

import streamlit as st

from ui import glossary_page as section
from ui.i18n import t
from ui.render import references

st.title(t("nav.glossary"))
st.caption(t("glossary.intro"))
section.results(section.query())
references("glossary")
