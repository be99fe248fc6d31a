"""Every URL parameter the app reads, collected from its own code (no list to fall out of date).

Used by the hostile-URL tests (``tests/support/hostile.py``). A widget lives in the URL only through
``views.url_keys.in_url(key)``, which binds it and records its key in one call (the error
boundary reads the record on a page switch), so what is left to collect is each ``in_url``'s
key, and what is left to check is that no widget is bound by hand:

1. Every ``app_pages/*.py`` and ``ui/*.py`` is parsed with :mod:`ast`. The argument of every
   ``in_url(...)`` call is a URL parameter: a literal string or a module-level string constant
   as is; a computed one is resolved, never skipped:

   * a name bound by a ``for``/comprehension over a module-level dict, list or tuple of
     string literals (``for key, ... in CONTROLS.items()``) -> those strings;
   * an expression that reads ``<something>.name`` inside a function taking a registry
     ``Param`` (``in_url(key or param.name)`` in ``ui.widgets.param_slider``) -> every ``Param``
     name in ``activations.REGISTRY`` and ``activations.gated.GATED``, plus every literal
     ``key=`` passed to that function anywhere in ``app_pages/`` and ``ui/``;
   * a bare parameter of the enclosing function (``in_url(key)`` in
     ``ui.widgets.activation_picker``) -> every literal ``key=`` its callers pass.

   Anything else is reported in :attr:`Collected.unresolved`, and a test fails on it, so a
   new kind of computed key cannot slip past the fuzz.
2. A call with a ``bind=`` keyword of its own bypasses the helper: :attr:`Collected.by_hand`.
3. Direct reads ``st.query_params.get("k")`` / ``st.query_params["k"]`` with a literal or a
   module constant, plus the session-wide parameters drawn by ``app.py`` through
   :mod:`ui.layout` (``LANG_KEY``, ``LECTURE_KEY``, ``EXPORT_KEY``), imported, not copied.

AppTests cross-check the result: every ``query_param_key`` a page's widgets actually carry
must be in the collected set (``tests/pages/test_hostile_params.py``).
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from pathlib import Path

from activations.syntax import parse_python

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app_pages", "ui", "views")
HELPER = "in_url"


@dataclass
class Collected:
    keys: set[str] = field(default_factory=set)
    where: dict[str, set[str]] = field(default_factory=dict)  # key -> {"app_pages/x.py:12", ...}
    unresolved: list[str] = field(default_factory=list)
    by_hand: list[str] = field(default_factory=list)  # widgets given ``bind=`` themselves

    def add(self, key: str, site: str) -> None:
        self.keys.add(key)
        self.where.setdefault(key, set()).add(site)


def _files() -> list[Path]:
    return sorted(path for folder in SOURCES for path in (ROOT / folder).glob("*.py"))


def _module_constants(tree: ast.Module) -> dict[str, object]:
    """Module-level ``NAME = <literal>`` (strings, and dicts/lists/tuples of them)."""
    found: dict[str, object] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if not isinstance(target, ast.Name):
                continue
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found[target.id] = value.value
                continue
            items = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", None)
            strings = [e.value for e in items or () if isinstance(e, ast.Constant)]
            if strings and len(strings) == len(items) and all(isinstance(s, str) for s in strings):
                found[target.id] = tuple(strings)
    return found


def _string(node: ast.AST | None, constants: dict[str, object]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and isinstance(constants.get(node.id), str):
        return constants[node.id]  # type: ignore[return-value]
    return None


def _iterated_constant(node: ast.AST, constants: dict[str, object]) -> tuple[str, ...] | None:
    """``CONST``, ``CONST.items()``, ``CONST.keys()`` or ``zip(..., CONST.items(), ...)``."""
    if isinstance(node, ast.Name) and isinstance(constants.get(node.id), tuple):
        return constants[node.id]  # type: ignore[return-value]
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("items", "keys"):
            return _iterated_constant(func.value, constants)
        if isinstance(func, ast.Name) and func.id in ("zip", "enumerate", "list", "sorted"):
            for arg in node.args:
                found = _iterated_constant(arg, constants)
                if found is not None:
                    return found
    return None


def _enclosing(node: ast.AST, parents: dict) -> list[ast.AST]:
    """The nodes around ``node``, innermost first."""
    found = []
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


def _loop_keys(name: str, around: list[ast.AST], constants) -> tuple[str, ...] | None:
    """Strings ``name`` takes if an enclosing loop binds it over a constant collection."""
    for node in around:
        if isinstance(node, ast.For):
            loops = [(node.target, node.iter)]
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            loops = [(g.target, g.iter) for g in node.generators]
        else:
            continue
        for target, iterable in loops:
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
                found = _iterated_constant(iterable, constants)
                if found is not None:
                    return found
    return None


def _param_names() -> set[str]:
    from activations import REGISTRY
    from activations.gated import GATED

    return {p.name for unit in (*REGISTRY.values(), *GATED.values()) for p in unit.params}


def _literal_key_arguments(function: str, trees: dict[str, ast.Module]) -> set[str]:
    """Every literal ``key=`` passed to a call of ``function`` (plain or attribute call)."""
    return {
        keyword.value.value
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and function in (getattr(node.func, "id", None), getattr(node.func, "attr", None))
        for keyword in node.keywords
        if keyword.arg == "key" and _string(keyword.value, {}) is not None
    }


def _resolve_computed(key: ast.AST, around: list[ast.AST], constants, trees) -> set[str]:
    for name in {n.id for n in ast.walk(key) if isinstance(n, ast.Name)}:
        found = _loop_keys(name, around, constants)
        if found is not None:
            return set(found)
    function = next((n for n in around if isinstance(n, ast.FunctionDef)), None)
    if function is None:
        return set()
    if any(isinstance(n, ast.Attribute) and n.attr == "name" for n in ast.walk(key)):
        return _param_names() | _literal_key_arguments(function.name, trees)
    arguments = {a.arg for a in (*function.args.args, *function.args.kwonlyargs)}
    if isinstance(key, ast.Name) and key.id in arguments:  # a helper binding its callers' key
        return _literal_key_arguments(function.name, trees)
    return set()


def _is_query_params(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "query_params"


def _read_key(node: ast.AST) -> ast.AST | None:
    """The key of ``st.query_params["k"]`` or ``st.query_params.get("k")``, else ``None``."""
    if isinstance(node, ast.Subscript) and _is_query_params(node.value):
        return node.slice
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "get" and _is_query_params(func.value):
            return node.args[0]
    return None


@functools.cache  # two test modules read it at import: one scan per process
def collect() -> Collected:
    """Every URL parameter the app reads (see the module docstring for the method)."""
    from ui.i18n import LANG_KEY
    from views.url_keys import EXPORT_KEY, LECTURE_KEY

    result = Collected()
    for name in (LANG_KEY, LECTURE_KEY, EXPORT_KEY):
        result.add(name, "ui/layout.py (session-wide)")
    trees = {str(p.relative_to(ROOT)): parse_python(p.read_text(), str(p)) for p in _files()}
    for rel, tree in trees.items():
        constants = _module_constants(tree)
        parents = {child: n for n in ast.walk(tree) for child in ast.iter_child_nodes(n)}
        for node in ast.walk(tree):
            site = f"{rel}:{getattr(node, 'lineno', 0)}"
            read = _string(_read_key(node), constants)
            if read is not None:
                result.add(read, site)
            if not isinstance(node, ast.Call):
                continue
            if any(keyword.arg == "bind" for keyword in node.keywords):
                result.by_hand.append(site)
            if getattr(node.func, "id", None) != HELPER or not node.args:
                continue
            literal = _string(node.args[0], constants)
            if literal is not None:
                result.add(literal, site)
                continue
            resolved = _resolve_computed(node.args[0], _enclosing(node, parents), constants, trees)
            for key in resolved:
                result.add(key, f"{site} (computed)")
            if not resolved:
                result.unresolved.append(f"{site}: {ast.unparse(node)}")
    return result
