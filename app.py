"""激活函数实验室 (Activation Function Lab): the entry point Streamlit runs."""

import streamlit as st

from ui.errors import page_boundary
from ui.heap import freeze_startup_heap
from ui.layout import app_pages, sidebar_controls, write_url_state
from ui.reconnect import watch_connection
from ui.routes import next_link
from ui.send_path import batch_event_loop_calls
from ui.share import share_control

st.set_page_config(page_title="激活函数实验室", page_icon="📈", layout="wide")
freeze_startup_heap()  # once per process
batch_event_loop_calls()  # once per process: one loop wake-up per batch of messages

sidebar_controls()
# Streamlit's own sidebar navigation: it travels in one message per run, where page links
# under headings cost ~22 elements (ui/layout.py makes its markup valid for assistive tools).
current = st.navigation(app_pages(), position="sidebar", expanded=True)
write_url_state()
share_control(current.url_path)  # a sidebar button: the class link and its QR code
with page_boundary(current.url_path):
    current.run()
next_link(current.url_path)  # pages opened from a lesson route end with its next stop
with st.sidebar:  # last: it tells the browser that the page's fragments are registered
    watch_connection()  # after a reconnect, runs the page in full once (ui/reconnect.py)
