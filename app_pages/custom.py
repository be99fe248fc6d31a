"""自定义函数: the reader's own formula, parsed safely, differentiated by SymPy, compared."""

import streamlit as st

from activations import REGISTRY
from activations.formula import EXAMPLES, CustomExpressionError
from activations.formula_grid import analyse, grid_facts
from ui import custom_text as words
from ui.cards import Card
from ui.custom_figures import custom_figure
from ui.errors import live, safe_callback
from ui.function_figures import POINTS, grid
from ui.function_page import labels
from ui.function_text import worded
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.render import cards, chart, prose, references
from ui.url_keys import in_url
from ui.widgets import x_range

DEFAULT = "x*sigmoid(a*x)"
NAMES = {key: entry.name_en for key, entry in REGISTRY.items()}


@safe_callback
def use_example(text: str, a: float) -> None:
    st.session_state["expr"], st.session_state["a"] = text, a


lang = current_lang()
st.title(t("nav.custom"))
st.caption(t("custom.caption"))
prose("custom", only={""})


@live
def formula_and_figure() -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(t("custom.examples"), width="content")
        for example in EXAMPLES:
            args = (example.text, example.a)
            st.button(t(f"custom.example_{example.key}"), on_click=use_example, args=args)
    tip = t("custom.help", **words.limits())
    text = st.text_input(t("custom.label"), DEFAULT, **in_url("expr"), help=tip)
    stage = st.container()  # the figure right below the formula (on a phone, the first screen)
    try:
        found = analyse(text)
    except CustomExpressionError as refusal:
        found = None
        st.warning(words.refusal_message(refusal, lang), icon=":material/block:")

    if found is not None:
        middle, right, left = st.columns(3, gap="medium")  # a's slider last: it may be absent
        slider = (t("custom.a_label"), -5.0, 5.0, 1.0, 0.05)  # label, low, high, default, step
        a = left.slider(*slider, **in_url("a"), help=t("custom.a_help")) if found.uses_a else 1.0
        options, tip = list(NAMES), t("custom.compare_help")
        other = middle.selectbox(
            t("custom.compare_with"),
            options,
            options.index("relu"),
            NAMES.get,
            **in_url("vs"),
            help=tip,
        )
        xmin, xmax = x_range(container=right)
        match = found.builtin(a)
        (st.success if match else st.caption)(words.match_message(match, lang))

        st.markdown(f"**{t('custom.formulas')}**")
        for lhs, body in (("f(x)", found.latex), ("f'(x)", found.grad_latex)):
            if body:
                st.latex(f"{lhs} = {worded(body, lang)}")
            else:
                st.caption(t("custom.latex_too_long"))
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

        items = words.fact_items(grid_facts(found, x, a), lang)
        cards(
            [Card(label, value, note=note, help=tip) for label, value, note, tip in items],
            title=t("custom.facts", xmin=f"{xmin:g}", xmax=f"{xmax:g}", points=POINTS),
            explained=t("functions.facts_explained"),
        )


formula_and_figure()

prose("custom", skip={""})
references("custom")
