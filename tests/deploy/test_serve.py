"""``make serve``: nginx in front of two replicas, as a lecturer starts it (``deploy.serve``).

One supervisor for the module (two replicas and nginx on a free port). Checked: a browser gets
the app through nginx; Streamlit's scripts arrive gzipped with a year's cache; new students
(Streamlit's protocol over the websocket nginx upgrades) are served while one replica is dead,
and the supervisor starts that replica again.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.launch import WARM_UP
from deploy.nginx import ASSET_CACHE, precompress, serves_brotli, streamlit_static
from deploy.serve import healthy
from harness.browser import CHROMIUM_FLAGS, DRAWN, chromium_path
from harness.protocol import Student, run_async
from harness.server import free_port
from tests.support.servers import nginx_or_skip

pytestmark = pytest.mark.server  # one server per file, one worker: tests/support/workers.py

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 240.0  # two cold replicas on a shared two-core machine


@dataclass
class Served:
    url: str
    state_file: Path
    process: subprocess.Popen
    log: Path

    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):  # a zombie is dead but not yet reaped by its parent
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return False


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    nginx_or_skip()
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    state_file, log = folder / "state.json", folder / "serve.log"
    argv = [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--port", str(port)]
    argv += ["--host", "127.0.0.1", "--state", str(state_file)]
    env = {**os.environ, WARM_UP: "0"}  # the replicas: no test here measures their warm-up
    with log.open("w") as out:
        process = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    served = Served(f"http://127.0.0.1:{port}", state_file, process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while not (state_file.exists() and "serving on" in served.output()):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"make serve did not start:\n{served.output()[-3000:]}")
        time.sleep(0.5)
    yield served
    state = served.state()
    process.send_signal(signal.SIGTERM)  # what Ctrl-C does: every process stops
    assert process.wait(timeout=60) == 0, served.output()[-3000:]
    pids = [state["nginx"]["pid"], *(replica["pid"] for replica in state["replicas"])]
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in pids if _alive(pid)], served.output()[-3000:]
    assert not Path(state["run_dir"]).exists()  # a clean stop leaves no run folder behind


def _get(url: str, gzip_ok: bool = True) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return {name.lower(): value for name, value in r.headers.items()}, r.read()


def _entry_script(url: str) -> str:
    """The path of the script ``index.html`` loads first (a hashed name)."""
    _, page = _get(url, gzip_ok=False)
    return re.search(r'src="\./(static/js/index\.[^"]+\.js)"', page.decode()).group(1)


def test_scripts_arrive_gzipped_with_a_years_cache(served):
    script = _entry_script(served.url)
    original = (streamlit_static() / script).read_bytes()
    headers, body = _get(f"{served.url}/{script}")
    assert headers.get("content-encoding") == "gzip"
    assert headers.get("cache-control") == ASSET_CACHE
    assert "accept-encoding" in headers.get("vary", "").lower()
    assert len(body) < len(original) / 2
    assert gzip.decompress(body) == original
    plain_headers, plain = _get(f"{served.url}/{script}", gzip_ok=False)
    assert "content-encoding" not in plain_headers  # a client without gzip gets the file
    assert plain == original


def _visit_swish(
    url: str, path: str, headers: dict[str, str] | None = None
) -> tuple[dict[str, str], set[str]]:
    """Chromium opens /swish through nginx: each script's Content-Encoding, and the cookies."""
    from playwright.sync_api import sync_playwright

    scripts: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(
                viewport={"width": 1400, "height": 1000},
                locale="zh-CN",
                extra_http_headers=headers,
            )
            page.on(
                "response",
                lambda r: (
                    "/static/js/" in r.url
                    and scripts.setdefault(r.url, r.headers.get("content-encoding", ""))
                ),
            )
            page.goto(f"{url}/swish")
            page.wait_for_function(DRAWN, polling=100, timeout=120_000)
            assert page.locator(".js-plotly-plot .main-svg").count() > 0  # drawn over the socket
            assert page.locator('[data-testid="stException"]').count() == 0
            cookies = {cookie["name"] for cookie in page.context.cookies()}
        finally:
            browser.close()
    return scripts, cookies


def test_a_browser_gets_the_app_through_nginx(served):
    path = chromium_path()
    if path is None:
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail("E2E_REQUIRED=1 but no Chromium found")
        pytest.skip("no Chromium found (install Debian's chromium or set $CHROMIUM)")
    # In a thread of its own: a worker that also ran the browser suite keeps a session-wide
    # Playwright (and its event loop) in this thread, and two sync Playwrights cannot share one.
    plain_http = {"Accept-Encoding": "gzip, deflate"}  # what a browser asks for without TLS
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        scripts, cookies = pool.submit(_visit_swish, served.url, path).result()
        gzipped, _ = pool.submit(_visit_swish, served.url, path, plain_http).result()
    assert "lab_replica" in cookies  # the affinity cookie its websocket followed
    # Every script worth compressing came compressed (a 70-byte one may come as it is): as
    # brotli where nginx has the module and the copy its .br files (Chromium asks for br from
    # localhost), else gzip; and gzip to a browser that does not take brotli.
    expected = "br" if serves_brotli(precompress()) else "gzip"
    for came, wanted in ((scripts, expected), (gzipped, "gzip")):
        worth = {url for url in came if _static_size(url) >= 1024}
        assert len(worth) > 10
        assert {url: came[url] for url in worth if came[url] != wanted} == {}


def _static_size(url: str) -> int:
    return (streamlit_static() / url.split("/", 3)[3].split("?")[0]).stat().st_size


async def _new_student(url: str) -> list[str]:
    """A student arriving now: page, websocket, one run of /swish; what went wrong in it."""
    async with Student(url, timeout=60) as student:
        await student.connect("swish")
        run = await student.open("swish")
    return run.errors + ([] if run.messages else ["no answer"])


def test_a_dead_replica_leaves_the_other_serving_and_is_started_again(served):
    before = served.state()["replicas"]
    dead = before[0]
    error_log = Path(served.state()["run_dir"]) / "error.log"
    # The supervisor is held while the replica dies, so the replica stays dead until students
    # have been headed to it: under load a prompt restart could otherwise win that race.
    served.process.send_signal(signal.SIGSTOP)
    try:
        os.kill(dead["pid"], signal.SIGKILL)
        # New students until one was sent to the dead replica first (nginx logs the refused
        # connection and passes the student on): each is a fresh browser with a random cookie,
        # so half of them are headed there while it is down.
        refused = f'upstream: "http://127.0.0.1:{dead["port"]}'
        served_students = 0
        while refused not in (error_log.read_text() if error_log.exists() else ""):
            assert served_students < 40, "no new student was ever headed to the dead replica"
            assert run_async(_new_student(served.url)) == []
            served_students += 1
        for _ in range(4):  # and a few more while nginx keeps it out of the rotation
            assert run_async(_new_student(served.url)) == []
    finally:
        served.process.send_signal(signal.SIGCONT)
    # The supervisor has started it again on its port, under a new pid.
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        now = served.state()["replicas"][0]
        if now["pid"] != dead["pid"] and now["restarts"] == 1 and healthy(dead["port"]):
            break
        assert time.monotonic() < deadline, served.output()[-3000:]
        time.sleep(0.5)
    assert served.state()["replicas"][1] == before[1]  # the other replica never stopped
    assert "replica 1 exited (code -9)" in served.output()
