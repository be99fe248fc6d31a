"""The 实验 pages in a real browser: charts draw, 训练 trains, and nothing a user must never see."""

from __future__ import annotations

import pytest

from tests.support.browser import open_page, problems, wait_for_app
from views.navigation import nav_link_selector

pytestmark = pytest.mark.e2e

PLOTS = ".js-plotly-plot"
# The traces Plotly actually drew (``_fullData``: typed arrays already decoded), read back from
# the chart element in the page.
DRAWN_TRACES = """(index) => {
    const plot = document.querySelectorAll('.js-plotly-plot')[index];
    return plot._fullData.map(trace => ({name: trace.name, showlegend: trace.showlegend,
        type: trace.type, y: Array.from(trace.y || [])}));
}"""


def test_vanishing_page_draws_its_chart(watched, probes, app_url):
    page = open_page(watched, app_url, "vanishing", timeout=120_000)
    page.wait_for_selector(f"{PLOTS} .main-svg", timeout=120_000)
    assert page.locator(PLOTS).count() == 1
    assert problems(watched, probes) == []


def test_dying_relu_page_draws_its_charts(watched, probes, app_url):
    page = open_page(watched, app_url, timeout=120_000)  # reached through the sidebar
    page.locator(nav_link_selector("dying-relu")).click()
    page.wait_for_url("**/dying-relu**")
    wait_for_app(page, timeout=120_000)
    page.wait_for_selector(f"{PLOTS} .main-svg", timeout=120_000)
    assert page.locator(PLOTS).count() == 3
    assert problems(watched, probes) == []


def test_vanishing_control_change_redraws(watched, probes, app_url):
    page = open_page(watched, app_url, "vanishing?depth=5", timeout=120_000)
    page.wait_for_selector(f"{PLOTS} .main-svg", timeout=120_000)
    traces = page.evaluate(DRAWN_TRACES, 0)
    assert len(traces[0]["y"]) == 5
    relu_at_input = traces[2]["y"][0]  # He init lifts ReLU's gradient at layer 1
    page.get_by_text("He", exact=True).click()
    page.wait_for_url("**init=He**", timeout=60_000)
    page.wait_for_function(
        "(before) => document.querySelector('.js-plotly-plot')._fullData[2].y[0] > 2 * before",
        arg=relu_at_input,
        timeout=120_000,
    )
    wait_for_app(page, timeout=120_000)
    assert problems(watched, probes) == []


def test_vanishing_recommended_gain_keeps_tanhs_forward_signal(watched, probes, app_url):
    page = open_page(watched, app_url, "vanishing", timeout=120_000)
    page.wait_for_selector(f"{PLOTS} .main-svg", timeout=120_000)
    traces = page.evaluate(DRAWN_TRACES, 0)
    forward = [
        index
        for index, trace in enumerate(traces)
        if trace["name"] == "Tanh" and trace["showlegend"] is False
    ]
    (tanh,) = forward
    y = traces[tanh]["y"]
    assert len(y) == 20 and y[-1] / y[0] < 0.1  # Xavier, gain 1: tanh's signal fades
    titles = page.locator(f"{PLOTS} .annotation-text").all_text_contents()
    assert any(title.startswith("前向") for title in titles), titles
    page.get_by_text("按激活函数取推荐增益", exact=True).click()
    page.wait_for_url("**recommended_gain=true**", timeout=60_000)
    page.wait_for_function(
        """(index) => {
            const y = document.querySelector('.js-plotly-plot')._fullData[index].y;
            return y[y.length - 1] / y[0] > 0.5;
        }""",
        arg=tanh,
        timeout=120_000,
    )
    wait_for_app(page, timeout=120_000)
    assert "1.6667" in page.locator("table").first.inner_text()  # tanh's gain 5/3
    assert problems(watched, probes) == []


def test_vanishing_residual_and_rmsnorm_switches_level_the_gradient(watched, probes, app_url):
    page = open_page(watched, app_url, "vanishing?depth=50", timeout=120_000)
    page.wait_for_selector(f"{PLOTS} .main-svg", timeout=120_000)
    sigmoid = page.evaluate(DRAWN_TRACES, 0)[0]
    assert sigmoid["name"] == "Sigmoid" and sigmoid["y"][0] / sigmoid["y"][-1] < 1e-20
    assert page.locator(".lab-cards").count() == 0  # nothing to compare at the defaults
    page.locator(".st-key-residual").get_by_text("残差连接", exact=True).click()
    page.wait_for_url("**residual=true**", timeout=60_000)
    page.wait_for_function(  # the sigmoid's gradient reaches layer 1 through the identity path
        "() => { const y = document.querySelector('.js-plotly-plot')?._fullData?.[0]?.y;"
        " return !!y && y[0] / y[y.length - 1] > 0.1; }",  # no chart mid-redraw: wait
        timeout=120_000,
    )
    page.locator(".st-key-norm").get_by_text("RMSNorm", exact=True).click()
    page.wait_for_url("**norm=RMSNorm**", timeout=60_000)
    page.wait_for_function(  # every activation about level: the curves span a factor < 10
        """() => document.querySelector('.js-plotly-plot')?._fullData  // null mid-redraw
            ?.filter(trace => trace.showlegend !== false && trace.y)
            .every(trace => Math.max(...trace.y) / Math.min(...trace.y) < 10)
            && document.querySelector('.js-plotly-plot').textContent.includes('RMSNorm')
            && document.querySelector('.lab-cards')?.parentElement.innerText.includes('RMSNorm')""",
        timeout=120_000,
    )
    wait_for_app(page, timeout=120_000)
    assert page.locator(".katex").count() > 0 and page.locator(".katex-error").count() == 0
    assert problems(watched, probes) == []


def test_clicking_train_draws_falling_loss_curves(watched, probes, app_url):
    page = open_page(watched, app_url, "playground?epochs=200&width=6", timeout=120_000)
    assert page.locator(PLOTS).count() == 0
    page.get_by_role("button", name="训练", exact=True).click()
    page.wait_for_selector(f"{PLOTS} .main-svg", timeout=120_000)
    wait_for_app(page, timeout=120_000)
    assert page.locator(PLOTS).count() == 5  # the loss curves, a decision map per activation
    traces = page.evaluate(DRAWN_TRACES, 0)
    train_curves = [trace for trace in traces if trace["showlegend"] is not False]
    assert [trace["name"] for trace in train_curves] == ["Sigmoid", "Tanh", "ReLU", "Swish / SiLU"]
    for trace in train_curves:
        assert trace["y"][-1] < trace["y"][0], trace["name"]
    for index in range(1, 5):
        boundary = page.evaluate(DRAWN_TRACES, index)
        assert [trace["type"] for trace in boundary] == ["heatmap", "scatter", "scatter"]
    assert problems(watched, probes) == []
