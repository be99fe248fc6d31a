"""Lecture mode on a projector: 1024×768, 1280×720 and 1920×1080.

A slide's link (``?lecture=1``) opens with the sidebar collapsed (one click away), and each
page's main figure and the control that drives it fit on the first screen, without scrolling.
The quiz's reveal highlights the answer so the back row sees it, and the share dialog shows a
QR code as large as the screen allows.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tests.support.browser import Watched, never_seen, open_page, wait_for_app
from tests.support.visits import load_side_by_side
from ui.routes import ROUTE, stop_query
from views.strings import translate

pytestmark = pytest.mark.e2e

SLOW = 120_000
PROJECTORS = [(1024, 768), (1280, 720), (1920, 1080)]
# page -> (its main figure, the strings key of the control that drives it). A figure is named
# by its chart's key (the element's ``st-key-…`` class); every page, none left out.
MAIN = {
    "": ("home_overview", None),  # the overview figure, driven by its legend
    "sigmoid": ("chart_sigmoid", "functions.x0"),  # Tanh beside it (test below)
    "relu": ("chart_relu", "names.param.negative_slope"),
    "swish": ("chart_swish", "names.param.beta"),
    "more": ("chart_gelu", "functions.fn"),  # the function the picker shows first
    "hardware": ("chart_hardswish", "functions.fn"),  # Hard Swish, the default of its picker
    "compare": ("chart_compare", "functions.fns"),
    "softmax": ("softmax_probabilities", "softmax.temperature"),
    "vanishing": ("vanishing_chart", "vanishing.depth"),
    # GLU: the gating animation (four panels, played in the browser), its gate picker beside it
    "glu": ("glu_animation", "glu.variant"),
    # SwiGLU: the calculator's two FFNs as matrices, and d_model, the first of its three inputs
    "swiglu": ("swiglu_diagram", "swiglu.d_model"),
    # dying ReLU: the pre-activations before and after the step, moved by the bias shift
    "dying-relu": ("dying_hist", "dying_relu.shift"),
    # linear regions: the input plane coloured by region, redrawn by the depth slider beside it
    "regions": ("regions_plane", "regions.depth"),
    # custom: the plotted curve of the typed function, under the box it is typed in
    "custom": ("custom_chart", "custom.label"),
}
# Not here: the playground draws its figures once 训练 (train) is pressed (test below), the
# quiz its plot after a reveal, and the glossary has no figure.
BOX = "element => { const b = element.getBoundingClientRect(); return [b.top, b.bottom]; }"
# A widget's whole element (label and input), from its label.
WIDGET = "xpath=ancestor::*[@data-testid='stElementContainer'][1]"


@pytest.fixture(autouse=True)
def patient(watched):
    watched.page.set_default_timeout(SLOW)


def _fit(page, path: str, lang: str, width: int, height: int) -> list[str]:
    """What does not fit the first screen of ``/<path>`` as loaded at ``width``×``height``."""
    figure_key, control = MAIN[path]
    misses = []
    figure = page.locator(f'[data-testid="stMain"] .st-key-{figure_key} .js-plotly-plot')
    figure.locator(".main-svg").first.wait_for()
    top, bottom = figure.evaluate(BOX)
    if not (top >= 0 and bottom <= height + 1):
        misses.append(f"/{path} at {width}×{height}: figure spans {top:.0f}–{bottom:.0f}")
    if bottom - top < 300:
        misses.append(f"/{path}: figure only {bottom - top:.0f} px tall")
    if control is not None:
        text = translate(control, lang)
        label = page.locator('[data-testid="stMain"] [data-testid="stWidgetLabel"]').filter(
            has_text=re.compile(f"^{re.escape(text)}$")
        )
        ctop, cbottom = label.first.locator(WIDGET).evaluate(BOX)
        if not (ctop >= 0 and cbottom <= height):
            misses.append(f"/{path}: control {text} at {ctop:.0f}–{cbottom:.0f}")
    return misses


SCREENS = [(width, height, lang) for lang in ("zh", "en") for width, height in PROJECTORS]


@pytest.fixture(scope="module")
def fits(tab_pool, app_url):
    """``fits(width, height, lang)``: what does not fit, and what a user must never see, over
    every page of :data:`MAIN` opened with ``?lecture=1&lang=<lang>`` at that size. All six
    screens are measured on the first ask, one tab per screen, each page loading in the six
    tabs side by side (``tests/support/visits.py``); each test reads its own screen's."""
    found: dict[tuple[int, int, str], tuple[list[str], list[str]]] = {}

    def fit(width: int, height: int, lang: str) -> tuple[list[str], list[str]]:
        if not found:
            found.update(_measure_every_screen(tab_pool, app_url))
        return found[width, height, lang]

    return fit


def _measure_every_screen(tab_pool, app_url: str) -> dict:
    tabs = tab_pool.take("desk", len(SCREENS))
    misses: list[list[str]] = [[] for _ in SCREENS]
    watchers = []
    for tab, (width, height, _) in zip(tabs, SCREENS, strict=True):
        tab.set_viewport_size({"width": width, "height": height})
        tab.set_default_timeout(SLOW)
        watchers.append(Watched(tab))
    try:
        for path in MAIN:
            urls = [f"{app_url}/{path}?lecture=1&lang={lang}" for _, _, lang in SCREENS]
            failures = load_side_by_side(tabs, urls, SLOW)
            for index, (tab, (width, height, lang)) in enumerate(zip(tabs, SCREENS, strict=True)):
                try:
                    if failures[index] is not None:
                        raise failures[index]
                    misses[index] += _fit(tab, path, lang, width, height)
                except Exception as error:  # the screen's test reports it, the others go on
                    misses[index].append(f"/{path}: {type(error).__name__}: {error}")
        seen = [never_seen(watcher) for watcher in watchers]
    finally:
        for watcher in watchers:
            watcher.stop()
    return {screen: (misses[index], seen[index]) for index, screen in enumerate(SCREENS)}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), PROJECTORS, ids=lambda size: str(size))
def test_main_figure_and_control_fit_the_first_screen(fits, width, height, lang):
    misses, seen = fits(width, height, lang)
    assert misses == []
    assert seen == []


@pytest.fixture(scope="module")
def playgrounds(tab_pool, app_url):
    """``playgrounds(width, height)``: the route's second stop opened in lecture mode at that
    size and trained, its loss curves (the main figure) and 训练 (train) button measured (top,
    bottom each), and what a user must never see. The three sizes load side by side on the
    first ask, one tab each."""
    found: dict[tuple[int, int], tuple] = {}

    def measured(width: int, height: int) -> tuple:
        if not found:
            found.update(_train_at_every_size(tab_pool, app_url))
        outcome = found[width, height]
        if isinstance(outcome, BaseException):
            raise AssertionError(f"the playground at {width}×{height}") from outcome
        return outcome

    return measured


def _train_at_every_size(tab_pool, app_url: str) -> dict:
    query = urlencode(stop_query(ROUTE, 1, lambda key: translate(key, "zh")), doseq=True)
    tabs = tab_pool.take("desk", len(PROJECTORS))
    watchers = []
    for tab, (width, height) in zip(tabs, PROJECTORS, strict=True):
        tab.set_viewport_size({"width": width, "height": height})
        tab.set_default_timeout(SLOW)
        watchers.append(Watched(tab))
    try:
        url = f"{app_url}/playground?{query}&lecture=1"
        outcomes: list = load_side_by_side(tabs, [url] * len(tabs), SLOW)
        for index, tab in enumerate(tabs):  # 训练 in every tab, then wait for each
            if outcomes[index] is None:
                try:
                    tab.locator('[data-testid="stMain"] .st-key-train button').click()
                except Exception as error:
                    outcomes[index] = error
        for index, tab in enumerate(tabs):
            if outcomes[index] is None:
                try:
                    figure = tab.locator(
                        '[data-testid="stMain"] .st-key-playground_loss .js-plotly-plot'
                    )
                    figure.locator(".main-svg").first.wait_for()
                    wait_for_app(tab, SLOW)
                    button = tab.locator('[data-testid="stMain"] .st-key-train button')
                    outcomes[index] = (figure.evaluate(BOX), button.evaluate(BOX))
                except Exception as error:
                    outcomes[index] = error
        seen = [never_seen(watcher) for watcher in watchers]
    finally:
        for watcher in watchers:
            watcher.stop()
    return {
        size: outcome if isinstance(outcome, BaseException) else (*outcome, seen[index])
        for index, (size, outcome) in enumerate(zip(PROJECTORS, outcomes, strict=True))
    }


@pytest.mark.parametrize(("width", "height"), PROJECTORS, ids=lambda size: str(size))
def test_the_playground_trained_from_the_route_fits_the_first_screen(playgrounds, width, height):
    """The lecture's first point, the route's second stop (no activation against ReLU on
    XOR): its settings fold away in lecture mode, so after 训练 the loss curves (its main
    figure) and the button share the first screen."""
    (top, bottom), (btop, bbottom), seen = playgrounds(width, height)
    assert top >= 0 and bottom <= height + 1, f"loss curves at {top:.0f}–{bottom:.0f}"
    assert bottom - top >= 300
    assert btop >= 0 and bbottom <= top, "训练 above the figure it draws"
    assert seen == []


def test_lecture_link_collapses_the_sidebar_one_click_from_the_controls(watched, app_url):
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(watched, app_url, "swish?lecture=1", timeout=SLOW)
    sidebar = page.locator('[data-testid="stSidebar"]')
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 1"
    )
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    share = page.get_by_role("button", name=translate("share.button", "zh"))
    share.wait_for()
    assert sidebar.get_by_text(translate("app.lecture_mode", "zh")).is_visible()
    # Sigmoid and Tanh share one screen in lecture mode (the caption promises 两图对照).
    open_page(watched, app_url, "sigmoid?lecture=1", timeout=SLOW)
    plots = page.locator('[data-testid="stMain"] .js-plotly-plot')
    plots.nth(1).locator(".main-svg").first.wait_for()
    first, second = (plots.nth(index).evaluate(BOX) for index in (0, 1))
    assert abs(first[0] - second[0]) < 2, "side by side: the two figures start level"
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first
    colour = caption.evaluate("element => getComputedStyle(element).color")
    assert colour == "rgb(46, 52, 64)", f"captions dark enough for a projector: {colour}"
    assert never_seen(watched) == []


def test_share_dialog_link_follows_the_view_and_its_qr_fits(watched, app_url):
    page = watched.page
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(watched, app_url, "swish?beta=2&lecture=1", timeout=SLOW)
    thumb = page.get_by_role("slider", name="陡峭度 β")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('beta=2.1')")
    wait_for_app(page, SLOW)
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if expand.count():  # the tab may keep the sidebar open from the test before
        expand.click()
    page.get_by_role("button", name=translate("share.button", "zh")).click()
    code = page.locator('[role="dialog"] [data-testid="stCode"] code')
    code.wait_for()
    link = code.inner_text().strip()
    assert link.startswith(f"{app_url}/swish?"), "the browser's own address, not the server's"
    assert "/swish?" in link and "beta=2.1" in link and "lecture" not in link
    image = page.locator('[role="dialog"] [data-testid="stImage"] img')
    image.wait_for()
    page.wait_for_function(
        "() => document.querySelector('[role=dialog] [data-testid=stImage] img').naturalWidth > 0"
    )
    size = image.evaluate("element => element.getBoundingClientRect().width")
    assert size >= 0.55 * 768, f"QR code {size:.0f} px: too small to scan from the back"
    assert never_seen(watched) == []


def test_quiz_reveal_highlights_the_answer_in_lecture_type(watched, app_url):
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(watched, app_url, "quiz?question=1&lecture=1", timeout=SLOW)
    page.get_by_role("button", name=translate("quiz.reveal_direct", "zh")).click()
    answer = page.locator('[data-testid="stMain"] [data-quiz="answer"]')
    answer.wait_for()
    wait_for_app(page, SLOW)
    assert answer.inner_text().strip() == "✓ 0.25"
    background = answer.evaluate("element => getComputedStyle(element).backgroundColor")
    others = page.locator('[data-testid="stMain"] [data-quiz="other"]')
    assert others.count() == 3
    other_background = others.first.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(0, 112, 79)" and other_background == "rgba(0, 0, 0, 0)"
    assert answer.evaluate("element => getComputedStyle(element).color") == "rgb(255, 255, 255)"
    explain = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').filter(
        has_text="σ′(x) = σ(x)(1−σ(x))"
    )
    size = explain.first.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    assert size >= 20, f"the explanation in lecture type: {size}px"
    assert never_seen(watched) == []
