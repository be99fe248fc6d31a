"""The softmax page under AppTest (zh and en, URL parameters, bad links, interaction), its
figure builders, its prose and its quiz questions, each checked against the core by a
second route."""

from __future__ import annotations

import base64
import doctest
import math

import numpy as np
import pytest

from activations import REGISTRY
from activations import softmax as sm
from harness.appdriver import cards, display_formulas, figures, run_page, tables
from tests.support.content import ANSWERS, EXERCISES, HEADINGS
from ui import softmax_page
from views import softmax_figures as builders
from views.content import PITFALLS_CLASS, sections
from views.figures import style
from views.prose_values import number
from views.quiz import question
from views.strings import LANGUAGES, translate

PAGE = "app_pages/softmax.py"
DEFAULT = np.array(sm.EXAMPLE_LOGITS)


def decode(value) -> np.ndarray:
    """A Plotly JSON array: a plain list or a typed array ``{"dtype", "bdata", "shape"}``."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        if isinstance(shape, str):
            shape = tuple(int(n) for n in shape.split(","))
        return flat.astype(float).reshape(shape) if shape else flat.astype(float)
    return np.asarray(value, dtype=float)


def shown(at) -> dict[str, dict]:
    """The page's four figures by role: probabilities, jacobian, gradient, two_class."""
    probabilities, jacobian, gradient, two_class = figures(at)
    return {
        "probabilities": probabilities,
        "jacobian": jacobian,
        "gradient": gradient,
        "two_class": two_class,
    }


def metric(at, label_key: str, lang: str = "zh", **values) -> str:
    label = translate(f"softmax.{label_key}", lang, **values)
    return next(card.value for card in cards(at) if card.label == label)


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_runs_with_its_figures_formulas_and_prose(lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    assert at.title[0].value == translate("nav.softmax", lang)
    found = shown(at)
    assert found["probabilities"]["data"][0]["type"] == "bar"
    assert found["jacobian"]["data"][0]["type"] == "heatmap"
    assert {trace["type"] for trace in found["gradient"]["data"]} == {"bar"}
    assert found["two_class"]["data"][0]["type"] == "scatter"
    p = decode(found["probabilities"]["data"][0]["y"])
    np.testing.assert_allclose(p, sm.softmax(DEFAULT), rtol=1e-6)
    assert len(found["probabilities"]["data"]) == 1, "no T = 1 ticks at T = 1"
    formulas = " ".join(display_formulas(at))
    identity, slope = sm.two_class_latex()
    assert identity in formulas and slope in formulas
    assert r"\operatorname{diag}(p)" in formulas
    assert any(PITFALLS_CLASS in m.value for m in at.markdown), "the misconceptions box"
    [overflow] = tables(at)
    assert len(overflow) == len(DEFAULT)
    assert not at.error, "nothing overflows at c = 0"


def test_logits_and_temperature_from_the_url_reach_every_figure():
    logits, temperature = np.array([3.0, -2.0, 0.5, 0.5]), 0.5
    query = {f"z{i + 1}": str(value) for i, value in enumerate(logits)}
    at = run_page(PAGE, temperature=str(temperature), target="鸟", **query)
    assert not at.exception
    assert [at.slider(key=f"z{i + 1}").value for i in range(4)] == list(logits)
    found = shown(at)
    bars, ticks = found["probabilities"]["data"]
    np.testing.assert_allclose(decode(bars["y"]), sm.softmax(logits, temperature), rtol=1e-6)
    np.testing.assert_allclose(decode(ticks["y"]), sm.softmax(logits), rtol=1e-6)
    np.testing.assert_allclose(
        decode(found["jacobian"]["data"][0]["z"]), sm.jacobian(logits, temperature), atol=1e-12
    )
    gradient = next(
        trace
        for trace in found["gradient"]["data"]
        if trace["name"] == translate("softmax.grad_grad", "zh")
    )
    np.testing.assert_allclose(
        decode(gradient["y"]), sm.cross_entropy_grad(logits, 2, temperature), rtol=1e-6
    )
    assert at.radio(key="target").value == 2
    loss = sm.cross_entropy(logits, 2, temperature)
    assert metric(at, "loss") == number(loss, 4)


def test_offset_of_1000_breaks_the_naive_columns_and_not_the_stable_ones():
    at = run_page(PAGE, offset="1000")
    assert not at.exception
    [rows] = tables(at)
    naive_p = translate("softmax.col_naive_p", "zh")
    stable_p = translate("softmax.col_stable_p", "zh")
    assert {row[naive_p] for row in rows} == {"nan"}
    stable = [float(row[stable_p].replace("−", "-")) for row in rows]
    np.testing.assert_allclose(stable, sm.softmax(DEFAULT), rtol=1e-5)
    assert at.error and translate("softmax.overflow_broken", "zh") in at.error[0].value
    assert metric(at, "naive_sum") == "inf"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_log_sum_exp_table_follows_the_temperature(lang):
    """At T = 0.5 the bar chart showed p(cat) = 0.862 and the table 0.638066, its T = 1 value."""
    at = run_page(PAGE, temperature="0.5", lang=lang)
    assert not at.exception
    [rows] = tables(at)
    stable_p = translate("softmax.col_stable_p", lang)
    table_p = np.array([float(row[stable_p].replace("−", "-")) for row in rows])
    bars = decode(shown(at)["probabilities"]["data"][0]["y"])
    cat = translate("softmax.class_1", lang)
    assert next(iter(rows[0].values())) == cat
    assert table_p[0] == pytest.approx(bars[0], rel=1e-5)
    np.testing.assert_allclose(table_p, sm.softmax(DEFAULT, 0.5), rtol=1e-5)
    assert translate("softmax.overflow_at_t", lang, temperature="0.5") in said(at)


def said(at) -> str:
    """The overflow demo's captions: with its table and cards, one Markdown element."""
    return "\n".join(block.value for block in at.markdown)


def test_a_warm_temperature_says_the_overflow_is_out_of_reach():
    at = run_page(PAGE, temperature="5", offset="1000", lang="en")
    assert not at.exception and not at.error
    limits = {
        "overflow": softmax_page.shown(sm.EXP_OVERFLOW, 5),
        "underflow": softmax_page.shown(sm.EXP_UNDERFLOW, 5),
    }
    expected = translate("softmax.overflow_out_of_reach", "en", temperature="5", **limits)
    assert expected in said(at)


def test_offset_below_minus_745_underflows_to_nan_too():
    at = run_page(PAGE, offset="-1000", lang="en")
    [rows] = tables(at)
    assert {row[translate("softmax.col_naive_exp", "en")] for row in rows} == {"0"}
    assert {row[translate("softmax.col_naive_p", "en")] for row in rows} == {"nan"}


def test_two_class_check_at_x0_from_the_url():
    at = run_page(PAGE, x0="-3.5", lang="en")
    assert not at.exception
    assert at.slider(key="x0").value == -3.5
    sigma = 1 / (1 + math.exp(3.5))  # a second route to σ(−3.5)
    assert float(metric(at, "sigma_at", "en", x="-3.5")) == pytest.approx(sigma, rel=1e-9)
    assert float(metric(at, "p1_at", "en", x="-3.5")) == pytest.approx(sigma, rel=1e-9)
    two_class = shown(at)["two_class"]
    marker = two_class["data"][-1]
    np.testing.assert_allclose(decode(marker["y"]), [sigma, 1 - sigma], rtol=1e-9)


@pytest.mark.parametrize(
    "query",
    [
        {"z1": "abc", "z2": "99", "z3": "nan", "z4": "1e999"},
        {"temperature": "0"},
        {"temperature": "-1"},
        {"temperature": "inf"},
        {"offset": "5000", "target": "no such class", "x0": "NaN"},
    ],
    ids=["logits", "zero-T", "negative-T", "infinite-T", "others"],
)
def test_bad_parameters_fall_back_to_the_defaults(query):
    at = run_page(PAGE, **query)
    assert not at.exception
    assert [at.slider(key=f"z{i + 1}").value for i in range(4)] == list(DEFAULT)
    assert at.slider(key="temperature").value == 1.0
    assert at.slider(key="offset").value == 0.0
    assert at.slider(key="x0").value == 1.0
    assert at.radio(key="target").value == 0
    np.testing.assert_allclose(
        decode(shown(at)["probabilities"]["data"][0]["y"]), sm.softmax(DEFAULT), rtol=1e-6
    )


def test_moving_the_controls_updates_the_figures():
    at = run_page(PAGE)
    at.slider(key="z4").set_value(4.0).run()
    at.slider(key="temperature").set_value(1.25).run()
    at.radio(key="target").set_value(3).run()
    at.slider(key="offset").set_value(-1000.0).run()
    at.slider(key="x0").set_value(2.0).run()
    assert not at.exception
    logits = np.array([*DEFAULT[:3], 4.0])
    found = shown(at)
    np.testing.assert_allclose(
        decode(found["probabilities"]["data"][0]["y"]), sm.softmax(logits, 1.25), rtol=1e-6
    )
    assert metric(at, "top") == builders.probability_text(float(sm.softmax(logits, 1.25).max()))
    assert at.error, "every z = (x + c)/T ≤ (4 − 1000)/1.25 underflows exp"


def test_lecture_mode_keeps_the_page_whole():
    at = run_page(PAGE, lecture="1", lang="en")
    assert not at.exception
    assert len(figures(at)) == 4
    assert figures(at)[0]["layout"]["font"]["size"] == style(True)["font"]


# --- figure builders --------------------------------------------------------------------------


@pytest.mark.parametrize("module", [builders, softmax_page], ids=lambda module: module.__name__)
def test_docstring_examples_run(module):
    failures, tried = doctest.testmod(module)
    assert tried >= 1 and failures == 0


def test_probabilities_figure_shows_the_reference_only_when_given():
    p = sm.softmax(DEFAULT, 0.5)
    without = builders.probabilities_figure(
        ("a", "b", "c", "d"), p, None, labels=builders.PROBABILITY_LABELS
    )
    with_ticks = builders.probabilities_figure(
        ("a", "b", "c", "d"), p, sm.softmax(DEFAULT), labels=builders.PROBABILITY_LABELS
    )
    assert len(without.data) == 1 and len(with_ticks.data) == 2
    assert without.data[0].text[0] == builders.probability_text(p[0])


def test_jacobian_figure_is_centred_on_white_zero():
    matrix = sm.jacobian(DEFAULT)
    fig = builders.jacobian_figure(("a", "b", "c", "d"), matrix, labels=builders.JACOBIAN_LABELS)
    heatmap = fig.data[0]
    assert heatmap.zmin == -heatmap.zmax == -np.abs(matrix).max()
    assert heatmap.text[0][0] == builders.cell_text(matrix[0, 0])


def test_jacobian_figure_survives_an_all_zero_matrix():
    fig = builders.jacobian_figure(("a", "b"), np.zeros((2, 2)), labels=builders.JACOBIAN_LABELS)
    assert fig.data[0].zmax == 1.0


def test_two_class_figure_widens_only_the_softmax_bands():
    x = np.linspace(-5, 5, 11)
    pairs = sm.softmax(np.column_stack([x, np.zeros_like(x)]))
    sigma = np.column_stack([REGISTRY["sigmoid"].fn(x), REGISTRY["sigmoid"].fn(-x)])
    fig = builders.two_class_figure(
        x, pairs, sigma, 1.0, sm.softmax([1.0, 0.0]), labels=builders.TWO_CLASS_LABELS
    )
    widths = [trace.line.width for trace in fig.data if trace.mode == "lines"]
    assert widths[0] == widths[2] == 3 * widths[1] == 3 * widths[3]


def test_gradient_figure_draws_p_y_and_the_gradient():
    p = sm.softmax(DEFAULT)
    grad = sm.cross_entropy_grad(DEFAULT, 1)
    fig = builders.gradient_figure(
        ("a", "b", "c", "d"), p, sm.one_hot(1, 4), grad, labels=builders.GRADIENT_LABELS
    )
    assert [trace.name for trace in fig.data] == ["p", "y", "∂L/∂x"]
    np.testing.assert_allclose(fig.data[2].y, grad)


# --- prose ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_prose_follows_the_d2l_rhythm_with_answers(lang):
    parts = sections("softmax", lang)
    assert list(parts) == ["", *HEADINGS[lang]]
    question_part, _, answers = parts[EXERCISES[lang]].partition(ANSWERS[lang])
    assert question_part.count("\n1. ") + question_part.startswith("1. ") == 1
    assert answers.count("\n4. ") == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_misconceptions_teach_what_the_page_shows(lang):
    box = next(
        body
        for heading, body in sections("softmax", lang).items()
        if "误区" in heading or "misconceptions" in heading
    )
    for needle in ("ReLU", "argmax", "Guo et al. 2017", "CrossEntropyLoss", "log_softmax"):
        assert needle in box, needle


def test_the_example_class_the_prose_names_has_the_largest_logit():
    assert int(np.argmax(DEFAULT)) == 0  # "cat" / “猫”, class 1, in the prose and the quiz


# --- quiz -------------------------------------------------------------------------------------


def test_quiz_answers_match_a_second_route():
    two = question("softmax_two_logits")
    assert two.answer == pytest.approx(1 / (1 + math.exp(-1)))  # σ(2 − 1)
    shift = question("softmax_shift")
    exps = np.exp(DEFAULT)
    assert shift.answer == pytest.approx(exps[0] / exps.sum())  # no shift: exp is finite here
    gradient = question("softmax_ce_gradient")
    h = 1e-6
    step = np.array([h, 0.0, 0.0, 0.0])
    numeric = (sm.cross_entropy(DEFAULT + step, 0) - sm.cross_entropy(DEFAULT - step, 0)) / (2 * h)
    assert gradient.answer == pytest.approx(numeric, abs=1e-8)
    cold = question("softmax_cold_argmax")
    p = sm.softmax(DEFAULT, 0.05)
    assert cold.answer is False and np.abs(np.diag(p) - np.outer(p, p)).max() / 0.05 < 1e-6


def test_quiz_page_names_the_softmax_topic():
    from views.quiz import question_ids

    number = question_ids().index("softmax_two_logits") + 1
    at = run_page("app_pages/quiz.py", question=str(number), lang="en")
    assert not at.exception
    captions = " ".join(caption.value for caption in at.caption)
    assert translate("nav.softmax", "en") in captions
    values = question("softmax_two_logits").values
    prompt = translate("quiz.q.softmax_two_logits.prompt", "en", **values)
    assert prompt in " ".join(block.value for block in at.markdown)
