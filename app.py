"""激活函数实验室 (Activation Function Lab): the entry point Streamlit runs."""

# First, before the app's other imports (hence their E402 marks): every module imported and
# the heap frozen once per process, by this run or by the launcher's warm-up thread, which it
# waits for (ui/heap.py): two threads must not import the app's modules at once.
from ui.heap import freeze_startup_heap

freeze_startup_heap()

import streamlit as st  # noqa: E402

from ui.errors import page_boundary  # noqa: E402
from ui.layout import (  # noqa: E402
    app_pages,
    assets_delivered,
    sidebar_controls,
    write_url_state,
)
from ui.reconnect import watch_connection  # noqa: E402
from ui.routes import next_link  # noqa: E402
from ui.send_path import batch_event_loop_calls  # noqa: E402
from ui.share import share_control  # noqa: E402

st.set_page_config(page_title="激活函数实验室", page_icon="📈", layout="wide")
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
assets_delivered()  # this run reached its end: its styles and scripts need not come again
