"""Which tests share a pytest-xdist worker under ``make test``: those that share a server.

pytest-xdist's ``--dist loadgroup`` keeps tests marked ``xdist_group`` on one worker by adding
the group to each test's node id (``Item._nodeid``); pytest 9 keeps node ids elsewhere, so that
suffix is lost and every group fell apart: each worker that ran one browser test started its own
Streamlit server and Chromium, and warmed every page's caches again. The scheduler here reads the
groups from the node ids themselves (the controller sees nothing else), so the rule lives in one
table below, by file.

- The browser tests on the suite's shared server (``app_url``) form two groups of about equal
  length (measured one file at a time), each on a worker of its own: two browsers on one server
  (``tests/support/servers.shared_server``: the first worker to ask starts it).
- The lecture hall (``tests/bench/test_hall.py``) and ``make serve``'s supervisor
  (``tests/deploy/test_serve.py``) start one server per file.
- Every other test is its own unit, dealt out as workers come free.

Larger units go first (pytest-xdist sorts them by size), and the collection puts the tests that
start servers or browsers before the rest (:func:`slow_first`), so the long ones do not start
last and leave the other workers idle.
"""

from __future__ import annotations

from pathlib import PurePosixPath

E2E = "tests/e2e/"
# Browser files that start servers of their own (no ``app_url``): each test is its own unit.
OWN_SERVERS = frozenset({"test_restart_e2e.py", "test_fresh_server_e2e.py"})
# The second browser group (the first holds the other files, and any new one). The axe-core
# test and the phone's first screen read the same page visits (``tests/support/visits.py``),
# so they share a worker. Seconds per file in the first group (summed per test in one ``make
# test`` at load ~25, before the visits were shared): projector 765, phone figures 188, hostile
# URLs 190, function pages 124, history 90, gated 86, others ~60; in the second: accessibility
# 1145 and first screen 392 (together far less now: the phone visits are made once), lecture
# 60, experiments 66, custom ~20.
SECOND_BROWSER = frozenset(
    {
        "test_accessibility_e2e.py",
        "test_first_screen_e2e.py",
        "test_lecture_e2e.py",
        "test_experiments_e2e.py",
        "test_custom_e2e.py",
    }
)
ONE_SERVER_PER_FILE = {
    "tests/bench/test_hall.py": "hall",
    "tests/deploy/test_serve.py": "serve",
}


def group(nodeid: str) -> str:
    """The unit of work ``nodeid`` belongs to: a group's name, or the node id itself.

    >>> group("tests/e2e/test_first_screen_e2e.py::test_first_figure[glu-zh]")
    'browser-2'
    >>> group("tests/e2e/test_gated_e2e.py::test_glu[zh]")
    'browser-1'
    >>> group("tests/e2e/test_projector_e2e.py::test_fit[1024-768-en]")
    'browser-1'
    >>> group("tests/bench/test_hall.py::test_a_class_of_30_sees_no_error[glu]")
    'hall'
    >>> group("tests/e2e/test_restart_e2e.py::test_every_tab_redraws")
    'tests/e2e/test_restart_e2e.py::test_every_tab_redraws'
    """
    path = nodeid.split("::", 1)[0]
    if path in ONE_SERVER_PER_FILE:
        return ONE_SERVER_PER_FILE[path]
    name = PurePosixPath(path).name
    if path.startswith(E2E) and name not in OWN_SERVERS:
        return "browser-2" if name in SECOND_BROWSER else "browser-1"
    return nodeid


def slow_first(items: list) -> None:
    """Sort ``items`` in place: tests marked ``e2e`` or ``server`` first, each side in its order
    (the same in every worker, as pytest-xdist requires)."""
    items.sort(key=lambda item: not any(item.get_closest_marker(m) for m in ("e2e", "server")))


def make_scheduler(config, log):
    """Under ``--dist loadgroup``: pytest-xdist's group scheduling with :func:`group` as the
    rule (``None`` otherwise: pytest-xdist's own scheduler for the mode asked for)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedServerScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group(nodeid)

    return SharedServerScheduling(config, log)
