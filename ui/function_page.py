"""The shared body of the function pages: controls, figure, formulas, facts, code, downloads.

A page reads top to bottom and stays thin::

    header("swish")
    view, (swish,) = controls(["swish"])
    panel(swish, view)
    downloads("swish", [swish], view)
    lecture_text(["swish"])

What travels is a configured activation (``REGISTRY["swish"].at(beta=2)``, checked once when
:func:`controls` reads its sliders) to :func:`panel`, which hands it once to the panel's view
model (:func:`views.function_panel.panel_view`: the core's reading, every word and number from
:mod:`views.function_text`, the figures, the charts) and draws what came back
(``ui.render.draw_panel``); prose from ``content/<lang>/<key>.md``. Every
control is bound to the URL under its shared name (``beta``, ``negative_slope``, ``alpha``,
``x0``, ``xmin``, ``xmax``).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from activations import REGISTRY, Configured
from ui.i18n import current_lang, t
from ui.precision_page import dtype_control, lesson, low
from ui.render import draw_panel, panel_options, prose
from ui.widgets import param_slider, x_range
from views.function_figures import Labels, Reference, View
from views.function_panel import PanelView, panel_view
from views.function_text import curves_csv, figure_labels, formulas_tex
from views.made_once import MadeOnce
from views.url_keys import in_url

X0_LIMIT = 10.0
X0_DEFAULT = 1.0


# --- Streamlit pieces ----------------------------------------------------------------------


def labels() -> Labels:
    """The function figure's axis and legend words in the reader's language."""
    return figure_labels(current_lang())


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


def panel(
    activation: Configured,
    view: View | None = None,
    *,
    compact: bool = False,
    text: bool = True,
    facts: bool = True,
    note: str | None = None,
    references: Sequence[Reference] = (),
    x_span: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> None:
    """One function: heading, figure and probe values (given a ``view``; in its type, with
    what the type does, below float64), then formulas, facts and code, its text (unless
    ``text`` is false; the facts unless ``facts`` is).

    Made first, then drawn: :func:`views.function_panel.panel_view` computes the whole panel
    (cached per function and values where it can), ``ui.render.draw_panel`` draws it. A page
    whose probe should not redraw the formulas calls it twice: with ``text=False`` inside its
    fragment of view controls, and without a ``view`` outside it.
    """
    options = panel_options(
        compact=compact,
        text=text,
        facts=facts,
        note=note,
        references=tuple(references),
        x_span=x_span,
        value_range=value_range,
        grad_range=grad_range,
    )
    draw_panel(shared_panel(activation, view, options))


PANELS_KEPT = 1024  # a panel is its blocks: the figures in it are shared already
_panels: MadeOnce[PanelView] = MadeOnce(PANELS_KEPT)


def shared_panel(activation: Configured, view: View | None, options) -> PanelView:
    """:func:`views.function_panel.panel_view`, made once per function, values, view and
    options for every session: read again on every run, it hashed the panel's arrays to find
    its shared figures and made the type's report anew (~0.7 ms a panel below float64).
    Options carrying arrays (reference curves) are made as before, every run."""
    key = (activation.cache_key, view, options)
    try:
        hash(key)
    except TypeError:
        return panel_view(activation, view, options)
    # an error is raised anew on each run, not kept
    return _panels.get(key, lambda: panel_view(activation, view, options), keep=_no_failure)


def _no_failure(shown: PanelView) -> bool:
    return shown.failure is None


def downloads(name: str, shown: Sequence[Configured], view: View) -> None:
    """CSV of every curve shown (float64) and the formulas as a .tex snippet, made on click.

    Deferred (``data`` is a callable): nothing is computed or stored per rerun, and no file URL
    can go stale between a rerun and the browser fetching it (under load, a quick second rerun
    removed the first run's file and the button logged a 404).
    """
    header = f"% {t('nav.' + name)}: {t('functions.tex_note')} (amsmath)"
    shown, lang = tuple(shown), current_lang()  # as shown now: the list may change before a click
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
        lambda: formulas_tex(shown, header, lang),
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
