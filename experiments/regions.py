"""Linear regions: what a ReLU network on the plane computes.

A ReLU network is a continuous piecewise-linear function: for every input, each hidden unit is
either on (pre-activation > 0, passing it on) or off (passing 0; Leaky ReLU: a fixed small
multiple). Fix that on/off *pattern* and every layer is an affine map, so the whole network is
one affine map of the input; the inputs sharing a pattern form a convex polygon, a *linear
region*. Here the input plane is sampled on a grid, every grid point's pattern is hashed, and
the distinct patterns are counted: regions the grid resolves inside the window (a lower bound
on the regions there; ones thinner than a grid cell are missed).

With a smooth activation (Swish, GELU) there are no such pieces: the output curves everywhere.
:func:`curvature` measures it by second differences on the same grid, exactly zero (to
rounding) inside a ReLU region and non-zero at every point of a Swish network.

The network is the playground's MLP (:mod:`experiments.mlp`), random He-normal weights, with
random biases (zero biases would put every first-layer line through the origin).
Pure NumPy, seeded: the same settings give the same picture.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from experiments.activation import resolve
from experiments.mlp import Network, forward, init_network

Array = np.ndarray

ACTIVATIONS: tuple[str, ...] = ("relu", "leaky_relu", "swish", "gelu")
PIECEWISE_LINEAR: frozenset[str] = frozenset({"relu", "leaky_relu"})
EXTENT = 2.0  # the window [−EXTENT, EXTENT]²
RESOLUTION = 241  # grid points per side (spacing 1/60)
DEFAULT_DEPTH, DEFAULT_WIDTH = 2, 8  # the page opens on this network (seed 0)
BIAS_STD = 0.5  # biases N(0, 0.5²): first-layer lines cross the window, not all at its centre
# A second difference is "flat" below this share of the output's scale: rounding in an affine
# piece stays near 1e-15 of it, a Swish network's bend over one grid step is ~1e-6 or more.
FLAT = 1e-10
# The growth table: a few seeds averaged, so one lucky network does not decide a row.
GROWTH_DEPTHS: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
GROWTH_WIDTHS: tuple[int, ...] = (4, 8, 16)
GROWTH_SEEDS: tuple[int, ...] = (0, 1, 2)


def random_network(depth: int, width: int, seed: int = 0) -> Network:
    """``depth`` hidden layers of ``width`` units on 2-D inputs, He-normal weights (PyTorch's
    ``kaiming_normal_``) and biases N(0, BIAS_STD²); the same seed, the same network.

    >>> net = random_network(2, 3, seed=1)
    >>> [w.shape for w in net.weights], [b.shape for b in net.biases]
    ([(2, 3), (3, 3), (3, 1)], [(3,), (3,), (1,)])
    """
    net = init_network((width,) * depth, init="he", seed=seed)
    rng = np.random.default_rng([seed, 1])  # a stream of its own: the weights stay the playground's
    biases = tuple(rng.normal(0.0, BIAS_STD, b.shape) for b in net.biases)
    return Network(net.weights, biases)


def axis(resolution: int = RESOLUTION, extent: float = EXTENT) -> Array:
    """The grid's values along either input, from −extent to extent.

    >>> axis(5, 1.0).tolist()
    [-1.0, -0.5, 0.0, 0.5, 1.0]
    """
    return np.linspace(-extent, extent, resolution)


def grid(resolution: int = RESOLUTION, extent: float = EXTENT) -> tuple[Array, Array]:
    """The axis values and the grid's points, row by row (rows along the second input, as a
    heatmap expects): ``points[i * resolution + j] = (axis[j], axis[i])``.

    >>> along, points = grid(3, 1.0)
    >>> along.tolist(), points[:4].tolist()
    ([-1.0, 0.0, 1.0], [[-1.0, -1.0], [0.0, -1.0], [1.0, -1.0], [-1.0, 0.0]])
    """
    values = axis(resolution, extent)
    across, up = np.meshgrid(values, values)
    return values, np.column_stack([across.ravel(), up.ravel()])


def evaluate(net: Network, points: Array, activation: str) -> tuple[Array, Array]:
    """Which hidden units are on (pre-activation > 0) at every point, ``(points, units)``, and
    the network's output (its one logit) there: one forward pass for both."""
    pre_activations, _ = forward(net, points, resolve(activation))
    return np.hstack([a > 0 for a in pre_activations[:-1]]), pre_activations[-1][:, 0]


def output(net: Network, points: Array, activation: str) -> Array:
    """The network's output (its one logit) at every point."""
    return evaluate(net, points, activation)[1]


def region_ids(on: Array) -> tuple[Array, int]:
    """A region number per row of the on/off patterns (equal patterns, equal numbers) and how
    many distinct patterns there are. Each pattern is packed into bytes and hashed by
    ``np.unique`` on one opaque value per row.

    >>> ids, count = region_ids(np.array([[1, 0], [0, 1], [1, 0]], dtype=bool))
    >>> ids.tolist(), count
    ([1, 0, 1], 2)
    """
    packed = np.ascontiguousarray(np.packbits(on, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, ids = np.unique(keys, return_inverse=True)
    return ids.astype(np.int32), int(ids.max()) + 1 if ids.size else 0


def max_regions_one_layer(width: int) -> int:
    """The most regions ``width`` lines can cut the plane into, 1 + w + C(w, 2) (Zaslavsky):
    the bound for one hidden layer of ``width`` ReLU units on 2-D inputs.

    >>> [max_regions_one_layer(w) for w in (1, 2, 3, 8)]
    [2, 4, 7, 37]
    """
    return 1 + width + math.comb(width, 2)


def colour_regions(ids: Array, count: int, colours: int) -> Array:
    """A colour index per region such that regions touching on the grid differ (greedy, the
    largest region first); ``colours`` is how many there are to choose from (a planar map
    rarely needs more than five this way; should it, colours repeat).

    ``ids`` is the ``(rows, columns)`` grid of region numbers.

    >>> ids = np.array([[0, 0, 1], [2, 2, 1]])
    >>> colour_regions(ids, 3, 4).tolist()
    [0, 1, 2]
    """
    pairs = [np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()])]
    pairs.append(np.stack([ids[:-1, :].ravel(), ids[1:, :].ravel()]))
    edges = np.concatenate(pairs, axis=1)
    edges = np.unique(np.sort(edges[:, edges[0] != edges[1]], axis=0), axis=1)
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for a, b in edges.T.tolist():
        neighbours[a].append(b)
        neighbours[b].append(a)
    sizes = np.bincount(ids.ravel(), minlength=count)
    chosen = np.full(count, -1)
    for region in np.argsort(-sizes, kind="stable").tolist():
        taken = {int(chosen[other]) for other in neighbours[region]}
        free = [c for c in range(colours) if c not in taken]
        chosen[region] = free[0] if free else region % colours
    return chosen


def boundaries(ids: Array) -> Array:
    """Grid points whose right or upper neighbour lies in another region.

    >>> boundaries(np.array([[0, 1], [0, 1]])).tolist()
    [[True, False], [True, False]]
    """
    edge = np.zeros(ids.shape, dtype=bool)
    edge[:, :-1] |= ids[:, :-1] != ids[:, 1:]
    edge[:-1, :] |= ids[:-1, :] != ids[1:, :]
    return edge


def second_differences(values: Array, spacing: float) -> Array:
    """The largest of |∂²f/∂x²|, |∂²f/∂y²| and |∂²f/∂x∂y| by central differences, at every
    interior point of a ``(rows, columns)`` grid of ``values`` (the border is NaN).

    Exactly what an affine function has zero of, up to rounding: so it is zero inside a ReLU
    region and non-zero wherever the function bends.

    >>> along = np.linspace(-1, 1, 5)
    >>> across, up = np.meshgrid(along, along)
    >>> float(np.nanmax(second_differences(3 * across - up + 1, 0.5)))
    0.0
    >>> round(float(np.nanmax(second_differences(across**2, 0.5))), 6)
    2.0
    """
    found = np.full(values.shape, np.nan)
    centre = values[1:-1, 1:-1]
    xx = values[1:-1, 2:] - 2 * centre + values[1:-1, :-2]
    yy = values[2:, 1:-1] - 2 * centre + values[:-2, 1:-1]
    xy = (values[2:, 2:] - values[2:, :-2] - values[:-2, 2:] + values[:-2, :-2]) / 4
    found[1:-1, 1:-1] = np.maximum(np.abs(xx), np.maximum(np.abs(yy), np.abs(xy))) / spacing**2
    return found


@dataclass(frozen=True)
class Plane:
    """One network over the window: its regions (piecewise-linear activations) and curvature.

    ``ids`` is the grid of region numbers (``(rows, columns)``, rows along the second input),
    ``count`` how many regions the grid shows (0 for a smooth activation, which has none),
    ``patterns`` how many distinct on/off patterns it shows (a smooth network's too, which are
    no regions of it), ``curvature`` the second differences (:func:`second_differences`),
    ``flat`` where they vanish (to :data:`FLAT` of the output's scale), ``flat_share`` the
    share of interior points that are flat.
    """

    axis: Array
    ids: Array
    count: int
    patterns: int
    values: Array
    curvature: Array
    flat: Array
    flat_share: float
    curved_min: float  # the smallest second difference at a point that is not flat (NaN: none)


def plane(
    activation: str,
    depth: int,
    width: int,
    seed: int = 0,
    resolution: int = RESOLUTION,
    extent: float = EXTENT,
) -> Plane:
    """Regions and curvature of ``random_network(depth, width, seed)`` with ``activation``.

    >>> relu = plane("relu", 1, 4, seed=0, resolution=61)
    >>> relu.count <= max_regions_one_layer(4), relu.flat_share > 0.8
    (True, True)
    >>> swish = plane("swish", 1, 4, seed=0, resolution=61)
    >>> swish.count, swish.flat_share
    (0, 0.0)
    """
    net = random_network(depth, width, seed)
    values_along, points = grid(resolution, extent)
    spacing = float(values_along[1] - values_along[0])
    shape = (resolution, resolution)
    on, values = evaluate(net, points, activation)
    ids, distinct = region_ids(on)
    values = values.reshape(shape)
    curvature = second_differences(values, spacing)
    scale = float(np.max(np.abs(values))) or 1.0
    tolerance = FLAT * scale / spacing**2
    interior = np.isfinite(curvature)
    flat = interior & (np.nan_to_num(curvature, nan=np.inf) <= tolerance)
    curved = curvature[interior & ~flat]
    return Plane(
        axis=values_along,
        ids=ids.reshape(shape),
        count=distinct if activation in PIECEWISE_LINEAR else 0,
        patterns=distinct,
        values=values,
        curvature=curvature,
        flat=flat,
        flat_share=float(flat.sum() / interior.sum()),
        curved_min=float(curved.min()) if curved.size else math.nan,
    )


def slice_through(
    depth: int, width: int, seed: int, activations=ACTIVATIONS, points: int = 401
) -> tuple[Array, dict[str, Array]]:
    """The output of the same weights along the horizontal line through the window's centre
    (second input 0), for each activation: kinks for ReLU, bends for Swish and GELU."""
    net = random_network(depth, width, seed)
    along = np.linspace(-EXTENT, EXTENT, points)
    line = np.column_stack([along, np.zeros_like(along)])
    return along, {key: output(net, line, key) for key in activations}


@functools.lru_cache(maxsize=4)
def growth(
    activation: str = "relu",
    depths: tuple[int, ...] = GROWTH_DEPTHS,
    widths: tuple[int, ...] = GROWTH_WIDTHS,
    seeds: tuple[int, ...] = GROWTH_SEEDS,
    resolution: int = RESOLUTION,
) -> Array:
    """Regions in the window, averaged over ``seeds``: ``(len(depths), len(widths))``.

    Computed once per process and shared (read only).
    """
    points = grid(resolution)[1]
    found = np.empty((len(depths), len(widths)))
    for row, depth in enumerate(depths):
        for column, width in enumerate(widths):
            counts = [
                region_ids(evaluate(random_network(depth, width, seed), points, activation)[0])[1]
                for seed in seeds
            ]
            found[row, column] = float(np.mean(counts))
    found.flags.writeable = False
    return found
