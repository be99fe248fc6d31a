"""The dtype control in Chromium: /sigmoid?dtype=bfloat16 renders clean (its lesson's formulas
included), and choosing another type redraws the curves in it and writes the URL."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import never_seen, open_page, wait_for_app

pytestmark = pytest.mark.e2e
TIMEOUT = 180_000  # a cold server derives the SymPy facts first
NAMES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .flatMap(p => (p._fullData || []).map(t => t.name))"""


def curves_in(dtype: str) -> str:
    """A wait condition: some chart draws f(x) in ``dtype`` (the Chinese page's trace name)."""
    return f"() => ({NAMES})().includes('f(x)（{dtype}）')"


def choose(page, dtype: str) -> None:
    """Pick ``dtype`` in the precision selectbox as a reader does: open it, click the option."""
    page.get_by_role("combobox", name="数值精度 dtype").click()
    page.get_by_role("option", name=dtype, exact=True).click()


def test_bfloat16_sigmoid_renders_and_switching_the_type_redraws(watched, app_url):
    watched.page.set_default_timeout(TIMEOUT)
    page = open_page(watched, app_url, "sigmoid?dtype=bfloat16", timeout=TIMEOUT)
    page.wait_for_function(curves_in("bfloat16"))
    page.wait_for_selector(".katex")  # the lesson's σ′ = y(1 − y) and the page's formulas
    assert page.locator(".katex-error").count() == 0
    choose(page, "float16")
    wait_for_app(page, TIMEOUT)
    page.wait_for_function(curves_in("float16"))
    assert "dtype=float16" in page.url
    assert not page.evaluate(curves_in("bfloat16"))
    choose(page, "float64")
    wait_for_app(page, TIMEOUT)
    page.wait_for_function(f"() => ({NAMES})().includes('f(x)')")
    page.wait_for_function(f"() => !({NAMES})().some(name => name.includes('float16'))")
    assert page.locator(".katex-error").count() == 0
    assert never_seen(watched) == []
