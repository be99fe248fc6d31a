"""Display formulas in the lecture prose: ``$$…$$`` is a centred display block, in reading order.

Streamlit's Markdown sets a one-line ``$$…$$`` inline at text size; ``ui.render.prose`` sets
each one as a block of its own (fences on their own lines, ``views.content.display_math_blocks``,
the Markdown ``st.latex`` sends), inside the section's one ``st.markdown``.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from harness.appdriver import display_blocks, run_page
from views.content import (
    EXERCISES_CLASS,
    PITFALLS_CLASS,
    display_math_blocks,
    raw,
    sections,
    split_display_math,
)
from views.strings import LANGUAGES


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


def test_a_section_with_display_math_is_one_markdown_with_the_formula_between_paragraphs() -> None:
    at = AppTest.from_function(_section_script).run()
    assert not at.exception
    assert [node.type for node in at.main if node.type in ("markdown", "latex")] == ["markdown"]
    assert at.markdown[0].value == (
        "Swish is\n\n$$\nx\\,\\sigma(\\beta x)\n$$\n\nfor $\\beta > 0$."
    )
    assert display_blocks(at.markdown[0].value) == ["x\\,\\sigma(\\beta x)"]


def test_display_blocks_stand_apart_from_their_paragraphs() -> None:
    text = display_math_blocks("a $b$\n$$f$$ c\n\n$$\ng\n$$")
    assert text == "a $b$\n\n$$\nf\n$$\n\nc\n\n$$\ng\n$$"
    assert display_blocks(text) == ["f", "g"]


def test_swish_page_draws_the_prose_formulas_asdisplay_blocks() -> None:
    at = run_page("app_pages/swish.py")
    assert not at.exception
    prose_formulas = [
        part
        for text in sections("swish", "zh").values()
        for kind, part in split_display_math(text)
        if kind == "latex"
    ]
    assert len(prose_formulas) == raw("swish", "zh").count("$$") // 2 >= 2
    shown = [block for element in at.markdown for block in display_blocks(element.value)]
    assert all(formula in shown for formula in prose_formulas)
    # no formula left inline: every $$ of the Markdown is a fence on a line of its own
    for element in at.markdown:
        assert all(line.strip() == "$$" for line in element.value.split("\n") if "$$" in line)


def test_the_prose_is_one_markdown_with_each_section_under_its_heading() -> None:
    """A page's prose is one element (each costs a message per session and run): every
    section under its heading, the misconceptions in their box, the exercises folded."""
    at = run_page("app_pages/swish.py")
    [shown] = [m.value for m in at.markdown if PITFALLS_CLASS in m.value]
    for heading, text in sections("swish", "zh").items():
        if heading.startswith("常见误区"):
            assert f'<div class="{PITFALLS_CLASS}" role="note">\n\n**{heading}**' in shown
        elif heading.startswith("练习"):
            assert f'<details class="{EXERCISES_CLASS}">\n<summary>{heading}</summary>' in shown
        elif heading:
            assert f"\n### {heading}\n" in shown
        plain = [
            line
            for line in text.split("\n")
            if line.strip() and "{{" not in line and "$$" not in line
        ]
        assert plain and all(line.strip() in shown for line in plain)
