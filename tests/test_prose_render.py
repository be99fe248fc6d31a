"""Display formulas in the lecture prose: ``$$…$$`` is drawn by ``st.latex``, in reading order.

Streamlit's Markdown sets a one-line ``$$…$$`` inline at text size; ``ui.render.prose`` cuts
each one out (``ui.content.split_display_math``) and draws it as a centred display formula.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.appdriver import run_page
from ui.content import raw, sections, split_display_math
from ui.i18n import LANGUAGES


def test_split_keeps_order_and_inline_math() -> None:
    text = "Before $a$.\n\n$$f(x) = x$$\n\nBetween.\n$$g$$\nAfter $b$."
    assert split_display_math(text) == [
        ("markdown", "Before $a$."),
        ("latex", "f(x) = x"),
        ("markdown", "Between."),
        ("latex", "g"),
        ("markdown", "After $b$."),
    ]
    assert split_display_math("only $x$ inline") == [("markdown", "only $x$ inline")]
    assert split_display_math("$$\n\\frac{1}{2}\n$$") == [("latex", "\\frac{1}{2}")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_display_formula_is_left_in_markdown_after_splitting(lang: str) -> None:
    for name in ("swish", "sigmoid", "gelu", "leaky_relu", "glu"):
        for text in sections(name, lang).values():
            for kind, part in split_display_math(text):
                assert kind == "latex" or "$$" not in part, (name, part)


def _section_script() -> None:
    from ui.render import markdown

    markdown("Swish is\n\n$$x\\,\\sigma(\\beta x)$$\n\nfor $\\beta > 0$.")


def test_a_section_with_display_math_yields_a_latex_element_between_its_paragraphs() -> None:
    at = AppTest.from_function(_section_script).run()
    assert not at.exception
    kinds = [node.type for node in at.main if node.type in ("markdown", "latex")]
    assert kinds == ["markdown", "latex", "markdown"]
    assert at.latex[0].value.strip("$ \n") == "x\\,\\sigma(\\beta x)"
    assert [m.value for m in at.markdown] == ["Swish is", "for $\\beta > 0$."]


def test_swish_page_draws_the_prose_formulas_with_st_latex() -> None:
    at = run_page("app_pages/swish.py")
    assert not at.exception
    prose_formulas = [
        part
        for text in sections("swish", "zh").values()
        for kind, part in split_display_math(text)
        if kind == "latex"
    ]
    assert len(prose_formulas) == raw("swish", "zh").count("$$") // 2 >= 2
    shown = [
        element.value.strip().removeprefix("$$").removesuffix("$$").strip() for element in at.latex
    ]
    assert all(formula in shown for formula in prose_formulas)
    assert not any("$$" in element.value for element in at.markdown)
