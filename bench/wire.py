"""Bytes on the wire per page, straight from Streamlit and through nginx: ``python -m bench.wire``.

What a room's Wi-Fi carries when a class opens the app. Per page, in headless Chromium:

* **first visit**: a fresh browser context (empty cache) opens ``/<page>`` and waits until the
  script has finished, every chart is drawn and the network has been quiet for a second;
* **move**: then, in the same tab, a click on the sidebar link of the next page in the menu
  (the last page moves to the first): what a student pays when the teacher says "next page".

HTTP bytes are CDP's ``Network.loadingFinished`` ``encodedDataLength`` summed (headers and body
as they crossed the wire, compressed where the server compressed); the websocket column is the
payload of the frames the server sent (Streamlit sends them uncompressed unless
``server.enableWebsocketCompression`` is on). Each page is measured against one Streamlit
server directly and through nginx (:mod:`deploy.nginx`, the configuration ``make serve``
runs, one replica behind it), in the same run.

Aims (issue 20): ≤ 3 MB for a first visit through nginx, ≤ 150 KB for a move. Both are judged
on HTTP plus websocket bytes. The report goes to the console and to ``bench/REPORT.md``
between the ``wire`` markers. ``--pages home,swish`` measures a subset.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import sys
import time
from dataclasses import dataclass, field

from bench.hall import write_report
from bench.replicas import nginx
from bench.server import CHROMIUM_FLAGS, ROOT, chromium_path, free_port, streamlit_server
from deploy.nginx import precompress
from ui.navigation import PAGES

FIRST_VISIT_AIM = 3 * 1024 * 1024
MOVE_AIM = 150 * 1024
QUIET_SECONDS = 1.0
# The page as a reader sees it: the script done, no placeholder left, every chart drawn.
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector('[data-testid="stMain"] h1')) return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.every(plot => plot.querySelector('.main-svg'));
}"""


@dataclass
class Wire:
    """What one tab's network carried, from CDP events, since the last :meth:`reset`."""

    http: int = 0
    websocket: int = 0
    requests: int = 0
    in_flight: set[str] = field(default_factory=set)
    last_event: float = field(default_factory=time.monotonic)

    def reset(self) -> None:
        self.http = self.websocket = self.requests = 0
        self.last_event = time.monotonic()

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})

    def _sent(self, event) -> None:
        self.in_flight.add(event["requestId"])
        self.requests += 1
        self.last_event = time.monotonic()

    def _finished(self, event) -> None:
        self.in_flight.discard(event["requestId"])
        self.http += int(event.get("encodedDataLength", 0))
        self.last_event = time.monotonic()

    def _failed(self, event) -> None:
        self.in_flight.discard(event["requestId"])
        self.last_event = time.monotonic()

    def _frame(self, event) -> None:
        response = event["response"]
        payload = response.get("payloadData", "")
        # opcode 2: binary, which CDP hands over base64-encoded (Streamlit's protobuf messages)
        size = len(base64.b64decode(payload)) if response.get("opcode") == 2 else len(payload)
        self.websocket += size
        self.last_event = time.monotonic()

    @property
    def total(self) -> int:
        return self.http + self.websocket

    def quiet(self) -> bool:
        """No request in flight and nothing received for :data:`QUIET_SECONDS`."""
        return not self.in_flight and time.monotonic() - self.last_event >= QUIET_SECONDS


def settle(page, wire: Wire, timeout: float = 120.0) -> None:
    """Wait until the page is drawn and its network quiet (lazy chunks and figures included)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_function(DRAWN, polling=100, timeout=timeout * 1000)
        if wire.quiet():
            return
        page.wait_for_timeout(200)
    raise TimeoutError(f"{page.url} did not settle in {timeout:.0f} s")


@dataclass
class Row:
    page: str
    first: Wire
    move: Wire
    moved_from: str


def route(path: str) -> str:
    """The URL path of a page: the default page (home) is served at ``/``."""
    return "" if path == PAGES[0].url_path else path


def measure(browser, url: str, path: str, next_path: str) -> tuple[Wire, Wire]:
    """A fresh context opens ``/path`` (first visit), then clicks the link to ``next_path``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page = context.new_page()
        wire = Wire()
        wire.attach(context.new_cdp_session(page))
        wire.reset()
        page.goto(f"{url}/{route(path)}")
        settle(page, wire)
        first = Wire(wire.http, wire.websocket, wire.requests)
        wire.reset()
        received = wire.websocket
        target = f"{url}/{route(next_path)}"
        page.locator(f'[data-testid="stSidebarNav"] a[href="{target}"]').click()
        page.wait_for_url(lambda now: now.split("?")[0] == target)
        # The next page's script has answered (the old page was drawn and quiet already).
        deadline = time.monotonic() + 60
        while wire.websocket == received and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        settle(page, wire)
        return first, Wire(wire.http, wire.websocket, wire.requests)
    finally:
        context.close()


def run_routes(url: str, browser, pages: list[str]) -> dict[str, tuple[Wire, Wire, str]]:
    """Per page: its first visit, and the move from it to the next page in the menu."""
    found = {}
    order = [spec.url_path for spec in PAGES]
    for path in pages:
        following = order[(order.index(path) + 1) % len(order)]
        first, move = measure(browser, url, path, following)
        found[path] = (first, move, following)
        print(
            f"  {path}: first {kb(first.total)} KB; move → {following} {kb(move.total)} KB",
            file=sys.stderr,
            flush=True,
        )
    return found


def kb(size: int) -> str:
    return f"{size / 1024:,.0f}"


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.2f}"


def report(direct: dict, proxied: dict, pages: list[str]) -> str:
    lines = [
        "| page | first visit direct (MB) | first visit nginx (MB) | of which websocket (KB) "
        "| requests | then a click to | move direct (KB) | move nginx (KB) "
        "| of which websocket (KB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for path in pages:
        d_first, d_move, following = direct[path]
        n_first, n_move, _ = proxied[path]
        cells = [
            path, mb(d_first.total), mb(n_first.total), kb(n_first.websocket),
            str(n_first.requests), following, kb(d_move.total), kb(n_move.total),
            kb(n_move.websocket),
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    worst_first = max(proxied[path][0].total for path in pages)
    worst_move = max(proxied[path][1].total for path in pages)
    first_ok = "✅" if worst_first <= FIRST_VISIT_AIM else "❌"
    move_ok = "✅" if worst_move <= MOVE_AIM else "❌"
    lines += [
        "",
        f"Worst first visit through nginx: {mb(worst_first)} MB (aim ≤ 3 MB) {first_ok}; "
        f"worst move: {kb(worst_move)} KB (aim ≤ 150 KB) {move_ok}.",
        "",
        "Headless Chromium, a fresh context (empty cache) per first visit, 1400×1000; bytes are "
        "CDP `encodedDataLength` (HTTP, as sent) plus the websocket frames' payload, until the "
        "page is drawn and the network has been quiet for 1 s; a move is a click on the next "
        "page's sidebar link in the same tab. Direct: `streamlit run app.py`; nginx: "
        "`deploy.nginx`'s configuration (static files precompressed, gzip, long-lived "
        "`Cache-Control` on hashed files) in front of one replica, as `make serve` runs it.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.wire", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", help="comma-separated url paths (default: every page)")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/REPORT.md")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    pages = args.pages.split(",") if args.pages else [spec.url_path for spec in PAGES]
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        server, _ = stack.enter_context(streamlit_server())
        backend = server.removeprefix("http://")
        proxied_url = stack.enter_context(nginx(free_port(), [backend], static=precompress()))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        stack.callback(browser.close)
        print("direct:", file=sys.stderr)
        direct = run_routes(server, browser, pages)
        print("through nginx:", file=sys.stderr)
        proxied = run_routes(proxied_url, browser, pages)
    text = report(direct, proxied, pages)
    print(text)
    if not args.no_write:
        write_report(text, "Bytes on the wire: direct and through nginx (`bench.wire`)", "wire")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
