"""激活函数实验室 (Activation Function Lab): the entry point Streamlit runs."""

import streamlit as st

from ui.errors import page_boundary
from ui.heap import freeze_startup_heap
from ui.i18n import t
from ui.layout import sidebar_controls, sidebar_navigation, write_url_state
from ui.navigation import PAGES
from ui.reconnect import watch_connection
from ui.routes import next_link
from ui.share import share_control

st.set_page_config(page_title="激活函数实验室", page_icon="📈", layout="wide")
freeze_startup_heap()  # once per process

sidebar_controls()
pages = {
    spec.url_path: st.Page(
        spec.file,
        title=t(f"nav.{spec.url_path}"),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.url_path == "home",
    )
    for spec in PAGES
}
# Streamlit's own sectioned sidebar puts <li>s in <div>s inside its <ul> (axe-core: `list`,
# `listitem`); the sections are drawn as headings over page links instead (ui/layout.py).
current = st.navigation(list(pages.values()), position="hidden")
sidebar_navigation(pages)
write_url_state()
share_control(current.url_path)  # a sidebar button: the class link and its QR code
with page_boundary(current.url_path):
    current.run()
next_link(current.url_path)  # pages opened from a lesson route end with its next stop
with st.sidebar:  # last: it tells the browser that the page's fragments are registered
    watch_connection()  # after a reconnect, runs the page in full once (ui/reconnect.py)
