"""The function pages in Chromium: clean renders, live sliders, deep links and bad links."""

from __future__ import annotations

import pytest

from tests.support.browser import never_seen, open_page, wait_for_app

pytestmark = pytest.mark.e2e
PAGES = ("sigmoid", "relu", "swish", "more", "hardware", "compare")
PLOT = ".js-plotly-plot"
# The first visit to a server computes the SymPy facts behind the prose (~15 s on an idle
# machine, much more on a busy CI runner): allow for it rather than flake.
TIMEOUT = 180_000


def visit(watched, app_url: str, path: str):
    watched.page.set_default_timeout(TIMEOUT)
    return open_page(watched, app_url, path, timeout=TIMEOUT)


def curve(page, name: str = "f(x)") -> list[float]:
    """The y values of the trace called ``name`` in the first plot, as the browser holds them."""
    return page.evaluate(
        """name => {
            const plot = document.querySelector('.js-plotly-plot');
            const trace = plot._fullData.find(t => t.name === name);
            return Array.from(trace.y, Number);
        }""",
        name,
    )


def slider_value(page, label: str) -> float:
    """The value of the slider labelled ``label`` (its thumb is an ``<input type=range>``)."""
    return float(page.get_by_role("slider", name=label).input_value())


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_clean(watched, app_url, name):
    page = visit(watched, app_url, name)
    page.wait_for_selector(f"{PLOT} .main-svg")
    assert page.locator(PLOT).count() >= 1
    assert page.locator("h1").first.inner_text().strip()
    page.wait_for_selector(".katex")  # formulas, or the prose's math on the compare page
    if name != "compare":
        assert page.locator(".lab-cards .lab-value").count() >= 2 + 8  # the probe, the facts
    assert never_seen(watched) == []


def test_moving_beta_changes_the_plotted_curve(watched, app_url):
    page = visit(watched, app_url, "swish")
    page.wait_for_selector(f"{PLOT} .main-svg")
    before = curve(page)
    thumb = page.get_by_role("slider", name="陡峭度 β")
    thumb.focus()
    for _ in range(5):
        thumb.press("ArrowRight")
    wait_for_app(page, TIMEOUT)
    page.wait_for_function(
        """before => {
            const plot = document.querySelector('.js-plotly-plot');
            const trace = plot && plot._fullData.find(t => t.name === 'f(x)');
            return trace && Number(trace.y[0]) !== before;
        }""",
        arg=before[0],
    )
    after = curve(page)
    assert slider_value(page, "陡峭度 β") == pytest.approx(1.5)
    assert len(after) == len(before) >= 900
    assert after != before
    assert "beta=1.5" in page.url
    assert never_seen(watched) == []


# the rest: tests/pages/test_hostile_params.py
@pytest.mark.parametrize("bad", ["abc", "1e999", "-5"])
def test_bad_beta_opens_with_the_default(watched, app_url, bad):
    page = visit(watched, app_url, f"swish?beta={bad}")
    page.wait_for_selector(f"{PLOT} .main-svg")
    assert slider_value(page, "陡峭度 β") == 1.0
    assert "β = 1）" in page.locator('[data-testid="stMain"] h3').first.inner_text()
    assert f"beta={bad}" not in page.url
    assert never_seen(watched) == []


def test_deep_link_opens_inside_the_app(watched, app_url):
    page = visit(watched, app_url, "relu?negative_slope=0.25")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("语言 / Language").count() == 1
    assert sidebar.get_by_text("逐元素激活函数").count() == 1
    assert slider_value(page, "负半轴斜率 a") == 0.25
    assert never_seen(watched) == []
