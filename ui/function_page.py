"""The shared body of the function pages: controls, figure, formulas, facts, code, downloads.

A page reads top to bottom and stays thin::

    header("swish")
    view, (swish,) = controls(["swish"])
    panel(swish, view)
    downloads("swish", [swish], view)
    lecture_text(["swish"])

What travels is a configured activation (``REGISTRY["swish"].at(beta=2)``, checked once when
:func:`controls` reads its sliders) to :func:`panel`, which hands it once to each builder
and draws what they made: the figure from :mod:`ui.function_figures`, every word and number
(LaTeX from ``activations.symbolic``, facts from ``activations.facts``, the ``functions``
strings table) from :mod:`ui.function_text`; prose from ``content/<lang>/<key>.md``. Every
control is bound to the URL under its shared name (``beta``, ``negative_slope``, ``alpha``,
``x0``, ``xmin``, ``xmax``).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from activations import REGISTRY, Configured
from ui.cards import captions_html, cards_html
from ui.function_figures import Curve, Labels, Probe, Reference, View, function_figure
from ui.function_text import (
    curves_csv,
    details,
    details_markdown,
    formulas_tex,
    heading,
    probe_cards,
)
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.precision_page import dtype_control, function_panel, lesson, low
from ui.render import chart, code_fold, prose
from ui.url_keys import in_url
from ui.widgets import param_slider, x_range

X0_LIMIT = 10.0
X0_DEFAULT = 1.0
CODE_TITLES = ("NumPy / SciPy", "PyTorch", "JAX")


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
    """One function: heading, figure and probe values (given a ``view``), then formulas, facts
    and code, its text (unless ``text`` is false; the facts unless ``facts`` is).

    Made first, then drawn: the figure by :mod:`ui.function_figures`, every word and number by
    :mod:`ui.function_text` (cached per function and values). A page whose probe should not
    redraw the formulas calls it twice: with ``text=False`` inside its fragment of view
    controls, and without a ``view`` outside it.
    """
    lang = current_lang()
    body = ""
    if view is not None:
        named, words = heading(activation, lang), labels()
        if compact:  # half width: one short line, so the figures of both columns stay level
            st.markdown(f"#### {named.name}")
        else:
            st.subheader(named.title, anchor=named.key)
        if low(view.dtype):  # only then: the float64 page draws and computes what it did
            function_panel(
                activation,
                view.x,
                view.x0,
                view.dtype,
                words=words,
                title=named.title,
                filename=named.filename,
                x_span=x_span,
                value_range=value_range,
                grad_range=grad_range,
            )
        else:
            probe = Probe.of(activation, view.x0)
            fig = function_figure(
                view.x,
                [Curve.on_grid(activation, view.xmin, view.xmax, words)],
                probe=probe,
                references=references,
                labels=words,
                lecture=lecture_mode(),
                x_range=x_span,
                value_range=value_range,
                grad_range=grad_range,
            )
            chart(fig, key=f"chart_{named.key}", filename=named.filename, title=named.title)
            notes = [note] if note else []
            if not view.xmin <= view.x0 <= view.xmax:
                notes.append(t("functions.x0_outside"))
            body = cards_html(probe_cards(probe, lang)) + "".join(captions_html(notes))
    if text:  # after the figure, which stays drawn should SymPy fail here
        body += ("\n\n" if body else "") + details_markdown(activation, lang, compact, facts)
    if body:  # one element for all: each costs the server a message per session and run
        st.markdown(body, unsafe_allow_html=True)
    if text:
        snippets = zip(CODE_TITLES, details(activation, lang).code, strict=True)
        code_fold(f"code_{activation.key}", t("functions.code"), snippets)


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
