"""A fresh server's first visit: it needs a process no one has visited yet, so it starts its own."""

from __future__ import annotations

from harness.server import streamlit_server
from tests.support.browser import VIEWPORT, Watched, never_seen, wait_for_app
from views.navigation import PAGES

# The one cold server of the browser suite: /dying-relu is served from app_pages/dying_relu.py
# (a URL that is not a file name: only st.navigation's map can route it).
PATH = "dying-relu?lang=en&seed=3"


def test_first_visit_to_a_fresh_server_can_be_a_deep_link(browser):
    """A link pasted into a chat is often the first request a (re)started server sees: the
    page must still come with the sidebar controls and the error boundary of ``app.py``."""
    with streamlit_server() as (url, _):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            page.set_default_timeout(120_000)
            watched = Watched(page)
            page.goto(f"{url}/{PATH}")
            wait_for_app(page, 120_000)
            page.locator(".js-plotly-plot .main-svg").first.wait_for()
            assert page.get_by_text("语言 / Language").count() == 1  # drawn by app.py
            links = page.locator('a[data-testid="stSidebarNavLink"]')
            assert links.count() == len(PAGES)  # the sidebar's page links
            assert page.url.startswith(f"{url}/dying-relu?")
            assert "lang=en" in page.url
            assert never_seen(watched) == []
        finally:
            context.close()
