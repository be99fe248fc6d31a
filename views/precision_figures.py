"""Pure figure builders for low precision: an activation as a type computes it, and its error.

:func:`panel_figures` draws a function panel's figures from its reading and words, at float64
and below. The curve figure is the function pages' own
(:func:`views.function_figures.function_figure`: f on top, f′ below, on one x axis) with float64
as a faint reference and the places where the type settles shaded: where f is exactly its
limit (top panel) and where f′ is exactly 0, a gradient dead zone (bottom panel). The curves
are plotted at the x asked for, so the steps of a coarse type show when zoomed in. No
Streamlit; labels arrive translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from views.figures import GRAD_LINE, REFERENCE_LINE, VALUE_LINE, shared_figure, style, styled
from views.function_figures import (
    Curve,
    Labels,
    Probe,
    Reference,
    function_figure,
)

if TYPE_CHECKING:  # a reading and its words are read, not made, here
    from activations.low_precision import Reading
    from views.function_text import Band, PanelText

SHADE_OPACITY = 0.13
DEFAULT_LABELS = Labels()


_COLOURS = {1: VALUE_LINE["color"], 2: GRAD_LINE["color"]}


@shared_figure
def precision_figure(
    x: np.ndarray,
    curve: Curve,
    exact: Reference,
    *,
    bands: Sequence[Band] = (),
    probe: Probe | None = None,
    labels: Labels = DEFAULT_LABELS,
    lecture: bool = False,
    x_range: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> go.Figure:
    """``curve`` (values of the type) over float64's ``exact`` curve, with ``bands`` (inside
    the plotted x range: :func:`views.function_text.clipped`) shaded.

    A band starts with a thin line and its label at the top of its panel, so "from here on f is
    exactly 1" reads without the legend, and in greyscale.
    """
    fig = function_figure.__wrapped__(
        x,
        [curve],
        probe=probe,
        references=[exact],
        labels=labels,
        lecture=lecture,
        x_range=x_range,
        value_range=value_range,
        grad_range=grad_range,
        labelled=False,  # the legend names both; a label beside the curve hid the bands' own
    )
    if not bands:  # nothing to shade: the function figure as it is
        return fig
    low, high = x_range or (float(x[0]), float(x[-1]))
    shapes, notes = list(fig.layout.shapes), list(fig.layout.annotations)
    font = style(lecture)["font"]
    for band in bands:
        axis, yaxis = ("x", "y") if band.panel == 1 else ("x2", "y2")
        colour = _COLOURS[band.panel]
        common = {"xref": axis, "yref": f"{yaxis} domain", "y0": 0, "y1": 1, "layer": "below"}
        shapes.append(
            {
                "type": "rect",
                "x0": band.start,
                "x1": band.end,
                "fillcolor": colour,
                "opacity": SHADE_OPACITY,
                "line": {"width": 0},
                **common,
            }
        )
        edge = band.start if band.start > low else band.end
        if low < edge < high:
            line = {"color": colour, "dash": "dash", "width": 1.5}
            shapes.append({"type": "line", "x0": edge, "x1": edge, "line": line, **common})
        notes.append(
            {
                "x": (band.start + band.end) / 2,
                "y": 0.97,
                "xref": axis,
                "yref": f"{yaxis} domain",
                "text": band.label,
                "showarrow": False,
                "yanchor": "top",
                "font": {"size": font - 1, "color": "#1F2328"},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    # assigned, not ``update_layout``: its path parsing cost more than the figure's build
    fig.layout.shapes, fig.layout.annotations = shapes, notes
    return fig


@shared_figure
def error_figure(
    x: np.ndarray,
    errors: Sequence[tuple[str, np.ndarray]],
    *,
    roundoff: float,
    roundoff_label: str,
    x_label: str,
    y_label: str,
    lecture: bool = False,
) -> go.Figure:
    """Relative errors against float64 on a log scale, with the type's unit roundoff u.

    Exactly right samples (error 0) and those with no finite error leave gaps: a log axis has
    no place for 0, and "infinitely wrong" is said by the cards.
    """
    sizes = style(lecture)
    lines = (VALUE_LINE, GRAD_LINE)
    traces = []
    for (name, error), line in zip(errors, lines, strict=False):
        shown = np.where(np.isfinite(error) & (error > 0), error, np.nan)
        traces.append(
            go.Scatter(
                x0=float(x[0]),
                dx=(float(x[-1]) - float(x[0])) / (len(x) - 1),
                y=shown.astype(np.float32),
                name=name,
                mode="lines",
                line=dict(line),
                hovertemplate="%{y:.2e}",
            )
        )
    traces.append(
        go.Scatter(
            x=[float(x[0]), float(x[-1])],
            y=[roundoff, roundoff],
            name=roundoff_label,
            mode="lines",
            line=dict(REFERENCE_LINE),
            hoverinfo="skip",
        )
    )
    fig = go.Figure(traces)
    fig.update_xaxes(title_text=x_label, range=[float(x[0]), float(x[-1])])
    fig.update_yaxes(title_text=y_label, type="log", exponentformat="power")
    fig.update_xaxes(tickfont_size=sizes["font"], title_font_size=sizes["font"])
    fig.update_yaxes(tickfont_size=sizes["font"], title_font_size=sizes["font"])
    fig.update_layout(legend_font_size=sizes["font"])
    return styled(fig, lecture=lecture, height=360 if lecture else 280)


def panel_figures(
    shown: Reading,
    words: PanelText,
    *,
    references: Sequence[Reference] = (),
    lecture: bool = False,
    x_range: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> tuple[go.Figure, ...]:
    """The figures of a function's panel from its reading ``shown`` and its ``words``: at
    float64 the function figure (with ``references``); below it the type's figure over float64
    and the relative errors' figure."""
    x, evaluation, point = shown.evaluation.x, shown.evaluation, shown.probe
    probe = Probe(point.x0, point.value, point.grad) if point else None
    curve = Curve(*words.curve, evaluation.values, evaluation.grads, kinks=shown.kinks)
    ranges = {"x_range": x_range, "value_range": value_range, "grad_range": grad_range}
    if shown.report is not None and words.errors is not None:  # below float64
        exact = Reference("float64", x, evaluation.exact_values, grads=evaluation.exact_grads)
        errors = words.errors
        return (
            precision_figure(
                x,
                curve,
                exact,
                bands=words.bands,
                probe=probe,
                labels=words.labels,
                lecture=lecture,
                **ranges,
            ),
            error_figure(
                x,
                tuple(
                    zip(errors.names, (evaluation.value_error, evaluation.grad_error), strict=True)
                ),
                roundoff=shown.report.roundoff,
                roundoff_label=errors.roundoff,
                x_label=errors.x,
                y_label=errors.axis,
                lecture=lecture,
            ),
        )
    return (
        function_figure(
            x,
            [curve],
            probe=probe,
            references=references,
            labels=words.labels,
            lecture=lecture,
            **ranges,
        ),
    )
