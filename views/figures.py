"""Shared figure style: colour-blind-safe colours, line dashes that survive greyscale printing,
CJK-capable fonts, lecture-mode scaling, and the chart config used for downloads.

Figure builders elsewhere are pure functions ``(arrays, options) -> go.Figure``; they call
``styled`` last and never touch Streamlit.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import ParamSpec

import numpy as np
import plotly.graph_objects as go
import plotly.io

from views.made_once import MadeOnce
from views.strings import translate

# Okabe–Ito palette: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, YELLOW, BLACK = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
PALETTE = (BLUE, VERMILION, GREEN, ORANGE, PURPLE, SKY, BLACK, YELLOW)
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
# f is solid blue, f' dashed vermilion: different in hue, lightness and dash pattern.
VALUE_LINE = {"color": BLUE, "dash": "solid"}
GRAD_LINE = {"color": VERMILION, "dash": "dash"}
REFERENCE_LINE = {"color": "#8A8F98", "dash": "dot"}

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def style(lecture: bool) -> dict:
    """Sizes for normal and lecture (projector) mode."""
    if lecture:
        return {"font": 20, "line": 4.5, "marker": 14, "grid": "#B8BEC6"}
    return {"font": 14, "line": 2.5, "marker": 9, "grid": "#E3E7EC"}


# One layout for a 390 px phone and a 1400 px desk (the server never knows the width): the
# legend runs horizontally above the plot, y tick labels sit inside the plot (a column of
# labels outside it would cost a phone a sixth of its width), margins are a few pixels.
MARGIN = {"l": 6, "r": 6, "t": 50, "b": 6}
INSIDE_TICKS = {"ticklabelposition": "inside top", "ticklabelstandoff": 2}
TITLE_STANDOFF = 4


def styled(fig: go.Figure, *, lecture: bool = False, height: int | None = None) -> go.Figure:
    """Apply the app's look; in lecture mode, larger type and thicker lines for a projector.

    ``dragmode=False``: a finger dragging across a chart on a phone scrolls the page instead of
    panning the chart (Plotly only keeps the touch when a drag mode is set); the modebar still
    offers zoom, pan and the camera.
    """
    sizes = style(lecture)
    fig.update_layout(
        template="simple_white",
        font={"family": FONT_FAMILY, "size": sizes["font"], "color": "#1B1F24"},
        hovermode="x unified",
        dragmode=False,
        margin=MARGIN,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        height=height,
    )
    axes = {
        "showgrid": True,
        "gridcolor": sizes["grid"],
        "zeroline": True,
        "zerolinecolor": "#9AA1AA",
        "title_standoff": TITLE_STANDOFF,
    }
    fig.update_xaxes(**axes)
    fig.update_yaxes(**axes, **INSIDE_TICKS)
    fig.update_traces(line_width=sizes["line"], selector={"type": "scatter", "mode": "lines"})
    decades(fig)
    return fig


# Template parts a 2-D figure never reads: other subplot kinds; colour scales without a map.
_OTHER_SUBPLOTS = ("polar", "ternary", "scene", "geo")
_COLOUR_SCALES = ("coloraxis", "colorscale")
_MAPS = {"contour", "heatmap"}


def lean_template(fig: go.Figure) -> go.Figure:
    """``fig`` with its template cut to what Plotly.js reads for it: the defaults of the trace
    types it has, the 2-D layout, colour scales only under a map. The whole ``simple_white``
    template is ~8.6 KB of every figure's JSON, sent on every run; the rest draws the same.
    Call it last, when every trace is in."""
    template = fig.layout.template.to_plotly_json()
    kinds = {trace.type for trace in fig.data}
    unread = _OTHER_SUBPLOTS if kinds & _MAPS else _OTHER_SUBPLOTS + _COLOUR_SCALES
    fig.layout.template = {
        "layout": {k: v for k, v in template.get("layout", {}).items() if k not in unread},
        "data": {k: v for k, v in template.get("data", {}).items() if k in kinds},
    }
    return fig


def even_grid(x: np.ndarray) -> dict[str, float]:
    """``x0``/``dx`` instead of an x array: the grid is even, so it travels as two numbers."""
    step = (float(x[-1]) - float(x[0])) / (len(x) - 1)
    if not np.allclose(np.diff(x), step, rtol=1e-9, atol=1e-12):
        raise ValueError("curves must be sampled on an even grid")
    return {"x0": float(x[0]), "dx": step}


MAX_DECADE_LABELS = 7  # a phone's panel has room for about this many labels up its side


def decades(fig: go.Figure) -> go.Figure:
    """Log axes labelled at powers of ten only (10⁻², 10⁻¹, 1 …), with unlabelled minor ticks
    between them: a "2" or "5" printed between decades reads as a value of its own. Over many
    decades, every second (or third …) power is labelled, so the labels never crowd."""
    for name in [key for key in fig.layout if key.startswith(("xaxis", "yaxis"))]:
        axis = fig.layout[name]
        if axis.type == "log":
            span = _decades_spanned(fig, name)
            step = max(1, int(np.ceil(span / MAX_DECADE_LABELS)))
            axis.update(dtick=step, exponentformat="power", minor={"ticks": "inside", "ticklen": 3})
    return fig


def _decades_spanned(fig: go.Figure, axis_name: str) -> float:
    """How many powers of ten the data on a y (or x) axis cover."""
    letter, suffix = axis_name[0], axis_name[5:]
    ref = letter + suffix  # "yaxis2" -> "y2"
    values = [
        np.asarray(getattr(trace, letter), dtype=float)
        for trace in fig.data
        if (getattr(trace, f"{letter}axis", None) or letter) == ref
        and getattr(trace, letter, None) is not None
    ]
    positive = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in values] or [np.empty(0)])
    if positive.size == 0:
        return 1.0
    return float(np.log10(positive.max()) - np.log10(positive.min()))


IMAGE_FORMATS = ("png", "svg")
_NOT_IN_FILENAMES = re.compile(r"[^A-Za-z0-9_.+-]+")
# Greek letters the parameters use, spelled out: a file name stays plain ASCII everywhere.
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "λ": "lambda", "σ": "sigma", "τ": "tau"}


def safe_filename(name: str) -> str:
    """``name`` as a plain ASCII file name: Greek spelled out, anything else between words
    becomes ``-`` (a phone's or a course platform's upload may mangle other characters).

    >>> safe_filename("swish_β = 2"), safe_filename("relu_α = 0.2, β = 1")
    ('swish_beta-2', 'relu_alpha-0.2-beta-1')
    >>> safe_filename("导数")
    'figure'
    """
    for letter, word in _GREEK.items():
        name = name.replace(letter, word)
    name = re.sub(r"-{2,}", "-", _NOT_IN_FILENAMES.sub("-", name))
    return name.strip("-._") or "figure"


def chart_config(filename: str, image_format: str = "png") -> dict:
    """Plotly config for ``st.plotly_chart``: the modebar camera saves ``filename.<format>``.

    PNG is drawn at 2× (sharp on slides); SVG keeps text as text, so Chinese labels stay
    selectable and render in the reader's CJK font. Unknown formats fall back to PNG.
    """
    image_format = image_format if image_format in IMAGE_FORMATS else "png"
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": image_format,
            "filename": safe_filename(filename),
            "scale": 2 if image_format == "png" else 1,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "scrollZoom": False,  # a wheel or a finger over a chart scrolls the page
    }


# --- one figure per distinct input, shared by every session ------------------------------------

P = ParamSpec("P")
FIGURES_KEPT = 256  # per builder; a function page's figure is ~0.1–0.3 MB


class SharedFigure(go.Figure):
    """A figure that many sessions show: its ``to_dict`` (Streamlit's first step in
    ``st.plotly_chart``, a deep copy that also base64-encodes every array) is made once.

    Read-only by contract: the dict is the same object for every caller.
    """

    _shared_spec: dict | None = None
    _shown: dict | None = None  # title → the figure as shown, its JSON made

    def to_dict(self) -> dict:
        if self._shared_spec is None:
            self._shared_spec = super().to_dict()
        return self._shared_spec

    def shown(self, title: str | None) -> SpecFigure:
        """This figure with ``title`` (:func:`with_title`) and its Plotly JSON, each made once
        per title: the JSON encoding was ~12 % of a GLU page's open, every run, every session.
        """
        if self._shown is None:
            self._shown = {}
        ready = self._shown.get(title)
        if ready is None:  # two sessions may both make it: the same figure, either is kept
            ready = fitted(with_title(self, title) if title else SpecFigure(self.to_dict()))
            ready.json = plotly_json(ready)
            self._shown[title] = ready
        return ready


class Unhashable(TypeError):
    """An argument this cache cannot fingerprint: the builder runs uncached."""


def fingerprint(value: object, digest=None) -> bytes:
    """A digest of plain values and NumPy arrays, equal exactly when the values are.

    Arrays count by dtype, shape and bytes; dicts by their items in order; dataclasses by their
    fields. Anything else raises :class:`Unhashable`.
    """
    digest = digest or hashlib.blake2b(digest_size=16)
    if isinstance(value, np.ndarray):
        digest.update(f"a{value.dtype}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (str, int, float, bool, complex, type(None), np.generic)):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, dict):
        digest.update(b"{")
        for key, item in value.items():
            fingerprint(key, digest)
            fingerprint(item, digest)
        digest.update(b"}")
    elif isinstance(value, (list, tuple)):
        digest.update(b"(" if isinstance(value, tuple) else b"[")
        for item in value:
            fingerprint(item, digest)
        digest.update(b")")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(type(value).__qualname__.encode())
        for found in dataclasses.fields(value):
            fingerprint(getattr(value, found.name), digest)
    else:
        raise Unhashable(type(value).__name__)
    return digest.digest()


def shared_figure(build: Callable[P, go.Figure]) -> Callable[P, go.Figure]:
    """Build each distinct figure once and hand the same object to every later caller.

    A class moving one slider asks for the same few hundred figures again and again, and
    Plotly's validation while building costs tens of milliseconds each time. Callers must treat
    the figure as read-only (``st.plotly_chart`` copies it with ``to_dict``).
    """
    kept: MadeOnce[go.Figure] = MadeOnce(FIGURES_KEPT)

    @functools.wraps(build)
    def cached(*args: P.args, **kwargs: P.kwargs) -> go.Figure:
        try:
            key = fingerprint((args, sorted(kwargs.items())))
        except Unhashable:
            return build(*args, **kwargs)

        def make() -> go.Figure:
            fig = build(*args, **kwargs)
            fig.__class__ = SharedFigure  # a go.Figure with its dict made once
            fig.to_dict()
            return fig

        return kept.get(key, make)

    return cached


# --- what a chart carries beyond its builder: a title for the saved image, a text alternative --


class SpecDict(dict):
    """A figure's spec that carries its Plotly JSON once made: ``st.plotly_chart`` turns the
    figure into this dict (``to_dict``) and hands the dict to ``plotly.io.to_json``."""

    json: str | None = None


class SpecFigure(go.Figure):
    """A figure given as its finished spec: Streamlit reads only ``to_dict``, so a shallow
    copy of a shared figure's spec with a few layout changes is shown without validating or
    copying its arrays again. Nothing else of ``go.Figure`` works on it."""

    def __init__(self, spec: dict) -> None:  # no super().__init__: nothing else is read
        self._spec = SpecDict(spec)

    @property
    def json(self) -> str | None:
        """Its Plotly JSON, once made (:meth:`SharedFigure.shown`)."""
        return self._spec.json

    @json.setter
    def json(self, made: str) -> None:
        self._spec.json = made

    def to_dict(self) -> dict:
        return self._spec


_PLOTLY_TO_JSON = plotly.io.to_json


def plotly_json(fig: go.Figure) -> str:
    """The JSON ``st.plotly_chart`` sends for ``fig`` (``plotly.io.to_json``, unvalidated)."""
    return _PLOTLY_TO_JSON(fig, validate=False)


def reuse_made_json() -> None:
    """Make ``plotly.io.to_json`` (what ``st.plotly_chart`` calls on every run) return the JSON
    a :class:`SpecFigure` already carries; other figures are encoded as before. Once per
    process (``ui.render``)."""

    def to_json(fig, *args, **kwargs):
        made = fig.json if isinstance(fig, (SpecFigure, SpecDict)) else None
        return made if made is not None else _PLOTLY_TO_JSON(fig, *args, **kwargs)

    if plotly.io.to_json is _PLOTLY_TO_JSON:
        plotly.io.to_json = to_json


def with_title(fig: go.Figure, title: str) -> go.Figure:
    """``fig`` with ``title`` drawn at its top left, so the camera's image says what it shows.

    Above a legend the title heads the legend (one block that wraps as one on a phone);
    without a legend it is the figure's title, with room made for it. ``fig`` is unchanged.
    """
    spec = fig.to_dict()
    layout = dict(spec.get("layout", {}))
    font = layout.get("font", {}).get("size", 14)
    lines = _title_lines(title)
    text = "<br>".join(f"<b>{line}</b>" for line in lines)
    if _legend_shown(spec):
        legend = dict(layout.get("legend", {}))
        legend["title"] = {"text": text, "side": "top", "font": {"size": font}}
        layout["legend"] = legend
    else:
        # Plotly sets a title of several lines as if it had one, its first line above the
        # top (plotly.js#6472: ``yanchor`` is ignored): push it down by the lines it adds.
        below = round(LINE_SPACING * font) * (len(lines) - 1)
        margin = dict(layout.get("margin", {}))
        margin["t"] = max(margin.get("t", 50), int(font * 2.4) + below)
        layout["margin"] = margin
        layout["title"] = {
            "text": text,
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 6 + below},
            "font": {"size": font},
        }
    return SpecFigure({**spec, "layout": layout})


# --- margins given up front ----------------------------------------------------------------------
#
# Plotly's automargin widens a margin that an axis title, the tick labels or the legend need,
# and then draws the whole figure again (plotly.js ``Plots.doAutoMargin``): sent with margins of
# a few pixels, every chart was drawn twice at load. ``fitted`` gives each figure the margins
# its content settles at on a desk, so automargin finds nothing to push there; on a phone the
# legend wraps into more rows and still pushes the top. Automargin stays on: a margin short by
# a pixel costs a redraw, never clipped text.
#
# Plotly pads every push by ``min(12, l, r, t, b)`` of the margins sent: the right margin stays
# at MARGIN_PAD, so that pad does too and each side below is its content plus that pad.
MARGIN_PAD = MARGIN["r"]
LEGEND_ROW_GAP = 10  # plotly.js: legend ``tracegroupgap``, between rows of groups
LEGEND_PADDING = 10  # above and below the legend's items (``2 * itemGap``)
LEGEND_SYMBOL = 45  # the sample line and the gaps around it, per legend entry
# A chart across the main column of a 1400 px desk, less its margins: with the sidebar open,
# and in lecture mode (type of 20 px and more) with it closed.
DESK_PLOT_WIDTH = 900
LECTURE_PLOT_WIDTH = 1200
LECTURE_FONT = 20
# In lecture mode a chart takes the screen's height, not its own: on a 720 px projector its
# plot is ~150 px. A top sized for a taller plot would squeeze that one further (GLU's four
# stacked panels got a y title at x = Infinity from Plotly); a taller screen pays a redraw.
LECTURE_SHORT_PLOT = 150
LATIN_EM = 0.57  # the CJK font's Latin letters, on average, in em


def side_room(font: int) -> dict[str, int]:
    """Px an element needs beyond the plot at ``font`` (measured in Chromium at 14 and 20 px,
    with the Noto CJK font; one px spare): a y title, y tick labels inside the plot, x tick
    labels with a title below them, x tick labels alone."""
    return {
        "y_title": math.ceil(font * 5 / 6) + 10,
        "y_ticks": 6,
        "x_title": math.ceil(font * 7 / 3) + 10,
        "x_ticks": math.ceil(font * 4 / 3) + 10,
    }


def fitted(fig: SpecFigure) -> SpecFigure:
    """``fig`` with the margins its titles, tick labels and legend settle at on a desk."""
    spec = fig.to_dict()
    layout = dict(spec.get("layout", {}))
    if layout.get("margin", {}).get("autoexpand") is False:
        return fig
    margin = {**MARGIN, **layout.get("margin", {})}
    font = layout.get("font", {}).get("size", 12)
    # An x axis whose range ends on a number: its last tick label may hang past the plot's
    # right edge by half its width. That room is given, and the axis may push only down and
    # to the left (a push to the right would be padded by the very margin it widened).
    # Not in an animation: its frames may bring ranges of their own, which this cannot see.
    for name, axis in list(layout.items()) if not spec.get("frames") else ():
        hang = _right_overhang(axis, font) if name.startswith("xaxis") else None
        if hang is not None:
            margin["r"] = max(margin["r"], hang)
            layout[name] = {**axis, "automargin": "height+left"}
    pad = min(12, *margin.values())  # Plotly pads a push by the smallest margin
    for side, need in _margin_needs({**spec, "layout": layout}, pad).items():
        margin[side] = max(margin[side], need)
    layout["margin"] = margin
    return SpecFigure({**spec, "layout": layout})


def _right_overhang(axis: dict, font: int) -> int | None:
    """Px the label at the right end of a numeric x axis's fixed range may reach past it."""
    span = axis.get("range")
    numeric = span and all(isinstance(end, (int, float)) for end in span)
    if not numeric or axis.get("type") not in (None, "-", "linear"):
        return None
    if not float(max(span)).is_integer():  # [−4.5, 4.5]: the last tick, 4, sits inside
        return None
    if axis.get("showticklabels") is False or axis.get("tickangle") not in (None, 0):
        return None
    label = f"{float(max(span)):.4g}".replace("-", "−")
    return math.ceil(len(label) * 0.6 * font / 2) + 2


def _margin_needs(spec: dict, pad: int) -> dict[str, int]:
    layout = spec.get("layout", {})
    font = layout.get("font", {}).get("size", 12)
    room = side_room(font)
    needs = {"l": 0, "t": 0, "b": 0}
    for name, axis in layout.items():
        if not name.startswith(("xaxis", "yaxis")) or axis.get("visible") is False:
            continue
        titled = bool(_axis_title(axis))
        ticks = axis.get("showticklabels", True)
        if name.startswith("yaxis") and axis.get("side", "left") == "left":
            inside = axis.get("ticklabelposition", "").startswith("inside")
            if titled or (ticks and inside):
                needs["l"] = max(needs["l"], room["y_title" if titled else "y_ticks"] + pad)
        elif name.startswith("xaxis") and (titled or ticks) and _at_edge(layout, axis):
            side = "t" if axis.get("side") == "top" else "b"
            need = room["x_title" if titled else "x_ticks"] + pad
            if side == "t":  # below the figure's own title, if it has one
                need += _title_height(layout)
            needs[side] = max(needs[side], need)
    legend = _legend_height(spec, font)
    if legend:
        height = layout.get("height") or 450
        plot = max(height - (needs["t"] or MARGIN["t"]) - needs["b"], 100)
        if font >= LECTURE_FONT:  # the chart fills the screen's height, a short one too
            plot = min(plot, LECTURE_SHORT_PLOT)
        above = float(layout.get("legend", {}).get("y", 1.02)) - 1
        needs["t"] = max(needs["t"], math.ceil(legend + pad + max(above, 0) * plot) + 1)
    return {side: need for side, need in needs.items() if need}


def _title_height(layout: dict) -> int:
    """Px the figure's title (:func:`with_title`) takes at the top, its padding included."""
    title = layout.get("title") or {}
    text = title.get("text") if isinstance(title, dict) else title
    if not text:
        return 0
    size = title.get("font", {}).get("size") or layout.get("font", {}).get("size", 12)
    return math.ceil(
        title.get("pad", {}).get("t", 0) + LINE_SPACING * size * (text.count("<br>") + 1)
    )


def _at_edge(layout: dict, axis: dict) -> bool:
    """Whether an x axis's labels sit at the figure's bottom (or top): the lowest panel's."""
    if axis.get("side") == "top" or axis.get("anchor") == "free":
        return True
    anchor = axis.get("anchor") or "y"
    domain = layout.get(f"yaxis{anchor[1:]}", {}).get("domain") or [0, 1]
    return domain[0] <= 0.01


def _legend_height(spec: dict, font: int) -> float:
    """Px the horizontal legend above the plot takes on a desk (:data:`DESK_PLOT_WIDTH`, or
    :data:`LECTURE_PLOT_WIDTH` in lecture mode's type): its title's
    lines and its rows of entries, packed as plotly.js packs them; 0 without one."""
    layout = spec.get("layout", {})
    legend = layout.get("legend", {})
    if not _legend_shown(spec) or legend.get("orientation") != "h":
        return 0.0
    if legend.get("yanchor") != "bottom" or float(legend.get("y", 1.02)) < 1:
        return 0.0
    size = legend.get("font", {}).get("size", font)
    row = max(size * LINE_SPACING, 16) + 3
    title = legend.get("title", {}).get("text") or ""
    title_font = legend.get("title", {}).get("font", {}).get("size", size)
    title_height = title_font * LINE_SPACING * (title.count("<br>") + 1) if title else 0.0
    groups: dict[str, list[str]] = {}
    for trace in spec.get("data", ()):
        if trace.get("legend", "legend") != "legend" or not trace.get("name"):
            continue
        if trace.get("showlegend") is False:
            continue
        group = trace.get("legendgroup") or f"#{len(groups)}"
        groups.setdefault(group, []).append(_plain(trace["name"]))
    widths = [
        max(_legend_text_px(n, size) for n in names) + LEGEND_SYMBOL for names in groups.values()
    ]
    tall = [len(names) * row for names in groups.values()]
    rows, x, row_height = 0.0, 0.0, 0.0
    across = LECTURE_PLOT_WIDTH if font >= LECTURE_FONT else DESK_PLOT_WIDTH
    for width, height in zip(widths, tall, strict=True):
        if x > 0 and x + width > across:
            rows += row_height + LEGEND_ROW_GAP
            x, row_height = 0.0, 0.0
        x += width
        row_height = max(row_height, height)
    return title_height + rows + row_height + LEGEND_PADDING


def _legend_text_px(text: str, font: int) -> float:
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return (wide + LATIN_EM * (len(text) - wide)) * font


TITLE_COLUMNS = 40  # a phone's width in columns of the title's type (CJK characters count 2)


LINE_SPACING = 1.3  # Plotly's line height in a text of several lines, in em


def _title_lines(title: str) -> list[str]:
    """``title`` broken before its parenthesised values when it is too wide for a phone
    (Plotly does not wrap titles).

    >>> _title_lines("ReLU 死亡比例随偏置平移的变化（偏置平移 0, 学习率 1）")
    ['ReLU 死亡比例随偏置平移的变化', '（偏置平移 0, 学习率 1）']
    >>> _title_lines("Swish / SiLU（β = 2）")
    ['Swish / SiLU（β = 2）']
    """
    if _columns(title) <= TITLE_COLUMNS:
        return [title]
    for opening in ("（", " ("):
        head, found, rest = title.partition(opening)
        if found and head:
            return [head, found.strip() + rest]
    return [title]


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _legend_shown(spec: dict) -> bool:
    if spec.get("layout", {}).get("showlegend") is False:
        return False
    shown = [trace for trace in spec.get("data", ()) if trace.get("showlegend") is not False]
    named = [trace for trace in shown if trace.get("name")]
    legends = {trace.get("legend", "legend") for trace in named}
    return "legend" in legends and (len(named) > 1 or any(t.get("showlegend") for t in named))


@dataclasses.dataclass(frozen=True)
class AltWords:
    """The sentences of a chart's text alternative, in the reader's language (``app.alt_*``):
    ``title``, ``series``, ``x_range`` and ``x`` (with ``{axis}``, ``{low}``, ``{high}``),
    ``y`` (``{axes}``) and ``join`` (what separates two sentences)."""

    title: str = "Figure: {title}"
    series: str = "Shows {names}"
    x_range: str = "Horizontal axis {axis} from {low} to {high}"
    x: str = "Horizontal axis {axis}"
    y: str = "Vertical axis {axes}"
    join: str = ". "
    list_join: str = ", "


def describe(fig: go.Figure, words: AltWords = AltWords(), title: str | None = None) -> str:
    """A text alternative from what ``fig`` carries: its title, the names of its series, its
    axes' titles and the x range, e.g. "Figure: Swish (β = 2). Shows Swish, Swish′ …".

    >>> fig = go.Figure(go.Scatter(x=[-6, 6], y=[0, 1], name="σ"), layout_xaxis_title="x")
    >>> describe(fig)
    'Shows σ. Horizontal axis x from −6 to 6'
    """
    spec = fig.to_dict()
    layout = spec.get("layout", {})
    sentences = [words.title.format(title=title)] if title else []
    named = [trace for trace in spec.get("data", ()) if trace.get("name")]
    in_legend = [trace for trace in named if trace.get("showlegend") is not False]
    names = list(dict.fromkeys(_plain(trace["name"]) for trace in in_legend or named))
    if names:
        sentences.append(words.series.format(names=words.list_join.join(names[:12])))
    x_axes = sorted(key for key in layout if key.startswith("xaxis"))
    y_axes = sorted(key for key in layout if key.startswith("yaxis"))
    x_titles = [_axis_title(layout[key]) for key in x_axes]
    x_title = next((text for text in reversed(x_titles) if text), "")
    low_high = _x_span(spec, layout, x_axes)
    if x_title and low_high:
        sentences.append(words.x_range.format(axis=x_title, low=low_high[0], high=low_high[1]))
    elif x_title:
        sentences.append(words.x.format(axis=x_title))
    y_titles = list(dict.fromkeys(text for key in y_axes if (text := _axis_title(layout[key]))))
    if y_titles:
        sentences.append(words.y.format(axes=words.list_join.join(y_titles)))
    return words.join.join(sentences)


@functools.cache  # frozen: one per language, shared
def alt_words(lang: str) -> AltWords:
    """The sentences of a chart's text alternative in ``lang`` (``app.alt_*``)."""
    return AltWords(**{name: translate(f"app.alt_{name}", lang) for name in _ALT_FIELDS})


_ALT_FIELDS = tuple(field.name for field in dataclasses.fields(AltWords))


@dataclasses.dataclass(frozen=True)
class ChartView:
    """A figure as ``st.plotly_chart`` shows it: titled, with its camera's config and its
    text alternative, under a widget key; ``animated``: it has frames to play."""

    figure: go.Figure
    key: str
    config: dict
    alt: str
    animated: bool = False


def chart_view(
    fig: go.Figure,
    *,
    key: str,
    filename: str,
    title: str | None = None,
    alt: str | None = None,
    words: AltWords = AltWords(),
    image_format: str = "png",
) -> ChartView:
    """``fig`` ready to show: its modebar camera saves ``filename`` as ``image_format`` (PNG
    or SVG), ``title`` (the subject and parameter values, in the reader's language) is drawn
    in it so a saved image says what it shows, and it carries a text alternative for screen
    readers: ``alt``, or one made from the title, series and axes (:func:`describe`).
    """
    config = chart_config(filename, image_format)
    alt = alt or describe(fig, words, title) or words.title.format(title=filename)
    if isinstance(fig, SharedFigure):  # titled, fitted and encoded once, for every session
        shown = fig.shown(title)
    else:
        shown = fitted(with_title(fig, title) if title else SpecFigure(fig.to_dict()))
    return ChartView(shown, key, config, alt, bool(fig.frames))


_TAGS = re.compile(r"<[^>]+>")


def _plain(text: object) -> str:
    return _TAGS.sub(" ", str(text)).strip()


def _axis_title(axis: dict) -> str:
    title = axis.get("title") or {}
    return _plain(title.get("text", "") if isinstance(title, dict) else title)


def _x_span(spec: dict, layout: dict, x_axes: list[str]) -> tuple[str, str] | None:
    """The x range shown: the axis's fixed range, else the extent of the numeric x data."""
    for key in x_axes:
        span = layout[key].get("range")
        numeric = span and all(isinstance(end, (int, float)) for end in span)
        if numeric and layout[key].get("type") != "log":
            return _short(span[0]), _short(span[1])
    lows, highs = [], []
    for trace in spec.get("data", ()):
        if "x0" in trace and "dx" in trace and trace.get("y") is not None:
            lows.append(float(trace["x0"]))
            highs.append(float(trace["x0"]) + float(trace["dx"]) * (_numbers(trace["y"]).size - 1))
            continue
        values = _numbers(trace.get("x"))
        values = values[np.isfinite(values)]
        if values.size > 1:
            lows.append(float(values.min()))
            highs.append(float(values.max()))
    if not lows:
        return None
    return _short(min(lows)), _short(max(highs))


def _numbers(values: object) -> np.ndarray:
    """Numeric data of a spec as a flat float array (Plotly sends arrays base64-encoded);
    empty for categories or nothing."""
    if isinstance(values, dict) and "bdata" in values:
        values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    try:
        return np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return np.empty(0)


def _short(value: float) -> str:
    return f"{float(value):.4g}".replace("-", "−")


# Streamlit keeps 1 rem of padding on each side of a phone's page; half of it leaves the
# figures (and everything else) 16 px more of a 390 px screen. Injected by ``ui.layout``.
PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.5rem; padding-right: 0.5rem; }
}
</style>"""


def legend_above_titles(fig: go.Figure, height: int) -> go.Figure:
    """A horizontal legend above the first panel's subplot title instead of on top of it.

    The gap is in pixels of the figure's fixed ``height``, so it holds at any width; the
    legend still pushes the top margin as it wraps into rows on a phone.
    """
    plot_height = max(height - 160, 120)
    return fig.update_layout(legend={"y": 1 + 30 / plot_height, "yanchor": "bottom", "x": 0})


# --- direct labels: every curve named where it runs, coinciding curves named together ---------

PHONE_PLOT_WIDTH = 340  # px: where labels must not collide (a desk's wider plot has more room)
COINCIDE = 0.01  # of the panel's height: curves closer than this everywhere look like one


@dataclasses.dataclass(frozen=True)
class Series:
    """One curve to label: its name, samples and colour."""

    name: str
    x: np.ndarray
    y: np.ndarray
    colour: str


def direct_labels(
    series: Sequence[Series],
    *,
    panel_px: float,
    font: int,
    xref: str = "x",
    yref: str = "y",
    log: bool = False,
    y_range: tuple[float, float] | None = None,
) -> list[dict]:
    """Annotations naming each curve beside it, towards its right end where there is room.

    Curves that coincide on screen (within :data:`COINCIDE` of the panel everywhere) get one
    label, "A ≈ B", which says that one hides the other. Each label is placed at the point
    of its curve (tried from the right end leftwards) farthest from the other curves and
    clear of the labels already placed, judged at a phone's plot width.
    """
    if not series:
        return []
    grid = np.linspace(
        min(float(np.nanmin(s.x)) for s in series), max(float(np.nanmax(s.x)) for s in series), 241
    )
    scale = (lambda v: np.log10(np.maximum(v, 1e-300))) if log else (lambda v: v)
    sampled = [scale(np.interp(grid, s.x, s.y, left=np.nan, right=np.nan)) for s in series]
    finite = np.concatenate([v[np.isfinite(v)] for v in sampled])
    if y_range is not None:
        low, high = scale(np.asarray(y_range, dtype=float)) if not log else y_range
    else:
        low, high = float(np.min(finite)), float(np.max(finite))
    span = (high - low) or 1.0
    groups: list[list[int]] = []
    for index, values in enumerate(sampled):
        for group in groups:
            gap = np.abs(sampled[group[0]] - values)
            if np.all(np.isfinite(gap) <= (gap <= COINCIDE * span)) and np.isfinite(gap).any():
                group.append(index)
                break
        else:
            groups.append([index])
    px_per_y = panel_px / span
    px_per_x = PHONE_PLOT_WIDTH / (grid[-1] - grid[0] or 1.0)
    placed: list[tuple[float, float, float, float]] = []  # label boxes in px
    annotations = []
    for group in groups:
        values = sampled[group[-1]]  # the one drawn last, on top
        text = " ≈ ".join(series[i].name for i in group)
        width = _text_px(text, font)
        others = [sampled[g[-1]] for g in groups if g is not group]
        options = []  # (collides, -clearance, preference, candidate)
        for preference, fraction in enumerate((0.97, 0.85, 0.72, 0.6, 0.48, 0.36, 0.24, 0.12)):
            at = int(fraction * (len(grid) - 1))
            y = values[at]
            if not np.isfinite(y) or not low <= y <= high:
                continue
            x_px, y_px = (grid[at] - grid[0]) * px_per_x, (y - low) * px_per_y
            above = y_px + 2 + font * 1.25 <= panel_px  # below the curve near the panel's top
            tall = font * 1.25 if above else -font * 1.25
            box = (x_px - width, min(y_px, y_px + tall), x_px, max(y_px, y_px + tall))
            if box[0] < 3 * font:  # clear of the y tick labels
                continue
            lo, hi = np.searchsorted(grid, grid[at] - width / px_per_x), at + 1
            clearance = min(
                (
                    np.nanmin(np.abs(other[lo:hi] - y)) * px_per_y
                    for other in others
                    if np.isfinite(other[lo:hi]).any()
                ),
                default=np.inf,
            )
            collides = any(_overlap(box, other) for other in placed)
            # Room enough counts as the best; beyond that, the rightmost place wins.
            option = (at, y, box, above)
            options.append((collides, -min(clearance, font * 1.3), preference, option))
        if not options:
            continue
        best = min(options, key=lambda option: option[:3])[3]
        at, y, box, above = best
        placed.append(box)
        annotations.append(
            {
                "x": float(grid[at]),
                "y": float(y),
                "xref": xref,
                "yref": yref,
                "text": text,
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "bottom" if above else "top",
                "yshift": 2 if above else -2,
                "font": {"color": series[group[-1]].colour, "size": font},
                "bgcolor": "rgba(255, 255, 255, 0.7)",
            }
        )
    return annotations


def _text_px(text: str, font: int) -> float:
    """About how wide ``text`` is drawn: CJK characters a full em, others ~0.6 em."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return (wide + 0.6 * (len(text) - wide)) * font + 6


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
