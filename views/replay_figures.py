"""The training playground's decision regions, replayed epoch by epoch in the browser.

The frames are computed once, while training (``PlaygroundRun.frames``), and sent with the
figure as Plotly ``frames``: the epoch slider and the play button run in the browser, so a
class scrubbing through training costs the server nothing. Pure: no Streamlit; labels arrive
translated. The panels, points and colours are those of
:func:`views.experiment_figures.boundary_figure`, which draws the last frame.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from views.experiment_figures import boundary_figure
from views.figures import shared_figure, style

Array = np.ndarray
# Probabilities travel as whole percents in one byte each: a 31 × 31 frame is 961 bytes.
PERCENT = 100


def percent(grid: Array) -> Array:
    """``P(y = 1)`` as whole percents (``uint8``); a diverged run's NaN shows as 50 (white).

    >>> percent(np.array([[0.0, 0.504], [np.nan, 1.0]])).tolist()
    [[0, 50], [50, 100]]
    """
    return np.rint(np.nan_to_num(grid, nan=0.5) * PERCENT).astype(np.uint8)


@shared_figure
def replay_figure(
    frames: Sequence[tuple[int, Array]],
    points: Array,
    classes: Array,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """One activation's decision regions with an epoch slider (and a play button) over
    ``frames``: ``(epoch, P(y = 1) grid)`` pairs, in training order.

    The figure opens on the last epoch. ``labels``: ``class0``/``class1`` (legend),
    ``epoch`` (the slider's prefix), ``play`` and ``pause`` (the buttons).

    >>> grid = np.full((3, 3), 0.5)
    >>> fig = replay_figure([(0, grid), (9, grid)], np.zeros((2, 2)),
    ...     np.array([0.0, 1.0]), labels={"class0": "0", "class1": "1", "epoch": "epoch ",
    ...     "play": "play", "pause": "pause"})
    >>> [frame.name for frame in fig.frames], fig.layout.sliders[0].active
    (['0', '9'], 1)
    """
    epochs = [epoch for epoch, _ in frames]
    last = frames[-1][1]
    fig = boundary_figure.__wrapped__(last, points, classes, labels=labels, lecture=lecture)
    heatmap = next(index for index, trace in enumerate(fig.data) if trace.type == "heatmap")
    fig.data[heatmap].update(z=percent(last), zmax=PERCENT)
    fig.frames = [
        go.Frame(name=str(epoch), data=[go.Heatmap(z=percent(grid))], traces=[heatmap])
        for epoch, grid in frames
    ]
    jump = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}}
    play = {**jump, "frame": {"duration": 600, "redraw": True}, "fromcurrent": False}
    font = style(lecture)["font"]
    fig.update_layout(
        sliders=[
            {
                "active": len(epochs) - 1,
                "currentvalue": {"prefix": labels["epoch"], "font": {"size": font}},
                "x": 0,
                "len": 1,
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 10},
                "steps": [
                    {"label": str(epoch), "method": "animate", "args": [[str(epoch)], jump]}
                    for epoch in epochs
                ],
            }
        ],
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 50 + font * 4},  # below the slider and its epoch ticks
                "buttons": [
                    {
                        "label": labels["play"],
                        "method": "animate",
                        "args": [None, play],
                    },
                    {
                        "label": labels["pause"],
                        "method": "animate",
                        "args": [[None], jump],
                    },
                ],
            }
        ],
    )
    below = 100 + font * 5  # room for the slider, its ticks and the buttons under the panels
    fig.update_layout(height=(fig.layout.height or 400) + below, margin={"b": below})
    return fig
