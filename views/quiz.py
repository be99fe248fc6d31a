"""The quiz's question bank: predict-then-reveal questions whose answers the core computes.

Two kinds of question:

- ``choice``: predict a number (the maximum of σ′, where Swish has its minimum, how many
  weights a SwiGLU FFN holds). The answer is computed from the registry, the symbolic layer
  or :mod:`activations.gated`; the wrong choices are the mistakes students actually make
  (the location of a minimum confused with its value, forgetting the third matrix).
- ``truefalse``: a claim to judge. Most are misconceptions from the source article
  (FACTS.md), some are true (Leaky ReLU's default slope, SiLU = Swish-1), so the page labels
  them neutrally ("判断题" / "True or false?"), never as misconceptions. Where the claim is
  about mathematics the verdict is computed too; only the historical claims (who used what,
  which paper came first) are stated.

Question text lives in ``content/<lang>/ui/quiz.toml`` under ``q.<id>``; ``values`` fills its
``{placeholders}`` with numbers formatted here, so no number is typed in the text. No
Streamlit and no Plotly here: the page renders, :mod:`views.quiz_figures` draws.

>>> bank = questions()
>>> first = bank[0]
>>> first.id, first.answer, first.correct_index == first.choices.index(first.answer)
('sigmoid_grad_max', 0.25, True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Literal

import numpy as np

from activations import REGISTRY
from activations import low_precision as lp
from activations import softmax as sm
from activations.constants import NEGATIVE_SLOPE
from activations.elementwise import silu
from activations.facts import facts
from activations.feedforward import parameter_shapes
from activations.gated import (
    ffn_flops_per_token,
    ffn_param_count,
    matched_gated_hidden,
    standard_hidden,
)
from activations.landmarks import article_swish, gelu_tanh_max_difference
from activations.self_normalising import selu_moments
from experiments import regions
from experiments.gradients import gradient_norms, shrink_factor
from views.gated_values import model_presets
from views.numbers import number

__all__ = [
    "PAGE_TOPICS",
    "ChainPlot",
    "DifferencePlot",
    "FfnPlot",
    "FunctionPlot",
    "Question",
    "display",
    "question",
    "question_ids",
    "questions",
    "revealed_choices",
    "score",
]

# Topics that are pages rather than registry or gated entries; the page title names them.
PAGE_TOPICS = ("softmax", "regions")
# Widths come from the gated pages' data file (published configurations), never typed here.
LLAMA, BASE = "LLaMA 7B", "BERT-base"  # BERT-base's width, 768, is also Shazeer 2020's


@dataclass(frozen=True)
class FunctionPlot:
    """f and f′ of a registry function, with the probe (tangent, f′ marker) at ``x0``."""

    key: str
    params: Mapping[str, float] = field(default_factory=dict)
    x0: float | None = None
    xmin: float = -6.0
    xmax: float = 6.0
    article_swish: bool = False  # overlay the source article's misprinted Swish (x > 0)


@dataclass(frozen=True)
class ChainPlot:
    """``per_layer ** n`` for n = 1 … ``depth``: the best a chain of derivatives can do."""

    per_layer: float
    depth: int


@dataclass(frozen=True)
class FfnPlot:
    """Weights per matrix of a standard FFN and the matched SwiGLU FFN at ``d_model``."""

    d_model: int
    multiple_of: int | None = None


@dataclass(frozen=True)
class DifferencePlot:
    """f_first − f_second over x: how far an approximation strays."""

    first: str
    second: str


Plot = FunctionPlot | ChainPlot | FfnPlot | DifferencePlot


@dataclass(frozen=True)
class Question:
    """One quiz item.

    Attributes:
        id: key of its text, ``quiz.q.<id>.prompt`` and ``quiz.q.<id>.explain``.
        topic: registry or gated key the question is about (its name labels the question).
        page: url_path of the page that teaches it.
        kind: ``choice`` (predict a number) or ``truefalse`` (a claim, true or false).
        answer: the right number, or the verdict.
        choices: what the student picks from (numbers ascending, or ``(True, False)``).
        values: formatted numbers for the text's placeholders.
        plot: what to draw when the answer is revealed (``None``: nothing to draw).
    """

    id: str
    topic: str
    page: str
    kind: Literal["choice", "truefalse"]
    answer: float | bool
    choices: tuple
    values: Mapping[str, str] = field(default_factory=dict)
    plot: Plot | None = None

    @property
    def correct_index(self) -> int:
        return self.choices.index(self.answer)

    def is_correct(self, pick: object) -> bool:
        """Whether ``pick`` (a choice, or ``None`` for no pick) is the answer."""
        return pick is not None and pick == self.answer


def display(value: float | bool) -> str:
    """A number as the student sees it: prose style; parameter counts with separators.

    >>> display(135266304.0), display(-1.278464542761074), display(11008.0)
    ('135,266,304', '−1.278', '11008')
    """
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer() and abs(value) >= 100_000:
        return f"{int(value):,}"
    return number(value)


def _slope(key: str, x: float) -> float:
    """f′(x) from the registry's NumPy derivative at the default parameters."""
    return float(REGISTRY[key].grad(x))


def _fact(key: str, name: str, **params: float) -> float:
    """An extreme (``grad_max``, ``min_at`` …) from the symbolic layer."""
    found = facts(key, **(params or REGISTRY[key].defaults()))
    value = found[name] if isinstance(found, Mapping) else getattr(found, name)
    return float(value)


def _choice(qid, topic, page, answer, wrong, *, values=None, plot=None) -> Question:
    """A ``choice`` question: the answer among ``wrong`` picks, ascending, duplicates dropped."""
    answer = float(answer)
    options = {display(answer): answer}
    for option in wrong:
        options.setdefault(display(float(option)), float(option))
    choices = tuple(sorted(options.values()))
    return Question(qid, topic, page, "choice", answer, choices, values or {}, plot)


def _truefalse(qid, topic, page, verdict, *, values=None, plot=None) -> Question:
    return Question(qid, topic, page, "truefalse", bool(verdict), (True, False), values or {}, plot)


def _ffn_numbers(d_model: int, multiple_of: int | None = None) -> dict[str, int]:
    plain = standard_hidden(d_model)
    gated = matched_gated_hidden(d_model, multiple_of=multiple_of)
    return {
        "d_model": d_model,
        "d_ff": plain,
        "d_ff_gated": gated,
        "plain": ffn_param_count(d_model, plain, gated=False),
        "gated": ffn_param_count(d_model, gated, gated=True),
        "gated_two_matrices": ffn_param_count(d_model, gated, gated=False),
        "gated_unmatched": ffn_param_count(d_model, plain, gated=True),
        "plain_flops": ffn_flops_per_token(d_model, plain, gated=False),
        "gated_flops": ffn_flops_per_token(d_model, gated, gated=True),
    }


def _commas(numbers: Mapping[str, int]) -> dict[str, str]:
    """Counts with thousands separators; widths (``d_*``) as papers print them: 11008."""
    return {
        name: str(value) if name.startswith("d_") else f"{value:,}"
        for name, value in numbers.items()
    }


# --- the bank: one builder per question, run only when that question is shown ---------------
#
# The symbolic facts behind an answer (SymPy finds the extremes) take about half a second per
# function on a cold process, so the page builds the question it shows, not the whole bank.
# A builder's name is its question's id; the order of definition is the order of the bank.

Builder = Callable[[str], Question]
_BANK: dict[str, Builder] = {}
_X = np.linspace(-6.0, 6.0, 1201)
_DEPTH = 10
_STACK_DEPTH = 50  # the 梯度消失 page's deepest stack


def _listed(build: Builder) -> Builder:
    """Add ``build`` to the bank under its name, which is the question's id."""
    _BANK[build.__name__] = build
    return build


def _sigma_max() -> float:
    return _fact("sigmoid", "grad_max")


def _ffn(name: str) -> tuple[int, int | None, dict[str, int]]:
    """(d_model, multiple_of, the FFN's numbers) of a published configuration."""
    d_model, multiple = model_presets()[name]
    multiple = multiple if name == LLAMA else None  # BERT-base: the plain 2/3 rule
    return d_model, multiple, _ffn_numbers(d_model, multiple)


@_listed
def sigmoid_grad_max(qid: str) -> Question:
    return _choice(
        qid,
        "sigmoid",
        "sigmoid",
        _sigma_max(),
        # σ(0), the value mistaken for the slope; tanh′(0) = 1, tanh's steepest slope
        [float(REGISTRY["sigmoid"].fn(0.0)), _slope("tanh", 0.0), 0.1],
        values={"at": number(_fact("sigmoid", "grad_max_at"))},
        plot=FunctionPlot("sigmoid", x0=0.0),
    )


@_listed
def sigmoid_closed_range(qid: str) -> Question:
    found = facts("sigmoid")
    return _truefalse(
        qid,
        "sigmoid",
        "sigmoid",
        # The claim holds only if both ends of the range are attained (closed).
        not (found.range_low_open or found.range_high_open),
        values={"at_10": number(float(REGISTRY["sigmoid"].fn(10.0)), 7)},
        plot=FunctionPlot("sigmoid", x0=4.0, xmin=-10.0, xmax=10.0),
    )


@_listed
def tanh_grad_max(qid: str) -> Question:
    sigma_max = _sigma_max()
    return _choice(
        qid,
        "tanh",
        "sigmoid",
        _fact("tanh", "grad_max"),
        [sigma_max, 0.5, 2.0],
        values={"sigma_max": number(sigma_max)},
        plot=FunctionPlot("tanh", x0=_fact("tanh", "grad_max_at")),
    )


@_listed
def sigmoid_chain(qid: str) -> Question:
    sigma_max = _sigma_max()
    return _choice(
        qid,
        "sigmoid",
        "vanishing",
        sigma_max**_DEPTH,
        [sigma_max, _DEPTH * sigma_max, sigma_max ** (_DEPTH // 2)],
        values={"depth": str(_DEPTH), "per_layer": number(sigma_max)},
        plot=ChainPlot(sigma_max, _DEPTH),
    )


@_listed
def relu_grad_at_0(qid: str) -> Question:
    return _choice(
        qid,
        "relu",
        "relu",
        float(REGISTRY["relu"].grad(0.0)),
        [0.5, 1.0],
        plot=FunctionPlot("relu", x0=0.0),
    )


@_listed
def relu_solves_vanishing(qid: str) -> Question:
    relu = REGISTRY["relu"]
    return _truefalse(
        qid,
        "relu",
        "dying-relu",
        float(np.min(relu.grad(_X))) > 0.0,
        values={"grad_left": number(float(relu.grad(-2.0)))},
        plot=FunctionPlot("relu", x0=-2.0),
    )


@_listed
def leaky_grad_negative(qid: str) -> Question:
    leaky = REGISTRY["leaky_relu"]
    return _choice(
        qid,
        "leaky_relu",
        "relu",
        float(leaky.grad(-3.0)),
        [0.0, 1.0, -leaky.defaults()["negative_slope"]],
        plot=FunctionPlot("leaky_relu", x0=-3.0),
    )


@_listed
def leaky_default_slope(qid: str) -> Question:
    slope = REGISTRY["leaky_relu"].defaults()["negative_slope"]
    return _truefalse(
        qid,
        "leaky_relu",
        "relu",
        slope == NEGATIVE_SLOPE,  # PyTorch's nn.LeakyReLU default
        values={"slope": number(slope)},
        plot=FunctionPlot("leaky_relu", x0=-3.0),
    )


@_listed
def swish_min_at(qid: str) -> Question:
    at, value = _fact("swish", "min_at"), _fact("swish", "min_value")
    return _choice(
        qid,
        "swish",
        "swish",
        at,
        [value, 0.0, _fact("swish", "grad_min_at")],
        values={"min_value": number(value)},
        plot=FunctionPlot("swish", {"beta": 1.0}, x0=at),
    )


@_listed
def swish_min_at_beta2(qid: str) -> Question:
    at_1, at_2 = _fact("swish", "min_at"), _fact("swish", "min_at", beta=2.0)
    return _choice(
        qid,
        "swish",
        "swish",
        at_2,
        [at_1, 2 * at_1, 0.0],
        values={"min_at_1": number(at_1)},
        plot=FunctionPlot("swish", {"beta": 2.0}, x0=at_2),
    )


@_listed
def silu_is_swish1(qid: str) -> Question:
    return _truefalse(
        qid,
        "swish",
        "swish",
        bool(np.allclose(REGISTRY["swish"].fn(_X, beta=1.0), silu(_X))),
        plot=FunctionPlot("swish", {"beta": 1.0}),
    )


@_listed
def swish_article_formula(qid: str) -> Question:
    right = float(REGISTRY["swish"].fn(2.0))
    return _truefalse(
        qid,
        "swish",
        "swish",
        bool(np.isclose(article_swish(2.0), right)),
        values={"right": number(right, 5), "wrong": number(article_swish(2.0))},
        plot=FunctionPlot("swish", {"beta": 1.0}, x0=2.0, article_swish=True),
    )


@_listed
def swish_no_vanishing(qid: str) -> Question:
    far_left = float(REGISTRY["swish"].grad(-10.0))
    return _truefalse(
        qid,
        "swish",
        "swish",
        abs(far_left) > 1e-2,
        values={"grad_far_left": number(far_left, 2)},
        plot=FunctionPlot("swish", {"beta": 1.0}, x0=-10.0, xmin=-12.0, xmax=4.0),
    )


@_listed
def swish_monotonic(qid: str) -> Question:
    swish = REGISTRY["swish"]
    at, value = _fact("swish", "min_at"), _fact("swish", "min_value")
    return _truefalse(
        qid,
        "swish",
        "swish",
        facts("swish").monotonic and bool(np.all(np.diff(swish.fn(_X)) >= 0)),
        values={"min_at": number(at), "min_value": number(value)},
        plot=FunctionPlot("swish", {"beta": 1.0}, x0=at),
    )


@_listed
def gelu_grad_at_0(qid: str) -> Question:
    return _choice(
        qid,
        "gelu",
        "more",
        _slope("gelu", 0.0),
        [0.0, _sigma_max(), 1.0],
        plot=FunctionPlot("gelu", x0=0.0),
    )


@_listed
def gelu_tanh_close(qid: str) -> Question:
    gap, gap_at = gelu_tanh_max_difference()
    return _truefalse(
        qid,
        "gelu_tanh",
        "more",
        gap < 1e-3,
        values={"gap": number(gap, 2), "at": number(gap_at, 3)},
        plot=DifferencePlot("gelu", "gelu_tanh"),
    )


@_listed
def mish_grad_at_0(qid: str) -> Question:
    return _choice(
        qid,
        "mish",
        "more",
        _slope("mish", 0.0),
        [_slope("swish", 0.0), 0.0, 1.0],
        plot=FunctionPlot("mish", x0=0.0),
    )


@_listed
def softplus_grad_at_0(qid: str) -> Question:
    at_0 = float(REGISTRY["softplus"].fn(0.0))
    return _choice(
        qid,
        "softplus",
        "more",
        _slope("softplus", 0.0),
        [at_0, 0.0, 1.0],
        values={"softplus_0": number(at_0)},
        plot=FunctionPlot("softplus", x0=0.0),
    )


@_listed
def glu_for_transformers(qid: str) -> Question:
    return _truefalse(qid, "glu", "glu", False)  # Dauphin et al. 2016: CNNs


@_listed
def glu_doubles_input(qid: str) -> Question:
    d_model, _, base = _ffn(BASE)
    # The statement is about the model's token vectors, the layer's input: read the input width
    # off the weights (W, V: d_model -> d_ff, as nn.Linear stores them). What doubles under
    # PyTorch's nn.GLU convention is the projection's output [xV, xW], 2·d_ff wide.
    layer_input = parameter_shapes(d_model, base["d_ff_gated"])["w1"][1]
    return _truefalse(
        qid,
        "glu",
        "glu",
        layer_input == 2 * d_model,
        values=_commas(base),
        plot=FfnPlot(d_model),
    )


@_listed
def swiglu_param_count(qid: str) -> Question:
    d_model, multiple, llama = _ffn(LLAMA)
    return _choice(
        qid,
        "swiglu",
        "swiglu",
        llama["gated"],
        [llama["plain"], llama["gated_two_matrices"], llama["gated_unmatched"]],
        values={**_commas(llama), "multiple": str(multiple)},
        plot=FfnPlot(d_model, multiple),
    )


@_listed
def swiglu_matched_hidden(qid: str) -> Question:
    d_model, _, base = _ffn(BASE)
    return _choice(
        qid,
        "swiglu",
        "swiglu",
        base["d_ff_gated"],
        [base["d_ff"], base["d_ff"] // 2, base["d_ff"] * 3 // 2],
        values=_commas(base),
        plot=FfnPlot(d_model),
    )


@_listed
def swiglu_costs_more(qid: str) -> Question:
    d_model, _, base = _ffn(BASE)
    return _truefalse(
        qid,
        "swiglu",
        "swiglu",
        base["gated_flops"] > base["plain_flops"],
        values=_commas(base),
        plot=FfnPlot(d_model),
    )


@_listed
def swiglu_is_elementwise(qid: str) -> Question:
    return _truefalse(qid, "swiglu", "swiglu", False)  # W, V, W₂ are learned


@_listed
def bert_gpt_use_swiglu(qid: str) -> Question:
    return _truefalse(qid, "swiglu", "swiglu", False)  # GELU; SwiGLU: PaLM, LLaMA


@_listed
def swiglu_explained(qid: str) -> Question:
    return _truefalse(qid, "swiglu", "swiglu", False)  # Shazeer 2020 §4


def _logits_text(logits) -> str:
    """``(2, 1, 0.1, −1)``: logits as the question prints them."""
    return "(" + ", ".join(number(value) for value in logits) + ")"


@_listed
def softmax_two_logits(qid: str) -> Question:
    logits = (2.0, 1.0)
    difference = logits[0] - logits[1]
    return _choice(
        qid,
        "softmax",
        "softmax",
        float(sm.softmax(logits)[0]),
        # the logits normalised as if they were counts; the hard argmax; ignoring the logits
        [logits[0] / sum(logits), 1.0, 0.5],
        values={
            "logits": _logits_text(logits),
            "difference": number(difference),
            "linear": number(logits[0] / sum(logits)),
        },
        plot=FunctionPlot("sigmoid", x0=difference),
    )


@_listed
def softmax_shift(qid: str) -> Question:
    logits, shift = np.array(sm.EXAMPLE_LOGITS), 100.0
    return _choice(
        qid,
        "softmax",
        "softmax",
        float(sm.softmax(logits + shift)[0]),
        # "larger logits, surer"; "all huge, all alike"; shifting confused with scaling (2x)
        [1.0, 1.0 / logits.size, float(sm.softmax(2.0 * logits)[0])],
        values={
            "logits": _logits_text(logits),
            "p": number(float(sm.softmax(logits)[0]), 3),
            "shift": number(shift),
            "naive": f"{sm.naive_softmax(logits + 10 * shift)[0]:g}",  # nan: exp overflows
            "big_shift": number(10 * shift),
        },
    )


@_listed
def softmax_ce_gradient(qid: str) -> Question:
    logits = np.array(sm.EXAMPLE_LOGITS)
    p = float(sm.softmax(logits)[0])
    return _choice(
        qid,
        "softmax",
        "softmax",
        float(sm.cross_entropy_grad(logits, 0)[0]),
        # p without the label; the loss −log p taken for its gradient; the label without p
        [p, sm.cross_entropy(logits, 0), -1.0],
        values={"logits": _logits_text(logits), "p": number(p)},
    )


@_listed
def softmax_cold_argmax(qid: str) -> Question:
    logits, cold = sm.EXAMPLE_LOGITS, 0.05
    largest = {t: float(np.abs(sm.jacobian(logits, t)).max()) for t in (1.0, cold)}
    return _truefalse(
        qid,
        "softmax",
        "softmax",
        largest[cold] >= 0.01 * largest[1.0],  # the gradient survives the cold temperature
        values={
            "cold": number(cold),
            "jac_cold": number(largest[cold], 2),
            "jac_warm": number(largest[1.0], 3),
        },
    )


@_listed
def hardswish_c1(qid: str) -> Question:
    hard = REGISTRY["hardswish"]
    # one-sided values of f′ beside each kink (f′ there is undefined when they differ)
    left, right = (hard.grad(np.array([k - 1e-9, k + 1e-9])).tolist() for k in hard.kinks)
    return _truefalse(
        qid,
        "hardswish",
        "hardware",
        left[0] == left[1] and right[0] == right[1],
        values={key: number(v) for key, v in zip(("a", "b", "c", "d"), left + right, strict=True)},
        plot=FunctionPlot("hardswish", x0=_fact("hardswish", "min_at")),
    )


@_listed
def selu_variance(qid: str) -> Question:
    defaults = REGISTRY["selu"].defaults()
    mean, square = selu_moments(defaults["scale"], defaults["selu_alpha"])
    scale = defaults["scale"]
    return _choice(
        qid,
        "selu",
        "hardware",
        round(square - mean**2, 12),  # 1 up to float64 rounding of λ and α
        # λ² (the slope on the right side squared), ½ (ReLU keeps half the mean square), λ
        [scale**2, 0.5, scale],
        values={"scale": number(scale, 5), "alpha": number(defaults["selu_alpha"], 5)},
        plot=FunctionPlot("selu", x0=0.0),
    )


@_listed
def hardsigmoid_keras(qid: str) -> Question:
    x = np.linspace(-4.0, 4.0, 801)
    old_keras = np.clip(0.2 * x + 0.5, 0.0, 1.0)  # tf.keras in TensorFlow 2: another function
    ours = REGISTRY["hardsigmoid"]
    return _truefalse(
        qid,
        "hardsigmoid",
        "hardware",
        bool(np.allclose(ours.fn(x), old_keras)),
        values={
            "slope": number(_fact("hardsigmoid", "grad_max")),
            "at": number(float(ours.fn(2.0))),
            "keras_at": number(float(np.clip(0.2 * 2.0 + 0.5, 0.0, 1.0))),
        },
        plot=FunctionPlot("hardsigmoid", x0=2.0),
    )


def _sigmoid_one(name: str) -> float:
    """The least x of type ``name`` from which σ (the framework's way) is exactly 1."""
    return lp.landmarks(REGISTRY["sigmoid"].at(), name).values[1].start


@_listed
def bfloat16_sigmoid_one(qid: str) -> Question:
    answer = _sigmoid_one("bfloat16")
    return _choice(
        qid,
        "sigmoid",
        "sigmoid",
        answer,
        [_sigmoid_one(name) for name in ("float16", "float32", "float64")],
        values={
            "float16": number(_sigmoid_one("float16")),
            "float32": number(_sigmoid_one("float32")),
        },
        plot=FunctionPlot("sigmoid", x0=answer),
    )


@_listed
def bfloat16_more_precise(qid: str) -> Question:
    bits = {name: lp.significant_bits(name) for name in ("bfloat16", "float16")}
    return _truefalse(
        qid,
        "sigmoid",
        "sigmoid",
        bits["bfloat16"] > bits["float16"],
        values={
            "bf16_bits": str(bits["bfloat16"]),
            "f16_bits": str(bits["float16"]),
            "f16_max": number(lp.largest("float16")),
            "bf16_max": number(lp.largest("bfloat16"), 3),
        },
    )


@_listed
def regions_one_layer(qid: str) -> Question:
    width = 8
    return _choice(
        qid,
        "regions",
        "regions",
        regions.max_regions_one_layer(width),
        # one region per on/off combination; one more per line, as on a number line; two per unit
        [2**width, width + 1, 2 * width],
        values={"width": str(width)},
    )


@_listed
def regions_smooth(qid: str) -> Question:
    depth, width = regions.DEFAULT_DEPTH, regions.DEFAULT_WIDTH
    swish, relu = (regions.plane(key, depth, width) for key in ("swish", "relu"))
    return _truefalse(
        qid,
        "regions",
        "regions",
        swish.flat_share > 0.0,  # piecewise linear would be flat inside its pieces
        values={
            "depth": str(depth),
            "width": str(width),
            "relu_flat": number(100 * relu.flat_share, 3),
            "swish_flat": number(100 * swish.flat_share, 3),
            "count": str(relu.count),
        },
    )


# Depth that trains (the 梯度消失 page's switches): last in the bank, since a link names a
# question by its number (?question=9) and lecture slides already carry those numbers.


def _stack_ratio(key: str, residual: bool, norm: str) -> tuple[float, float]:
    """Gradient at layer 1 ÷ at the top, and the top layer's forward variance ÷ the first's,
    of the 梯度消失 page's experiment at :data:`_STACK_DEPTH` layers (its defaults otherwise)."""
    found = gradient_norms(key, depth=_STACK_DEPTH, residual=residual, norm=norm)
    return shrink_factor(found.signal)[0], float(found.variance[-1] / found.variance[0])


@_listed
def residual_norm_sigmoid(qid: str) -> Question:
    plain = _stack_ratio("sigmoid", False, "none")[0]
    level = _stack_ratio("sigmoid", True, "rmsnorm")[0]
    return _choice(
        qid,
        "sigmoid",
        "vanishing",
        level,
        # nothing changes; the exponent halves; 50 paths add up
        [plain, plain**0.5, float(_STACK_DEPTH)],
        values={"depth": str(_STACK_DEPTH), "plain": number(plain, 2)},
    )


@_listed
def residual_alone_levels_relu(qid: str) -> Question:
    ratio, variance = _stack_ratio("relu", True, "none")
    return _truefalse(
        qid,
        "relu",
        "vanishing",
        0.1 < ratio < 10.0,  # "about as large": within a factor of ten
        values={
            "depth": str(_STACK_DEPTH),
            "ratio": number(ratio, 2),
            "variance": number(variance, 2),
        },
    )


def question_ids() -> tuple[str, ...]:
    """Every question's id, in the order a lecture meets the topics (nothing computed)."""
    return tuple(_BANK)


@cache
def question(qid: str) -> Question:
    """The question ``qid``, built on first use and kept for the process (all sessions).

    >>> question("relu_grad_at_0").answer
    0.0
    """
    return _BANK[qid](qid)


def questions() -> tuple[Question, ...]:
    """Every question, in order (builds the whole bank: seconds of SymPy on a cold process)."""
    return tuple(question(qid) for qid in question_ids())


def score(bank: tuple[Question, ...], picks: Mapping[str, object]) -> tuple[int, int]:
    """(right, answered) for ``picks``, a mapping of question id to the choice revealed.

    A question the lecturer revealed for the room without a pick (``None``) is not an answer.

    >>> bank = questions()
    >>> score(bank, {bank[0].id: bank[0].answer, bank[1].id: not bank[1].answer})
    (1, 2)
    >>> score(bank, {bank[0].id: None})
    (0, 0)
    """
    answered = [question for question in bank if picks.get(question.id) is not None]
    return sum(question.is_correct(picks[question.id]) for question in answered), len(answered)


# The answer after the reveal: white on dark green (contrast 6:1), seen from the back of a
# room on a washed-out projector; Streamlit's own ``:green-background`` is too pale for that.
ANSWER_STYLE = (
    "background:#00704F;color:#FFFFFF;font-weight:700;padding:0.05em 0.45em;border-radius:0.3em"
)
WRONG_STYLE = "background:#F9D5C4;color:#7A2500;text-decoration:line-through;padding:0 0.35em"


def revealed_choices(question: Question, pick: object, label: Callable[[object], str]) -> str:
    """The choices after the reveal, as one line of HTML for ``st.markdown``: the answer with
    a tick, white on green (the answer stands out, not only the others fading), a wrong
    pick struck through on pale red, the rest plain. ``pick`` is ``None`` when the lecturer
    revealed the answer without choosing; ``label`` turns a choice into its text.

    >>> q = question("relu_grad_at_0")
    >>> line = revealed_choices(q, 1.0, lambda choice: f"{choice:g}")
    >>> [part.split(">")[1].split("<")[0] for part in line.split(" · ")]
    ['✓ 0', '0.5', '✗ 1']
    """
    marks = []
    for choice in question.choices:
        text = escape(label(choice))
        if question.is_correct(choice):
            marks.append(f'<span data-quiz="answer" style="{ANSWER_STYLE}">✓ {text}</span>')
        elif pick is not None and choice == pick:
            marks.append(f'<span data-quiz="wrong" style="{WRONG_STYLE}">✗ {text}</span>')
        else:
            marks.append(f'<span data-quiz="other">{text}</span>')
    return " · ".join(marks)
