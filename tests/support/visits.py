"""Pages opened once and read by several browser tests, several tabs loading at the same time.

A page load costs a browser test most of its time, and several tests read the same page at the
same viewport and language (axe-core on every page on the desk and on a phone; the phone's
first screen on every page with a figure). :class:`Visits` opens each page once per viewport
and language for the session, in tabs of their own that load side by side (Chromium gives each
its own renderer, the server its own session), and keeps what the tests read: where the first
figure starts, how far the page reaches sideways, axe-core's violations, and everything a user
must never see. A failure while opening a page is kept too, and raised in every test that
reads that visit.

:class:`TabPool` hands out those tabs: kept for the session, so each stays warm (a new tab
compiles Streamlit's scripts again, ~2 s a load here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from harness.browser import (
    NO_FIGURE,
    axe_violations,
    first_figure_top,
    page_url,
    settled,
    sideways_overflow,
    start_axe,
    wait_for_chart,
)
from tests.support.browser import VIEWPORT, Watched, never_seen

DEVICES = ("desk", "phone")
LANGS = ("zh", "en")
TIMEOUT = 180_000  # ms: several pages load at once on a shared 2-core machine


class TabPool:
    """Spare tabs for the session: ``take(device, count)`` gives ``count`` of them, in the desk
    profile (1400×1000) or the phone's (390×844, mobile, touch), reset to that viewport."""

    def __init__(self, contexts: dict[str, object]) -> None:
        self._contexts = contexts
        self._tabs: dict[str, list] = {device: [] for device in contexts}

    def take(self, device: str, count: int) -> list:
        tabs = [tab for tab in self._tabs[device] if not tab.is_closed()]
        while len(tabs) < count:
            tabs.append(self._contexts[device].new_page())
        self._tabs[device] = tabs
        for tab in tabs[:count]:
            tab.set_default_timeout(TIMEOUT)
            if device == "desk":
                tab.set_viewport_size(VIEWPORT)
        return tabs[:count]


def load_side_by_side(tabs: Sequence, urls: Sequence[str], timeout: float = TIMEOUT) -> list:
    """Start loading ``urls[i]`` in ``tabs[i]`` in all tabs, then wait for each to settle
    (:func:`harness.browser.settled`); a tab that fails keeps its exception in the list
    returned (``None`` for the ones that settled)."""
    failures: list[BaseException | None] = [None] * len(tabs)
    for index, (tab, url) in enumerate(zip(tabs, urls, strict=True)):
        try:
            tab.goto(url, wait_until="commit")
        except Exception as error:  # kept for the test that reads this tab
            failures[index] = error
    for index, tab in enumerate(tabs):
        if failures[index] is None:
            try:
                tab.wait_for_load_state("load", timeout=timeout)
                settled(tab, timeout)
            except Exception as error:
                failures[index] = error
    return failures


@dataclass
class Visit:
    """One page at one viewport in one language, as its tests read it."""

    url: str
    first_top: float | None = None  # px from the top to the first chart (None: no chart)
    sideways: int | None = None  # px the page reaches past the right edge
    violations: list[dict] = field(default_factory=list)  # axe-core's, every impact
    seen: list[str] = field(default_factory=list)  # what a user must never see (never_seen)
    failure: BaseException | None = None

    def read(self) -> Visit:
        """The visit, or the failure that stopped it (raised in the test that reads it)."""
        if self.failure is not None:
            raise AssertionError(f"{self.url}: the visit failed") from self.failure
        return self


class Visits:
    """Every page's visits, made on the first ask and kept: ``of(url_path)`` opens the page on
    the desk and on the phone in both languages at once (four tabs) and returns them by
    ``(device, lang)``."""

    def __init__(self, tabs: TabPool, app_url: str) -> None:
        self._tabs = tabs
        self._app_url = app_url
        self._made: dict[str, dict[tuple[str, str], Visit]] = {}

    def of(self, url_path: str) -> dict[tuple[str, str], Visit]:
        if url_path not in self._made:
            self._made[url_path] = self._visit(url_path)
        return self._made[url_path]

    def _visit(self, url_path: str) -> dict[tuple[str, str], Visit]:
        keys = [(device, lang) for device in DEVICES for lang in LANGS]
        tabs = [tab for device in DEVICES for tab in self._tabs.take(device, len(LANGS))]
        visits = [Visit(page_url(self._app_url, url_path, lang)) for _, lang in keys]
        watchers = [Watched(tab) for tab in tabs]
        try:
            failures = load_side_by_side(tabs, [visit.url for visit in visits])
            # each step in every tab before the next: the tabs draw, and axe-core checks them,
            # side by side
            for step in (_measure, _collect):
                for index, (tab, visit) in enumerate(zip(tabs, visits, strict=True)):
                    if failures[index] is None:
                        try:
                            step(tab, visit, url_path)
                        except Exception as error:
                            failures[index] = error
            for visit, watcher, failure in zip(visits, watchers, failures, strict=True):
                visit.failure = failure
                visit.seen = never_seen(watcher) if failure is None else []
        finally:
            for watcher in watchers:
                watcher.stop()
        return dict(zip(keys, visits, strict=True))


def _measure(tab, visit: Visit, url_path: str) -> None:
    """The first screen as it loaded (nothing scrolled yet), then start axe-core."""
    if url_path not in NO_FIGURE:
        wait_for_chart(tab)  # axe reads the charts' SVG too
        visit.first_top = first_figure_top(tab)
    visit.sideways = sideways_overflow(tab)
    start_axe(tab)


def _collect(tab, visit: Visit, url_path: str) -> None:
    """axe-core's verdict, once it is in."""
    visit.violations = axe_violations(tab)


def side_by_side(tabs: Sequence, jobs: Sequence[tuple[str, Callable]], timeout: float = TIMEOUT):
    """Each job ``(url, read)``: ``url`` loaded and settled, then ``read(tab)``; the jobs go
    through ``tabs`` in rounds, the tabs of a round loading side by side. Returns per job
    ``(read's result or the exception that stopped it, what a user must never see there)``."""
    outcomes: list[tuple[object, list[str]]] = []
    for first in range(0, len(jobs), len(tabs)):
        round_jobs = jobs[first : first + len(tabs)]
        round_tabs = tabs[: len(round_jobs)]
        watchers = [Watched(tab) for tab in round_tabs]
        try:
            failures = load_side_by_side(round_tabs, [url for url, _ in round_jobs], timeout)
            for tab, (_, read), failure, watcher in zip(
                round_tabs, round_jobs, failures, watchers, strict=True
            ):
                try:
                    result = read(tab) if failure is None else failure
                except Exception as error:
                    result = error
                try:
                    seen = never_seen(watcher)
                except Exception as error:  # a crashed tab: what the user saw is the crash
                    seen = [f"tab: {type(error).__name__}: {error}"]
                outcomes.append((result, seen))
        finally:
            for watcher in watchers:
                watcher.stop()
    return outcomes
