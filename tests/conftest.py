"""Test-wide settings.

- Pages raise instead of showing the friendly error box, so a failing page fails its test
  (the browser tests' server inherits this too).
- Hypothesis has no per-example deadline: this 2-core machine is shared, and a slow example
  is not a wrong one. Speed goals live in ``bench/``.
"""

import os

from hypothesis import settings

os.environ.setdefault("LAB_RAISE_ERRORS", "1")

settings.register_profile("lab", deadline=None)
settings.load_profile("lab")
