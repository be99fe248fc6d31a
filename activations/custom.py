"""A user's own activation: a formula typed as text, parsed safely into SymPy, then studied.

User text is never evaluated as Python. :func:`parse` reads it with ``ast.parse`` in ``eval``
mode (through :func:`activations.syntax.parse_python`; it only builds a syntax tree), walks the
tree through a whitelist of node types, and builds the SymPy expression itself; ``sympify``,
``parse_expr`` and ``eval`` never see the text.

The grammar is a small calculator language:

- the variable ``x``, one parameter ``a`` (both real) and the constants ``pi`` and ``e``;
- decimal numbers (``2``, ``0.5``, ``1e-3``), ``+ - * / **`` (``^`` is read as ``**``),
  unary ``-`` and ``+``, parentheses;
- the functions in :data:`FUNCTIONS` (``exp, log, sqrt, abs, tanh, …, sigmoid, relu,
  softplus``), with ``ln`` for ``log``, ``σ`` for ``sigmoid`` and ``·``/``×`` for ``*``.

Everything else is refused with :class:`CustomExpressionError`, whose ``code`` is a stable id the
UI turns into a message in the reader's language (``content/<lang>/ui/custom.toml``). Limits keep
every accepted formula cheap: its length, its nesting depth, the size of its numbers and of its
exponents. Differentiation and simplification run in a child process with a wall-clock limit
(:func:`derivative`), because a slow ``sympy.simplify`` cannot be stopped inside a thread.

>>> parse("x*sigmoid(a*x)")
x/(1 + exp(-a*x))
>>> parse("9**9**9")
Traceback (most recent call last):
...
activations.custom.CustomExpressionError: exponent_too_large: 387420489
"""

from __future__ import annotations

import ast
import atexit
import math
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np
import sympy as sp

from activations.constants import PRELU_INIT
from activations.named_functions import sigma, softplus
from activations.syntax import parse_python

__all__ = [
    "EXAMPLES",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "NODE_KINDS",
    "REFUSAL_CODES",
    "A",
    "Analysis",
    "BuiltinMatch",
    "Curve",
    "CustomExpressionError",
    "Derivative",
    "Example",
    "Facts",
    "X",
    "analyse",
    "derivative",
    "evaluate",
    "facts",
    "matches_builtin",
    "parse",
    "uses_parameter",
]

X = sp.Symbol("x", real=True)
A = sp.Symbol("a", real=True)

MAX_LENGTH = 200  # characters, checked before anything else
MAX_DEPTH = 12  # nested parentheses, counted on the raw text before ast.parse sees it
MAX_TREE_DEPTH = 120  # syntax-tree depth (x+x+…+x nests, too): bounds recursion while building
MAX_LITERAL = 1e6  # largest number that may be typed …
MIN_LITERAL = 1e-12  # … and smallest non-zero one
MAX_EXPONENT = 100  # largest |n| in u**n, and of n₁·n₂·… along nested powers ((u**n₁)**n₂)
MAX_VARIABLE_POWERS = 6  # powers like x**x or 2**x: towers of them make f′ explode
MAX_CONSTANT = 1e100  # largest |value| of a constant part, e.g. 10**100 or exp(230)
MAX_NUMBER_BITS = 400  # numerator/denominator size of any number SymPy holds (~120 digits)
DIFF_TIMEOUT = 3.0  # seconds for sympy.diff in the worker; beyond it the formula is refused
SIMPLIFY_TIMEOUT = 1.0  # seconds for sympy.simplify; beyond it the raw derivative is shown
MAX_SIMPLIFY_OPS = 40  # larger derivatives are shown as sympy.diff gives them (simplify
# rarely finishes within the limit for them, and rarely shortens them)
MAX_WORKERS = 2  # worker processes at once, per server
WORKER_START_TIMEOUT = 20.0  # seconds for a new worker to start and warm up
WORKER_MAX_REQUESTS = 200  # a worker is retired after this many formulas (memory)
MAX_LATEX_OPS = 300  # larger expressions are not typeset (unreadable; slow to print and show)

_ALIASES = {"σ": "sigmoid", "·": "*", "×": "*", "−": "-", "^": "**"}
_ALLOWED_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t+-*/().,_"
)
# Letters that look like x or a but are not (NFKC also folds the fullwidth and maths ones).
_LOOKALIKES = frozenset("хХаАχΧαɑ")
# A number written straight before a name or a bracket: 2x, 3exp(x), 2(x+1).
_IMPLICIT_PRODUCT = re.compile(
    r"(?<![A-Za-z_0-9.])(?>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?=[A-Za-z_(])"
)
_DECIMAL = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_UNDEFINED = (sp.zoo, sp.nan, sp.oo, -sp.oo)

_VARIABLES: dict[str, sp.Expr] = {"x": X, "a": A, "pi": sp.pi, "e": sp.E}


def _relu(u: sp.Expr) -> sp.Expr:
    return sp.Max(0, u)  # not the named relu's Piecewise: diff of Max gives a Heaviside step


FUNCTIONS: dict[str, tuple[Callable[..., sp.Expr], int, int]] = {
    "exp": (sp.exp, 1, 1),
    "log": (sp.log, 1, 1),
    "ln": (sp.log, 1, 1),
    "sqrt": (sp.sqrt, 1, 1),
    "abs": (sp.Abs, 1, 1),
    "tanh": (sp.tanh, 1, 1),
    "sinh": (sp.sinh, 1, 1),
    "cosh": (sp.cosh, 1, 1),
    "sin": (sp.sin, 1, 1),
    "cos": (sp.cos, 1, 1),
    "erf": (sp.erf, 1, 1),
    "max": (sp.Max, 2, 8),
    "min": (sp.Min, 2, 8),
    "sigmoid": (sigma.elementary, 1, 1),
    "relu": (_relu, 1, 1),
    "softplus": (softplus.elementary, 1, 1),
}
"""Callable names: ``name -> (SymPy builder, fewest arguments, most arguments)``."""

# Syntax the user may not write, named by a stable id the UI translates.
_NODE_KINDS: dict[type, str] = {
    ast.Attribute: "attribute",
    ast.Subscript: "subscript",
    ast.Slice: "subscript",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.JoinedStr: "string",
    ast.NamedExpr: "assignment",
    ast.Compare: "comparison",
    ast.BoolOp: "logic",
    ast.IfExp: "conditional",
    ast.Tuple: "collection",
    ast.List: "collection",
    ast.Set: "collection",
    ast.Dict: "collection",
    ast.Starred: "starred",
}
_OPERATOR_TEXT = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.Not: "not"}


REFUSAL_CODES: tuple[str, ...] = (
    "empty",
    "too_long",
    "nul_byte",
    "lookalike",
    "non_ascii",
    "factorial",
    "char_not_allowed",
    "too_deep",
    "implicit_product",
    "syntax",
    "node_not_allowed",
    "operator_not_allowed",
    "name_not_allowed",
    "function_not_allowed",
    "function_needs_call",
    "wrong_arity",
    "number_format",
    "number_too_large",
    "number_too_small",
    "exponent_too_large",
    "too_many_variable_powers",
    "division_by_zero",
    "undefined",
    "not_real",
    "too_complex",
)
"""Every ``CustomExpressionError.code``; the strings tables hold a message for each."""

NODE_KINDS: tuple[str, ...] = (*dict.fromkeys(_NODE_KINDS.values()), "keyword", "other")
"""Every ``detail`` of a ``node_not_allowed`` refusal (the kind of syntax found)."""


class CustomExpressionError(ValueError):
    """A formula refused by :func:`parse`: ``code`` is a stable id, ``detail`` what was found.

    ``code`` is one of :data:`REFUSAL_CODES`; for ``node_not_allowed`` the detail is one of
    :data:`NODE_KINDS` (``attribute``, ``lambda``, …), otherwise the offending text or a limit.

    >>> error = CustomExpressionError("name_not_allowed", "y")
    >>> error.code, error.detail, str(error)
    ('name_not_allowed', 'y', 'name_not_allowed: y')
    """

    def __init__(self, code: str, detail: object = "") -> None:
        detail = str(detail)
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# --- Parsing ----------------------------------------------------------------------------------


def parse(text: str) -> sp.Expr:
    """The SymPy expression for ``text``, in :data:`X` and :data:`A`.

    Checks run cheapest first, so hostile text is refused before anything costly happens:
    length, NUL bytes, characters, parenthesis depth (all on the raw text), then
    ``ast.parse``, then the tree against the whitelist while the expression is built.

    Raises:
        CustomExpressionError: for anything outside the grammar or its limits.

    >>> parse("x*tanh(ln(1+exp(x)))")
    x*tanh(log(exp(x) + 1))
    >>> parse("__import__('os')")
    Traceback (most recent call last):
    ...
    activations.custom.CustomExpressionError: char_not_allowed: '
    """
    if not isinstance(text, str):
        raise CustomExpressionError("syntax", type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise CustomExpressionError("too_long", len(text))
    if "\x00" in text:
        raise CustomExpressionError("nul_byte")
    for alias, replacement in _ALIASES.items():
        text = text.replace(alias, replacement)
    text = text.strip()
    if not text:
        raise CustomExpressionError("empty")
    _check_characters(text)
    _check_parentheses(text)
    if match := _IMPLICIT_PRODUCT.search(text):
        raise CustomExpressionError("implicit_product", text[match.start() : match.end() + 1])
    try:
        tree = parse_python(text, mode="eval")
    except SyntaxError as error:  # under warnings-as-errors a tokenizer warning lands here too
        raise CustomExpressionError("syntax", error.offset or "") from None
    except (ValueError, MemoryError, RecursionError):
        raise CustomExpressionError("syntax") from None
    _check_tree_depth(tree)
    expr = _Builder(text).build(tree.body)[0]
    if expr.has(sp.I):
        raise CustomExpressionError("not_real")
    if expr.has(*_UNDEFINED):
        raise CustomExpressionError("undefined")
    return expr


def _check_characters(text: str) -> None:
    for char in text:
        if char in _ALLOWED_CHARS:
            continue
        if not char.isascii():
            folded = unicodedata.normalize("NFKC", char).lower()
            code = "lookalike" if char in _LOOKALIKES or folded in ("x", "a") else "non_ascii"
            raise CustomExpressionError(code, f"{char} (U+{ord(char):04X})")
        if char == "!":
            raise CustomExpressionError("factorial", "!")
        raise CustomExpressionError("char_not_allowed", char if char.isprintable() else repr(char))


def _check_parentheses(text: str) -> None:
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth > MAX_DEPTH:
            raise CustomExpressionError("too_deep", MAX_DEPTH)


def _check_tree_depth(tree: ast.AST) -> None:
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise CustomExpressionError("too_deep", MAX_TREE_DEPTH)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


# (expression, product of the numeric exponents nested in it)
_Built = tuple[sp.Expr, float]


class _Builder:
    """Builds SymPy from a syntax tree, node by whitelisted node; anything else is refused."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.variable_powers = 0

    def build(self, node: ast.AST) -> _Built:
        if isinstance(node, ast.Constant):
            return self._number(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise CustomExpressionError("node_not_allowed", _NODE_KINDS.get(type(node), "other"))

    def _segment(self, node: ast.AST) -> str:
        return (ast.get_source_segment(self.source, node) or "")[:40]

    def _number(self, node: ast.Constant) -> _Built:
        literal = self._segment(node)
        if not isinstance(node.value, int | float) or isinstance(node.value, bool):
            raise CustomExpressionError("number_format", literal)
        if not _DECIMAL.fullmatch(literal):  # 0x10, 1_000, 1j
            raise CustomExpressionError("number_format", literal)
        value = float(literal)  # safe for any exponent; sp.Rational("1e-999999999") is not
        if not value <= MAX_LITERAL:  # also 1e999, which is inf
            raise CustomExpressionError("number_too_large", literal)
        if value == 0:
            if any(digit in "123456789" for digit in literal.lower().partition("e")[0]):
                raise CustomExpressionError("number_too_small", literal)  # 1e-999 underflows
            return sp.Integer(0), 1.0
        if value < MIN_LITERAL:
            raise CustomExpressionError("number_too_small", literal)
        return sp.Rational(literal), 1.0  # exact: 0.1 is 1/10, as the reader meant

    def _name(self, node: ast.Name) -> _Built:
        if node.id in _VARIABLES:
            return _VARIABLES[node.id], 1.0
        code = "function_needs_call" if node.id in FUNCTIONS else "name_not_allowed"
        raise CustomExpressionError(code, node.id[:30])

    def _unary(self, node: ast.UnaryOp) -> _Built:
        if isinstance(node.op, ast.UAdd):
            return self.build(node.operand)
        if isinstance(node.op, ast.USub):
            operand, power = self.build(node.operand)
            return _checked(-operand), power
        raise CustomExpressionError("operator_not_allowed", _OPERATOR_TEXT.get(type(node.op), "?"))

    def _binary(self, node: ast.BinOp) -> _Built:
        if not isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div | ast.Pow):
            raise CustomExpressionError("operator_not_allowed", _OPERATOR_TEXT.get(type(node.op)))
        (left, left_power), (right, right_power) = self.build(node.left), self.build(node.right)
        power = max(left_power, right_power)
        if isinstance(node.op, ast.Add):
            return _checked(left + right), power
        if isinstance(node.op, ast.Sub):
            return _checked(left - right), power
        if isinstance(node.op, ast.Mult):
            return _checked(left * right), power
        if isinstance(node.op, ast.Div):
            if right.is_number and right.is_zero:
                raise CustomExpressionError("division_by_zero", self._segment(node))
            return _checked(left / right), power
        return self._power(left, left_power, right, right_power, self._segment(node))

    def _power(
        self, base: sp.Expr, base_power: float, exponent: sp.Expr, exponent_power: float, text: str
    ) -> _Built:
        """``base ** exponent``, once it is clear SymPy will not compute a huge number."""
        if not exponent.is_number:  # 2**x, x**x: SymPy keeps these symbolic
            self.variable_powers += 1
            if self.variable_powers > MAX_VARIABLE_POWERS:
                raise CustomExpressionError("too_many_variable_powers", MAX_VARIABLE_POWERS)
            return _checked(sp.Pow(base, exponent)), max(base_power, exponent_power)
        value = _real_value(exponent)
        if abs(value) > MAX_EXPONENT:
            raise CustomExpressionError("exponent_too_large", _short(exponent))
        # SymPy folds (u**m)**n into u**(m·n) and (2·x)**n into 2**n·x**n: bound the product
        # of exponents along the nesting, not each one alone.
        power = base_power * max(1.0, abs(value))
        if power > MAX_EXPONENT:
            raise CustomExpressionError("exponent_too_large", f"{power:.0f}")
        if base.is_number:
            size = abs(_real_value(base))
            if size == 0 and value < 0:
                raise CustomExpressionError("division_by_zero", text)
            if size != 0 and abs(value * math.log10(size)) > math.log10(MAX_CONSTANT):
                raise CustomExpressionError("number_too_large", text)
        return _checked(sp.Pow(base, exponent)), power

    def _call(self, node: ast.Call) -> _Built:
        if not isinstance(node.func, ast.Name) or node.func.id in _VARIABLES:
            # 2(x+1) is caught on the text; (x+1)(x-1) and x(1) arrive here: a missing *
            raise CustomExpressionError("implicit_product", self._segment(node))
        name = node.func.id
        if name not in FUNCTIONS:
            raise CustomExpressionError("function_not_allowed", name[:30])
        if node.keywords:
            raise CustomExpressionError("node_not_allowed", "keyword")
        builder, fewest, most = FUNCTIONS[name]
        if not fewest <= len(node.args) <= most:
            raise CustomExpressionError("wrong_arity", name)
        built = [self.build(arg) for arg in node.args]
        power = max(power for _, power in built)
        return _checked(builder(*(arg for arg, _ in built))), power


def _checked(expr: sp.Expr) -> sp.Expr:
    """``expr`` after checking its numbers are short and, if it is constant, real and bounded."""
    for number in expr.atoms(sp.Rational):
        if max(abs(number.p).bit_length(), number.q.bit_length()) > MAX_NUMBER_BITS:
            raise CustomExpressionError("number_too_large", "")
    if expr.is_number:
        _real_value(expr)
    return expr


def _real_value(number: sp.Expr) -> float:
    """A constant's value as a float; refuses complex, undefined and over-large constants.

    Every constant reaching here is built from checked parts, so ``evalf`` works on bounded
    inputs and stays fast.
    """
    if number.has(*_UNDEFINED):
        raise CustomExpressionError("undefined", _short(number))
    approx = number.evalf(15, chop=True)
    if approx.has(*_UNDEFINED):
        raise CustomExpressionError("undefined", _short(number))
    real, imag = approx.as_real_imag()
    if imag != 0:
        raise CustomExpressionError("not_real", _short(number))
    if abs(real) > MAX_CONSTANT:
        raise CustomExpressionError("number_too_large", _short(number))
    return float(real)


def _short(number: sp.Expr) -> str:
    try:
        text = sp.sstr(number)
    except ValueError:  # an integer past Python's str() digit limit
        return "…"
    return text if len(text) <= 30 else f"{text[:27]}..."


def uses_parameter(expr: sp.Expr) -> bool:
    """Whether the formula contains the parameter ``a`` (the page then shows its slider).

    >>> uses_parameter(parse("x*sigmoid(a*x)")), uses_parameter(parse("relu(x)"))
    (True, False)
    """
    return A in expr.free_symbols


# --- The derivative, under a wall-clock limit -------------------------------------------------


@dataclass(frozen=True)
class Derivative:
    """f′ as ``sympy.diff`` gives it (``raw``) and as shown (``shown``: simplified if shorter).

    ``status`` says how simplification went: ``"simplified"``, ``"kept"`` (it did not shorten
    f′), ``"timeout"``, ``"too_big"`` (not tried), ``"busy"`` (every worker in use) or
    ``"unavailable"`` (no worker process could run).
    """

    raw: sp.Expr
    shown: sp.Expr
    status: str


def derivative(
    expr: sp.Expr,
    *,
    diff_timeout: float | None = None,
    simplify_timeout: float | None = None,
) -> Derivative:
    """df/dx of ``expr``, simplified within a time limit.

    The work runs in a worker process; the caller waits on a socket and kills the worker when
    a limit passes (the next caller gets a fresh one). A thread would be cheaper, but a thread
    stuck in ``simplify`` cannot be stopped and keeps taking the GIL from every other session
    on the server. Workers start once, warm up (SymPy's first ``simplify`` is slow) and then
    serve formula after formula. At most :data:`MAX_WORKERS` run at once; when none is free,
    or none can start, ``diff`` runs in-process (the parser's limits keep it fast) and
    simplification is skipped.

    Raises:
        CustomExpressionError: ``too_complex`` when ``diff`` itself exceeds ``diff_timeout``.

    >>> derivative(parse("log(1+exp(x))")).shown
    exp(x)/(exp(x) + 1)
    """
    diff_timeout = DIFF_TIMEOUT if diff_timeout is None else diff_timeout
    simplify_timeout = SIMPLIFY_TIMEOUT if simplify_timeout is None else simplify_timeout
    if not _worker_slots.acquire(timeout=1.0):
        raw = sp.diff(expr, X)
        return Derivative(raw, raw, "busy")
    try:
        worker = _idle_workers.get_nowait()
    except queue.Empty:
        worker = _Worker.start()
    try:
        if worker is None:
            raw = sp.diff(expr, X)
            return Derivative(raw, raw, "unavailable")
        found = worker.derivative(expr, diff_timeout, simplify_timeout)
        if worker.healthy:
            _idle_workers.put(worker)
        return found
    finally:
        if worker is not None and not worker.healthy:
            worker.stop()
            threading.Thread(target=_replenish, daemon=True).start()
        _worker_slots.release()


_worker_slots = threading.BoundedSemaphore(MAX_WORKERS)
_idle_workers: queue.LifoQueue[_Worker] = queue.LifoQueue()
_ROOT = Path(__file__).resolve().parent.parent


_replenishing = threading.Lock()


def _replenish() -> None:
    """Start a worker in the background after one was stopped, so the next caller need not
    wait for a fresh interpreter to import SymPy."""
    if not _replenishing.acquire(blocking=False):
        return
    try:
        if _idle_workers.qsize() < MAX_WORKERS and (worker := _Worker.start()) is not None:
            _idle_workers.put(worker)
    finally:
        _replenishing.release()


@atexit.register
def _stop_idle_workers() -> None:
    while not _idle_workers.empty():
        _idle_workers.get_nowait().stop()


class _Worker:
    """One worker process and the socket to it; ``healthy`` turns False once it may be stuck.

    The worker is a plain ``python -c`` subprocess, not a ``multiprocessing.Process``:
    Streamlit installs each page script as ``sys.modules["__main__"]``, and multiprocessing
    (spawn and forkserver alike) would re-run that script in the child.
    """

    def __init__(self, process: subprocess.Popen, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.healthy = True
        self.served = 0

    @classmethod
    def start(cls) -> _Worker | None:
        """A new, warmed-up worker, or ``None`` where one cannot start."""
        if os.name != "posix":
            return None
        try:
            ours, theirs = socket.socketpair()
        except OSError:
            return None
        command = [
            sys.executable,
            "-c",
            f"import activations.custom as c; c._serve_fd({theirs.fileno()})",
        ]
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(_ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        try:
            process = subprocess.Popen(
                command,
                cwd=_ROOT,
                env=environment,
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
            )
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
        worker = cls(process, Connection(ours.detach()))
        try:
            ready = (
                worker.connection.poll(WORKER_START_TIMEOUT) and worker.connection.recv() == "ready"
            )
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.stop()
            return None
        return worker

    def derivative(self, expr: sp.Expr, diff_timeout: float, simplify_timeout: float):
        self.healthy = False  # until the worker has answered everything it was asked
        try:
            self.connection.send(expr)
            if not self.connection.poll(diff_timeout):
                raise CustomExpressionError("too_complex", f"{diff_timeout:g} s")
            raw = self.connection.recv()
            if sp.count_ops(raw) > MAX_SIMPLIFY_OPS:  # the worker does not try either
                found = Derivative(raw, raw, "too_big")
            elif not self.connection.poll(simplify_timeout):
                return Derivative(raw, raw, "timeout")
            else:
                simplified = self.connection.recv()
                better = sp.count_ops(simplified) < sp.count_ops(raw)
                shown, status = (simplified, "simplified") if better else (raw, "kept")
                found = Derivative(raw, shown, status)
        except (EOFError, OSError):  # the worker died (out of memory, say)
            raw = sp.diff(expr, X)
            return Derivative(raw, raw, "unavailable")
        self.served += 1
        self.healthy = self.served < WORKER_MAX_REQUESTS  # retired now and then: fresh memory
        return found

    def stop(self) -> None:
        self.healthy = False
        self.connection.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _serve_fd(fd: int) -> None:
    """Worker process entry point: serve on the inherited socket ``fd``."""
    _serve(Connection(fd))


def _serve(connection: Connection) -> None:
    """Warm up, then for each expression received send ``diff`` and its simplification."""
    try:
        # ~0.3 s; later: fast
        for warm_up in (X * sigma.elementary(A * X), softplus.elementary(X), _relu(X)):
            sp.simplify(sp.diff(warm_up, X))
        connection.send("ready")
        while True:
            expr = connection.recv()
            raw = sp.diff(expr, X)
            connection.send(raw)
            if sp.count_ops(raw) <= MAX_SIMPLIFY_OPS:
                connection.send(sp.simplify(raw))
    except (EOFError, OSError, KeyboardInterrupt):  # the server closed the socket: exit quietly
        pass


# --- Values on a grid -------------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """Values of a formula on a grid: ``NaN`` (a gap in the plot) where it is not a finite real.

    ``bad`` counts those points, so the page can say how many were left out.
    """

    x: np.ndarray
    y: np.ndarray
    bad: int


Compiled = Callable[[np.ndarray, float], np.ndarray]


def _compile(expr: sp.Expr) -> Compiled | None:
    """NumPy function ``(x, a) -> values`` for ``expr``; ``None`` if SymPy cannot print it.

    ``lambdify`` writes Python source with SymPy's printer from the expression tree, never from
    the user's text: only whitelisted functions and the symbols x and a can appear in it.
    """
    try:
        return sp.lambdify((X, A), expr, modules=["scipy", "numpy"])
    except Exception:  # an unprintable function: plot nothing rather than fail the page
        return None


def _values(compiled: Compiled | None, x: np.ndarray, a: float) -> Curve:
    x = np.asarray(x, dtype=float)
    with np.errstate(all="ignore"):
        try:
            values = compiled(x, float(a)) if compiled else np.nan
        except (ArithmeticError, ValueError, TypeError, NameError):
            values = np.nan
        values = np.broadcast_to(np.asarray(values), x.shape)  # a constant gives a scalar
        if np.iscomplexobj(values):
            values = np.where(values.imag == 0, values.real, np.nan)
        values = np.array(values, dtype=float)
    values[~np.isfinite(values)] = np.nan
    return Curve(x, values, int(np.isnan(values).sum()))


def evaluate(expr: sp.Expr, x: np.ndarray, a: float = 1.0) -> Curve:
    """``expr`` at each point of ``x``, with parameter ``a``; NaN where not a finite real.

    Runs under ``np.errstate(all="ignore")``: log(0), 0/0 and overflow become gaps, never
    warnings.

    >>> curve = evaluate(parse("log(x)"), np.array([-1.0, 0.0, 1.0]))
    >>> curve.y.tolist(), curve.bad
    ([nan, nan, 0.0], 2)
    """
    return _values(_compile(expr), x, a)


# --- Everything the page needs, cached by text ------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """A parsed formula with its derivative, LaTeX (``""`` if too large) and NumPy functions."""

    text: str
    expr: sp.Expr
    grad: Derivative
    latex: str
    grad_latex: str
    f: Compiled | None
    df: Compiled | None

    @property
    def uses_a(self) -> bool:
        return uses_parameter(self.expr)

    @property
    def uses_step(self) -> bool:
        """Whether f′ contains the Heaviside step θ (f has a kink, as max or abs make)."""
        return self.grad.shown.has(sp.Heaviside)

    def curves(self, x: np.ndarray, a: float = 1.0) -> tuple[Curve, Curve]:
        """f and f′ on the grid ``x``; f′ is a gap wherever f is (log x has no slope at x < 0,
        although SymPy's 1/x does)."""
        value, slope = _values(self.f, x, a), _values(self.df, x, a)
        masked = np.where(np.isnan(value.y), np.nan, slope.y)
        return value, Curve(slope.x, masked, int(np.isnan(masked).sum()))

    def builtin(self, a: float = 1.0) -> BuiltinMatch | None:
        """The built-in this formula equals at parameter ``a`` (see :func:`matches_builtin`)."""
        return _match(self.f, self.uses_a, a)


def analyse(text: str) -> Analysis:
    """Parse, differentiate, typeset and compile ``text``; cached by text for all sessions.

    Raises:
        CustomExpressionError: when :func:`parse` refuses it or ``diff`` is too slow.

    >>> analyse("x*sigmoid(x)").grad.status
    'simplified'
    """
    # One computation per text at a time: a class opening the page together asks for the same
    # default formula, and without this each would start its own worker process.
    with _ANALYSIS_LOCKS[hash(text) % len(_ANALYSIS_LOCKS)]:
        found = _analyse(text)
    if isinstance(found, CustomExpressionError):
        raise found
    return found


_ANALYSIS_LOCKS = tuple(threading.Lock() for _ in range(32))


@lru_cache(maxsize=256)
def _analyse(text: str) -> Analysis | CustomExpressionError:
    # Refusals are cached too, so a formula whose diff times out costs its time limit once.
    try:
        expr = parse(text)
        grad = derivative(expr)
    except CustomExpressionError as error:
        return error
    return Analysis(
        text=text,
        expr=expr,
        grad=grad,
        latex=_latex(expr),
        grad_latex=_latex(grad.shown),
        f=_compile(expr),
        df=_compile(grad.shown),
    )


def _latex(expr: sp.Expr) -> str:
    """LaTeX for ``expr``, or ``""`` when it is too large to be worth typesetting."""
    return sp.latex(expr) if sp.count_ops(expr) <= MAX_LATEX_OPS else ""


# --- Facts on the visible interval ------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What a reader sees on the plotted interval, read off the grid (so approximate).

    ``low``/``high`` bound f and ``grad_low``/``grad_high`` bound f′ on the grid; ``argmin``
    and ``argmax`` are where f is lowest and highest, ``minima``/``maxima`` its interior
    turning points (where f′ changes sign).

    ``kink`` says f′ jumps at 0 (as in ReLU): ``slope_at_0`` is then ``None`` and
    ``slope_left``/``slope_right`` hold the one-sided slopes. ``monotonic`` is ``"increasing"``,
    ``"decreasing"``, ``"constant"`` or ``None``. ``zero_centred`` means outputs of both signs
    whose mean is within a tenth of the output range of 0 (tanh yes; sigmoid, ReLU no).
    """

    value_at_0: float | None
    slope_at_0: float | None
    slope_left: float | None
    slope_right: float | None
    kink: bool = False
    low: float | None = None
    high: float | None = None
    grad_low: float | None = None
    grad_high: float | None = None
    argmin: float | None = None
    argmax: float | None = None
    minima: tuple[float, ...] = ()
    maxima: tuple[float, ...] = ()
    monotonic: str | None = None
    zero_centred: bool = False
    bad: int = 0


def _at(compiled: Compiled | None, x: float, a: float) -> float | None:
    value = _values(compiled, np.array([x]), a).y[0]
    return None if np.isnan(value) else float(value)


def facts(analysis: Analysis, x: np.ndarray, a: float = 1.0) -> Facts:
    """Facts about f on the grid ``x`` (the visible interval), with parameter ``a``.

    >>> found = facts(analyse("tanh(x)"), np.linspace(-6, 6, 1201))
    >>> found.value_at_0, found.slope_at_0, found.monotonic, found.zero_centred
    (0.0, 1.0, 'increasing', True)
    """
    curve, slope = analysis.curves(x, a)
    step = np.array([-1e-7, 1e-7])
    left, right = (float(v) if np.isfinite(v) else None for v in analysis.curves(step, a)[1].y)
    kink = left is not None and right is not None and abs(left - right) > 1e-4
    at_0 = Facts(
        value_at_0=_at(analysis.f, 0.0, a),
        slope_at_0=None if kink else _at(analysis.df, 0.0, a),
        slope_left=left,
        slope_right=right,
        kink=kink,
        bad=curve.bad,
    )
    finite = ~np.isnan(curve.y)
    if not finite.any():
        return at_0
    y, xs = curve.y[finite], curve.x[finite]
    low, high = float(y.min()), float(y.max())
    spread = high - low
    steps = np.diff(y)  # across gaps too: 1/x jumps up at 0, so it is not monotonic
    tolerance = 1e-9 * max(spread, 1.0)
    if np.all(np.abs(steps) <= tolerance):
        monotonic = "constant"
    elif np.all(steps >= -tolerance):
        monotonic = "increasing"
    elif np.all(steps <= tolerance):
        monotonic = "decreasing"
    else:
        monotonic = None
    minima, maxima = _turning_points(slope.x, slope.y)
    slopes = slope.y[~np.isnan(slope.y)]
    return replace(
        at_0,
        low=low,
        high=high,
        grad_low=float(slopes.min()) if slopes.size else None,
        grad_high=float(slopes.max()) if slopes.size else None,
        argmin=float(xs[np.argmin(y)]),
        argmax=float(xs[np.argmax(y)]),
        minima=minima,
        maxima=maxima,
        monotonic=monotonic,
        zero_centred=bool(low < 0 < high and abs(float(y.mean())) <= 0.1 * spread),
    )


def _turning_points(x: np.ndarray, slope: np.ndarray) -> tuple[tuple[float, ...], ...]:
    """Interior minima and maxima where f′ changes sign (interpolated); at most 5 of each."""
    minima: list[float] = []
    maxima: list[float] = []
    for i in range(len(x) - 1):
        s0, s1 = slope[i], slope[i + 1]
        if np.isnan(s0) or np.isnan(s1) or s0 * s1 >= 0:
            continue
        root = float(x[i] - s0 * (x[i + 1] - x[i]) / (s1 - s0))
        (minima if s0 < 0 else maxima).append(round(root, 4))
    return tuple(minima[:5]), tuple(maxima[:5])


# --- Is it a built-in? ------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltinMatch:
    """The registry entry, with parameter values, that a formula equals on the test grid."""

    key: str
    params: dict[str, float]


_MATCH_GRID = np.linspace(-8.0, 8.0, 641)


def matches_builtin(expr: sp.Expr, a: float = 1.0) -> BuiltinMatch | None:
    """The built-in activation that ``expr`` equals numerically, if any.

    Each registry entry is tried at its default parameters and, when the formula uses ``a``,
    with each of its parameters set to ``a`` (so ``x*sigmoid(a*x)`` at a = 2 is Swish with
    β = 2). Equal means: undefined at the same grid points and within 1e-7 (relative)
    elsewhere, on 641 points in [−8, 8]. That is numerical evidence, not a proof.

    >>> matches_builtin(parse("x*sigmoid(x)"))
    BuiltinMatch(key='swish', params={'beta': 1.0})
    """
    return _match(_compile(expr), uses_parameter(expr), a)


def _match(compiled: Compiled | None, uses_a: bool, a: float) -> BuiltinMatch | None:
    from activations import REGISTRY  # the registry imports NumPy kernels; only needed here

    mine = _values(compiled, _MATCH_GRID, a).y
    for key, activation in REGISTRY.items():
        defaults = activation.defaults()
        candidates = [defaults]
        if uses_a:
            candidates += [
                {**defaults, param.name: float(a)}
                for param in activation.params
                if param.low <= a <= param.high and defaults[param.name] != a
            ]
        for params in candidates:
            with np.errstate(all="ignore"):
                theirs = np.asarray(activation.fn(_MATCH_GRID, **params), dtype=float)
            if _same_curve(mine, theirs):
                return BuiltinMatch(key, params)
    return None


def _same_curve(mine: np.ndarray, theirs: np.ndarray) -> bool:
    theirs = np.where(np.isfinite(theirs), theirs, np.nan)
    gaps = np.isnan(mine)
    if gaps.all() or not np.array_equal(gaps, np.isnan(theirs)):
        return False
    return bool(np.allclose(mine[~gaps], theirs[~gaps], rtol=1e-7, atol=1e-9))


# --- Examples ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A formula one click away; ``key`` names its button label in the strings table."""

    key: str
    text: str
    a: float = 1.0


EXAMPLES: tuple[Example, ...] = (
    Example("mish", "x*tanh(log(1+exp(x)))"),
    Example("softplus", "log(1+exp(x))"),
    Example("hard_sigmoid", "max(0, min(1, x/6 + 0.5))"),
    Example("swish", "x*sigmoid(a*x)", a=1.0),
    Example("prelu", "max(0, x) + a*min(0, x)", a=PRELU_INIT),
)
