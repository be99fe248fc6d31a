"""Bytes on the wire per page, straight from Streamlit and through nginx: ``python -m bench.wire``.

What a room's Wi-Fi carries when a class opens the app. Per page, in headless Chromium:

* **first visit**: a fresh browser context (empty cache) opens ``/<page>`` and waits until the
  script has finished, every chart is drawn and the network has been quiet for a second;
* **move**: what a student pays when the teacher says "next page": one tab opens the first
  page, then clicks the sidebar link of each next page in menu order, and finally the first
  page's again; each click is measured as above.

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
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.hall import write_report
from deploy.nginx import precompress
from harness.browser import CHROMIUM_FLAGS, DRAWN, chromium_path
from harness.replicas import nginx
from harness.server import ROOT, free_port, streamlit_server
from views.navigation import PAGES

FIRST_VISIT_AIM = 3 * 1024 * 1024
MOVE_AIM = 150 * 1024
QUIET_SECONDS = 1.0


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

    def copy(self) -> Wire:
        return Wire(self.http, self.websocket, self.requests)

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


def route(path: str) -> str:
    """The URL path of a page: the default page (home) is served at ``/``."""
    return "" if path == PAGES[0].url_path else path


# What a browser asks for over plain http: brotli (``br``) only goes over HTTPS (and localhost).
PLAIN_HTTP = {"Accept-Encoding": "gzip, deflate"}


@contextlib.contextmanager
def fresh_tab(browser, headers: dict | None = None) -> Iterator[tuple[object, Wire]]:
    """A tab in a new browser context (an empty cache), its network watched."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="zh-CN", extra_http_headers=headers
    )
    try:
        page = context.new_page()
        wire = Wire()
        wire.attach(context.new_cdp_session(page))
        yield page, wire
    finally:
        context.close()


def open_page(page, wire: Wire, url: str, path: str) -> Wire:
    """Type the page's address: what it costs until drawn and quiet."""
    wire.reset()
    page.goto(f"{url}/{route(path)}")
    settle(page, wire)
    return wire.copy()


def click_to(page, wire: Wire, url: str, path: str) -> Wire:
    """Click the page's sidebar link: what the move costs until drawn and quiet."""
    wire.reset()
    target = f"{url}/{route(path)}"
    page.locator(f'[data-testid="stSidebarNav"] a[href="{target}"]').click()
    page.wait_for_url(lambda now: now.split("?")[0] == target)
    deadline = time.monotonic() + 60  # the new page's first message, then drawn and quiet
    while not wire.websocket and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    settle(page, wire)
    return wire.copy()


def first_visits(url: str, browser, pages: list[str], headers: dict | None = None) -> dict:
    """Per page, its first visit in a fresh context."""
    firsts = {}
    for path in pages:
        with fresh_tab(browser, headers) as (page, wire):
            firsts[path] = open_page(page, wire, url, path)
        say(f"  first visit {path}: {kb(firsts[path].total)} KB")
    return firsts


def measure(url: str, browser, pages: list[str]) -> dict[str, tuple[Wire, Wire]]:
    """Per page, its first visit (a fresh context each) and the move into it when a student
    follows the teacher: one tab opens the first page and clicks through the others in menu
    order, then back to the first."""
    firsts = first_visits(url, browser, pages)
    moves = {}
    with fresh_tab(browser) as (page, wire):
        open_page(page, wire, url, pages[0])
        for path in [*pages[1:], pages[0]]:
            moves[path] = click_to(page, wire, url, path)
            say(f"  move into {path}: {kb(moves[path].total)} KB")
    return {path: (firsts[path], moves[path]) for path in pages}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def kb(size: int) -> str:
    return f"{size / 1024:,.0f}"


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.2f}"


def report(direct: dict, proxied: dict, pages: list[str], plain: dict) -> str:
    lines = [
        "| page | first visit direct (MB) | first visit nginx (MB) | nginx over plain http (MB) "
        "| of which websocket (KB) | requests | move into it direct (KB) "
        "| move into it nginx (KB) | of which websocket (KB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for path in pages:
        (d_first, d_move), (n_first, n_move) = direct[path], proxied[path]
        cells = [
            path, mb(d_first.total), mb(n_first.total), mb(plain[path].total),
            kb(n_first.websocket), str(n_first.requests), kb(d_move.total), kb(n_move.total),
            kb(n_move.websocket),
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    worst_first = max(pages, key=lambda path: proxied[path][0].total)
    worst_move = max(pages, key=lambda path: proxied[path][1].total)
    first, move = proxied[worst_first][0].total, proxied[worst_move][1].total
    worst_plain = max(pages, key=lambda path: plain[path].total)
    lines += [
        "",
        f"Worst first visit through nginx: {mb(first)} MB ({worst_first}; aim ≤ 3 MB) "
        f"{'✅' if first <= FIRST_VISIT_AIM else '❌'}; worst move: {kb(move)} KB "
        f"(into {worst_move}; aim ≤ 150 KB) {'✅' if move <= MOVE_AIM else '❌'}. "
        f"Over plain http (no brotli): worst first visit {mb(plain[worst_plain].total)} MB "
        f"({worst_plain}) "
        f"{'✅' if plain[worst_plain].total <= FIRST_VISIT_AIM else '❌'}.",
        "",
        "Headless Chromium at 1400×1000. First visit: a fresh context (empty cache) per page. "
        "Move: one tab opens the first page, then clicks each next page's sidebar link in menu "
        "order and finally the first page's again, as a student following the teacher. Bytes: "
        "CDP `encodedDataLength` (HTTP as sent, compressed where the server compressed) plus "
        "the websocket frames' payload, until the page is drawn and the network has been quiet "
        "for 1 s; MB and KB are 2²⁰ and 2¹⁰ bytes. Direct: `streamlit run app.py`; nginx: "
        "`deploy.nginx`'s configuration (static files precompressed, brotli where the browser "
        "takes it, else gzip, "
        "`Cache-Control: public, max-age=31536000, immutable` on hashed files) in front of one "
        "replica, as `make serve` runs it. Browsers take brotli over HTTPS only (and from "
        "localhost, as here); *plain http* is the same first visit asking for gzip alone, as "
        "a browser does from a campus server without TLS.",
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
    order = [spec.url_path for spec in PAGES]
    asked = args.pages.split(",") if args.pages else order
    unknown = sorted(set(asked) - set(order))
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")
    pages = [path for path in order if path in asked]  # the menu's order: the route's
    from playwright.sync_api import sync_playwright

    # A kill (SIGTERM) unwinds like Ctrl-C, so the server and nginx below stop with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with contextlib.ExitStack() as stack:
        server, _ = stack.enter_context(streamlit_server())
        backend = server.removeprefix("http://")
        proxied_url = stack.enter_context(nginx(free_port(), [backend], static=precompress()))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        stack.callback(browser.close)
        say("direct:")
        direct = measure(server, browser, pages)
        say("through nginx:")
        proxied = measure(proxied_url, browser, pages)
        say("through nginx, plain http (gzip only):")
        plain = first_visits(proxied_url, browser, pages, PLAIN_HTTP)
    text = report(direct, proxied, pages, plain)
    print(text)
    if not args.no_write:
        write_report(text, "Bytes on the wire: direct and through nginx (`bench.wire`)", "wire")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
