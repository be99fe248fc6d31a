"""Toy 2-D classification sets in the spirit of TensorFlow Playground.

Every set has two balanced classes (labels 0 and 1), lives roughly in the square [−1, 1]²,
and is fully determined by ``(name, n_points, noise, seed, test_fraction)``. ``noise`` is the
standard deviation of Gaussian jitter added to every point, in the same units as the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Dataset:
    """A train/test split: ``x_*`` has shape ``(n, 2)``, ``y_*`` holds 0.0/1.0 of shape ``(n,)``."""

    name: str
    x_train: Array
    y_train: Array
    x_test: Array
    y_test: Array


def _circle(n: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Class 1 in a disc of radius 0.45, class 0 in a ring between 0.65 and 1."""
    inner = n // 2
    radius = np.concatenate([rng.uniform(0.0, 0.45, inner), rng.uniform(0.65, 1.0, n - inner)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    labels = np.concatenate([np.ones(inner), np.zeros(n - inner)])
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), labels


def _xor(n: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Uniform in the square, kept off the axes by 0.05; class 1 where x·y > 0 (half the points)."""
    labels = np.concatenate([np.ones(n // 2), np.zeros(n - n // 2)])
    magnitude = rng.uniform(0.05, 1.0, (n, 2))
    first_sign = rng.choice([-1.0, 1.0], n)
    second_sign = np.where(labels == 1, first_sign, -first_sign)
    return magnitude * np.column_stack([first_sign, second_sign]), labels


def _spirals(n: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaved spirals of 1.5 turns each, one per class."""
    half = n // 2
    progress = np.concatenate([rng.uniform(0.05, 1.0, half), rng.uniform(0.05, 1.0, n - half)])
    labels = np.concatenate([np.ones(half), np.zeros(n - half)])
    angle = 1.5 * 2 * np.pi * progress + np.pi * labels
    return np.column_stack([progress * np.cos(angle), progress * np.sin(angle)]), labels


def _gaussians(n: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two round Gaussian blobs (standard deviation 0.2) centred at (±0.5, ±0.5)."""
    half = n // 2
    labels = np.concatenate([np.ones(half), np.zeros(n - half)])
    centres = np.where(labels[:, None] == 1, 0.5, -0.5)
    return centres + rng.normal(0.0, 0.2, (n, 2)), labels


_GENERATORS: dict[str, Callable[[int, np.random.Generator], tuple[Array, Array]]] = {
    "circle": _circle,
    "xor": _xor,
    "spirals": _spirals,
    "gaussians": _gaussians,
}
DATASETS: tuple[str, ...] = tuple(_GENERATORS)


def make_dataset(
    name: str,
    n_points: int = 400,
    noise: float = 0.1,
    seed: int = 0,
    test_fraction: float = 0.25,
) -> Dataset:
    """Draw ``n_points`` points of the set ``name``, jitter them, shuffle and split.

    Args:
        name: one of :data:`DATASETS` (``circle``, ``xor``, ``spirals``, ``gaussians``).
        n_points: train plus test points. Default: ``400``.
        noise: standard deviation of the Gaussian jitter. Default: ``0.1``.
        seed: the only source of randomness. Default: ``0``.
        test_fraction: share of points held out for testing. Default: ``0.25``.

    >>> data = make_dataset("xor", n_points=100, seed=1)
    >>> data.x_train.shape, data.x_test.shape, sorted(set(data.y_train.tolist()))
    ((75, 2), (25, 2), [0.0, 1.0])
    """
    rng = np.random.default_rng(seed)
    points, labels = _GENERATORS[name](n_points, rng)
    points = points + rng.normal(0.0, noise, points.shape)
    order = rng.permutation(n_points)
    points, labels = points[order], labels[order]
    n_test = round(n_points * test_fraction)
    return Dataset(
        name=name,
        x_train=points[n_test:],
        y_train=labels[n_test:],
        x_test=points[:n_test],
        y_test=labels[:n_test],
    )
