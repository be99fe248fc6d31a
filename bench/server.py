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
import threading
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


# --- the server and its memory -----------------------------------------------------------------


def _status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of one process in kB (empty if it is gone)."""
    found = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    found[name] = int(rest.split()[0])
    except (OSError, ValueError):
        pass
    return found


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from ``/proc/*/stat``'s parent field)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue.extend(children.get(current, []))
    return tree


def tree(pids: list[int]) -> list[int]:
    """Every process of these servers and below them."""
    return [found for pid in pids for found in descendants(pid)]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and their reaped children (/proc/*/stat)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def listening_pid(port: int) -> int | None:
    """The process (of this user) listening on TCP ``port``, from ``/proc/net/tcp*``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                    inodes.add(fields[9])
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{entry}/fd"):
                with contextlib.suppress(OSError):
                    link = os.readlink(f"/proc/{entry}/fd/{fd}")
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return int(entry)
    return None


class MemorySampler:
    """Samples the server tree's summed VmRSS every ``interval`` s in a thread; also keeps the
    server process's own VmHWM (the kernel's high-water mark, which catches spikes between
    samples). ``peak_mb`` is the larger of the two."""

    def __init__(self, pid: int | list[int], interval: float = 0.2) -> None:
        # Several servers (replicas): their trees' RSS is summed, and so are their VmHWMs.
        self.pids = pid if isinstance(pid, list) else [pid]
        self.interval = interval
        self.peak_rss_kb = 0
        self.hwm_kb = 0
        self.start_kb = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        total = 0
        for pid in tree(self.pids):
            total += _status_kb(pid).get("VmRSS", 0)
        hwm = sum(_status_kb(pid).get("VmHWM", 0) for pid in self.pids)
        self.hwm_kb = max(self.hwm_kb, hwm)
        self.peak_rss_kb = max(self.peak_rss_kb, total)
        self.samples += 1
        if self.samples == 1:
            self.start_kb = total

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def peak_mb(self) -> float:
        return max(self.peak_rss_kb, self.hwm_kb) / 1024


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


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
