"""The quiz's question bank: predict-then-reveal questions whose answers the core computes.

Two kinds of question:

- ``choice``: predict a number (the maximum of σ′, where Swish has its minimum, how many
  weights a SwiGLU FFN holds). The answer is computed from the registry, the symbolic layer
  or :mod:`activations.gated`; the wrong choices are the mistakes students actually make
  (the location of a minimum confused with its value, forgetting the third matrix).
- ``truefalse``: a misconception from the source article (FACTS.md). Where the claim is
  about mathematics the verdict is computed too; only the historical claims (who used what,
  which paper came first) are stated.

Question text lives in ``content/<lang>/ui/quiz.toml`` under ``q.<id>``; ``values`` fills its
``{placeholders}`` with numbers formatted here, so no number is typed in the text. No
Streamlit and no Plotly here: the page renders, :mod:`ui.quiz_figures` draws.

>>> bank = questions()
>>> first = bank[0]
>>> first.id, first.answer, first.correct_index == first.choices.index(first.answer)
('sigmoid_grad_max', 0.25, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import numpy as np

from activations import REGISTRY, symbolic
from activations.gated import (
    ffn_flops_per_token,
    ffn_param_count,
    matched_gated_hidden,
    standard_hidden,
)
from ui.gated_values import model_presets
from ui.prose_values import article_swish, gelu_tanh_max_difference, number

__all__ = [
    "ChainPlot",
    "DifferencePlot",
    "FfnPlot",
    "FunctionPlot",
    "Question",
    "display",
    "questions",
    "score",
]

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
        kind: ``choice`` (predict a number) or ``truefalse`` (a misconception).
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
    found = symbolic.facts(key, **(params or REGISTRY[key].defaults()))
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


@cache
def questions() -> tuple[Question, ...]:
    """Every question, in the order a lecture meets the topics (computed once per process)."""
    relu, leaky, swish = REGISTRY["relu"], REGISTRY["leaky_relu"], REGISTRY["swish"]
    sigma_max = _fact("sigmoid", "grad_max")
    tanh_max = _fact("tanh", "grad_max")
    swish_min_at, swish_min = _fact("swish", "min_at"), _fact("swish", "min_value")
    swish_min_at_2 = _fact("swish", "min_at", beta=2.0)
    slope = leaky.defaults()["negative_slope"]
    depth = 10
    presets = model_presets()
    (llama_d_model, multiple), (base_d_model, _) = presets[LLAMA], presets[BASE]
    llama, base = _ffn_numbers(llama_d_model, multiple), _ffn_numbers(base_d_model)
    x = np.linspace(-6.0, 6.0, 1201)
    gap, gap_at = gelu_tanh_max_difference()
    sigmoid_at_10 = float(REGISTRY["sigmoid"].fn(10.0))
    sigmoid_range = symbolic.facts("sigmoid")
    swish_far_left = float(swish.grad(-10.0))
    sigmoid_curve = FunctionPlot("sigmoid", x0=0.0)
    return (
        _choice(
            "sigmoid_grad_max",
            "sigmoid",
            "sigmoid",
            sigma_max,
            [float(REGISTRY["sigmoid"].fn(0.0)), tanh_max, 0.1],
            values={"at": number(_fact("sigmoid", "grad_max_at"))},
            plot=sigmoid_curve,
        ),
        _truefalse(
            "sigmoid_closed_range",
            "sigmoid",
            "sigmoid",
            # The claim holds only if both ends of the range are attained (closed).
            not (sigmoid_range.range_low_open or sigmoid_range.range_high_open),
            values={"at_10": number(sigmoid_at_10, 7)},
            plot=FunctionPlot("sigmoid", x0=4.0, xmin=-10.0, xmax=10.0),
        ),
        _choice(
            "tanh_grad_max",
            "tanh",
            "sigmoid",
            tanh_max,
            [sigma_max, 0.5, 2.0],
            values={"sigma_max": number(sigma_max)},
            plot=FunctionPlot("tanh", x0=_fact("tanh", "grad_max_at")),
        ),
        _choice(
            "sigmoid_chain",
            "sigmoid",
            "vanishing",
            sigma_max**depth,
            [sigma_max, depth * sigma_max, sigma_max ** (depth // 2)],
            values={"depth": str(depth), "per_layer": number(sigma_max)},
            plot=ChainPlot(sigma_max, depth),
        ),
        _choice(
            "relu_grad_at_0",
            "relu",
            "relu",
            float(relu.grad(0.0)),
            [0.5, 1.0],
            plot=FunctionPlot("relu", x0=0.0),
        ),
        _truefalse(
            "relu_solves_vanishing",
            "relu",
            "dying-relu",
            float(np.min(relu.grad(x))) > 0.0,
            values={"grad_left": number(float(relu.grad(-2.0)))},
            plot=FunctionPlot("relu", x0=-2.0),
        ),
        _choice(
            "leaky_grad_negative",
            "leaky_relu",
            "relu",
            float(leaky.grad(-3.0)),
            [0.0, 1.0, -slope],
            plot=FunctionPlot("leaky_relu", x0=-3.0),
        ),
        _truefalse(
            "leaky_default_slope",
            "leaky_relu",
            "relu",
            slope == 0.01,  # PyTorch's nn.LeakyReLU default
            values={"slope": number(slope)},
            plot=FunctionPlot("leaky_relu", x0=-3.0),
        ),
        _choice(
            "swish_min_at",
            "swish",
            "swish",
            swish_min_at,
            [swish_min, 0.0, _fact("swish", "grad_min_at")],
            values={"min_value": number(swish_min)},
            plot=FunctionPlot("swish", {"beta": 1.0}, x0=swish_min_at),
        ),
        _choice(
            "swish_min_at_beta2",
            "swish",
            "swish",
            swish_min_at_2,
            [swish_min_at, 2 * swish_min_at, 0.0],
            values={"min_at_1": number(swish_min_at)},
            plot=FunctionPlot("swish", {"beta": 2.0}, x0=swish_min_at_2),
        ),
        _truefalse(
            "silu_is_swish1",
            "swish",
            "swish",
            bool(np.allclose(swish.fn(x, beta=1.0), x * REGISTRY["sigmoid"].fn(x))),
            plot=FunctionPlot("swish", {"beta": 1.0}),
        ),
        _truefalse(
            "swish_article_formula",
            "swish",
            "swish",
            bool(np.isclose(article_swish(2.0), float(swish.fn(2.0)))),
            values={
                "right": number(float(swish.fn(2.0)), 5),
                "wrong": number(article_swish(2.0)),
            },
            plot=FunctionPlot("swish", {"beta": 1.0}, x0=2.0, article_swish=True),
        ),
        _truefalse(
            "swish_no_vanishing",
            "swish",
            "swish",
            abs(swish_far_left) > 1e-2,
            values={"grad_far_left": number(swish_far_left, 2)},
            plot=FunctionPlot("swish", {"beta": 1.0}, x0=-10.0, xmin=-12.0, xmax=4.0),
        ),
        _truefalse(
            "swish_monotonic",
            "swish",
            "swish",
            swish.monotonic and bool(np.all(np.diff(swish.fn(x)) >= 0)),
            values={"min_at": number(swish_min_at), "min_value": number(swish_min)},
            plot=FunctionPlot("swish", {"beta": 1.0}, x0=swish_min_at),
        ),
        _choice(
            "gelu_grad_at_0",
            "gelu",
            "more",
            _slope("gelu", 0.0),
            [0.0, sigma_max, 1.0],
            plot=FunctionPlot("gelu", x0=0.0),
        ),
        _truefalse(
            "gelu_tanh_close",
            "gelu_tanh",
            "more",
            gap < 1e-3,
            values={"gap": number(gap, 2), "at": number(gap_at, 3)},
            plot=DifferencePlot("gelu", "gelu_tanh"),
        ),
        _choice(
            "mish_grad_at_0",
            "mish",
            "more",
            _slope("mish", 0.0),
            [_slope("swish", 0.0), 0.0, 1.0],
            plot=FunctionPlot("mish", x0=0.0),
        ),
        _choice(
            "softplus_grad_at_0",
            "softplus",
            "more",
            _slope("softplus", 0.0),
            [float(REGISTRY["softplus"].fn(0.0)), 0.0, 1.0],
            values={"softplus_0": number(float(REGISTRY["softplus"].fn(0.0)))},
            plot=FunctionPlot("softplus", x0=0.0),
        ),
        _truefalse("glu_for_transformers", "glu", "glu", False),  # Dauphin et al. 2016: CNNs
        _truefalse(
            "glu_doubles_input",
            "glu",
            "glu",
            False,  # the input width is d_model either way; the layer has a third matrix
            values=_commas(base),
            plot=FfnPlot(base_d_model),
        ),
        _choice(
            "swiglu_param_count",
            "swiglu",
            "swiglu",
            llama["gated"],
            [llama["plain"], llama["gated_two_matrices"], llama["gated_unmatched"]],
            values={**_commas(llama), "multiple": str(multiple)},
            plot=FfnPlot(llama_d_model, multiple),
        ),
        _choice(
            "swiglu_matched_hidden",
            "swiglu",
            "swiglu",
            base["d_ff_gated"],
            [base["d_ff"], base["d_ff"] // 2, base["d_ff"] * 3 // 2],
            values=_commas(base),
            plot=FfnPlot(base_d_model),
        ),
        _truefalse(
            "swiglu_costs_more",
            "swiglu",
            "swiglu",
            base["gated_flops"] > base["plain_flops"],
            values=_commas(base),
            plot=FfnPlot(base_d_model),
        ),
        _truefalse("swiglu_is_elementwise", "swiglu", "swiglu", False),  # W, V, W₂ are learned
        _truefalse("bert_gpt_use_swiglu", "swiglu", "swiglu", False),  # GELU; SwiGLU: PaLM, LLaMA
        _truefalse("swiglu_explained", "swiglu", "swiglu", False),  # Shazeer 2020 §4
    )


def score(bank: tuple[Question, ...], picks: Mapping[str, object]) -> tuple[int, int]:
    """(right, answered) for ``picks``, a mapping of question id to the choice revealed.

    >>> bank = questions()
    >>> score(bank, {bank[0].id: bank[0].answer, bank[1].id: not bank[1].answer})
    (1, 2)
    """
    answered = [question for question in bank if question.id in picks]
    return sum(question.is_correct(picks[question.id]) for question in answered), len(answered)
