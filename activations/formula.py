"""A user's own activation, typed as text and parsed safely into SymPy.

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
exponents.

The formula's derivative is taken under a wall-clock limit by :mod:`activations.formula_pool`;
its values, facts and likeness to a built-in on a grid come from
:mod:`activations.formula_grid`. This module imports SymPy only: the pool's worker processes
load it.

>>> parse("x*sigmoid(a*x)")
x/(1 + exp(-a*x))
>>> parse("9**9**9")
Traceback (most recent call last):
...
activations.formula.CustomExpressionError: exponent_too_large: 387420489
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from activations.constants import PRELU_INIT
from activations.named_functions import sigma, softplus
from activations.syntax import parse_python

__all__ = [
    "EXAMPLES",
    "FUNCTIONS",
    "MAX_CONSTANT",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LITERAL",
    "MAX_NUMBER_BITS",
    "MAX_TREE_DEPTH",
    "MAX_VARIABLE_POWERS",
    "MIN_LITERAL",
    "NODE_KINDS",
    "REFUSAL_CODES",
    "A",
    "CustomExpressionError",
    "Example",
    "X",
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
    activations.formula.CustomExpressionError: char_not_allowed: '
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
