"""The linear-regions core (:mod:`experiments.regions`) and its figures: a ReLU network is
affine on each region, one layer never has more regions than its lines can cut, a smooth
network is flat nowhere, and the maps ship as one byte per grid point."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from experiments import regions
from experiments.activation import resolve
from experiments.mlp import forward
from harness.appdriver import decode, xy
from views.regions_figures import (
    REGION_TINTS,
    curvature_figure,
    curvature_levels,
    growth_figure,
    region_colours,
    regions_figure,
    slice_figure,
)

SMALL = 81  # grid points per side where a test needs many networks


def affine_map(net, on: np.ndarray, activation: str = "relu") -> tuple[np.ndarray, np.ndarray]:
    """The network with its activation pattern fixed to ``on`` (one row of booleans): the matrix
    ``A`` and offset ``c`` of ``f(x) = x A + c``, built layer by layer from the weights."""
    slope = 0.0 if activation == "relu" else 0.01  # Leaky ReLU's default negative slope
    matrix, offset, start = np.eye(2), np.zeros(2), 0
    for weight, bias in zip(net.weights[:-1], net.biases[:-1], strict=True):
        units = weight.shape[1]
        gate = np.where(on[start : start + units], 1.0, slope)
        matrix, offset = (matrix @ weight) * gate, (offset @ weight + bias) * gate
        start += units
    return matrix @ net.weights[-1], offset @ net.weights[-1] + net.biases[-1]


# --- the core ---------------------------------------------------------------------------------


@given(width=st.integers(1, 12), seed=st.integers(0, 9999))
def test_one_hidden_layer_never_exceeds_its_lines_bound(width, seed):
    plane = regions.plane("relu", 1, width, seed, resolution=SMALL)
    assert 1 <= plane.count <= regions.max_regions_one_layer(width)


@pytest.mark.parametrize("width", [1, 2, 3, 5, 8, 16])
def test_the_bound_holds_at_the_pages_grid(width):
    plane = regions.plane("relu", 1, width, seed=width)
    assert plane.count <= regions.max_regions_one_layer(width)


def test_the_bound_is_reached_when_every_crossing_is_in_the_window():
    """Three lines in general position around the centre: all 1 + 3 + 3 = 7 pieces show."""
    net = regions.random_network(1, 3, seed=0)
    weights = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, -1.0]])
    biases = np.array([0.1, -0.2, 0.8])  # crossings (−0.1, 0.2), (−0.1, 0.7), (−0.6, 0.2)
    net = type(net)((weights, net.weights[1]), (biases, net.biases[1]))
    _, points = regions.grid(121)
    on, _ = regions.evaluate(net, points, "relu")
    assert regions.region_ids(on)[1] == regions.max_regions_one_layer(3) == 7


@pytest.mark.parametrize("activation", sorted(regions.PIECEWISE_LINEAR))
@pytest.mark.parametrize(("depth", "width", "seed"), [(1, 6, 0), (3, 6, 1), (4, 8, 7)])
def test_inside_each_region_the_output_is_affine(activation, depth, width, seed):
    """Sampled points of each region: a least-squares affine fit leaves only rounding, and it
    is the map the weights give with that region's pattern fixed."""
    net = regions.random_network(depth, width, seed)
    points = np.random.default_rng(seed).uniform(-regions.EXTENT, regions.EXTENT, (4000, 2))
    on, values = regions.evaluate(net, points, activation)
    ids, count = regions.region_ids(on)
    checked = 0
    for region in range(count):
        inside = ids == region
        if inside.sum() < 8:
            continue
        design = np.column_stack([points[inside], np.ones(inside.sum())])
        fit, *_ = np.linalg.lstsq(design, values[inside], rcond=None)
        scale = 1.0 + np.abs(values[inside]).max()
        assert np.abs(design @ fit - values[inside]).max() <= 1e-9 * scale
        matrix, offset = affine_map(net, on[np.argmax(inside)], activation)
        np.testing.assert_allclose(points[inside] @ matrix[:, 0] + offset[0], values[inside])
        checked += 1
    assert checked >= 3


def test_the_pattern_alone_does_not_make_a_smooth_network_affine():
    """The same check fails for Swish: its output is not affine on a pattern's points."""
    net = regions.random_network(2, 6, seed=3)
    points = np.random.default_rng(3).uniform(-regions.EXTENT, regions.EXTENT, (4000, 2))
    on, values = regions.evaluate(net, points, "swish")
    ids, _ = regions.region_ids(on)
    biggest = ids == np.bincount(ids).argmax()
    design = np.column_stack([points[biggest], np.ones(biggest.sum())])
    fit, *_ = np.linalg.lstsq(design, values[biggest], rcond=None)
    assert np.abs(design @ fit - values[biggest]).max() > 1e-3


@pytest.mark.parametrize("activation", ["swish", "gelu"])
@pytest.mark.parametrize(("depth", "width", "seed"), [(1, 4, 0), (2, 8, 0), (6, 16, 5)])
def test_a_smooth_network_is_flat_nowhere(activation, depth, width, seed):
    plane = regions.plane(activation, depth, width, seed)
    assert plane.count == 0 and plane.patterns > 1
    assert plane.flat_share == 0.0 and not plane.flat.any()
    assert plane.curved_min > 0.0


@pytest.mark.parametrize("activation", sorted(regions.PIECEWISE_LINEAR))
def test_a_relu_network_is_flat_wherever_a_points_neighbours_share_its_region(activation):
    plane = regions.plane(activation, 3, 8, seed=2)
    ids = plane.ids
    same = np.ones(ids.shape, dtype=bool)
    same[0, :] = same[-1, :] = same[:, 0] = same[:, -1] = False
    centre = ids[1:-1, 1:-1]
    for down in (-1, 0, 1):
        for right in (-1, 0, 1):
            shifted = ids[1 + down : ids.shape[0] - 1 + down, 1 + right : ids.shape[1] - 1 + right]
            same[1:-1, 1:-1] &= shifted == centre
    assert same.sum() > 0.5 * ids.size
    assert plane.flat[same].all(), "a 3×3 stencil inside one region has a second difference"
    assert plane.count == plane.patterns and 0.5 < plane.flat_share < 1.0


def test_region_ids_number_each_distinct_pattern_once():
    on = np.array([[1, 0, 1], [1, 0, 1], [0, 0, 0], [1, 1, 1], [0, 0, 0]], dtype=bool)
    ids, count = regions.region_ids(on)
    assert count == 3
    assert ids[0] == ids[1] and ids[2] == ids[4] and len({ids[0], ids[2], ids[3]}) == 3


def test_patterns_are_hashed_beyond_one_byte():
    """Units 9 and up live in a second packed byte: patterns differing there differ."""
    on = np.zeros((2, 12), dtype=bool)
    on[1, 10] = True
    assert regions.region_ids(on)[1] == 2


def test_the_same_seed_gives_the_same_network_and_another_seed_another():
    first, again = (regions.random_network(3, 8, seed=4) for _ in range(2))
    other = regions.random_network(3, 8, seed=5)
    assert all(np.array_equal(a, b) for a, b in zip(first.weights, again.weights, strict=True))
    assert not np.array_equal(first.weights[0], other.weights[0])
    assert np.abs(first.biases[0]).max() > 0, "random biases: lines away from the origin"


def test_evaluate_is_the_playground_forward_pass():
    net = regions.random_network(2, 5, seed=1)
    _, points = regions.grid(11)
    on, values = regions.evaluate(net, points, "gelu")
    pre, _ = forward(net, points, resolve("gelu"))
    np.testing.assert_array_equal(values, pre[-1][:, 0])
    np.testing.assert_array_equal(on, np.hstack([pre[0] > 0, pre[1] > 0]))


def test_neighbouring_regions_get_different_colours():
    plane = regions.plane("relu", 3, 8, seed=0)
    colour = regions.colour_regions(plane.ids, plane.patterns, len(REGION_TINTS))
    shown = colour[plane.ids]
    across = plane.ids[:, :-1] != plane.ids[:, 1:]
    up = plane.ids[:-1, :] != plane.ids[1:, :]
    assert (shown[:, :-1][across] != shown[:, 1:][across]).all()
    assert (shown[:-1, :][up] != shown[1:, :][up]).all()
    assert colour.max() < len(REGION_TINTS)


def test_growth_table_is_regions_counted_and_backs_the_prose():
    table = regions.growth()
    depths, widths = regions.GROWTH_DEPTHS, regions.GROWTH_WIDTHS
    assert table.shape == (len(depths), len(widths)) and not table.flags.writeable
    for column, width in enumerate(widths):
        assert table[0, column] <= regions.max_regions_one_layer(width)
        assert np.all(np.diff(table[:, column]) > 0), "each layer adds regions"
    for row in range(len(depths)):
        assert np.all(np.diff(table[row]) > 0), "each width adds regions"
    # the prose: 16 units in one layer cut more pieces than 4 layers of 4 (Hanin & Rolnick)
    assert table[0, widths.index(16)] > table[depths.index(4), widths.index(4)]
    net = regions.random_network(2, 8, seed=regions.GROWTH_SEEDS[1])
    on, _ = regions.evaluate(net, regions.grid()[1], "relu")
    counts = [
        regions.region_ids(
            regions.evaluate(regions.random_network(2, 8, s), regions.grid()[1], "relu")[0]
        )[1]
        for s in regions.GROWTH_SEEDS
    ]
    assert table[depths.index(2), widths.index(8)] == pytest.approx(np.mean(counts))
    assert regions.region_ids(on)[1] in counts


# --- the figures ------------------------------------------------------------------------------

LABELS = {"x": "x₁", "y": "x₂", "hover": "%{x}, %{y}", "scale": "Δ²"}


def test_the_regions_map_ships_a_byte_per_point_with_its_boundaries():
    plane = regions.plane("relu", 2, 8, seed=0)
    colour = regions.colour_regions(plane.ids, plane.patterns, len(REGION_TINTS))
    shown = region_colours(colour, plane.ids, regions.boundaries(plane.ids))
    assert shown.dtype == np.uint8 and (shown == len(REGION_TINTS)).any()
    fig = regions_figure(plane.axis, shown, labels=LABELS)
    spec = fig.to_dict()
    heatmap = spec["data"][0]
    assert heatmap["z"]["dtype"] == "u1", "one byte per grid point on the wire"
    assert len(fig.to_json()) < 100_000
    z = decode({key: value for key, value in heatmap["z"].items() if key != "shape"})
    assert heatmap["z"]["shape"].replace(" ", "") == "241,241"
    np.testing.assert_array_equal(z.reshape(shown.shape), shown)
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"


def test_curvature_levels_keep_flat_points_white_and_order_the_rest():
    plane = regions.plane("swish", 2, 8, seed=0)
    levels, low = curvature_levels(plane.curvature, plane.flat)
    inside = levels[1:-1, 1:-1]
    assert inside.min() >= 1, "no flat point of a Swish network"
    assert levels[0, 0] == 0, "the border has no second difference"
    assert 10.0**low <= plane.curved_min < 10.0 ** (low + 1)
    order = np.argsort(plane.curvature[1:-1, 1:-1].ravel())
    assert np.all(np.diff(inside.ravel()[order].astype(int)) >= 0)
    fig = curvature_figure(plane.axis, levels, low, labels=LABELS)
    assert fig.to_dict()["data"][0]["z"]["dtype"] == "u1"
    assert len(fig.to_json()) < 100_000


def test_the_slice_and_the_growth_figures():
    along, outputs = regions.slice_through(2, 8, 0)
    assert set(outputs) == set(regions.ACTIVATIONS) and along.size <= 401
    relu = outputs["relu"]
    kinks = np.abs(np.diff(relu, 2)) > 1e-9 * (1 + np.abs(relu).max())
    assert 0 < kinks.sum() < 0.1 * along.size, "straight pieces meeting at a few kinks"
    assert (np.abs(np.diff(outputs["swish"], 2)) > 0).all()
    fig = slice_figure(along, outputs, labels={"x": "x₁", "y": "f"})
    assert [trace.name for trace in fig.data] == list(outputs)
    for trace, values in zip(fig.to_dict()["data"], outputs.values(), strict=True):
        x, y = xy(trace)
        np.testing.assert_allclose(x, along, atol=1e-12)
        np.testing.assert_allclose(y, values, rtol=1e-6, atol=1e-6)  # float32 on the wire
    assert len(fig.to_json()) < 30_000  # x as a start and a step, y as float32
    table = regions.growth()
    bound = np.array([regions.max_regions_one_layer(n) for n in range(1, 97)])
    words = {
        "x": "units",
        "y": "regions",
        "width": "w {width}",
        "bound": "max",
        "hover": "{depth}×{width}",
    }
    fig = growth_figure(regions.GROWTH_DEPTHS, regions.GROWTH_WIDTHS, table, bound, labels=words)
    assert [trace.name for trace in fig.data] == ["w 4", "w 8", "w 16", "max"]
    assert [int(units) for units in fig.data[2].x] == [16 * d for d in regions.GROWTH_DEPTHS]
