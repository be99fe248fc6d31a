"""A small lecture hall over Streamlit's own protocol, and the replicas' load balancer.

The full hall (``make hall``, 300 students per page) measures latency; here a class of 30 on
two pages checks only what must hold at any size: every student opens the page and makes
every move, and no run shows an error or leaves a traceback in the server log.
"""

from __future__ import annotations

import contextlib
import http.server
import random
import threading
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from bench import hall
from harness import replicas
from harness.protocol import Student
from harness.server import free_port
from tests.support.servers import nginx_or_skip

pytestmark = pytest.mark.server  # one server per file, one worker: tests/support/workers.py


@pytest.fixture(scope="module")
def lecture_server():
    with hall.server(None) as found:
        yield found


@pytest.mark.parametrize("page", ["swish", "glu"])
def test_a_class_of_30_sees_no_error(lecture_server, page):
    url, pids, logged = lecture_server
    result = hall.hall(url, pids, hall.SCENARIOS[page], students=30, ramp=8.0)
    assert result.errors == []
    assert len(result.visits) == 30
    assert all(len(visit.controls) == hall.MOVES for visit in result.visits)
    assert logged() == []


def test_a_slider_reruns_only_its_fragment(lecture_server):
    """A move sends back the panel its slider drives, not the page."""
    url = lecture_server[0]

    async def one_move():
        async with Student(url) as student:
            await student.connect("swish")
            opened = await student.open("swish")
            moved = await student.change("beta", 2.0)
            return opened, moved

    opened, moved = hall.run_async(one_move())
    assert moved.fragment and not moved.errors
    assert moved.messages < opened.messages


@pytest.mark.parametrize(("page", "choice"), [("more", 1), ("hardware", 3)])  # ELU, SELU
def test_choosing_another_function_reruns_one_fragment(lecture_server, page, choice):
    """The function picker of /more and /hardware lives in the fragment with everything it
    changes (figures, prose, references): a choice reruns that, not the page and its sidebar."""
    url, _, logged = lecture_server

    async def choose():
        async with Student(url) as student:
            await student.connect(page)
            opened = await student.open(page)
            return opened, await student.change("fn", choice)

    opened, moved = hall.run_async(choose())
    assert moved.fragment and not moved.errors
    assert moved.messages < opened.messages
    assert logged() == []


def test_the_vanishing_switches_move_over_the_protocol(lecture_server):
    """The hall's vanishing class flips the residual toggle and picks a normalisation: each a
    fragment run without an error (a toggle is a checkbox on the wire)."""
    url, _, logged = lecture_server

    async def switch():
        async with Student(url) as student:
            await student.connect("vanishing")
            await student.open("vanishing")
            assert student.widgets["residual"].kind == "checkbox"
            switches = dict(hall.SCENARIOS["vanishing"].moves[:2])
            assert set(switches) == {"residual", "norm"}
            return [
                await student.change("residual", True),
                await student.change("norm", switches["norm"][-1]),  # RMSNorm
            ]

    for moved in hall.run_async(switch()):
        assert moved.fragment and not moved.errors
    assert logged() == []


def test_write_report_replaces_only_its_own_block(tmp_path, monkeypatch):
    report = tmp_path / "REPORT.md"
    report.write_text("# Bench\n\nearlier tables\n", encoding="utf-8")
    monkeypatch.setattr(hall, "REPORT", report)
    hall.write_report("first hall")
    hall.write_report("replicas", marker="hall-replicas")
    hall.write_report("second hall")
    text = report.read_text(encoding="utf-8")
    assert "earlier tables" in text and "second hall" in text and "replicas" in text
    assert "first hall" not in text
    assert hall.kept_blocks(text).count("<!-- hall") == 4  # two blocks, start and end each


def test_nginx_conf_passes_websockets_and_keeps_affinity():
    conf = replicas.nginx_conf(Path("/tmp/x"), 9000, ["127.0.0.1:1", "127.0.0.1:2"])
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "hash $affinity consistent;" in conf
    assert conf.count("server 127.0.0.1:") == 2
    assert "listen 127.0.0.1:9000;" in conf


class _Named(http.server.BaseHTTPRequestHandler):
    """Answers every GET with its server's name: which replica served the request."""

    def do_GET(self):
        body = self.server.name.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _backend(name: str):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Named)
    server.name = name
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_each_browser_stays_on_one_replica_and_both_replicas_serve():
    """A browser's cookie pins it to one replica (its websocket must land where its page did);
    new browsers spread over both."""
    nginx_or_skip()
    with _backend("a") as a, _backend("b") as b, replicas.nginx(free_port(), [a, b]) as url:
        seen_first = set()
        for _ in range(16):
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
            served = {opener.open(f"{url}/page").read().decode() for _ in range(5)}
            assert len(served) == 1  # the same browser, five requests, one replica
            seen_first |= served
        assert seen_first == {"a", "b"}


def _result(name: str, open_ms: float, move_ms: float | None, cpu_s: float, runs: int):
    visits = [hall.Visit(name, 0.1, runs=runs)]
    solo = hall.Solo(move_ms, move_ms) if move_ms is not None else None
    return hall.Result(name, 1, 5.0, visits, 1.0, cpu_s, 0.0, 100.0, solo=solo, open_ms=open_ms)


def test_floor_table_states_each_page_as_a_ratio_to_the_floor():
    floors = [_result("floor (first)", 10, 6, 0.8, 100), _result("floor (last)", 14, 10, 1.2, 100)]
    pages = [_result("swish", 24, 12, 2.0, 100), _result("home", 18, None, 1.0, 100)]
    rows = {line.split(" | ")[0][2:]: line for line in hall.floor_table(pages, floors).splitlines()}
    # floor means: open 12 ms, move 8 ms, 10 ms per run under load
    assert rows["swish"] == "| swish | 24 | 2.00× | 12 | 1.50× | 20 | 2.00× | ❌ |"
    assert rows["home"] == "| home | 18 | 1.50× | — | — | 10 | 1.00× | ✅ |"
    assert rows["floor (first)"].startswith("| floor (first) | 10 | 0.83× | 6 | 0.75× |")


def test_the_home_page_is_opened_at_the_root_as_a_browser_does():
    assert hall.address("home") == "" and hall.address("swish") == "swish"
    assert hall.Scenario("home", ()).draw(random.Random(0)) == []
