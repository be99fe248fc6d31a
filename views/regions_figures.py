"""Figure builders of the 线性区域 page: the input plane by linear region or by curvature, the
output along one line, and how the count of regions grows with depth and width.

Pure: ``(arrays, labels, options) -> go.Figure``, no Streamlit, no translation. The maps send
small integers (one byte per grid point, which Plotly ships as a typed array) and a start and a
step for the axes, not the coordinates: a 241×241 map is ~77 KB on the wire, not ~1 MB.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from views.experiment_figures import SERIES_DASHES, series_colour
from views.figures import MARGIN, REFERENCE_LINE, shared_figure, style, styled

Array = np.ndarray

# Pale tints of the Okabe–Ito hues (regions), so the dark boundary lines between them show; a
# neighbour always gets another tint (experiments.regions.colour_regions), and the lines part
# regions in greyscale too.
REGION_TINTS = ("#9CCBEA", "#F2C572", "#8ED3BE", "#EFA37A", "#E2B6D2", "#C9E4F6", "#F6EE9C")
BOUNDARY = "#1B1F24"
FLAT = "#FFFFFF"  # where the output is flat (second difference 0): no colour at all
CURVATURE_SCALE = "Cividis"  # colour-blind safe, and ordered in lightness (greyscale)
LEVELS_PER_DECADE = 20
COLOUR_BAR = 64  # px under the curvature map for its colour bar, its labels and its title


def _stepped(colours: Sequence[str]) -> list[list]:
    """A colour scale with one flat band per integer 0 … len − 1 (for zmin −0.5, zmax len − 0.5)."""
    bands = len(colours)
    scale = []
    for index, colour in enumerate(colours):
        scale += [[index / bands, colour], [(index + 1) / bands, colour]]
    return scale


PLANE_HEIGHT = 470  # px: about square on a phone (a taller figure would centre a gap above it)


def _plane_layout(
    fig: go.Figure, labels: Mapping[str, str], lecture: bool, below: int = 0
) -> go.Figure:
    """Square axes (the plane is not stretched), titled x₁ and x₂, a tick at each integer
    (few labels over the colours), hover on the point; ``below``: pixels kept under the axis
    (a colour bar)."""
    axes = {"constrain": "domain", "showgrid": False, "zeroline": False, "dtick": 1}
    fig.update_xaxes(title_text=labels["x"], **axes)
    fig.update_yaxes(title_text=labels["y"], scaleanchor="x", **axes)
    styled(fig, lecture=lecture, height=PLANE_HEIGHT + below)
    fig.update_layout(margin={"b": MARGIN["b"] + below})
    return fig.update_layout(hovermode="closest")


def _axis_steps(axis: Array) -> dict:
    return {"x0": float(axis[0]), "dx": float(axis[1] - axis[0])} | {
        "y0": float(axis[0]),
        "dy": float(axis[1] - axis[0]),
    }


def region_colours(colour: Array, ids: Array, edge: Array) -> Array:
    """One byte per grid point: the tint of its region, or the boundary's index on an edge.

    >>> region_colours(np.array([0, 1]), np.array([[0, 1]]), np.array([[True, False]])).tolist()
    [[7, 1]]
    """
    shown = np.asarray(colour, dtype=np.uint8)[ids]
    shown[edge] = len(REGION_TINTS)
    return shown


@shared_figure
def regions_figure(
    axis: Array, shown: Array, *, labels: Mapping[str, str], lecture: bool = False
) -> go.Figure:
    """The input plane coloured by linear region: ``shown`` holds a tint index per grid point
    (rows along the second input), ``len(REGION_TINTS)`` on the lines between regions.
    Labels: ``x``, ``y`` (the two inputs), ``hover`` (a template with ``%{x}``, ``%{y}``)."""
    colours = (*REGION_TINTS, BOUNDARY)
    fig = go.Figure(
        go.Heatmap(
            z=np.asarray(shown, dtype=np.uint8),
            **_axis_steps(axis),
            colorscale=_stepped(colours),
            zmin=-0.5,
            zmax=len(colours) - 0.5,
            showscale=False,
            hovertemplate=labels["hover"] + "<extra></extra>",
        )
    )
    return _plane_layout(fig, labels, lecture)


def curvature_levels(curvature: Array, flat: Array) -> tuple[Array, int]:
    """The second differences as one byte per point: 0 where flat, else
    ``LEVELS_PER_DECADE · (log₁₀ c − low) + 1`` from ``low``, the decade below the smallest;
    and ``low``. The border (NaN) counts as flat.

    >>> flat = np.array([[True, False, False]])
    >>> levels, low = curvature_levels(np.array([[0.0, 0.01, 1.0]]), flat)
    >>> levels.tolist(), low
    ([[0, 1, 41]], -2)
    """
    curved = ~flat & np.isfinite(curvature)
    levels = np.zeros(curvature.shape, dtype=np.uint8)
    if not curved.any():
        return levels, 0
    logs = np.log10(curvature[curved])
    low = int(np.floor(logs.min()))
    steps = np.round((logs - low) * LEVELS_PER_DECADE) + 1
    levels[curved] = np.clip(steps, 1, 255).astype(np.uint8)
    return levels, low


@shared_figure
def curvature_figure(
    axis: Array, levels: Array, low: int, *, labels: Mapping[str, str], lecture: bool = False
) -> go.Figure:
    """How much the output bends at each point (:func:`curvature_levels`), on a log scale:
    white where it is flat, as inside a ReLU region. Labels: ``x``, ``y``, ``hover``,
    ``scale`` (the colour bar's title)."""
    levels = np.asarray(levels, dtype=np.uint8)
    top = max(int(levels.max()), 1)
    decades = range(low, low + int(np.ceil((top - 1) / LEVELS_PER_DECADE)) + 1)
    ticks = [(decade - low) * LEVELS_PER_DECADE + 1 for decade in decades]
    cividis = go.Figure(go.Heatmap(colorscale=CURVATURE_SCALE)).data[0].colorscale
    scale = [[0.0, FLAT], [0.5 / (top + 0.5), FLAT]]
    scale += [[(0.5 + share * top) / (top + 0.5), colour] for share, colour in cividis]
    fig = go.Figure(
        go.Heatmap(
            z=levels,
            **_axis_steps(axis),
            colorscale=scale,
            zmin=-0.5,
            zmax=top,
            colorbar={  # below the plane: beside it, it would take a phone's width
                "title": {"text": labels["scale"], "side": "top"},
                "tickvals": ticks,
                "ticktext": [f"10<sup>{decade}</sup>" for decade in decades],
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yref": "container",
                "yanchor": "bottom",
                "thickness": 12,
            },
            hovertemplate=labels["hover"] + "<extra></extra>",
        )
    )
    return _plane_layout(fig, labels, lecture, below=COLOUR_BAR)


@shared_figure
def slice_figure(
    along: Array, outputs: Mapping[str, Array], *, labels: Mapping[str, str], lecture=False
) -> go.Figure:
    """The output of the same weights along one line of the plane, one curve per activation:
    straight pieces meeting at kinks (ReLU) against smooth bends (Swish, GELU).
    Labels: ``x`` (position along the line), ``y`` (the output)."""
    fig = go.Figure()
    along = np.asarray(along, dtype=float)
    for index, (name, values) in enumerate(outputs.items()):
        fig.add_scatter(  # an even grid as a start and a step; float32 is ample for a screen
            x0=float(along[0]),
            dx=float(along[1] - along[0]),
            y=np.asarray(values, dtype=np.float32),
            name=name,
            mode="lines",
            line={"color": series_colour(index), "dash": SERIES_DASHES[index % 6]},
            hovertemplate="%{y:.4g}",
        )
    fig.update_xaxes(title_text=labels["x"], range=[float(along[0]), float(along[-1])])
    fig.update_yaxes(title_text=labels["y"])
    return styled(fig, lecture=lecture, height=480 if lecture else 380)


@shared_figure
def growth_figure(
    depths: Sequence[int],
    widths: Sequence[int],
    counts: Array,
    bound: Array,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """Regions counted against hidden units in all (depth × width), one line per width through
    depths 1, 2, …; ``bound[n − 1]`` is the most one layer of n units can make (grey dotted).
    ``counts`` is ``(len(depths), len(widths))``. Labels: ``x``, ``y``, ``width`` (a legend
    entry with ``{width}``), ``bound``, ``hover`` (a point's name, with ``{depth}`` and
    ``{width}``)."""
    fig = go.Figure()
    counts = np.asarray(counts, dtype=float)
    units = np.array([[depth * width for width in widths] for depth in depths])
    for column, width in enumerate(widths):
        fig.add_scatter(
            x=units[:, column],
            y=counts[:, column],
            text=[labels["hover"].format(depth=depth, width=width) for depth in depths],
            name=labels["width"].format(width=width),
            mode="lines+markers",
            line={"color": series_colour(column), "dash": SERIES_DASHES[column % 6]},
            marker={"size": style(lecture)["marker"] * 0.7},
            hovertemplate="%{text}: %{y:.0f}<extra></extra>",
        )
    fig.add_scatter(
        x=np.arange(1, len(bound) + 1),
        y=np.asarray(bound, dtype=float),
        name=labels["bound"],
        mode="lines",
        line=REFERENCE_LINE,
        hoverinfo="skip",
    )
    fig.update_xaxes(title_text=labels["x"], type="log")
    fig.update_yaxes(title_text=labels["y"], type="log")
    styled(fig, lecture=lecture, height=480 if lecture else 400)
    return fig.update_layout(hovermode="closest")
