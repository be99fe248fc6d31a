"""Browser-test harness: one Streamlit server per test session, driven by the system Chromium.

Playwright's own browser download is not available here, so the tests launch Debian's
``chromium`` (``$CHROMIUM`` overrides the path). Without it the tests skip, except under
``E2E_REQUIRED=1`` (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.phone import PHONE
from bench.server import (
    CHROMIUM_FLAGS,
    NEVER_SEEN,
    chromium_path,
    streamlit_server,
)
from bench.server import (
    base_path_probe as _probe_404,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items) -> None:
    """Every test in this folder drives Chromium: ``-m "not e2e"`` must leave all of them out.

    Under pytest-xdist (``make test``) the tests that share this folder's server run on one
    worker (group ``browser``), so the suite starts that server, and its caches warm, once."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if "app_url" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        reason = "no Chromium found (install Debian's chromium or set $CHROMIUM)"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def app_url(chromium_executable: str) -> Iterator[str]:
    """``streamlit run app.py`` on a free port, healthy; its output in .pytest_cache."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # one log per worker under xdist
    log = ROOT / ".pytest_cache" / f"e2e-server{'-' + worker if worker else ''}.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w+") as log_file, streamlit_server(log=log_file) as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser(chromium_executable: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


VIEWPORT = {"width": 1400, "height": 1000}


class Watched:
    """A browser page plus everything the browser said during one test that a user must never
    see. :meth:`stop` detaches the listeners, so the next test on the same tab starts clean."""

    def __init__(self, page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self._listeners = [
            ("console", self._on_console),
            ("pageerror", self._on_page_error),
            ("dialog", self._on_dialog),
        ]
        for event, listener in self._listeners:
            page.on(event, listener)

    def stop(self) -> None:
        for event, listener in self._listeners:
            self.page.remove_listener(event, listener)

    def _on_console(self, message) -> None:
        if base_path_probe(message):
            return
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser profile for the suite: its HTTP cache keeps Streamlit's few MB of scripts,
    which a fresh profile per test downloaded and compiled again."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    yield context
    context.close()


@pytest.fixture(scope="session")
def _tab(browser_context):
    """One tab for the suite. Every test navigates it afresh, and each load opens a new
    Streamlit session (the app keeps nothing in cookies or storage); a warm tab loads a page
    in ~1.9 s here where a new one took ~4.3 s (its renderer compiled Streamlit's scripts)."""
    return [browser_context.new_page()]


@pytest.fixture
def watched(_tab, app_url: str) -> Iterator[Watched]:
    """The suite's tab at 1400×1000, with this test's error collectors attached."""
    if _tab[0].is_closed():  # a test closed or crashed it: the next one gets a new tab
        _tab[0] = _tab[0].context.new_page()
    page = _tab[0]
    page.set_default_timeout(30_000)
    page.set_viewport_size(VIEWPORT)
    watched = Watched(page)
    yield watched
    watched.stop()


@pytest.fixture(scope="module")
def _phone_tab(browser):
    """A phone's tab (390×844, touch, device scale 2) for one test module. ``is_mobile`` and
    ``has_touch`` belong to a browser context, so a phone needs a context of its own."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    yield [context.new_page()]
    context.close()


@pytest.fixture
def phone(_phone_tab, app_url: str) -> Iterator[Watched]:
    """The phone's tab with this test's error collectors attached (see :func:`watched`)."""
    if _phone_tab[0].is_closed():
        _phone_tab[0] = _phone_tab[0].context.new_page()
    page = _phone_tab[0]
    page.set_default_timeout(120_000)  # axe on a long page takes its time on a loaded machine
    watched = Watched(page)
    yield watched
    watched.stop()


def base_path_probe(message) -> bool:
    """Whether a console message is Streamlit's expected 404 base-path probe (bench/server.py)."""
    url = (message.location or {}).get("url", "")
    return _probe_404(message.text, url)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running and no skeleton placeholder remains."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout
    )
    # A rerun can start right after the first run ends (widgets settling): wait it out too.
    page.wait_for_timeout(300)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout
    )


def open_page(watched: Watched, app_url: str, path: str = "", timeout: float = 30_000):
    """Go to ``/<path>`` (query string allowed) and wait for the app to settle."""
    watched.page.goto(f"{app_url}/{path}")
    wait_for_app(watched.page, timeout)
    return watched.page


def never_seen(watched: Watched) -> list[str]:
    """What a user must never see: exceptions, KaTeX errors, console and page errors, dialogs."""
    found = [
        f"element: {element.inner_text()[:300]}"
        for element in watched.page.query_selector_all(NEVER_SEEN)
    ]
    found += [f"console: {text}" for text in watched.console_errors]
    found += [f"pageerror: {text}" for text in watched.page_errors]
    found += [f"dialog: {text}" for text in watched.dialogs]
    return found


@pytest.fixture
def probes(watched) -> Iterator[list[str]]:
    """URLs that answered 404. Opened directly at ``/<page>``, Streamlit's frontend first looks
    for its server under ``/<page>/_stcore/`` (in case the app sits below a base path); those
    probes 404 and Chromium logs each one as a console error. Collect them to tell them apart."""
    found: list[str] = []

    def on_response(response) -> None:
        if response.status == 404:
            found.append(response.url)

    watched.page.on("response", on_response)
    yield found
    watched.page.remove_listener("response", on_response)


def problems(watched, probes: list[str]) -> list[str]:
    """``never_seen`` minus one "404" console line per base-path probe (and only those)."""
    assert all("/_stcore/" in url for url in probes), probes
    expected, left = len(probes), []
    for problem in never_seen(watched):
        if expected and problem.startswith("console: Failed to load resource") and "404" in problem:
            expected -= 1
        else:
            left.append(problem)
    return left
