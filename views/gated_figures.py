"""Pure figure builders for the gated pages (GLU, SwiGLU): arrays in, ``go.Figure`` out.

The gating animation runs in the browser: its frames, the 播放/暂停 buttons and the frame
slider are Plotly's own, so it plays on Streamlit Community Cloud without a server loop or a
rerun. Labels arrive translated (a mapping of words per figure), so the builders stay
language-free; every builder calls ``views.figures.styled`` last.

>>> import numpy as np
>>> fig = table1_figure(["ReLU", "GLU"], [1.997, 1.982], [1.677, 1.663], gated=[False, True])
>>> len(fig.data)
4
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from views.figures import (
    BLUE,
    DASHES,
    GREEN,
    ORANGE,
    PALETTE,
    REFERENCE_LINE,
    SKY,
    VERMILION,
    even_grid,
    lean_template,
    legend_above_titles,
    shared_figure,
    style,
    styled,
)

WIRE_DTYPE = np.float32  # surfaces travel as float32: half the payload, plenty for a heatmap
GREY = "#8A8F98"
# The animation's traces, in order; frames update all but the static gate curve. No trace sets
# a ``uid``: Streamlit drops uids from the figure but not from its frames, and a uid that
# changes on the first frame makes Plotly draw a second, frozen copy of the trace.
ANIMATION_TRACES = ("input", "gate_curve", "gate_points", "gate", "value", "output")
ANIMATED = tuple(i for i, role in enumerate(ANIMATION_TRACES) if role != "gate_curve")
# Unit labels on the gate curve alternate sides, so units with close pre-activations stay legible.
TEXT_POSITIONS = ("top left", "bottom right", "top right", "bottom left") * 4


def gate_text(value: float) -> str:
    """A gate value for a bar label: two decimals, more if rounding would claim 0 or 1.

    σ never reaches 0 or 1, so a label must not say so; an exact 0 (ReLU) prints as "0".

    >>> gate_text(0.4567), gate_text(0.99909), gate_text(0.0), gate_text(1.7616)
    ('0.46', '0.999', '0', '1.76')
    """
    value = float(value)
    if value == 0.0:
        return "0"
    for decimals in range(2, 7):
        text = f"{value:.{decimals}f}"
        if float(text) not in (0.0, 1.0):
            return text
    return "≈1" if value > 0.5 else "≈0"


def _wire(values) -> np.ndarray:
    """Plotted arrays travel as float32: half the payload, more precision than a pixel."""
    return np.asarray(values, dtype=WIRE_DTYPE)


def _padded_range(values: np.ndarray, *, include: Sequence[float] = (), pad: float = 0.12):
    """An axis range covering ``values`` and ``include`` with a margin on both sides."""
    low = min(float(np.min(values)), *include) if include else float(np.min(values))
    high = max(float(np.max(values)), *include) if include else float(np.max(values))
    span = (high - low) or 1.0
    return [low - pad * span, high + pad * span]


def _frame_args(frame_ms: int, *, mode: str = "immediate") -> dict:
    """Animation options: bars glide for most of a frame, then hold for a moment."""
    return {
        "frame": {"duration": frame_ms, "redraw": False},
        "transition": {"duration": int(frame_ms * 0.6), "easing": "cubic-in-out"},
        "mode": mode,
        "fromcurrent": True,
    }


def _stacked_panels(fig: go.Figure, *, lecture: bool, height: int) -> go.Figure:
    """A figure of titled panels in the app's style: hover on the nearest point, the legend
    above the panels' titles."""
    fig = lean_template(styled(fig, lecture=lecture, height=height))
    fig.update_layout(hovermode="closest")
    return legend_above_titles(fig, height)


@shared_figure
def gating_animation(
    tokens: np.ndarray,
    pre_gate: np.ndarray,
    gate: np.ndarray,
    value: np.ndarray,
    output: np.ndarray,
    curve_a: np.ndarray,
    curve_g: np.ndarray,
    *,
    labels: Mapping[str, str],
    frame_ms: int = 1200,
    lecture: bool = False,
) -> go.Figure:
    """The toy gated layer, one frame per token, playable in the browser.

    Four panels read in order: the token ``x_t`` → where each unit's pre-activation ``a = xW``
    lands on the gate curve ``g(a)`` → how far each gate is open → the value ``b = xV`` (pale
    wide bar) and what passes, ``y = g(a)·b`` (dark narrow bar in front). A gate near 1 lets
    the dark bar fill the pale one; a gate near 0 leaves a sliver.

    ``tokens`` is ``(n, d)``; ``pre_gate``, ``gate``, ``value``, ``output`` are ``(n, d_ff)``;
    ``curve_a``, ``curve_g`` sample the gate function for the curve panel. ``labels`` needs
    ``input``, ``curve``, ``gate``, ``value_output``, ``feature``, ``unit``, ``token``,
    ``value``, ``output``, ``play``, ``pause``, ``a``, ``g``.
    """
    n_tokens, d_model = tokens.shape
    d_ff = gate.shape[1]
    features = [f"{labels['feature']} {i + 1}" for i in range(d_model)]
    units = [f"{labels['unit']} {j + 1}" for j in range(d_ff)]
    unit_numbers = [str(j + 1) for j in range(d_ff)]
    sizes = style(lecture)
    # One column of four panels: side by side they would shrink to a strip on a phone. A
    # projector is wide and short (lecture mode): two by two, so the four fit its screen.
    rows, cols = (2, 2) if lecture else (4, 1)
    panel = [(1 + i // cols, 1 + i % cols) for i in range(4)]  # input, curve, gate, output
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=(labels["input"], labels["curve"], labels["gate"], labels["value_output"]),
        vertical_spacing=0.17 if lecture else 0.075,
        horizontal_spacing=0.06,
    )

    def traces(t: int) -> list[go.BaseTraceType]:
        return [
            go.Bar(
                x=features,
                y=tokens[t],
                marker_color=GREY,
                name=labels["input"],
                hovertemplate="%{x}: %{y:.2f}<extra></extra>",
                showlegend=False,
            ),
            go.Scatter(
                x=pre_gate[t],
                y=gate[t],
                ids=unit_numbers,  # object constancy: each dot glides, labels do not pile up
                mode="markers+text",
                text=unit_numbers,
                textposition=TEXT_POSITIONS[: len(unit_numbers)],
                marker={"color": GREEN, "size": sizes["marker"] + 4, "line_color": "white"},
                name=labels["g"],
                customdata=units,
                hovertemplate="%{customdata}: a = %{x:.2f}, g(a) = %{y:.3f}<extra></extra>",
                showlegend=False,
            ),
            go.Bar(
                x=units,
                y=gate[t],
                marker_color=GREEN,
                name=labels["g"],
                text=[gate_text(value) for value in gate[t]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x}: g = %{y:.3f}<extra></extra>",
                showlegend=False,
            ),
            go.Bar(
                x=units,
                y=value[t],
                marker={"color": SKY, "opacity": 0.45, "line": {"color": BLUE, "width": 1.5}},
                width=0.8,
                name=labels["value"],
                hovertemplate="%{x}: b = %{y:.3f}<extra></extra>",
                showlegend=False,
            ),
            go.Bar(
                x=units,
                y=output[t],
                marker_color=BLUE,
                width=0.4,
                name=labels["output"],
                hovertemplate="%{x}: y = %{y:.3f}<extra></extra>",
                showlegend=False,
            ),
        ]

    def moving(t: int) -> list[go.BaseTraceType]:
        """What a frame changes: Plotly merges it into the traces, which keep the rest (names,
        colours, hover text, the units' labels) as the first token set them."""
        return [
            go.Bar(y=tokens[t]),
            go.Scatter(x=pre_gate[t], y=gate[t]),
            go.Bar(y=gate[t], text=[gate_text(value) for value in gate[t]]),
            go.Bar(y=value[t]),
            go.Bar(y=output[t]),
        ]

    first = traces(0)
    curve = go.Scatter(
        **even_grid(curve_a),
        y=_wire(curve_g),
        mode="lines",
        line={"color": GREEN, "width": sizes["line"]},
        name=labels["g"],
        hoverinfo="skip",
        showlegend=False,
    )
    positions = [panel[0], panel[1], panel[1], panel[2], panel[3], panel[3]]
    for trace, (row, col) in zip([first[0], curve, *first[1:]], positions, strict=True):
        fig.add_trace(trace, row=row, col=col)

    fig.frames = [
        go.Frame(data=moving(t), traces=list(ANIMATED), name=str(t + 1)) for t in range(n_tokens)
    ]
    # The curve panel shows the whole gate function; the bar panel only the gates that occur,
    # so a SwiGLU curve climbing to 8 does not shrink every bar to a stub.
    curve_range = _padded_range(np.concatenate([gate.ravel(), curve_g]), include=(0.0, 1.0))
    gate_range = _padded_range(gate, include=(0.0, 1.0), pad=0.15)
    (token_row, token_col), (curve_row, curve_col), (gate_row, gate_col), (out_row, out_col) = panel
    fig.update_yaxes(range=_padded_range(tokens, include=(0.0,)), row=token_row, col=token_col)
    fig.update_xaxes(range=[float(curve_a[0]), float(curve_a[-1])], row=curve_row, col=curve_col)
    fig.update_yaxes(range=curve_range, row=curve_row, col=curve_col)
    fig.update_yaxes(range=gate_range, row=gate_row, col=gate_col)
    fig.update_yaxes(
        range=_padded_range(np.concatenate([value, output]), include=(0.0,)),
        row=out_row,
        col=out_col,
    )
    if lecture:  # half-width panels: features and units by number, as the curve's dots are
        numbered = ((panel[0], features), (panel[2], units), (panel[3], units))
        for (row, col), names in numbered:
            ticks = [str(i + 1) for i in range(len(names))]
            fig.update_xaxes(tickvals=names, ticktext=ticks, row=row, col=col)
    for row, col in (panel[1], panel[2]):
        for level in (0.0, 1.0):
            fig.add_hline(y=level, line=REFERENCE_LINE, line_width=1.5, row=row, col=col)

    # Under the panels: the buttons below the slider, or (lecture mode) beside it, one row.
    below = (
        {"buttons": -0.1, "slider": -0.1, "slider_x": 0.36}
        if lecture
        else {"buttons": -0.165, "slider": -0.035, "slider_x": 0.0}
    )
    steps = [
        {"label": str(t + 1), "method": "animate", "args": [[str(t + 1)], _frame_args(frame_ms)]}
        for t in range(n_tokens)
    ]
    fig.update_layout(
        barmode="overlay",
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.0,
                "xanchor": "left",
                "y": below["buttons"],
                "yanchor": "top",
                "pad": {"r": 10, "t": 10},
                "buttons": [
                    {
                        "label": f"▶ {labels['play']}",
                        "method": "animate",
                        "args": [None, _frame_args(frame_ms, mode="next")],
                    },
                    {
                        "label": f"■ {labels['pause']}",
                        "method": "animate",
                        "args": [[None], {**_frame_args(0), "transition": {"duration": 0}}],
                    },
                ],
            }
        ],
        sliders=[
            {
                "active": 0,
                "x": below["slider_x"],
                "len": 1.0 - below["slider_x"],
                "y": below["slider"],
                "yanchor": "top",
                "pad": {"t": 10},
                "currentvalue": {
                    "prefix": f"{labels['token']} ",
                    "suffix": f" / {n_tokens}",
                    "xanchor": "right" if lecture else "left",  # clear of the buttons beside
                },
                "transition": {"duration": int(frame_ms * 0.6), "easing": "cubic-in-out"},
                "steps": steps,
            }
        ],
    )
    fig = lean_template(
        styled(fig, lecture=lecture, height=None if lecture else 1000)
    )  # lecture: the screen's
    fig.update_layout(hovermode="closest", margin={"t": 40, "b": 130 if lecture else 190})
    return fig


@shared_figure
def compare_gates_figure(
    pre_gate: np.ndarray,
    gates: Mapping[str, np.ndarray],
    curve_a: np.ndarray,
    curves: Mapping[str, np.ndarray],
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """One token's pre-activations under every gate: curves (left) and gate bars (right).

    ``gates`` maps a display name (σ (GLU), Swish (SwiGLU), …) to ``g(a)`` at the units'
    pre-activations ``pre_gate``; ``curves`` to ``g`` on ``curve_a``. The shaded band is σ's
    range (0, 1): Swish and GELU leave it (below 0, above 1), ReLU sits exactly on 0, where
    a bar would be invisible, so those bars are labelled "0". ``labels``: ``curves``, ``bars``,
    ``unit``, ``a``, ``g``.
    """
    units = [f"{labels['unit']} {j + 1}" for j in range(len(pre_gate))]
    fig = make_subplots(
        rows=2, cols=1, subplot_titles=(labels["curves"], labels["bars"]), vertical_spacing=0.14
    )
    for index, (name, values) in enumerate(curves.items()):
        color, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        fig.add_trace(
            go.Scatter(
                **even_grid(curve_a),
                y=_wire(values),
                mode="lines",
                name=name,
                legendgroup=name,
                line={"color": color, "dash": dash},
                hovertemplate=f"{name}: g(%{{x:.2f}}) = %{{y:.3f}}<extra></extra>",
            ),
            row=1,
            col=1,
        )
        gate_values = np.asarray(gates[name])
        fig.add_trace(
            go.Bar(
                x=units,
                y=gate_values,
                name=name,
                legendgroup=name,
                showlegend=False,
                marker_color=color,
                text=["0" if v == 0 else "" for v in gate_values],
                textposition="outside",
                hovertemplate=f"{name}, %{{x}}: g = %{{y:.3f}}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    for a in pre_gate:
        fig.add_vline(x=float(a), line=REFERENCE_LINE, line_width=1, row=1, col=1)
    for row in (1, 2):
        fig.add_hrect(y0=0, y1=1, fillcolor=GREEN, opacity=0.08, line_width=0, row=row, col=1)
        fig.add_hline(y=1, line=REFERENCE_LINE, line_width=1.5, row=row, col=1)
    fig.update_xaxes(title_text=labels["a"], row=1, col=1)
    fig.update_yaxes(title_text=labels["g"], row=1, col=1)
    fig.update_layout(barmode="group", bargap=0.18)
    height = 900 if lecture else 760
    return _stacked_panels(fig, lecture=lecture, height=height)


@shared_figure
def surfaces_figure(
    a: np.ndarray,
    b: np.ndarray,
    surfaces: Sequence[np.ndarray],
    slice_a: np.ndarray,
    slices: Mapping[str, np.ndarray],
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """y = g(a)·b, ∂y/∂a and ∂y/∂b over the (a, b) plane, plus a slice at b = 1.

    ``surfaces`` are three ``(len(b), len(a))`` arrays in that order; each panel is a contour
    map coloured blue (negative) to red (positive) around 0, with labelled contour lines, so
    values read off without a colour bar. ``slices`` maps a legend name to a curve over
    ``slice_a`` (∂y/∂b and ∂y/∂a at b = 1): for GLU the ∂y/∂b curve is σ(a) itself, with no
    derivative factor, the linear gradient path. ``labels``: ``y``, ``dy_da``, ``dy_db``,
    ``slice``, ``a``, ``b``.
    """
    titles = (labels["y"], labels["dy_da"], labels["dy_db"], labels["slice"])
    fig = make_subplots(rows=4, cols=1, subplot_titles=titles, vertical_spacing=0.07)
    font = style(lecture)["font"]
    grid_a, grid_b = even_grid(a), even_grid(b)  # even grids travel as two numbers each
    for (row, col), z in zip(((1, 1), (2, 1), (3, 1)), surfaces, strict=True):
        limit = float(np.max(np.abs(z))) or 1.0
        fig.add_trace(
            go.Contour(
                x0=grid_a["x0"],
                dx=grid_a["dx"],
                y0=grid_b["x0"],
                dy=grid_b["dx"],
                z=_wire(z),
                colorscale="RdBu_r",
                zmin=-limit,
                zmax=limit,
                showscale=False,
                ncontours=14,
                contours={
                    "coloring": "heatmap",
                    "showlabels": True,
                    "labelfont": {"size": max(font - 2, 12), "color": "#1B1F24"},
                },
                line={"width": 0.8, "color": "rgba(27,31,36,0.45)"},
                hovertemplate="a = %{x:.2f}<br>b = %{y:.2f}<br>%{z:.3f}<extra></extra>",
            ),
            row=row,
            col=col,
        )
        fig.update_xaxes(title_text=labels["a"], row=row, col=col)
        fig.update_yaxes(title_text=labels["b"], row=row, col=col)
    for index, (name, values) in enumerate(slices.items()):
        fig.add_trace(
            go.Scatter(
                **even_grid(slice_a),
                y=_wire(values),
                mode="lines",
                name=name,
                line={"color": (VERMILION, ORANGE, BLUE)[index % 3], "dash": DASHES[index]},
            ),
            row=4,
            col=1,
        )
    fig.update_xaxes(title_text=labels["a"], row=4, col=1)
    height = 1500 if lecture else 1300
    return _stacked_panels(fig, lecture=lecture, height=height)


@shared_figure
def gate_curves_figure(
    a: np.ndarray,
    curves: Mapping[str, np.ndarray],
    *,
    labels: Mapping[str, str],
    y_range: tuple[float, float] = (-1.5, 4.5),
    lecture: bool = False,
) -> go.Figure:
    """Gate functions g(a) on one axis (the first curve highlighted), with σ's band (0, 1)."""
    fig = go.Figure()
    for index, (name, values) in enumerate(curves.items()):
        fig.add_trace(
            go.Scatter(
                **even_grid(a),
                y=_wire(values),
                mode="lines",
                name=name,
                line={"color": PALETTE[index % len(PALETTE)], "dash": DASHES[index % len(DASHES)]},
            )
        )
    fig.add_hrect(y0=0, y1=1, fillcolor=GREEN, opacity=0.08, line_width=0)
    fig.add_hline(y=1, line=REFERENCE_LINE, line_width=1.5)
    # Bilinear's straight line would stretch the axis to ±5 and flatten Swish's dip.
    fig.update_xaxes(title_text=labels["a"], range=[float(a[0]), float(a[-1])])
    fig.update_yaxes(title_text=labels["g"], range=list(y_range))
    fig = lean_template(styled(fig, lecture=lecture, height=440 if lecture else 380))
    if fig.data:
        fig.data[0].line.width = style(lecture)["line"] + 1.5
    return fig


@shared_figure
def table1_figure(
    variants: Sequence[str],
    short_run: Sequence[float],
    long_run: Sequence[float],
    *,
    gated: Sequence[bool],
    labels: Mapping[str, str] | None = None,
    lecture: bool = False,
) -> go.Figure:
    """Shazeer 2020, Table 1 as a dot plot: one row per FFN variant, one panel per run length.

    Dots rather than bars: the differences live in the third decimal, and a bar that does
    not start at 0 would exaggerate them. Gated variants are orange diamonds, element-wise
    ones grey circles; the dotted line is the ReLU baseline. Lower is better.
    """
    labels = labels or {"short": "65,536", "long": "524,288", "x": "log-perplexity", "gated": ""}
    fig = make_subplots(
        rows=2, cols=1, subplot_titles=(labels["short"], labels["long"]), vertical_spacing=0.16
    )
    sizes = style(lecture)
    colors = [ORANGE if flag else GREY for flag in gated]
    symbols = ["diamond" if flag else "circle" for flag in gated]
    for row, scores in ((1, short_run), (2, long_run)):
        scores = list(scores)
        fig.add_trace(
            go.Scatter(
                x=scores,
                y=list(variants),
                mode="markers+text",
                text=[f"{score:.3f}" for score in scores],
                textposition="middle right",
                marker={"color": colors, "symbol": symbols, "size": sizes["marker"] + 5},
                showlegend=False,
                hovertemplate="%{y}: %{x:.3f}<extra></extra>",
            ),
            row=row,
            col=1,
        )
        fig.add_vline(x=scores[0], line=REFERENCE_LINE, line_width=1.5, row=row, col=1)
        low, high = min(scores), max(scores)
        # Room on the left for the variant names, drawn inside the plot above each row.
        fig.update_xaxes(
            range=[low - 0.45 * (high - low), high + 0.35 * (high - low)],
            title_text=labels["x"],
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"color": ORANGE, "symbol": "diamond", "size": sizes["marker"]},
                name=labels.get("gated", ""),
                showlegend=bool(labels.get("gated")) and row == 1,
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(autorange="reversed")
    height = 820 if lecture else 720
    return _stacked_panels(fig, lecture=lecture, height=height)


@shared_figure
def ffn_budget_figure(
    parts: Mapping[str, Mapping[str, int]],
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """Parameters per weight matrix, one stacked bar per FFN: equal length when matched.

    ``parts`` maps an FFN name to ``{matrix name: parameter count}`` in drawing order.
    """
    fig = go.Figure()
    colors = {"W₁": BLUE, "W₂": VERMILION, "W": GREEN, "V": SKY, "b₁": GREY, "b₂": GREY}
    names = list(parts)
    seen: set[str] = set()
    for ffn in names:
        for matrix, count in parts[ffn].items():
            fig.add_trace(
                go.Bar(
                    y=[ffn],
                    x=[count],
                    orientation="h",
                    name=matrix,
                    legendgroup=matrix,
                    showlegend=matrix not in seen,
                    marker={"color": colors.get(matrix, ORANGE), "line": {"color": "white"}},
                    text=[matrix],
                    textposition="inside",
                    insidetextanchor="middle",
                    hovertemplate=f"{ffn} · {matrix}: %{{x:,}}<extra></extra>",
                )
            )
            seen.add(matrix)
    fig.update_layout(barmode="stack", bargap=0.5)
    fig.update_xaxes(title_text=labels["params"], tickformat="~s")
    # The FFN names go above their bars, not in a column of labels beside them.
    fig.update_yaxes(autorange="reversed", showticklabels=False)
    height = 320 if lecture else 280
    for ffn in names:
        fig.add_annotation(
            x=0,
            xref="x domain",
            y=ffn,
            text=ffn,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            yshift=height // 12,
        )
    fig = lean_template(styled(fig, lecture=lecture, height=height))
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig


def _box(fig: go.Figure, x: float, y: float, w: float, h: float, text: str, color: str) -> None:
    fig.add_shape(
        type="rect",
        x0=x - w / 2,
        x1=x + w / 2,
        y0=y - h / 2,
        y1=y + h / 2,
        line={"color": color, "width": 2},
        fillcolor=color,
        opacity=0.18,
        layer="below",
    )
    fig.add_annotation(x=x, y=y, text=text, showarrow=False)


def _arrow(fig: go.Figure, start: tuple[float, float], end: tuple[float, float]) -> None:
    fig.add_annotation(
        x=end[0],
        y=end[1],
        ax=start[0],
        ay=start[1],
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=2,
        arrowwidth=1.8,
        arrowcolor="#4A5058",
    )


@shared_figure
def ffn_diagram(
    d_model: int,
    d_ff_standard: int,
    d_ff_gated: int,
    *,
    labels: Mapping[str, str],
    lecture: bool = False,
) -> go.Figure:
    """The two FFNs as block diagrams: two matrices (top) against three (bottom).

    Top: x → W₁ (d×4d) → ReLU(· + b₁) → W₂ (4d×d) + b₂ → y. Bottom: x feeds W and V in
    parallel; Swish₁(xW) ⊙ xV → W₂ → y, no biases. Matrix boxes name their shapes, so the
    picture shows where the parameters are. ``labels``: ``standard``, ``gated``.
    """
    fig = go.Figure()
    top, gate_row, value_row = 3.3, 1.55, 0.45
    bottom = (gate_row + value_row) / 2
    fig.add_annotation(
        x=0, y=4.15, text=f"<b>{labels['standard']}</b>", showarrow=False, xanchor="left"
    )
    fig.add_annotation(
        x=0, y=2.4, text=f"<b>{labels['gated']}</b>", showarrow=False, xanchor="left"
    )
    _box(fig, 0.6, top, 0.9, 0.7, f"x<br>{d_model}", GREY)
    _box(fig, 2.7, top, 2.0, 0.8, f"W₁<br>{d_model}×{d_ff_standard}", BLUE)
    _box(fig, 5.0, top, 1.6, 0.7, "ReLU(·+b₁)", ORANGE)
    _box(fig, 7.3, top, 2.0, 0.8, f"W₂<br>{d_ff_standard}×{d_model}", VERMILION)
    _box(fig, 9.3, top, 0.9, 0.7, "y<br>+b₂", GREY)
    for start, end in (
        ((1.05, top), (1.7, top)),
        ((3.7, top), (4.2, top)),
        ((5.8, top), (6.3, top)),
        ((8.3, top), (8.85, top)),
    ):
        _arrow(fig, start, end)
    _box(fig, 0.6, bottom, 0.9, 0.7, f"x<br>{d_model}", GREY)
    _box(fig, 2.7, gate_row, 2.0, 0.8, f"W<br>{d_model}×{d_ff_gated}", GREEN)
    _box(fig, 2.7, value_row, 2.0, 0.8, f"V<br>{d_model}×{d_ff_gated}", SKY)
    _box(fig, 4.75, gate_row, 1.1, 0.7, "Swish₁", ORANGE)
    _box(fig, 6.0, bottom, 0.6, 0.6, "⊙", PALETTE[4])
    _box(fig, 7.6, bottom, 2.0, 0.8, f"W₂<br>{d_ff_gated}×{d_model}", VERMILION)
    _box(fig, 9.3, bottom, 0.9, 0.7, "y", GREY)
    for start, end in (
        ((1.05, bottom), (1.7, gate_row)),
        ((1.05, bottom), (1.7, value_row)),
        ((3.7, gate_row), (4.2, gate_row)),
        ((5.3, gate_row), (5.75, bottom + 0.2)),
        ((3.7, value_row), (5.75, bottom - 0.2)),
        ((6.3, bottom), (6.6, bottom)),
        ((8.6, bottom), (8.85, bottom)),
    ):
        _arrow(fig, start, end)
    fig.update_xaxes(visible=False, range=[-0.1, 10])
    fig.update_yaxes(visible=False, range=[0, 4.5])
    fig = lean_template(styled(fig, lecture=lecture, height=400 if lecture else 340))
    fig.update_xaxes(showgrid=False, zeroline=False)
    fig.update_yaxes(showgrid=False, zeroline=False)
    fig.update_layout(hovermode=False, margin={"t": 10, "b": 10})
    return fig
