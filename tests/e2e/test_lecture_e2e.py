"""The lecture companion in a real browser: deep links, the home page's links, figure export.

What only a browser shows: a slide's link opening the right view in the right language and
mode, every page the home page links to loading clean, and the modebar camera really saving
a PNG or an SVG (with the Chinese labels inside) under a meaningful name.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.browser import never_seen, open_page, problems, wait_for_app
from views.figures import style
from views.navigation import PAGES, nav_link_selector
from views.strings import translate

pytestmark = pytest.mark.e2e

IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
PLOT = ".js-plotly-plot"
CAMERA = '.modebar-btn[data-title*="Download"]'
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SLOW = 120_000  # ms: a cold page computes its SymPy facts; CI machines are often loaded


@pytest.fixture(autouse=True)
def patient(watched) -> None:
    """Every wait in these tests may take up to ``SLOW``."""
    watched.page.set_default_timeout(SLOW)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_slide_link_opens_swish_in_english_at_beta_2_in_lecture_mode(watched, probes, app_url):
    page = open_page(watched, app_url, "swish?lang=en&beta=2&lecture=1", timeout=SLOW)
    page.wait_for_selector(f"{PLOT} .main-svg")
    url = {name: values[0] for name, values in query(page).items()}
    assert {name: url.get(name) for name in ("lang", "beta", "lecture")} == {
        "lang": "en",
        "beta": "2",
        "lecture": "1",
    }
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert translate("app.lecture_mode", "en") in sidebar.inner_text()
    assert page.locator('[data-testid="stSidebar"] input[type="checkbox"]').first.is_checked()
    beta = page.locator('[data-testid="stSlider"]', has_text="beta").locator('input[type="range"]')
    assert float(beta.input_value()) == 2.0
    main_text = page.locator('[data-testid="stMain"]').inner_text()
    assert not IDEOGRAPH.search(main_text.replace("中文", "")), "Chinese on an English page"
    tick = page.locator(f"{PLOT} .ytick text").first
    assert tick.evaluate("text => text.style.fontSize") == f"{style(True)['font']}px", (
        "lecture mode draws projector-sized tick labels"
    )
    for control in ('[data-testid="stSliderThumbValue"]', '[data-testid="stNumberInput"] input'):
        size = page.locator(f'[data-testid="stMain"] {control}').first.evaluate(
            "element => parseFloat(getComputedStyle(element).fontSize)"
        )
        assert size >= 18, f"{control}: {size}px is too small for the back row"
    assert problems(watched, probes) == []


def test_home_links_reach_every_page(watched, probes, app_url):
    page = open_page(watched, app_url, "?lang=en", timeout=SLOW)
    # page links (the lineage) and the lesson plans' Markdown links (relative: no scheme)
    links = page.locator('[data-testid="stMain"] a[href]')
    hrefs = {links.nth(index).get_attribute("href") for index in range(links.count())}
    hrefs = {href for href in hrefs if not urlsplit(href).scheme and not href.startswith("#")}
    targets = {urlsplit(href).path.strip("./") or "home": href for href in hrefs}
    assert set(targets) == {spec.url_path for spec in PAGES}
    # deep links aside (the 90-minute route, its quiz questions, the prose's examples): every
    # other link carries the reader's language
    plain = [h for h in hrefs if not set(parse_qs(urlsplit(h).query)) - {"lang"}]
    assert all(query_of == "lang=en" for query_of in (urlsplit(h).query for h in plain))

    # A page link navigates inside the session and keeps the language.
    page.locator(
        '[data-testid="stMain"] a[data-testid="stPageLink-NavLink"][href^="relu"]'
    ).first.click()
    page.wait_for_url("**/relu?**")
    wait_for_app(page, SLOW)
    assert page.locator("h1").first.inner_text() == translate("nav.relu", "en")
    assert query(page).get("lang") == ["en"]

    # Every page itself renders clean in tests/e2e/test_hostile_urls_e2e.py (one load each).
    assert problems(watched, probes) == []


def test_language_switch_in_the_sidebar_holds_across_pages(watched, app_url):
    page = open_page(watched, app_url, timeout=SLOW)
    assert page.locator("h1").first.inner_text() == translate("home.title", "zh")
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    wait_for_app(page, SLOW)
    page.wait_for_url("**lang=en**")
    assert page.locator("h1").first.inner_text() == translate("home.title", "en")
    page.locator(nav_link_selector("quiz")).click()
    page.wait_for_url("**/quiz?lang=en**")
    wait_for_app(page, SLOW)
    assert page.locator("h1").first.inner_text() == translate("nav.quiz", "en")
    assert never_seen(watched) == []


def test_lecture_toggle_is_in_view_on_a_720_px_projector(watched, app_url):
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 720})
    page = open_page(watched, app_url, "vanishing", timeout=SLOW)
    sidebar = page.locator('[data-testid="stSidebar"]')
    label = translate("app.lecture_mode", "zh")
    toggle = sidebar.locator('[data-testid="stCheckbox"]', has_text=label)
    box = toggle.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720, "the toggle is below the fold"
    toggle.locator("label").click()
    wait_for_app(page, SLOW)
    page.wait_for_url("**lecture=1**")
    plot = page.locator(f"{PLOT} .main-svg").first.bounding_box()
    assert plot is not None and plot["y"] < 720 - 250, "lecture mode shows the plot on screen"
    assert never_seen(watched) == []


def _download(page, tmp_path: Path):
    """Click the first chart's camera button and return (suggested name, bytes)."""
    page.locator(PLOT).first.hover()
    with page.expect_download() as info:
        page.locator(CAMERA).first.click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def test_figure_downloads_as_png_and_svg_with_chinese_labels(watched, app_url, tmp_path):
    page = open_page(watched, app_url, timeout=SLOW)
    page.wait_for_selector(f"{PLOT} .main-svg")

    name, data = _download(page, tmp_path)
    assert name == f"{translate('home.overview_file', 'zh')}.png"
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000

    page.locator('[data-testid="stSidebar"]').get_by_text("SVG", exact=True).click()
    wait_for_app(page, SLOW)
    page.wait_for_selector(f"{PLOT} .main-svg")
    name, data = _download(page, tmp_path)
    assert name == f"{translate('home.overview_file', 'zh')}.svg"
    text = data.decode("utf-8")
    assert text.lstrip().startswith(("<svg", "<?xml"))
    assert translate("home.axis_value", "zh") in text, "Chinese labels travel as text"
    assert never_seen(watched) == []


def test_csv_and_tex_downloads_are_made_on_click(watched, app_url, tmp_path):
    page = open_page(watched, app_url, "swish?beta=2", timeout=SLOW)
    files = {}
    for label in ("functions.download_csv", "functions.download_tex"):
        button = page.get_by_role("button", name=translate(label, "zh"))
        with page.expect_download() as info:
            button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        files[info.value.suggested_filename] = target.read_text("utf-8")
    assert set(files) == {"swish.csv", "swish.tex"}
    lines = files["swish.csv"].splitlines()
    assert lines[0] == "x,swish(x),swish'(x)" and len(lines) > 500
    assert r"\begin{align*}" in files["swish.tex"] and "β = 2" in files["swish.tex"]
    assert never_seen(watched) == []
