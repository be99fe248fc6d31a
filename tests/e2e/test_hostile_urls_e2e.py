"""Hostile URLs in a real browser: every page, every URL parameter the code reads, bad values.

The parameters are collected from the code (``tests/support/hostile.py``: ``ast`` over
``app_pages/`` and ``ui/``, plus the session-wide ``lang``/``lecture``/``export``), never listed
by hand. Each page gets well over 100 hostile (key, value) pairs: every collected key about
three times with different values (empty, NaN, ±inf, 1e999, −0, 20-digit integers, emoji,
script and HTML snippets, path traversal, percent-encoding junk), repeated keys, unknown keys,
one 10 KB value, and raw undecodable junk. They travel in one URL per page (~15 KB): one page
load costs far more than one more parameter.

Every URL must render the page with nothing a user must never see (which includes a dialog:
an injected ``alert`` that ran would show up there). Spot checks then confirm that values
fell back or clamped instead of being half-applied.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from tests.support.browser import never_seen, open_page
from tests.support.hostile import LONG, SCRIPTS, batches, collect, hostile_pairs, query_string
from tests.support.visits import side_by_side
from views.navigation import PAGES

pytestmark = pytest.mark.e2e
URLS_PER_PAGE = 1
TIMEOUT = 120_000  # ms; a shared 2-core machine can take this long to draw a page
PER_KEY = 3
KEYS = sorted(collect().keys)


def _path(spec) -> str:
    return "" if spec.url_path == "home" else spec.url_path


SIDE_BY_SIDE = 4  # tabs loading the pages' hostile URLs at the same time


def _url(spec) -> str:
    """The page's one URL of hostile pairs, ``/<path>?<query>``."""
    pairs = hostile_pairs(KEYS, per_key=PER_KEY, seed=PAGES.index(spec))
    (batch,) = batches(pairs, -(-len(pairs) // URLS_PER_PAGE))
    return f"{_path(spec)}?{query_string(batch)}"


def _read(tab) -> tuple[str, int, int]:
    """The page rendered (its title came), where it ended up, and the live markup injected."""
    tab.locator("h1").first.wait_for(timeout=TIMEOUT)
    injected = tab.locator("script:text('alert(1)'), img[onerror], svg[onload]").count()
    scripted = tab.locator('a[href^="javascript:"], iframe[src^="javascript:"]').count()
    return tab.url, injected, scripted


@pytest.fixture(scope="module")
def hostile_visits(tab_pool, app_url):
    """Every page's hostile URL, loaded :data:`SIDE_BY_SIDE` at a time on the first ask
    (``tests/support/visits.py``): ``url_path -> ((url, injected, scripted) or the exception
    that stopped the load, what a user must never see there)``."""
    found: dict[str, tuple] = {}

    def visit(spec):
        if not found:
            jobs = [(f"{app_url}/{_url(each)}", _read) for each in PAGES]
            tabs = tab_pool.take("desk", SIDE_BY_SIDE)
            outcomes = side_by_side(tabs, jobs, TIMEOUT)
            found.update(zip((each.url_path for each in PAGES), outcomes, strict=True))
        return found[spec.url_path]

    return visit


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_hostile_query_strings_render_clean(hostile_visits, spec):
    """One URL per page (``URLS_PER_PAGE``) with every hostile pair, loaded beside three other
    pages' (``hostile_visits``)."""
    url = _url(spec)
    query = url.split("?", 1)[1]
    read, found = hostile_visits(spec)
    if isinstance(read, BaseException):
        raise AssertionError(f"/{url[:300]}…: the load failed") from read
    shown_url, injected, scripted = read
    assert found == [], f"/{_path(spec)}?{query[:300]}…: {found}"
    assert shown_url.split("?")[0].rstrip("/").endswith(_path(spec))
    # Nothing injected made it into the DOM as live markup.
    assert injected == 0
    assert scripted == 0
    assert query.count("&") + 1 >= 100  # the pairs plus the raw junk


# A bad β alone: tests/e2e/test_function_pages_e2e.py::test_bad_beta_opens_with_the_default.


def test_swish_good_beta_next_to_junk_is_applied(watched, app_url):
    """A slide's deep link ``swish?beta=2``, with junk beside it that must not spoil it."""
    path = "swish?beta=2&x0=%ZZ&xmin=1e999&xmax=-inf&zzz=%3Cscript%3E"
    page = open_page(watched, app_url, path, timeout=TIMEOUT)
    assert "β = 2）" in page.locator('[data-testid="stMain"] h3').first.inner_text()
    assert float(page.get_by_role("slider", name="陡峭度 β").input_value()) == 2.0
    assert never_seen(watched) == []


def test_glossary_echoes_script_as_text_only(watched, app_url):
    snippet = "<img src=x onerror=alert(1)>"
    page = open_page(watched, app_url, f"glossary?q={quote(snippet)}", timeout=TIMEOUT)
    assert page.locator('[data-testid="stTextInput"] input').input_value() == snippet
    assert page.locator("img[onerror]").count() == 0
    assert never_seen(watched) == []


@pytest.mark.parametrize("path", ["more?fn=%3Cscript%3Ealert(1)%3C/script%3E", "more?fn=&fn=nope"])
def test_more_bad_choice_falls_back_to_gelu(watched, app_url, path):
    page = open_page(watched, app_url, path, timeout=TIMEOUT)
    assert "GELU" in page.locator('[data-testid="stMain"] h3').first.inner_text()
    assert never_seen(watched) == []


def test_quiz_huge_question_number_falls_back_to_the_first(watched, app_url):
    page = open_page(watched, app_url, "quiz?question=99999999999999999999", timeout=TIMEOUT)
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any(text.startswith("第 1 题") for text in captions), captions
    assert never_seen(watched) == []


def test_swiglu_infinite_width_falls_back(watched, app_url):
    page = open_page(watched, app_url, "swiglu?d_model=1e999&multiple_of=-0", timeout=TIMEOUT)
    assert page.locator('[data-testid="stNumberInputField"]').first.input_value() == "4096"
    assert never_seen(watched) == []


def test_session_parameters_fall_back(watched, app_url):
    junk = quote(SCRIPTS[0])
    query = f"?lang={junk}&lecture={junk}&export={quote(LONG[:2000])}"
    page = open_page(watched, app_url, query, timeout=TIMEOUT)
    assert "激活函数实验室" in page.locator("h1").first.inner_text()
    assert never_seen(watched) == []


@pytest.mark.parametrize(
    "path",
    [
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "static/..%2f..%2f..%2fetc%2fpasswd",
        "swish/..%2f..%2fapp.py",
        "_stcore/..%2f..%2fapp.py",
        "app.py",
        ".streamlit/config.toml",
    ],
)
def test_path_traversal_serves_no_files(app_url, path):
    try:
        with urllib.request.urlopen(f"{app_url}/{path}", timeout=30) as response:
            body = response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        assert error.code in (400, 403, 404)
        return
    assert "root:" not in body
    assert "st.navigation" not in body  # the source of app.py
    assert "gatherUsageStats" not in body  # the config file
