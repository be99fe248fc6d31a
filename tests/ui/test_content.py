"""Lecture prose: every placeholder resolves, both languages match, the errata are taught.

Covers every ``content/<lang>/*.md`` file, not only the element-wise pages: a placeholder that
:func:`views.prose_values.prose_values` does not know fails here rather than on a student's screen.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from activations import REGISTRY
from activations.landmarks import (
    article_swish,
    gelu_tanh_max_difference,
    sigmoid_float64_saturation,
)
from tests.support.content import ANSWERS, EXERCISES, HEADINGS, MISCONCEPTIONS
from views.content import fill, placeholders, raw, sections
from views.prose_values import number, prose_value, prose_values, prose_values_for
from views.strings import CONTENT_DIR, LANGUAGES

# Registry keys taught on another key's page (the tanh approximation sits with exact GELU)
# or on a page of their own (the hardware-friendly and self-normalising five).
TAUGHT_WITH = {
    "gelu_tanh": "gelu",
    **dict.fromkeys(["relu6", "hardsigmoid", "hardswish", "selu", "squared_relu"], "hardware"),
}
ELEMENTWISE = sorted({TAUGHT_WITH.get(key, key) for key in REGISTRY})


def content_names(lang: str) -> set[str]:
    return {path.stem for path in (CONTENT_DIR / lang).glob("*.md")}


ALL_FILES = sorted((lang, name) for lang in LANGUAGES for name in content_names(lang))


def file_id(case: tuple[str, str]) -> str:
    return f"{case[0]}/{case[1]}"


def without_display_math(text: str) -> str:
    return re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)


# --- every content file ------------------------------------------------------------------


def test_there_is_content_to_check():
    assert len(ALL_FILES) >= 2 * len(ELEMENTWISE)


@pytest.mark.parametrize("case", ALL_FILES, ids=file_id)
def test_every_placeholder_resolves(case):
    lang, name = case
    text = raw(name, lang)
    unknown = sorted(placeholders(text) - set(prose_values()))
    assert unknown == [], f"content/{lang}/{name}.md uses names prose_values() lacks"
    assert "{{" not in fill(text, prose_values())


@pytest.mark.parametrize("case", ALL_FILES, ids=file_id)
def test_inline_math_is_balanced_and_free_of_placeholders(case):
    # A stray $ swallows the rest of the paragraph into KaTeX; a filled-in number inside
    # math would bring the Unicode minus and "× 10⁻⁴" into KaTeX, which rejects them.
    lang, name = case
    for paragraph in without_display_math(raw(name, lang)).split("\n\n"):
        assert paragraph.count("$") % 2 == 0, f"odd number of $ in: {paragraph[:80]}"
        for formula in re.findall(r"\$(.+?)\$", paragraph):
            assert "{{" not in formula, f"placeholder inside math: ${formula}$"


@pytest.mark.parametrize("name", sorted(content_names("zh") | content_names("en")))
def test_both_languages_have_the_file_with_the_same_sections(name):
    assert name in content_names("zh"), f"content/zh/{name}.md is missing"
    assert name in content_names("en"), f"content/en/{name}.md is missing"
    counts = {lang: raw(name, lang).count("\n## ") for lang in LANGUAGES}
    assert counts["zh"] == counts["en"]


# --- the element-wise function pages ---------------------------------------------------------


def test_every_registry_function_is_taught():
    for key in REGISTRY:
        page = TAUGHT_WITH.get(key, key)
        for lang in LANGUAGES:
            assert page in content_names(lang), f"no content/{lang}/{page}.md for {key}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", ELEMENTWISE)
def test_lead_then_the_nine_sections_in_order(key, lang):
    parts = sections(key, lang)
    assert list(parts) == ["", *HEADINGS[lang]]
    lead = parts[""]
    assert "\n\n" not in lead and lead.count("。" if lang == "zh" else ". ") <= 3
    assert all(body for body in parts.values()), "an empty section"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", ELEMENTWISE)
def test_exercises_come_with_answers(key, lang):
    exercises = sections(key, lang)[EXERCISES[lang]]
    question, _, answer = exercises.partition(ANSWERS[lang])
    assert re.search(r"^1\. ", question, flags=re.MULTILINE)
    assert re.search(r"^1\. ", answer, flags=re.MULTILINE)


@pytest.mark.parametrize("key", ELEMENTWISE)
def test_both_languages_quote_the_same_numbers(key):
    assert placeholders(raw(key, "zh")) == placeholders(raw(key, "en"))


# Each correction of the source article (FACTS.md) must be taught in the misconceptions box;
# the needles are the words a student should find there.
ERRATA = [
    ("sigmoid", ["$(0,1)$", "开区间", "{{sigmoid.float64_saturation}}"], ["$(0,1)$", "open"]),
    ("relu", ["缓解", "PyTorch", "TensorFlow", "JAX"], ["mitigates", "PyTorch", "JAX"]),
    ("leaky_relu", ["0.01", "0.25", "PReLU", r"\partial f/\partial a = x"], ["0.01", "0.25"]),
    (
        "swish",
        [r"e^{-\beta x}", r"x^{-\beta x}", "{{swish.article_value_at_2}}", "Sigmoid Linear Unit"],
        [r"e^{-\beta x}", r"x^{-\beta x}", "{{swish.article_value_at_2}}", "Sigmoid Linear Unit"],
    ),
    ("swish", ["Elfwing", "{{swish.grad_at_minus10}}", "{{swish.min_at}}", "Ramachandran"], []),
    ("gelu", ["BERT", "GPT", "SwiGLU", "{{gelu.tanh_max_diff}}"], ["BERT", "GPT", "SwiGLU"]),
    ("tanh", ["梯度消失", "2\\sigma(2x)-1"], ["vanishing", "2\\sigma(2x)-1"]),
    ("elu", [r"\alpha=1", "{{elu.grad_at_minus5}}"], [r"\alpha=1"]),
]


@pytest.mark.parametrize(("key", "zh", "en"), ERRATA, ids=[e[0] for e in ERRATA])
def test_misconceptions_box_teaches_the_correction(key, zh, en):
    for lang, needles in (("zh", zh), ("en", en)):
        box = sections(key, lang)[MISCONCEPTIONS[lang]]
        missing = [needle for needle in needles if needle not in box]
        assert missing == [], f"{lang}/{key} misconceptions lack {missing}"


@pytest.mark.parametrize(
    ("key", "users"),
    [
        ("sigmoid", ["LSTM", "GRU"]),
        ("tanh", ["RNN", "LSTM"]),
        ("relu", ["ResNet", "Transformer"]),
        ("gelu", ["BERT", "GPT-2", "GeGLU"]),
        ("swish", ["EfficientNet", "LLaMA", "PaLM", "Mistral"]),
        ("mish", ["YOLOv4"]),
    ],
)
def test_where_it_is_used_today(key, users):
    for lang, heading in (("zh", "应用场景"), ("en", "Where it is used")):
        text = sections(key, lang)[heading]
        assert [user for user in users if user not in text] == []


def test_swish_says_silu_is_beta_one():
    for lang in LANGUAGES:
        assert r"$\beta=1$" in raw("swish", lang)
        assert r"\operatorname{SiLU}(x) = x\,\sigma(x)" in raw("swish", lang)


# --- the numbers themselves ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("sigmoid.grad_max", "0.25"),
        ("sigmoid.grad_max_at", "0"),
        ("sigmoid.float64_saturation", "36.74"),
        ("tanh.grad_max", "1"),
        ("relu.grad_at_0", "0"),
        ("leaky_relu.value_at_minus5", "−0.05"),
        ("gelu.grad_at_0", "0.5"),
        ("gelu.min_value", "−0.16997"),
        ("gelu.min_at", "−0.75179"),
        ("gelu.tanh_max_diff", "4.7 × 10⁻⁴"),
        ("gelu.tanh_max_diff_at", "2.699"),
        ("swish.min_value", "−0.2785"),
        ("swish.min_at", "−1.2785"),
        ("swish.grad_at_0", "0.5"),
        ("swish.grad_min", "−0.0998"),
        ("swish.grad_max", "1.0998"),
        ("swish.grad_max_at", "2.3994"),
        ("swish.grad_at_minus10", "−4.1 × 10⁻⁴"),
        ("swish.value_at_2", "1.7616"),
        ("swish.article_value_at_2", "1.6"),
        ("softplus.grad_at_0", "0.5"),
        ("mish.grad_at_0", "0.6"),
        ("mish.min_value", "−0.30884"),
    ],
)
def test_prose_numbers_match_the_verified_facts(name, shown):
    assert prose_values()[name] == shown


def test_prose_values_are_formatted_strings_and_a_fresh_copy():
    values = prose_values()
    assert all(isinstance(v, str) and "-" not in v and v for v in values.values())
    values["sigmoid.grad_max"] = "tampered"
    assert prose_values()["sigmoid.grad_max"] == "0.25"


def test_a_page_can_ask_for_just_its_numbers():
    names = placeholders(raw("swish", "zh"))
    assert prose_values_for(names) == {name: prose_values()[name] for name in names}
    assert prose_values_for(["glu.d_model"]) == {"glu.d_model": prose_values()["glu.d_model"]}
    with pytest.raises(KeyError):
        prose_value("swish.no_such_fact")


def test_sigmoid_saturation_is_the_first_float_where_sigma_is_one():
    s = sigmoid_float64_saturation()
    assert float(REGISTRY["sigmoid"].fn(s)) == 1.0
    assert float(REGISTRY["sigmoid"].fn(np.nextafter(s, 0.0))) < 1.0


def test_gelu_tanh_difference_is_the_largest_on_a_dense_grid():
    gap, at = gelu_tanh_max_difference()
    x = np.linspace(-8.0, 8.0, 160_001)
    dense = np.abs(REGISTRY["gelu"].fn(x) - REGISTRY["gelu_tanh"].fn(x))
    assert gap == pytest.approx(dense.max(), rel=1e-6)
    assert gap >= dense.max()
    assert abs(at) == pytest.approx(abs(x[np.argmax(dense)]), abs=2e-4)


def test_article_swish_misprint():
    assert article_swish(2.0) == pytest.approx(1.6)
    assert float(REGISTRY["swish"].fn(2.0, beta=1.0)) == pytest.approx(1.7615941559557646)
    with pytest.raises(ValueError, match="not real"):
        article_swish(-1.0)


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0.25, 4, "0.25"),
        (1.0, 4, "1"),
        (-0.0, 4, "0"),
        (-0.2784645427610738, 4, "−0.2785"),
        (36.73680056967711, 4, "36.74"),
        (0.006648056670790155, 4, "0.006648"),
        (-4.0856e-4, 2, "−4.1 × 10⁻⁴"),
        (9.9996e-5, 3, "1 × 10⁻⁴"),
        (123456.0, 3, "123456"),
    ],
)
def test_number_formatting(value, digits, text):
    assert number(value, digits) == text
