"""The one nginx configuration: replicas with cookie affinity, websockets, compressed static files.

Used by ``make serve`` (:mod:`deploy.serve`) and by the lecture-hall benchmarks
(``harness/replicas.py``), so what is measured is what a lecturer runs.

- **Affinity.** Sessions share no state, but a browser's websocket must reach the replica that
  served its page. ``ip_hash`` would send a whole lecture hall behind one campus NAT to one
  replica, so affinity is a cookie: the first response sets ``lab_replica`` to a random request
  id, and ``hash $affinity consistent`` sends every later request carrying it (the websocket
  included) to the same replica. A replica that is down is skipped (nginx's next upstream), so
  new students land on one that is up.
- **Bytes.** Streamlit serves its JavaScript uncompressed (its server leaves ``/static/`` to a
  proxy): ~8 MB per first visit on a Plotly page. nginx serves ``/static/`` itself from a copy
  of Streamlit's static folder with a ``.gz`` beside each text file (:func:`precompress`, made
  once per Streamlit build), so compression costs no CPU per request; the file names carry a
  content hash, so browsers may keep them for a year. Everything else (the page, JSON) is
  gzipped on the fly. Where Debian's ``brotli`` and ``libnginx-mod-http-brotli-static`` are
  installed, a ``.br`` sits beside each ``.gz`` too (~16 % fewer bytes than gzip -9 on
  Streamlit's scripts); browsers ask for it over HTTPS only (and on localhost), so a campus
  server behind TLS gets it and plain http gets the gzip.
"""

from __future__ import annotations

import grp
import gzip
import hashlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COOKIE = "lab_replica"
# Hashed file names change with their content: a browser never needs to ask again.
ASSET_CACHE = "public, max-age=31536000, immutable"
CACHE = ROOT / ".cache" / "nginx-static"
# Debian's libnginx-mod-http-brotli-static; the static copy holds .br files only with the CLI.
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
BROTLI_QUALITY = "9"  # 11 saves ~10 % more but takes ~15× as long (~1 min per Streamlit build)
BROTLI_MARK = "BROTLI"  # in a static copy whose text files have a .br beside them
# What Streamlit's static folder holds, so nginx needs no system mime.types file.
MIME_TYPES = {
    "text/html": "html",
    "text/css": "css",
    "application/javascript": "js mjs",
    "application/json": "json map",
    "image/svg+xml": "svg",
    "image/png": "png",
    "image/gif": "gif",
    "image/jpeg": "jpg jpeg",
    "image/x-icon": "ico",
    "font/woff2": "woff2",
    "font/woff": "woff",
    "font/ttf": "ttf",
    "application/wasm": "wasm",
    "text/plain": "txt",
}
# Text compresses 3–5×; fonts (woff2) and images are compressed already.
COMPRESSIBLE = (".js", ".mjs", ".css", ".json", ".map", ".svg", ".html", ".txt", ".ttf", ".wasm")
GZIP_TYPES = (
    "text/css application/javascript application/json image/svg+xml font/ttf "
    "application/wasm text/plain application/manifest+json"
)

CONF = """\
{modules}worker_processes {workers};
{user}daemon off;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    server_tokens off;
    sendfile on;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    types {{
{types}
    }}
    default_type application/octet-stream;

    # The page and the app's JSON, compressed on the way out (the scripts come precompressed).
    gzip on;
    gzip_vary on;
    gzip_proxied any;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_types {gzip_types};

    # A websocket upgrade is passed on; any other request keeps its connection plain.
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    # A new browser gets a random id, a returning one keeps its own: one replica per browser.
    map $cookie_{cookie} $affinity {{ "" $request_id; default $cookie_{cookie}; }}

    upstream lab {{
        hash $affinity consistent;
{servers}
    }}
    server {{
        listen {listen};
{static}
        location / {{
{proxy}
        }}
    }}
}}
"""

PROXY = """\
            proxy_pass http://lab;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_connect_timeout 5s;  # a replica that does not answer: try the next one
            proxy_read_timeout 1d;  # a lecture's websocket stays open for the whole lecture
            proxy_buffering off;
            add_header Set-Cookie "{cookie}=$affinity; Path=/; HttpOnly; SameSite=Lax" always;"""

STATIC = """\
        # Streamlit's hashed bundles from disk, the precompressed .gz where the browser takes
        # gzip; a file not in the copy (another Streamlit build) still comes from a replica.
        location /static/ {{
            root {static};
{brotli}            gzip_static on;
            add_header Cache-Control "{asset_cache}";
            try_files $uri @replica;
        }}
        location @replica {{
{proxy}
        }}"""


def config(
    run_dir: Path,
    listen: str,
    backends: list[str],
    *,
    static: Path | None = None,
    workers: int | str = 1,
    user: str | None = None,
) -> str:
    """nginx.conf for ``backends`` (``host:port``) behind ``listen`` (``host:port`` or a port).

    ``run_dir`` holds the pid, the error log and nginx's temporary files; ``static`` is a
    folder from :func:`precompress` (None: every request goes to a replica); ``user`` runs
    the workers when nginx starts as root (:func:`worker_user`).
    """
    proxy = PROXY.format(cookie=COOKIE)
    brotli = bool(static) and serves_brotli(static)
    static_block = (
        STATIC.format(
            static=static,
            asset_cache=ASSET_CACHE,
            proxy=proxy,
            brotli="            brotli_static on;\n" if brotli else "",
        )
        if static
        else ""
    )
    return CONF.format(
        modules=f"load_module {BROTLI_MODULE};\n" if brotli else "",
        workers=workers,
        user=f"user {user};\n" if user else "",
        run=run_dir,
        types="\n".join(f"        {kind} {ext};" for kind, ext in MIME_TYPES.items()),
        gzip_types=GZIP_TYPES,
        cookie=COOKIE,
        servers="\n".join(f"        server {backend};" for backend in backends),
        listen=listen,
        static=static_block,
        proxy=proxy,
    )


def serves_brotli(static: Path) -> bool:
    """nginx can send the static copy's .br files: they exist and the module is installed."""
    return (static / BROTLI_MARK).exists() and BROTLI_MODULE.exists()


def nginx_path() -> str:
    """Debian's nginx (``apt-get install nginx``; ``/usr/sbin`` is not on every PATH)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit("nginx is not installed: apt-get install nginx (make serve does)")
    return found


def command(run_dir: Path) -> list[str]:
    """How to start nginx with ``run_dir/nginx.conf`` in the foreground."""
    return [nginx_path(), "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir)]


def worker_user(folder: Path) -> str | None:
    """``user`` and group for nginx's workers when it starts as root: the owner of ``folder``
    (the static copy), who can read it even under a private home directory. nginx's default,
    ``nobody``, often cannot. Not root: the workers run as whoever started nginx (None)."""
    if os.geteuid() != 0:
        return None
    info = folder.stat()
    return f"{pwd.getpwuid(info.st_uid).pw_name} {grp.getgrgid(info.st_gid).gr_name}"


def write(
    run_dir: Path,
    listen: str,
    backends: list[str],
    *,
    static: Path | None = None,
    workers: int | str = 1,
) -> list[str]:
    """Write ``run_dir/nginx.conf`` and return the command that runs it."""
    user = worker_user(static) if static else None
    if user:  # the workers write nginx's temporary files here
        os.chmod(run_dir, 0o755)
    (run_dir / "nginx.conf").write_text(
        config(run_dir, listen, backends, static=static, workers=workers, user=user),
        encoding="utf-8",
    )
    return command(run_dir)


# --- Streamlit's static files, precompressed ----------------------------------------------------


def streamlit_static() -> Path:
    """The installed Streamlit's frontend build (``index.html`` and ``static/``)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def build_id(source: Path) -> str:
    """Names one frontend build: ``index.html`` lists every hashed bundle the page loads."""
    digest = hashlib.sha256((source / "index.html").read_bytes()).hexdigest()[:16]
    return f"streamlit-{digest}"


def precompress(cache: Path = CACHE, source: Path | None = None) -> Path:
    """A folder whose ``static/`` is Streamlit's, with ``name.gz`` beside each text file (and
    ``name.br`` where the ``brotli`` command is installed).

    Made once per Streamlit build under ``cache`` (a few seconds) and reused; built aside and
    renamed into place, so two servers starting at once never see half a folder.
    """
    source = source or streamlit_static()
    brotli = shutil.which("brotli")
    target = cache / (build_id(source) + ("-br" if brotli else ""))
    if target.is_dir():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
    try:
        shutil.copytree(source / "static", building / "static")
        for path in (building / "static").rglob("*"):
            if path.is_file() and path.suffix in COMPRESSIBLE:
                _gzip_beside(path)
                if brotli:
                    _brotli_beside(path, brotli)
        if brotli:
            (building / BROTLI_MARK).write_text("text files have a .br beside them\n")
        for folder in [building, *(p for p in building.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)  # mkdtemp's 0700 would keep nginx's workers out
        building.rename(target)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not target.is_dir():  # not another process's copy winning the rename
            raise
    return target


def _gzip_beside(path: Path) -> None:
    data = path.read_bytes()
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    if len(packed) < len(data):
        gz = path.with_name(path.name + ".gz")
        gz.write_bytes(packed)
        shutil.copystat(path, gz)


def _brotli_beside(path: Path, cli: str) -> None:
    packed = path.with_name(path.name + ".br")
    subprocess.run([cli, "-q", BROTLI_QUALITY, "-f", "-o", str(packed), str(path)], check=True)
    if packed.stat().st_size >= path.stat().st_size:
        packed.unlink()
    else:
        shutil.copystat(path, packed)


def main(argv: list[str] | None = None) -> int:
    """Print the configuration for replicas elsewhere (containers, other machines)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m deploy.nginx",
        description="Print a complete nginx.conf (it runs in the foreground: nginx -c FILE) "
        "for replicas of the app elsewhere; make serve writes its own.",
    )
    parser.add_argument("backends", nargs="+", metavar="HOST:PORT", help="the replicas")
    parser.add_argument("--listen", default="80", help="nginx's address or port (default 80)")
    parser.add_argument("--run-dir", type=Path, default=Path("/var/lib/lab-nginx"))
    parser.add_argument(
        "--no-static", action="store_true", help="proxy /static/ too (no precompressed copy)"
    )
    args = parser.parse_args(argv)
    static = None if args.no_static else precompress()
    print(config(args.run_dir, args.listen, args.backends, static=static, workers="auto"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
