"""Several Streamlit servers behind nginx with session affinity, as a department would deploy.

The configuration is :mod:`deploy.nginx`'s, the one ``make serve`` runs: cookie affinity (a
lecture hall behind one NAT shares an address, so ``ip_hash`` would not spread it), websocket
upgrade, and Streamlit's static files precompressed and served by nginx.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from deploy import nginx as deploy_nginx
from deploy.nginx import COOKIE, nginx_path, precompress
from harness.server import free_port, streamlit_server

__all__ = ["COOKIE", "nginx", "nginx_conf", "nginx_path", "open_connections", "replicas"]


def nginx_conf(root: Path, port: int, backends: list[str], static: Path | None = None) -> str:
    """The configuration for ``backends`` (``host:port``) behind ``127.0.0.1:port``; ``static``
    (from :func:`deploy.nginx.precompress`) has nginx serve Streamlit's files itself."""
    return deploy_nginx.config(root, f"127.0.0.1:{port}", backends, static=static)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def nginx(
    port: int, backends: list[str], timeout: float = 20.0, static: Path | None = None
) -> Iterator[str]:
    """nginx in front of ``backends`` until the block ends; yields its URL once it answers."""
    with tempfile.TemporaryDirectory(prefix="lab-nginx-") as folder:
        root = Path(folder)
        argv = deploy_nginx.write(root, f"127.0.0.1:{port}", backends, static=static)
        process = subprocess.Popen(argv)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while not _listening(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    log = root / "error.log"
                    raise RuntimeError(
                        f"nginx did not start: {log.read_text() if log.exists() else ''}"
                    )
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=15)


@contextlib.contextmanager
def replicas(count: int, log: IO[str] | None = None) -> Iterator[tuple[str, list[int]]]:
    """``count`` servers of ``app.py`` behind nginx; yields ``(nginx url, server pids)``."""
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(streamlit_server(log=log)) for _ in range(count)]
        backends = [url.removeprefix("http://") for url, _ in servers]
        url = stack.enter_context(nginx(free_port(), backends, static=precompress()))
        yield url, [pid for _, pid in servers]


_ESTABLISHED = "01"  # the state column of /proc/net/tcp


def open_connections(pid: int) -> int:
    """How many established TCP connections process ``pid`` holds: behind nginx, one per
    browser tab (its websocket; page requests close), so it tells which replica holds whom."""
    sockets = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    sockets.add(link[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                count += fields[3] == _ESTABLISHED and fields[9] in sockets
    return count
