"""The vanishing page's profiles: made once per setting however many sessions ask at once, and
few at a time (a class flipping a switch together asked for each new profile hundreds of
times, each ~12 MB while it ran: the burst's peak RSS was 742 MB)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from unittest.mock import patch

import numpy as np

from ui import vanishing_page as vanishing


class SlowNetwork:
    """A stand-in for ``gradient_norms`` that counts its calls and how many run at once."""

    def __init__(self) -> None:
        self.calls, self.running, self.most = 0, 0, 0
        self.lock = threading.Lock()

    def __call__(self, key, **settings):
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self.lock:
            self.running -= 1
        depth = settings["depth"]
        return SimpleNamespace(signal=np.ones(depth), variance=np.ones(depth))


def ask(settings: list[tuple]) -> list:
    with ThreadPoolExecutor(len(settings)) as pool:
        return list(pool.map(lambda args: vanishing.profile(*args), settings))


def test_sessions_asking_for_one_setting_at_once_share_one_computation():
    network = SlowNetwork()
    setting = ("sigmoid", 7, 64, "xavier", 1.0, 987, True, "rmsnorm")  # a seed no test uses
    with patch.object(vanishing, "gradient_norms", network):
        found = ask([setting] * 12)
    assert network.calls == 1
    assert all(result is found[0] for result in found)
    assert not found[0][0].flags.writeable  # shared by every session: read only


def test_new_settings_are_computed_a_few_at_a_time():
    network = SlowNetwork()
    settings = [("tanh", depth, 64, "xavier", 1.0, 988, False, "none") for depth in range(2, 10)]
    with patch.object(vanishing, "gradient_norms", network):
        found = ask(settings)
    assert network.calls == len(settings)
    assert network.most <= vanishing.COLD_AT_ONCE
    assert [len(signal) for signal, _ in found] == list(range(2, 10))


def test_the_kept_profiles_are_bounded():
    tiny = lambda key, **settings: SimpleNamespace(signal=np.ones(1), variance=np.ones(1))  # noqa: E731
    with (
        patch.object(vanishing, "gradient_norms", tiny),
        patch.object(vanishing._kept, "limit", 3),
    ):
        for seed in range(990, 996):
            vanishing.profile("relu", 1, 8, "he", 1.0, seed)
        assert len(vanishing._kept) == 3
        assert ("relu", 1, 8, "he", 1.0, 995, False, "none") in vanishing._kept  # the newest
