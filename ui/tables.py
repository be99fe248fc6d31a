"""Tables as Markdown, not ``st.dataframe``/``st.table``.

Those two convert through pandas and pyarrow, which the app otherwise never imports: about
60 MB more per server process for a handful of small read-only tables. A Markdown table is
text in the DOM (readable at any zoom, searchable, copyable) and costs nothing to import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

Rows = Sequence[Mapping[str, object]] | Mapping[str, Sequence[object]]


def as_rows(data: Rows) -> list[dict[str, object]]:
    """Rows from a list of row dicts or from a dict of equal-length columns."""
    if isinstance(data, Mapping):
        columns, cells = list(data), zip(*data.values(), strict=True)
        return [dict(zip(columns, row, strict=True)) for row in cells]
    return [dict(row) for row in data]


def cell(value: object) -> str:
    """One cell's text, made safe for Markdown: no column breaks, no math, no line breaks."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("$", "\\$").replace("\n", " ")


def markdown_table(data: Rows) -> str:
    """A GitHub-flavoured Markdown table; numeric-looking columns are right-aligned.

    >>> print(markdown_table({"name": ["ReLU"], "f′(0)": [0]}))
    | name | f′(0) |
    |:---|---:|
    | ReLU | 0 |
    """
    rows = as_rows(data)
    columns = list(rows[0]) if rows else list(data) if isinstance(data, Mapping) else []
    if not columns:
        return ""
    numeric = {c: bool(rows) and all(_numeric(row[c]) for row in rows) for c in columns}
    align = ["---:" if numeric[c] else ":---" for c in columns]
    lines = [
        "| " + " | ".join(cell(c) for c in columns) + " |",
        "|" + "|".join(align) + "|",
        *("| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows),
    ]
    return "\n".join(lines)


def _numeric(value: object) -> bool:
    text = str(value).replace(",", "").replace("×", "").replace("%", "").replace("−", "-")
    try:
        float(text)
    except ValueError:
        return text == "—"
    return True


def table(data: Rows) -> None:
    """Show ``data`` as a Markdown table (see the module docstring for why not a dataframe)."""
    st.markdown(markdown_table(data))
