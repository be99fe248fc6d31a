"""Statements of the teaching text that were once wrong stay right, in Chinese and in English.

Each test names the statement it holds. The texts are read where they live: prose sections
(``content/<lang>/*.md``), string tables (``content/<lang>/ui/*.toml``), the glossary and the
gated-FFN data file, so a wording that comes back anywhere fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from activations import REGISTRY
from tests.appdriver import run_page
from ui.content import raw, sections
from ui.i18n import CONTENT_DIR, LANGUAGES, strings, translate
from ui.prose_values import prose_value
from ui.quiz import question, question_ids

ROOT = Path(__file__).resolve().parent.parent
MISCONCEPTIONS = {"zh": "常见误区", "en": "Common misconceptions"}
FORMULA = {"zh": "公式", "en": "Formula"}
DERIVATIVE = {"zh": "导数", "en": "Derivative"}
SUMMARY = {"zh": "小结", "en": "Summary"}


def all_text(lang: str) -> str:
    """Every prose file and string of one language, joined."""
    prose = "\n".join(raw(path.stem, lang) for path in sorted((CONTENT_DIR / lang).glob("*.md")))
    return prose + "\n" + "\n".join(strings(lang).values())


def glossary() -> list[dict[str, str]]:
    return tomllib.loads((CONTENT_DIR / "glossary.toml").read_text(encoding="utf-8"))["term"]


# --- SiLU's two names ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_both_expansions_of_silu_are_attributed_and_neither_is_called_wrong(lang):
    box = sections("swish", lang)[MISCONCEPTIONS[lang]]
    item = next(line for line in box.splitlines() if "Sigmoid Linear Unit" in line)
    assert "Hendrycks & Gimpel 2016" in item
    assert "sigmoid-weighted linear unit" in item and "Elfwing, Uchibe & Doya" in item
    assert "Sigmoid Weighted Linear Unit 的缩写" not in item and "stands for" not in item
    explain = translate("quiz.q.silu_is_swish1.explain", lang)
    assert "Sigmoid Linear Unit" in explain and "sigmoid-weighted linear unit" in explain


# --- 2 and 12. Softplus in float64, and PyTorch's threshold ------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_softplus_stable_form_says_log1p(lang):
    formula = sections("softplus", lang)[FORMULA[lang]]
    assert "log1p(exp(-abs(x)))" in formula
    assert "{{sigmoid.float64_saturation}}" in formula  # where the literal ln(1+·) gives 0


def test_the_literal_stable_form_underflows_where_log1p_does_not():
    x = -40.0
    literal = max(0.0, x) + np.log(1.0 + np.exp(-abs(x)))
    with_log1p = max(0.0, x) + np.log1p(np.exp(-abs(x)))
    assert literal == 0.0
    assert with_log1p == pytest.approx(4.248354255291589e-18, rel=1e-12)
    assert float(REGISTRY["softplus"].fn(x)) == pytest.approx(with_log1p, rel=1e-12)
    assert abs(x) > float(prose_value("sigmoid.float64_saturation"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_softplus_threshold_compares_beta_x(lang):
    formula = sections("softplus", lang)[FORMULA[lang]]
    threshold = next(line for line in formula.splitlines() if "`threshold`" in line)
    assert r"\beta x" in threshold.split("`threshold`")[1]


# --- the (1/4)^n bound is on the activation factors ----------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quarter_bound_is_on_the_product_of_activation_derivatives(lang):
    text = raw("vanishing", lang)
    assert "至少缩小到" not in text and "shrink the gradient to at most" not in text
    summary = sections("vanishing", lang)[SUMMARY[lang]]
    line = next(line for line in summary.splitlines() if "(1/4)^n" in line)
    derivatives, weights = (
        ("导数连乘", "权重") if lang == "zh" else ("product of the $n$ derivatives", "weights")
    )
    assert derivatives in line and weights in line  # the bound, and what it leaves out


# --- the quiz does not give true statements away -------------------------------------

TRUE_ITEMS = [qid for qid in question_ids() if question(qid).kind == "truefalse"]
TRUE_ITEMS = [qid for qid in TRUE_ITEMS if question(qid).answer is True]


def test_some_true_false_items_are_true():
    assert {"leaky_default_slope", "silu_is_swish1", "gelu_tanh_close"} <= set(TRUE_ITEMS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_true_false_label_is_neutral(lang):
    label = translate("quiz.kind_truefalse", lang)
    assert label in ("判断题", "True or false?")
    assert not re.search("误区|错误|misconception|myth|wrong", label, flags=re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quiz_page_labels_a_true_statement_neutrally(lang):
    number = question_ids().index("silu_is_swish1") + 1
    at = run_page("app_pages/quiz.py", lang=lang, question=str(number))
    assert not at.exception
    captions = [caption.value for caption in at.caption]
    label = next(
        caption for caption in captions if translate("quiz.kind_truefalse", lang) in caption
    )
    assert "误区" not in label and "misconception" not in label


# --- SwiGLU: usually called an activation, really a layer ------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_swiglu_misconception_grants_the_usual_name(lang):
    box = sections("swiglu", lang)[MISCONCEPTIONS[lang]]
    item = box.split("\n- ")[0]
    assert "SwiGLU activations" in item and "nn.GLU" in item and "PaLM" in item
    assert ("门控层" if lang == "zh" else "gated layer") in item


# --- no claim that every term follows d2l-zh ------------------------------------------


def test_no_blanket_claim_of_d2l_wording():
    for lang in LANGUAGES:
        assert "一致" not in translate("glossary.intro", lang)
        assert "Dive into Deep Learning" not in all_text(lang)
    assert "译名与《动手学深度学习》一致" not in raw("home", "zh")
    relu = next(term for term in glossary() if term["en"].startswith("rectified linear unit"))
    assert relu["zh"] == "线性整流单元" and "修正线性单元" in relu["def_zh"]
    assert "《动手学深度学习》" in relu["def_zh"]


# --- 9, 10, 13, 15: attribution and precision --------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_elu_zero_mean_has_a_theoretical_argument(lang):
    strengths = sections("elu", lang)["优点" if lang == "zh" else "Strengths"]
    line = next(line for line in strengths.splitlines() if "Clevert" in line)
    assert "并非定理" not in line and "not a theorem" not in line
    assert ("自然梯度" if lang == "zh" else "natural gradient") in line


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fusion_needs_a_compiler_or_an_epilogue(lang):
    box = sections("compare", lang)[MISCONCEPTIONS[lang]]
    assert "通常与矩阵乘法融合" not in box and "usually fused" not in box
    assert "torch.compile" in box and "cuBLASLt" in box and "eager" in box


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shazeer_offers_no_explanation_he_is_not_unable(lang):
    text = all_text(lang)
    assert "无法解释" not in text and "cannot explain" not in text
    if lang == "zh":
        assert "不打算解释这些结构为什么似乎有效" in raw("swiglu", "zh")
        assert "不打算解释这些结构为什么似乎有效" in translate(
            "quiz.q.swiglu_explained.explain", "zh"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_blanket_zero_at_a_kink(lang):
    note = translate("custom.heaviside_note", lang)
    box = sections("custom", lang)[MISCONCEPTIONS[lang]]
    for text in (note, box):
        assert "折点处通常取 0" not in text and "这一点通常取 0" not in text
        assert "usually use 0" not in text
        assert "Leaky ReLU" in text


# --- BERT and GPT compute GELU the same way ------------------------------------------

CONTRAST = [
    "GPT 用它的 tanh 近似",
    "GPT-1/2/3 用 GELU 的 tanh 近似",
    "GPT uses its tanh approximation",
    "GPT-1/2/3 use GELU's tanh approximation",
    "BERT's original code",
]


def test_no_text_contrasts_bert_exact_with_gpt_tanh():
    for lang in LANGUAGES:
        text = all_text(lang)
        assert [phrase for phrase in CONTRAST if phrase in text] == []
    source = (ROOT / "activations" / "elementwise.py").read_text(encoding="utf-8")
    assert [phrase for phrase in CONTRAST if phrase in source] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gelu_page_corrects_the_contrast(lang):
    box = sections("gelu", lang)[MISCONCEPTIONS[lang]]
    item = next(line for line in box.splitlines() if "google-research/bert" in line)
    assert "erf" in item and "GPT-3" in item


def test_gpt3_is_not_listed_with_the_tanh_form():
    data = tomllib.loads((ROOT / "activations/data/gated_ffn.toml").read_text(encoding="utf-8"))
    ffn = {model["name"]: model["ffn"] for model in data["models"]}
    assert ffn["GPT-2 small"] == "gelu_tanh"  # openai/gpt-2, src/model.py
    assert ffn["GPT-3 175B"] == "gelu"  # code never published


# --- the f + σ(1 − f) identity holds for β = 1 only ------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_swish_derivative_identity_carries_beta(lang):
    derivative = sections("swish", lang)[DERIVATIVE[lang]]
    assert r"\beta f + \sigma(\beta x)\,(1-\beta f)" in derivative


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
def test_the_identity_in_the_text_is_the_derivative(beta):
    x = np.linspace(-4.0, 4.0, 81)
    swish = REGISTRY["swish"]
    f, sigma = swish.fn(x, beta=beta), REGISTRY["sigmoid"].fn(beta * x)
    np.testing.assert_allclose(beta * f + sigma * (1 - beta * f), swish.grad(x, beta=beta))
    if beta != 1.0:
        assert not np.allclose(f + sigma * (1 - f), swish.grad(x, beta=beta))


# --- 16, 17, 18: gates, the home questions, wording ----------------------------------------


def test_gating_is_not_defined_as_a_gate_between_0_and_1():
    gating = next(term for term in glossary() if term["en"] == "gating")
    assert "sigmoid" in gating["def_zh"] and "Swish" in gating["def_zh"]
    assert "sigmoid" in gating["def_en"] and "Swish" in gating["def_en"]


def test_home_asks_the_same_question_in_both_languages():
    zh = translate("home.overview_caption", "zh", sigmoid_grad_max="·")
    en = translate("home.overview_caption", "en", sigmoid_grad_max="·")
    assert "哪些能取到负值" in zh and "Which take negative values" in en
    assert "最小值" not in zh and "dip below" not in en


@pytest.mark.parametrize("word", ["很负", "越负", "门预激活"])
def test_chinese_wording(word):
    assert word not in all_text("zh")


def test_swish_is_lower_case_x():
    assert translate("home.lineage.swish", "en", sigmoid_grad_max="·").startswith("x·σ(βx)")


# --- quiz question 20: one answer right under every GLU convention the site shows ----------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glu_width_question_names_what_stays_and_what_doubles(lang):
    """ "GLU needs twice the input dimension" was marked false while the GLU page says nn.GLU
    splits its (doubled) input in half: the statement must say whose width it means (the
    token vectors, d_model) and the explanation where the doubling lives (nn.GLU's input)."""
    asked = question("glu_doubles_input")
    assert asked.answer is False
    prompt = translate("quiz.q.glu_doubles_input.prompt", lang)
    explain = translate("quiz.q.glu_doubles_input.explain", lang)
    assert "d_model" in prompt
    assert "nn.GLU" in explain and "2·d_ff" in explain and "[xV, xW]" in explain
    half = {"zh": "对半切", "en": "splits in half"}[lang]
    assert half in explain
