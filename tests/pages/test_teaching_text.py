"""Statements of the teaching text that were once wrong stay right, in Chinese and in English.

Each test names the statement it holds. The texts are read where they live: prose sections
(``content/<lang>/*.md``), string tables (``content/<lang>/ui/*.toml``), the glossary and the
gated-FFN data file, so a wording that comes back anywhere fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest
import sympy

from activations import REGISTRY
from experiments.gradients import gradient_norms, shrink_factor
from harness.appdriver import run_page
from tests.support.content import MISCONCEPTIONS
from views.content import raw, sections
from views.prose_values import number, prose_value
from views.quiz import question, question_ids
from views.strings import CONTENT_DIR, LANGUAGES, strings, translate

ROOT = Path(__file__).resolve().parents[2]
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
    if lang == "zh":  # issue 21, 19: 「不打算解释」 reads as a refusal
        assert "不打算解释" not in text
        for where in (raw("swiglu", "zh"), translate("quiz.q.swiglu_explained.explain", "zh")):
            assert "这些结构为什么似乎有效，我们对此不作解释" in where


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_blanket_zero_at_a_kink(lang):
    note = translate("custom.heaviside_note", lang)
    box = sections("custom", lang)[MISCONCEPTIONS[lang]]
    for text in (note, box):
        assert "折点处通常取 0" not in text and "这一点通常取 0" not in text
        assert "usually use 0" not in text
        assert "Leaky ReLU" in text


# --- issue 21, 3 and 18: BERT's weights were trained with erf, GPT-2's with tanh ----------

NO_DIVIDE = [
    "没有这样的分界",
    "there is no such divide",
    "BERT's original code",
    "公开的代码都按 tanh",
]


def test_no_text_denies_the_erf_tanh_split_of_the_released_weights():
    for lang in LANGUAGES:
        assert [phrase for phrase in NO_DIVIDE if phrase in all_text(lang)] == []
    for path in (
        "activations/elementwise.py",
        "activations/_kernels.py",
        "activations/constants.py",
    ):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert [phrase for phrase in NO_DIVIDE if phrase in source] == []
    comment = (ROOT / "activations/constants.py").read_text(encoding="utf-8")
    assert "released BERT weights" in comment and "erf" in comment


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gelu_page_says_which_form_each_model_was_trained_with(lang):
    box = sections("gelu", lang)[MISCONCEPTIONS[lang]]
    item = next(line for line in box.splitlines() if "google-research/bert" in line)
    assert "erf" in item and "openai/gpt-2" in item and "Wolf et al. 2019" in item
    assert "`gelu`" in item and "`gelu_new`" in item  # Hugging Face's names for the two
    assert "GPT-3" in item
    explain = translate("quiz.q.bert_gpt_use_swiglu.explain", lang)
    assert "erf" in explain and "GPT-2" in explain and "tanh" in explain


def test_gpt3_is_not_listed_with_the_tanh_form():
    data = tomllib.loads((ROOT / "activations/data/gated_ffn.toml").read_text(encoding="utf-8"))
    ffn = {model["name"]: model["ffn"] for model in data["models"]}
    assert ffn["BERT-base"] == "gelu"  # google-research/bert's first release: erf
    assert ffn["GPT-2 small"] == "gelu_tanh"  # openai/gpt-2, src/model.py
    assert ffn["GPT-3 175B"] == "gelu"  # code never published


def test_devlin_is_cited_by_the_year_of_its_first_release():
    data = (ROOT / "activations/data/gated_ffn.toml").read_text(encoding="utf-8")
    for text in (all_text("zh"), all_text("en"), data):
        assert "Devlin et al. 2019" not in text
    assert "Devlin et al. 2018" in raw("gelu", "zh") and "Devlin et al. 2018" in data


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


# --- issue 21: what a computation can check ---------------------------------------------


def _textbook_sigmoid(a, dtype):
    """1/(1 + e^(−a)) with a and every step in ``dtype`` (NumPy, ml_dtypes for bfloat16)."""
    one = dtype(1)
    with np.errstate(over="ignore"):
        return one / (one + np.exp(-np.asarray(a, dtype=dtype)))


def _first_one(values, dtype) -> float:
    """The first of ``values`` (ascending, representable in ``dtype``) where σ is exactly 1."""
    hits = np.flatnonzero(_textbook_sigmoid(values, dtype).astype(np.float64) == 1.0)
    return float(values[hits[0]])


def test_float32_sigmoid_is_exactly_one_from_24_ln_2():
    """1 + e^(−a) rounds to 1 once e^(−a) ≤ 2⁻²⁴, half float32's spacing above 1."""
    edge = np.float32(24 * np.log(2.0))
    around = np.array([np.nextafter(edge, np.float32(0)), edge, np.nextafter(edge, np.float32(99))])
    first = _first_one(around, np.float32)
    assert _textbook_sigmoid(np.nextafter(np.float32(first), np.float32(0)), np.float32) < 1.0
    assert first == pytest.approx(24 * np.log(2.0), abs=2e-6)
    assert prose_value("sigmoid.float32_saturation") == number(first, 4) == "16.64"


def test_bfloat16_sigmoid_is_exactly_one_from_8_ln_2():
    """bfloat16 keeps 8 significant bits: 1 + e^(−a) is 1 once e^(−a) ≤ 2⁻⁸, a ≥ 8 ln 2."""
    bfloat16 = ml_dtypes.bfloat16
    grid = np.unique(np.linspace(4.0, 8.0, 4001).astype(bfloat16))  # every bfloat16 in [4, 8]
    first = _first_one(grid, bfloat16)
    below = float(grid[np.flatnonzero(grid.astype(np.float64) < first)[-1]])
    assert below < 8 * np.log(2.0) <= first
    assert prose_value("sigmoid.bfloat16_saturation") == number(first, 3)
    assert float(prose_value("sigmoid.bfloat16_saturation")) < 6.0


def test_textbook_sigmoid_is_exactly_zero_where_exp_overflows():
    for dtype, name in ((np.float32, "float32"), (np.float64, "float64")):
        edge = np.log(np.finfo(dtype).max)  # e^(−a) overflows to inf for a < −edge
        assert _textbook_sigmoid(-edge * 0.9999, dtype) > 0.0
        assert _textbook_sigmoid(-edge * 1.0001, dtype) == 0.0
        assert prose_value(f"sigmoid.{name}_zero") == number(-float(edge), 4)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glu_gate_box_names_the_formats_and_the_interval(lang):
    box = sections("glu", lang)[MISCONCEPTIONS[lang]]
    item = next(line for line in box.splitlines() if "{{sigmoid.float64_saturation}}" in line)
    for name in ("float32_saturation", "bfloat16_saturation", "float32_zero", "float64_zero"):
        assert "{{sigmoid." + name + "}}" in item
    assert "float64" in item and "Swish" in item and "GELU" in item and r"a \le 0" in item
    assert "只有在 float64 中" not in item and "only in float64" not in item


def test_tanh_with_gain_five_thirds_grows_the_gradient_slowly():
    """The 梯度消失 page's own experiment, at its defaults (Xavier, width 64, seed 0)."""
    for depth, name in ((20, "tanh.gain_gradient_ratio_20"), (50, "tanh.gain_gradient_ratio_50")):
        profile = gradient_norms("tanh", depth=depth, init="xavier", gain=5 / 3)
        ratio, per_layer = shrink_factor(profile.signal)
        assert 1.05 < per_layer < 1.15  # grows, slowly: neither level nor exploding
        assert prose_value(name) == number(ratio, 2)
        assert profile.variance[-1] > 0.5 * profile.variance[0]  # the forward variance holds
    assert prose_value("tanh.gain_gradient_growth") == number(
        shrink_factor(gradient_norms("tanh", init="xavier", gain=5 / 3).signal)[1], 3
    )


def _mean_field_tanh_chi(gain: float) -> float:
    """χ₁ = g²·E[tanh′(√q* z)²] of a bias-free tanh network with weight variance g²/n, at the
    fixed point q* = g²·E[tanh(√q* z)²] (Poole et al. 2016; Schoenholz et al. 2016): the
    per-layer factor of the gradient's mean square."""
    z, weights = np.polynomial.hermite_e.hermegauss(101)
    weights = weights / weights.sum()  # E over z ~ N(0, 1)
    q = 1.0
    for _ in range(500):
        q = gain**2 * float(weights @ np.tanh(np.sqrt(q) * z) ** 2)
    return gain**2 * float(weights @ (1 - np.tanh(np.sqrt(q) * z) ** 2) ** 2)


def test_mean_field_tanh_gradient_factor_is_above_one_and_grows_with_the_gain():
    """The vanishing page: the factor is above 1 for every gain > 1, grows with the gain and is
    only slightly above 1 at 5/3, where it matches the page's experiment (×1.09 per layer)."""
    factors = [np.sqrt(_mean_field_tanh_chi(gain)) for gain in (1.2, 5 / 3, 2.0, 3.0)]
    assert 1.0 < factors[0] < factors[1] < factors[2] < factors[3]
    assert factors[1] == pytest.approx(1.10, abs=0.005)
    assert factors[3] > 1.3  # "slightly above 1" holds near 5/3 only
    experiment = float(prose_value("tanh.gain_gradient_growth"))
    assert experiment == pytest.approx(factors[1], abs=0.02)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vanishing_page_does_not_say_tanh_keeps_the_gradient(lang):
    text = raw("vanishing", lang)
    assert "{{tanh.gain_gradient_ratio_20}}" in text and "Poole et al. 2016" in text
    assert "前向信号的方差和反向的梯度都能穿过几十层" not in text
    assert "both the forward signal's variance and the backward gradient pass" not in text
    assert ("增益越大，这个因子越大" if lang == "zh" else "the larger the gain, the larger") in text


def test_relu_halves_the_mean_square_and_keeps_a_third_of_the_variance():
    """For a ~ N(0, 1): E[ReLU(a)²] = ½, Var ReLU(a) = ½ − 1/(2π) (He et al. 2015 track E[x²])."""
    a = np.random.default_rng(0).standard_normal(2_000_000)
    h = REGISTRY["relu"].fn(a)
    assert float(np.mean(h**2)) == pytest.approx(0.5, abs=2e-3)
    assert float(np.var(h)) == pytest.approx(0.5 - 1 / (2 * np.pi), abs=2e-3)
    assert prose_value("relu.variance_ratio") == number(0.5 - 1 / (2 * np.pi), 2) == "0.34"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_relu_loses_mean_square_not_half_its_variance(lang):
    text = raw("vanishing", lang)
    assert "丢掉一半的方差" not in text and "loses half its variance" not in text
    assert "$E[h^2]$" in text and "{{relu.variance_ratio}}" in text


def test_h_swish_is_quadratic_between_minus_3_and_3_and_not_c1():
    """MobileNetV3's h-swish(x) = x·ReLU6(x + 3)/6 (Howard et al. 2019, §5.2): SymPy's pieces."""
    x = sympy.symbols("x", real=True)
    h_swish = sympy.piecewise_fold(
        (x * sympy.Min(sympy.Max(x + 3, 0), 6) / 6).rewrite(sympy.Piecewise)
    )

    def piece(at: float) -> sympy.Expr:  # a Piecewise takes its first piece whose condition holds
        return next(expr for expr, condition in h_swish.args if condition.subs(x, at))

    assert {piece(at) for at in (-2.999, -1.5, 0.0, 1.5, 2.999)} == {x * (x + 3) / 6}
    assert (piece(-4.0), piece(4.0)) == (0, x)
    assert [h_swish.subs(x, at) for at in (-3, 3)] == [0, 3]  # continuous at ±3

    def slope(inside: float, at: int) -> sympy.Expr:  # one piece's derivative, at ±3
        return sympy.diff(piece(inside), x).subs(x, at)

    jumps = [(slope(-4.0, -3), slope(-2.999, -3)), (slope(2.999, 3), slope(4.0, 3))]
    half = sympy.Rational(1, 2)
    assert jumps == [(0, -half), (3 * half, 1)]  # the derivative jumps: not C¹


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hard_swish_is_not_called_a_piecewise_linear_swish(lang):
    used = sections("swish", lang)["应用场景" if lang == "zh" else "Where it is used"]
    line = next(line for line in used.splitlines() if "MobileNetV3" in line)
    assert "x(x+3)/6" in line and "Howard et al. 2019" in line
    assert "分段线性函数近似 Swish" not in line and "piecewise-linear approximation" not in line


def test_elu_at_alpha_1_is_c1_but_its_second_derivative_jumps():
    x = sympy.symbols("x", real=True)
    left, right = sympy.exp(x) - 1, x  # ELU with α = 1
    assert sympy.diff(left, x).subs(x, 0) == sympy.diff(right, x).subs(x, 0) == 1
    assert (sympy.diff(left, x, 2).subs(x, 0), sympy.diff(right, x, 2).subs(x, 0)) == (1, 0)
    assert not REGISTRY["elu"].smooth  # the comparison table's "smooth: no"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_elu_box_says_c1_not_smooth(lang):
    box = sections("elu", lang)[MISCONCEPTIONS[lang]]
    assert "$C^1$" in box and ("二阶导数" in box if lang == "zh" else "second derivative" in box)


def test_same_sign_gradients_hold_per_example_not_per_minibatch():
    """Positive inputs give one example's weight gradients one sign; a batch's sum need not."""
    inputs = np.array([[1.0, 3.0], [3.0, 1.0]])  # two examples, always-positive (sigmoid) inputs
    errors = np.array([1.0, -1.0])  # the neuron's error term for each example
    per_example = errors[:, None] * inputs
    assert all(len(set(np.sign(row))) == 1 for row in per_example)
    assert set(np.sign(per_example.sum(axis=0))) == {-1.0, 1.0}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_zig_zag_is_stated_per_example(lang):
    weak = sections("sigmoid", lang)["缺点" if lang == "zh" else "Weaknesses"]
    line = next(line for line in weak.splitlines() if "Karpathy 2015" in line)
    assert ("单个样本" if lang == "zh" else "one example") in line
    assert ("小批量" if lang == "zh" else "minibatch") in line
    assert ("单个样本" if lang == "zh" else "single example") in raw("tanh", lang)


def test_lstm_cell_state_is_unbounded():
    """c_t = f·c_{t−1} + i·g with gates near 1 and a bounded candidate g still accumulates."""
    cell = 0.0
    for _ in range(5):
        cell = 0.99 * cell + 0.99 * float(np.tanh(2.0))
    assert cell > 1.0 and abs(float(np.tanh(cell))) < 1.0
    for lang in LANGUAGES:
        used = sections("tanh", lang)["应用场景" if lang == "zh" else "Where it is used"]
        assert "c_t = f_t" in used and ("没有界" if lang == "zh" else "unbounded") in used


# --- issue 21: wording a computation cannot check --------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dying_needs_every_example_and_a_dead_unit_can_revive(lang):
    weak = sections("relu", lang)["缺点" if lang == "zh" else "Weaknesses"]
    line = next(line for line in weak.splitlines() if "dying" in line.lower())
    assert ("每一个" if lang == "zh" else "*every*") in line
    assert ("复活" if lang == "zh" else "come back") in line
    assert "几乎所有样本" not in line and "almost every" not in line


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_lesson_pairs_relu_with_he_initialisation(lang):
    step = translate("home.path.vanishing", lang)
    assert ("He 初始化" if lang == "zh" else "He initialisation") in step
    assert "Xavier" in step
    xavier = shrink_factor(gradient_norms("relu", init="xavier").signal)[1]
    he = shrink_factor(gradient_norms("relu", init="he").signal)[1]
    assert xavier < 0.75 < 0.95 < he  # why the lesson must say which initialisation


def test_glossary_subgradient_and_backpropagation():
    terms = {term["en"]: term for term in glossary()}
    sub = terms["subgradient"]
    assert "f(y) ≥ f(x) + g(y − x)" in sub["def_zh"] and "f(y) ≥ f(x) + g(y − x)" in sub["def_en"]
    assert "[0, 1]" in sub["def_zh"] and "[0, 1]" in sub["def_en"]
    assert "stand-in" not in sub["def_en"] and "代替导数" not in sub["def_zh"]
    backprop = terms["backpropagation"]
    assert "Wᵀ" in backprop["def_zh"] and "Wᵀ" in backprop["def_en"]


def test_squashing_function_is_a_class_in_both_languages():
    zh, en = raw("sigmoid", "zh"), raw("sigmoid", "en")
    assert "logistic 函数或*挤压函数*" not in zh
    assert "最典型的例子" in zh and "textbook example" in en
    assert "Hornik et al. 1989" in zh and "Hornik et al. 1989" in en


def test_one_chinese_term_for_logits():
    text = all_text("zh") + "\\n".join(term["def_zh"] + term["zh"] for term in glossary())
    assert "未规范化" not in text
    assert "未归一化的得分（logits）" in raw("softplus", "zh")
    softmax = next(term for term in glossary() if term["en"] == "softmax function")
    assert "logits（未归一化的得分）" in softmax["def_zh"]
