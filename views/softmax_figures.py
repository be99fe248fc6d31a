"""Pure figure builders for the softmax page: arrays in, ``go.Figure`` out.

Labels arrive translated (a mapping of words per figure), so the builders stay language-free;
each calls :func:`views.figures.styled` last and is shared between sessions per input
(:func:`views.figures.shared_figure`: read-only once returned).

>>> import numpy as np
>>> p = np.array([0.25, 0.75])
>>> fig = probabilities_figure(("a", "b"), p, None, labels=PROBABILITY_LABELS)
>>> [round(float(y), 2) for y in fig.data[0].y]
[0.25, 0.75]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from views.figures import BLUE, GREEN, ORANGE, VERMILION, shared_figure, style, styled
from views.prose_values import number

GREY = "#8A8F98"
BAND = 0.45  # opacity of the wide softmax lines that the dashed σ lines run along
# Diverging around 0 through white: vermilion below, blue above (colour-blind safe, and the
# sign still reads in greyscale from the printed numbers in every cell).
DIVERGING = ((0.0, VERMILION), (0.5, "#FFFFFF"), (1.0, BLUE))
# Words each builder needs (English defaults, for doctests and tests without a session).
PROBABILITY_LABELS = {"probability": "p", "current": "softmax(x/T)", "reference": "T = 1"}
TWO_CLASS_LABELS = {"x": "x", "p": "p", "p1": "p₁", "p2": "p₂", "s1": "σ(x)", "s2": "σ(−x)"}
JACOBIAN_LABELS = {"rows": "pᵢ", "columns": "xⱼ"}
GRADIENT_LABELS = {"p": "p", "y": "y", "grad": "∂L/∂x"}


def probability_text(value: float) -> str:
    """A probability for a label: three decimals, more where rounding would claim 0 or 1.

    Softmax of finite logits is never exactly 0 or 1 mathematically; a label says so only
    when float64 itself has rounded to it.

    >>> probability_text(0.6381), probability_text(0.99995), probability_text(4.5e-05)
    ('0.638', '0.99995', '0.00005')
    >>> probability_text(1.0), probability_text(0.0), probability_text(1e-12)
    ('1', '0', '≈0')
    """
    value = float(value)
    if value in (0.0, 1.0) or not np.isfinite(value):
        return f"{value:g}"
    for decimals in range(3, 7):
        text = f"{value:.{decimals}f}"
        if float(text) not in (0.0, 1.0):
            return text
    return "≈1" if value > 0.5 else "≈0"


def cell_text(value: float) -> str:
    """A Jacobian entry: three significant digits, a power of ten below 10⁻³, "0" for 0.

    >>> cell_text(0.2309), cell_text(-4.5e-05), cell_text(0.0), cell_text(float("nan"))
    ('0.231', '−4.5 × 10⁻⁵', '0', 'nan')
    """
    value = float(value)
    return number(value, 3) if np.isfinite(value) else f"{value:g}"


def _bar_text(values: np.ndarray, digits: int = 3) -> list[str]:
    """Bar labels: ``digits`` decimals, the Unicode minus, "0" only for an exact 0.

    >>> _bar_text(np.array([0.5, -0.0001, 0.0]))
    ['0.500', '−0.000', '0']
    """
    return ["0" if v == 0 else f"{v:.{digits}f}".replace("-", "−") for v in values]


@shared_figure
def probabilities_figure(
    names: Sequence[str],
    probabilities: np.ndarray,
    reference: np.ndarray | None,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """One bar per class: softmax(x/T), each labelled; ``reference`` (T = 1) as grey ticks.

    Labels: ``probability`` (y axis), ``current`` (bars), ``reference`` (ticks).
    """
    names = list(names)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=probabilities,
            name=labels["current"],
            marker_color=BLUE,
            text=[probability_text(p) for p in probabilities],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: p = %{y:.4f}<extra></extra>",
        )
    )
    if reference is not None:
        fig.add_scatter(
            x=names,
            y=reference,
            name=labels["reference"],
            mode="markers",
            marker={
                "symbol": "line-ew-open",
                "size": 60 if lecture else 44,
                "color": GREY,
                "line": {"width": 3, "color": GREY},
            },
            hovertemplate="%{x}: T = 1 → %{y:.4f}<extra></extra>",
        )
    fig.update_yaxes(title_text=labels["probability"], range=[0, 1.12], dtick=0.25)
    fig = styled(fig, lecture=lecture, height=420 if lecture else 340)
    fig.update_layout(hovermode="closest", bargap=0.35, showlegend=reference is not None)
    return fig


@shared_figure
def two_class_figure(
    x: np.ndarray,
    softmax_pairs: np.ndarray,
    sigmoid_pairs: np.ndarray,
    x0: float,
    at_x0: np.ndarray,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """softmax([x, 0]) (wide solid lines) with σ(x), σ(−x) dashed on top: they coincide.

    ``softmax_pairs`` and ``sigmoid_pairs`` have shape (len(x), 2); ``at_x0`` is
    softmax([x₀, 0]), marked on both curves. Labels: ``x``, ``p``, ``p1``, ``p2``, ``s1``, ``s2``.
    """
    width = style(lecture)["line"]
    fig = go.Figure()
    for column, (p_name, s_name, colour, dash_colour) in enumerate(
        ((labels["p1"], labels["s1"], BLUE, VERMILION), (labels["p2"], labels["s2"], GREEN, ORANGE))
    ):
        fig.add_scatter(
            x=x,
            y=softmax_pairs[:, column],
            name=p_name,
            mode="lines",
            line={"color": colour, "width": 3 * width},
            opacity=BAND,
            hovertemplate=f"{p_name} = %{{y:.4f}}<extra></extra>",
        )
        fig.add_scatter(
            x=x,
            y=sigmoid_pairs[:, column],
            name=s_name,
            mode="lines",
            line={"color": dash_colour, "dash": "dash", "width": width},
            hovertemplate=f"{s_name} = %{{y:.4f}}<extra></extra>",
        )
    fig.add_scatter(
        x=[x0, x0],
        y=at_x0,
        mode="markers",
        showlegend=False,
        marker={"color": "#1B1F24", "size": style(lecture)["marker"]},
        hovertemplate=f"{labels['x']} = {x0:g}: %{{y:.4f}}<extra></extra>",
    )
    fig.add_vline(x=x0, line={"color": GREY, "dash": "dot", "width": 1.5})
    fig.update_xaxes(title_text=labels["x"])
    fig.update_yaxes(title_text=labels["p"], range=[-0.03, 1.03])
    fig = styled(fig, lecture=lecture, height=420 if lecture else 340)
    # styled() gives every line one width: widen the translucent softmax bands again.
    return fig.update_traces(line_width=3 * width, selector=lambda trace: trace.opacity == BAND)


@shared_figure
def jacobian_figure(
    names: Sequence[str],
    matrix: np.ndarray,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """The K × K Jacobian as a heatmap with its numbers; 0 is white, row 1 on top.

    Labels: ``rows`` (∂pᵢ, y axis), ``columns`` (∂xⱼ, x axis).
    """
    names = list(names)
    largest = float(np.nanmax(np.abs(matrix))) if np.isfinite(matrix).any() else 0.0
    limit = largest if largest > 0 else 1.0
    text = [[cell_text(value) for value in row] for row in matrix]
    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=names,
            y=names,
            zmin=-limit,
            zmax=limit,
            colorscale=[list(stop) for stop in DIVERGING],
            text=text,
            texttemplate="%{text}",
            textfont={"size": style(lecture)["font"]},
            hovertemplate=f"{labels['rows']}: %{{y}}, {labels['columns']}: %{{x}}"
            + "<br>%{z:.6g}<extra></extra>",
            showscale=False,  # every cell prints its value: a colour bar would only cost width
        )
    )
    fig.update_xaxes(title_text=labels["columns"], side="top", showgrid=False, zeroline=False)
    fig.update_yaxes(title_text=labels["rows"], autorange="reversed", showgrid=False)
    fig = styled(fig, lecture=lecture, height=440 if lecture else 360)
    fig.update_layout(hovermode="closest", margin={"t": 60})
    return fig


@shared_figure
def gradient_figure(
    names: Sequence[str],
    probabilities: np.ndarray,
    label: np.ndarray,
    gradient: np.ndarray,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """Grouped bars per class: the prediction p, the one-hot label y and ∂L/∂x = (p − y)/T.

    Labels: ``p``, ``y``, ``grad`` (legend names).
    """
    names = list(names)
    fig = go.Figure()
    for values, text, name, colour in (
        (probabilities, [probability_text(p) for p in probabilities], labels["p"], BLUE),
        (label, [probability_text(y) for y in label], labels["y"], GREY),
        (gradient, _bar_text(gradient), labels["grad"], VERMILION),
    ):
        fig.add_bar(
            x=names,
            y=values,
            name=name,
            marker_color=colour,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}: {name} = %{{y:.4f}}<extra></extra>",
        )
    low, high = min(float(np.min(gradient)), 0.0), max(float(np.max(gradient)), 1.0)
    pad = 0.15 * (high - low)
    fig.update_yaxes(range=[low - pad, high + pad])
    fig = styled(fig, lecture=lecture, height=420 if lecture else 340)
    fig.update_layout(hovermode="closest", barmode="group", bargap=0.25)
    return fig
