"""The shared body of the function pages: controls, figure, formulas, facts, code, downloads.

A page reads top to bottom and stays thin::

    header("swish")
    view, (swish,) = controls(["swish"])
    panel(swish, view)
    downloads("swish", [swish], view)
    lecture_text(["swish"])

What travels is a configured activation (``REGISTRY["swish"].at(beta=2)``, checked once when
:func:`controls` reads its sliders); numbers come from it and from the symbolic layer
(``activations.symbolic``: LaTeX and facts, derived by SymPy); figures from the pure builders
in :mod:`ui.function_figures`; words from :mod:`ui.function_text`, the ``functions`` strings
table and ``content/<lang>/<key>.md``. Every control is bound to the URL under its shared name
(``beta``, ``negative_slope``, ``alpha``, ``x0``, ``xmin``, ``xmax``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import streamlit as st

from activations import REGISTRY, Configured
from ui.cards import Card, captions_html, cards_html
from ui.content import side_by_side
from ui.function_figures import Curve, Labels, Probe, Reference, function_figure, grid
from ui.function_text import Details, curves_csv, details, formulas_tex
from ui.i18n import current_lang, function_name, t, translate
from ui.layout import lecture_mode
from ui.numbers import number
from ui.precision_page import dtype_control, function_panel, lesson, low
from ui.render import chart, formula, prose
from ui.url_keys import in_url
from ui.widgets import param_slider, x_range

X0_LIMIT = 10.0
X0_DEFAULT = 1.0


@dataclass(frozen=True)
class View:
    """What part of the x axis is drawn, where the probe x₀ sits, and in which type."""

    xmin: float
    xmax: float
    x0: float
    dtype: str = "float64"  # anything else: ui.precision_page draws the figure

    @property
    def x(self) -> np.ndarray:
        return grid(self.xmin, self.xmax)


# --- Streamlit pieces ----------------------------------------------------------------------


def labels() -> Labels:
    return Labels(
        value=t("functions.axis_value"),
        grad=t("functions.axis_grad"),
        x="x",
        tangent=t("functions.tangent"),
        probe="x₀",
    )


def header(page: str) -> None:
    st.title(t(f"nav.{page}"))
    st.caption(t(f"functions.{page}_caption"))


def controls(
    keys: Sequence[str] = (), *, probe: bool = True, precision: bool = True
) -> tuple[View, list[Configured]]:
    """Sliders for the parameters of ``keys`` (each shared name once), x₀, the x range and
    (beside them, if ``precision``) the dtype; each function of ``keys`` configured at the
    values read."""
    params = list({p.name: p for key in keys for p in REGISTRY[key].params}.values())
    # one wrapping row, not columns in columns: each block is a message per run and session
    row = st.container(horizontal=True, gap="medium")
    values = {p.name: param_slider(p, container=row, notes=st) for p in params}
    x0 = X0_DEFAULT
    if probe:
        x0 = row.slider(
            t("functions.x0"),
            -X0_LIMIT,
            X0_LIMIT,
            X0_DEFAULT,
            0.05,
            **in_url("x0"),
            help=t("functions.x0_help"),
        )
    xmin, xmax = x_range(container=row, in_row=True)
    dtype = dtype_control(row) if precision else "float64"
    shown = [
        REGISTRY[key].at(**{p.name: values[p.name] for p in REGISTRY[key].params}) for key in keys
    ]
    return View(float(xmin), float(xmax), float(x0), dtype), shown


def panel(activation: Configured, view: View, *, compact: bool = False, **figure_options) -> None:
    """One function: heading, figure, probe values (``panel_figure``, which takes the
    ``figure_options``), then formulas, facts and code (``panel_details``)."""
    panel_figure(activation, view, compact=compact, with_details=True, **figure_options)
    code(details(activation, current_lang()))


def panel_figure(
    activation: Configured,
    view: View,
    *,
    compact: bool = False,
    note: str | None = None,
    references: Sequence[Reference] = (),
    x_span: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
    with_details: bool = False,
) -> None:
    """The part of a panel the view (x range, probe) changes: heading, figure, probe values
    and ``note``; ``with_details``: the formulas and facts too, in the same element."""
    key, suffix = activation.key, activation.text
    name = function_name(key, current_lang())
    title = t("functions.heading", name=name, params=suffix) if suffix else name
    if compact:  # half width: one short line, so the figures of both columns stay level
        st.markdown(f"#### {name}")
    else:
        st.subheader(title, anchor=key)
    words, x = labels(), view.x
    if low(view.dtype):  # only then: the float64 page draws and computes what it did
        function_panel(
            activation,
            x,
            view.x0,
            view.dtype,
            words=words,
            title=title,
            filename=f"{key}{'_' + suffix if suffix else ''}",
            x_span=x_span,
            value_range=value_range,
            grad_range=grad_range,
        )
        if with_details:
            details_text = details_markdown(activation, current_lang(), compact)
            st.markdown(details_text, unsafe_allow_html=True)
        return
    probe = Probe.of(activation, view.x0)
    fig = function_figure(
        x,
        [Curve.on_grid(activation, view.xmin, view.xmax, words)],
        probe=probe,
        references=references,
        labels=words,
        lecture=lecture_mode(),
        x_range=x_span,
        value_range=value_range,
        grad_range=grad_range,
    )
    chart(fig, key=f"chart_{key}", filename=f"{key}{'_' + suffix if suffix else ''}", title=title)
    at = f"{probe.x0:g}"
    probe_cards = [
        Card(t("functions.value_at", x0=at), number(probe.value, 6)),
        Card(
            t("functions.grad_at", x0=at), number(probe.grad, 6), note=t("functions.grad_at_help")
        ),
    ]
    notes = [note] if note else []
    if not view.xmin <= view.x0 <= view.xmax:
        notes.append(t("functions.x0_outside"))
    body = cards_html(probe_cards) + "".join(captions_html(notes))
    if with_details:  # one element for all: each costs the server a message per session and run
        body += "\n\n" + details_markdown(activation, current_lang(), compact)
    st.markdown(body, unsafe_allow_html=True)


def panel_details(activation: Configured, *, compact: bool = False) -> None:
    """The part only the parameters change: formulas and facts (one element), then code."""
    lang = current_lang()
    st.markdown(details_markdown(activation, lang, compact), unsafe_allow_html=True)
    code(details(activation, lang))


@lru_cache(maxsize=512)  # the same text for every student at these values and language
def details_markdown(activation: Configured, lang: str, compact: bool) -> str:
    """Formulas and facts as ONE Markdown element: each element costs the server a message
    per session and run, and this text changes only with the parameters and the language."""
    shown = details(activation, lang)
    return formulas_markdown(shown, lang, compact=compact) + "\n\n" + facts_markdown(shown, lang)


def formulas(shown: Details, *, compact: bool = False) -> None:
    """f and f′ from SymPy: the general form, and with the current values if there are any."""
    st.markdown(formulas_markdown(shown, current_lang(), compact=compact), unsafe_allow_html=True)


def formulas_markdown(shown: Details, lang: str, *, compact: bool = False) -> str:
    """The general form and (with parameters) the current one: side by side, or one under the
    other when ``compact``."""
    blocks = [(translate("functions.general_form", lang), shown.general)]
    if shown.current:
        blocks.append((translate("functions.current_form", lang, params=shown.text), shown.current))
    cells = [
        f"**{title}**\n\n$$\nf(x) = {formula(value, lang)}\n$$\n\n"
        f"$$\nf'(x) = {formula(grad, lang)}\n$$"
        for title, (value, grad) in blocks
    ]
    return "\n\n".join(cells) if compact else side_by_side(cells)


def facts_markdown(shown: Details, lang: str) -> str:
    """The facts as cards (:mod:`ui.cards`) under their title, with what each label means."""
    items = [
        Card(
            translate(f"functions.{name}", lang),
            value,
            note=where,
            help=translate(f"functions.{name}_help", lang),
        )
        for name, value, where in shown.facts
    ]
    explained = translate("functions.facts_explained", lang)
    return f"**{translate('functions.facts', lang)}**\n\n" + cards_html(items, explained=explained)


def code(shown: Details) -> None:
    """The code, drawn only once the reader opens it: ``st.code`` brings Streamlit's syntax
    highlighter, ~0.5 MB of JavaScript over the wire that a folded panel made every first
    visit download (``python -m bench.wire``)."""
    panel = st.expander(
        t("functions.code"),
        icon=":material/code:",
        key=f"code_{shown.key}",
        on_change="rerun",
    )
    if not panel.open:
        return
    with panel:
        for title, snippet in zip(("NumPy / SciPy", "PyTorch", "JAX"), shown.code, strict=True):
            st.caption(title)
            st.code(snippet, language="python")


PIECEWISE_WORDS = (("for", "if"), ("otherwise", "otherwise"))


def downloads(name: str, shown: Sequence[Configured], view: View) -> None:
    """CSV of every curve shown (float64) and the formulas as a .tex snippet, made on click.

    Deferred (``data`` is a callable): nothing is computed or stored per rerun, and no file URL
    can go stale between a rerun and the browser fetching it (under load, a quick second rerun
    removed the first run's file and the button logged a 404).
    """
    header = f"% {t('nav.' + name)}: {t('functions.tex_note')} (amsmath)"
    shown = tuple(shown)  # as shown now: the caller's list may change before a click
    # Piecewise words as the page shows them (若 … / 其他情况 on a Chinese page).
    words = {word: t(f"functions.piecewise_{key}") for word, key in PIECEWISE_WORDS}
    row = st.container(horizontal=True)  # one block, not three columns; wraps on a phone
    row.download_button(
        t("functions.download_csv"),
        lambda: curves_csv(shown, view.x),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key=f"csv_{name}",
    )
    row.download_button(
        t("functions.download_tex"),
        lambda: formulas_tex(shown, header, words),
        file_name=f"{name}.tex",
        mime="text/x-tex",
        on_click="ignore",
        icon=":material/functions:",
        key=f"tex_{name}",
    )
    if low(view.dtype):  # the lesson on types, once per page, after its figures
        lesson()


def lecture_text(names: Sequence[str]) -> None:
    """The prose of ``names`` (registry keys or page topics); several go into bound tabs."""
    if len(names) == 1:
        prose(names[0], divider=True)
        return
    st.divider()
    titles = [REGISTRY[name].name_en if name in REGISTRY else name for name in names]
    for tab, name in zip(st.tabs(titles, **in_url("text")), names, strict=True):
        with tab:
            prose(name)
