"""Run the app under Streamlit's AppTest, with query parameters, on any page."""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from html import unescape
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from views.cards import CARDS_CLASS, Card
from views.navigation import PAGES, PageSpec

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(**query: str | list[str]) -> AppTest:
    """The entry point run once with ``query`` as the URL's query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def run_page(file: str, **query: str | list[str]) -> AppTest:
    """``app_pages/<file>`` opened by a deep link: its first run routes through ``app.py``.

    A browser opening ``/<url_path>`` asks for the page in its very first run. AppTest's
    ``switch_page`` wants a run first (the home page, rendered for nothing: it doubled the time
    of every page test), so the first run asks for the page's script hash directly, computed
    from ``url_path`` as ``st.Page`` computes it (``tests/pages/test_app.py`` checks it lands
    there).
    """
    at = AppTest.from_file(APP, default_timeout=60)
    at._page_hash = calc_hash(page_spec(file).url_path)  # AppTest's field for the next page
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def page_run(file: str, **query: str | list[str]) -> AppTest:
    """:func:`run_page`, run once per ``(file, query)`` in the process and shared by every test
    that asks for it: only for tests that read the page (a test that clicks, sets a widget or
    runs again, or patches what the page calls, takes its own :func:`run_page`)."""
    return _shared_run(file, tuple(sorted((name, _frozen(value)) for name, value in query.items())))


def _frozen(value: str | list[str]) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)


@cache
def _shared_run(file: str, query: tuple[tuple[str, str | tuple[str, ...]], ...]) -> AppTest:
    return run_page(file, **{name: v if isinstance(v, str) else list(v) for name, v in query})


def page_spec(file: str) -> PageSpec:
    """The navigation's entry for ``file`` (``app_pages/<name>.py``)."""
    return next(spec for spec in PAGES if Path(spec.file) == Path(file))


def figures(at: AppTest) -> list[dict]:
    """The Plotly figures on the page, decoded from their JSON spec."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def decode(array) -> np.ndarray:
    """A Plotly JSON array: plain list or typed ``{"dtype", "bdata"}`` (base64)."""
    if isinstance(array, dict) and "bdata" in array:
        raw = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        return raw.reshape(array["shape"]) if "shape" in array else raw
    return np.asarray(array, dtype=float)


def xy(trace: dict) -> tuple[np.ndarray, np.ndarray]:
    """x and y of a Plotly JSON trace; an even grid sends ``x0``/``dx`` instead of x."""
    y = decode(trace["y"]).astype(float)
    if "x" in trace:
        return decode(trace["x"]).astype(float), y
    return trace["x0"] + trace["dx"] * np.arange(y.size), y


def tables(at: AppTest) -> list[list[dict[str, str]]]:
    """The Markdown tables on the page (``ui.tables``), each as a list of rows by column name."""
    found = []
    for block in at.markdown:  # one element may hold several tables, text between them
        for lines in _runs(block.value.splitlines()):
            if len(lines) < 2 or not set(lines[1]) <= set("|:-"):
                continue
            head, *body = (_cells(line) for line in lines[:1] + lines[2:])
            found.append([dict(zip(head, row, strict=True)) for row in body])
    return found


def _runs(lines: list[str]) -> list[list[str]]:
    """The runs of consecutive table lines (starting with ``|``) among ``lines``."""
    runs: list[list[str]] = []
    previous = False
    for line in lines:
        table = line.startswith("|")
        if table and not previous:
            runs.append([])
        if table:
            runs[-1].append(line)
        previous = table
    return runs


def _cells(line: str) -> list[str]:
    cells, current, escaped = [], "", False
    for char in line.strip()[1:-1]:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells, current = [*cells, current.strip()], ""
        else:
            current += char
    return [*cells, current.strip()]


def display_blocks(markdown: str) -> list[str]:
    """The display formulas of a Markdown text: what stands between ``$$`` fences on lines of
    their own (``views.content.display_math_blocks``; ``st.latex`` sends the same Markdown)."""
    found: list[str] = []
    inside: list[str] | None = None
    for line in markdown.split("\n"):
        if line.strip() == "$$":
            if inside is not None:
                found.append("\n".join(inside).strip())
            inside = [] if inside is None else None
        elif inside is not None:
            inside.append(line)
    return found


def display_formulas(at: AppTest) -> list[str]:
    """Every display formula on the page, from ``st.latex`` and from Markdown, in page order
    by kind (the ``st.latex`` ones first)."""
    formulas = [block for element in at.latex for block in display_blocks(element.value)]
    return formulas + [block for element in at.markdown for block in display_blocks(element.value)]


_CARD = re.compile(
    r'<div><dt>(?P<label>.*?)</dt><dd class="lab-value">(?P<value>.*?)</dd>'
    r'(?:<dd class="lab-note">(?P<note>.*?)</dd>)?</div>'
)


def cards(at: AppTest) -> list[Card]:
    """The numbers the page shows as cards (``views.cards``), in page order."""
    return [
        Card(unescape(m["label"]), unescape(m["value"]), unescape(m["note"]) if m["note"] else None)
        for block in at.markdown
        if CARDS_CLASS in block.value
        for m in _CARD.finditer(block.value)
    ]
