"""Figures the quiz reveals with an answer: pure builders, one per kind of plot in the bank.

The function plots reuse the function pages' shape (f on top, f′ below, the probe's tangent
and f′ marker at the point the question is about), so a revealed answer looks like the page
that teaches it. Words arrive translated in ``labels``; legend names in ``names``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from activations import REGISTRY
from activations.gated import ffn_param_count, matched_gated_hidden, standard_hidden
from activations.landmarks import article_swish
from views.figures import BLUE, GREEN, ORANGE, shared_figure, style, styled
from views.function_figures import (
    Curve,
    Labels,
    Probe,
    Reference,
    difference_figure,
    function_figure,
    grid,
)
from views.quiz import ChainPlot, DifferencePlot, FfnPlot, FunctionPlot, Plot

POINTS = 601
# Words a quiz figure may need, looked up by the page as ``quiz.plot.<word>``.
LABEL_KEYS = (
    "value",
    "grad",
    "grad_of",
    "tangent",
    "article",
    "depth",
    "product",
    "plain",
    "gated",
    "weights",
)


@shared_figure
def quiz_figure(
    plot: Plot, *, labels: Mapping[str, str], names: Mapping[str, str], lecture: bool = False
) -> go.Figure:
    """The figure for ``plot``; ``labels`` holds the axis words, ``names`` the legend names."""
    if isinstance(plot, FunctionPlot):
        return _function(plot, labels, names, lecture)
    if isinstance(plot, ChainPlot):
        return _chain(plot, labels, lecture)
    if isinstance(plot, FfnPlot):
        return _ffn(plot, labels, lecture)
    if isinstance(plot, DifferencePlot):
        x = grid(-6.0, 6.0, POINTS)
        difference = REGISTRY[plot.first].fn(x) - REGISTRY[plot.second].fn(x)
        name = f"{names.get(plot.first, plot.first)} − {names.get(plot.second, plot.second)}"
        return difference_figure(x, difference, name=name, labels=_labels(labels), lecture=lecture)
    raise TypeError(f"no figure for {plot!r}")


def _labels(labels: Mapping[str, str]) -> Labels:
    return Labels(value=labels["value"], grad=labels["grad"], tangent=labels["tangent"], probe="x₀")


def _function(plot: FunctionPlot, labels, names, lecture: bool) -> go.Figure:
    entry = REGISTRY[plot.key]
    params = dict(plot.params) or entry.defaults()
    x = grid(plot.xmin, plot.xmax, POINTS)
    name = names.get(plot.key, plot.key)
    values, grads = entry.fn(x, **params), entry.grad(x, **params)
    grad_name = labels["grad_of"].format(name=name)
    curve = Curve(name, grad_name, values, grads, kinks=entry.kinks)
    probe = None
    if plot.x0 is not None:
        value, slope = (float(f(plot.x0, **params)) for f in (entry.fn, entry.grad))
        probe = Probe(plot.x0, value, slope)
    references = ()
    if plot.article_swish:
        right = x[x > 0]
        wrong = np.array([article_swish(float(point)) for point in right])
        references = (Reference(labels["article"], right, wrong),)
    return function_figure(
        x, [curve], probe=probe, references=references, labels=_labels(labels), lecture=lecture
    )


def _chain(plot: ChainPlot, labels, lecture: bool) -> go.Figure:
    depth = np.arange(1, plot.depth + 1)
    product = plot.per_layer**depth
    sizes = style(lecture)
    fig = go.Figure(
        go.Scatter(
            x=depth,
            y=product,
            mode="lines+markers",
            name=labels["product"],
            line={"color": BLUE},
            marker={"size": sizes["marker"]},
            hovertemplate="%{y:.3e}",
        )
    )
    fig.update_xaxes(title_text=labels["depth"], dtick=1)
    fig.update_yaxes(title_text=labels["product"], type="log", exponentformat="power")
    return styled(fig, lecture=lecture, height=460 if lecture else 380)


def _ffn(plot: FfnPlot, labels, lecture: bool) -> go.Figure:
    """Stacked bars: W₁, W₂ of the standard FFN against W, V, W₂ of the matched SwiGLU FFN."""
    d_model = plot.d_model
    plain = standard_hidden(d_model)
    gated = matched_gated_hidden(d_model, multiple_of=plot.multiple_of)
    one_plain = ffn_param_count(d_model, plain, gated=False) // 2
    one_gated = ffn_param_count(d_model, gated, gated=True) // 3
    bars = [
        labels["plain"].format(d_ff=plain, d_model=d_model),
        labels["gated"].format(d_ff=gated, d_model=d_model),
    ]
    segments = (
        ("W₁ / W", (one_plain, one_gated), BLUE),
        ("V", (0, one_gated), GREEN),
        ("W₂", (one_plain, one_gated), ORANGE),
    )
    fig = go.Figure(
        [
            go.Bar(
                x=bars,
                y=counts,
                name=name,
                marker_color=colour,
                text=[f"{count:,}" if count else "" for count in counts],
                textposition="inside",
                hovertemplate="%{y:,}",
            )
            for name, counts, colour in segments
        ]
    )
    totals = (2 * one_plain, 3 * one_gated)
    for bar, total in zip(bars, totals, strict=True):
        fig.add_annotation(x=bar, y=total, text=f"<b>{total:,}</b>", showarrow=False, yshift=14)
    fig.update_layout(barmode="stack", hovermode="closest")
    fig.update_yaxes(title_text=labels["weights"], tickformat=",")
    return styled(fig, lecture=lecture, height=480 if lecture else 400)
