"""The derivative of a parsed formula, under a wall-clock limit, in worker processes.

``sympy.diff`` and ``sympy.simplify`` of a user's formula run in a child process, because a
slow ``simplify`` cannot be stopped inside a thread: the caller waits on a socket and kills the
worker when a limit passes. See :func:`derivative`.

>>> from activations.formula import parse
>>> derivative(parse("log(1+exp(x))")).shown
exp(x)/(exp(x) + 1)
"""

from __future__ import annotations

import atexit
import os
import queue
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import sympy as sp

from activations.formula import CustomExpressionError, X, parse

__all__ = [
    "DIFF_TIMEOUT",
    "MAX_SIMPLIFY_OPS",
    "MAX_WORKERS",
    "SIMPLIFY_TIMEOUT",
    "WORKER_MAX_REQUESTS",
    "WORKER_START_TIMEOUT",
    "Derivative",
    "derivative",
]

DIFF_TIMEOUT = 3.0  # seconds for sympy.diff in the worker; beyond it the formula is refused
SIMPLIFY_TIMEOUT = 1.0  # seconds for sympy.simplify; beyond it the raw derivative is shown
MAX_SIMPLIFY_OPS = 40  # larger derivatives are shown as sympy.diff gives them (simplify
# rarely finishes within the limit for them, and rarely shortens them)
MAX_WORKERS = 2  # worker processes at once, per server
WORKER_START_TIMEOUT = 20.0  # seconds for a new worker to start and warm up
WORKER_MAX_REQUESTS = 200  # a worker is retired after this many formulas (memory)


# --- The derivative, under a wall-clock limit -------------------------------------------------


@dataclass(frozen=True)
class Derivative:
    """f′ as ``sympy.diff`` gives it (``raw``) and as shown (``shown``: simplified if shorter).

    ``status`` says how simplification went: ``"simplified"``, ``"kept"`` (it did not shorten
    f′), ``"timeout"``, ``"too_big"`` (not tried), ``"busy"`` (every worker in use) or
    ``"unavailable"`` (no worker process could run).
    """

    raw: sp.Expr
    shown: sp.Expr
    status: str


def derivative(
    expr: sp.Expr,
    *,
    diff_timeout: float | None = None,
    simplify_timeout: float | None = None,
) -> Derivative:
    """df/dx of ``expr``, simplified within a time limit.

    The work runs in a worker process; the caller waits on a socket and kills the worker when
    a limit passes (the next caller gets a fresh one). A thread would be cheaper, but a thread
    stuck in ``simplify`` cannot be stopped and keeps taking the GIL from every other session
    on the server. Workers start once, warm up (SymPy's first ``simplify`` is slow) and then
    serve formula after formula. At most :data:`MAX_WORKERS` run at once; when none is free,
    or none can start, ``diff`` runs in-process (the parser's limits keep it fast) and
    simplification is skipped.

    Raises:
        CustomExpressionError: ``too_complex`` when ``diff`` itself exceeds ``diff_timeout``.

    >>> derivative(parse("log(1+exp(x))")).shown
    exp(x)/(exp(x) + 1)
    """
    diff_timeout = DIFF_TIMEOUT if diff_timeout is None else diff_timeout
    simplify_timeout = SIMPLIFY_TIMEOUT if simplify_timeout is None else simplify_timeout
    if not _worker_slots.acquire(timeout=1.0):
        raw = sp.diff(expr, X)
        return Derivative(raw, raw, "busy")
    try:
        worker = _idle_workers.get_nowait()
    except queue.Empty:
        worker = _Worker.start()
    try:
        if worker is None:
            raw = sp.diff(expr, X)
            return Derivative(raw, raw, "unavailable")
        found = worker.derivative(expr, diff_timeout, simplify_timeout)
        if worker.healthy:
            _idle_workers.put(worker)
        return found
    finally:
        if worker is not None and not worker.healthy:
            worker.stop()
            threading.Thread(target=_replenish, daemon=True).start()
        _worker_slots.release()


_worker_slots = threading.BoundedSemaphore(MAX_WORKERS)
_idle_workers: queue.LifoQueue[_Worker] = queue.LifoQueue()
_ROOT = Path(__file__).resolve().parent.parent


_replenishing = threading.Lock()


def _replenish() -> None:
    """Start a worker in the background after one was stopped, so the next caller need not
    wait for a fresh interpreter to import SymPy."""
    if not _replenishing.acquire(blocking=False):
        return
    try:
        if _idle_workers.qsize() < MAX_WORKERS and (worker := _Worker.start()) is not None:
            _idle_workers.put(worker)
    finally:
        _replenishing.release()


@atexit.register
def _stop_idle_workers() -> None:
    while not _idle_workers.empty():
        _idle_workers.get_nowait().stop()


class _Worker:
    """One worker process and the socket to it; ``healthy`` turns False once it may be stuck.

    The worker is a plain ``python -c`` subprocess, not a ``multiprocessing.Process``:
    Streamlit installs each page script as ``sys.modules["__main__"]``, and multiprocessing
    (spawn and forkserver alike) would re-run that script in the child.
    """

    def __init__(self, process: subprocess.Popen, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.healthy = True
        self.served = 0

    @classmethod
    def start(cls) -> _Worker | None:
        """A new, warmed-up worker, or ``None`` where one cannot start."""
        if os.name != "posix":
            return None
        try:
            ours, theirs = socket.socketpair()
        except OSError:
            return None
        command = [
            sys.executable,
            "-c",
            f"import activations.formula_pool as p; p._serve_fd({theirs.fileno()})",
        ]
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(_ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        try:
            process = subprocess.Popen(
                command,
                cwd=_ROOT,
                env=environment,
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
            )
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
        worker = cls(process, Connection(ours.detach()))
        try:
            ready = (
                worker.connection.poll(WORKER_START_TIMEOUT) and worker.connection.recv() == "ready"
            )
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.stop()
            return None
        return worker

    def derivative(self, expr: sp.Expr, diff_timeout: float, simplify_timeout: float):
        self.healthy = False  # until the worker has answered everything it was asked
        try:
            self.connection.send(expr)
            if not self.connection.poll(diff_timeout):
                raise CustomExpressionError("too_complex", f"{diff_timeout:g} s")
            raw = self.connection.recv()
            if sp.count_ops(raw) > MAX_SIMPLIFY_OPS:  # the worker does not try either
                found = Derivative(raw, raw, "too_big")
            elif not self.connection.poll(simplify_timeout):
                return Derivative(raw, raw, "timeout")
            else:
                simplified = self.connection.recv()
                better = sp.count_ops(simplified) < sp.count_ops(raw)
                shown, status = (simplified, "simplified") if better else (raw, "kept")
                found = Derivative(raw, shown, status)
        except (EOFError, OSError):  # the worker died (out of memory, say)
            raw = sp.diff(expr, X)
            return Derivative(raw, raw, "unavailable")
        self.served += 1
        self.healthy = self.served < WORKER_MAX_REQUESTS  # retired now and then: fresh memory
        return found

    def stop(self) -> None:
        self.healthy = False
        self.connection.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _serve_fd(fd: int) -> None:
    """Worker process entry point: serve on the inherited socket ``fd``."""
    _serve(Connection(fd))


def _serve(connection: Connection) -> None:
    """Warm up, then for each expression received send ``diff`` and its simplification."""
    try:
        for warm_up in ("x*sigmoid(a*x)", "softplus(x)", "relu(x)"):  # ~0.3 s; later: fast
            sp.simplify(sp.diff(parse(warm_up), X))
        connection.send("ready")
        while True:
            expr = connection.recv()
            raw = sp.diff(expr, X)
            connection.send(raw)
            if sp.count_ops(raw) <= MAX_SIMPLIFY_OPS:
                connection.send(sp.simplify(raw))
    except (EOFError, OSError, KeyboardInterrupt):  # the server closed the socket: exit quietly
        pass
