"""Hostile URL parameters under AppTest: the collector is complete, and no page raises.

The browser test (``tests/e2e/test_hostile_urls_e2e.py``) is the one that sees what a user
sees; this one is fast and checks the server side: every page, every collected parameter at
once with a hostile value (some repeated), no exception, and every numeric control ends up
finite and inside its own range. It also cross-checks the static collector against what the
running pages really bind: each widget's ``query_param_key``.

Pages run through ``app.py`` as on the live server, so the
error boundary and its URL clean-up are part of what is tested.
"""

from __future__ import annotations

import math

import pytest

from harness.appdriver import run_page
from tests.support.hostile import LONG, SCRIPTS, VALUES, collect
from ui.links import infinite_number
from views.navigation import PAGES

COLLECTED = collect()
KEYS = sorted(COLLECTED.keys)


def test_every_computed_key_is_resolved():
    assert COLLECTED.unresolved == []


def test_every_widget_is_bound_through_the_helper():
    """``in_url(key)`` binds a widget and records its key, how the error boundary learns a
    page's own controls; a ``bind=`` written by hand would bind without recording."""
    assert COLLECTED.by_hand == []


def test_collector_finds_the_shared_and_session_names():
    shared = {"beta", "negative_slope", "alpha", "x0", "xmin", "xmax", "lang", "lecture"}
    assert shared <= COLLECTED.keys
    # Keys built in loops and helpers are found too (computed, not literal).
    assert any("(computed)" in site for site in COLLECTED.where["epochs"])
    assert any("(computed)" in site for site in COLLECTED.where["beta"])


def _query(page_index: int) -> dict[str, str | list[str]]:
    """Every collected key with a hostile value; every third key repeated with two values."""
    pool = [value for value in VALUES if value is not LONG]
    query: dict[str, str | list[str]] = {}
    for number, key in enumerate(KEYS):
        value = pool[(number * 7 + page_index * 5) % len(pool)]
        query[key] = [value, SCRIPTS[number % len(SCRIPTS)]] if number % 3 == 0 else value
    query[KEYS[page_index % len(KEYS)]] = LONG
    query["unknown_key"] = SCRIPTS[0]
    return query


def _widgets(at):
    return [node for node in at._tree if hasattr(node, "proto") and hasattr(node.proto, "id")]


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_hostile_parameters_leave_every_page_working(spec):
    at = run_page(spec.file, **_query(PAGES.index(spec)))
    assert not at.exception
    bound = set()
    for widget in _widgets(at):
        key = getattr(widget.proto, "query_param_key", "")
        if key:
            bound.add(key)
    assert bound <= COLLECTED.keys, f"bound on {spec.url_path} but not collected: {bound}"
    for slider in at.slider:
        values = slider.value if isinstance(slider.value, tuple | list) else [slider.value]
        for value in values:
            assert math.isfinite(float(value)), slider.key
            assert slider.min <= value <= slider.max, slider.key
    for box in at.number_input:
        assert math.isfinite(float(box.value)), box.key
        assert box.min is None or box.value >= box.min, box.key
        assert box.max is None or box.value <= box.max, box.key


INFINITIES = ["inf", "-inf", "1e999", "-1e999", "Infinity", "-INF", " +inf ", "9" * 400]


@pytest.mark.parametrize("value", INFINITIES)
def test_every_spelling_of_infinity_is_recognised(value):
    assert infinite_number(value)


@pytest.mark.parametrize("value", ["nan", "1e308", "-0", "", "x", "1e", "∞"])
def test_finite_or_malformed_values_are_not_infinite(value):
    assert not infinite_number(value)  # malformed ones are Streamlit's to reject


@pytest.mark.parametrize(
    ("file", "key", "default", "value"),
    [
        ("app_pages/swiglu.py", "d_model", 4096, "inf"),
        ("app_pages/swiglu.py", "multiple_of", 256, "-inf"),
        ("app_pages/glu.py", "seed", 0, "1e999"),
        ("app_pages/vanishing.py", "seed", 0, "-1e999"),
        ("app_pages/dying_relu.py", "seed", 0, "Infinity"),
        ("app_pages/playground.py", "seed", 0, "inf"),
        ("app_pages/regions.py", "seed", 0, "-inf"),
    ],
)
def test_infinite_integer_falls_back(file, key, default, value):
    """Streamlit 1.67 crashes on ``int(float("inf"))`` for an integer number input bound to
    the URL; ``ui.errors.page_boundary`` drops such values before the page runs (each
    spelling is recognised by ``infinite_number``, tested above)."""
    at = run_page(file, **{key: value})
    assert not at.exception
    assert at.number_input(key=key).value == default
