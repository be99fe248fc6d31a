"""The custom-formula page in a real browser: deep links render KaTeX and a chart, hostile ones
show the refusal, and nothing a user must never see appears."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from activations.formula import CustomExpressionError, parse
from tests.support.browser import never_seen, open_page, wait_for_app
from views.custom_text import refusal_message

pytestmark = pytest.mark.e2e

CHART = '[data-testid="stPlotlyChart"]'
WARNING = '[data-testid="stAlertContentWarning"]'


def custom_url(text: str, **query: str) -> str:
    extra = "".join(f"&{name}={quote(value)}" for name, value in query.items())
    return f"custom?expr={quote(text, safe='')}{extra}"


def test_mish_deep_link_renders_formulas_chart_and_match(watched, app_url):
    page = open_page(watched, app_url, custom_url("x*tanh(log(1+exp(x)))"))
    page.wait_for_selector(f"{CHART} .main-svg")
    assert page.locator(".katex").count() >= 2
    assert "Mish" in page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert page.locator(WARNING).count() == 0  # no refusal
    assert page.locator(".lab-pitfalls").count() == 1  # the prose's misconceptions box
    assert never_seen(watched) == []


# What only a browser can show: a 20 KB link, markup and TeX in the refusal staying inert text.
# Every refusal's message, and the page's refusal for each kind of harm:
# tests/pages/test_custom_page.py.
@pytest.mark.parametrize(
    "text",
    ["(" * 10_000 + "x" + ")" * 10_000, "<script>alert(1)</script>", "$\\alert{x}$"],
    ids=["deep-parens", "script", "katex"],
)
def test_hostile_deep_link_shows_the_refusal(watched, app_url, text):
    page = open_page(watched, app_url, custom_url(text, lang="en"))
    with pytest.raises(CustomExpressionError) as refusal:
        parse(text)
    expected = refusal_message(refusal.value, "en")
    shown = page.locator(WARNING).first.inner_text()
    assert expected.replace("\\", "").replace("`", "")[:24] in shown
    assert page.locator(CHART).count() == 0
    assert never_seen(watched) == []


def test_typing_a_formula_with_a_shows_the_slider(watched, app_url):
    page = open_page(watched, app_url, custom_url("x**2"))
    assert page.locator('[data-testid="stSlider"]').count() == 0
    field = page.get_by_test_id("stTextInputField").first
    field.fill("x*sigmoid(a*x)")
    field.press("Enter")
    page.wait_for_selector('[data-testid="stSlider"]')
    wait_for_app(page)
    assert "Swish" in page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert never_seen(watched) == []
