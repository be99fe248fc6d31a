"""One Streamlit server and the system Chromium, shared by the benchmarks and browser tests."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


def server_command(port: int, script: str = "app.py") -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]


@contextlib.contextmanager
def streamlit_server(
    script: str = "app.py",
    port: int | None = None,
    timeout: float = 90.0,
    log: IO[str] | None = None,
) -> Iterator[tuple[str, int]]:
    """``streamlit run script`` on ``port`` (free if None) until healthy; yields ``(url, pid)``.

    Output goes to ``log`` (a temporary file if None, shown when the server fails to start).
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        out = log or stack.enter_context(tempfile.TemporaryFile("w+"))
        server = subprocess.Popen(
            server_command(port, script), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + timeout
            while not healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    out.seek(0)
                    raise RuntimeError(f"Streamlit did not start:\n{out.read()[-2000:]}")
                time.sleep(0.3)
            yield url, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
