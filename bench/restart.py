"""A server restarts under an open page: how soon does the reader's next move redraw?

``python -m bench.restart [--rounds 3] [--down 0,10] [--first-runs 4] [--before DIR] [--no-write]``

Per round and variant: headless Chromium opens the page, the server is stopped (SIGTERM, as
Ctrl-C or a redeploy) and started again on the same port, at once (Ctrl-C and ``make run``
again) and after 10 s (a redeploy: Streamlit's frontend has backed off to pinging the server
every 2.8-4 s by then), and as soon as the tab is
connected again the reader moves the β slider (ArrowRight); the round ends when the plotted data
itself has changed. Variants, in the same rounds so the machine's load weighs on all alike:

* the floor page, ``bench/bare_app.py`` (one slider, no fragment: Streamlit alone);
* /swish?beta=2 under plain ``streamlit run app.py`` (Streamlit Community Cloud);
* /swish?beta=2 under ``python -m deploy.launch`` (``make run``, ``make serve``: the app is
  imported as soon as the server listens).

Reported per variant, median and max over the rounds, in seconds: the new process's start until
it listens; (a) listening until the browser's websocket is back (Streamlit's frontend pings the
server with a growing back-off); (b) the page's recovery run (``ui/reconnect.py``), from the
reconnect to the run reaching the page's end: in a new process, its first run; (c) from there
until the move is drawn; and the aim, listening until the move is drawn (≤ 10 s).

Then, without a browser, the server's side of (b): a fresh server, and 1 s after it listens
(about when a browser is back) one student opens /swish?beta=2 over Streamlit's protocol; the
time of that first run, and of a second student's. ``--before DIR`` adds the same for another
checkout, e.g. the tree before a change (``git archive <commit> | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from harness.browser import (
    CHROMIUM_FLAGS,
    CONNECTED,
    DISCONNECTED,
    PLOTTED,
    chromium_path,
    move_slider,
)
from harness.server import free_port, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
AIM_S = 10.0
SLOW_MS = 120_000


@dataclass(frozen=True)
class Variant:
    name: str
    script: str
    path: str
    launcher: bool


VARIANTS = (
    Variant("floor page (`bench/bare_app.py`)", "bench/bare_app.py", "", launcher=False),
    Variant("/swish, `streamlit run app.py`", "app.py", "swish?beta=2", launcher=False),
    Variant("/swish, `python -m deploy.launch`", "app.py", "swish?beta=2", launcher=True),
)

# When the plotted data first differs from ``before`` (ms since the epoch), else false.
REDRAWN_AT = f"before => ({PLOTTED})() !== before && Date.now()"
DRAWN = '[data-testid="stApp"][data-test-script-state="notRunning"] .js-plotly-plot .main-svg'
# Every change of the connection state, with its time (ms since the epoch).
RECORD_STATES = """window.labStates = [];
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute("data-test-connection-state");
  const last = window.labStates[window.labStates.length - 1];
  if (state && (!last || last.state !== state)) window.labStates.push({state, at: Date.now()});
}).observe(document, {attributes: true, subtree: true,
                      attributeFilter: ["data-test-connection-state"]});"""


@dataclass
class Round:
    """One restart, in seconds (``time.time()`` and the browser's ``Date.now()``, one clock)."""

    started: float  # the new process started
    listening: float  # it answered /_stcore/health
    connected: float  # the tab's websocket was back
    caught_up: float | None  # the page's recovery run reached its end (the app only)
    redrawn: float  # the plotted data changed after the move

    @property
    def split(self) -> dict[str, float]:
        caught_up = self.caught_up if self.caught_up is not None else self.connected
        return {
            "start → listening": self.listening - self.started,
            "(a) listening → reconnected": self.connected - self.listening,
            "(b) recovery run": caught_up - self.connected,
            "(c) → move drawn": self.redrawn - caught_up,
            "listening → move drawn": self.redrawn - self.listening,
        }


def restart_once(browser, variant: Variant, down: float = 0.0) -> Round:
    """Open the page, restart its server on the same port (``down`` seconds after it stopped),
    move β at once, time the redraw."""
    port = free_port()
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.add_init_script(RECORD_STATES)
    try:
        page = context.new_page()
        page.set_default_timeout(SLOW_MS)
        with streamlit_server(variant.script, port, launcher=variant.launcher) as (url, _):
            page.goto(f"{url}/{variant.path}")
            page.wait_for_selector(DRAWN)
            page.wait_for_timeout(500)  # widgets settling may start one more run: let it end
            page.wait_for_selector(DRAWN)
        stopped = time.time()
        page.wait_for_selector(DISCONNECTED)
        time.sleep(max(0.0, stopped + down - time.time()))
        started = time.time()
        with streamlit_server(variant.script, port, launcher=variant.launcher, poll=0.05):
            listening = time.time()
            page.wait_for_selector(CONNECTED)
            before = page.evaluate(PLOTTED)
            move_slider(page, "beta")
            redrawn = page.wait_for_function(REDRAWN_AT, arg=before, polling=50).json_value()
            states = page.evaluate("() => window.labStates")
            caught_up = page.evaluate("() => window.labReconnect?.caughtUpAt ?? null")
            if page.locator("#lab-reconnect-banner").count():
                raise AssertionError(f"{variant.name}: the page said it could not catch up")
        connected = next(
            s["at"] for s in states if s["state"] == "CONNECTED" and s["at"] / 1000 > stopped
        )
        return Round(
            started,
            listening,
            connected / 1000,
            caught_up / 1000 if caught_up else None,
            redrawn / 1000,
        )
    finally:
        context.close()


def measure(rounds: int, down: float = 0.0) -> dict[Variant, list[Round]]:
    from playwright.sync_api import sync_playwright

    results: dict[Variant, list[Round]] = {variant: [] for variant in VARIANTS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            for number in range(rounds):
                for variant in VARIANTS:  # interleaved: drift in the machine's load hits all
                    found = restart_once(browser, variant, down)
                    results[variant].append(found)
                    shown = ", ".join(f"{k} {v:.2f}" for k, v in found.split.items())
                    print(f"round {number + 1}, {variant.name}: {shown}", file=sys.stderr)
        finally:
            browser.close()
    return results


def _cell(values: list[float], digits: int = 1) -> str:
    return f"{statistics.median(values):.{digits}f} / {max(values):.{digits}f}"


def load_average() -> str:
    try:
        return ", ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def report(results: dict[Variant, list[Round]], down: float = 0.0) -> str:
    columns = list(next(iter(results.values()))[0].split)
    lines = [
        f"**Restarted {'at once' if not down else f'{down:.0f} s after it stopped'}**: each "
        f"variant {len(next(iter(results.values())))} times, interleaved, in headless Chromium "
        f"on the shared 2-core machine (load average {load_average()} at the end); seconds, "
        "median / max. The reader moves β as soon as the tab is connected again; the floor "
        "page has no recovery run (its first run is in (c)). Aim: the move drawn "
        f"≤ {AIM_S:.0f} s after the server listens.",
        "",
        "| page, server | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for variant, rounds in results.items():
        cells = [_cell([r.split[c] for r in rounds]) for c in columns]
        if not variant.launcher and variant.script != "app.py":
            cells[2] = "—"  # no recovery run: the move's own run is the first (in (c))
        lines.append(f"| {variant.name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def met(results: dict[Variant, list[Round]]) -> bool:
    return all(
        r.split["listening → move drawn"] <= AIM_S for rounds in results.values() for r in rounds
    )


# Seconds between the server listening and the first student: about when a browser is back.
FIRST_AFTER_S = 1.0


def first_runs(repeats: int, before: Path | None) -> str:
    """The server's first and second run of /swish?beta=2, per way of starting it."""
    import asyncio

    from harness.protocol import Student

    async def opens(url: str) -> list[float]:
        seconds = []
        for _ in range(2):
            async with Student(url) as student:
                await student.connect("swish")
                run = await student.open("swish", "beta=2")
                if run.errors:
                    raise AssertionError(f"/swish: {run.errors}")
                seconds.append(run.seconds)
        return seconds

    ways = [(f"`{before}` (before), `streamlit run app.py`", before, False)] if before else []
    ways += [("`streamlit run app.py`", ROOT, False), ("`python -m deploy.launch`", ROOT, True)]
    found: dict[str, list[list[float]]] = {name: [] for name, _, _ in ways}
    for _ in range(repeats):
        for name, cwd, launcher in ways:  # interleaved, as the restarts above
            with streamlit_server(cwd=cwd, launcher=launcher, poll=0.05) as (url, _):
                time.sleep(FIRST_AFTER_S)
                found[name].append(asyncio.run(opens(url)))
            print(f"first runs, {name}: {found[name][-1]}", file=sys.stderr)
    lines = [
        f"**The server's first run** (the server side of (b)), without a browser: a fresh "
        f"server, one student opening /swish?beta=2 over Streamlit's protocol "
        f"{FIRST_AFTER_S:.0f} s after it listens, then a second student; {repeats} servers each, "
        f"interleaved (load average {load_average()} at the end); seconds, median / max.",
        "",
        "| server | first run | second run |",
        "|---|---:|---:|",
    ]
    for name, runs in found.items():
        first, second = _cell([r[0] for r in runs], 2), _cell([r[1] for r in runs], 2)
        lines.append(f"| {name} | {first} | {second} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.restart", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="restarts per variant (0: none)")
    parser.add_argument(
        "--down", default="0,10", help="seconds the server stays down, one table each"
    )
    parser.add_argument("--first-runs", type=int, default=4, help="servers per way (0: none)")
    parser.add_argument("--before", type=Path, help="another checkout to time first runs of")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    tables, ok = [], True
    for down in (float(d) for d in args.down.split(",") if args.rounds):
        results = measure(args.rounds, down)
        tables.append(report(results, down))
        ok = ok and met(results)
    if args.first_runs:
        tables.append(first_runs(args.first_runs, args.before))
    text = "\n\n".join(tables)
    print(text)
    if not args.no_write:
        from bench.hall import write_report

        write_report(text, "A server restarts under an open page (`bench.restart`)", "restart")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
