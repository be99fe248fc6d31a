"""Test-wide settings.

- Pages raise instead of showing the friendly error box, so a failing page fails its test
  (the browser tests' server inherits this too).
- Hypothesis runs the profile ``HYPOTHESIS_PROFILE`` names: ``ci`` (full counts, the default)
  or ``dev`` (at most 20 examples a test); see ``tests/profiles.py``.
- A test in a module that drives the app with AppTest is marked ``apptest``, so the quick tier
  (``make check``) can leave those out and run only ``tests/test_app.py`` (marked ``smoke``).
"""

import os

import pytest

import tests.profiles  # noqa: F401  (registers and loads the Hypothesis profile)

os.environ.setdefault("LAB_RAISE_ERRORS", "1")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        module = getattr(item, "module", None)
        if any(hasattr(module, name) for name in ("run_page", "run_app", "AppTest")):
            item.add_marker(pytest.mark.apptest)
