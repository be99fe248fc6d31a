"""Thin Streamlit renderers shared by pages: charts, content sections and references."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from ui.i18n import current_lang, t
from ui.layout import export_format, lecture_mode
from views.cards import Card, cards_html
from views.content import (
    EXERCISES_CLASS,
    PITFALLS_CLASS,
    display_math_blocks,
    fill,
    placeholders,
    raw,
    sections,
)
from views.figures import ChartView, alt_words, chart_view, reuse_made_json
from views.function_panel import Caption, CodeFold, Options, PanelView, Title
from views.prose_values import prose_values_for
from views.references import cited

reuse_made_json()  # once per process: a shared figure's JSON is made once per title

_ANIMATION_GUARD = (Path(__file__).parent / "browser" / "animation_guard.js").read_text()


def chart(
    fig: go.Figure,
    *,
    key: str,
    filename: str,
    title: str | None = None,
    alt: str | None = None,
    guard: bool = True,
) -> None:
    """Show a figure full width; its modebar camera saves ``filename`` as PNG or SVG, in the
    session's format (the sidebar's, ``ui.layout.export_format``), with ``title`` drawn in it
    and a text alternative for screen readers (``alt``, or one made from the figure):
    :func:`views.figures.chart_view`, in the reader's language. ``guard=False``: an animated
    figure without its guard (a page of several draws the guard with its last one)."""
    made = chart_view(
        fig,
        key=key,
        filename=filename,
        title=title,
        alt=alt,
        words=alt_words(current_lang()),
        image_format=export_format(),
    )
    draw_chart(made, guard=guard)


def draw_chart(shown: ChartView, *, guard: bool = True) -> None:
    """A chart made by :func:`views.figures.chart_view`, full width.

    ``theme=None`` keeps the look ``views.figures.styled`` gave the figure: Streamlit's theme
    would pin tick labels at 12 px and legends at 12 px, undoing lecture mode's larger type.
    """
    # Lecture mode: the chart fills the height LECTURE_CSS gives it (the screen's, less the
    # page's head), not the figure's own, so it fits a 768 px projector as a 1080 px one.
    height = "stretch" if lecture_mode() else "content"
    st.plotly_chart(
        shown.figure,
        key=shown.key,
        config=shown.config,
        width="stretch",
        height=height,
        theme=None,
        alt=shown.alt,
    )
    if shown.animated and guard:
        guard_animations()


def panel_options(**panel) -> Options:
    """A panel's :class:`~views.function_panel.Options` in this session's language, lecture
    mode and image format, with the page's own ``panel`` choices."""
    return Options(
        lang=current_lang(), lecture=lecture_mode(), image_format=export_format(), **panel
    )


def draw_panel(shown: PanelView) -> None:
    """A function's panel as :func:`views.function_panel.panel_view` made it, block by block."""
    for block in shown.blocks:
        if isinstance(block, ChartView):
            draw_chart(block)
        elif isinstance(block, Title):
            if block.compact:  # half width: one short line
                st.markdown(f"#### {block.text}")
            else:
                st.subheader(block.text, anchor=block.anchor)
        elif isinstance(block, Caption):
            st.caption(block.text)
        elif isinstance(block, CodeFold):
            code_fold(block.key, block.title, block.snippets)
        else:
            st.markdown(block.text, unsafe_allow_html=True)
    if shown.failure is not None:  # the details failed: what was made is drawn, then the error
        raise shown.failure


def guard_animations() -> None:
    """Keep pausing an animated chart from reporting an error in the browser (see the script)."""
    st.html(f"<script>{_ANIMATION_GUARD}</script>", unsafe_allow_javascript=True)


def prose(name: str, *, only=None, skip=(), divider: bool = False, then: str = "") -> None:
    """Render sections of ``content/<lang>/<name>.md``, its ``{{placeholders}}`` filled with
    the numbers they name (:mod:`views.prose_values`; only those this prose quotes are computed,
    each once per process: a first visit to the Sigmoid page derives no GELU or Mish facts).

    The sections shown (``only`` them if given, not those in ``skip``) are ONE ``st.markdown``:
    each under its heading (``###``, as ``st.subheader`` draws it), its paragraphs and ``$$…$$``
    formulas as centred display blocks; ``常见误区``/``Common misconceptions`` in a tinted box
    (formulas inline) and ``练习``/``Exercises`` folded (:func:`_prose_markdown`). Every element
    costs the server a message per session and run, so a page's prose is one element, made once
    per prose, language and choice of sections. In lecture mode every section folds into an
    expander of its own, so the projector shows figures and controls first. ``divider``: a
    rule above, in the same element; ``then``: Markdown after the sections (the next section's
    heading, say), in the same element too.
    """
    lang = current_lang()
    only = tuple(only) if only is not None else None
    if lecture_mode():
        if divider:
            st.divider()
        for heading, text in _chosen(name, lang, only, tuple(skip)):
            with st.expander(heading or t("app.intro")):
                st.markdown(text)
        if then:
            st.markdown(then, unsafe_allow_html=True)
        return
    body = "\n\n".join(
        part for part in (_prose_markdown(name, lang, only, tuple(skip)), then) if part
    )
    if body or divider:
        st.markdown(f"---\n\n{body}" if divider else body, unsafe_allow_html=True)


def _chosen(name, lang, only, skip) -> list[tuple[str, str]]:
    return [
        (heading, text)
        for heading, text in _section_texts(name, lang)
        if (only is None or heading in only) and heading not in skip
    ]


@lru_cache(maxsize=512)
def _prose_markdown(name, lang, only, skip) -> str:
    """The chosen sections as one Markdown text; the misconceptions and exercises are wrapped
    in HTML (a ``role="note"`` box, a ``<details>`` fold) with Markdown inside, which the blank
    lines around it keep Markdown."""
    parts = []
    for heading, text in _chosen(name, lang, only, skip):
        if heading.startswith(("常见误区", "Common misconceptions")):
            parts.append(
                f'<div class="{PITFALLS_CLASS}" role="note">\n\n**{heading}**\n\n{text}\n\n</div>'
            )
        elif heading.startswith(("练习", "Exercises")):
            fold = f'<details class="{EXERCISES_CLASS}">\n<summary>{heading}</summary>'
            parts.append(f"{fold}\n\n{text}\n\n</details>")
        else:
            parts.append(f"### {heading}\n\n{text}" if heading else text)
    return "\n\n".join(parts)


@lru_cache(maxsize=512)
def _section_texts(name: str, lang: str) -> tuple[tuple[str, str], ...]:
    """``(heading, filled text)`` per section of ``content/<lang>/<name>.md``, formulas as
    display blocks except in the misconceptions (a warning box sets them inline)."""
    filled = prose_values_for(placeholders(raw(name, lang)))
    return tuple(
        (
            heading,
            body
            if heading.startswith(("常见误区", "Common misconceptions"))
            else display_math_blocks(body),
        )
        for heading, body in ((h, fill(text, filled)) for h, text in sections(name, lang).items())
    )


def markdown(body: str) -> None:
    """Markdown with each ``$$…$$`` display formula set as a centred display block, in one
    element (:func:`views.content.display_math_blocks`)."""
    st.markdown(display_math_blocks(body))


def cards(items: Sequence[Card], *, title: str = "", explained: str = "") -> None:
    """Numbers as cards in one element (:mod:`views.cards`), under ``title`` in bold if given;
    ``explained`` names the fold that says what each label means (a card's ``help``)."""
    head = f"**{title}**\n\n" if title else ""
    st.markdown(head + cards_html(items, explained=explained), unsafe_allow_html=True)


def code_fold(key: str, title: str, snippets: Iterable[tuple[str, str]]) -> None:
    """Python ``snippets`` (caption or ``""``, code) in a fold, drawn only once opened:
    ``st.code`` brings Streamlit's syntax highlighter, ~0.5 MB of JavaScript over the wire that
    a folded panel made every first visit download (``python -m bench.wire``)."""
    fold = st.expander(title, icon=":material/code:", key=key, on_change="rerun")
    if not fold.open:
        return
    with fold:
        for caption, snippet in snippets:
            if caption:
                st.caption(caption)
            st.code(snippet, language="python")


def references(*names: str) -> None:
    """What ``names`` cite (a page's url_path, the registry keys it shows), as a short dated
    list under "参考文献 / References" at the bottom of the page; folded away in lecture mode.

    Each page ends with this one call; the lists live in ``content/references.toml``.
    """
    works = cited(names)
    if not works:
        return
    items = "\n".join(f"{number}. {work.citation()}" for number, work in enumerate(works, 1))
    if lecture_mode():
        with st.expander(t("app.references"), icon=":material/menu_book:"):
            st.markdown(items)
        return
    # rule, heading and list in one element: each costs the server a message per session and run
    st.markdown(f"---\n\n### {t('app.references')}\n\n{items}")
