"""Test-wide settings.

- Chromium: the system one (``chromium_executable``); a test that needs it skips without it,
  except under ``E2E_REQUIRED=1`` (CI), where a missing browser fails.
- Pages raise instead of showing the friendly error box, so a failing page fails its test
  (the browser tests' server inherits this too).
- Hypothesis runs the profile ``HYPOTHESIS_PROFILE`` names: ``ci`` (full counts, the default)
  or ``dev`` (at most 20 examples a test); see ``tests/support/profiles.py``.
- Under pytest-xdist (``make test``), tests that share a server share a worker, and those that
  start servers or browsers run first: ``tests/support/workers.py``.
- A test in a module that drives the app with AppTest is marked ``apptest``, so the quick tier
  (``make check``) can leave those out and run only ``tests/pages/test_app.py`` (marked ``smoke``).
"""

import os

import pytest

import tests.support.profiles  # noqa: F401  (registers and loads the Hypothesis profile)
from harness.browser import chromium_path
from tests.support import workers

os.environ.setdefault("LAB_RAISE_ERRORS", "1")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        module = getattr(item, "module", None)
        if any(hasattr(module, name) for name in ("run_page", "run_app", "AppTest")):
            item.add_marker(pytest.mark.apptest)
    workers.slow_first(items)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent under -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    return workers.make_scheduler(config, log)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        reason = "no Chromium found (install Debian's chromium or set $CHROMIUM)"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {reason}")
        pytest.skip(reason)
    return path
