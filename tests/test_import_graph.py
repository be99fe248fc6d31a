"""The app's modules import each other without cycles, and the error boundary stays light."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("activations", "experiments", "views", "ui")


@functools.cache  # several tests read the same sources: parse each once per run
def _nodes(path: Path) -> tuple[ast.AST, ...]:
    return tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports() -> dict[str, set[str]]:
    """Every import between the app's modules, at module level or inside a function."""
    modules = {_module(p): p for package in PACKAGES for p in (ROOT / package).glob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _nodes(path):
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
    assert {"ui.i18n", "ui.links"} <= graph["ui.errors"]  # the graph is read at all
    assert cycles(graph) == []


def test_the_error_boundary_reads_no_source_and_no_layout():
    code = "import sys, ui.errors; print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert "ui.layout" not in loaded
    assert "url_params" not in loaded and "activations.syntax" not in loaded


# --- layers: the core knows no screen, the pure views no Streamlit ------------------------------

# views/ builds figures, values and words without Streamlit (ui/ and app_pages/ draw them).
# Words come from ``views.strings`` (the table, in a language the caller names); ``ui.i18n`` is
# the session's language and imports Streamlit.
PURE_VIEWS = tuple(
    f"views.{path.stem}"
    for path in sorted((ROOT / "views").glob("*.py"))
    if path.stem != "__init__"
)
NOT_VIEWS = ("ui.heap",)


def external_imports(module: str) -> set[str]:
    """The top-level packages ``module`` imports, at module level or inside a function."""
    path = ROOT / f"{module.replace('.', '/')}.py"
    if not path.exists():
        path = ROOT / module.replace(".", "/") / "__init__.py"
    found = set()
    for node in _nodes(path):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def reached(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every app module ``start`` imports, directly or through others."""
    seen, todo = set(), [start]
    while todo:
        for target in graph[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_the_core_imports_no_streamlit_plotly_or_ui():
    graph = imports()
    core = [name for name in graph if name.split(".")[0] == "activations"]
    assert "activations.registry" in core  # the graph is read at all
    assert external_imports("ui.render") >= {"streamlit", "plotly", "ui"}  # the rule can fail
    everything = set(core).union(*(reached(graph, name) for name in core))
    forbidden = {"streamlit", "plotly", "ui", "views"}
    broken = {name: external_imports(name) & forbidden for name in everything}
    assert {name: found for name, found in broken.items() if found} == {}


def test_the_pure_views_import_no_streamlit_and_nothing_of_ui():
    graph = imports()
    assert len(PURE_VIEWS) > 20 and set(PURE_VIEWS) <= set(graph)
    upward = {view: sorted(t for t in graph[view] if t.startswith("ui.")) for view in PURE_VIEWS}
    assert {view: found for view, found in upward.items() if found} == {}
    shell = {name for name in graph if "streamlit" in external_imports(name)}
    assert {"ui.render", "ui.function_page", "ui.i18n"} <= shell  # the rule can fail
    broken = {
        view: sorted(({view} | reached(graph, view)) & shell)
        for view in PURE_VIEWS
        if ({view} | reached(graph, view)) & shell
    }
    assert broken == {}


def test_every_module_of_ui_needs_streamlit():
    """ui/ is the shell: a module there that needs no Streamlit belongs in views/."""
    graph = imports()
    shell = {name for name in graph if "streamlit" in external_imports(name)}
    free = {name for name in graph if not ({name} | reached(graph, name)) & shell}
    assert "views.numbers" in free and "ui.render" not in free  # the rule can fail
    assert sorted(n for n in free - set(NOT_VIEWS) if n.startswith("ui.")) == []


def test_importing_the_core_and_the_pure_views_loads_no_streamlit():
    """What the static rule says, once at run time (a dynamic import would show here)."""
    core = sorted(name for name in imports() if name.split(".")[0] == "activations")
    code = (
        f"import sys, {', '.join(core)}\n"
        "assert not {'streamlit', 'plotly'} & set(sys.modules), 'core'\n"
        "assert not any(name.split('.')[0] == 'ui' for name in sys.modules), 'core'\n"
        f"import {', '.join(PURE_VIEWS)}\n"
        "assert 'streamlit' not in sys.modules, 'views'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
