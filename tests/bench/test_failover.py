"""``bench.failover`` in its reduced form: a small class on two replicas behind nginx, one
killed: every next move answers."""

from __future__ import annotations

import pytest

from bench import failover


@pytest.mark.server
def test_a_small_class_keeps_working_when_its_replica_dies():
    result = failover.run(students=12, ramp=12.0)
    print(failover.report(result))
    moved = result.group(dropped=True)
    assert moved, "the killed replica held no student"
    assert all(o.answered for o in moved + result.group(dropped=False))
    assert failover.recovered(result)
