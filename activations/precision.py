"""mpmath at a raised precision, one thread at a time.

mpmath keeps its working precision in one process-wide context (``mpmath.mp``), and
``mpmath.workdps`` sets it on entry and puts back what it found on exit. The app server runs
every browser session in its own thread: with two sessions computing facts at once, one thread
leaving ``workdps`` reset the precision under the other, whose 40-digit limits then never
converged (``ArithmeticError`` on the page, seen in ``bench.load`` with 20 sessions). The work
is cached and done once per value, so taking turns costs next to nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_TURN = threading.RLock()  # re-entrant: precise code calls other precise code


@contextmanager
def digits(dps: int) -> Iterator[None]:
    """``mpmath.workdps(dps)`` while holding the process-wide mpmath lock."""
    import mpmath  # ships with SymPy; imported on first use, like every caller does

    with _TURN, mpmath.workdps(dps):
        yield
