"""Several Streamlit servers behind nginx with session affinity, as a department would deploy.

Sessions share no state, so replicas scale out; only the websocket must stay on the replica
that served the page. nginx's ``ip_hash`` would send a whole lecture hall behind one NAT (and
every simulated student here, all on 127.0.0.1) to one replica, so affinity is a cookie: the
first response sets ``lab_replica`` to a random request id, and ``hash $affinity consistent``
sends every later request carrying it (the websocket included) to the same replica.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bench.server import free_port, streamlit_server

COOKIE = "lab_replica"

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;

    # A websocket upgrade is passed on; any other request keeps its connection plain.
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    # A new browser gets a random id, a returning one keeps its own: one replica per browser.
    map $cookie_{cookie} $affinity {{ "" $request_id; default $cookie_{cookie}; }}

    upstream lab {{
        hash $affinity consistent;
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://lab;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 1d;  # a lecture's websocket stays open for the whole lecture
            proxy_buffering off;
            add_header Set-Cookie "{cookie}=$affinity; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


def nginx_conf(root: Path, port: int, backends: list[str]) -> str:
    """The configuration for ``backends`` (``host:port``) behind ``127.0.0.1:port``."""
    servers = "\n".join(f"        server {backend};" for backend in backends)
    return NGINX_CONF.format(root=root, port=port, servers=servers, cookie=COOKIE)


def nginx_path() -> str:
    """Debian's nginx (``apt-get install nginx``; ``/usr/sbin`` is not on every PATH)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit("nginx is not installed: apt-get install nginx (make hall-replicas does)")
    return found


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def nginx(port: int, backends: list[str], timeout: float = 20.0) -> Iterator[str]:
    """nginx in front of ``backends`` until the block ends; yields its URL once it answers."""
    with tempfile.TemporaryDirectory(prefix="lab-nginx-") as folder:
        root = Path(folder)
        conf = root / "nginx.conf"
        conf.write_text(nginx_conf(root, port, backends), encoding="utf-8")
        process = subprocess.Popen([nginx_path(), "-c", str(conf), "-p", str(root)])
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
        url = stack.enter_context(nginx(free_port(), backends))
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
