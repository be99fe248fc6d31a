"""The app's styles and scripts come with a session's first full run only
(``ui.layout.PAGE_ASSETS``): once a later full run has removed that element, the page keeps
them. Checked on the styles (the sidebar's session controls stay pinned at its bottom, the
cards keep their grid), the navigation roles the page script gives, and the connection
watcher, which must still receive each full run's token."""

from __future__ import annotations

import pytest

from tests.support.browser import never_seen, open_page, wait_for_app
from ui.i18n import translate
from ui.prefetch import CONTROLS, chunks, preloaded, static_js

pytestmark = pytest.mark.e2e

SLOW = 120_000
ASSETS = '[data-testid="stSidebar"] [data-testid="stHtml"]'
STATE = """() => ({
  styles: !!document.getElementById("lab-styles"),
  pinned: getComputedStyle(
    document.querySelector('[data-testid="stSidebarUserContent"]')).position,
  cards: getComputedStyle(document.querySelector(".lab-cards")).display,
  navigation: document.querySelector('[data-testid="stSidebarNavItems"]')?.getAttribute("role"),
  watching: typeof window.labWatch === "function" && !!window.labReconnect?.observer,
  run: window.labReconnect?.run,
})"""


def test_styles_and_scripts_stay_after_the_run_that_no_longer_sends_them(watched, app_url):
    page = open_page(watched, app_url, "swish", timeout=SLOW)
    page.wait_for_selector(".lab-cards", timeout=SLOW)
    first = page.evaluate(STATE)
    assert first["styles"] and first["pinned"] == "sticky" and first["cards"] == "grid"
    assert first["navigation"] == "none" and first["watching"] and first["run"]
    assert page.locator(ASSETS).count() == 1
    # a full run (the language): it sends no assets, so at its end the element is gone
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.wait_for_url("**lang=en**")
    wait_for_app(page, SLOW)
    page.wait_for_function("sel => !document.querySelector(sel)", arg=ASSETS, timeout=SLOW)
    assert page.locator("h1").first.inner_text() == translate("nav.swish", "en")
    after = page.evaluate(STATE)
    assert {k: after[k] for k in ("styles", "pinned", "cards", "navigation", "watching")} == {
        "styles": True,
        "pinned": "sticky",
        "cards": "grid",
        "navigation": "none",
        "watching": True,
    }
    assert after["run"] != first["run"]  # the watcher's mount reached it with the new token
    assert never_seen(watched) == []


PREFETCHED = """names => performance.getEntriesByType("resource")
  .filter(entry => entry.initiatorType === "link" && names.some(name => entry.name.endsWith(name))
    && entry.responseEnd > 0).length"""
FETCHED_AGAIN = """names => performance.getEntriesByType("resource")
  .filter(entry => entry.initiatorType !== "link" && entry.transferSize > 0
    && names.some(name => entry.name.endsWith(name))).map(entry => entry.name)"""


def test_home_prefetches_the_controls_the_next_page_draws(watched, app_url):
    """Home asks for the controls' scripts once drawn; the next page takes them from the cache."""
    names = list(chunks(static_js(), CONTROLS, preloaded(static_js().parent.parent / "index.html")))
    page = open_page(watched, app_url, "", timeout=SLOW)
    page.wait_for_function(
        f"names => ({PREFETCHED})(names) === names.length", arg=names, timeout=SLOW
    )
    assert page.locator('link[rel="prefetch"]').count() == len(names)
    page.locator('[data-testid="stSidebarNav"] a[href$="/sigmoid"]').click()
    page.wait_for_selector('[data-testid="stSlider"]', timeout=SLOW)
    slider = next(name for name in names if name.startswith("Slider."))
    assert page.evaluate(f"names => ({PREFETCHED})(names)", [slider]) == 1
    assert page.evaluate(f"({FETCHED_AGAIN})", names) == []
    assert never_seen(watched) == []
