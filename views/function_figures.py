"""Pure figure builders for the function pages: arrays in, ``go.Figure`` out.

Every function figure has the same shape, chosen for a projector: two stacked panels on one
shared x axis, f(x) on top and f′(x) below. Each panel gets its own y scale (a ReLU reaching 6
would flatten a derivative that never exceeds 1 if both shared one axis), while the shared x
axis keeps "where" aligned: a probe x₀ runs through both panels as a dotted line, with f(x₀)
and the tangent on top and f′(x₀) below.

No Streamlit here; labels arrive translated, so the builders stay language-free.

>>> import numpy as np
>>> x = grid(-6, 6)
>>> fig = function_figure(x, [Curve("f", "f′", x * 0.5, x * 0 + 0.5)], probe=Probe(1.0, 0.5, 0.5))
>>> [trace.name for trace in fig.data][:2]
['f', 'f′']
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
import sympy as sp
from plotly.subplots import make_subplots

from activations import REGISTRY, X, symbolic
from views.figures import (
    DASHES,
    GRAD_LINE,
    GREEN,
    ORANGE,
    PALETTE,
    PURPLE,
    REFERENCE_LINE,
    VALUE_LINE,
    Series,
    direct_labels,
    even_grid,
    shared_figure,
    style,
    styled,
)
from views.numbers import number

if TYPE_CHECKING:  # the builders take arrays; overlay_curves and swish_references read one
    from activations import Configured

POINTS = 1001  # per curve: smooth at any zoom, includes x = 0 on symmetric ranges
# Plotted arrays travel as float32 (7 significant digits: more than any hover label or pixel
# resolves) and curves on the even grid send x0/dx instead of an x array: a quarter of the
# float64 payload, so ten overlaid functions stay within budget. Downloads (CSV) keep float64.
WIRE_DTYPE = np.float32
HOVER = "%{y:.4f}"


def grid(xmin: float, xmax: float, points: int = POINTS) -> np.ndarray:
    """The x values every curve of a figure is sampled at.

    >>> grid(-1, 1, 5).tolist()
    [-1.0, -0.5, 0.0, 0.5, 1.0]
    """
    return _grid(float(xmin), float(xmax), points)


@lru_cache(maxsize=64)  # a class shares a handful of x ranges; read-only, so safe to share
def _grid(xmin: float, xmax: float, points: int) -> np.ndarray:
    x = np.linspace(xmin, xmax, points)
    x.flags.writeable = False
    return x


@dataclass(frozen=True)
class View:
    """What part of the x axis is drawn, where the probe x₀ sits, and in which type."""

    xmin: float
    xmax: float
    x0: float | None  # None: no probe
    dtype: str = "float64"  # anything else: the figure is the type's (views.precision_figures)

    @property
    def x(self) -> np.ndarray:
        return grid(self.xmin, self.xmax)


@dataclass(frozen=True)
class Labels:
    """Axis and legend words, already in the reader's language."""

    value: str = "f(x)"
    grad: str = "f′(x)"
    x: str = "x"
    tangent: str = "tangent"
    probe: str = "x₀"


@dataclass(frozen=True)
class Curve:
    """One function on the figure: its values on top, its derivative below.

    ``kinks`` are x positions where f′ jumps (ReLU at 0): the f′ line breaks there instead of
    drawing a vertical stroke that suggests values nobody computed.
    """

    name: str
    grad_name: str
    values: np.ndarray
    grads: np.ndarray
    line: Mapping[str, str] = field(default_factory=lambda: dict(VALUE_LINE))
    grad_line: Mapping[str, str] = field(default_factory=lambda: dict(GRAD_LINE))
    kinks: tuple[float, ...] = ()
    grad_in_legend: bool = True


@dataclass(frozen=True)
class Reference:
    """A faint comparison curve on its own x samples (two points suffice for a line)."""

    name: str
    x: np.ndarray
    values: np.ndarray
    grad_x: np.ndarray | None = None
    grads: np.ndarray | None = None


@dataclass(frozen=True)
class Probe:
    """The probe point x₀ with f(x₀) and f′(x₀) of the first curve."""

    x0: float
    value: float
    grad: float


def with_gaps(x: np.ndarray, y: np.ndarray, kinks: Sequence[float]) -> np.ndarray:
    """``y`` with NaN at the sample nearest each kink inside the range, so the line breaks.

    On a fine grid, dropping one sample costs nothing visible, while the stroke it removes
    (a vertical jump at ReLU's 0) would suggest values nobody computed. At a kink the value
    is a convention anyway (PyTorch takes ReLU′(0) = 0).

    >>> with_gaps(np.array([-1.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0]), [0.0]).tolist()
    [0.0, nan, 1.0]
    """
    x, gapped = np.asarray(x, dtype=float), np.array(y, dtype=float)
    for kink in kinks:
        if x[0] < kink < x[-1]:
            gapped[int(np.argmin(np.abs(x - kink)))] = np.nan
    return gapped


_even = even_grid  # curves are sampled on an even grid (see grid())


def _wire(values) -> np.ndarray:
    return np.asarray(values, dtype=WIRE_DTYPE)


@shared_figure
def function_figure(
    x: np.ndarray,
    curves: Sequence[Curve],
    *,
    probe: Probe | None = None,
    references: Sequence[Reference] = (),
    labels: Labels = Labels(),
    lecture: bool = False,
    x_range: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
    height: int | None = None,
    labelled: bool | None = None,
) -> go.Figure:
    """f (top) and f′ (bottom) of each curve over ``x``, with references and an optional probe.

    With several curves (or references), each is named beside its f curve (``labelled``,
    :func:`views.figures.direct_labels`): colour, dash and a name tell them apart even in
    greyscale, and curves that coincide on screen are named together ("A ≈ B").

    The probe belongs to the first curve: a dotted line at x₀ through both panels, the point
    (x₀, f(x₀)) with its tangent line on top, the point (x₀, f′(x₀)) below. The tangent's
    slope *is* the lower panel's value, which is the whole idea of a derivative.

    Built as one plain spec on a cached, styled two-panel layout and validated once: Plotly's
    incremental ``add_trace``/``update_*`` calls and the template lookup cost ~100 ms per
    figure, more than the rest of a page's rerun.
    """
    sizes, even = style(lecture), _even(x)
    data: list[dict] = []
    for index, reference in enumerate(references):
        data += _reference_traces(reference, REFERENCE_STYLES[index % len(REFERENCE_STYLES)])
    for curve in curves:
        data.append(
            {
                **even,
                "y": _wire(curve.values),
                "name": curve.name,
                "mode": "lines",
                "line": dict(curve.line),
                "legendgroup": curve.name,
                "hovertemplate": HOVER,
                **_PANEL[1],
            }
        )
        data.append(
            {
                **even,
                "y": _wire(with_gaps(x, curve.grads, curve.kinks)),
                "name": curve.grad_name,
                "mode": "lines",
                "line": dict(curve.grad_line),
                "legendgroup": curve.name,
                "showlegend": curve.grad_in_legend,
                "hovertemplate": HOVER,
                **_PANEL[2],
            }
        )
    height = height or (700 if lecture else 560)
    layout = _panels_layout(lecture, height)
    if probe is not None and curves:
        data += _probe_traces(x, probe, labels, sizes["marker"])
        layout["shapes"] = [
            {
                "type": "line",
                "x0": probe.x0,
                "x1": probe.x0,
                "xref": xref,
                "y0": 0,
                "y1": 1,
                "yref": f"{yref} domain",
                "line": {"color": REFERENCE_LINE["color"], "dash": "dot", "width": 1.5},
            }
            for xref, yref in (("x", "y"), ("x2", "y2"))
        ]
    for trace in data:  # what styled() does with update_traces: every line is equally thick
        trace["type"] = "scatter"
        if trace["mode"] == "lines":
            trace["line"] = {**trace["line"], "width": sizes["line"]}
    layout["yaxis"]["title"]["text"] = labels.value
    layout["yaxis2"]["title"]["text"] = labels.grad
    layout["xaxis2"]["title"]["text"] = labels.x
    for axis in ("xaxis", "xaxis2"):
        layout[axis]["range"] = list(x_range or (float(x[0]), float(x[-1])))
    if value_range is not None:
        layout["yaxis"]["range"] = list(value_range)
    if grad_range is not None:
        layout["yaxis2"]["range"] = list(grad_range)
    if labelled if labelled is not None else len(curves) + len(references) > 1:
        layout["annotations"] = direct_labels(
            [
                Series(trace["name"], *_samples(trace), trace["line"]["color"])
                for trace in data
                if trace.get("yaxis") == "y"
                and trace["mode"] == "lines"
                and trace["name"]
                and trace["name"] != labels.tangent
            ],
            panel_px=(height - 140) * 0.46,
            font=sizes["font"],
            y_range=value_range,
        )
    return go.Figure(data=data, layout=layout)


def _samples(trace: dict) -> tuple[np.ndarray, np.ndarray]:
    """A trace's x and y as float arrays (an even grid travels as ``x0``/``dx``)."""
    y = np.asarray(trace["y"], dtype=float)
    if "x" in trace:
        return np.asarray(trace["x"], dtype=float), y
    return trace["x0"] + trace["dx"] * np.arange(len(y)), y


_PANEL = {1: {"xaxis": "x", "yaxis": "y"}, 2: {"xaxis": "x2", "yaxis": "y2"}}


# Template parts a figure of 2-D scatter lines never reads: other subplot kinds, colour scales.
_UNUSED_TEMPLATE_LAYOUT = ("polar", "ternary", "scene", "geo", "coloraxis", "colorscale")


@lru_cache(maxsize=8)
def _panels_skeleton(lecture: bool, height: int) -> dict:
    """The styled, empty two-panel layout as a plain dict, built once per size.

    It is what ``make_subplots`` + :func:`_explicit_fonts` + :func:`views.figures.styled` give,
    with the template cut to what Plotly.js reads for these figures (scatter traces on 2-D
    axes): a quarter of the validation time and 1 KB on the wire instead of 9 KB.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.07)
    _explicit_fonts(fig, style(lecture)["font"])
    styled(fig, lecture=lecture, height=height)
    layout = fig.to_dict()["layout"]
    template = layout["template"]
    layout["template"] = {
        "layout": {
            name: value
            for name, value in template["layout"].items()
            if name not in _UNUSED_TEMPLATE_LAYOUT
        },
        "data": {"scatter": template["data"]["scatter"]},
    }
    for axis in ("yaxis", "yaxis2", "xaxis2"):
        layout[axis].setdefault("title", {})
    return layout


def _panels_layout(lecture: bool, height: int) -> dict:
    return copy.deepcopy(_panels_skeleton(lecture, height))


def _explicit_fonts(fig: go.Figure, size: int) -> None:
    """Tick, axis-title and legend sizes set on the figure itself: Streamlit's chart theme
    sets its own for these, which would otherwise keep lecture mode's large type off them."""
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    fig.update_layout(legend_font_size=size, hoverlabel_font_size=size)


# Reference curves: faint, and each in its own colour and dash (Swish's three limits must not
# look alike).
REFERENCE_STYLES = (
    dict(REFERENCE_LINE),
    {"color": PURPLE, "dash": "dash"},
    {"color": GREEN, "dash": "dashdot"},
    {"color": ORANGE, "dash": "longdash"},
)


def _reference_traces(reference: Reference, line: Mapping[str, str] = REFERENCE_LINE) -> list[dict]:
    common = {
        "mode": "lines",
        "line": dict(line),
        "opacity": 0.55,
        "legendgroup": reference.name,
        "hovertemplate": HOVER,
    }
    traces = [
        {
            "x": _wire(reference.x),
            "y": _wire(reference.values),
            "name": reference.name,
            **common,
            **_PANEL[1],
        }
    ]
    if reference.grads is not None:
        grad_x = reference.x if reference.grad_x is None else reference.grad_x
        traces.append(
            {
                "x": _wire(grad_x),
                "y": _wire(reference.grads),
                "name": reference.name,
                "showlegend": False,
                **common,
                **_PANEL[2],
            }
        )
    return traces


def _probe_traces(x: np.ndarray, probe: Probe, labels: Labels, marker: int) -> list[dict]:
    half_width = (float(x[-1]) - float(x[0])) / 6
    tangent_x = np.array([probe.x0 - half_width, probe.x0 + half_width])
    tangent_y = probe.value + probe.grad * (tangent_x - probe.x0)
    traces = [
        {
            "x": tangent_x,
            "y": tangent_y,
            "name": labels.tangent,
            "mode": "lines",
            "line": {"color": GREEN, "dash": "dashdot"},
            "hoverinfo": "skip",
            **_PANEL[1],
        }
    ]
    for row, value, colour, symbol, name in (
        (1, probe.value, VALUE_LINE["color"], "circle", f"{labels.value}, {labels.probe}"),
        (2, probe.grad, GRAD_LINE["color"], "diamond", f"{labels.grad}, {labels.probe}"),
    ):
        traces.append(
            {
                "x": [probe.x0],
                "y": [value],
                "name": name,
                "mode": "markers",
                "marker": {
                    "color": colour,
                    "symbol": symbol,
                    "size": marker + 3,
                    "line": {"color": "white", "width": 2},
                },
                "showlegend": False,
                "hovertemplate": HOVER,
                **_PANEL[row],
            }
        )
    return traces


def palette_curves(
    names: Sequence[tuple[str, str]],
    values: Sequence[np.ndarray],
    grads: Sequence[np.ndarray],
    kinks: Sequence[tuple[float, ...]] | None = None,
) -> list[Curve]:
    """Curves for an overlay: function *i* gets colour and dash *i* in both panels.

    With many functions on one figure, colour + dash tells functions apart, and the panel
    (top or bottom) tells f from f′; so the legend lists each function once, and clicking it
    hides both of its curves.
    """
    kinks = kinks or [()] * len(names)
    curves = []
    for index, ((name, grad_name), value, grad, kink) in enumerate(
        zip(names, values, grads, kinks, strict=True)
    ):
        line = {"color": PALETTE[index % len(PALETTE)], "dash": DASHES[index % len(DASHES)]}
        curves.append(Curve(name, grad_name, value, grad, line, line, tuple(kink), False))
    return curves


def overlay_curves(x: np.ndarray, shown: Sequence[Configured]) -> list[Curve]:
    """:func:`palette_curves` of configured activations on ``x``: each one's name, f, f′ and
    the kinks where f′ jumps (the compare page, the hardware page's hard-versus-smooth)."""
    return palette_curves(
        [(f.activation.name_en, f.activation.name_en + "′") for f in shown],
        [f.fn(x) for f in shown],
        [f.grad(x) for f in shown],
        [f.jumps() for f in shown],
    )


@shared_figure
def difference_figure(
    x: np.ndarray,
    difference: np.ndarray,
    *,
    name: str,
    labels: Labels = Labels(),
    lecture: bool = False,
) -> go.Figure:
    """One small panel: ``difference`` over ``x`` with its largest |value| marked.

    Used for GELU minus its tanh approximation, a curve a thousand times smaller than either.
    """
    sizes = style(lecture)
    worst = int(np.argmax(np.abs(difference)))
    largest = number(abs(float(difference[worst])), 3)
    fig = go.Figure(
        [
            go.Scatter(
                **_even(x),
                y=_wire(difference),
                name=name,
                mode="lines",
                line=dict(VALUE_LINE),
                hovertemplate="%{y:.3e}",
            ),
            go.Scatter(
                x=[float(x[worst])],
                y=[float(difference[worst])],
                name=f"max |Δ| = {largest}",
                mode="markers+text",
                text=[largest],
                textposition="top center",
                marker={"color": VALUE_LINE["color"], "size": sizes["marker"] + 2},
                hovertemplate="%{y:.3e}",
            ),
        ]
    )
    fig.update_xaxes(title_text=labels.x, range=[float(x[0]), float(x[-1])])
    fig.update_yaxes(title_text=name, exponentformat="e")
    _explicit_fonts(fig, sizes["font"])
    return styled(fig, lecture=lecture, height=360 if lecture else 280)


# --- reference curves and zooms of single function pages ------------------------------------


def swish_references(view: View, swish: Configured, labels: Sequence[str]) -> list[Reference]:
    """Swish's limits, x/2 (β → 0) and ReLU (β → ∞), as the core derives them
    (:func:`activations.symbolic.swish_limits`), and SiLU (β = 1) when β is elsewhere;
    ``labels`` name the three in that order.
    """
    return list(_swish_references(view, tuple(labels), swish.values["beta"] != 1))


@lru_cache(maxsize=256)  # the same for every student at a view: a class moves on one grid
def _swish_references(
    view: View, labels: tuple[str, ...], with_silu: bool
) -> tuple[Reference, ...]:
    zero, infinite, silu_label = labels
    references = [
        _limit_reference(label, limit, view)
        for label, limit in ((zero, "beta_to_zero"), (infinite, "beta_to_infinity"))
    ]
    if with_silu:
        silu, x = REGISTRY["swish"].at(beta=1.0), view.x
        references.append(Reference(silu_label, x, silu.fn(x), x, silu.grad(x)))
    return tuple(references)


@cache
def _limit(name: str) -> tuple[Callable, Callable, tuple[float, ...]]:
    """A limit of the Swish family as NumPy f and f′, and the points where its pieces meet."""
    limit = symbolic.swish_limits()[name]
    f, grad = (sp.lambdify(X, expr, "numpy") for expr in (limit, sp.diff(limit, X)))
    pieces = limit.args if isinstance(limit, sp.Piecewise) else ()
    kinks = tuple(sorted({float(cond.rhs) for _, cond in pieces if cond is not sp.true}))
    return f, grad, kinks


def _limit_reference(label: str, name: str, view: View) -> Reference:
    """A limit drawn through its ends and kinks only (straight pieces need no more points);
    f′ breaks at a kink, one-sided values either side, instead of a vertical stroke."""
    f, grad, kinks = _limit(name)
    inside = [k for k in kinks if view.xmin < k < view.xmax]
    x = np.array([view.xmin, *inside, view.xmax])
    grad_x, grad_at = [view.xmin], [view.xmin]
    for kink in inside:  # x → k⁻, a gap, x → k⁺
        grad_x += [kink, np.nan, kink]
        grad_at += [np.nextafter(kink, -np.inf), np.nan, np.nextafter(kink, np.inf)]
    grad_x.append(view.xmax)
    grad_at.append(view.xmax)
    at = np.array(grad_at)

    def values(fun: Callable, points: np.ndarray) -> np.ndarray:  # a constant comes back bare
        return np.broadcast_to(fun(points), points.shape).astype(float)

    grads = values(grad, at)
    grads[np.isnan(at)] = np.nan
    return Reference(label, x, values(f, x), np.array(grad_x), grads)


def negative_zoom(view: View, slope: float) -> dict[str, tuple[float, float]]:
    """Axis ranges that make a slope-``slope`` left branch fill the panels (0.01 included)."""
    slope = max(slope, 0.002)
    left = min(view.xmin, -1.0)
    return {
        "x_span": (left, -0.15 * left),
        "value_range": (1.3 * slope * left, -0.5 * slope * left),
        "grad_range": (-0.6 * slope, 2.5 * slope),
    }
