"""What the server tests need from the machine: nginx, or a clear skip (a failure under
``E2E_REQUIRED=1``, as CI runs)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def nginx_or_skip() -> None:
    """Return if nginx is installed; else skip the test (fail it under ``E2E_REQUIRED=1``)."""
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail("E2E_REQUIRED=1 but nginx is not installed (apt-get install nginx)")
    pytest.skip("nginx is not installed")
