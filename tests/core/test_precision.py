"""activations.precision: raised mpmath precision cannot be reset by another thread."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import mpmath

from activations.precision import digits


def test_a_second_thread_waits_instead_of_changing_the_precision_under_the_first():
    inside, seen, start = threading.Event(), [], mpmath.mp.dps

    def first() -> None:
        with digits(50):
            inside.set()
            for _ in range(20):  # ~0.2 s in which the second thread tries to get in
                seen.append(mpmath.mp.dps)
                threading.Event().wait(0.01)

    def second() -> None:
        inside.wait()
        with digits(20):
            seen.append(("second", mpmath.mp.dps))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert seen[:20] == [50] * 20
    assert seen[20:] == [("second", 20)]
    assert mpmath.mp.dps == start  # both put back what they found


def test_nested_use_in_one_thread_does_not_deadlock():
    start = mpmath.mp.dps
    with digits(40), digits(60):
        assert mpmath.mp.dps == 60
    assert mpmath.mp.dps == start


def test_no_code_raises_mpmath_precision_without_the_lock():
    root = Path(__file__).resolve().parents[2]
    raising = re.compile(r"\b(workdps|workprec|extradps)\(|mp\.(dps|prec)\s*=")
    offenders = [
        path.name
        for folder in ("activations", "ui", "views", "experiments", "app_pages")
        for path in (root / folder).glob("*.py")
        if path.name != "precision.py" and raising.search(path.read_text("utf-8"))
    ]
    assert offenders == []
