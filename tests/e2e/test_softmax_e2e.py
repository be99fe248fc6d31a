"""The softmax page in Chromium: its figures and formulas render, the overflow slider breaks
the textbook formula live, and nothing a user must never see appears."""

from __future__ import annotations

import pytest

from tests.support.browser import open_page, problems, wait_for_app

pytestmark = pytest.mark.e2e

PLOTS = ".js-plotly-plot"
TIMEOUT = 180_000  # a cold server derives the SymPy identity and the prose's numbers first


def test_softmax_page_renders_and_the_overflow_demo_goes_nan(watched, probes, app_url):
    page = open_page(watched, app_url, "softmax", timeout=TIMEOUT)
    page.set_default_timeout(TIMEOUT)
    page.wait_for_selector(f"{PLOTS} .main-svg")
    assert page.locator(PLOTS).count() == 4
    assert page.locator("h1").first.inner_text().strip() == "Softmax 与交叉熵"
    assert page.locator(".katex").count() >= 10  # the page's formulas and the prose's math
    assert page.locator(".katex-error").count() == 0
    table = page.locator("table").first
    assert "nan" not in table.inner_text()

    thumb = page.get_by_role("slider", name="给所有 logits 加上 c")
    thumb.focus()
    thumb.press("End")  # c = 1000: every exp(x + c) overflows
    page.wait_for_url("**offset=1000**")
    wait_for_app(page, TIMEOUT)
    page.wait_for_function(
        "() => document.querySelector('table').innerText.includes('nan')", timeout=TIMEOUT
    )
    assert "inf" in table.inner_text()
    assert page.locator(".katex-error").count() == 0
    assert problems(watched, probes) == []
