"""The 线性区域 page in Chromium: the plane draws clean (no KaTeX error in its prose), and
moving the depth slider redraws the plane, its count and the URL."""

from __future__ import annotations

import pytest

from experiments import regions
from tests.support.browser import never_seen, open_page, wait_for_app

pytestmark = pytest.mark.e2e
TIMEOUT = 180_000  # a cold server counts the growth table's 54 networks first
# The plane's title as Plotly drew it, and the count card's value.
PLANE_TITLE = """() => {
    const plot = document.querySelector('.st-key-regions_plane .js-plotly-plot');
    return plot && plot._fullLayout ? plot._fullLayout.title.text : null;
}"""
COUNT = "() => document.querySelector('.lab-cards .lab-value')?.textContent"


def test_plane_renders_and_the_depth_slider_redraws_it(watched, app_url):
    watched.page.set_default_timeout(TIMEOUT)
    page = open_page(watched, app_url, "regions?depth=2", timeout=TIMEOUT)
    page.wait_for_selector(".st-key-regions_plane .js-plotly-plot .main-svg")
    page.wait_for_selector(".katex")
    assert page.locator(".js-plotly-plot").count() == 3
    two = str(regions.plane("relu", 2, regions.DEFAULT_WIDTH).count)
    page.wait_for_function(f"() => ({COUNT})() === {two!r}")
    assert "2 层" in page.evaluate(PLANE_TITLE)
    thumb = page.get_by_role("slider", name="隐藏层数")
    thumb.focus()
    thumb.press("ArrowRight")  # 2 -> 3 layers
    wait_for_app(page, TIMEOUT)
    three = str(regions.plane("relu", 3, regions.DEFAULT_WIDTH).count)
    page.wait_for_function(f"() => ({COUNT})() === {three!r}")
    page.wait_for_function(f"() => ({PLANE_TITLE})().includes('3 层')")
    assert "depth=3" in page.url
    assert page.locator(".katex-error").count() == 0
    assert never_seen(watched) == []


def test_swish_shows_the_curvature_with_its_colour_bar(watched, app_url):
    watched.page.set_default_timeout(TIMEOUT)
    page = open_page(watched, app_url, "regions?act=Swish&lang=en", timeout=TIMEOUT)
    page.wait_for_selector(".st-key-regions_plane .js-plotly-plot .main-svg")
    page.wait_for_function(f"() => ({COUNT})() === 'None'")
    assert page.locator(".st-key-regions_plane .colorbar").count() == 1
    assert page.locator(".katex-error").count() == 0
    assert never_seen(watched) == []
