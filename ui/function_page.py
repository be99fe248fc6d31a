"""The shared body of the function pages: controls, figure, formulas, facts, code, downloads.

A page reads top to bottom and stays thin::

    header("swish")
    view, params = controls(["swish"])
    panel("swish", params, view)
    downloads("swish", [("swish", params)], view)
    lecture_text(["swish"])

Numbers come from the registry (``activations.REGISTRY``) and the symbolic layer
(``activations.symbolic``: LaTeX and facts, derived by SymPy); figures from the pure builders
in :mod:`ui.function_figures`; words from the ``functions`` strings table and
``content/<lang>/<key>.md``. Every control is bound to the URL under its shared name
(``beta``, ``negative_slope``, ``alpha``, ``x0``, ``xmin``, ``xmax``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from activations import REGISTRY
from ui.cards import Card
from ui.content import placeholders, raw, side_by_side
from ui.function_figures import (
    Curve,
    Labels,
    Probe,
    Reference,
    function_figure,
    grid,
)
from ui.function_text import (
    FACT_DIGITS,
    code_snippets,
    curves_csv,
    facts,
    formulas_tex,
    interval,
    jumps,
    latex,
    param_text,
    where_text,
)
from ui.i18n import current_lang, function_name, t
from ui.layout import lecture_mode
from ui.numbers import number
from ui.prose_values import prose_values_for
from ui.render import cards, chart, formula, prose
from ui.url_keys import bound
from ui.widgets import param_slider, x_range

X0_LIMIT = 10.0
X0_DEFAULT = 1.0


@dataclass(frozen=True)
class View:
    """What part of the x axis is drawn and where the probe x₀ sits."""

    xmin: float
    xmax: float
    x0: float

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


def controls(keys: Sequence[str] = (), *, probe: bool = True) -> tuple[View, dict[str, float]]:
    """Sliders for the parameters of ``keys`` (each shared name once), x₀ and the x range."""
    params = list({p.name: p for key in keys for p in REGISTRY[key].params}.values())
    columns = st.columns([3] * (len(params) + probe) + [3], gap="medium")
    values = {
        p.name: param_slider(p, container=column)
        for p, column in zip(params, columns, strict=False)
    }
    x0 = X0_DEFAULT
    if probe:
        x0 = columns[len(params)].slider(
            t("functions.x0"),
            -X0_LIMIT,
            X0_LIMIT,
            X0_DEFAULT,
            0.05,
            key=bound("x0"),
            bind="query-params",
            help=t("functions.x0_help"),
        )
    xmin, xmax = x_range(container=columns[-1])
    return View(float(xmin), float(xmax), float(x0)), values


def own(key: str, values: dict[str, float]) -> dict[str, float]:
    """The subset of ``values`` that ``key`` takes."""
    return {p.name: values[p.name] for p in REGISTRY[key].params}


def figure(
    key: str,
    params: dict[str, float],
    view: View,
    *,
    references: Sequence[Reference] = (),
    x_span: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> go.Figure:
    entry, x = REGISTRY[key], view.x
    words = labels()
    curve = Curve(
        words.value,
        words.grad,
        entry.fn(x, **params),
        entry.grad(x, **params),
        kinks=jumps(key, params),
    )
    probe = Probe(view.x0, float(entry.fn(view.x0, **params)), float(entry.grad(view.x0, **params)))
    return function_figure(
        x,
        [curve],
        probe=probe,
        references=references,
        labels=words,
        lecture=lecture_mode(),
        x_range=x_span,
        value_range=value_range,
        grad_range=grad_range,
    )


def panel(
    key: str, params: dict[str, float], view: View, *, compact: bool = False, **figure_options
) -> None:
    """One function: heading, figure, probe metrics (``panel_figure``, which takes the
    ``figure_options``), then formulas, facts and code (``panel_details``)."""
    panel_figure(key, params, view, compact=compact, **figure_options)
    panel_details(key, params, compact=compact)


def panel_figure(
    key: str,
    params: dict[str, float],
    view: View,
    *,
    compact: bool = False,
    note: str | None = None,
    references: Sequence[Reference] = (),
    x_span: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> None:
    """The part of a panel the view (x range, probe) changes: heading, figure, probe metrics."""
    suffix, name = param_text(params), function_name(key, current_lang())
    if compact:  # half width: one short line, so the figures of both columns stay level
        st.markdown(f"#### {name}")
    else:
        heading = t("functions.heading", name=name, params=suffix)
        st.subheader(heading if suffix else name, anchor=key)
    if note:
        st.caption(note)
    fig = figure(
        key,
        params,
        view,
        references=references,
        x_span=x_span,
        value_range=value_range,
        grad_range=grad_range,
    )
    title = t("functions.heading", name=name, params=suffix) if suffix else name
    chart(fig, key=f"chart_{key}", filename=f"{key}{'_' + suffix if suffix else ''}", title=title)
    if not view.xmin <= view.x0 <= view.xmax:
        st.caption(t("functions.x0_outside"))
    probe_metrics(key, params, view.x0)


def panel_details(key: str, params: dict[str, float], *, compact: bool = False) -> None:
    """The part only the parameters change: formulas, facts and code (outside a fragment of
    view controls, a probe move need not redraw them)."""
    formulas(key, params, compact=compact)
    fact_metrics(key, params)
    code(key, params)


def probe_metrics(key: str, params: dict[str, float], x0: float) -> None:
    entry = REGISTRY[key]
    at = f"{x0:g}"
    cards(
        [
            Card(t("functions.value_at", x0=at), number(float(entry.fn(x0, **params)), 6)),
            Card(
                t("functions.grad_at", x0=at),
                number(float(entry.grad(x0, **params)), 6),
                note=t("functions.grad_at_help"),
            ),
        ]
    )


def formulas(key: str, params: dict[str, float], *, compact: bool = False) -> None:
    """f and f′ from SymPy: the general form, and with the current values if there are any."""
    general = latex(key)
    blocks = [(t("functions.general_form"), general)]
    if params:
        blocks.append((t("functions.current_form", params=param_text(params)), latex(key, params)))
    cells = [
        f"**{title}**\n\n$$\nf(x) = {formula(value)}\n$$\n\n$$\nf'(x) = {formula(grad)}\n$$"
        for title, (value, grad) in blocks
    ]
    # one element for all: each costs the server a message per session and run
    body = "\n\n".join(cells) if compact else side_by_side(cells)
    st.markdown(body, unsafe_allow_html=True)


def fact_metrics(key: str, params: dict[str, float]) -> None:
    found = facts(key, params)
    items = [  # (strings key, value, where it is attained, or is not, or None)
        (
            "fact_range",
            interval(
                found["range_low"],
                found["range_high"],
                found["range_low_open"],
                found["range_high_open"],
            ),
            None,
        ),
        ("fact_grad0", number(found["grad_at_0"], FACT_DIGITS), None),
        ("fact_grad_max", *extreme(found, "grad_max", "grad_max_where")),
        ("fact_grad_min", *extreme(found, "grad_min", "grad_min_where")),
        ("fact_min", *extreme(found, "range_low", "min_where")),
        ("fact_grad_m5", number(found["grad_at_minus5"], FACT_DIGITS), None),
        ("fact_grad_p5", number(found["grad_at_plus5"], FACT_DIGITS), None),
        (
            "fact_limits",
            " / ".join(
                number(found[end], FACT_DIGITS) for end in ("limit_neg_inf", "limit_pos_inf")
            ),
            None,
        ),
    ]
    # one element for all eight (ui.cards): as metrics in columns they were ~19
    cards(
        [
            Card(t(f"functions.{name}"), value, note=where, help=t(f"functions.{name}_help"))
            for name, value, where in items
        ],
        title=t("functions.facts"),
        explained=t("functions.facts_explained"),
    )


def extreme(found: dict[str, object], value: str, where: str) -> tuple[str, str]:
    """An infimum or supremum of the facts and where it is attained (or that it is not)."""
    return (
        number(found[value], FACT_DIGITS),
        where_text(found[where], float(found[value]), current_lang()),
    )


def code(key: str, params: dict[str, float]) -> None:
    """The code, drawn only once the reader opens it: ``st.code`` brings Streamlit's syntax
    highlighter, ~0.5 MB of JavaScript over the wire that a folded panel made every first
    visit download (``python -m bench.wire``)."""
    panel = st.expander(
        t("functions.code"), icon=":material/code:", key=f"code_{key}", on_change="rerun"
    )
    if not panel.open:
        return
    with panel:
        snippets = code_snippets(key, params)
        for title, snippet in zip(("NumPy / SciPy", "PyTorch", "JAX"), snippets, strict=True):
            st.caption(title)
            st.code(snippet, language="python")


PIECEWISE_WORDS = (("for", "if"), ("otherwise", "otherwise"))


def downloads(name: str, shown: Sequence[tuple[str, dict[str, float]]], view: View) -> None:
    """CSV of every curve shown (float64) and the formulas as a .tex snippet, made on click.

    Deferred (``data`` is a callable): nothing is computed or stored per rerun, and no file URL
    can go stale between a rerun and the browser fetching it (under load, a quick second rerun
    removed the first run's file and the button logged a 404).
    """
    header = f"% {t('nav.' + name)}: {t('functions.tex_note')} (amsmath)"
    shown = [(key, dict(params)) for key, params in shown]
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


def lecture_text(names: Sequence[str]) -> None:
    """The prose of ``names`` (registry keys or page topics); several go into bound tabs.

    Only the numbers this prose quotes are computed (each once per process), not every
    page's: a first visit to the Sigmoid page derives no GELU or Mish facts.
    """
    lang = current_lang()
    values = prose_values_for(set().union(*(placeholders(raw(name, lang)) for name in names)))
    st.divider()
    if len(names) == 1:
        prose(names[0], values)
        return
    titles = [REGISTRY[name].name_en if name in REGISTRY else name for name in names]
    for tab, name in zip(
        st.tabs(titles, key=bound("text"), bind="query-params"), names, strict=True
    ):
        with tab:
            prose(name, values)
