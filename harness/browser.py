"""The system Chromium as the benchmarks and the browser tests drive it: its launch flags, the
viewports (desk and phone), and what to wait for and read on a page of the app.

Playwright's own browser download is unreachable here, so both launch Debian's ``chromium``
(``$CHROMIUM`` overrides) with :data:`CHROMIUM_FLAGS`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from views.navigation import PAGES

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# What a user must never see on a page: an exception, a KaTeX error, the app's error boundary.
NEVER_SEEN = '[data-testid="stException"], .katex-error, .st-key-app-error'
# Opened at /<page>, Streamlit's frontend first tries /<page>/ as the server's base path and
# gets a 404 for /<page>/_stcore/health and /host-config before it tries / (streamlit#7074,
# open upstream). Those two console lines are expected on every deep link; nothing else is.
_BASE_PATH_PROBE = re.compile(r"^https?://[^/]+/[^?#]+/_stcore/(health|host-config)$")


def base_path_probe(text: str, url: str) -> bool:
    """Whether a console message (``text`` logged from ``url``) is that expected 404 probe."""
    return "404" in text and bool(_BASE_PATH_PROBE.match(url))


def chromium_path() -> str | None:
    """Debian's Chromium (``$CHROMIUM`` overrides); Playwright's own download is unreachable."""
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else shutil.which("chromium")


DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
SCREEN = PHONE["viewport"]["height"]
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
SERIOUS = ("serious", "critical")
CHART = '[data-testid="stPlotlyChart"]'


# Pages whose first load draws no figure: the playground trains on a click, the quiz and the
# glossary are text. Every other page's main figure must start on the first phone screen.
NO_FIGURE = frozenset({"playground", "quiz", "glossary"})
FIGURE_PAGES = tuple(spec.url_path for spec in PAGES if spec.url_path not in NO_FIGURE)
# The distance from the top of the page to the first chart, read before anything scrolls.
FIRST_CHART_TOP = f"""() => {{
  const chart = document.querySelector('{CHART}');
  return chart ? chart.getBoundingClientRect().top : null;
}}"""
# How far the page reaches past the screen's right edge: the document and Streamlit's scrolling
# containers (the main area scrolls inside the app, not the document).
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const boxes = [document.documentElement, document.body,
    ...document.querySelectorAll('[data-testid="stAppViewContainer"], [data-testid="stMain"]')];
  return Math.max(0, ...boxes.map((box) => box.scrollWidth - width));
}"""


def page_url(base: str, url_path: str, lang: str) -> str:
    """``/<url_path>`` in ``lang`` (home is ``/``)."""
    path = "" if url_path == "home" else url_path
    return f"{base}/{path}" + ("?lang=en" if lang == "en" else "")


def settled(page, timeout: float = 120_000) -> None:
    """Wait until the script has finished, no skeleton remains, and a rerun that follows the
    first run (widgets settling) has finished too."""
    done = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(done, timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout
    )
    page.wait_for_timeout(300)
    page.wait_for_selector(done, timeout=timeout)


def wait_for_chart(page, timeout: float = 120_000) -> None:
    """Wait until the first chart has drawn its SVG."""
    page.wait_for_selector(f"{CHART} .main-svg", timeout=timeout)


# The app's page script (``ui.layout.PAGE_SCRIPT``) gives every box that scrolls sideways the
# keyboard focus (either way) one animation frame after it appears: wait for that pass first.
SCROLLERS_REACHABLE = """() => [...document.querySelectorAll(
  ".katex-display, pre, [data-testid='stMarkdownContainer'] table")].every(
  (box) => box.hasAttribute("tabindex") || (box.scrollWidth <= box.clientWidth + 1
    && box.scrollHeight <= box.clientHeight + 1))"""


def serious_violations(page) -> dict[str, int]:
    """axe-core's serious and critical WCAG 2.x A/AA violations on the page: rule → nodes."""
    start_axe(page)
    return serious(axe_violations(page))


# axe-core runs inside the page: started in several tabs before any is awaited, the tabs check
# at the same time (each tab its own renderer process) instead of one after the other.
_START_AXE = "options => { window.labAxe = axe.run(options); }"
_AXE_VIOLATIONS = "() => window.labAxe.then((results) => results.violations)"


def start_axe(page) -> None:
    """Start axe-core on the page (WCAG 2.x A/AA) without waiting for its verdict
    (:func:`axe_violations` collects it), once the scrolling boxes take the keyboard focus."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # if it never comes, axe reports the box
        page.wait_for_function(SCROLLERS_REACHABLE, timeout=10_000)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(Axe().axe_script)
    page.evaluate(_START_AXE, AXE_OPTIONS)


def axe_violations(page) -> list[dict]:
    """The violations of the axe-core run :func:`start_axe` started on the page."""
    return page.evaluate(_AXE_VIOLATIONS)


def serious(violations: list[dict]) -> dict[str, int]:
    """The serious and critical ones among axe-core's ``violations``: rule → nodes."""
    return {
        violation["id"]: len(violation["nodes"])
        for violation in violations
        if violation["impact"] in SERIOUS
    }


def describe(page) -> str:
    """Every serious or critical violation with its first nodes, for a failing test's message."""
    start_axe(page)
    return describe_violations(axe_violations(page))


def describe_violations(violations: list[dict]) -> str:
    """:func:`describe` for violations already collected."""
    lines = []
    for violation in violations:
        if violation["impact"] not in SERIOUS:
            continue
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:3]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['html'][:160]}  {summary[:240]}")
    return "\n".join(lines)


def first_figure_top(page) -> float | None:
    """Pixels from the top of the screen to the first chart, on a page not yet scrolled."""
    return page.evaluate(FIRST_CHART_TOP)


def sideways_overflow(page) -> int:
    """Pixels the page reaches past the right edge of the screen (0: no sideways scroll)."""
    return page.evaluate(SIDEWAYS)


# The data of every Plotly figure in the main area: per trace, how many finite x, y, z values
# and their sum. A move that redraws a figure changes it; a label alone does not.
PLOTTED = """() => {
  const sum = (values) => {
    let count = 0, total = 0;
    const walk = (v) => {
      if (v == null || typeof v === "string") return;
      if (typeof v === "number") { if (Number.isFinite(v)) { count++; total += v; } return; }
      if (v.length !== undefined) for (const item of Array.from(v)) walk(item);
    };
    walk(values);
    return `${count}:${total.toFixed(6)}`;
  };
  return Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot'))
    .map((plot) => (plot._fullData || []).map((t) => [t.x, t.y, t.z].map(sum).join("/")).join(","))
    .join("|");
}"""
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
DISCONNECTED = '[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])'

# The page as a reader sees it: the script done, no placeholder left, every chart drawn.
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector('[data-testid="stMain"] h1')) return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.every(plot => plot.querySelector('.main-svg'));
}"""


def move_slider(page, key: str, *, tries: int = 3, timeout_ms: float = 10_000) -> None:
    """Press ArrowRight on the slider ``key`` in the main area until its thumb shows the move.

    A key pressed while a run redraws the slider can reach a slider that is being replaced:
    press again until the slider itself shows the move (where a reader's claim starts)."""
    move_sliders([(page, key)], tries=tries, timeout_ms=timeout_ms)


def move_sliders(moves: list, *, tries: int = 3, timeout_ms: float = 10_000) -> None:
    """:func:`move_slider` on several ``(page, key)`` at once, as a class moves together: every
    slider is pressed first, so the runs the moves start overlap; then each is checked in turn
    and pressed again where its key was lost."""
    before = [page.locator(_thumb(key)).inner_text() for page, key in moves]
    for page, key in moves:
        _press(page, key)
    for (page, key), shown in zip(moves, before, strict=True):
        for attempt in range(tries):
            if attempt:
                _press(page, key)
            if _shows_move(page, key, shown, timeout_ms):
                break
        else:
            raise AssertionError(f"{page.url}: the {key} slider never moved")


def _thumb(key: str) -> str:
    return f'[data-testid="stMain"] .st-key-{key} [data-testid="stSliderThumbValue"]'


def _press(page, key: str) -> None:
    slider = page.locator(f'[data-testid="stMain"] .st-key-{key}').get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")


_MOVED = (
    "([selector, before]) => { const s = document.querySelector(selector);"
    " return s && s.innerText !== before; }"
)


def _shows_move(page, key: str, before: str, timeout_ms: float) -> bool:
    """Whether the slider ``key`` shows a value other than ``before`` once the run its move
    started (or one already under way) is over: a slider that run redrew with the old value
    shows the old value again, and the key was lost."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_MOVED, arg=[_thumb(key), before], timeout=timeout_ms)
        settled(page, timeout_ms * 6)
    except PlaywrightTimeout:
        return False
    return page.evaluate(_MOVED, [_thumb(key), before])
