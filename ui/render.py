"""Thin Streamlit renderers shared by pages: charts, content sections and references."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from ui.content import fill, sections, split_display_math
from ui.figures import chart_config
from ui.i18n import current_lang, t
from ui.layout import export_format, lecture_mode
from ui.references import cited

REFERENCES_KEY = "references"  # container key, rendered as CSS class ``st-key-references``
_ANIMATION_GUARD = (Path(__file__).parent / "browser" / "animation_guard.js").read_text()


def chart(fig: go.Figure, *, key: str, filename: str) -> None:
    """Show a figure full width; its modebar camera saves ``filename`` as PNG or SVG.

    The format is the session's choice in the sidebar (``ui.layout.export_format``).
    ``theme=None`` keeps the look ``ui.figures.styled`` gave the figure: Streamlit's theme
    would pin tick labels at 12 px and legends at 12 px, undoing lecture mode's larger type.
    """
    config = chart_config(filename, export_format())
    st.plotly_chart(fig, key=key, config=config, width="stretch", theme=None)
    if fig.frames:
        guard_animations()


def guard_animations() -> None:
    """Keep pausing an animated chart from reporting an error in the browser (see the script)."""
    st.html(f"<script>{_ANIMATION_GUARD}</script>", unsafe_allow_javascript=True)


def prose(name: str, values: dict[str, object] | None = None, *, only=None, skip=()) -> None:
    """Render sections of ``content/<lang>/<name>.md``, filling ``{{placeholders}}``.

    Sections whose heading starts with ``常见误区``/``Common misconceptions`` become a warning
    box, and ``练习``/``Exercises`` an expander; in lecture mode all prose folds into expanders
    so the projector shows figures and controls first. A ``$$…$$`` formula becomes a centred
    ``st.latex`` block between the paragraphs around it (a warning box holds Markdown only,
    so the misconceptions keep their formulas inline).
    """
    lang = current_lang()
    for heading, text in sections(name, lang).items():
        if (only is not None and heading not in only) or heading in skip:
            continue
        body = fill(text, values or {})
        if lecture_mode():
            with st.expander(heading or t("app.intro")):
                markdown(body)
        elif heading.startswith(("常见误区", "Common misconceptions")):
            st.warning(f"**{heading}**\n\n{body}", icon=":material/error:")
        elif heading.startswith(("练习", "Exercises")):
            with st.expander(heading, icon=":material/edit:"):
                markdown(body)
        else:
            if heading:
                st.subheader(heading)
            markdown(body)


def formula(tex: str) -> str:
    """SymPy's LaTeX with the words of a piecewise definition in the reader's language.

    SymPy writes ``\\text{for}`` before each condition and ``\\text{otherwise}`` for the
    last branch; a Chinese page reads 若 … / 其他情况 instead.
    """
    for word, key in (("for", "piecewise_if"), ("otherwise", "piecewise_otherwise")):
        tex = tex.replace(rf"\text{{{word}}}", rf"\text{{{t(f'functions.{key}')}}}")
    return tex


def markdown(body: str) -> None:
    """Markdown with each ``$$…$$`` display formula drawn by ``st.latex``, in reading order."""
    for kind, part in split_display_math(body):
        if kind == "latex":
            st.latex(part)
        else:
            st.markdown(part)


def references(*names: str) -> None:
    """What ``names`` cite (a page's url_path, the registry keys it shows), as a short dated
    list under "参考文献 / References" at the bottom of the page; folded away in lecture mode.

    Each page ends with this one call; the lists live in ``content/references.toml``.
    """
    works = cited(names)
    if not works:
        return
    items = "\n".join(f"{number}. {work.citation()}" for number, work in enumerate(works, 1))
    with st.container(key=REFERENCES_KEY):
        if lecture_mode():
            with st.expander(t("app.references"), icon=":material/menu_book:"):
                st.markdown(items)
            return
        st.divider()
        st.subheader(t("app.references"))
        st.markdown(items)
