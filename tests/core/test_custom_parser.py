"""The custom-formula parser: hostile text is refused fast with no code run; valid text is right.

Safety tests use two canaries that running any payload would trip: a file the payload would
create and an attribute it would set on ``builtins``. A positive control shows the canaries
do trip when the same payloads are handed to Python's own ``eval``.
"""

from __future__ import annotations

import builtins
import time
from concurrent.futures import ThreadPoolExecutor

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activations import REGISTRY, formula_grid, formula_pool
from activations.formula import (
    EXAMPLES,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_VARIABLE_POWERS,
    NODE_KINDS,
    REFUSAL_CODES,
    A,
    CustomExpressionError,
    X,
    parse,
)
from activations.formula_grid import (
    Compiled,
    Samples,
    analyse,
    compile_formula,
    evaluate,
    grid_facts,
    matches_builtin,
    values_of,
)
from activations.formula_pool import derivative
from activations.precision import digits
from tests.support.profiles import examples

CANARY_ATTRIBUTE = "custom_parser_canary"

# {canary} is replaced with the path of a file the payload would create if it ran.
HOSTILE = [
    # attribute access and dunders
    "().__class__.__bases__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.real",
    "exp.__globals__",
    # imports
    "__import__('os')",
    "__import__('os').system('touch {canary}')",
    "__import__('builtins').__setattr__('custom_parser_canary', 1)",
    "import os",
    "from os import system",
    # files
    "open('{canary}', 'w')",
    "open('{canary}', 'w').write('ran')",
    "open(x)",
    # lambda, exec, eval, getattr
    "lambda: 1",
    "(lambda: open('{canary}', 'w'))()",
    'exec(\'open("{canary}", "w")\')',
    "eval('1+1')",
    "exec(x)",
    "eval(x)",
    "getattr(x, '__class__')",
    "getattr(x, a)",
    "globals()",
    "vars()",
    "breakpoint()",
    # comprehensions, f-strings, walrus
    "[open('{canary}', 'w') for x in (1,)]",
    "(x for x in a)",
    "max(x for x in a)",
    "{x for x in a}",
    "f'{{x}}'",
    "f\"{{__import__('os').system('touch {canary}')}}\"",
    "(y := 1)",
    "(x := open('{canary}', 'w'))",
    # huge exponents and numbers
    "9**9**9",
    "x**(10**100)",
    "2**2**2**2**2**2",
    "10**10**10",
    "x**101",
    "((((2*x)**100)**100)**100)**100",
    "(x**20)**20",
    "exp(exp(exp(100)))",
    "(1e6)**100",
    "1e999",
    "1e-999",
    "9" * 150,
    "x**(x-x+10**100)",
    # factorials
    "x!",
    "100000!",
    "factorial(100000)",
    "gamma(x)",
    # depth and length
    "(" * 10_000 + "x" + ")" * 10_000,
    "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1),
    "-" * 150 + "x",
    "+-" * 75 + "x",
    "exp(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1),
    "x+" * 10_000 + "x",
    "x**" * 66 + "x",
    "2**x**x**x**x**x**x**x",
    "x" * 20_000,
    # NUL bytes
    "x\x00",
    "\x00",
    "x+\x00open('{canary}','w')",
    # Unicode look-alikes of x (Cyrillic, fullwidth, mathematical italic, Greek chi)
    "х",
    "ｘ",
    "\U0001d465",
    "χ",
    "sigmoid(х)",
    "а*x",
    # operators and separators that are not in the grammar
    "x@x",
    "x;x",
    "x; import os",
    "x;open('{canary}','w')",
    "x//2",
    "x%2",
    "x<1",
    "x if a else 1",
    "x and a",
    "not x",
    "~x",
    "x[0]",
    "`x`",
    "\\x41",
    "x\nopen('{canary}','w')",
    # syntax errors, implicit products, unknown names
    "",
    "   ",
    "x +",
    "2x",
    "(x+1)(x-1)",
    "y",
    "X",
    "exp",
    "exp(x, 1)",
    "max(x)",
    "exp(x=1)",
    "max(*x)",
    "0x10",
    "1j",
    "True",
    "None",
    "1/0",
    "log(0)",
    "sqrt(-1)",
    "x/(x-x)",
]


@pytest.fixture
def canary(tmp_path):
    """A path no payload may create, and a builtins attribute no payload may set."""
    path = tmp_path / "canary"
    assert not path.exists()
    assert not hasattr(builtins, CANARY_ATTRIBUTE)
    yield path
    tripped = path.exists() or hasattr(builtins, CANARY_ATTRIBUTE)
    if hasattr(builtins, CANARY_ATTRIBUTE):
        delattr(builtins, CANARY_ATTRIBUTE)
    assert not tripped, "a payload ran"


@pytest.mark.parametrize("payload", HOSTILE, ids=lambda text: repr(text[:40]))
def test_hostile_input_is_refused_quickly_and_runs_nothing(payload, canary):
    text = payload.replace("{canary}", str(canary)).replace("{{", "{").replace("}}", "}")
    start = time.perf_counter()
    with pytest.raises(CustomExpressionError) as refusal:
        parse(text)
    assert time.perf_counter() - start < 1.0
    assert refusal.value.code in REFUSAL_CODES
    if refusal.value.code == "node_not_allowed":
        assert refusal.value.detail in NODE_KINDS
    assert not canary.exists()
    assert not hasattr(builtins, CANARY_ATTRIBUTE)


@pytest.mark.parametrize(
    "payload",
    [
        "open('{canary}', 'w').close()",
        "__import__('builtins').__setattr__('custom_parser_canary', 1)",
        "(lambda: open('{canary}', 'w').close())()",
    ],
)
def test_canary_trips_when_python_evaluates_the_payload(payload, tmp_path):
    # The positive control: the canaries above would notice if these payloads had run.
    path = tmp_path / "canary"
    eval(payload.replace("{canary}", str(path)))
    assert path.exists() or hasattr(builtins, CANARY_ATTRIBUTE)
    if hasattr(builtins, CANARY_ATTRIBUTE):
        delattr(builtins, CANARY_ATTRIBUTE)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x" * (MAX_LENGTH + 1), "too_long"),
        ("x\x00", "nul_byte"),
        ("х", "lookalike"),
        ("é", "non_ascii"),
        ("x!", "factorial"),
        ("x@x", "char_not_allowed"),
        ("x;x", "char_not_allowed"),
        ("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), "too_deep"),
        ("2x", "implicit_product"),
        ("x(1)", "implicit_product"),
        ("x +", "syntax"),
        ("().__class__", "node_not_allowed"),
        ("x//2", "operator_not_allowed"),
        ("y", "name_not_allowed"),
        ("factorial(3)", "function_not_allowed"),
        ("exp", "function_needs_call"),
        ("exp(x, 1)", "wrong_arity"),
        ("0x10", "implicit_product"),
        ("1_000", "implicit_product"),
        ("1000001", "number_too_large"),
        ("1e-13", "number_too_small"),
        ("x**101", "exponent_too_large"),
        ("(x**20)**20", "exponent_too_large"),
        ("9**9**9", "exponent_too_large"),
        ("x**x**x**x**x**x**x**x", "too_many_variable_powers"),
        ("1/0", "division_by_zero"),
        ("log(0)", "undefined"),
        ("sqrt(-1)", "not_real"),
        ("", "empty"),
    ],
)
def test_refusal_codes_say_what_is_wrong(text, code):
    with pytest.raises(CustomExpressionError) as refusal:
        parse(text)
    assert refusal.value.code == code


def test_limits_are_inclusive():
    assert parse("x" + "+x" * ((MAX_LENGTH - 1) // 2)) == (MAX_LENGTH + 1) // 2 * X
    assert parse("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH) == X
    assert parse(f"x**{MAX_EXPONENT}") == X**MAX_EXPONENT
    assert parse("(x**10)**10") == X**100
    assert parse("1000000*x") == 1_000_000 * X


# --- Fuzz -------------------------------------------------------------------------------------

ALLOWED_CHARS = "xae0123456789.+-*/() ,^σ·"
HOSTILE_CHARS = "'\"[]{}:;@!=<>%&|~`\\#$?\x00\nхｘ_é"
WORDS = [
    *FUNCTIONS,
    "x",
    "a",
    "pi",
    "e",
    "**",
    "9",
    "99",
    "1e9",
    "0.5",
    "(",
    ")",
    ",",
    ".",
    "__import__",
    "__class__",
    "lambda",
    "for",
    "in",
    "if",
    "else",
    "not",
    "and",
    "os",
    "open",
    "eval",
    "factorial",
    "'",
    ":=",
    "[",
    "]",
    ";",
    "@",
]
fuzz_text = st.one_of(
    st.text(alphabet=ALLOWED_CHARS + HOSTILE_CHARS, max_size=60),
    st.text(alphabet=ALLOWED_CHARS, max_size=60),
    st.lists(st.sampled_from(WORDS + list(ALLOWED_CHARS)), max_size=30).map("".join),
)
FUZZ_GRID = np.linspace(-5.0, 5.0, 41)
_COMPILED: dict[str, Compiled | None] = {}


def evaluate_compiled_once(expr: sp.Expr, x: np.ndarray, a: float) -> Samples:
    """:func:`evaluate`, lambdifying each distinct expression once: Hypothesis repeats many
    formulas across its examples, and lambdify (milliseconds) dominates a cheap example."""
    key = sp.srepr(expr)
    if key not in _COMPILED:
        _COMPILED[key] = compile_formula(expr)
    return values_of(_COMPILED[key], x, a)


@settings(max_examples=examples(2000), suppress_health_check=[HealthCheck.too_slow])
@given(fuzz_text)
def test_fuzz_parser_returns_expression_in_x_and_a_or_refuses(text):
    try:
        expr = parse(text)
    except CustomExpressionError as refusal:
        assert refusal.code in REFUSAL_CODES
        return
    assert isinstance(expr, sp.Expr)
    assert expr.free_symbols <= {X, A}
    assert not expr.has(sp.I, sp.zoo, sp.nan, sp.oo)
    curve = evaluate_compiled_once(expr, FUZZ_GRID, 1.5)  # warnings are errors: none may escape
    assert curve.y.shape == FUZZ_GRID.shape
    assert not np.isinf(curve.y).any()


def formulas(depth: int = 3) -> st.SearchStrategy[str]:
    """Strings in the grammar (some still over its limits), to exercise building and values."""
    leaves = st.sampled_from(["x", "a", "2", "0.5", "pi", "e", "3", "1e-3"])

    def extend(inner):
        unary = st.sampled_from(sorted(FUNCTIONS.keys() - {"max", "min"}))
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(
                lambda parts: f"({parts[0]}{parts[1]}{parts[2]})"
            ),
            st.tuples(unary, inner).map(lambda parts: f"{parts[0]}({parts[1]})"),
            st.tuples(st.sampled_from(["max", "min"]), inner, inner).map(
                lambda parts: f"{parts[0]}({parts[1]}, {parts[2]})"
            ),
            inner.map(lambda part: f"-{part}"),
        )

    return st.recursive(leaves, extend, max_leaves=depth * 4)


@settings(max_examples=examples(500), suppress_health_check=[HealthCheck.too_slow])
@given(formulas())
def test_fuzz_grammar_formulas_parse_and_evaluate_cleanly(text):
    try:
        expr = parse(text)
    except CustomExpressionError as refusal:
        assert refusal.code in REFUSAL_CODES
        return
    assert expr.free_symbols <= {X, A}
    curve = evaluate_compiled_once(expr, FUZZ_GRID, -0.7)
    assert curve.bad == int(np.isnan(curve.y).sum())


# --- Values and derivatives -------------------------------------------------------------------

VALID = [example.text for example in EXAMPLES] + [
    "x/2*(1+erf(x/sqrt(2)))",
    "x*sigmoid(a*x)",
    "tanh(x)",
    "abs(x)",
    "x**3 - x",
    "sinh(x)/cosh(x)",
    "relu(x) - 0.1*relu(-x)",
    "softplus(a*x)/a",
    "σ(x)·x",
    "x^2 + sin(x)",
]


@pytest.mark.parametrize("text", VALID)
def test_derivative_equals_sympy_diff(text):
    expr = parse(text)
    expected = sp.diff(expr, X)
    found = analyse(text).grad
    assert found.raw == expected
    grid = np.linspace(-4.9, 4.9, 99)  # avoids 0, where Heaviside is a convention
    for a in (-1.3, 0.5, 2.0):
        shown = evaluate(found.shown, grid, a)
        direct = evaluate(expected, grid, a)
        np.testing.assert_array_equal(np.isnan(shown.y), np.isnan(direct.y))
        np.testing.assert_allclose(shown.y, direct.y, rtol=1e-9, atol=1e-12)


def mp_sigmoid(u):
    return 1 / (1 + mp.exp(-u))


# (formula, the same function written with mpmath, a)
MPMATH_REFERENCES = [
    ("x*tanh(log(1+exp(x)))", lambda x, a: x * mp.tanh(mp.log(1 + mp.exp(x))), 1.0),
    ("log(1+exp(x))", lambda x, a: mp.log(1 + mp.exp(x)), 1.0),
    ("x*sigmoid(a*x)", lambda x, a: x * mp_sigmoid(a * x), 1.7),
    ("x/2*(1+erf(x/sqrt(2)))", lambda x, a: x / 2 * (1 + mp.erf(x / mp.sqrt(2))), 1.0),
    ("max(0, min(1, x/6 + 0.5))", lambda x, a: max(0, min(1, x / 6 + mp.mpf(1) / 2)), 1.0),
    ("max(0, x) + a*min(0, x)", lambda x, a: max(0, x) + a * min(0, x), 0.25),
    ("sqrt(x**2 + a**2) - a", lambda x, a: mp.sqrt(x**2 + a**2) - a, -2.5),
    ("e**(-x**2) * cos(pi*x)", lambda x, a: mp.exp(-(x**2)) * mp.cos(mp.pi * x), 1.0),
]
POINTS = [-3.7, -1.0, -0.3, 0.25, 1.5, 4.2]


@pytest.mark.parametrize(
    ("text", "reference", "a"), MPMATH_REFERENCES, ids=[text for text, _, _ in MPMATH_REFERENCES]
)
def test_plotted_curve_matches_mpmath(text, reference, a):
    curve, slope = analyse(text).curves(np.array(POINTS), a)
    with digits(30):  # not mp.dps = 30: that stays set for every test after this one
        for x, value, grad in zip(POINTS, curve.y, slope.y, strict=True):
            point, parameter = mp.mpf(x), mp.mpf(a)
            expected = float(reference(point, parameter))
            assert value == pytest.approx(expected, rel=1e-12, abs=1e-14)
            expected_grad = mp.diff(lambda u, p=parameter: reference(u, p), point)
            assert grad == pytest.approx(float(expected_grad), rel=1e-9, abs=1e-12)


def test_undefined_points_become_counted_gaps():
    curve = evaluate(parse("log(x) + 1/x"), np.linspace(-1, 1, 5))
    assert curve.bad == 3  # x = -1, -0.5 (log of a negative) and 0 (log 0, 1/0)
    assert np.isnan(curve.y[:3]).all()
    assert np.isfinite(curve.y[3:]).all()


def test_overflow_becomes_a_gap_not_a_warning():
    curve = evaluate(parse("exp(exp(x))"), np.array([0.0, 10.0]))
    assert np.isfinite(curve.y[0])
    assert curve.bad == 1


def test_constant_formula_gives_a_flat_curve():
    curve = evaluate(parse("2*pi"), np.linspace(-1, 1, 3))
    np.testing.assert_allclose(curve.y, 2 * np.pi)


# --- Facts and built-ins ----------------------------------------------------------------------

GRID = np.linspace(-6.0, 6.0, 1201)


def test_facts_of_tanh():
    found = grid_facts(analyse("tanh(x)"), GRID)
    assert found.value_at_0 == 0.0
    assert found.slope_at_0 == 1.0
    assert found.trend == "increasing"
    assert found.zero_centred
    assert found.minima == found.maxima == ()


def test_facts_of_sigmoid_say_not_zero_centred():
    found = grid_facts(analyse("sigmoid(x)"), GRID)
    assert found.value_at_0 == 0.5
    assert found.slope_at_0 == pytest.approx(0.25)
    assert not found.zero_centred
    assert 0 < found.low < found.high < 1


def test_facts_of_relu_report_the_kink():
    found = grid_facts(analyse("relu(x)"), GRID)
    assert found.kink
    assert found.slope_at_0 is None
    assert (found.slope_left, found.slope_right) == (0.0, 1.0)
    assert found.trend == "increasing"


def test_facts_of_swish_find_its_minimum():
    found = grid_facts(analyse("x*sigmoid(x)"), GRID)
    assert found.trend is None
    assert found.minima == (pytest.approx(-1.278465, abs=1e-3),)
    assert found.low == pytest.approx(-0.278465, abs=1e-4)


def test_slope_is_a_gap_where_the_function_is_undefined():
    found = analyse("log(x) + max(0, x)")
    value, slope = found.curves(np.array([-1.0, 1.0]))
    assert np.isnan(value.y[0]) and np.isnan(slope.y[0])  # SymPy's 1/x alone would give -1
    assert slope.y[1] == 2.0
    assert not grid_facts(found, GRID).kink


def test_facts_of_reciprocal_are_not_monotonic_across_the_gap():
    found = grid_facts(analyse("1/x"), np.linspace(-6, 6, 1201))
    assert found.trend is None
    assert found.value_at_0 is None
    assert found.bad == 1


@pytest.mark.parametrize(
    ("text", "a", "key", "params"),
    [
        ("x*sigmoid(x)", 1.0, "swish", {"beta": 1.0}),
        ("x*sigmoid(a*x)", 2.0, "swish", {"beta": 2.0}),
        ("x*tanh(log(1+exp(x)))", 1.0, "mish", {}),
        ("log(1+exp(x))", 1.0, "softplus", {}),
        ("softplus(x)", 1.0, "softplus", {}),
        ("max(0, x)", 1.0, "relu", {}),
        ("max(0, x) + a*min(0, x)", 0.25, "leaky_relu", {"negative_slope": 0.25}),
        ("1/(1+exp(-x))", 1.0, "sigmoid", {}),
        ("2*sigmoid(2*x) - 1", 1.0, "tanh", {}),
        ("x/2*(1+erf(x/sqrt(2)))", 1.0, "gelu", {}),
        # a parameter is fitted over its whole range, not only tried at its default
        ("max(x, 0.1*x)", 1.0, "leaky_relu", {"negative_slope": 0.1}),
        ("max(0.1*x, x)", 1.0, "leaky_relu", {"negative_slope": 0.1}),
        ("max(0, x) + 0.3*min(0, x)", 1.0, "leaky_relu", {"negative_slope": 0.3}),
        ("x*sigmoid(2*x)", 1.0, "swish", {"beta": 2.0}),
        ("x*sigmoid(1.702*x)", 1.0, "swish", {"beta": 1.702}),
        ("max(0, x) + 1.3*(exp(min(0, x)) - 1)", 1.0, "elu", {"alpha": 1.3}),
        # a formula in a equals the entry with its parameter = a, for every a both allow
        ("max(x, a*x)", 0.3, "leaky_relu", {"negative_slope": 0.3}),
        ("max(0, x) + a*(exp(min(0, x)) - 1)", 2.5, "elu", {"alpha": 2.5}),
    ],
)
def test_matches_builtin(text, a, key, params):
    found = matches_builtin(parse(text), a)
    assert found is not None
    assert (found.key, found.params) == (key, params)


@pytest.mark.parametrize("text", ["x**2", "x*sigmoid(2*x) + 0.01", "max(0, x) + 0.3*x**2", "1"])
def test_other_formulas_match_no_builtin(text):
    assert matches_builtin(parse(text)) is None


@pytest.mark.parametrize(
    ("text", "a"),
    [
        ("a*x", 1.0),  # the identity at a = 1, as Leaky ReLU at slope 1, but a line for every a
        ("a*x", 0.5),
        ("max(x, a*x)", 2.0),  # slope a > 1: not a Leaky ReLU (whose slope is at most 1)
        ("x*sigmoid(a*x)", -1.0),  # β = −1 is outside Swish's range
        ("x", 1.0),  # a line is no built-in, though Leaky ReLU passes through it
        ("x/2", 1.0),
    ],
)
def test_equal_at_one_value_of_a_is_not_a_match(text, a):
    assert matches_builtin(parse(text), a) is None


def test_every_example_parses_and_names_a_registry_entry_or_none():
    for example in EXAMPLES:
        expr = parse(example.text)
        found = matches_builtin(expr, example.a)
        assert found is None or found.key in REGISTRY


# --- Time limits ------------------------------------------------------------------------------

SLOW_TO_SIMPLIFY = "x*tanh(log(1+exp(x)))"  # simplify takes seconds (and gains nothing)


@pytest.fixture
def stopped(monkeypatch):
    """Workers stopped during a test (each must be dead afterwards)."""
    found = []
    original = formula_pool._Worker.stop

    def stop(worker):
        found.append(worker)
        original(worker)

    monkeypatch.setattr(formula_pool._Worker, "stop", stop)
    return found


def test_slow_simplify_falls_back_to_the_raw_derivative_and_kills_the_worker(stopped):
    expr = parse(SLOW_TO_SIMPLIFY)
    derivative(parse("x**2"))  # a warm worker, so only the limit is timed
    start = time.perf_counter()
    found = derivative(expr, simplify_timeout=0.05)
    assert time.perf_counter() - start < 3.0
    assert found.status == "timeout"
    assert found.shown == found.raw == sp.diff(expr, X)
    assert len(stopped) == 1
    assert stopped[0].process.returncode is not None


def test_slow_diff_is_refused_as_too_complex(stopped):
    # A warm worker first, so the limit is what is timed: on a loaded machine a cold worker may
    # not start in time, and without one the diff runs in-process with no limit ("unavailable").
    for _ in range(5):
        if derivative(parse("x**2")).status in ("simplified", "kept"):
            break
    stopped.clear()
    with pytest.raises(CustomExpressionError) as refusal:
        derivative(parse("x*sigmoid(x)"), diff_timeout=0.0)
    assert refusal.value.code == "too_complex"
    assert [worker.process.returncode is not None for worker in stopped] == [True]


def test_workers_are_reused_and_stay_few(stopped):
    for text in ["x**2", "x**3", "sin(x)", "x**2"]:
        assert derivative(parse(text)).status in ("simplified", "kept")
    assert stopped == []
    assert 1 <= formula_pool._idle_workers.qsize() <= formula_pool.MAX_WORKERS
    assert all(worker.process.poll() is None for worker in list(formula_pool._idle_workers.queue))


def test_without_a_free_worker_diff_runs_in_process_unsimplified():
    slots = [formula_pool._worker_slots.acquire(timeout=1) for _ in range(formula_pool.MAX_WORKERS)]
    assert all(slots)
    try:
        found = formula_pool.derivative(parse("x**3"))
    finally:
        for _ in slots:
            formula_pool._worker_slots.release()
    assert (found.status, found.shown) == ("busy", 3 * X**2)


def test_without_worker_processes_diff_runs_in_process(monkeypatch):
    monkeypatch.setattr(formula_pool._Worker, "start", classmethod(lambda cls: None))
    monkeypatch.setattr(formula_pool, "_idle_workers", formula_pool.queue.LifoQueue())
    found = derivative(parse("sin(x)"))
    assert (found.status, found.shown) == ("unavailable", sp.cos(X))


def test_heaviest_accepted_formulas_stay_fast():
    # A tower x**x**…**x and a long product are valid: their limits are length and depth.
    towers = "x**" * MAX_VARIABLE_POWERS + "x"
    products = "*".join(f"sin(x+{shift})" for shift in range(18))
    for text in [towers, products, "+".join(["x*exp(x)"] * 22)]:
        start = time.perf_counter()
        found = analyse(text)
        assert time.perf_counter() - start < 8.0
        assert found.grad.raw == sp.diff(found.expr, X)


def test_analysis_is_cached_by_text_and_caches_refusals():
    assert analyse("x*sigmoid(x)") is analyse("x*sigmoid(x)")
    for _ in range(2):
        with pytest.raises(CustomExpressionError):
            analyse("x!")


def test_a_class_asking_for_one_new_formula_at_once_computes_it_once(monkeypatch):
    calls = []
    real = formula_pool.derivative

    def counted(expr, **limits):
        calls.append(expr)
        time.sleep(0.2)  # long enough for every thread to arrive while the first computes
        return real(expr, **limits)

    monkeypatch.setattr(formula_grid, "derivative", counted)
    text = "x*tanh(x) + 17/19"  # not used by any other test, so not cached yet
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(analyse, [text] * 6))
    assert len(calls) == 1
    assert all(found is results[0] for found in results)
