"""The app's modules import each other without cycles, and the error boundary stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("activations", "experiments", "ui")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports() -> dict[str, set[str]]:
    """Every import between the app's modules, at module level or inside a function."""
    modules = {_module(p): p for package in PACKAGES for p in (ROOT / package).glob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # ``from package import module`` imports that module, not the package's names
                submodules = [f"{node.module}.{a.name}" for a in node.names]
                named = [m for m in submodules if m in modules]
                targets = named if len(named) == len(submodules) else [node.module, *named]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles found by a depth-first search (each reported once, from where it closes)."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    return found


def test_cycles_are_found_when_there_are_some():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_app_has_no_import_cycle():
    graph = imports()
    assert {"ui.i18n", "ui.url_keys"} <= graph["ui.errors"]  # the graph is read at all
    assert cycles(graph) == []


def test_the_error_boundary_reads_no_source_and_no_layout():
    code = "import sys, ui.errors; print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert "ui.layout" not in loaded
    assert "url_params" not in loaded and "activations.syntax" not in loaded
