"""The custom-formula page under AppTest: deep links valid and hostile, examples, facts, words."""

from __future__ import annotations

import numpy as np
import pytest

from activations.formula import (
    EXAMPLES,
    NODE_KINDS,
    REFUSAL_CODES,
    CustomExpressionError,
    parse,
    uses_parameter,
)
from harness.appdriver import cards, display_formulas, figures, page_run, run_page, xy
from views import custom_text
from views.strings import LANGUAGES, function_name, strings, translate

PAGE = "app_pages/custom.py"


def refusal_for(text: str, lang: str) -> str:
    with pytest.raises(CustomExpressionError) as refusal:
        parse(text)
    return custom_text.refusal_message(refusal.value, lang)


def trace(at, name: str) -> tuple[np.ndarray, np.ndarray]:
    spec = figures(at)[0]
    return xy(next(item for item in spec["data"] if item.get("name") == name))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_default_page_shows_swish_with_its_slider_and_match(lang):
    at = page_run(PAGE, lang=lang)  # read only: shared with the other readers
    assert not at.exception
    assert [slider.key for slider in at.slider] == ["a"]
    assert len(display_formulas(at)) == 2  # f and f′, in one Markdown element with its heading
    assert "Swish" in at.success[0].value
    assert len(figures(at)) == 1
    assert len(cards(at)) == 8


@pytest.mark.parametrize(
    ("text", "query", "builtin"),
    [
        ("x*tanh(log(1+exp(x)))", {}, "Mish"),
        ("x*sigmoid(a*x)", {"a": "2"}, "β = 2"),
        ("max(0, x) + a*min(0, x)", {"a": "0.25"}, "a = 0.25"),
        ("log(1+exp(x))", {}, "Softplus"),
        ("relu(x)", {}, "ReLU"),
    ],
)
def test_deep_link_to_a_builtin_says_so(text, query, builtin):
    at = run_page(PAGE, expr=text, **query)
    assert not at.exception
    assert at.text_input(key="expr").value == text
    assert builtin in at.success[0].value
    assert not at.warning or all("常见误区" in warning.value for warning in at.warning)


def test_plotted_curve_is_the_parsed_formula():
    at = run_page(PAGE, expr="x*tanh(softplus(x)) - 0.1*x", xmin="-4", xmax="3")
    assert not at.exception
    x, y = trace(at, strings("zh")["custom.yours"])
    assert (x[0], x[-1]) == (-4.0, 3.0)
    expected = x * np.tanh(np.logaddexp(0, x)) - 0.1 * x
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-6)  # sent as float32


def test_undefined_points_are_gaps_with_a_note():
    at = run_page(PAGE, expr="log(x)", lang="en")
    assert not at.exception
    _, y = trace(at, strings("en")["custom.yours"])
    assert np.isnan(y[: len(y) // 2]).all()
    assert np.isfinite(y[len(y) // 2 + 1 :]).all()
    assert "sample points" in at.info[0].value


def test_kink_shows_the_step_function_note_and_one_sided_slopes():
    at = run_page(PAGE, expr="max(0, x)", lang="en")
    assert not at.exception
    assert any("Heaviside" in caption.value for caption in at.caption)
    slope = next(card for card in cards(at) if card.label == "f′(0)")
    assert (slope.value, slope.note) == ("0 | 1", "kink: left 0, right 1")


HOSTILE = [
    "__import__('os').system('touch /tmp/pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "lambda: 1",
    "exec('1')",
    "[x for x in a]",
    "f'{x}'",
    "(y := 1)",
    "9**9**9",
    "x**(10**100)",
    "x!",
    "(" * 10_000 + "x" + ")" * 10_000,
    "x" * 20_000,
    "x\x00",
    "х",
    "x@x",
    "x;x",
    "$\\x$",
    "<script>alert(1)</script>",
    "*x*",
    "`x`",
    "[x](javascript:alert(1))",
    "",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:30]))
def test_every_hostile_formula_is_refused_with_a_message(text, lang):
    message = refusal_for(text, lang)  # the parser refuses it (its unit tests say why)
    assert message and "Traceback" not in message


# A few of them through the page: one of each kind of harm, in both languages.
ON_THE_PAGE = [HOSTILE[0], "(" * 10_000 + "x" + ")" * 10_000, "[x](javascript:alert(1))", ""]


@pytest.mark.parametrize(
    ("text", "lang"),
    [(text, LANGUAGES[index % 2]) for index, text in enumerate(ON_THE_PAGE)],
    ids=lambda value: repr(value[:30]),
)
def test_hostile_deep_link_shows_the_refusal_and_nothing_else(text, lang):
    at = run_page(PAGE, expr=text, lang=lang)
    assert not at.exception
    assert at.warning[0].value == refusal_for(text, lang)
    assert not display_formulas(at)
    assert not figures(at)
    assert not cards(at)


@pytest.mark.parametrize(
    "query",
    [
        {"a": "nan"},
        {"a": "1e999"},
        {"a": "-99"},
        {"vs": "__import__('os')"},
        {"vs": ""},
        {"xmin": "abc", "xmax": "-1e308"},
        {"xmin": "5", "xmax": "-5"},
    ],
)
def test_hostile_other_parameters_fall_back_quietly(query):
    """A value no control can take leaves that control at its default, and the page whole."""
    at = run_page(PAGE, **query)
    assert not at.exception
    assert at.text_input(key="expr").value == "x*sigmoid(a*x)"
    assert at.slider(key="a").value == 1.0
    assert at.selectbox(key="vs").value == "relu"
    (figure,) = figures(at)
    assert figure["layout"]["xaxis"]["range"] == [-6.0, 6.0]  # a reversed range: the default


def test_a_formula_given_twice_is_read_as_the_last_and_refused_politely():
    at = run_page(PAGE, expr=["x", "y"])
    assert not at.exception
    assert at.text_input(key="expr").value == "y"
    assert refusal_for("y", "zh") in [warning.value for warning in at.warning]
    assert not figures(at)


def test_example_buttons_fill_the_formula_and_parameter():
    at = run_page(PAGE)
    for example in EXAMPLES:
        label = strings("zh")[f"custom.example_{example.key}"]
        next(button for button in at.button if button.label == label).click().run()
        assert not at.exception
        assert at.text_input(key="expr").value == example.text
        if uses_parameter(parse(example.text)):
            assert at.slider(key="a").value == example.a
        else:
            assert not at.slider


def test_prelu_example_is_leaky_relu_with_slope_a():
    label = strings("en")["custom.example_prelu"]
    at = run_page(PAGE, lang="en")
    next(button for button in at.button if button.label == label).click().run()
    assert "Leaky ReLU" in at.success[0].value
    assert "a = 0.25" in at.success[0].value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_code_and_kind_has_a_message(lang):
    table = strings(lang)
    assert [code for code in REFUSAL_CODES if f"custom.error_{code}" not in table] == []
    assert [kind for kind in NODE_KINDS if f"custom.kind_{kind}" not in table] == []
    for code in REFUSAL_CODES:  # every message formats with the values the page passes
        assert translate(f"custom.error_{code}", lang, detail="d", **custom_text.limits()).strip()


def test_refusal_detail_is_escaped_for_markdown():
    message = custom_text.refusal_message(CustomExpressionError("char_not_allowed", "$"), "en")
    assert "\\$" in message


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_line_in_a_is_not_leaky_relu_and_max_x_tenth_x_is(lang):
    """``a*x`` was "the built-in Leaky ReLU (a = 1)"; ``max(x, 0.1*x)`` was nothing."""
    at = run_page(PAGE, expr="a*x", a="1", lang=lang)
    assert not at.exception and not at.success
    assert translate("custom.no_match", lang) in [c.value for c in at.caption]
    at = run_page(PAGE, expr="max(x, 0.1*x)", lang=lang)
    assert not at.exception
    assert function_name("leaky_relu", lang) in at.success[0].value
    assert "= 0.1" in at.success[0].value
