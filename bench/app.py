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

``--every-page [--pages a,b] [--repeats N]``: every page's first render against the floor,
each load paired with a floor load, with the browser's CPU time and what the page draws
(charts, KaTeX formulas, websocket messages, DOM), into ``bench/REPORT.md``.
``--profile [--pages a,b]``: where those renders spend the main thread (CDP CPU profiles
grouped by script: Plotly, Markdown + KaTeX, React, the engine), the floor beside them.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.browser import CHROMIUM_FLAGS, DESKTOP, PHONE, chromium_path
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


# Counts each chart's full draws (plotly.js's ``_doPlot``): every draw begins with the event
# ``plotly_beforeplot``, sent to the listeners of the graph div's emitter ``gd._ev``, which
# Plotly makes in the draw's first step. Catching that assignment lets the counter listen from
# the first draw on. A margin that automargin moves by more than a pixel starts another full
# draw from inside the first (``Plots.doAutoMargin``); those end without a ``plotly_afterplot``
# of their own, so counting draw starts is what sees them.
DRAW_COUNTER = """(() => {
  Object.defineProperty(HTMLElement.prototype, '_ev', {
    configurable: true,
    get() { return undefined; },
    set(emitter) {
      Object.defineProperty(this, '_ev', {value: emitter, writable: true, configurable: true});
      const gd = this;
      gd.__labDraws = gd.__labDraws || 0;
      gd.__labMarginDraws = gd.__labMarginDraws || 0;
      emitter.on('plotly_beforeplot', () => {
        gd.__labDraws += 1;
        // A redraw that automargin started: its count is raised just before it calls _doPlot.
        if ((gd._fullLayout || {})._redrawFromAutoMarginCount > 0) gd.__labMarginDraws += 1;
      });
    },
  });
})()"""

# What a page puts in the browser at its first render, read once it is drawn: the cost drivers
# the ratio is explained by (charts drawn and how often, formulas typeset, elements, DOM size).
PAGE_FACTS = """() => ({
    draws: [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
        .map(plot => plot.__labDraws || 0),
    marginDraws: [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
        .map(plot => plot.__labMarginDraws || 0),
    charts: document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot').length,
    traces: [...document.querySelectorAll('.js-plotly-plot')]
        .reduce((n, plot) => n + (plot.data || []).length, 0),
    formulas: document.querySelectorAll('.katex').length,
    elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
    nodes: document.getElementsByTagName('*').length,
})"""


@dataclass(frozen=True)
class Render:
    """One load of one page in a fresh context."""

    wall_ms: float  # navigation start until drawn (``performance.now()``)
    cpu_ms: float  # CPU time of every Chromium process meanwhile: what contention cannot stretch
    messages: int  # websocket frames the browser received
    facts: dict


def browser_cpu_s(session) -> dict[int, float]:
    """CPU seconds so far of each Chromium process (browser, renderers, GPU, network)."""
    info = session.send("SystemInfo.getProcessInfo")["processInfo"]
    return {process["id"]: process["cpuTime"] for process in info}


def first_render(browser, cdp, url: str, ready: str = READY_ANY) -> Render:
    """Open ``url`` in a fresh 1400×1000 context until ``ready``; ``cdp`` is a browser-level
    CDP session (``browser.new_browser_cdp_session()``) for the processes' CPU time."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.add_init_script(DRAW_COUNTER)
    page = context.new_page()
    frames = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(frame)))
    try:
        before = browser_cpu_s(cdp)
        page.goto(url)
        page.wait_for_function(ready, polling=50, timeout=180_000)
        wall = float(page.evaluate("() => performance.now()"))
        after = browser_cpu_s(cdp)
        facts = page.evaluate(PAGE_FACTS)
    finally:
        context.close()
    cpu = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return Render(wall, 1000 * cpu, len(frames), facts)


@dataclass(frozen=True)
class Paired:
    """A page's loads, each paired with the floor load run next to it."""

    page: list[Render]
    floor: list[Render]

    def ratios(self, field: str = "wall_ms") -> list[float]:
        return [
            getattr(p, field) / getattr(f, field)
            for p, f in zip(self.page, self.floor, strict=True)
        ]

    def median(self, field: str = "wall_ms") -> float:
        return statistics.median(getattr(render, field) for render in self.page)


def paired_ratio_summary(ratios: list[float]) -> str:
    """``median (min–max)`` of a page's paired ratios.

    >>> paired_ratio_summary([1.31, 1.12, 1.5])
    '1.31× (1.12–1.50)'
    """
    return f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"


def every_page_first_render(repeats: int = RENDER_REPEATS, only: list[str] | None = None) -> str:
    """First render of every page of the app against the floor page, in pairs, same run
    (``python -m bench.app --every-page``): a Markdown table.

    Each page load is paired with a floor load right before or after it (the order alternates
    between repeats, so a load drifting up or down hits both sides alike), and a page's ratio
    is the median of its pairs' ratios: on a shared machine whose load swings within seconds,
    a ratio of two loads made side by side is what counts, not a ratio of two medians made
    minutes apart. Beside the wall time, the CPU time all of Chromium's processes spent on the
    load, which contention delays but does not inflate.
    """
    from views.navigation import PAGES as APP_PAGES

    paths = [spec.url_path for spec in APP_PAGES if only is None or spec.url_path in only]
    address = lambda path: "" if path == "home" else path  # noqa: E731
    load_before = os.getloadavg()
    with app_and_floor() as (browser, app_url, _, bare_url):
        cdp = browser.new_browser_cdp_session()
        # Warm-up, as the teacher's own visit before class: the server's caches filled and
        # scripts compiled over the protocol (no browser needed), then one load of each server.
        from bench.hall import warm

        warm(app_url, paths)
        first_render(browser, cdp, f"{app_url}/")
        first_render(browser, cdp, bare_url)
        runs = {path: Paired([], []) for path in paths}
        for repeat in range(repeats):
            for path in paths:
                loads = [
                    (runs[path].floor, bare_url),
                    (runs[path].page, f"{app_url}/{address(path)}"),
                ]
                for renders, url in loads if repeat % 2 == 0 else loads[::-1]:
                    renders.append(first_render(browser, cdp, url))
    load_after = os.getloadavg()
    floor = [render for paired in runs.values() for render in paired.floor]
    return every_page_table(runs, floor, repeats, load_before, load_after)


def draws_per_chart(renders: list[Render]) -> str:
    """Full draws per chart over a page's loads, and of them those automargin started.

    >>> facts = lambda d, m: {"draws": d, "marginDraws": m}
    >>> draws_per_chart([Render(1, 1, 1, facts([3, 3], [1, 1])), Render(1, 1, 1, facts([2], [0]))])
    '2.67 (0.67)'
    >>> draws_per_chart([Render(1, 1, 1, facts([], []))])
    '—'
    """
    draws = [count for render in renders for count in render.facts["draws"]]
    margins = [count for render in renders for count in render.facts["marginDraws"]]
    if not draws:
        return "—"
    return f"{statistics.mean(draws):.2f} ({statistics.mean(margins):.2f})"


def every_page_table(runs: dict[str, Paired], floor: list[Render], repeats, before, after) -> str:
    lines = [
        "| page | first render (ms) | vs floor, paired: median (min–max) | browser CPU vs floor "
        "| charts drawn (traces) | draws per chart (of them automargin's) | KaTeX formulas "
        "| websocket messages | DOM elements | aim ≤ 1.2× |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for path, paired in runs.items():
        ratio = statistics.median(paired.ratios())
        facts = paired.page[-1].facts
        messages = statistics.median(render.messages for render in paired.page)
        lines.append(
            f"| {path} | {paired.median():.0f} | {paired_ratio_summary(paired.ratios())} "
            f"| {statistics.median(paired.ratios('cpu_ms')):.2f}× "
            f"| {facts['charts']} ({facts['traces']}) | {draws_per_chart(paired.page)} "
            f"| {facts['formulas']} | {messages:.0f} "
            f"| {facts['nodes']} | {'✅' if ratio <= 1.2 else '❌'} |"
        )
    walls = [render.wall_ms for render in floor]
    facts = floor[-1].facts
    load = lambda values: " / ".join(f"{v:.1f}" for v in values)  # noqa: E731
    lines += [
        "",
        f"Floor page (`bench/bare_app.py`: {facts['charts']} chart ({facts['traces']} traces), "
        f"{draws_per_chart(floor)} draws per chart (automargin's), "
        f"{facts['formulas']} formulas, {facts['nodes']} DOM elements, "
        f"{statistics.median(r.messages for r in floor):.0f} websocket messages): first render "
        f"median {statistics.median(walls):.0f} ms of {len(walls)}, spread "
        f"{min(walls):.0f}–{max(walls):.0f} ms; browser CPU "
        f"{statistics.median(r.cpu_ms for r in floor):.0f} ms. Headless Chromium, fresh context "
        f"per load, 1400×1000, until the script has finished and every chart is drawn; "
        f"{repeats} pairs per page, each page load next to a floor load (order alternating), "
        f"ratio = median of the pairs' ratios. Load average (1/5/15 min) before "
        f"{load(before)}, after {load(after)}.",
    ]
    return "\n".join(lines)


# Where the main thread's time goes, by the script a CPU profile sample falls in.
PROFILE_GROUPS = {
    "Plotly": ("PlotlyChart",),
    "Markdown + KaTeX": ("StreamlitMarkdown", "rehype", "remark", "micromark", "hast", "katex"),
    "React + Streamlit": ("react-dom", "emotion", "styled", "index."),
}


def profile_group(url: str, function: str) -> str:
    """The group of one profile node: by its script's file name, else the engine's own work."""
    name = url.rsplit("/", 1)[-1]
    if not name:
        return "idle" if function == "(idle)" else "style, layout, GC, V8"
    return next((g for g, starts in PROFILE_GROUPS.items() if name.startswith(starts)), "other JS")


def profiled_render(browser, url: str) -> dict[str, float]:
    """ms of main-thread CPU profile samples per group over one first render (fresh context)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 1000})
        cdp.send("Profiler.start")
        page.goto(url)
        page.wait_for_function(READY_ANY, polling=50, timeout=180_000)
        groups = {"wall": float(page.evaluate("() => performance.now()"))}
        profile = cdp.send("Profiler.stop")["profile"]
    finally:
        context.close()
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    for node, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        group = profile_group(frames[node]["url"], frames[node]["functionName"])
        groups[group] = groups.get(group, 0.0) + delta / 1000
    return groups


def profile_table(pages: list[str], repeats: int = 2) -> str:
    """Per page and for the floor, the median ms per group of :func:`profiled_render`, pages
    and floor interleaved (``python -m bench.app --profile --pages home,glu``)."""
    columns = ["wall", *PROFILE_GROUPS, "other JS", "style, layout, GC, V8", "idle"]
    found: dict[str, list[dict[str, float]]] = {"floor": [], **{path: [] for path in pages}}
    with app_and_floor() as (browser, app_url, _, bare_url):
        from bench.hall import warm

        warm(app_url, pages)
        profiled_render(browser, bare_url)
        for _ in range(repeats):
            for path in pages:
                found["floor"].append(profiled_render(browser, bare_url))
                address = "" if path == "home" else path
                found[path].append(profiled_render(browser, f"{app_url}/{address}"))
    lines = ["| page | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for path, runs in found.items():
        cells = [statistics.median(run.get(c, 0.0) for run in runs) for c in columns]
        lines.append(f"| {path} | " + " | ".join(f"{cell:.0f}" for cell in cells) + " |")
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    lines += ["", f"ms, median of {repeats} per page; load average at the end {load}."]
    return "\n".join(lines)


# Each chart's margins as sent and as Plotly's automargin settled them, and what pushed them
# (``_fullLayout._pushmargin``: legend, titles, axes, each with the px it needs on each side).
CHART_MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(gd => gd.closest('[data-testid="stPlotlyChart"]')).map(gd => {
    const sides = m => ({l: Math.round(m.l), r: Math.round(m.r), t: Math.round(m.t),
                         b: Math.round(m.b)});
    const pushed = Object.entries(gd._fullLayout._pushmargin || {})
      .filter(([id]) => id !== 'base')
      .map(([id, m]) => `${id} ${['l', 'r', 't', 'b'].filter(k => m[k].size > 0)
        .map(k => k + Math.round(m[k].size)).join(' ')}`);
    return {draws: `${gd.__labDraws || 0} (${gd.__labMarginDraws || 0})`,
            width: gd._fullLayout.width,
            given: sides(gd._fullLayout.margin), settled: sides(gd._fullLayout._size),
            pushed: pushed.join('; ')};
  })"""
VIEWS = {"desk": DESKTOP, "phone": PHONE}


def chart_margins(pages: list[str], queries: tuple[str, ...] = ("", "lecture=1")) -> str:
    """Per chart, at a desk and on a phone, with each query (``python -m bench.app --margins
    --pages home,swish``): draws at load and margins sent → settled, where they moved."""
    lines = [
        "| page | view | chart | width | draws (automargin's) | sent l r t b | settled l r t b "
        "| pushed by |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    with app_and_floor() as (browser, app_url, _, _floor):
        for path in pages:
            address, _, own = path.partition("?")
            address = "" if address == "home" else address
            for query in queries:
                both = "&".join(q for q in (own, query) if q)
                for view, options in VIEWS.items():
                    context = browser.new_context(**options, locale="zh-CN")
                    context.add_init_script(DRAW_COUNTER)
                    page = context.new_page()
                    try:
                        page.goto(f"{app_url}/{address}" + (f"?{both}" if both else ""))
                        page.wait_for_function(READY_ANY, polling=50, timeout=180_000)
                        charts = page.evaluate(CHART_MARGINS)
                    finally:
                        context.close()
                    for index, chart in enumerate(charts):
                        sides = lambda m: " ".join(str(m[k]) for k in "lrtb")  # noqa: E731
                        lines.append(
                            f"| {path}{'?' + query if query else ''} | {view} | {index} "
                            f"| {chart['width']} | {chart['draws']} | {sides(chart['given'])} "
                            f"| {sides(chart['settled'])} | {chart['pushed']} |"
                        )
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


def option(name: str, default: str) -> str:
    """``--name value`` from the command line, else ``default``."""
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else default


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    if "--margins" in sys.argv:
        print(chart_margins(option("--pages", "home").split(",")))
    elif "--profile" in sys.argv:
        print(profile_table(option("--pages", "home").split(","), int(option("--repeats", "2"))))
    elif "--every-page" in sys.argv:
        from bench.hall import write_report

        repeats = int(option("--repeats", str(RENDER_REPEATS)))
        pages = option("--pages", "")
        table = every_page_first_render(repeats, pages.split(",") if pages else None)
        print(table)
        if "--no-write" not in sys.argv:
            write_report(table, "First render of every page against the floor", "first-render")
    else:
        print(run())
