"""The browser's history, link by link: one entry per page visit, and Back returns to the
previous page as it was (its URL and its controls).

Streamlit's frontend adds an entry for every query-string change the server sends; arriving at
a page by a link, two came before the new page's own, both copies of the page being left with
its controls lost, so the first Back seemed to do nothing and the second showed β reset.
Navigation is driven by clicking a page link by its text, whichever navigation draws it.
"""

from __future__ import annotations

import pytest

from tests.support.browser import Watched, never_seen, open_page, wait_for_app
from views.strings import translate

pytestmark = pytest.mark.e2e

ENTRIES = "() => history.length"


@pytest.fixture
def watched(browser_context, app_url):
    """A tab of its own: Chromium stops counting ``history.length`` at 50 entries, which the
    suite's shared tab reaches when many browser tests run before these."""
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    watched = Watched(page)
    yield watched
    watched.stop()
    page.close()


def go(page, url_path: str) -> None:
    """Click the link to ``url_path``'s page by its title, and wait for that page to settle."""
    page.get_by_role("link", name=translate(f"nav.{url_path}", "zh"), exact=True).first.click()
    page.wait_for_url(f"**/{url_path}**")
    wait_for_app(page, 60_000)


def back(page, url_path: str) -> None:
    page.go_back()
    page.wait_for_url(f"**/{url_path}**")
    wait_for_app(page, 60_000)


def beta_shown(page) -> str:
    """The β slider's value as the page shows it."""
    label = translate("names.param.beta", "zh")
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=label).first
    return slider.locator('[data-testid="stSliderThumbValue"]').inner_text()


def test_one_entry_per_visit_and_back_restores_the_page(watched, app_url):
    page = open_page(watched, app_url, "swish?beta=0", timeout=90_000)
    start = page.evaluate(ENTRIES)
    go(page, "glu")
    assert page.evaluate(ENTRIES) == start + 1
    assert beta_shown(page) == "0.00"  # β follows the reader, and says where it came from
    carried = translate("app.carried", "zh", value="β = 0", page=translate("nav.swish", "zh"))
    assert page.get_by_text(carried).is_visible()
    go(page, "vanishing")
    assert page.evaluate(ENTRIES) == start + 2
    back(page, "glu")
    assert "beta=0" in page.url and beta_shown(page) == "0.00"
    back(page, "swish")
    assert "beta=0" in page.url and beta_shown(page) == "0.00"
    assert page.evaluate(ENTRIES) == start + 2  # Back moved along the entries, added none
    assert never_seen(watched) == []


def test_a_page_left_behind_keeps_its_own_controls(watched, app_url):
    """The last page's own controls do not follow a link: /vanishing's seed is not /glu's."""
    page = open_page(watched, app_url, "vanishing?seed=3&depth=30", timeout=90_000)
    go(page, "glu")
    assert "seed" not in page.url and "depth" not in page.url
    seed = page.get_by_role("spinbutton", name=translate("glu.seed", "zh"))
    assert seed.input_value() == "0"
    assert never_seen(watched) == []
