"""小测验: predict, reveal, see why and the plot; the score lives in session state."""

import streamlit as st

from ui import quiz_page as section
from ui.i18n import t
from ui.render import references
from views.quiz import question, question_ids
from views.url_keys import in_url

ids = question_ids()  # each question is built when first shown (its SymPy facts)
names = section.topic_names()

st.title(t("nav.quiz"))
st.caption(t("quiz.intro"))
section.scoreboard(ids)

number = st.pagination(len(ids), **in_url("question"), max_visible_pages=9)
shown = question(ids[number - 1])
revealed = shown.id in section.picks()
section.question_card(shown, number, names)
if revealed:
    section.answer(shown, names)
references("quiz")
