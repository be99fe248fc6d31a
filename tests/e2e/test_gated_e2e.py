"""The GLU and SwiGLU pages in a real browser: they render clean, the gating animation plays
client-side when 播放 is clicked, and the calculator shows LLaMA's 11008 for d_model 4096.

Pages are reached the way a student reaches them, through the sidebar: a deep link straight to
``/glu`` makes Streamlit's frontend first probe ``/glu/_stcore/…`` (a 404 in the console)
before it finds the server root.
"""

from __future__ import annotations

import pytest

from harness.browser import move_slider
from tests.support.browser import never_seen, open_page, wait_for_app
from views.cards import CARDS_CLASS
from views.navigation import nav_link_selector
from views.strings import translate

pytestmark = pytest.mark.e2e

CURRENT_FRAME = "() => document.querySelector('.slider-label').textContent"
TOKEN = translate("glu.anim.token", "zh")  # the frame label reads "词元 3 / 8"
# Plotly's own record of a running animation: its frame loop's request id, and queued frames.
ANIMATION_STOPPED = (
    "() => { const t = document.querySelector('.js-plotly-plot')._transitionData;"
    " return !t._animationRaf && t._frameQueue.length === 0; }"
)
WIDTHS = f".{CARDS_CLASS} .lab-value"  # the calculator's cards: ⌊⅔·4d⌋, then SwiGLU's d_ff
WIDTH_SHOWS = (
    "([selector, text]) => [...document.querySelectorAll(selector)]"
    ".some((card) => card.innerText.includes(text))"
)


def open_via_sidebar(watched, app_url: str, url_path: str, query: str = ""):
    page = open_page(watched, app_url, query, timeout=90_000)
    page.locator(nav_link_selector(url_path)).click()
    page.wait_for_url(f"**/{url_path}**")
    wait_for_app(page, 60_000)
    return page


def scroll_through(page) -> None:
    """Bring every chart and formula into view once, so lazy rendering happens."""
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)


def assert_glu_rendered(page) -> None:
    page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.wait_for()
    scroll_through(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 3
    assert page.locator(".katex").count() > 10


def test_glu_renders_clean_in_english(watched, app_url):
    page = open_via_sidebar(watched, app_url, "glu", "?lang=en")
    assert_glu_rendered(page)
    assert never_seen(watched) == []


def test_glu_renders_clean_and_its_animation_plays_and_pauses(watched, app_url):
    """One visit: the page draws clean, 播放 advances the frames client-side, 暂停 holds them."""
    page = open_via_sidebar(watched, app_url, "glu")
    assert_glu_rendered(page)
    assert never_seen(watched) == []

    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".updatemenu-button").first.wait_for()
    chart.scroll_into_view_if_needed()
    before = page.evaluate(CURRENT_FRAME)
    grip_before = chart.locator(".slider-grip-rect").get_attribute("transform")
    assert before.startswith(f"{TOKEN} 1 /")
    chart.locator(".updatemenu-button").filter(has_text="播放").click()
    page.wait_for_function(f"() => ({CURRENT_FRAME})() !== {before!r}", timeout=15_000)
    # The grip glides after the label changes: wait for the grip itself to have moved.
    page.wait_for_function(
        "(before) => document.querySelector('.slider-grip-rect').getAttribute('transform')"
        " !== before",
        arg=grip_before,
        timeout=15_000,
    )
    # every frame swaps the data in place: one trace group per scatter, no frozen copies
    assert chart.locator(".scatterlayer .trace").count() == 2

    chart.locator(".updatemenu-button").filter(has_text="暂停").click()
    page.wait_for_function(ANIMATION_STOPPED, timeout=15_000)
    paused = page.evaluate(CURRENT_FRAME)
    page.wait_for_timeout(2_500)  # a playing chart moves on every 1.2 s
    assert page.evaluate(ANIMATION_STOPPED)
    assert page.evaluate(CURRENT_FRAME) == paused
    assert paused.startswith(f"{TOKEN} ") and not paused.startswith(f"{TOKEN} 8 ")
    # Plotly rejects the interrupted play command's promise without a reason and its menu
    # never catches it; the page's guard (ui/browser/animation_guard.js) handles exactly that.
    assert never_seen(watched) == []


def test_swiglu_calculator_shows_llama_hidden_size(watched, app_url):
    page = open_via_sidebar(watched, app_url, "swiglu")
    main = page.locator('[data-testid="stMain"]')
    assert "11008" in main.locator(WIDTHS).nth(1).inner_text()
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text="BERT-base").click()
    wait_for_app(page, 60_000)
    page.wait_for_function(WIDTH_SHOWS, arg=[WIDTHS, "2048"])
    assert "4,718,592" in main.locator("table").first.inner_text()
    assert "d_model=768" in page.url and "multiple_of=1" in page.url
    for name, value in (("d_model（模型宽度）", "4096"), ("multiple_of（取整倍数）", "256")):
        field = page.get_by_role("spinbutton", name=name)
        field.fill(value)
        field.press("Enter")
        wait_for_app(page, 60_000)
    page.wait_for_function(WIDTH_SHOWS, arg=[WIDTHS, "11008"])
    assert "d_model" not in page.url  # back at the default, so the link stays short
    scroll_through(page)
    assert "divine benevolence" in main.inner_text()
    assert never_seen(watched) == []


def test_swiglu_llama3_preset_gives_its_real_width_and_the_ffn_runs(watched, app_url):
    page = open_via_sidebar(watched, app_url, "swiglu", "?lang=en")
    main = page.locator('[data-testid="stMain"]')
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text="Llama 3 8B").click()
    wait_for_app(page, 60_000)
    page.wait_for_function(WIDTH_SHOWS, arg=[WIDTHS, "14336"])
    values = main.locator(WIDTHS).all_inner_texts()
    assert values[:2] == ["10922", "14336"]  # the 2/3 rule beside the real width
    note = main.locator('[data-testid="stAlert"]').filter(has_text="Llama 3 8B").inner_text()
    assert "14336" in note and "1.3" in note and "1024" in note
    assert "ffn_dim_multiplier=1.3" in page.url and "multiple_of=1024" in page.url
    assert "176,160,768" in main.locator("table").first.inner_text()  # 3 · 4096 · 14336

    assert main.locator('[data-testid="stCode"]').count() == 0  # folded until the reader opens it
    main.locator('[data-testid="stExpander"] summary').filter(has_text="PyTorch code").click()
    code = main.locator('[data-testid="stCode"]').filter(has_text="class FeedForward(nn.Module)")
    code.wait_for(timeout=60_000)
    wait_for_app(page, 60_000)  # the run that drew it is over before the next control moves
    assert "self.w2(F.silu(self.w1(x)) * self.w3(x))" in code.inner_text()
    units = main.locator("table").filter(has_text="hidden unit")
    before = units.inner_text()
    move_slider(page, "token")  # pressed again if the key reached a slider being redrawn
    page.wait_for_url("**token=2**", timeout=60_000)
    wait_for_app(page, 60_000)
    assert units.inner_text() != before
    assert never_seen(watched) == []
