"""Shared figure style: colour-blind-safe colours, line dashes that survive greyscale printing,
CJK-capable fonts, lecture-mode scaling, and the chart config used for downloads.

Figure builders elsewhere are pure functions ``(arrays, options) -> go.Figure``; they call
``styled`` last and never touch Streamlit.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import ParamSpec

import numpy as np
import plotly.graph_objects as go

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


def styled(fig: go.Figure, *, lecture: bool = False, height: int | None = None) -> go.Figure:
    """Apply the app's look; in lecture mode, larger type and thicker lines for a projector."""
    sizes = style(lecture)
    fig.update_layout(
        template="simple_white",
        font={"family": FONT_FAMILY, "size": sizes["font"], "color": "#1B1F24"},
        hovermode="x unified",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        height=height,
    )
    fig.update_xaxes(showgrid=True, gridcolor=sizes["grid"], zeroline=True, zerolinecolor="#9AA1AA")
    fig.update_yaxes(showgrid=True, gridcolor=sizes["grid"], zeroline=True, zerolinecolor="#9AA1AA")
    fig.update_traces(line_width=sizes["line"], selector={"type": "scatter", "mode": "lines"})
    return fig


IMAGE_FORMATS = ("png", "svg")
_UNSAFE_IN_FILENAMES = re.compile(r'[\\/:*?"<>|\s]+')


def safe_filename(name: str) -> str:
    """``name`` usable as a file name on every system: Chinese stays, separators become ``-``.

    >>> safe_filename("swish β=2 / 导数")
    'swish-β=2-导数'
    """
    return _UNSAFE_IN_FILENAMES.sub("-", name).strip("-.") or "figure"


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

    def to_dict(self) -> dict:
        if self._shared_spec is None:
            self._shared_spec = super().to_dict()
        return self._shared_spec


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
    kept: OrderedDict[bytes, go.Figure] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(build)
    def cached(*args: P.args, **kwargs: P.kwargs) -> go.Figure:
        try:
            key = fingerprint((args, sorted(kwargs.items())))
        except Unhashable:
            return build(*args, **kwargs)
        with lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        fig = build(*args, **kwargs)
        fig.__class__ = SharedFigure  # a go.Figure with its dict made once
        fig.to_dict()
        with lock:
            kept[key] = fig
            while len(kept) > FIGURES_KEPT:
                kept.popitem(last=False)
        return fig

    return cached
