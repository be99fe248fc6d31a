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

from harness.browser import CHROMIUM_FLAGS, PHONE
from harness.server import ROOT
from tests.support.browser import VIEWPORT, Watched
from tests.support.servers import shared_server
from tests.support.visits import TabPool, Visits


@pytest.hookimpl(tryfirst=True)  # before tests/conftest.py puts the e2e tests first
def pytest_collection_modifyitems(items) -> None:
    """Every test in this folder drives Chromium: ``-m "not e2e"`` must leave all of them out.

    Under pytest-xdist (``make test``) the tests that share this folder's server run on two
    workers (``tests/support/workers.py``), two browsers on one server (``app_url``), rather
    than a server and a browser per worker."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_url(chromium_executable: str, tmp_path_factory) -> Iterator[str]:
    """``streamlit run app.py`` on a free port, healthy; its output in .pytest_cache. Under
    pytest-xdist one server for the run's workers (``tests/support/servers.py``): the folder
    above each worker's own temporary folder is the run's, shared by its workers."""
    under_xdist = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    shared = tmp_path_factory.getbasetemp().parent if under_xdist else None
    log = ROOT / ".pytest_cache" / "e2e-server.log"
    log.parent.mkdir(exist_ok=True)
    with shared_server(shared, log) as url:
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


@pytest.fixture(scope="session")
def phone_context(browser):
    """One phone profile (390×844, touch, device scale 2) for the suite. ``is_mobile`` and
    ``has_touch`` belong to a browser context, so a phone needs a context of its own; shared,
    its HTTP cache keeps Streamlit's scripts as the desk's does."""
    context = browser.new_context(locale="zh-CN", **PHONE)
    yield context
    context.close()


@pytest.fixture(scope="module")
def _phone_tab(phone_context):
    """A phone's tab for one test module."""
    tab = [phone_context.new_page()]
    yield tab
    if not tab[0].is_closed():
        tab[0].close()


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


@pytest.fixture(scope="session")
def tab_pool(browser_context, phone_context) -> TabPool:
    """Spare warm tabs on the desk and on the phone, for tests that load several pages at once
    (``tests/support/visits.py``)."""
    return TabPool({"desk": browser_context, "phone": phone_context})


@pytest.fixture(scope="session")
def visits(tab_pool, app_url: str) -> Visits:
    """Every page opened once per viewport (desk, phone) and language for the session, four
    tabs at a time, and what the tests read from it (``tests/support/visits.py``)."""
    return Visits(tab_pool, app_url)
