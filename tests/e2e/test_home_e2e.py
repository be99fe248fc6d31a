"""The home page renders in a real browser with nothing a user must never see."""

import pytest

from tests.e2e.conftest import never_seen, open_page

pytestmark = pytest.mark.e2e


def test_home_renders_clean(watched, app_url):
    page = open_page(watched, app_url)
    assert "激活函数实验室" in page.locator("h1").first.inner_text()
    assert never_seen(watched) == []


def test_language_survives_page_switch(watched, app_url):
    page = open_page(watched, app_url, "?lang=en")
    assert "Activation Function Lab" in page.locator("h1").first.inner_text()
    page.locator('[data-testid="stSidebarNav"] a[href$="/glossary"]').click()
    page.wait_for_url("**/glossary**")
    page.wait_for_timeout(500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    assert "lang=en" in page.url
    assert never_seen(watched) == []
