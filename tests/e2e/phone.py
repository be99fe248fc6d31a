"""A phone for the browser tests: one 390×844 tab (mobile, touch, device scale 2) for the suite,
beside the desktop tab of ``conftest.py``. Test modules import the fixture by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.phone import PHONE
from tests.e2e.conftest import Watched


@pytest.fixture(scope="session", name="_phone_tab")
def phone_tab_fixture(browser):
    context = browser.new_context(locale="zh-CN", **PHONE)
    yield [context.new_page()]
    context.close()


@pytest.fixture(name="phone")
def phone_fixture(_phone_tab, app_url: str) -> Iterator[Watched]:
    """The suite's phone tab, with this test's error collectors attached."""
    if _phone_tab[0].is_closed():
        _phone_tab[0] = _phone_tab[0].context.new_page()
    page = _phone_tab[0]
    page.set_default_timeout(120_000)
    watched = Watched(page)
    yield watched
    watched.stop()
