"""首页: every function at a glance, a conceptual path Sigmoid → SwiGLU, the dated timeline, and
how to teach with it."""

import streamlit as st

from ui import home_page as section
from ui.i18n import t
from ui.prefetch import prefetch_controls
from ui.render import prose, references
from views.home_figures import home_numbers

st.title(t("home.title"))
st.caption(t("home.subtitle"))
numbers = home_numbers()  # quoted by the strings of the sections below
prose("home", only=("",))
section.overview(numbers)
section.lineage(numbers)
section.timeline()
prose("home", only=(t("home.class_heading"),))
section.lesson(numbers)
prose("home", only=(t("home.features_heading"),))
references("home")
prefetch_controls()  # the next page's controls, fetched while the class reads this one
