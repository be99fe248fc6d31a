"""Shared figure style: colour-blind-safe colours, line dashes that survive greyscale printing,
CJK-capable fonts, lecture-mode scaling, and the chart config used for downloads.

Figure builders elsewhere are pure functions ``(arrays, options) -> go.Figure``; they call
``styled`` last and never touch Streamlit.
"""

from __future__ import annotations

import re

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
