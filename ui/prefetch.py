"""The controls' scripts fetched while a student reads the home page.

Streamlit loads a widget kind's script the first time a page shows one, so the first move from
home (no controls) to a lesson page paid ~105 KB of scripts at the moment the whole class moves
(bench.wire). Home asks the browser to prefetch them once it is drawn: the browser's cache then
serves them to the next page, and a page that already has them costs nothing more.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

import streamlit as st

# The kinds of control the lesson pages draw and home does not; tests/ui/test_prefetch.py checks
# that the installed Streamlit still has a script for each.
CONTROLS = ("Slider", "Selectbox", "NumberInput", "DownloadButton")
_STATIC_IMPORT = re.compile(r'(?:from|import)\s*"\./([\w.-]+\.js)"')
_PRELOADED = re.compile(r'href="\./static/js/([\w.-]+\.js)"')


def static_js() -> Path:
    """The installed Streamlit's script folder."""
    return Path(st.__file__).resolve().parent / "static" / "static" / "js"


def chunks(folder: Path, kinds: Iterable[str], loaded: Iterable[str] = ()) -> tuple[str, ...]:
    """The scripts ``kinds`` need, in ``folder``: each kind's own file and every file it
    imports, directly or not, except ``loaded`` (what every page has already)."""
    have = set(loaded)
    todo = [path.name for kind in kinds for path in sorted(folder.glob(f"{kind}.*.js"))]
    found: list[str] = []
    while todo:
        name = todo.pop()
        if name in have or not (folder / name).is_file():
            continue
        have.add(name)
        found.append(name)
        todo.extend(_STATIC_IMPORT.findall((folder / name).read_text(encoding="utf-8")))
    return tuple(sorted(found))


def preloaded(index_html: Path) -> tuple[str, ...]:
    """The scripts every page loads: the entry bundle and what ``index.html`` preloads."""
    text = index_html.read_text(encoding="utf-8")
    entry = re.findall(r'src="\./static/js/([\w.-]+\.js)"', text)
    return tuple(entry + _PRELOADED.findall(text))


def prefetch_script(names: Iterable[str]) -> str:
    """A script that, once per tab, asks the browser to prefetch ``names`` from the folder the
    page's own entry script came from (so a base URL path or a proxy changes nothing)."""
    listed = json.dumps(list(names))
    return f"""<script>
(() => {{
  if (window.labPrefetched) return;
  window.labPrefetched = true;
  const entry = document.querySelector('script[type="module"][src*="/static/js/"]');
  if (!entry) return;
  for (const name of {listed}) {{
    const link = document.createElement("link");
    link.rel = "prefetch";
    link.as = "script";
    link.crossOrigin = "anonymous";  // as the module loader asks, so its request matches
    link.href = new URL(name, entry.src).href;
    document.head.append(link);
  }}
}})();
</script>"""


@functools.cache
def _controls_script() -> str:
    folder = static_js()
    return prefetch_script(chunks(folder, CONTROLS, preloaded(folder.parent.parent / "index.html")))


def prefetch_controls() -> None:
    """Draw the prefetch script (home calls it: the page a class opens first)."""
    st.html(_controls_script(), unsafe_allow_javascript=True)
