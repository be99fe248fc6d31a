"""Figure builder of the 硬件友好与自归一化 page: a deep network's per-layer mean and variance.

Pure: ``(arrays, labels, options) -> go.Figure``, no Streamlit, no registry lookups, no
translation. The hard-versus-smooth overlay is the function pages' own
:func:`views.function_figures.function_figure`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from views.experiment_figures import SERIES_DASHES, series_colour
from views.figures import REFERENCE_LINE, legend_above_titles, shared_figure, style, styled

Array = np.ndarray


@shared_figure
def moments_figure(
    moments: Mapping[str, tuple[Array, Array]],
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """Mean (top, linear axis) and variance (bottom, log axis) of every layer's output.

    ``moments`` maps a legend name to ``(mean, variance)``, one value per layer with the input
    as layer 0. The targets of self-normalisation, mean 0 and variance 1, are grey dotted
    lines. Stacked, not side by side: two panels in a row would each get half a phone.
    Labels: ``mean``, ``variance``, ``x`` (the layer axis), ``target``.
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        subplot_titles=(labels["mean"], labels["variance"]),
        vertical_spacing=0.12,
    )
    marker = {"size": style(lecture)["marker"] * 0.5}
    depth = 0
    for index, (name, (mean, variance)) in enumerate(moments.items()):
        layers = np.arange(len(mean))
        depth = max(depth, len(mean) - 1)
        line = {"color": series_colour(index), "dash": SERIES_DASHES[index % len(SERIES_DASHES)]}
        for row, values in ((1, mean), (2, variance)):
            fig.add_scatter(
                x=layers,
                y=np.asarray(values, dtype=float),
                name=name,
                legendgroup=name,
                showlegend=row == 1,
                mode="lines+markers",
                line=line,
                marker=marker,
                hovertemplate="%{y:.3g}",
                row=row,
                col=1,
            )
    for row, target in ((1, 0.0), (2, 1.0)):
        fig.add_scatter(
            x=[0, depth],
            y=[target, target],
            name=labels["target"],
            legendgroup="target",
            showlegend=row == 1,
            mode="lines",
            line=REFERENCE_LINE,
            hoverinfo="skip",
            row=row,
            col=1,
        )
    fig.update_xaxes(title_text=labels["x"], row=2, col=1)
    fig.update_yaxes(title_text=labels["mean"], row=1, col=1)
    fig.update_yaxes(title_text=labels["variance"], type="log", row=2, col=1)
    height = 720 if lecture else 600
    styled(fig, lecture=lecture, height=height)
    return legend_above_titles(fig, height)
