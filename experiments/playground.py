"""One run of the 训练实验 page: a dataset, a network, an activation, summarised for display.

Everything is keyed by plain values so the page can cache a run by its settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from experiments.activation import resolve
from experiments.datasets import make_dataset
from experiments.mlp import probability_grid, train

Array = np.ndarray
GRID_EXTENT = 1.6
GRID_RESOLUTION = 61
# The replay's frames: a coarser grid (the browser smooths it) at a few epochs, so a run's
# whole history stays a few kilobytes per activation in the page.
REPLAY_RESOLUTION = 31
REPLAY_FRAMES = 10


def replay_epochs(epochs: int, frames: int = REPLAY_FRAMES) -> tuple[int, ...]:
    """The epochs the replay shows: the start, then geometrically spaced up to the end, since
    a network changes most in its first updates.

    >>> replay_epochs(500)
    (0, 1, 2, 5, 10, 22, 49, 106, 230, 500)
    >>> replay_epochs(3)
    (0, 1, 2, 3)
    """
    later = np.geomspace(1, epochs, frames - 1).round().astype(int) if epochs >= 1 else []
    return tuple(sorted({0, *map(int, later)}))


@dataclass(frozen=True)
class PlaygroundRun:
    """Curves, final scores, dead units and the decision grid of one trained network.

    ``train_accuracy``/``test_accuracy``/``train_loss_final``/``test_loss_final`` are the last
    finite values; ``diverged`` says the loss turned non-finite and training stopped early.
    ``frames`` are ``(epoch, P(y = 1) on a REPLAY_RESOLUTION grid)`` at :func:`replay_epochs`.
    """

    train_loss: Array
    test_loss: Array
    train_accuracy: float
    test_accuracy: float
    train_loss_final: float
    test_loss_final: float
    dead_units: int
    hidden_units: int
    axis: Array
    grid: Array
    diverged: bool
    frames: tuple[tuple[int, Array], ...] = ()


def _last_finite(values: Array) -> float:
    finite = values[np.isfinite(values)]
    return float(finite[-1]) if finite.size else float("nan")


def playground_run(
    activation: Any,
    *,
    dataset: str = "circle",
    noise: float = 0.1,
    seed: int = 0,
    layers: int = 2,
    width: int = 8,
    optimizer: str = "adam",
    lr: float = 0.03,
    epochs: int = 500,
    init: str = "xavier",
) -> PlaygroundRun:
    """Make the dataset, train one network on it and summarise the result.

    The keyword names are the page's URL parameters: ``layers`` hidden layers of ``width``
    units each, learning rate ``lr``; ``seed`` fixes both the data and the initial weights.

    >>> run = playground_run((np.tanh, lambda x: 1 - np.tanh(x) ** 2), epochs=5)
    >>> run.train_loss.shape, run.grid.shape
    ((6,), (61, 61))
    >>> [epoch for epoch, _ in run.frames], run.frames[-1][1].shape
    ([0, 1, 2, 3, 4, 5], (31, 31))
    """
    data = make_dataset(dataset, noise=noise, seed=seed)
    result = train(
        data,
        activation,
        hidden=(width,) * layers,
        optimizer=optimizer,
        learning_rate=lr,
        epochs=epochs,
        init=init,
        seed=seed,
        snapshot_epochs=replay_epochs(epochs),
    )
    pair = resolve(activation)
    axis, grid = probability_grid(
        result.network, pair, extent=GRID_EXTENT, resolution=GRID_RESOLUTION
    )
    frames = tuple(
        (epoch, probability_grid(net, pair, GRID_EXTENT, REPLAY_RESOLUTION)[1])
        for epoch, net in result.snapshots
    )
    return PlaygroundRun(
        train_loss=result.train_loss,
        test_loss=result.test_loss,
        train_accuracy=_last_finite(result.train_accuracy),
        test_accuracy=_last_finite(result.test_accuracy),
        train_loss_final=_last_finite(result.train_loss),
        test_loss_final=_last_finite(result.test_loss),
        dead_units=sum(result.dead_units),
        hidden_units=width * layers,
        axis=axis,
        grid=grid,
        diverged=not np.isfinite(result.train_loss[-1]),
        frames=frames,
    )


def summary(runs: Mapping[str, PlaygroundRun]) -> dict[str, list[str]]:
    """A table of the runs, one formatted column per field, keyed as the strings table is.

    >>> run = playground_run((np.tanh, lambda x: 1 - np.tanh(x) ** 2), epochs=5)
    >>> summary({"Tanh": run})["dead"]
    ['0 / 16']
    """
    values = list(runs.values())
    table = {"activation": list(runs)}
    for field in ("train_accuracy", "test_accuracy"):
        table[field] = [f"{getattr(run, field):.1%}" for run in values]
    for field in ("train_loss_final", "test_loss_final"):
        table[field] = [f"{getattr(run, field):.3f}" for run in values]
    table["dead"] = [f"{run.dead_units} / {run.hidden_units}" for run in values]
    return table
