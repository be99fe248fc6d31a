"""Lecture prose from ``content/<lang>/<name>.md``, split into sections and filled with facts.

A content file is Markdown whose ``## `` headings name its sections (直觉, 公式, … or
Intuition, Formula, …). Numbers the registry knows are written as ``{{name}}`` and filled in
from a mapping at render time, so prose never repeats a number typed by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from views.strings import CONTENT_DIR

# A page's prose is one Markdown element (``ui.render.prose``): its misconceptions box and its
# folded exercises are HTML wrappers with these classes around Markdown, styled here.
PITFALLS_CLASS = "lab-pitfalls"
EXERCISES_CLASS = "lab-exercises"
COLUMNS_CLASS = "lab-columns"
PROSE_CSS = f"""<style>
.{COLUMNS_CLASS} {{
  display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr));
  gap: 0 1.5rem;
}}
.{COLUMNS_CLASS} > div {{ min-width: 0; }}
.{PITFALLS_CLASS} {{
  background: #FFF6E0; border-left: 4px solid #9A5B00; border-radius: 0.5rem;
  padding: 0.75rem 1rem 0.1rem; margin: 0 0 1rem;
}}
details.{EXERCISES_CLASS} {{
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.5rem 1rem;
  margin: 0 0 1rem;
}}
details.{EXERCISES_CLASS} > summary {{ cursor: pointer; font-weight: 600; }}
details.{EXERCISES_CLASS}[open] > summary {{ margin-bottom: 0.5rem; }}
</style>"""

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)


@cache
def raw(name: str, lang: str) -> str:
    """The text of ``content/<lang>/<name>.md``."""
    return (CONTENT_DIR / lang / f"{name}.md").read_text(encoding="utf-8")


@cache
def code_snippet(name: str) -> str:
    """The source of ``content/code/<name>.py``: code a page shows as it is, in both languages.

    Keeping it a file of its own lets the tests parse it (and run it against a stand-in for
    PyTorch) instead of trusting text inside a string.
    """
    return (CONTENT_DIR / "code" / f"{name}.py").read_text(encoding="utf-8")


def sections(name: str, lang: str) -> dict[str, str]:
    """Sections of a content file keyed by their ``## `` heading, in file order.

    Text before the first heading is kept under the key ``""``.
    """
    parts: dict[str, str] = {}
    heading = ""
    lines: list[str] = []
    for line in raw(name, lang).splitlines():
        if line.startswith("## "):
            parts[heading] = "\n".join(lines).strip()
            heading, lines = line[3:].strip(), []
        else:
            lines.append(line)
    parts[heading] = "\n".join(lines).strip()
    if not parts[""]:
        del parts[""]
    return parts


def side_by_side(cells: Sequence[str]) -> str:
    """Markdown ``cells`` side by side in ONE Markdown element (drawn with
    ``unsafe_allow_html``): a grid of ``<div>``s, as wide as the page allows and one under
    another on a phone, where ``st.columns`` cost a block per column and an element per part.
    The blank lines keep each cell's text Markdown (formulas included).

    >>> print(side_by_side(["**a**", "$$\\nx\\n$$"]))
    <div class="lab-columns">
    <BLANKLINE>
    <div>
    <BLANKLINE>
    **a**
    <BLANKLINE>
    </div>
    <BLANKLINE>
    <div>
    <BLANKLINE>
    $$
    x
    $$
    <BLANKLINE>
    </div>
    <BLANKLINE>
    </div>
    """
    inner = "\n\n".join(f"<div>\n\n{cell}\n\n</div>" for cell in cells)
    return f'<div class="{COLUMNS_CLASS}">\n\n{inner}\n\n</div>'


def formula_block(latex: str) -> str:
    r"""A display formula as ``st.latex`` sends it: the fences on lines of their own.

    >>> formula_block(r"\sigma(x)")
    '$$\n\\sigma(x)\n$$'
    """
    return f"$$\n{latex}\n$$"


def section_markdown(heading: str, *parts: str) -> str:
    r"""A ``### heading`` and what follows it (paragraphs, formula blocks; empty parts left
    out) as ONE Markdown text: ``st.subheader`` and an element per part cost a message each
    per run and session.

    >>> section_markdown("Jacobian", "", formula_block("J"))
    '### Jacobian\n\n$$\nJ\n$$'
    """
    return "\n\n".join([f"### {heading}", *(part for part in parts if part)])


def placeholders(text: str) -> set[str]:
    """The ``{{name}}`` placeholders a text uses."""
    return set(_PLACEHOLDER.findall(text))


def fill(text: str, values: dict[str, object]) -> str:
    """Replace every ``{{name}}`` with ``values[name]``; a missing name raises ``KeyError``."""
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def display_math_blocks(text: str) -> str:
    r"""``text`` with each ``$$…$$`` formula set as a display block of its own: the fences on
    lines of their own, a blank line around it. One ``st.markdown`` then draws the paragraphs
    and their centred formulas (KaTeX display mode, as ``st.latex``, which sends the same
    ``$$\n…\n$$`` Markdown), instead of one element per paragraph and per formula.

    >>> print(display_math_blocks("Swish is $$x\,\sigma(\beta x)$$ with $\beta>0$."))
    Swish is
    <BLANKLINE>
    $$
    x\,\sigma(\beta x)
    $$
    <BLANKLINE>
    with $\beta>0$.
    """
    return "\n\n".join(
        f"$$\n{part}\n$$" if kind == "latex" else part for kind, part in split_display_math(text)
    )


def split_display_math(text: str) -> list[tuple[str, str]]:
    r"""``text`` cut into ``("markdown", …)`` and ``("latex", …)`` parts, in reading order.

    ``$$…$$`` on a line of its own is a display formula in the content files, but Streamlit's
    Markdown sets it inline, at text size; each one becomes a ``"latex"`` part (without the
    fences) for ``st.latex``. Inline ``$…$`` stays in the Markdown. Empty parts are dropped.

    >>> split_display_math("Swish is\n\n$$x\\,\\sigma(\\beta x)$$\n\nwith $\\beta>0$.")
    [('markdown', 'Swish is'), ('latex', 'x\\,\\sigma(\\beta x)'), ('markdown', 'with $\\beta>0$.')]
    """
    parts: list[tuple[str, str]] = []
    start = 0
    for match in _DISPLAY_MATH.finditer(text):
        parts.append(("markdown", text[start : match.start()].strip()))
        parts.append(("latex", match.group(1).strip()))
        start = match.end()
    parts.append(("markdown", text[start:].strip()))
    return [(kind, part) for kind, part in parts if part]
