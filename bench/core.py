r"""Benchmark of the activation core: accuracy against mpmath, and speed against the textbook.

``python -m bench.core`` prints one markdown table. For every registry entry (at several
parameter values) it gives the largest condition-aware error of f and f′ over the accuracy
grid, in units of

.. math::
    u(x) = \max\bigl(\varepsilon\,(|y| + |x\,y'|),\; 2^{-1074}\bigr),
    \qquad \varepsilon = 2^{-52},

where y is the exact value (f or f′) and y′ its exact derivative. The bar is 4 units: the
error a careful implementation makes by rounding x itself plus a few roundings of its own.
The floor 2^{−1074} is the spacing of float64 near zero: an exact value below it must round.

Then the time of f + f′ on 10⁶ points next to the naive textbook formulas (which overflow,
cancel and warn; warnings are silenced for the timing only) and next to the scipy.special
primitive where one exists.

The exact reference and the grid are ``harness.accuracy`` (the tests measure with them too).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import scipy.special as sc

from activations import REGISTRY
from activations.constants import GELU_TANH_CUBIC
from harness.accuracy import accuracy_grid, condition_errors, param_sets

__all__ = ["accuracy_summary", "run", "timing_summary"]


def accuracy_summary(size: int = 160) -> list[dict[str, Any]]:
    """One row per (key, parameters): max condition-aware error of f and f′ on the grid."""
    rows = []
    for key in REGISTRY:
        for params in param_sets(key):
            grid = accuracy_grid(key, size=size, **params)
            err_f, err_df, worst_x = condition_errors(key, grid, **params)
            rows.append(
                {
                    "key": key,
                    "params": params,
                    "points": int(grid.size),
                    "max_err_f": err_f,
                    "max_err_grad": err_df,
                    "worst_x_grad": worst_x,
                }
            )
    return rows


# --- timing -------------------------------------------------------------------------------------


def _naive(key: str) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None:
    """The textbook f and f′ (FACTS.md's traps, on purpose)."""
    sqrt2pi = math.sqrt(2 * math.pi)

    def sigmoid(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = 1 / (1 + np.exp(-x))
        return s, s * (1 - s)

    def tanh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = np.tanh(x)
        return t, 1 - t**2

    def relu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.maximum(x, 0), (x > 0).astype(x.dtype)

    def leaky_relu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.where(x >= 0, x, 0.01 * x), np.where(x >= 0, 1.0, 0.01)

    def elu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        e = np.exp(x)
        return np.where(x > 0, x, e - 1), np.where(x > 0, 1.0, e)

    def gelu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        cdf = 0.5 * (1 + sc.erf(x / math.sqrt(2)))
        return x * cdf, cdf + x * np.exp(-(x**2) / 2) / sqrt2pi

    def gelu_tanh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = math.sqrt(2 / math.pi)
        c = GELU_TANH_CUBIC
        t = np.tanh(k * (x + c * x**3))
        return 0.5 * x * (1 + t), 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * k * (1 + 3 * c * x**2)

    def swish(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = 1 / (1 + np.exp(-x))
        f = x * s
        return f, f + s * (1 - f)

    def softplus(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        e = np.exp(x)
        return np.log(1 + e), e / (1 + e)

    def mish(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sp = np.log(1 + np.exp(x))
        t = np.tanh(sp)
        s = 1 / (1 + np.exp(-x))
        return x * t, t + x * s * (1 - t**2)

    def relu6(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.clip(x, 0, 6), ((x > 0) & (x < 6)).astype(x.dtype)

    def hardsigmoid(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.clip(x / 6 + 0.5, 0, 1), ((x > -3) & (x < 3)) / 6

    def hardswish(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        inside = (x > -3) & (x < 3)
        return x * np.clip(x + 3, 0, 6) / 6, np.where(x >= 3, 1.0, inside * (2 * x + 3) / 6)

    def selu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lam, a = 1.0507009873554805, 1.6732632423543772  # what a textbook types in
        e = np.exp(x)
        return lam * np.where(x > 0, x, a * (e - 1)), lam * np.where(x > 0, 1.0, a * e)

    def squared_relu(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r = np.maximum(x, 0)
        return r * r, 2 * r

    return locals().get(key)


def _primitive(key: str) -> Callable[[np.ndarray], Any] | None:
    """A scipy.special / NumPy primitive for f (and f′ where it is one call too), if any."""
    table: dict[str, Callable[[np.ndarray], Any]] = {
        "sigmoid": lambda x: (sc.expit(x), sc.expit(x) * sc.expit(-x)),
        "tanh": lambda x: np.tanh(x),
        "gelu": lambda x: x * sc.ndtr(x),
        "softplus": lambda x: (np.logaddexp(0, x), sc.expit(x)),
    }
    if hasattr(sc, "softplus"):
        table["softplus"] = lambda x: (sc.softplus(x), sc.expit(x))
    return table.get(key)


def _best_time(fun: Callable[[], Any], repeat: int) -> float:
    """Best CPU time of ``repeat`` runs (process time: other jobs on the machine do not count)."""
    best = math.inf
    for _ in range(repeat):
        start = time.process_time()
        fun()
        best = min(best, time.process_time() - start)
    return best


def timing_summary(n: int = 10**6, repeat: int = 5, seed: int = 0) -> list[dict[str, Any]]:
    """Seconds for f + f′ on ``n`` points of N(0, 5²): ours, naive, and the primitive."""
    x = np.random.default_rng(seed).normal(0.0, 5.0, n)
    rows = []
    for key, activation in REGISTRY.items():
        naive, primitive = _naive(key), _primitive(key)
        ours = _best_time(lambda a=activation: (a.fn(x), a.grad(x)), repeat)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            t_naive = _best_time(lambda f=naive: f(x), repeat) if naive else math.nan
            t_prim = _best_time(lambda f=primitive: f(x), repeat) if primitive else math.nan
        rows.append({"key": key, "ours_s": ours, "naive_s": t_naive, "primitive_s": t_prim})
    return rows


# --- report -------------------------------------------------------------------------------------


def _fmt_params(params: dict[str, float]) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in params.items()) or "—"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def run(size: int = 160, n: int = 10**6) -> str:
    """The markdown report: accuracy per (function, parameters), then timing per function."""
    accuracy = accuracy_summary(size=size)
    timing = timing_summary(n=n)
    acc_table = _table(
        ["function", "params", "points", "max err f (ulp*)", "max err f′ (ulp*)"],
        (
            [
                r["key"],
                _fmt_params(r["params"]),
                str(r["points"]),
                f"{r['max_err_f']:.2f}",
                f"{r['max_err_grad']:.2f}",
            ]
            for r in accuracy
        ),
    )
    time_table = _table(
        ["function", "ours f+f′ (ms)", "naive (ms)", "ours/naive", "scipy/NumPy primitive (ms)"],
        (
            [
                r["key"],
                f"{1e3 * r['ours_s']:.1f}",
                f"{1e3 * r['naive_s']:.1f}",
                f"{r['ours_s'] / r['naive_s']:.2f}×",
                "—" if math.isnan(r["primitive_s"]) else f"{1e3 * r['primitive_s']:.1f}",
            ]
            for r in timing
        ),
    )
    return (
        "## Accuracy (ulp* = condition-aware units, bar 4)\n\n"
        f"{acc_table}\n\n## Time of f + f′ on {n:,} float64 points\n\n{time_table}\n\n"
        "Best CPU time of 5 runs, x ~ N(0, 5²). Naive: the textbook formulas (FACTS.md). "
        "Primitive: sigmoid expit(x) and expit(x)·expit(−x); softplus scipy.special.softplus "
        "and expit; tanh np.tanh and GELU x·ndtr(x) for f only.\n"
    )


if __name__ == "__main__":
    print(run())
