"""Benchmark of the 实验 pages' NumPy work: training, gradient flow and dying ReLU.

``python -m bench.train`` prints a Markdown table; :func:`run` returns it for a combined
report. Each time is the best of a few repeats after one warm-up run (the minimum is the
least disturbed by other processes on a shared machine); the CPU column is this process's CPU
time, which other processes competing for the cores do not inflate.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np

from activations import REGISTRY
from experiments.datasets import make_dataset
from experiments.dying import dead_fraction_sweep, dying_experiment
from experiments.gradients import gradient_norms
from experiments.playground import playground_run

TRAIN_KEYS = ("sigmoid", "tanh", "relu", "gelu", "swish")
GRADIENT_KEYS = ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "swish")
PLAYGROUND_DEFAULT_KEYS = ("sigmoid", "tanh", "relu", "swish")
REPEATS = 3


def best_time(work: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Wall-clock and CPU seconds of the fastest of ``repeats`` runs, after one warm-up run."""
    work()
    wall, cpu = [], []
    for _ in range(repeats):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start_wall)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def _train_all(hidden_layers: int) -> None:
    from experiments.mlp import train

    # 500 points with a 20 % test split: 400 training points, one fixed run to time.
    data = make_dataset("spirals", n_points=500, noise=0.1, seed=0, test_fraction=0.2)
    for key in TRAIN_KEYS:
        train(data, key, hidden=(16,) * hidden_layers, epochs=500, optimizer="adam", seed=0)


def _vanishing_page(depth: int) -> None:
    for key in GRADIENT_KEYS:
        gradient_norms(key, depth=depth, width=64, init="xavier", seed=0)


def _dying_page() -> None:
    dead_fraction_sweep("relu", np.linspace(-3.0, 1.0, 41), 1.0)
    for key in ("relu", "leaky_relu", "elu", "swish"):
        dying_experiment(key, 0.0, 1.0)


def _playground_default() -> None:
    for key in PLAYGROUND_DEFAULT_KEYS:
        playground_run(key)


def run() -> str:
    """The benchmark table as Markdown."""
    names = ", ".join(REGISTRY[key].name_en for key in TRAIN_KEYS)
    rows = [
        (
            f"train {len(TRAIN_KEYS)} activations × 500 epochs ({names})",
            "400 train + 100 test points, 1 hidden layer × 16, Adam",
            best_time(lambda: _train_all(1)),
        ),
        (
            "the same, deeper",
            "400 train + 100 test points, 2 hidden layers × 16, Adam",
            best_time(lambda: _train_all(2)),
        ),
        (
            "训练实验 page at its defaults",
            "4 activations, circle, 300 + 100 points, 2 × 8, 500 epochs, with decision grids",
            best_time(_playground_default),
        ),
        (
            "梯度消失 page compute",
            "6 activations, depth 50, width 64, batch 128",
            best_time(lambda: _vanishing_page(50)),
        ),
        (
            "梯度消失 page compute at its defaults",
            "6 activations, depth 20, width 64, batch 128",
            best_time(lambda: _vanishing_page(20)),
        ),
        (
            "死亡 ReLU page compute",
            "41-point bias sweep + 4 activations, 200 units, batch 256",
            best_time(_dying_page),
        ),
    ]
    lines = [
        f"| workload | setting | wall (best of {REPEATS}) | CPU |",
        "|---|---|---:|---:|",
        *(
            f"| {what} | {setting} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms |"
            for what, setting, (wall, cpu) in rows
        ),
    ]
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    lines.append(f"\nOPENBLAS_NUM_THREADS={threads}; {os.cpu_count()} CPUs.")
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
