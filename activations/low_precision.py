"""Activations as the number formats models train in compute them (no Streamlit).

One evaluation throughout, the framework's: the input x is rounded to the type (a tensor of
that dtype holds only its numbers), f and f′ are computed in float32 and the result is rounded
to the type. PyTorch computes element-wise operations on float16 and bfloat16 tensors that way
(its "opmath" type is float32), and float32 tensors in float32. Here the float32 computation
is the registry's own kernels run on float32 arrays (they keep float32), except σ, which
PyTorch's kernel writes as the textbook 1/(1 + e^(−x)) (:data:`FLOAT32_KERNELS`): so float32's σ
is exactly 1 from 24·ln 2 ≈ 16.64, as ``torch.sigmoid`` is, where a correctly rounded σ would
wait until 25·ln 2. The derivative is the
one autograd uses: σ′ and tanh′ from the saved output y (``sigmoid_backward(grad, result)`` is
y(1 − y), ``tanh_backward`` is 1 − y², PyTorch's ``derivatives.yaml``), every other f′ from
the input. So where y has rounded to exactly 1, σ′ and tanh′ are exactly 0: a gradient dead
zone no formula on paper has. float64 is the registry as it is.

bfloat16 comes from ml_dtypes, imported on first use (~1 s: :func:`scalar_type`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

from activations.registry import Configured
from activations.softmax import Steps

Array = NDArray[np.float64]

DTYPES = ("float64", "float32", "float16", "bfloat16")
"""The types the precision control offers, by NumPy's (and PyTorch's) name."""
DEFAULT = "float64"

REACH = 1000.0
"""Saturation, dead zones and overflow are searched for on |x| ≤ REACH."""
_SCAN = 20_001  # coarse samples of [0, REACH] before the exact search between two of them

_BITS = {2: np.uint16, 4: np.uint32, 8: np.uint64}  # an unsigned integer of each width


def _textbook_sigmoid(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # e^(−x) = inf gives 1/inf = 0, as in PyTorch
        return 1 / (1 + np.exp(-x))


# f in float32 as PyTorch's CPU kernels compute it, where that differs from the registry's.
FLOAT32_KERNELS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"sigmoid": _textbook_sigmoid}

# σ′ and tanh′ as autograd computes them: from the output y saved by the forward pass.
FROM_OUTPUT: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": lambda y: y * (1 - y),
    "tanh": lambda y: 1 - y * y,
}


@cache
def scalar_type(name: str) -> type:
    """NumPy's scalar type of ``name`` (one of :data:`DTYPES`).

    >>> [scalar_type(name).__name__ for name in DTYPES]
    ['float64', 'float32', 'float16', 'bfloat16']
    """
    if name == "bfloat16":
        import ml_dtypes  # ~1 s to import: only a bfloat16 lesson needs it

        return ml_dtypes.bfloat16
    return {"float64": np.float64, "float32": np.float32, "float16": np.float16}[name]


@cache
def significant_bits(name: str) -> int:
    """Significant bits of the type, the hidden one included (53, 24, 11, 8).

    >>> [significant_bits(name) for name in DTYPES]
    [53, 24, 11, 8]
    """
    return int(_finfo(name).nmant) + 1


@cache
def exponent_bits(name: str) -> int:
    """Bits of the exponent field (11, 8, 5, 8): bfloat16 keeps float32's, hence its range.

    >>> [exponent_bits(name) for name in DTYPES]
    [11, 8, 5, 8]
    """
    return int(_finfo(name).nexp)


@cache
def unit_roundoff(name: str) -> float:
    """u = 2^−p: the largest relative error of rounding a number in range to the type.

    >>> unit_roundoff("bfloat16") == 2.0**-8, unit_roundoff("float16") == 2.0**-11
    (True, True)
    """
    return 2.0 ** -significant_bits(name)


@cache
def largest(name: str) -> float:
    """The largest finite number of the type (65504 for float16).

    >>> largest("float16"), largest("bfloat16") > 3e38
    (65504.0, True)
    """
    return float(_finfo(name).max)


def _finfo(name: str):
    if name == "bfloat16":
        import ml_dtypes

        return ml_dtypes.finfo(scalar_type(name))
    return np.finfo(scalar_type(name))


def representable(x: ArrayLike, name: str) -> Array:
    """``x`` rounded to the nearest number of the type (as float64): what a tensor holds.

    >>> representable([0.1, 1000.3], "bfloat16").tolist()
    [0.10009765625, 1000.0]
    """
    values = np.asarray(x, dtype=np.float64)
    if name == DEFAULT:
        return values
    with np.errstate(over="ignore"):  # beyond the type's range a tensor holds ±inf
        return values.astype(scalar_type(name)).astype(np.float64)


def rounded(values: ArrayLike, name: str) -> Array:
    """A result computed in float32 (``values`` rounded to float32 first), rounded to the type.

    >>> rounded([1 - 2.0**-10], "bfloat16").tolist(), rounded([70000.0], "float16").tolist()
    ([1.0], [inf])
    """
    values = np.asarray(values, dtype=np.float64)
    if name == DEFAULT:
        return values
    with np.errstate(over="ignore"):  # overflowing to inf is what a type does past its range
        return values.astype(np.float32).astype(scalar_type(name)).astype(np.float64)


def _single(x: ArrayLike, name: str) -> np.ndarray:
    """x rounded to the type, as the float32 array a computation in float32 starts from."""
    inputs = representable(x, name)
    return inputs if name == DEFAULT else inputs.astype(np.float32)


def value_in(activation: Configured, x: ArrayLike, name: str) -> Array:
    """f(x) as the type computes it: x rounded to the type, f computed in float32, the result
    rounded to the type.

    >>> from activations import REGISTRY
    >>> value_in(REGISTRY["sigmoid"].at(), [6.0, 6.25], "bfloat16").tolist()
    [0.99609375, 1.0]
    """
    return rounded(_f(activation, _single(x, name), name), name)


def _f(activation: Configured, inputs: np.ndarray, name: str) -> np.ndarray:
    kernel = FLOAT32_KERNELS.get(activation.key) if name != DEFAULT else None
    return kernel(inputs) if kernel else activation.fn(inputs)


def grad_in(activation: Configured, x: ArrayLike, name: str) -> Array:
    """f′(x) as autograd in the type computes it (from the output for σ and tanh).

    >>> from activations import REGISTRY
    >>> grad_in(REGISTRY["sigmoid"].at(), [6.0, 6.25], "bfloat16").tolist()
    [0.0038909912109375, 0.0]
    """
    inputs = _single(x, name)
    if name != DEFAULT and activation.key in FROM_OUTPUT:
        output = rounded(_f(activation, inputs, name), name).astype(np.float32)
        return rounded(FROM_OUTPUT[activation.key](output), name)
    return rounded(activation.grad(inputs), name)


def exp_in(x: ArrayLike, name: str) -> Array:
    """eˣ in the type: computed in float32 (NumPy's float16 ``exp`` does the same), rounded.

    >>> exp_in([11.0, 11.1], "float16").tolist()
    [59872.0, inf]
    """
    with np.errstate(over="ignore"):  # overflow to inf is the point where it happens
        return rounded(np.exp(_single(x, name)), name)


def relative_error(computed: ArrayLike, exact: ArrayLike) -> Array:
    """|computed − exact| / |exact|; 0 where both are 0, inf where only exact is 0, NaN where
    either is NaN.

    >>> relative_error([1.0, 0.0, 0.0, 2.0], [1.0, 0.0, 1.0, 0.0]).tolist()
    [0.0, 0.0, 1.0, inf]
    """
    computed = np.asarray(computed, dtype=np.float64)
    exact = np.asarray(exact, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        error = np.abs(computed - exact) / np.abs(exact)
    both_zero = (computed == 0) & (exact == 0)
    error = np.where(both_zero, 0.0, error)
    # inf − inf is NaN: the same infinity is no error
    same_infinity = np.isinf(exact) & (computed == exact)
    return np.where(same_infinity, 0.0, error)


# --- where the type's values settle ----------------------------------------------------------


@dataclass(frozen=True)
class Settles:
    """From ``start`` outward (toward ``side``·∞, within :data:`REACH`) the values are exactly
    ``value``: ``start`` is the number of the type of least magnitude from which they are."""

    start: float
    value: float
    side: int


def settles(curve: Callable[[Array], Array], name: str, side: int) -> Settles | None:
    """Where ``curve`` (values of the type, at numbers of the type) becomes exactly constant
    for good toward ``side``·∞ (``side`` is +1 or −1), or ``None`` if it is not constant at
    the end of the reach.

    A coarse scan finds the last sample that differs from the far value; between it and the
    next sample, a bisection on the type's bit patterns (ordered like the non-negative values
    they encode) finds the first number of the type that equals it. Every number of the type
    there is a candidate, so the answer is exact for a curve that settles monotonically.
    """
    magnitudes = representable(np.linspace(0.0, REACH, _SCAN), name)
    far = curve(side * np.array([0.9 * REACH, REACH]))
    if far[0] != far[1] or np.isnan(far[1]):
        return None
    value = float(far[1])
    hits = curve(side * magnitudes) == value
    if hits.all():
        return Settles(side * 0.0, value, side)
    last_miss = int(np.flatnonzero(~hits)[-1])
    if last_miss == len(magnitudes) - 1:
        return None
    dtype = scalar_type(name)
    bits = _BITS[np.dtype(dtype).itemsize]
    low = int(np.array(magnitudes[last_miss], dtype=dtype).view(bits))
    high = int(np.array(magnitudes[last_miss + 1], dtype=dtype).view(bits))

    def magnitude(pattern: int) -> float:
        return float(np.array(pattern, dtype=bits).view(dtype))

    def hit(pattern: int) -> bool:
        return bool(curve(np.array([side * magnitude(pattern)]))[0] == value)

    while high - low > 1:
        middle = (low + high) // 2
        if hit(middle):
            high = middle
        else:
            low = middle
    return Settles(side * magnitude(high), value, side)


@dataclass(frozen=True)
class Landmarks:
    """Where an activation's values and derivative settle in one type, on each side."""

    name: str
    values: tuple[Settles | None, Settles | None]  # toward −∞, toward +∞
    grads: tuple[Settles | None, Settles | None]

    @property
    def dead_zones(self) -> tuple[Settles, ...]:
        """The sides where f′ is exactly 0 for good: no gradient flows back from there."""
        return tuple(end for end in self.grads if end is not None and end.value == 0.0)

    @property
    def saturations(self) -> tuple[Settles, ...]:
        """The sides where f is exactly constant for good (σ: 0 on the left, 1 on the right)."""
        return tuple(end for end in self.values if end is not None)


@lru_cache(maxsize=256)
def _landmarks(cache_key: tuple, name: str) -> Landmarks:
    from activations.registry import REGISTRY

    key, given = cache_key
    activation = REGISTRY[key].at(**dict(given))

    def values(x):
        return value_in(activation, x, name)

    def grads(x):
        return grad_in(activation, x, name)

    return Landmarks(
        name,
        (settles(values, name, -1), settles(values, name, +1)),
        (settles(grads, name, -1), settles(grads, name, +1)),
    )


def landmarks(activation: Configured, name: str) -> Landmarks:
    """Where f settles to a constant and f′ to exactly 0, in type ``name`` (cached).

    >>> from activations import REGISTRY
    >>> marks = landmarks(REGISTRY["sigmoid"].at(), "bfloat16")
    >>> marks.values[1].start, marks.values[1].value, marks.dead_zones[-1].start
    (6.25, 1.0, 6.25)
    """
    return _landmarks(activation.cache_key, name)


@cache
def exp_overflow(name: str) -> float:
    """The least x of the type from which eˣ in the type is inf (≈ ln of its largest number):
    where a formula that computes e^(±x) in the type, as written in a textbook, breaks.

    >>> exp_overflow("float16"), round(exp_overflow("float32"), 3)
    (11.09375, 88.723)
    >>> round(exp_overflow("float64"), 2)
    709.78
    """
    found = settles(lambda x: exp_in(x, name), name, +1)
    assert found is not None and found.value == np.inf
    return found.start


@dataclass(frozen=True)
class Evaluation:
    """An activation on a grid, in a type and in float64 (at the x asked for)."""

    name: str
    x: Array
    values: Array
    grads: Array
    exact_values: Array
    exact_grads: Array

    # Made once per evaluation: a page's evaluation is shared by every session (:func:`read`),
    # and each run read both errors twice (the type's report, the errors' figure).
    @cached_property
    def value_error(self) -> Array:
        return _read_only(relative_error(self.values, self.exact_values))

    @cached_property
    def grad_error(self) -> Array:
        return _read_only(relative_error(self.grads, self.exact_grads))


def _read_only(array: Array) -> Array:
    array.flags.writeable = False
    return array


def evaluate(activation: Configured, x: ArrayLike, name: str) -> Evaluation:
    """f and f′ on ``x`` as the type computes them, beside float64's.

    >>> from activations import REGISTRY
    >>> shown = evaluate(REGISTRY["sigmoid"].at(), [0.1], "bfloat16")
    >>> float(shown.values[0]), round(float(shown.value_error[0]), 6)
    (0.5234375, 0.002937)
    """
    x = np.asarray(x, dtype=np.float64)
    return Evaluation(
        name,
        x,
        value_in(activation, x, name),
        grad_in(activation, x, name),
        activation.fn(x),
        activation.grad(x),
    )


def worst(error: ArrayLike, x: ArrayLike) -> tuple[float, float] | None:
    """The largest finite relative error and the x where it occurs; ``None`` if there is none.

    >>> worst([0.1, 0.3, float("inf"), float("nan")], [1.0, 2.0, 3.0, 4.0])
    (0.3, 2.0)
    """
    error = np.asarray(error, dtype=np.float64)
    finite = np.isfinite(error)
    if not finite.any():
        return None
    index = int(np.argmax(np.where(finite, error, -1.0)))
    return float(error[index]), float(np.asarray(x, dtype=np.float64)[index])


@cache
def exp_underflow(name: str) -> float:
    """The x of least magnitude from which eˣ in the type is exactly 0 toward −∞.

    >>> exp_underflow("float16"), round(exp_underflow("float32"), 2)
    (-17.34375, -103.97)
    """
    found = settles(lambda x: exp_in(x, name), name, -1)
    assert found is not None and found.value == 0.0
    return found.start


def softmax_steps(logits: ArrayLike, name: str, *, stable: bool) -> Steps:
    """A softmax of one row of logits in the type, step by step (exp, Σ, quotient).

    Textbook (``stable=False``): every step in the type, so in float16 e^z is inf once z
    passes :func:`exp_overflow` (11.09) and inf/inf is NaN. Stable: z − max(z) in the type,
    then each step computed in float32 and rounded to the type, as a framework's softmax does.

    >>> softmax_steps([12.0, 0.0], "float16", stable=False).probabilities.tolist()
    [nan, 0.0]
    >>> softmax_steps([12.0, 0.0], "float16", stable=True).probabilities.tolist()
    [1.0, 6.139278411865234e-06]
    """
    z = representable(np.asarray(logits, dtype=np.float64).reshape(-1), name)
    if stable:
        z = representable(z - z.max(), name)
    exps = exp_in(z, name)
    # inf + …, inf/inf and 0/0 are what the textbook row exists to show: silenced here only
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        total = rounded(np.sum(exps.astype(np.float32)), name)
        probabilities = rounded(exps.astype(np.float32) / np.float32(total), name)
    return Steps(exps, float(total), probabilities)


@cache
def smallest(name: str) -> float:
    """The smallest positive number of the type (a subnormal): below half of it, a result is 0.

    >>> smallest("float16") == 2.0**-24, smallest("bfloat16") == 2.0**-133
    (True, True)
    """
    dtype = scalar_type(name)
    bits = _BITS[np.dtype(dtype).itemsize]
    return float(np.array(1, dtype=bits).view(dtype))


# --- one reading of an activation for a page: the grid, the probe, what the type does ------------


@dataclass(frozen=True)
class Point:
    """f(x₀) and f′(x₀) as the type computes them, beside float64's."""

    x0: float
    value: float
    grad: float
    exact_value: float
    exact_grad: float


@dataclass(frozen=True)
class Beside:
    """Where the type settles on one side (``end``), and float64's place on that side when it
    settles to the same value there (``double``; ``None``: float64 never does)."""

    end: Settles
    double: Settles | None


@dataclass(frozen=True)
class TypeReport:
    """What a type below float64 does to an activation, in numbers: where f settles and f′ is
    exactly 0 (float64's places beside), where eˣ overflows, the largest relative errors on the
    grid (with their x), the significant bits and the unit roundoff."""

    saturations: tuple[Beside, ...]
    dead_zones: tuple[Beside, ...]
    exp_overflow: float
    double_exp_overflow: float
    worst_value: tuple[float, float] | None
    worst_grad: tuple[float, float] | None
    bits: int
    roundoff: float


@dataclass(frozen=True)
class Reading:
    """An activation read for one view, in one call: f and f′ on the grid in the type beside
    float64 (the same arrays at float64), the kinks where f′ really jumps, the probe x₀ (if
    asked for), and below float64 what the type does (:class:`TypeReport`)."""

    evaluation: Evaluation
    kinks: tuple[float, ...]
    probe: Point | None
    report: TypeReport | None

    @property
    def name(self) -> str:
        return self.evaluation.name


def read(activation: Configured, x: ArrayLike, name: str, x0: float | None = None) -> Reading:
    """``activation`` on the grid ``x`` and at ``x0`` in type ``name``, with what the type does.

    The grid's samples are made once per function, values, grid and type for every session
    (a class shares a few grids; GELU's f and f′ take ~1 ms), and are read-only.

    >>> from activations import REGISTRY
    >>> shown = read(REGISTRY["sigmoid"].at(), [-7.0, 0.0, 7.0], "bfloat16", x0=6.25)
    >>> shown.probe.value, shown.report.saturations[1].end.start, shown.report.bits
    (1.0, 6.25, 8)
    >>> relu = read(REGISTRY["relu"].at(), [-1.0, 1.0], "float64")
    >>> relu.kinks, relu.report, relu.evaluation.values is relu.evaluation.exact_values
    ((0.0,), None, True)
    """
    evaluation = _on_grid(activation, np.asarray(x, dtype=np.float64), name)
    probe = None if x0 is None else _point(activation, float(x0), name)
    report = None if name == DEFAULT else _report(activation, evaluation)
    return Reading(evaluation, activation.jumps(), probe, report)


_GRIDS: OrderedDict[tuple, Evaluation] = OrderedDict()
_GRIDS_KEPT = 256  # a grid's samples in a type and float64: ~40 KB each
_GRIDS_LOCK = threading.Lock()


def _on_grid(activation: Configured, x: Array, name: str) -> Evaluation:
    """f and f′ on ``x`` in the type and in float64: made once per function, values, type
    and grid (:func:`read`). A page's grid is one shared read-only array
    (``views.function_figures.grid``): the same object is found at once, an equal one after
    comparing it, and another grid with the same ends and length is made anew."""
    key = (activation.cache_key, name, len(x), float(x[0]), float(x[-1]))
    with _GRIDS_LOCK:
        found = _GRIDS.get(key)
    if found is not None and (found.x is x or np.array_equal(found.x, x)):
        return found
    grid = x if not x.flags.writeable else x.copy()  # kept: read-only
    exact_values = np.asarray(activation.fn(grid))
    exact_grads = np.asarray(activation.grad(grid))
    if name == DEFAULT:  # the type is float64: its values are the exact ones
        values, grads = exact_values, exact_grads
    else:
        values, grads = value_in(activation, grid, name), grad_in(activation, grid, name)
    for array in (grid, values, grads, exact_values, exact_grads):
        array.flags.writeable = False  # shared by every session
    found = Evaluation(name, grid, values, grads, exact_values, exact_grads)
    with _GRIDS_LOCK:  # two sessions may both make it: the same numbers, either is kept
        _GRIDS[key] = found
        while len(_GRIDS) > _GRIDS_KEPT:
            _GRIDS.popitem(last=False)
    return found


def _point(activation: Configured, x0: float, name: str) -> Point:
    exact_value, exact_grad = float(activation.fn(x0)), float(activation.grad(x0))
    if name == DEFAULT:
        return Point(x0, exact_value, exact_grad, exact_value, exact_grad)
    value, grad = value_in(activation, [x0], name)[0], grad_in(activation, [x0], name)[0]
    return Point(x0, float(value), float(grad), exact_value, exact_grad)


def _report(activation: Configured, evaluation: Evaluation) -> TypeReport:
    name = evaluation.name
    marks, double = landmarks(activation, name), landmarks(activation, DEFAULT)
    saturations, dead_zones = [], []
    for end in marks.saturations:
        twin = double.values[0 if end.side < 0 else 1]
        same = twin is not None and _same(twin.value, end.value, name)
        saturations.append(Beside(end, twin if same else None))
    for end in marks.dead_zones:
        twin = double.grads[0 if end.side < 0 else 1]
        dead_zones.append(Beside(end, twin if twin and twin.value == 0.0 else None))
    return TypeReport(
        tuple(saturations),
        tuple(dead_zones),
        exp_overflow(name),
        exp_overflow(DEFAULT),
        worst(evaluation.value_error, evaluation.x),
        worst(evaluation.grad_error, evaluation.x),
        significant_bits(name),
        unit_roundoff(name),
    )


def _same(double: float, value: float, name: str) -> bool:
    """float64's limit, rounded to the type, is the type's (SELU's −λα is not a float16)."""
    return bool(rounded([double], name)[0] == value)
