"""The home page's overview: every element-wise activation and its derivative on one figure.

Built on the function pages' figure shape (f on top, f′ below, one shared x axis) so the first
figure a class sees reads the same way as every later one. Pure: no Streamlit; names and
labels arrive translated.

>>> from activations import REGISTRY
>>> fig = overview_figure(grid(-5, 5, 11), tuple(REGISTRY), names={})
>>> len(fig.data) == 2 * len(REGISTRY)
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

import numpy as np
import plotly.graph_objects as go

from activations import REGISTRY
from activations.facts import facts
from activations.gated import matched_gated_hidden
from views.figures import DASHES, PALETTE, YELLOW, shared_figure
from views.function_figures import Curve, Labels, function_figure, grid
from views.gated_values import model_presets
from views.prose_values import number
from views.strings import function_name

__all__ = ["LINEAGE", "OVERVIEW_KEYS", "OVERVIEW_POINTS", "grid", "home_numbers", "overview_figure"]

# (step, page): Sigmoid → ReLU → Leaky ReLU → Swish → GLU → SwiGLU; each step answered a
# problem the one before it left open. A conceptual path, not a chronology (GLU predates
# Swish; GELU is off the path): the dated history is ``[[timeline]]`` in
# content/references.toml. Steps are registry or gated keys (their names label the cards);
# the words are ``home.lineage.<step>``.
LINEAGE = (
    ("sigmoid", "sigmoid"),
    ("relu", "relu"),
    ("leaky_relu", "relu"),
    ("swish", "swish"),
    ("glu", "glu"),
    ("swiglu", "swiglu"),
)
# The overview's family: the hardware-friendly and self-normalising five have a page of their
# own (/hardware); thirty curves would crowd out the names beside them.
OVERVIEW_KEYS = tuple(
    key
    for key in REGISTRY
    if key not in ("relu6", "hardsigmoid", "hardswish", "selu", "squared_relu")
)
# Twenty curves on one figure: 301 samples each keep the page's payload under 90 KB and are
# still smooth at the figure's width.
OVERVIEW_POINTS = 301
# Yellow all but vanishes on a projector's white; with ten curves, colour × dash stays unique.
_COLOURS = tuple(colour for colour in PALETTE if colour != YELLOW)


@shared_figure
def overview_figure(
    x: np.ndarray,
    keys: Iterable[str],
    *,
    names: Mapping[str, str],
    labels: Labels | None = None,
    lecture: bool = False,
) -> go.Figure:
    """f (top) and f′ (bottom) of every activation at its default parameters.

    ``names`` maps registry keys to legend names (the key itself when missing). One legend
    entry per function: clicking it hides both of its curves, so a class can strip the figure
    down to the two functions being compared.
    """
    curves = []
    for index, entry in enumerate(REGISTRY[key] for key in keys):
        name = names.get(entry.key, entry.key)
        line = {"color": _COLOURS[index % len(_COLOURS)], "dash": DASHES[index % len(DASHES)]}
        values, grads = entry.fn(x), entry.grad(x)
        curves.append(Curve(name, f"{name} ′", values, grads, line, line, entry.kinks))
    labels = labels or Labels()
    # The unshared builder: this figure is changed below, and a shared one must never be.
    build = function_figure.__wrapped__
    fig = build(x, curves, labels=labels, lecture=lecture, height=760 if lecture else 620)
    fig.for_each_trace(lambda trace: trace.update(showlegend=False), selector={"yaxis": "y2"})
    return fig


def legend_name(entry, lang: str) -> str:
    """A short legend name: English names in English; in Chinese, the narrower of the two.

    Ten curves share one legend, so "Sigmoid（逻辑函数）" becomes "Sigmoid", while
    "GELU（tanh 近似）" stays Chinese (narrower than "GELU (tanh approximation)").

    >>> from activations import REGISTRY
    >>> legend_name(REGISTRY["sigmoid"], "zh"), legend_name(REGISTRY["gelu_tanh"], "zh")
    ('Sigmoid', 'GELU（tanh 近似）')
    """
    if lang != "zh":
        return entry.name_en
    return min((entry.name_en, function_name(entry.key, lang)), key=_display_width)


def _display_width(text: str) -> int:
    """Columns ``text`` takes on screen: CJK characters and full-width punctuation count 2."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def home_numbers() -> dict[str, str]:
    """Numbers the home page's strings quote (``{sigmoid_grad_max}``), computed, not typed."""
    return {
        "sigmoid_grad_max": number(facts("sigmoid").grad_max),
        "llama_d_ff": str(matched_gated_hidden(*model_presets()["LLaMA 7B"])),
    }
