"""The 首页 page's body: every function at a glance, the path Sigmoid → SwiGLU, the dated
timeline and the lesson plan, each a section the page places between its prose."""

from __future__ import annotations

import streamlit as st

from activations import REGISTRY
from activations.gated import GATED
from ui.i18n import current_lang, t
from ui.layout import lecture_mode, page_target, url_state
from ui.render import chart
from ui.routes import CLASS_ROUTE, route_markdown, route_section
from ui.tables import table
from views.function_figures import Labels
from views.home_figures import (
    LINEAGE,
    OVERVIEW_KEYS,
    OVERVIEW_POINTS,
    grid,
    legend_name,
    overview_figure,
)
from views.navigation import page
from views.references import timeline_rows
from views.strings import function_name

TIMELINE_COLUMNS = ("when", "name", "paper", "models")
TIMELINE_NOTES = ("popularised", "earlier", "independently")


def link(url_path: str, label: str | None = None) -> None:
    spec = page(url_path)
    label = label or t(f"nav.{url_path}")
    st.page_link(page_target(url_path), label=label, icon=spec.icon, query_params=url_state())


def overview(numbers: dict[str, str]) -> None:
    """Every element-wise function in one figure, f on top and f′ below; ``numbers`` are
    :func:`views.home_figures.home_numbers`, which the strings quote."""
    lang = current_lang()
    st.subheader(t("home.overview_title"))
    labels = Labels(value=t("home.axis_value"), grad=t("home.axis_grad"))
    x = grid(-5, 5, OVERVIEW_POINTS)
    legend = {key: legend_name(entry, lang) for key, entry in REGISTRY.items()}
    figure = overview_figure(x, OVERVIEW_KEYS, names=legend, labels=labels, lecture=lecture_mode())
    title = t("home.overview_title")
    chart(figure, key="home_overview", filename=t("home.overview_file"), title=title)
    st.caption(t("home.overview_caption", **numbers))


def lineage(numbers: dict[str, str]) -> None:
    """The conceptual path Sigmoid → SwiGLU, a card per step with a link to its page."""
    lang = current_lang()
    names = {key: function_name(key, lang) for key in {**REGISTRY, **GATED}}
    st.subheader(t("home.lineage_title"))
    per_row = 3 if lecture_mode() else len(LINEAGE)  # projector type needs wider cards
    for start in range(0, len(LINEAGE), per_row):
        for offset, column in enumerate(st.columns(per_row)):
            step, url_path = LINEAGE[start + offset]
            with column.container(border=True, height="stretch"):
                # The step's name and what it answers: one element (each costs a message,
                # a React subtree and its layout at every first render), two paragraphs.
                heading = f":blue-badge[{start + offset + 1}] **{names[step]}**"
                st.markdown(f"{heading}\n\n{t(f'home.lineage.{step}', **numbers)}")
                link(url_path, t("home.open"))
    st.caption(t("home.lineage_note"))


def timeline() -> None:
    """The dated history, from ``content/references.toml``."""
    st.subheader(t("home.timeline_title"))
    table(
        timeline_rows(
            {column: t(f"home.timeline_{column}") for column in TIMELINE_COLUMNS},
            {note: t(f"home.timeline_{note}") for note in TIMELINE_NOTES},
        )
    )
    st.caption(t("home.timeline_caption"))


def lesson(numbers: dict[str, str]) -> None:
    """The 45-minute lesson as one Markdown list (each page it opens ends with 下一页), then
    the 90-minute lecture: deep links in order, with the quiz questions that fit."""
    st.subheader(t("home.path_title"))
    st.markdown(
        route_markdown(
            CLASS_ROUTE, t, url_state(), lambda stop: t(f"home.path.{stop.page}", **numbers)
        )
    )
    route_section()
