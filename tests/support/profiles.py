"""Hypothesis profiles: ``ci`` (the default) and ``dev``, chosen by ``HYPOTHESIS_PROFILE``.

- ``ci``: every test runs its own full example count (Hypothesis's 100, or the count a test
  asks for through :func:`examples`). ``make test`` and CI run it.
- ``dev``: at most :data:`DEV_EXAMPLES` examples per test, for the edit loop: the quick tier
  (``make check``) sets ``HYPOTHESIS_PROFILE=dev``.

Neither has a per-example deadline: this 2-core machine is shared, and a slow example is not a
wrong one. Speed goals live in ``bench/``. ``tests/conftest.py`` loads the profile before any
test module is imported.
"""

from __future__ import annotations

import os

from hypothesis import settings

DEV_EXAMPLES = 20
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

settings.register_profile("ci", deadline=None)
settings.register_profile("dev", deadline=None, max_examples=DEV_EXAMPLES)
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """A test's example count: ``full`` under ``ci``, at most :data:`DEV_EXAMPLES` under ``dev``.

    >>> examples(2000) == (2000 if PROFILE == "ci" else DEV_EXAMPLES)
    True
    """
    return full if PROFILE == "ci" else min(full, DEV_EXAMPLES)
