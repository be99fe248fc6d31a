"""What the server tests need from the machine: nginx, or a clear skip (a failure under
``E2E_REQUIRED=1``, as CI runs); and the app's server shared by the workers of one run."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.server import streamlit_server

# How long the process that started a shared server waits for its other users to finish.
SHARED_FOR_AT_MOST = 3600.0


def nginx_or_skip() -> None:
    """Return if nginx is installed; else skip the test (fail it under ``E2E_REQUIRED=1``)."""
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail("E2E_REQUIRED=1 but nginx is not installed (apt-get install nginx)")
    pytest.skip("nginx is not installed")


@contextlib.contextmanager
def shared_server(folder: Path | None, log: Path) -> Iterator[str]:
    """``streamlit run app.py`` (:func:`harness.server.streamlit_server`), one for every process
    that asks for it in ``folder`` (the pytest-xdist workers of one run: the browser tests' two
    groups then start the app, import it and fill its page caches once, not twice). The first
    to ask starts it, writing its output to ``log``; the others use it; the one that started it
    stops it once no other user is left. ``folder=None``: a server of this process's own."""
    if folder is None:
        with log.open("w+") as out, streamlit_server(log=out) as (url, _):
            yield url
        return
    lock, address, users = (folder / f"app-server.{part}" for part in ("lock", "url", "users"))
    users.mkdir(exist_ok=True)
    me = users / str(os.getpid())
    with contextlib.ExitStack() as stack:
        with _locked(lock):
            if address.exists():
                url = address.read_text()
            else:
                out = stack.enter_context(log.open("w+"))
                url, _ = stack.enter_context(streamlit_server(log=out))
                address.write_text(url)
                # runs first on the way out (last in): before the server stops
                stack.callback(_when_no_other_user, lock, address, users)
            me.touch()
        try:
            yield url
        finally:
            with _locked(lock):
                me.unlink()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _when_no_other_user(lock: Path, address: Path, users: Path) -> None:
    """Wait until every other process using the server is done (or gone), then take its
    address down, so that a process asking later starts a new one."""
    deadline = time.monotonic() + SHARED_FOR_AT_MOST
    while True:
        with _locked(lock):
            if time.monotonic() > deadline or not any(map(_running, users.iterdir())):
                address.unlink()
                return
        time.sleep(1.0)


def _running(user: Path) -> bool:
    try:
        os.kill(int(user.name), 0)
    except ProcessLookupError:
        return False
    return True
