"""Test-wide settings.

- Pages raise instead of showing the friendly error box, so a failing page fails its test
  (the browser tests' server inherits this too).
- Hypothesis runs the profile ``HYPOTHESIS_PROFILE`` names: ``ci`` (full counts, the default)
  or ``dev`` (at most 20 examples a test); see ``tests/profiles.py``.
"""

import os

import tests.profiles  # noqa: F401  (registers and loads the Hypothesis profile)

os.environ.setdefault("LAB_RAISE_ERRORS", "1")
