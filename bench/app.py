"""Speed and memory of the function pages: ``python -m bench.app`` prints a Markdown table.

Per page:

* **script run after a slider change**: the server-side rerun under AppTest after moving the
  page's main slider, median of 10 moves. Every move goes to a value not seen before, so the
  SymPy work for it (LaTeX, facts) is not in any cache yet: the honest worst case of a student
  dragging a slider. The column "seen" repeats the moves, now served from the caches;
* **first render**: a fresh Chromium context opening the page until the script has finished,
  every plot is drawn and KaTeX has typeset, median of 3; beside it the same measure for a bare
  Streamlit page (``bench/bare_app.py``: one slider, one formula, one 801-point chart), run in the
  same session so machine load affects both alike;
* **Plotly payload**: bytes of the figure specs the page sends at its defaults;
* **peak RSS**: the app server's high-water mark (``VmHWM``) after every page was opened.

Aims: ≤ 100 ms per rerun, ≤ 1.2× the bare page, ≤ 150 KB, ≤ 250 MB.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from harness.browser import CHROMIUM_FLAGS, chromium_path
from harness.server import streamlit_server

ROOT = Path(__file__).resolve().parent.parent
# page -> (query for the AppTest run, slider key, ten fresh values)
PAGES = {
    "sigmoid": ({}, "x0", [round(-4.5 + 0.95 * i, 2) for i in range(10)]),
    "relu": ({}, "negative_slope", [round(0.03 + 0.07 * i, 2) for i in range(10)]),
    "swish": ({}, "beta", [round(0.3 + 0.9 * i, 1) for i in range(10)]),
    "more": ({"fn": "ELU"}, "alpha", [round(0.2 + 0.4 * i, 1) for i in range(10)]),
    "compare": ({}, "beta", [round(0.4 + 0.9 * i, 1) for i in range(10)]),
}
RENDER_REPEATS = 3
READY = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    const plots = document.querySelectorAll('.js-plotly-plot');
    if (!plots.length || ![...plots].every(p => p.querySelector('.main-svg'))) return false;
    return !!document.querySelector('.katex');
}"""
# Any page: the script has finished, every chart the page sent is drawn (a page may have none),
# and the main area shows something. KaTeX typesets inside the Markdown's own render, so a
# formula on the page is drawn once its Markdown is.
READY_ANY = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
    if (![...charts].every(c => c.querySelector('.js-plotly-plot .main-svg'))) return false;
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    return !!(main && main.querySelector('[data-testid="stMarkdown"]'));
}"""


def slider_reruns(name: str) -> tuple[float, float]:
    """Median ms of a rerun after a slider change: to fresh values, then to seen values."""
    from harness.appdriver import run_page

    query, key, values = PAGES[name]
    at = run_page(f"app_pages/{name}.py", **query)
    timings: dict[str, list[float]] = {"fresh": [], "seen": []}
    for phase in ("fresh", "seen"):
        for value in values:
            next(widget for widget in at.slider if widget.key == key).set_value(value)
            start = time.perf_counter()
            at.run()
            timings[phase].append((time.perf_counter() - start) * 1000)
            assert not at.exception, (name, key, value)
    return statistics.median(timings["fresh"]), statistics.median(timings["seen"])


def payload_bytes(name: str) -> int:
    from harness.appdriver import run_page

    at = run_page(f"app_pages/{name}.py")
    return sum(len(chart.proto.spec) for chart in at.get("plotly_chart"))


def first_render_ms(browser, url: str, ready: str = READY) -> float:
    """ms from navigation start until the page is fully drawn, in a fresh context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function(ready, polling=50, timeout=180_000)
        return float(page.evaluate("() => performance.now()"))
    finally:
        context.close()


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


@contextlib.contextmanager
def app_and_floor() -> Iterator[tuple[object, str, int, str]]:
    """Headless Chromium beside two servers, the app and the floor page: yields
    ``(browser, app_url, app_pid, floor_url)``; everything stops on leaving."""
    from playwright.sync_api import sync_playwright

    with (
        sync_playwright() as playwright,
        streamlit_server("app.py") as (app_url, app_pid),
        streamlit_server("bench/bare_app.py") as (bare_url, _),
    ):
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield browser, app_url, app_pid, bare_url
        finally:
            browser.close()


def browser_measures() -> tuple[dict[str, float], float, float]:
    """First-render medians per page and for the bare page, and the server's peak RSS."""
    with app_and_floor() as (browser, app_url, app_pid, bare_url):
        # Warm-up: "/" first (registers st.navigation's pages, fills the process-wide caches),
        # then every page once, so the medians compare steady states.
        for path in ["", *PAGES]:
            first_render_ms(browser, f"{app_url}/{path}")
        first_render_ms(browser, bare_url)
        renders: dict[str, list[float]] = {name: [] for name in PAGES}
        bare: list[float] = []
        for _ in range(RENDER_REPEATS):  # interleaved, so load drifts hit both alike
            bare.append(first_render_ms(browser, bare_url))
            for name in PAGES:
                renders[name].append(first_render_ms(browser, f"{app_url}/{name}"))
        rss = peak_rss_mb(app_pid)
    medians = {name: statistics.median(times) for name, times in renders.items()}
    return medians, statistics.median(bare), rss


def every_page_first_render(repeats: int = RENDER_REPEATS) -> str:
    """First render of every page of the app against the floor page, interleaved, same run
    (``python -m bench.app --every-page``): a Markdown table."""
    from ui.navigation import PAGES as APP_PAGES

    paths = [spec.url_path for spec in APP_PAGES]
    address = lambda path: "" if path == "home" else path  # noqa: E731
    with app_and_floor() as (browser, app_url, _, bare_url):
        # Warm-up, as the teacher's own visit before class: the server's caches filled and
        # scripts compiled over the protocol (no browser needed), then one load of each server.
        from bench.hall import warm

        warm(app_url, paths)
        first_render_ms(browser, f"{app_url}/", READY_ANY)
        first_render_ms(browser, bare_url, READY_ANY)
        renders: dict[str, list[float]] = {path: [] for path in paths}
        bare: list[float] = []
        for _ in range(repeats):
            for path in paths:  # the floor before each page: load drifts hit both alike
                bare.append(first_render_ms(browser, bare_url, READY_ANY))
                renders[path].append(
                    first_render_ms(browser, f"{app_url}/{address(path)}", READY_ANY)
                )
    floor = statistics.median(bare)
    lines = [
        "| page | first render (ms) | vs floor page | aim ≤ 1.2× |",
        "|---|---:|---:|---|",
    ]
    for path, times in renders.items():
        ratio = statistics.median(times) / floor
        lines.append(
            f"| {path} | {statistics.median(times):.0f} | {ratio:.2f}× "
            f"| {'✅' if ratio <= 1.2 else '❌'} |"
        )
    lines += [
        "",
        f"Floor page (`bench/bare_app.py`) first render: median {floor:.0f} ms of {len(bare)}, "
        f"spread {min(bare):.0f}–{max(bare):.0f} ms. Headless Chromium, fresh context per "
        f"load, 1400×1000, until the script has finished and every chart is drawn; median of "
        f"{repeats} per page, each right after a floor load. Load average at the end: "
        f"{' / '.join(f'{v:.1f}' for v in os.getloadavg())}.",
    ]
    return "\n".join(lines)


def run() -> str:
    """Measure everything and return the Markdown table."""
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # AppTest runs scripts outside a server: Streamlit warns "missing ScriptRunContext" per call.
    import streamlit.logger

    streamlit.logger.set_log_level("error")
    reruns = {name: slider_reruns(name) for name in PAGES}
    payloads = {name: payload_bytes(name) for name in PAGES}
    renders, bare, rss = browser_measures()
    lines = [
        "| page | slider | rerun after slider change, fresh value (ms) | same, seen value (ms) "
        "| first render (ms) | vs bare page | Plotly payload (KB) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, (_, key, _) in PAGES.items():
        fresh, seen = reruns[name]
        lines.append(
            f"| {name} | {key} | {fresh:.0f} | {seen:.0f} | {renders[name]:.0f} "
            f"| {renders[name] / bare:.2f}× | {payloads[name] / 1000:.1f} |"
        )
    lines += [
        "",
        f"Bare page (1 slider, 1 formula, 801-point chart): first render {bare:.0f} ms. "
        f"App server peak RSS after visiting every page: {rss:.0f} MB. "
        f"Reruns: AppTest, median of {len(PAGES['swish'][2])}; "
        f"renders: Chromium, median of {RENDER_REPEATS}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    if "--every-page" in sys.argv:
        from bench.hall import write_report

        table = every_page_first_render()
        print(table)
        if "--no-write" not in sys.argv:
            write_report(table, "First render of every page against the floor", "first-render")
    else:
        print(run())
