"""Every figure on a 390×844 phone (touch, device scale 2), as a student in a lecture hall
sees it (issue 19): each plot area at least 0.85 of the screen's width, nothing scrolling
sideways, and a finger dragged across a chart scrolling the page rather than the chart."""

from __future__ import annotations

import pytest

from tests.support.browser import never_seen, wait_for_app
from tests.support.visits import side_by_side

PLOT_SHARE = 0.85  # of the screen's width, for Plotly's plotting rectangle (not the whole chart)
TIMEOUT = 180_000  # a cold server computes the SymPy facts behind the prose first
# Every page with figures; the playground draws after 训练, the quiz after 揭晓答案.
PAGES = (
    "",
    "sigmoid",
    "relu",
    "swish?beta=2",
    "more",
    "hardware",
    "hardware?fn=SELU",
    "compare",
    "glu",
    "swiglu",
    "softmax",
    "vanishing",
    "dying-relu",
    "playground?epochs=60&width=4&layers=1",
    "regions",
    "regions?act=Swish&depth=3",
    "custom",
    "quiz",
)

# Each plot's plotting rectangles (one per panel), measured once Plotly has drawn them.
PLOT_AREAS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot =>
    [...plot.querySelectorAll('.nsewdrag')].map(drag => drag.getBoundingClientRect().width))"""
# The page scrolls inside Streamlit's main container, not the document: the largest offset.
SCROLLED = """() => Math.max(window.scrollY,
    ...[...document.querySelectorAll('*')].map(element => element.scrollTop))"""


def open_phone_page(phone, app_url: str, path: str):
    page = phone.page
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{app_url}/{path}")
    wait_for_app(page, TIMEOUT)
    return draw_first(page, path)


def draw_first(page, path: str):
    """On a loaded page: train the playground, reveal the quiz's answer, then wait until
    Plotly has drawn a plotting area."""
    if path.startswith("playground"):
        page.get_by_role("button", name="训练", exact=True).click()
        wait_for_app(page, TIMEOUT)
    elif path == "quiz":
        page.locator('[data-testid="stRadio"] [role="radiogroup"] label').first.click()
        wait_for_app(page, TIMEOUT)
        page.get_by_role("button", name="揭晓答案").click()
        wait_for_app(page, TIMEOUT)
    page.wait_for_selector(".js-plotly-plot .nsewdrag")
    return page


def draw_every_chart(page) -> int:
    """Scroll each chart into view and wait until Plotly has drawn its plotting area."""
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        chart.locator(".nsewdrag").first.wait_for(state="attached")
    return charts.count()


def errors(phone) -> list[str]:
    """What a user must never see, less the 404s of Streamlit's base-path probe on a deep link."""
    return without_probes(never_seen(phone))


def without_probes(seen: list[str]) -> list[str]:
    return [
        problem
        for problem in seen
        if not (problem.startswith("console: Failed to load resource") and "404" in problem)
    ]


SIDE_BY_SIDE = 3  # phone tabs loading pages at the same time


def _widths(path: str):
    """What the width test reads on a loaded phone tab: charts drawn, their plotting areas,
    the screen's width and the document's."""

    def read(tab) -> tuple[int, list[list[float]], int, int]:
        tab.set_default_timeout(TIMEOUT)
        draw_first(tab, path)
        count = draw_every_chart(tab)
        areas = tab.evaluate(PLOT_AREAS)
        return (
            count,
            areas,
            tab.evaluate("innerWidth"),
            tab.evaluate("document.documentElement.scrollWidth"),
        )

    return read


@pytest.fixture(scope="module")
def phone_pages(tab_pool, app_url):
    """Every path of :data:`PAGES` opened on a phone and measured, :data:`SIDE_BY_SIDE` tabs
    loading at a time, on the first ask (``tests/support/visits.py``): ``path -> (what
    :func:`_widths` read, or the exception that stopped it; what a user must never see)``."""
    found: dict[str, tuple] = {}

    def measured(path: str) -> tuple:
        if not found:
            jobs = [(f"{app_url}/{each}", _widths(each)) for each in PAGES]
            tabs = tab_pool.take("phone", SIDE_BY_SIDE)
            found.update(zip(PAGES, side_by_side(tabs, jobs, TIMEOUT), strict=True))
        return found[path]

    return measured


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.split("?")[0] or "home")
def test_every_figure_has_the_phones_width(phone_pages, path):
    read, seen = phone_pages(path)
    if isinstance(read, BaseException):
        raise AssertionError(f"/{path} on a phone") from read
    count, areas, width, document_width = read
    assert count >= 1
    assert width == 390 and len(areas) == count
    narrowest = [min(panels) / width for panels in areas]
    assert all(panels for panels in areas), "a chart without a plotting area"
    assert min(narrowest) >= PLOT_SHARE, [round(share, 3) for share in narrowest]
    assert document_width <= width, "sideways scroll"
    assert without_probes(seen) == []


@pytest.mark.parametrize("path", ["swish?beta=2", ""], ids=["swish", "home"])
def test_a_finger_dragged_over_a_chart_scrolls_the_page(phone, app_url, path):
    """A touch drag starting on the plot scrolls the page and leaves the axes as they were
    (Plotly's drag modes would pan or zoom the chart and keep the page still)."""
    page = open_phone_page(phone, app_url, path)
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    drag = chart.locator(".nsewdrag").first
    box = drag.bounding_box()
    ranges = "plot => [plot._fullLayout.xaxis.range, plot._fullLayout.yaxis.range]"
    before, scrolled = chart.evaluate(ranges), page.evaluate(SCROLLED)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8
    cdp = page.context.new_cdp_session(page)  # real touch input, through Chromium's pipeline
    try:
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
        )
        for step in range(1, 11):  # a 250 px swipe upwards
            point = {"x": x, "y": y - 25 * step}
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()
    page.wait_for_function(f"() => ({SCROLLED})() > {scrolled} + 100", timeout=10_000)
    assert chart.evaluate(ranges) == before
    assert errors(phone) == []
