"""Figure builders for the 实验 pages: gradient norms, dying ReLU, training curves, boundaries.

Pure functions ``(arrays, labels, options) -> go.Figure``: no Streamlit, no registry lookups,
no translation. Series are coloured in the order they are given (pages pass them in registry
order), so one activation keeps its colour across the figures of a page.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from experiments.playground import GRID_EXTENT
from views.figures import (
    BLUE,
    DASHES,
    ORANGE,
    PALETTE,
    REFERENCE_LINE,
    VERMILION,
    Series,
    direct_labels,
    legend_above_titles,
    shared_figure,
    style,
    styled,
)

Array = np.ndarray
# Yellow is too faint as a line on white; the other seven Okabe–Ito colours stay.
SERIES_COLOURS = tuple(colour for colour in PALETTE if colour != "#F0E442")
SERIES_DASHES = DASHES
# Class 0 orange, class 1 blue, as in TensorFlow Playground; the heatmap uses pale tints.
CLASS_COLOURS = (ORANGE, BLUE)
BOUNDARY_SCALE = [[0.0, "#F6C886"], [0.5, "#FFFFFF"], [1.0, "#8CC3E8"]]
MAX_CURVE_POINTS = 400
PANEL_HEIGHT = 330


def series_colour(index: int) -> str:
    """The colour of the ``index``-th series of a figure."""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def thin(values: Array, max_points: int = MAX_CURVE_POINTS) -> tuple[Array, Array]:
    """Indices and values of at most ``max_points`` evenly spaced entries (first and last kept).

    >>> thin(np.arange(10.0), 4)[0].tolist()
    [0, 3, 6, 9]
    """
    index = np.unique(np.linspace(0, len(values) - 1, min(len(values), max_points)).round())
    index = index.astype(int)
    return index, values[index]


def _per_layer(index: int, name: str, values: np.ndarray) -> dict:
    """One activation's values per layer (1, 2, …): its colour and dash in every panel."""
    return {
        "x": np.arange(1, len(values) + 1),
        "y": values,
        "name": name,
        "legendgroup": name,
        "mode": "lines+markers",
        "line": {"color": series_colour(index), "dash": SERIES_DASHES[index % len(SERIES_DASHES)]},
    }


@shared_figure
def gradient_norm_figure(
    norms: Mapping[str, Array],
    bound: Array | None,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
    variances: Mapping[str, Array] | None = None,
) -> go.Figure:
    """Gradient norm per layer on a log axis, layer 1 (next to the input) on the left.

    ``norms`` maps a legend name to one norm per layer; ``bound`` (optional) is drawn dotted
    grey, named ``labels["bound"]``. Axis titles: ``labels["x"]``, ``labels["y"]``.

    With ``variances`` (legend name -> the variance of each layer's outputs), the forward
    signal gets a panel of its own on top (on the left in lecture mode: a projector is wide
    and short), titled ``labels["forward"]`` with the y title ``labels["variance"]``, and the
    gradient norms move below it (to its right), titled ``labels["backward"]``: forward pass,
    then backward pass, as they run. One legend entry per activation shows or hides both of
    its curves.

    The bound's long name has a legend of its own in the lower right corner, which the curves
    leave empty (they all start at the top layer, on the right, and shrink towards the input).
    In one legend it would set the width of every entry, and on a projector's 1280 px screen
    the short names would stack one per row above the plot, squeezing it to a strip.
    """
    side = lecture and variances is not None  # the two panels side by side
    if variances is None:
        fig, grad_cell = go.Figure(), {}
    else:
        # Stacked, not side by side: two panels in a row would each get half a phone. A
        # projector's screen (lecture mode) is too short for two log panels stacked.
        fig = make_subplots(
            rows=1 if side else 2,
            cols=2 if side else 1,
            shared_xaxes=not side,
            subplot_titles=(labels["forward"], labels["backward"]),
            vertical_spacing=0.1,
            horizontal_spacing=0.07,
        )
        grad_cell = {"row": 1, "col": 2} if side else {"row": 2, "col": 1}
    marker = {"size": style(lecture)["marker"] * 0.6}
    for index, (name, values) in enumerate(norms.items()):
        fig.add_scatter(**_per_layer(index, name, values), marker=marker, **grad_cell)
    if bound is not None:
        fig.add_scatter(
            x=np.arange(1, len(bound) + 1),
            y=bound,
            name=labels["bound"],
            mode="lines",
            line=REFERENCE_LINE,
            legend="legend2",
            **grad_cell,
        )
    for index, (name, values) in enumerate((variances or {}).items()):  # legend: the norms'
        fig.add_scatter(
            **_per_layer(index, name, values), marker=marker, showlegend=False, row=1, col=1
        )
    fig.update_xaxes(title_text=labels["x"])
    fig.update_yaxes(title_text=labels["y"], type="log", exponentformat="power", **grad_cell)
    if variances is not None:
        fig.update_yaxes(
            title_text=labels["variance"], type="log", exponentformat="power", row=1, col=1
        )
    # Taller on a projector: at lecture font sizes the y title outgrows a 460 px figure.
    height = (580 if lecture else 460) * (1 if variances is None or side else 2)
    styled(fig, lecture=lecture, height=height)
    corner = {"x": 0.99, "xanchor": "right", "y": 0.02, "yanchor": "bottom"}
    fig.update_layout(legend2={**corner, "bgcolor": "rgba(255, 255, 255, 0.85)"})
    if variances is not None:
        if not side:  # one x title, under the lower panel
            fig.update_xaxes(title_text=None, row=1, col=1)
        legend_above_titles(fig, height)
    # Each curve named beside it; ReLU and Leaky ReLU, one on top of the other, named together.
    panels = [(norms, "x2", "y2")] if variances is not None else [(norms, "x", "y")]
    panels += [(variances, "x", "y")] if variances is not None else []
    font = style(lecture)["font"]
    for series, xref, yref in panels:
        named = [
            Series(
                name, np.arange(1.0, len(values) + 1), np.asarray(values, float), series_colour(i)
            )
            for i, (name, values) in enumerate(series.items())
        ]
        for note in direct_labels(
            named,
            panel_px=height * (0.7 if side else 0.35),
            font=font,
            xref=xref,
            yref=yref,
            log=True,
        ):
            fig.add_annotation(note)
    return fig


@shared_figure
def preactivation_figure(
    before: Array, after: Array, *, labels: Mapping[str, str], lecture: bool = False, bins: int = 60
) -> go.Figure:
    """Histograms of pre-activations before and after the step, with the ReLU kink at 0 marked.

    The data are binned here (``np.histogram``), so the figure carries ``bins`` bars per series
    instead of every value.
    """
    values = np.concatenate([before.ravel(), after.ravel()])
    edges = np.histogram_bin_edges(values, bins=bins)
    centres = (edges[:-1] + edges[1:]) / 2
    fig = go.Figure()
    for name, data, colour in (
        (labels["before"], before, series_colour(0)),
        (labels["after"], after, VERMILION),
    ):
        counts, _ = np.histogram(data, bins=edges)
        fig.add_bar(
            x=centres,
            y=counts / data.size,
            width=np.diff(edges),
            name=name,
            marker={"color": colour, "opacity": 0.55},
        )
    fig.add_vline(x=0.0, line={**REFERENCE_LINE, "width": 2})
    fig.update_layout(barmode="overlay", bargap=0)
    fig.update_xaxes(title_text=labels["x"])
    fig.update_yaxes(title_text=labels["y"], tickformat=".0%")
    return styled(fig, lecture=lecture, height=380)


@shared_figure
def dead_sweep_figure(
    shifts: Array,
    before: Array,
    after: Array,
    current: float,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """Dead fraction against the bias shift, before and after the step; the current shift marked."""
    fig = go.Figure()
    fig.add_scatter(
        x=shifts, y=before, name=labels["before"], mode="lines", line={"color": series_colour(0)}
    )
    fig.add_scatter(
        x=shifts,
        y=after,
        name=labels["after"],
        mode="lines",
        line={"color": VERMILION, "dash": "dash"},
    )
    fig.add_vline(x=current, line={**REFERENCE_LINE, "width": 2})
    fig.update_xaxes(title_text=labels["x"])
    fig.update_yaxes(title_text=labels["y"], tickformat=".0%", range=[-0.02, 1.02])
    return styled(fig, lecture=lecture, height=380)


@shared_figure
def dead_fraction_figure(
    shares: Mapping[str, tuple[float, float]], *, labels: Mapping[str, str], lecture: bool = False
) -> go.Figure:
    """Per activation: share of units below zero on every input, and share truly dead.

    ``shares`` maps an activation name to ``(negative, dead)`` fractions; the bars are named
    ``labels["negative"]`` and ``labels["dead"]``, the axis ``labels["y"]``.
    """
    names = list(shares)
    negative = [shares[name][0] for name in names]
    dead = [shares[name][1] for name in names]
    fig = go.Figure()
    fig.add_bar(x=names, y=negative, name=labels["negative"], marker_color=BLUE)
    fig.add_bar(x=names, y=dead, name=labels["dead"], marker_color=VERMILION)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=labels["y"], tickformat=".0%", range=[0, 1.02])
    return styled(fig, lecture=lecture, height=380)


@shared_figure
def loss_curves_figure(
    curves: Mapping[str, tuple[Array, Array]],
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """Train loss (top; left in lecture mode) and test loss (below it; right) per epoch, one
    colour per activation.

    ``curves`` maps a legend name to ``(train_loss, test_loss)``; each curve is thinned to at
    most :data:`MAX_CURVE_POINTS` points. Titles: ``labels["train"]``, ``labels["test"]``.
    """
    # One above the other on one x axis, both on the same labelled log scale: side by side
    # with a shared y axis, the right panel lost its tick labels and its log type. A
    # projector's screen (lecture mode) is too short for two panels stacked: side by side,
    # each with its own y axis.
    rows, cols = (1, 2) if lecture else (2, 1)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes=not lecture,
        subplot_titles=(labels["train"], labels["test"]),
        vertical_spacing=0.12,
        horizontal_spacing=0.08,
    )
    for index, (name, pair) in enumerate(curves.items()):
        for column, values in enumerate(pair, start=1):
            epochs, thinned = thin(values)
            fig.add_scatter(
                x=epochs,
                y=thinned,
                name=name,
                legendgroup=name,
                showlegend=column == 1,
                mode="lines",
                line={
                    "color": series_colour(index),
                    "dash": SERIES_DASHES[index % len(SERIES_DASHES)],
                },
                row=1 if lecture else column,
                col=column if lecture else 1,
            )
    # Each x axis titled side by side, only the lower one stacked; the y title once beside.
    fig.update_xaxes(title_text=labels["x"], **({} if lecture else {"row": 2, "col": 1}))
    fig.update_yaxes(type="log")  # decades only: styled() sees to it
    fig.update_yaxes(title_text=labels["y"], **({"row": 1, "col": 1} if lecture else {}))
    height = 640 if lecture else 560
    styled(fig, lecture=lecture, height=height)
    return legend_above_titles(fig, height)


@shared_figure
def boundary_figure(
    probability: Array,
    points: Array,
    classes: Array,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
    extent: float = GRID_EXTENT,
) -> go.Figure:
    """One activation's decision regions ``P(y = 1)`` as a heatmap, with the data points on top.

    ``probability`` is a square grid over ``[−extent, extent]²`` (rows along the second input,
    see :func:`experiments.mlp.probability_grid`); ``points`` and ``classes`` are the points
    to overlay; ``labels["class0"]``/``labels["class1"]`` name the classes in the legend.
    One figure per activation: the page sets them side by side in ``st.columns``, which stack
    on a phone, where panels of one figure would shrink to stamps.
    """
    axis = np.linspace(-extent, extent, len(probability))
    fig = go.Figure()
    fig.add_heatmap(
        x=axis,
        y=axis,
        z=np.round(probability, 2),
        zmin=0.0,
        zmax=1.0,
        colorscale=BOUNDARY_SCALE,
        showscale=False,
        zsmooth="best",
        hoverinfo="skip",
    )
    marker_size = style(lecture)["marker"] * 0.7
    for label in (0, 1):
        chosen = classes == label
        fig.add_scatter(
            x=points[chosen, 0],
            y=points[chosen, 1],
            mode="markers",
            name=labels[f"class{label}"],
            marker={
                "color": CLASS_COLOURS[label],
                "size": marker_size,
                "line": {"color": "#FFFFFF", "width": 0.8},
            },
            hoverinfo="skip",
        )
    bare = {"showticklabels": False, "showgrid": False, "zeroline": False, "showline": False}
    # About square at every width (a column of four on a desk, the full width on a phone),
    # without pinning the aspect: pinned, a phone's plot would narrow to the figure's height.
    fig.update_xaxes(range=[-extent, extent], ticks="", **bare)
    fig.update_yaxes(range=[-extent, extent], ticks="", **bare)
    styled(fig, lecture=lecture, height=PANEL_HEIGHT + 90)
    fig.update_layout(hovermode=False)
    return fig
