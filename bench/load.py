"""Load test: one Streamlit server, N concurrent students in headless Chromium.

``python -m bench.load [--sessions N] [--port P | --url URL]`` starts ``streamlit run app.py``
(or reuses the server at ``--url``), launches one Chromium and N isolated browser contexts
(N students, each with its own cookies, storage and Streamlit session), and has each one:

* open the home page, then visit every page of :data:`views.navigation.PAGES` through the
  sidebar (one Streamlit session per student, as in class);
* move a slider: focus the first slider (``<input type="range">``, ARIA role ``slider``) in
  the main area and press ArrowRight (one script rerun, timed separately). By default on every
  page that has one; with ``moves="one"`` (the reduced CI form) on one page per student, a
  different page for each student;
* on the GLU page, click the figure's ▶ 播放 button and check the animation advances;
* after every step, collect what a user must never see: ``stException`` elements, KaTeX
  errors, the error boundary's ``.st-key-app-error``, console errors, page errors, dialogs.

Meanwhile a sampler reads ``/proc/<pid>/status`` (VmRSS, and VmHWM of the server process) of
the server and all its descendants every 0.2 s. Pass: zero errors and peak RSS ≤ 690 MB
(:data:`RSS_LIMIT_MB`).

Times are wall-clock on whatever machine runs this; with N browsers and the server sharing a
few cores they measure contention as much as the app. Compare runs on the same machine only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import MemorySampler, listening_pid, percentile
from harness.browser import CHROMIUM_FLAGS, NEVER_SEEN, base_path_probe, chromium_path
from harness.server import healthy, streamlit_server, tracebacks
from views.navigation import nav_link_selector

ROOT = Path(__file__).resolve().parent.parent
# Streamlit Community Cloud's smallest tier, the hall's memory aim too. It was 400 MB: four
# browser students across 17 pages peak at ~310 MB on a quiet machine, but at 537 MB when the
# rest of the test suite loads the machine beside them (runs queue, their messages wait).
RSS_LIMIT_MB = 690.0
DEFAULT_SESSIONS = 20
PAGE_TIMEOUT_MS = 180_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
MAIN = '[data-testid="stMain"]'
PLAY_BUTTON = ".updatemenu-button"
PLAY_LABEL = "播放"
ANIMATION_VALUE = "g.slider-group > text.slider-label"  # Plotly's "词元 1 / 8"


# --- one student --------------------------------------------------------------------------------


@dataclass
class Student:
    index: int
    errors: list[str] = field(default_factory=list)
    page_ms: dict[str, float] = field(default_factory=dict)
    rerun_ms: list[float] = field(default_factory=list)
    animation_played: bool = False
    animation_ms: float | None = None  # from the click on ▶ to the first new frame
    animation_clicked_twice: bool = False  # a late redraw replaced the figure under the click

    def error(self, where: str, what: str) -> None:
        self.errors.append(f"session {self.index} · {where} · {what[:300]}")


async def _settled(page, timeout: float) -> None:
    """The script has finished and no skeleton remains; then wait out a settling rerun."""
    await page.wait_for_selector(IDLE, timeout=timeout)
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout
    )


async def _after_action(page, timeout: float) -> None:
    """Wait for the rerun an action triggers: it starts (or was too quick to see), then ends."""
    with contextlib.suppress(Exception):
        await page.wait_for_selector(RUNNING, timeout=3_000)
    await _settled(page, timeout)
    await page.wait_for_timeout(300)
    await _settled(page, timeout)


async def _check(page, student: Student, where: str) -> None:
    for element in await page.query_selector_all(NEVER_SEEN):
        text = (await element.inner_text()).strip().replace("\n", " ")
        student.error(where, f"element: {text}")


# Marks the figure under the button, so a later check can tell whether the page replaced it.
_MARK_FIGURE = "b => { b.closest('.js-plotly-plot').__clicked = true; }"
_FIGURE_REPLACED = "() => ![...document.querySelectorAll('.js-plotly-plot')].some(g => g.__clicked)"


async def _advances(page, before: str | None, timeout: float) -> bool:
    with contextlib.suppress(Exception):
        await page.wait_for_function(
            "([sel, old]) => { const e = document.querySelector(sel);"
            " return e && e.textContent !== old; }",
            arg=[ANIMATION_VALUE, before],
            timeout=timeout,
        )
    return await page.locator(ANIMATION_VALUE).first.text_content() != before


async def _play_animation(page, student: Student, timeout: float) -> None:
    """Click ▶; if a late redraw replaced the figure under the click, click once more.

    A redraw that lands after the click (the delta of the rerun before it, seconds late in a
    starved browser) mounts a fresh figure and the animation never starts: a student would see
    nothing and click again, and so does this, counting it. No advance without a redraw, or
    after the second click, is an error.
    """
    button = page.locator(PLAY_BUTTON, has_text=PLAY_LABEL).first
    await button.wait_for(timeout=timeout)
    before = await page.locator(ANIMATION_VALUE).first.text_content()
    busy = await page.locator(RUNNING).count()
    start = time.perf_counter()
    await button.evaluate(_MARK_FIGURE)
    await button.click()
    # The frames run in the browser: with N Chromiums sharing the server's few cores a 1.2 s
    # frame can take tens of seconds, as page loads do (p95 of minutes at N = 20).
    wait = min(timeout, 90_000)
    played = await _advances(page, before, wait)
    if not played and await page.evaluate(_FIGURE_REPLACED):
        student.animation_clicked_twice = True
        await button.click()
        played = await _advances(page, before, wait)
    seconds = time.perf_counter() - start
    if played:
        student.animation_ms = 1000 * seconds
        student.animation_played = True
    else:
        state = "running" if busy else "idle"
        again = ", clicked again after a redraw" if student.animation_clicked_twice else ""
        student.error(
            "glu",
            f"animation did not advance in {seconds:.0f} s (still {before!r}; script {state} "
            f"at the click{again})",
        )


async def student_run(
    browser, url: str, pages, student: Student, timeout: float, moves: str = "every"
) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = await context.new_page()
    page.set_default_timeout(timeout)
    where = {"page": "home"}

    def console(message) -> None:
        url = (message.location or {}).get("url", "")
        if message.type == "error" and not base_path_probe(message.text, url):
            student.error(where["page"], f"console: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda e: student.error(where["page"], f"pageerror: {e}"))

    async def dialog(d) -> None:
        student.error(where["page"], f"dialog: {d.message}")
        await d.dismiss()

    page.on("dialog", dialog)
    try:
        for number, spec in enumerate(pages):
            where["page"] = spec.url_path
            start = time.perf_counter()
            if number == 0:
                await page.goto(f"{url}/{'' if spec.url_path == 'home' else spec.url_path}")
                await _settled(page, timeout)
            else:
                link = page.locator(nav_link_selector(spec.url_path))
                await link.first.click()
                await page.wait_for_url(f"**/{spec.url_path}*", timeout=timeout)
                await _after_action(page, timeout)
            student.page_ms[spec.url_path] = 1000 * (time.perf_counter() - start)
            await _check(page, student, spec.url_path)
            slider = page.locator(MAIN).get_by_role("slider").first  # <input type=range>
            # moves="one": from which page on to look for a slider (first half of the map)
            offset = (3 * (student.index - 1)) % max(1, len(pages) // 2)
            wants = moves == "every" or (not student.rerun_ms and number >= offset)
            if wants and await slider.count():
                start = time.perf_counter()
                await slider.focus()
                await slider.press("ArrowRight")
                await _after_action(page, timeout)
                student.rerun_ms.append(1000 * (time.perf_counter() - start))
                await _check(page, student, f"{spec.url_path} after slider")
            if spec.url_path == "glu":
                await _play_animation(page, student, timeout)
                await _check(page, student, "glu after play")
    except Exception as error:  # a timeout or a crash is an error of this session, not the run
        student.error(where["page"], f"{type(error).__name__}: {error}")
    finally:
        await context.close()


async def _all_students(
    url: str, sessions: int, pages, timeout: float, moves: str
) -> list[Student]:
    from playwright.async_api import async_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium found (install Debian's chromium or set $CHROMIUM)")
    students = [Student(index) for index in range(1, sessions + 1)]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_FLAGS, headless=True
        )
        try:

            async def arrive(student: Student) -> None:
                await asyncio.sleep(0.25 * (student.index - 1))  # students trickle in
                await student_run(browser, url, pages, student, timeout, moves)

            await asyncio.gather(*(arrive(s) for s in students))
        finally:
            await browser.close()
    return students


def _in_thread(coroutine):
    """Run ``coroutine`` on a fresh event loop in its own thread (safe inside pytest, where a
    sync Playwright may own this thread's loop)."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, name="bench-load")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


# --- the report ---------------------------------------------------------------------------------


@dataclass
class LoadResult:
    sessions: int
    students: list[Student]
    peak_mb: float | None
    start_mb: float | None
    seconds: float
    url: str
    server_errors: list[str] = field(default_factory=list)  # tracebacks the server logged

    @property
    def errors(self) -> list[str]:
        return [error for student in self.students for error in student.errors]

    @property
    def page_ms(self) -> list[float]:
        return [ms for student in self.students for ms in student.page_ms.values()]

    @property
    def rerun_ms(self) -> list[float]:
        return [ms for student in self.students for ms in student.rerun_ms]

    @property
    def visits(self) -> int:
        return len(self.page_ms)

    @property
    def ok(self) -> bool:
        memory_ok = self.peak_mb is not None and self.peak_mb <= RSS_LIMIT_MB
        return not self.errors and not self.server_errors and memory_ok


def report(result: LoadResult, pages) -> str:
    mark = {True: "✅", False: "❌"}
    expected = result.sessions * len(pages)
    played = sum(student.animation_played for student in result.students)
    twice = sum(student.animation_clicked_twice for student in result.students)
    peak = "not measured" if result.peak_mb is None else f"{result.peak_mb:.0f} MB"
    rss_ok = result.peak_mb is not None and result.peak_mb <= RSS_LIMIT_MB
    start = "—" if result.start_mb is None else f"{result.start_mb:.0f} MB"
    page_ms, rerun_ms = result.page_ms, result.rerun_ms
    animation_ms = [s.animation_ms for s in result.students if s.animation_ms is not None]
    lines = [
        f"### Load: {result.sessions} concurrent sessions × {len(pages)} pages",
        "",
        "| measure | value | aim |",
        "|---|---:|---|",
        f"| page visits completed | {result.visits} / {expected} | all "
        f"{mark[result.visits == expected]} |",
        f"| errors (exceptions, KaTeX, error box, console, page errors, dialogs) | "
        f"{len(result.errors)} | 0 {mark[not result.errors]} |",
        f"| GLU animation played (first frame after p50 / p95) | {played} / {result.sessions} "
        f"({percentile(animation_ms, 0.5) / 1000:.1f} s / "
        f"{percentile(animation_ms, 0.95) / 1000:.1f} s) | all {mark[played == result.sessions]} |",
        f"| … of which needed a second click (a late redraw replaced the figure) | {twice} | |",
        f"| page complete p50 / p95 | {percentile(page_ms, 0.5) / 1000:.1f} s / "
        f"{percentile(page_ms, 0.95) / 1000:.1f} s | (contention; no aim) |",
        f"| rerun after a slider p50 / p95 | {percentile(rerun_ms, 0.5) / 1000:.1f} s / "
        f"{percentile(rerun_ms, 0.95) / 1000:.1f} s ({len(rerun_ms)} moves) | (no aim) |",
        f"| server RSS before → peak (incl. children) | {start} → {peak} | "
        f"≤ {RSS_LIMIT_MB:.0f} MB {mark[rss_ok]} |",
        f"| wall time | {result.seconds:.0f} s | |",
        "",
        "Per page, page complete p50 / p95 (s): "
        + ", ".join(
            f"{spec.url_path} {percentile(_per_page(result, spec.url_path), 0.5) / 1000:.1f}/"
            f"{percentile(_per_page(result, spec.url_path), 0.95) / 1000:.1f}"
            for spec in pages
        ),
    ]
    if result.errors:
        lines += ["", "Errors (first 20):", ""]
        lines += [f"- {error}" for error in result.errors[:20]]
    if result.server_errors:
        lines += ["", f"Server log: {len(result.server_errors)} traceback(s); the first:", ""]
        lines += ["```", result.server_errors[0], "```"]
    lines += ["", f"**{'PASS' if result.ok else 'FAIL'}**"]
    return "\n".join(lines)


def _per_page(result: LoadResult, url_path: str) -> list[float]:
    return [s.page_ms[url_path] for s in result.students if url_path in s.page_ms]


def measure(
    sessions: int = DEFAULT_SESSIONS,
    *,
    url: str | None = None,
    port: int | None = None,
    pages=None,
    timeout: float = PAGE_TIMEOUT_MS,
    moves: str = "every",
) -> LoadResult:
    """Run the load and return the raw result (see :func:`run` for the report)."""
    from views.navigation import PAGES

    pages = tuple(pages or PAGES)
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(tempfile.TemporaryFile("w+"))
        if url is None:
            url, pid = stack.enter_context(streamlit_server(port=port, log=log))
        else:
            url = url.rstrip("/")
            if not healthy(url):
                raise RuntimeError(f"no healthy Streamlit server at {url}")
            pid = listening_pid(int(url.rsplit(":", 1)[1].split("/")[0]))
        sampler = stack.enter_context(MemorySampler(pid)) if pid else None
        start = time.perf_counter()
        students = _in_thread(_all_students(url, sessions, pages, timeout, moves))
        seconds = time.perf_counter() - start
        log.seek(0)
        server_errors = tracebacks(log.read())
    return LoadResult(
        sessions=sessions,
        students=students,
        peak_mb=sampler.peak_mb if sampler else None,
        start_mb=sampler.start_kb / 1024 if sampler else None,
        seconds=seconds,
        url=url,
        server_errors=server_errors,
    )


def run(
    sessions: int = DEFAULT_SESSIONS, *, url: str | None = None, port: int | None = None
) -> tuple[str, bool]:
    """The load test as ``(markdown report, passed)``."""
    from views.navigation import PAGES

    result = measure(sessions, url=url, port=port)
    return report(result, PAGES), result.ok


def main(argv: list[str] | None = None) -> int:
    summary = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=summary)
    parser.add_argument("--sessions", type=int, default=DEFAULT_SESSIONS, help="default 20")
    parser.add_argument("--port", type=int, help="port for the server this starts (default free)")
    parser.add_argument("--url", help="reuse a running server, e.g. http://127.0.0.1:8501")
    args = parser.parse_args(argv)
    text, ok = run(args.sessions, url=args.url, port=args.port)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
