"""The Streamlit side of the 线性区域 page: its controls, the input plane (by linear region, or
by curvature for a smooth activation) with its numbers, the output along one line, and how the
count grows with depth and width.

The numbers come from :mod:`experiments.regions` (pure NumPy), the figures from
:mod:`views.regions_figures` (pure). What a control's values give is computed once per process
and shared by every session (``st.cache_resource``, read only): a hall of students opening
the same link costs one computation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from activations import REGISTRY
from experiments import regions
from ui.i18n import t
from ui.layout import figure_and_controls, lecture_mode
from ui.render import cards, chart
from ui.tables import table
from views.cards import Card
from views.numbers import number
from views.regions_figures import (
    REGION_TINTS,
    curvature_figure,
    curvature_levels,
    growth_figure,
    region_colours,
    regions_figure,
    slice_figure,
)
from views.url_keys import in_url

CHOICES = regions.ACTIVATIONS
DEPTH = (1, 6, regions.DEFAULT_DEPTH)  # slider: lowest, highest, default
WIDTH = (2, 16, regions.DEFAULT_WIDTH)
SEEDS = (0, 9999)


def text(name: str, **values: object) -> str:
    return t(f"regions.{name}", **values)


@dataclass(frozen=True)
class Settings:
    activation: str
    depth: int
    width: int
    seed: int

    @property
    def name(self) -> str:
        return REGISTRY[self.activation].name_en

    def params(self) -> str:
        """The settings as a figure title's parameters: ``ReLU, 2 × 8, seed 0``."""
        return text("params", act=self.name, depth=self.depth, width=self.width, seed=self.seed)


@dataclass(frozen=True)
class Shown:
    """What the page shows of one network: a byte per grid point to draw (a region's tint, or
    a curvature level above ``low``) and the plane's numbers; not the grids behind them."""

    count: int  # linear regions on the grid (0: a smooth activation has none)
    relu_count: int  # the same weights with ReLU
    flat_share: float
    curved_min: float
    picture: np.ndarray
    low: int | None  # curvature's lowest decade; None: ``picture`` is regions


@st.cache_resource(show_spinner=False, max_entries=128)
def shown(activation: str, depth: int, width: int, seed: int) -> Shown:
    """The plane of one setting, reduced to what is drawn (~60 KB, where the plane is ~1 MB)."""
    plane = regions.plane(activation, depth, width, seed)
    relu = plane if activation == "relu" else regions.plane("relu", depth, width, seed)
    if activation in regions.PIECEWISE_LINEAR:
        colour = regions.colour_regions(plane.ids, plane.patterns, len(REGION_TINTS))
        picture, low = region_colours(colour, plane.ids, regions.boundaries(plane.ids)), None
    else:
        picture, low = curvature_levels(plane.curvature, plane.flat)
    picture.flags.writeable = False
    return Shown(plane.count, relu.count, plane.flat_share, plane.curved_min, picture, low)


@st.cache_resource(show_spinner=False, max_entries=128)
def slice_outputs(depth: int, width: int, seed: int):
    """The same weights' output along the line x₂ = 0, for every activation of the page."""
    return regions.slice_through(depth, width, seed)


def controls(places: list) -> Settings:
    """Activation, depth, width and seed, each bound to the URL (``/regions?depth=3&width=8``)."""
    activation = places[0].radio(
        text("act"),
        CHOICES,
        format_func=lambda key: REGISTRY[key].name_en,
        horizontal=True,
        help=text("act_help"),
        **in_url("act"),
    )
    depth = places[1].slider(text("depth"), *DEPTH, help=text("depth_help"), **in_url("depth"))
    width = places[2].slider(text("width"), *WIDTH, help=text("width_help"), **in_url("width"))
    seed = places[3].number_input(text("seed"), *SEEDS, 0, help=text("seed_help"), **in_url("seed"))
    return Settings(activation, int(depth), int(width), int(seed))


def _percent(share: float) -> str:
    return f"{number(100 * share, 3)} %"


def plane_cards(settings: Settings, found: Shown) -> list[Card]:
    """The region count (or, for a smooth activation, none and ReLU's count on the same
    weights), the share of flat points and, for one layer, the most it could be."""
    grid = text("grid", points=regions.RESOLUTION, extent=number(regions.EXTENT))
    if found.low is None:
        items = [Card(text("card_regions"), str(found.count), grid, text("card_regions_help"))]
    else:
        same = text("card_relu_same", count=found.relu_count)
        items = [Card(text("card_regions"), text("card_none"), same, text("card_none_help"))]
    if settings.depth == 1:
        bound = regions.max_regions_one_layer(settings.width)
        items.append(Card(text("card_bound"), str(bound), None, text("card_bound_help")))
    items.append(Card(text("card_flat"), _percent(found.flat_share), None, text("card_flat_help")))
    if found.low is not None:
        items.append(
            Card(text("card_bend"), number(found.curved_min, 3), None, text("card_bend_help"))
        )
    return items


def plane_and_controls() -> None:
    """The cards and the plane, the four controls (below it; beside it in lecture mode), then
    the same weights along one line."""
    figure_place, places = figure_and_controls([2.2, 1, 1, 1])
    settings = controls(places)
    found = shown(settings.activation, settings.depth, settings.width, settings.seed)
    lecture = lecture_mode()
    axes = {"x": text("axis_x1"), "y": text("axis_x2"), "hover": text("hover")}
    with places[-1] if lecture else figure_place:
        cards(plane_cards(settings, found), explained=text("cards_explained"))
    axis = regions.axis()
    extent = number(regions.EXTENT)
    with figure_place:
        if found.low is None:
            fig = regions_figure(axis, found.picture, labels=axes, lecture=lecture)
            name, alt = text("plane_title"), text("alt_regions", count=found.count, extent=extent)
        else:
            labels = {**axes, "scale": text("scale")}
            fig = curvature_figure(axis, found.picture, found.low, labels=labels, lecture=lecture)
            name = text("curvature_title")
            share = _percent(found.flat_share)
            alt = text("alt_curvature", share=share, count=found.relu_count, extent=extent)
        title = t("app.figure_title", name=name, params=settings.params())
        chart(
            fig,
            key="regions_plane",
            filename=text("filename_plane"),
            title=title,
            alt=f"{title}. {alt}",
        )
    along, outputs = slice_outputs(settings.depth, settings.width, settings.seed)
    st.markdown(f"##### {text('slice_heading')}")
    labels = {"x": text("slice_x"), "y": text("slice_y")}
    named = {REGISTRY[key].name_en: values for key, values in outputs.items()}
    fig = slice_figure(along, named, labels=labels, lecture=lecture)
    title = t("app.figure_title", name=text("slice_title"), params=settings.params())
    chart(fig, key="regions_slice", filename=text("filename_slice"), title=title)
    st.caption(text("slice_caption"))


def growth() -> None:
    """Regions against depth and width (fixed seeds, computed once per process): a figure and
    the table it is drawn from."""
    depths, widths = regions.GROWTH_DEPTHS, regions.GROWTH_WIDTHS
    counts = regions.growth()
    st.subheader(text("growth_heading"), anchor="growth")
    most = max(depths) * max(widths)
    bound = np.array([regions.max_regions_one_layer(units) for units in range(1, most + 1)])
    labels = {name: text(f"growth_{name}") for name in ("x", "y", "width", "bound", "hover")}
    fig = growth_figure(depths, widths, counts, bound, labels=labels, lecture=lecture_mode())
    chart(fig, key="regions_growth", filename=text("filename_growth"), title=text("growth_title"))
    rows = {text("col_depth"): [str(depth) for depth in depths]}
    for column, width in enumerate(widths):
        rows[text("col_width", width=width)] = [number(value, 3) for value in counts[:, column]]
    table(rows)
    st.caption(
        text(
            "growth_caption",
            seeds=len(regions.GROWTH_SEEDS),
            points=regions.RESOLUTION,
            extent=number(regions.EXTENT),
            low=min(depths),
            high=max(depths),
        )
    )
