"""Who may import whom among the app, ``harness``, ``bench`` and ``tests``.

``harness`` is what the benchmarks and the tests both drive the app with, so neither imports
the other: the app imports none of the three; ``harness`` imports only the app; ``bench``
imports the app and ``harness``, never ``tests``; a test imports the app, ``harness`` and
``tests.support``, and only the tests of the benchmarks (``tests/bench/``) import ``bench``.
No module imports a test module (``test_*.py``) or a ``conftest.py``: what tests share lives in
``tests/support`` (or ``harness``, when a benchmark needs it too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = ("harness", "bench", "tests")
SKIP = {"node_modules", "__pycache__"}


def python_files() -> list[Path]:
    """The repository's Python files (not the venv's, not caches)."""
    tops = [p for p in ROOT.iterdir() if not p.name.startswith(".") and p.name not in SKIP]
    return sorted(
        path
        for top in tops
        for path in ([top] if top.suffix == ".py" else top.rglob("*.py"))
        if not SKIP & set(path.parts)
    )


def imported(path: Path) -> set[str]:
    """Every absolute module name ``path`` imports, at module level or inside a function
    (``from a import b`` counts as ``a.b`` too: b may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def layer(path: Path) -> str:
    """``harness``, ``bench``, ``tests/bench``, ``tests``, or ``app`` (everything else)."""
    parts = path.relative_to(ROOT).parts
    if parts[0] == "tests" and len(parts) > 2 and parts[1] == "bench":
        return "tests/bench"
    return parts[0] if parts[0] in OURS else "app"


# What each layer may not import: a module name equal to one of these or below it.
FORBIDDEN = {
    "app": ("harness", "bench", "tests"),
    "harness": ("bench", "tests"),
    "bench": ("tests",),
    "tests": ("bench",),
    "tests/bench": (),
}


def breaks(path: Path) -> list[str]:
    """The imports of ``path`` its layer forbids, and any import of a test module or conftest."""
    found = []
    for name in sorted(imported(path)):
        top = name.split(".")
        test_module = top[0] == "tests" and any(
            p.startswith("test_") or p == "conftest" for p in top
        )
        if top[0] in FORBIDDEN[layer(path)] or test_module:
            found.append(name)
    return found


def test_every_layer_imports_only_what_it_may():
    broken = {
        str(path.relative_to(ROOT)): names for path in python_files() if (names := breaks(path))
    }
    assert broken == {}


def test_the_files_are_found_in_every_layer():
    layers = {layer(path) for path in python_files()}
    assert layers == set(FORBIDDEN)


@pytest.mark.parametrize(
    ("relative", "source", "caught"),
    [
        ("harness/x.py", "from bench.hall import run", ["bench.hall", "bench.hall.run"]),
        ("bench/x.py", "import tests.support.browser", ["tests.support.browser"]),
        ("tests/pages/x.py", "def f():\n    from bench import load", ["bench", "bench.load"]),
        (
            "tests/ui/x.py",
            "from tests.ui.test_a import xy",
            ["tests.ui.test_a", "tests.ui.test_a.xy"],
        ),
        ("tests/x.py", "import tests.e2e.conftest", ["tests.e2e.conftest"]),
        ("ui/x.py", "import harness.appdriver", ["harness.appdriver"]),
        ("tests/bench/x.py", "from bench import load", []),
        ("tests/ui/x.py", "from tests.support import browser", []),
        ("bench/x.py", "from harness.server import free_port", []),
    ],
)
def test_a_forbidden_import_is_caught(tmp_path, monkeypatch, relative, source, caught):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path / relative
    path.parent.mkdir(parents=True)
    path.write_text(source)
    assert breaks(path) == caught
