"""The 硬件友好与自归一化 page in Chromium: it renders clean (no KaTeX error), and moving the
depth slider of SELU's deep network redraws that figure and writes the URL."""

from __future__ import annotations

import pytest

from tests.support.browser import never_seen, open_page, wait_for_app

pytestmark = pytest.mark.e2e
TIMEOUT = 180_000  # a cold server derives the SymPy facts and runs the network first
# The SELU variance trace of the moments figure (the chart whose second y axis is logarithmic).
LAYERS = """() => {
    const plot = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p._fullLayout && p._fullLayout.yaxis2 && p._fullLayout.yaxis2.type === 'log');
    const trace = plot && plot._fullData.find(t => t.name === 'SELU' && t.yaxis === 'y2');
    return trace ? trace.x.length : null;
}"""


def test_selu_network_renders_and_the_depth_slider_redraws_it(watched, app_url):
    watched.page.set_default_timeout(TIMEOUT)
    page = open_page(watched, app_url, "hardware?fn=SELU", timeout=TIMEOUT)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_selector(".katex")
    page.wait_for_function(f"() => ({LAYERS})() === 51")
    assert page.locator(".katex-error").count() == 0
    thumb = page.get_by_role("slider", name="层数")
    thumb.focus()
    thumb.press("ArrowRight")  # step 5: 50 -> 55 layers
    wait_for_app(page, TIMEOUT)
    page.wait_for_function(f"() => ({LAYERS})() === 56")
    assert "depth=55" in page.url
    assert page.locator(".katex-error").count() == 0
    assert never_seen(watched) == []


def test_default_view_draws_hard_swish_against_swish(watched, app_url):
    watched.page.set_default_timeout(TIMEOUT)
    page = open_page(watched, app_url, "hardware?lang=en", timeout=TIMEOUT)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2"
    )
    names = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
            .flatMap(p => (p._fullData || []).map(t => t.name))"""
    )
    assert "Hard Swish" in names and "Swish / SiLU" in names
    assert page.locator(".katex-error").count() == 0
    assert never_seen(watched) == []
