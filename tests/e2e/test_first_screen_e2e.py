"""The point of each page on the first screen of a phone (390×844, mobile, touch).

On every page with a figure, the first chart starts within the first 844 px on first load
(the GLU animation and the SwiGLU calculator before the long prose), and the page never
scrolls sideways. The sidebar's page links fold the sidebar away after a tap, as Streamlit's
own navigation does, so the page chosen is not hidden behind the menu.
"""

from __future__ import annotations

import pytest

from harness.browser import FIGURE_PAGES, SCREEN, settled
from harness.browser import page_url as url_of
from tests.support.browser import never_seen
from views.navigation import nav_link_selector

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url_path", FIGURE_PAGES)
def test_first_figure_on_the_first_phone_screen(visits, url_path, lang):
    """The page's phone visit in ``lang`` (``tests/support/visits.py``: loaded once, measured
    before anything scrolled, and shared with the axe-core test)."""
    visit = visits.of(url_path)["phone", lang].read()
    top = visit.first_top
    assert top is not None, "no chart"
    assert top <= SCREEN, f"first figure at {top:.0f} px ({top / SCREEN:.2f} screens)"
    assert visit.sideways == 0, "the page scrolls sideways"
    assert visit.seen == []


def test_a_tap_on_a_page_link_folds_the_sidebar_on_a_phone(phone, app_url):
    page = phone.page
    page.goto(url_of(app_url, "sigmoid", "en"))
    settled(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_attribute("data-collapsed") == "true", "a phone starts with the page"
    page.locator('[data-testid="stExpandSidebarButton"]').tap()
    page.wait_for_selector('[data-testid="stSidebar"][data-collapsed="false"]')
    page.locator(nav_link_selector("relu")).tap()
    page.wait_for_url("**/relu?lang=en")
    settled(page)
    page.wait_for_selector('[data-testid="stSidebar"][data-collapsed="true"]', state="attached")
    assert page.locator("h1").first.inner_text() == "The ReLU family"
    assert never_seen(phone) == []
