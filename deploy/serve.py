"""A campus server: ``make serve`` (``python -m deploy.serve``).

Starts N replicas of the app (``streamlit run app.py``, each on a local port) and nginx in
front of them (:mod:`deploy.nginx`: cookie affinity, websockets, Streamlit's static files
precompressed and cached), then watches them: a replica or nginx that exits is started again
(at once if it had been up for a while, after a growing pause if it keeps failing). While a
replica is down, nginx sends new students to the others; its students' browsers reconnect by
themselves, and every view lives in its URL, so they lose nothing but the moment.

``--replicas`` defaults to the machine's cores (fewer if memory is short: each replica takes
~300 MB with a class online); ``--port`` is the port students open (nginx's); ``--host``
the address it listens on (all by default). Ctrl-C (or SIGTERM) stops everything.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy import nginx

ROOT = Path(__file__).resolve().parent.parent
REPLICA_MB = 400  # a replica's peak RSS with a class online is ~260–330 MB (bench/REPORT.md)
START_TIMEOUT = 180.0  # a cold replica imports SymPy, SciPy and Plotly: slow on a busy machine
STEADY_SECONDS = 30.0  # a child that ran this long before exiting is restarted at once
MAX_PAUSE = 30.0


def default_replicas() -> int:
    """One replica per core, as many as memory holds (at least one)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    available_mb = _mem_available_mb()
    fit = available_mb // REPLICA_MB if available_mb else cores
    return max(1, min(cores, fit))


def _mem_available_mb() -> int:
    with contextlib.suppress(OSError, ValueError, StopIteration):
        lines = Path("/proc/meminfo").read_text().splitlines()
        line = next(line for line in lines if line.startswith("MemAvailable:"))
        return int(line.split()[1]) // 1024
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replica_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "deploy.launch",  # streamlit run app.py, imported at once
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def healthy(port: int) -> bool:
    try:
        url = f"http://127.0.0.1:{port}/_stcore/health"
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


def listening(host: str, port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((host if host not in ("", "0.0.0.0") else "127.0.0.1", port)) == 0


@dataclass
class Child:
    """One supervised process: started, watched, started again when it exits."""

    name: str
    argv: list[str]
    log: Path
    port: int
    process: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    failures: int = 0  # exits in a row that came soon after a start
    not_before: float = 0.0
    exits: list[int] = field(default_factory=list)

    def start(self) -> None:
        with self.log.open("a") as out:
            # Its own process group: Ctrl-C reaches the supervisor only, which stops the
            # children in order, and a dead replica's helper processes go with it.
            self.process = subprocess.Popen(
                self.argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started = time.monotonic()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def exited(self) -> int | None:
        """The exit code if the process has ended since it was last started."""
        return self.process.poll() if self.process else None

    def reap(self) -> None:
        """After an exit: stop what is left of its group, and choose when to start again."""
        code = self.process.returncode
        self.exits.append(code)
        _signal_group(self.process.pid, signal.SIGKILL)
        steady = time.monotonic() - self.started >= STEADY_SECONDS
        self.failures = 0 if steady else self.failures + 1
        pause = 0.0 if steady else min(MAX_PAUSE, 2.0 ** (self.failures - 1))
        self.not_before = time.monotonic() + pause
        self.process = None
        say(f"{self.name} exited (code {code}); starting it again in {pause:.0f} s")
        tail = self.log.read_text(errors="replace").splitlines()[-8:] if self.log.exists() else []
        for line in tail:
            say(f"  {self.name} | {line}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)

    def wait_stopped(self, timeout: float) -> None:
        if not self.process:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Stopped(Exception):
    """Ctrl-C (or SIGTERM) came while the servers were still starting."""


def _signal_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def say(text: str) -> None:
    print(f"[serve {time.strftime('%H:%M:%S')}] {text}", flush=True)


class Supervisor:
    """nginx on ``host:port`` in front of ``count`` replicas, each restarted when it exits."""

    def __init__(self, count: int, port: int, host: str, run_dir: Path, state: Path) -> None:
        self.port, self.host, self.run_dir, self.state = port, host, run_dir, state
        self.stopping = threading.Event()
        self.replicas = [
            Child(f"replica {i + 1}", replica_command(p), run_dir / f"replica-{i + 1}.log", p)
            for i, p in enumerate(free_port() for _ in range(count))
        ]
        static = nginx.precompress()
        listen = f"{host}:{port}" if host else str(port)
        backends = [f"127.0.0.1:{child.port}" for child in self.replicas]
        argv = nginx.write(run_dir, listen, backends, static=static, workers="auto")
        self.nginx = Child("nginx", argv, run_dir / "nginx.out", port)

    @property
    def children(self) -> list[Child]:
        return [*self.replicas, self.nginx]

    def url(self) -> str:
        return (
            f"http://{self.host if self.host not in ('', '0.0.0.0') else 'localhost'}:{self.port}"
        )

    def start(self) -> None:
        """Start everything and wait until every replica and nginx answer."""
        for child in self.children:
            child.start()
        deadline = time.monotonic() + START_TIMEOUT
        for child in self.replicas:
            while not healthy(child.port):
                self._fail_if_down(child, deadline)
                time.sleep(0.3)
        while not listening(self.host, self.port):
            self._fail_if_down(self.nginx, deadline)
            time.sleep(0.2)
        self.write_state()

    def _fail_if_down(self, child: Child, deadline: float) -> None:
        if self.stopping.is_set():
            raise Stopped
        if child.exited() is None and time.monotonic() < deadline:
            return
        log = self.run_dir / "error.log" if child is self.nginx else child.log
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        raise RuntimeError(f"{child.name} did not start ({log}):\n{tail}")

    def watch(self, interval: float = 0.5) -> None:
        """Restart what exits, until :meth:`shutdown` is asked for."""
        while not self.stopping.wait(interval):
            changed = False
            for child in self.children:
                if child.process is not None and child.exited() is not None:
                    child.reap()
                    changed = True
                if child.process is None and time.monotonic() >= child.not_before:
                    child.start()
                    child.restarts += 1
                    say(f"{child.name} started again (pid {child.pid})")
                    changed = True
            if changed:
                self.write_state()

    def shutdown(self) -> None:
        self.stopping.set()
        for child in [self.nginx, *self.replicas]:  # the door first, then the rooms
            child.stop()
        for child in self.children:
            child.wait_stopped(15.0)

    def write_state(self) -> None:
        """Who runs where, for a status check (and the tests): ``state.json``."""
        state = {
            "url": self.url(),
            "run_dir": str(self.run_dir),
            "supervisor": os.getpid(),
            "nginx": {"pid": self.nginx.pid, "restarts": self.nginx.restarts},
            "replicas": [
                {"port": child.port, "pid": child.pid, "restarts": child.restarts}
                for child in self.replicas
            ],
        }
        partial = self.state.with_suffix(".tmp")
        partial.write_text(json.dumps(state, indent=2), encoding="utf-8")
        partial.replace(self.state)


def lan_address() -> str | None:
    """This machine's address on its network (what students type), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))  # no packet is sent: this only picks a route
            return sock.getsockname()[0]
        except OSError:
            return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.serve", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--replicas", type=int, default=0, help="default: one per core")
    parser.add_argument("--port", type=int, default=8501, help="the port students open")
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    parser.add_argument("--state", type=Path, help="where to write state.json (default: run dir)")
    args = parser.parse_args(argv)
    count = args.replicas if args.replicas > 0 else default_replicas()
    run_dir = Path(tempfile.mkdtemp(prefix="lab-serve-"))
    supervisor = Supervisor(
        count, args.port, args.host, run_dir, args.state or run_dir / "state.json"
    )
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: supervisor.stopping.set())
    say(f"starting {count} replica(s) and nginx; logs in {run_dir}")
    try:
        supervisor.start()
        address = lan_address() if args.host in ("", "0.0.0.0") else None
        say(
            f"serving on {supervisor.url()}"
            + (f" (students: http://{address}:{args.port})" if address else "")
        )
        supervisor.watch()
    except Stopped:
        pass
    except RuntimeError as error:
        say(str(error))
        return 1  # the run folder stays, with the logs that say why
    finally:
        supervisor.shutdown()
        say("stopped")
    shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
