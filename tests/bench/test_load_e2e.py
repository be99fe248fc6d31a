"""``bench.load`` in its reduced form: 4 concurrent students in Chromium, on a server of their
own (the load test measures that server's memory from cold)."""

from __future__ import annotations

import pytest

from bench.load import RSS_LIMIT_MB, measure, report
from views.navigation import PAGES

pytestmark = pytest.mark.e2e
SESSIONS = 4


def test_four_concurrent_sessions_visit_everything_without_errors(chromium_executable):
    result = measure(SESSIONS, moves="one")
    print(report(result, PAGES))  # shown with -s, and in the failure output
    assert result.errors == []
    assert result.server_errors == []
    assert result.visits == SESSIONS * len(PAGES)
    assert all(student.animation_played for student in result.students)
    assert all(student.rerun_ms for student in result.students)  # each moved a slider
    assert result.peak_mb is not None
    assert result.peak_mb <= RSS_LIMIT_MB
