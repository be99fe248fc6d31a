"""首页: what activation functions are and what the lab offers."""

import streamlit as st

from ui.i18n import t
from ui.render import prose

st.title(t("home.title"))
st.caption(t("home.subtitle"))
prose("home")
