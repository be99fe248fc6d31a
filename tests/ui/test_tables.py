"""Markdown tables (ui.tables): safe cells, both input shapes, and no pandas anywhere."""

from __future__ import annotations

import re
from pathlib import Path

from ui.tables import as_rows, markdown_table

ROOT = Path(__file__).resolve().parents[2]


def test_columns_and_rows_give_the_same_table():
    columns = {"name": ["ReLU", "GELU"], "cost": ["1.0×", "2.9×"]}
    rows = [{"name": "ReLU", "cost": "1.0×"}, {"name": "GELU", "cost": "2.9×"}]
    assert as_rows(columns) == rows
    assert markdown_table(columns) == markdown_table(rows)


def test_numbers_align_right_and_words_left():
    lines = markdown_table({"name": ["a", "b"], "ratio": ["1.2e-05", "—"]}).splitlines()
    assert lines[1] == "|:---|---:|"
    assert len(lines) == 4


def test_cells_cannot_break_columns_start_math_or_lines():
    text = markdown_table([{"x": "a|b", "y": "$5 and\nmore", "z": "\\"}])
    body = text.splitlines()[2]
    assert body == "| a\\|b | \\$5 and more | \\\\ |"
    assert "\n" not in body


def test_empty_inputs_give_an_empty_string_or_a_header():
    assert markdown_table([]) == ""
    assert markdown_table({"a": []}).splitlines()[0] == "| a |"


def test_no_page_uses_a_pandas_backed_table():
    # st.dataframe and st.table import pandas and pyarrow: ~60 MB per server (bench.load).
    pattern = re.compile(r"\bst\.(dataframe|table|data_editor)\(")
    sources = [
        *ROOT.glob("app_pages/*.py"),
        *ROOT.glob("ui/*.py"),
        *ROOT.glob("views/*.py"),
        ROOT / "app.py",
    ]
    offenders = [path.name for path in sources if pattern.search(path.read_text("utf-8"))]
    assert offenders == []
