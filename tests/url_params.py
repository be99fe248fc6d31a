"""Every URL parameter the app reads, collected from its own code (no list to fall out of date).

Used by the hostile-URL tests (``tests/hostile.py``) and to check the app's own record of its
bound keys (``ui.url_keys.bound``, which the error boundary reads on a page switch): every
bound widget's key must go through ``bound(...)`` (:attr:`Collected.unrecorded`). How the
parameters are collected:

1. Every ``app_pages/*.py`` and ``ui/*.py`` is parsed with :mod:`ast`. A call with a keyword
   ``bind=`` that evaluates to ``"query-params"`` (a literal, or a module constant such as
   ``URL = "query-params"``) is a URL-bound widget; its ``key=`` is the URL parameter.
   The key may also be passed by position (``selectbox(label, options, index, fmt, "vs")``):
   its position comes from the widget's signature in Streamlit.
2. A ``key=`` that is a literal string, or a module-level string constant, is taken as is.
3. A computed ``key=`` is resolved, never skipped:

   * a name bound by a ``for``/comprehension over a module-level dict, list or tuple of
     string literals (``for key, ... in CONTROLS.items()``) -> those strings;
   * an expression that reads ``<something>.name`` inside a function taking a registry
     ``Param`` (``key=key or param.name`` in ``ui.widgets.param_slider``) -> every ``Param``
     name in ``activations.REGISTRY`` and ``activations.gated.GATED``, plus every literal
     ``key=`` passed to that function anywhere in ``app_pages/`` and ``ui/``;
   * a bare parameter of the enclosing function (``key=bound(key)`` in
     ``ui.widgets.activation_picker``) -> every literal ``key=`` its callers pass.

   Anything else is reported in :attr:`Collected.unresolved`, and a test fails on it, so a
   new kind of computed key cannot slip past the fuzz.
4. Direct reads ``st.query_params.get("k")`` / ``st.query_params["k"]`` with a literal or a
   module constant, plus the session-wide parameters drawn by ``app.py`` through
   :mod:`ui.layout` (``LANG_KEY``, ``LECTURE_KEY``, ``EXPORT_KEY``), imported, not copied.

AppTests cross-check the result: every ``query_param_key`` a page's widgets actually carry
must be in the collected set (``tests/test_hostile_params.py``). :attr:`Collected.bound` holds
the keys of URL-bound widgets only (not the session-wide ones, which ``ui.layout`` keeps).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from activations.syntax import parse_python

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("app_pages", "ui")
BIND = "query-params"


@dataclass
class Collected:
    keys: set[str] = field(default_factory=set)
    bound: set[str] = field(default_factory=set)  # keys of URL-bound widgets
    where: dict[str, set[str]] = field(default_factory=dict)  # key -> {"app_pages/x.py:12", ...}
    unresolved: list[str] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)  # bound widgets whose key skips bound()

    def add(self, key: str, site: str) -> None:
        self.keys.add(key)
        self.where.setdefault(key, set()).add(site)


def _files() -> list[Path]:
    return sorted(path for folder in SOURCES for path in (ROOT / folder).glob("*.py"))


def _module_constants(tree: ast.Module) -> dict[str, object]:
    """Module-level ``NAME = <literal>`` (strings, and dicts/lists/tuples of them)."""
    found: dict[str, object] = {}
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found[target.id] = value.value
            elif isinstance(value, ast.Dict):
                keys = [k.value for k in value.keys if isinstance(k, ast.Constant)]
                if keys and all(isinstance(k, str) for k in keys):
                    found[target.id] = tuple(keys)
            elif isinstance(value, ast.List | ast.Tuple | ast.Set):
                items = [e.value for e in value.elts if isinstance(e, ast.Constant)]
                if (
                    items
                    and len(items) == len(value.elts)
                    and all(isinstance(i, str) for i in items)
                ):
                    found[target.id] = tuple(items)
    return found


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _unwrap(node: ast.AST | None) -> ast.AST | None:
    """The argument of ``bound(<key>)`` (``ui.url_keys``: it records the key, returns it)."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "bound" and node.args:
        return node.args[0]
    return node


def _string(node: ast.AST | None, constants: dict[str, object]) -> str | None:
    node = _unwrap(node)
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


def _loop_keys(
    name: str, node: ast.AST, parents: dict, constants: dict[str, object]
) -> tuple[str, ...] | None:
    """Strings ``name`` takes if an enclosing loop binds it over a constant collection."""
    current = node
    while current in parents:
        current = parents[current]
        loops: list[tuple[ast.AST, ast.AST]] = []
        if isinstance(current, ast.For):
            loops = [(current.target, current.iter)]
        elif isinstance(current, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            loops = [(g.target, g.iter) for g in current.generators]
        for target, iterable in loops:
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
                found = _iterated_constant(iterable, constants)
                if found is not None:
                    return found
    return None


def _enclosing_function(node: ast.AST, parents: dict) -> ast.FunctionDef | None:
    current = node
    while current in parents:
        current = parents[current]
        if isinstance(current, ast.FunctionDef):
            return current
    return None


def _param_names() -> set[str]:
    from activations import REGISTRY
    from activations.gated import GATED

    return {p.name for unit in (*REGISTRY.values(), *GATED.values()) for p in unit.params}


def _literal_key_arguments(function: str, trees: dict[str, ast.Module]) -> set[str]:
    """Every literal ``key=`` passed to a call of ``function`` (plain or attribute call)."""
    found = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != function:
                continue
            for keyword in node.keywords:
                if keyword.arg == "key":
                    value = _string(keyword.value, {})
                    if value is not None:
                        found.add(value)
    return found


def _positional_key(call: ast.Call) -> ast.AST | None:
    """The argument in the ``key`` position of a Streamlit widget call (``selectbox(label,
    options, index, format_func, key)``), from the widget's own signature."""
    import inspect

    import streamlit as st

    name = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
    widget = getattr(st, name or "", None)
    if widget is None:
        return None
    positional = [
        p.name
        for p in inspect.signature(widget).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if "key" in positional and positional.index("key") < len(call.args):
        return call.args[positional.index("key")]
    return None


def _is_query_params(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "query_params"


def collect() -> Collected:
    """Every URL parameter the app reads (see the module docstring for the method)."""
    from ui.i18n import LANG_KEY
    from ui.url_keys import EXPORT_KEY, LECTURE_KEY

    result = Collected()
    for name in (LANG_KEY, LECTURE_KEY, EXPORT_KEY):
        result.add(name, "ui/layout.py (session-wide)")
    trees = {str(p.relative_to(ROOT)): parse_python(p.read_text(), str(p)) for p in _files()}
    for rel, tree in trees.items():
        constants, parents = _module_constants(tree), _parents(tree)
        for node in ast.walk(tree):
            # st.query_params["k"] / st.query_params.get("k")
            if isinstance(node, ast.Subscript) and _is_query_params(node.value):
                key = _string(node.slice, constants)
                if key is not None:
                    result.add(key, f"{rel}:{node.lineno}")
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "get"
                and _is_query_params(func.value)
            ):
                key = _string(node.args[0] if node.args else None, constants)
                if key is not None:
                    result.add(key, f"{rel}:{node.lineno}")
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            if _string(keywords.get("bind"), constants) != BIND:
                continue
            site = f"{rel}:{node.lineno}"
            key_node = keywords.get("key", _positional_key(node))
            if _unwrap(key_node) is key_node:
                result.unrecorded.append(site)
            literal = _string(key_node, constants)
            if literal is not None:
                result.add(literal, site)
                result.bound.add(literal)
                continue
            resolved = _resolve_computed(key_node, node, parents, constants, trees)
            if resolved:
                for key in resolved:
                    result.add(key, f"{site} (computed)")
                    result.bound.add(key)
            else:
                source = ast.unparse(key_node) if key_node is not None else "<no key>"
                result.unresolved.append(f"{site}: key={source}")
    return result


def _resolve_computed(key_node, call, parents, constants, trees) -> set[str]:
    key_node = _unwrap(key_node)
    if key_node is None:
        return set()
    names = {n.id for n in ast.walk(key_node) if isinstance(n, ast.Name)}
    for name in names:
        found = _loop_keys(name, call, parents, constants)
        if found is not None:
            return set(found)
    reads_param_name = any(
        isinstance(n, ast.Attribute) and n.attr == "name" for n in ast.walk(key_node)
    )
    function = _enclosing_function(call, parents)
    if reads_param_name and function is not None:
        return _param_names() | _literal_key_arguments(function.name, trees)
    if isinstance(key_node, ast.Name) and function is not None:
        arguments = {a.arg for a in (*function.args.args, *function.args.kwonlyargs)}
        if key_node.id in arguments:  # a helper binding the key its callers pass
            return _literal_key_arguments(function.name, trees)
    return set()
