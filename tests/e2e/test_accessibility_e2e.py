"""Nothing an assistive tool flags: axe-core (WCAG 2.0/2.1 A and AA) on every page.

Each page is opened once per language on the desk (1400×1000) and once on a phone (390×844,
mobile, touch): a separate visit, since Streamlit lays the page out for the width it loads at
(the sidebar starts folded on a phone). The four visits of a page load side by side and are
shared with the phone's first-screen test (``visits``, ``tests/support/visits.py``). axe-core
comes from the ``axe-playwright-python`` package (its ``axe.min.js``), so nothing is fetched at
test time. The sidebar navigation is part of every page, so every visit checks it too.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from harness.browser import (
    describe,
    describe_violations,
    serious,
    serious_violations,
    settled,
    wait_for_chart,
)
from harness.browser import page_url as url_of
from tests.support.browser import never_seen
from views.navigation import PAGES, nav_link_selector

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url_path", [spec.url_path for spec in PAGES])
def test_no_serious_axe_violation_on_the_desk_and_on_a_phone(visits, url_path, lang):
    """The page's desk and phone visits in ``lang`` (``tests/support/visits.py``: each page
    opened once per viewport and language, its charts drawn before axe-core reads them, the
    first-screen test reading the same phone visits)."""
    for device in ("desk", "phone"):
        visit = visits.of(url_path)[device, lang].read()
        assert serious(visit.violations) == {}, f"{device}: {describe_violations(visit.violations)}"
    assert visits.of(url_path)["desk", lang].seen == visits.of(url_path)["phone", lang].seen == []


# The focused element: what it is, and whether it shows the focus: its own outline or ring, or
# (a text or number field) the primary-coloured border drawn around its box; a chart's
# toolbar button counts only if the toolbar is shown (it fades in on hover).
FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  let box = element.tagName === "INPUT" || element.tagName === "TEXTAREA" ? element : null;
  for (let up = 0; box && up < 3; up++, box = box.parentElement) {
    visible = visible || getComputedStyle(box).borderTopColor === "rgb(11, 110, 153)";
  }
  const toolbar = element.closest(".modebar");
  if (toolbar) visible = visible && getComputedStyle(toolbar).opacity === "1";
  const within = element.closest('[data-testid="stSidebar"]') ? "sidebar" : "main";
  return {tag: element.tagName, label: element.getAttribute("aria-label") || element.innerText,
          within, visible};
}"""


def _focus_ring(page) -> dict:
    """The focused element, once its focus shows (rings fade in) or after 2 s without."""
    with contextlib.suppress(PlaywrightTimeout):  # reported as a control whose focus is hidden
        page.wait_for_function(
            f"() => ({FOCUS_RING})().visible || document.activeElement.tagName === 'MAIN'",
            timeout=2_000,
        )
    return page.evaluate(FOCUS_RING)


def test_tab_reaches_the_navigation_and_the_controls_with_a_visible_focus(watched, app_url):
    page = watched.page
    page.goto(url_of(app_url, "swish", "en"))
    settled(page)
    stops = []
    for _ in range(45):
        page.keyboard.press("Tab")
        stops.append(_focus_ring(page))
    links = [stop for stop in stops if stop["tag"] == "A" and stop["within"] == "sidebar"]
    assert len(links) >= len(PAGES), "every page link in the sidebar takes the focus"
    assert any(stop["within"] == "main" and stop["tag"] == "INPUT" for stop in stops)
    # Chromium lets the keyboard focus a scrolling area (the main column) to scroll it: not a
    # control, and Streamlit gives it no ring.
    hidden = [stop for stop in stops if not stop["visible"] and stop["tag"] != "MAIN"]
    assert hidden == [], "every focused control shows it"
    # The focused link leads where it says: Enter on the glossary's link opens the glossary.
    page.locator(nav_link_selector("glossary")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary?lang=en")
    settled(page)
    assert never_seen(watched) == []


@pytest.mark.parametrize("url_path", ["softmax", "dying-relu"])
def test_lecture_mode_passes_axe_too(watched, app_url, url_path):
    """Lecture mode enlarges the text and folds the prose: captions keep their contrast."""
    page = watched.page
    page.set_default_timeout(120_000)
    page.goto(f"{url_of(app_url, url_path, 'zh')}?lecture=1")
    settled(page)
    wait_for_chart(page)
    assert page.locator('[data-testid="stSidebar"] input[type="checkbox"]').first.is_checked()
    assert serious_violations(page) == {}, describe(page)
    assert never_seen(watched) == []
