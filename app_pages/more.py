"""更多: GELU (exact, with its tanh approximation and their difference), ELU, Softplus, Mish."""

import numpy as np
import streamlit as st

from activations import REGISTRY
from ui.errors import live
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.i18n import t
from ui.layout import lecture_mode
from ui.render import cards, chart, references
from views.cards import Card
from views.function_figures import View, difference_figure
from views.function_text import FACT_DIGITS
from views.numbers import number
from views.url_keys import in_url

CHOICES = ("gelu", "elu", "softplus", "mish")

header("more")


def gelu_approximation(view: View) -> None:
    """Exact GELU minus its tanh approximation, magnified, with the formulas of the latter."""
    x = view.x
    difference = REGISTRY["gelu"].fn(x) - REGISTRY["gelu_tanh"].fn(x)
    st.subheader(t("functions.gelu_difference"), anchor="gelu_tanh")
    fig = difference_figure(
        x, difference, name=t("functions.gelu_difference_axis"), lecture=lecture_mode()
    )
    chart(
        fig,
        key="chart_gelu_difference",
        filename="gelu_minus_gelu_tanh",
        title=t("functions.gelu_difference"),
    )
    worst = int(np.argmax(np.abs(difference)))
    cards(
        [
            Card(t("functions.gelu_max_difference"), number(float(abs(difference[worst])), 3)),
            Card(t("functions.gelu_max_difference_at"), number(float(x[worst]), FACT_DIGITS)),
        ]
    )
    st.markdown(f"##### {t('functions.gelu_tanh_formulas')}")
    panel(REGISTRY["gelu_tanh"].at(), facts=False)


@live
def figures_and_controls() -> None:
    """The function's choice and everything it changes, its prose and references included:
    choosing another function reruns this fragment, not the page with its sidebar."""
    key = st.radio(  # not a segmented control: a bound one can be emptied by `?fn=`
        t("functions.fn"),
        CHOICES,
        format_func=lambda choice: REGISTRY[choice].name_en,
        horizontal=True,
        **in_url("fn"),
    )
    view, shown = controls([key])
    panel(shown[0], view)
    if key == "gelu":
        gelu_approximation(view)
        shown.append(REGISTRY["gelu_tanh"].at())
    downloads("more", shown, view)
    lecture_text([key])
    references(key)


figures_and_controls()
