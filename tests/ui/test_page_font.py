"""The page's text and the charts' text share one typeface, from the reader's own fonts."""

from __future__ import annotations

import tomllib

from harness.server import ROOT
from views.figures import FONT_FAMILY


def _families(stack: str) -> list[str]:
    return [name.strip().strip('"') for name in stack.split(",")]


def test_the_page_uses_the_charts_font_stack_before_any_downloaded_font():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))["theme"]
    page = _families(theme["font"])
    charts = [name for name in _families(FONT_FAMILY) if name != "sans-serif"]
    assert page[: len(charts)] == charts
    # A generic family ends each stack (Streamlit appends its own Source faces after it), so a
    # reader with none of the named fonts still gets a sans-serif page and monospaced code.
    assert page[-1] == "sans-serif" and theme["codeFont"].split(",")[-1].strip() == "monospace"
