"""One Streamlit server on a free port, started until healthy and stopped: for the benchmarks
and the tests alike. Its tracebacks, cut to the app's own frames, for their reports."""

from __future__ import annotations

import contextlib
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


def server_command(port: int, script: str = "app.py", *, launcher: bool = True) -> list[str]:
    """The app as ``make run`` starts it (``deploy.launch``: imported as soon as the server
    listens), or with ``launcher=False`` (or another script) as plain ``streamlit run``."""
    start = ["deploy.launch"] if script == "app.py" and launcher else ["streamlit", "run", script]
    return [
        sys.executable,
        "-m",
        *start,
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
    *,
    launcher: bool = True,
    poll: float = 0.3,
    cwd: Path = ROOT,
) -> Iterator[tuple[str, int]]:
    """``streamlit run script`` on ``port`` (free if None) until healthy; yields ``(url, pid)``.

    Output goes to ``log`` (a temporary file if None, shown when the server fails to start);
    ``launcher``: see :func:`server_command`; ``poll``: seconds between health checks; ``cwd``:
    the checkout to serve (another one: ``python -m bench.restart --before``).
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        out = log or stack.enter_context(tempfile.TemporaryFile("w+"))
        server = subprocess.Popen(
            server_command(port, script, launcher=launcher),
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout
            while not healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    out.seek(0)
                    raise RuntimeError(f"Streamlit did not start:\n{out.read()[-2000:]}")
                time.sleep(poll)
            yield url, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def tracebacks(log: str) -> list[str]:
    """The Python tracebacks in a server log, each cut to the app's own frames (which code
    called into the failure) and its last lines (where it failed)."""
    found = []
    for chunk in log.split("Traceback (most recent call last):")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        end = next((i for i, line in enumerate(lines) if not line.startswith(" ")), len(lines))
        own = [i for i, line in enumerate(lines[:end]) if _is_app_frame(line)]
        kept = sorted({j for i in own for j in (i, i + 1)} | set(range(max(0, end - 4), end + 1)))
        found.append("\n".join(lines[j] for j in kept if j < len(lines)))
    return found


def _is_app_frame(line: str) -> bool:
    return line.lstrip().startswith(f'File "{ROOT}/') and f"{ROOT}/.venv/" not in line
