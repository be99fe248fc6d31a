"""The one nginx configuration (``deploy.nginx``) and the precompressed static folder it serves.

Pure checks, no server: ``tests/deploy/test_serve.py`` runs the configuration under ``make serve``.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy import nginx


def _source(folder: Path) -> Path:
    """A stand-in for Streamlit's static folder: a page, a script, a font, a tiny script."""
    (folder / "static" / "js").mkdir(parents=True)
    (folder / "static" / "media").mkdir()
    (folder / "index.html").write_text('<script src="./static/js/index.abc.js"></script>')
    (folder / "static" / "js" / "index.abc.js").write_text("const a = 1;\n" * 2000)
    (folder / "static" / "js" / "tiny.abc.js").write_text("x")
    (folder / "static" / "media" / "font.abc.woff2").write_bytes(os.urandom(4096))
    return folder


def test_precompress_puts_gzip_beside_text_files_once(tmp_path):
    source = _source(tmp_path / "source")
    built = nginx.precompress(tmp_path / "cache", source)
    script = built / "static" / "js" / "index.abc.js"
    assert (
        gzip.decompress((built / "static/js/index.abc.js.gz").read_bytes()) == script.read_bytes()
    )
    assert not (built / "static/js/tiny.abc.js.gz").exists()  # gzip would make it bigger
    assert not (built / "static/media/font.abc.woff2.gz").exists()  # compressed already
    assert (built / "static").stat().st_mode & 0o005 == 0o005  # nginx's workers may read it
    # The same build is reused; another build (a new index.html) gets its own folder.
    assert nginx.precompress(tmp_path / "cache", source) == built
    (source / "index.html").write_text('<script src="./static/js/index.def.js"></script>')
    assert nginx.precompress(tmp_path / "cache", source) != built
    assert sorted(p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")) == []


def test_precompress_puts_brotli_beside_with_the_command_and_not_without(tmp_path, monkeypatch):
    if shutil.which("brotli") is None:
        pytest.fail("Debian's brotli is missing: apt-get install brotli (.ci/run installs it)")
    source = _source(tmp_path / "source")
    built = nginx.precompress(tmp_path / "cache", source)
    packed = built / "static/js/index.abc.js.br"
    unpacked = subprocess.run(["brotli", "-d", "-c", str(packed)], capture_output=True, check=True)
    assert unpacked.stdout == (built / "static/js/index.abc.js").read_bytes()
    assert packed.stat().st_size < (built / "static/js/index.abc.js.gz").stat().st_size
    assert not (built / "static/js/tiny.abc.js.br").exists()  # brotli would make it bigger
    assert (built / nginx.BROTLI_MARK).exists()
    monkeypatch.setattr(nginx.shutil, "which", lambda name: None)
    plain = nginx.precompress(tmp_path / "cache", source)
    assert plain != built and not list(plain.rglob("*.br"))
    assert not (plain / nginx.BROTLI_MARK).exists()


def test_config_sends_brotli_only_when_the_copy_has_it_and_nginx_can(tmp_path, monkeypatch):
    (tmp_path / "s").mkdir()
    module = tmp_path / "brotli.so"
    monkeypatch.setattr(nginx, "BROTLI_MODULE", module)
    args = (tmp_path, "8080", ["127.0.0.1:1"])
    assert "brotli_static" not in nginx.config(*args, static=tmp_path / "s")
    (tmp_path / "s" / nginx.BROTLI_MARK).write_text("")
    assert "load_module" not in nginx.config(*args, static=tmp_path / "s")  # no module installed
    module.write_bytes(b"")
    conf = nginx.config(*args, static=tmp_path / "s")
    assert conf.startswith(f"load_module {module};\n")
    static = conf.split("location /static/ {", 1)[1].split("}", 1)[0]
    assert "brotli_static on;" in static and "gzip_static on;" in static
    assert "load_module" not in nginx.config(*args, static=None)


def test_config_serves_static_compressed_and_cached_and_passes_websockets(tmp_path):
    conf = nginx.config(
        tmp_path, "0.0.0.0:8080", ["127.0.0.1:1", "127.0.0.1:2"], static=tmp_path / "s", user="u g"
    )
    assert "listen 0.0.0.0:8080;" in conf
    assert conf.count("server 127.0.0.1:") == 2
    assert "hash $affinity consistent;" in conf
    static = conf.split("location /static/ {", 1)[1].split("}", 1)[0]
    assert f"root {tmp_path / 's'};" in static
    assert "gzip_static on;" in static
    assert f'add_header Cache-Control "{nginx.ASSET_CACHE}";' in static
    assert "try_files $uri @replica;" in static
    # Both ways to a replica pass the websocket upgrade and set the affinity cookie.
    for name in ("location @replica {", "location / {"):
        block = conf.split(name, 1)[1].split("}", 1)[0]
        assert "proxy_set_header Upgrade $http_upgrade;" in block
        assert "proxy_set_header Connection $connection_upgrade;" in block
        assert f'add_header Set-Cookie "{nginx.COOKIE}=$affinity;' in block
    assert "application/javascript js mjs;" in conf
    assert "user u g;" in conf
    assert "gzip_proxied any;" in conf


def test_config_without_static_proxies_everything(tmp_path):
    conf = nginx.config(tmp_path, "9000", ["127.0.0.1:1"])
    assert "location /static/" not in conf and "user " not in conf
    assert "gzip on;" in conf  # still compressed, on the fly
