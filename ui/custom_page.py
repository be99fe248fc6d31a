"""The 自定义函数 page's body: examples, the formula, and what the app makes of it.

The formula is parsed safely and differentiated by SymPy (:mod:`activations.formula_grid`);
the page shows its LaTeX, the built-in it equals if any, a figure beside a built-in of the
reader's choice and the facts read off the plotted interval.
"""

from __future__ import annotations

import functools

import streamlit as st

from activations import REGISTRY
from activations.formula import EXAMPLES, CustomExpressionError
from activations.formula_grid import Analysis, GridFacts, analyse, grid_facts
from ui.errors import safe_callback
from ui.function_page import labels
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.render import cards, chart
from ui.widgets import x_range
from views import custom_text as words
from views.cards import Card
from views.content import formula_block
from views.custom_figures import custom_figure
from views.function_figures import POINTS, grid
from views.function_text import worded
from views.url_keys import in_url

DEFAULT = "x*sigmoid(a*x)"
NAMES = {key: entry.name_en for key, entry in REGISTRY.items()}


@safe_callback
def use_example(text: str, a: float) -> None:
    st.session_state["expr"], st.session_state["a"] = text, a


def examples() -> None:
    """A row of example formulas: a click puts one (and its a) into the formula box."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(t("custom.examples"), width="content")
        for example in EXAMPLES:
            args = (example.text, example.a)
            st.button(t(f"custom.example_{example.key}"), on_click=use_example, args=args)


def formula() -> str:
    """The formula box, bound to the URL as ``expr``."""
    tip = t("custom.help", **words.limits())
    return st.text_input(t("custom.label"), DEFAULT, **in_url("expr"), help=tip)


def analysed(text: str) -> Analysis | None:
    """The formula parsed and differentiated; ``None``, said in a warning, when refused."""
    try:
        return analyse(text)
    except CustomExpressionError as refusal:
        st.warning(words.refusal_message(refusal, current_lang()), icon=":material/block:")
        return None


@functools.lru_cache(maxsize=512)  # shared by every session, only read
def facts_on_grid(text: str, xmin: float, xmax: float, a: float) -> GridFacts:
    """The facts of formula ``text`` on the plotted interval at ``a``, made once per value
    (1.6 ms each, every run before; a class asks for the same few)."""
    return grid_facts(analyse(text), grid(xmin, xmax), a)


def formulas_markdown(found: Analysis, lang: str) -> str:
    """The heading, f and f′ as display formulas (or, for one too long to typeset, a note in
    its place), as one Markdown text."""
    parts = [f"**{t('custom.formulas')}**"]
    for lhs, body in (("f(x)", found.latex), ("f'(x)", found.grad_latex)):
        if body:
            parts.append(formula_block(f"{lhs} = {worded(body, lang)}"))
        else:
            parts.append(f":small[{t('custom.latex_too_long')}]")
    return "\n\n".join(parts)


def study(found: Analysis, stage) -> None:
    """Its parameter, a built-in to compare and the x range; the built-in it equals, its
    LaTeX, the figure (in ``stage``, right below the formula) and the facts of the interval."""
    lang = current_lang()
    # one wrapping row, not columns in columns: each block is a message per run and session
    row = st.container(horizontal=True, gap="medium")
    options, tip = list(NAMES), t("custom.compare_help")
    other = row.selectbox(
        t("custom.compare_with"),
        options,
        options.index("relu"),
        NAMES.get,
        **in_url("vs"),
        help=tip,
    )
    xmin, xmax = x_range(container=row, in_row=True)
    slider = (t("custom.a_label"), -5.0, 5.0, 1.0, 0.05)  # label, low, high, default, step
    # a's slider last: it may be absent
    a = row.slider(*slider, **in_url("a"), help=t("custom.a_help")) if found.uses_a else 1.0
    match = found.builtin(a)
    (st.success if match else st.caption)(words.match_message(match, lang))

    st.markdown(formulas_markdown(found, lang))  # one element: each costs every run
    st.caption(words.derivative_note(found, lang))

    x, entry = grid(xmin, xmax), REGISTRY[other]
    mine, slope = found.curves(x, a)
    names = (t("custom.yours"), t("custom.yours_grad"))
    builtin = (NAMES[other], entry.fn(x), entry.grad(x), entry.kinks)
    look = {"labels": labels(), "lecture": lecture_mode()}
    figure = custom_figure(x, mine.y, slope.y, names=names, builtin=builtin, **look)
    title = f"f(x) = {st.session_state['expr']}"
    with stage:
        chart(figure, key="custom_chart", filename=t("custom.filename"), title=title)
        if mine.bad:
            st.info(t("custom.gaps", count=mine.bad, total=POINTS), icon=":material/info:")

    items = words.fact_items(facts_on_grid(found.text, xmin, xmax, a), lang)
    cards(
        [Card(label, value, note=note, help=tip) for label, value, note, tip in items],
        title=t("custom.facts", xmin=f"{xmin:g}", xmax=f"{xmax:g}", points=POINTS),
        explained=t("functions.facts_explained"),
    )
