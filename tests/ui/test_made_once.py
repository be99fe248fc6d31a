"""``views.made_once.MadeOnce``: a value made once per key however many callers ask at once."""

from __future__ import annotations

import threading

import pytest

from views.made_once import MadeOnce


def test_callers_asking_together_share_one_making():
    kept: MadeOnce[list] = MadeOnce(8)
    started, release, calls = threading.Event(), threading.Event(), []

    def make():
        calls.append(1)
        started.set()
        release.wait(10)
        return ["made"]

    found = []
    first = threading.Thread(target=lambda: found.append(kept.get("k", make)))
    first.start()
    started.wait(10)
    others = [threading.Thread(target=lambda: found.append(kept.get("k", make))) for _ in range(5)]
    for thread in others:
        thread.start()
    # another key is made meanwhile, not held up by the making of "k"
    assert kept.get("other", lambda: "quick") == "quick"
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert len(calls) == 1 and len(found) == 6 and all(value is found[0] for value in found)


def test_a_failed_making_is_tried_again_by_the_next_caller():
    kept: MadeOnce[int] = MadeOnce(8)

    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        kept.get("k", fail)
    assert "k" not in kept
    assert kept.get("k", lambda: 3) == 3


def test_the_newest_are_kept_up_to_the_limit():
    kept: MadeOnce[int] = MadeOnce(2)
    for n in range(3):
        kept.get(n, lambda n=n: n)
    kept.get(1, lambda: -1)  # asked again: the newest now
    kept.get(3, lambda: 3)
    assert len(kept) == 2 and kept.keys() == [1, 3] and dict(kept) == {1: 1, 3: 3}


def test_a_value_keep_refuses_goes_to_its_caller_only():
    kept: MadeOnce[str] = MadeOnce(8)
    assert kept.get("k", lambda: "failed", keep=lambda value: value != "failed") == "failed"
    assert "k" not in kept
    assert kept.get("k", lambda: "fine", keep=lambda value: value != "failed") == "fine"
    assert kept.get("k", lambda: "other") == "fine"
