"""The pure figure builders of the function pages, tested without Streamlit."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from harness.appdriver import decode, xy
from views.figures import GRAD_LINE, PALETTE, REFERENCE_LINE, VALUE_LINE, style
from views.function_figures import (
    POINTS,
    Curve,
    Labels,
    Probe,
    Reference,
    difference_figure,
    function_figure,
    grid,
    palette_curves,
    with_gaps,
)


def as_json(fig) -> dict:
    return json.loads(fig.to_json())


def trace(spec: dict, name: str) -> dict:
    return next(item for item in spec["data"] if item.get("name") == name)


X = grid(-6, 6)
SIGMOID = 1 / (1 + np.exp(-X))
SIGMOID_GRAD = SIGMOID * (1 - SIGMOID)


def sigmoid_figure(**options):
    curve = Curve("σ(x)", "σ′(x)", SIGMOID, SIGMOID_GRAD)
    return function_figure(X, [curve], labels=Labels(tangent="切线"), **options)


class TestGrid:
    def test_ends_and_count(self):
        x = grid(-3, 5)
        assert (x[0], x[-1], x.size) == (-3.0, 5.0, POINTS)

    def test_symmetric_range_samples_zero(self):
        assert 0.0 in grid(-6, 6)

    def test_about_a_thousand_points_at_most(self):
        assert POINTS <= 1001


class TestFunctionFigure:
    def test_values_on_top_panel_and_grads_below(self):
        spec = as_json(sigmoid_figure())
        value, grad = trace(spec, "σ(x)"), trace(spec, "σ′(x)")
        assert (value.get("yaxis", "y"), grad["yaxis"]) == ("y", "y2")
        np.testing.assert_allclose(xy(value)[0], X, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(xy(grad)[0], X, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(decode(value["y"]), SIGMOID, rtol=1e-6)
        np.testing.assert_allclose(decode(grad["y"]), SIGMOID_GRAD, rtol=1e-6)

    def test_even_grid_travels_as_x0_and_dx(self):
        value = trace(as_json(sigmoid_figure()), "σ(x)")
        assert "x" not in value
        assert (value["x0"], value["dx"]) == (-6.0, pytest.approx(0.012))

    def test_uneven_grid_is_refused(self):
        x = np.array([0.0, 1.0, 3.0])
        with pytest.raises(ValueError, match="even grid"):
            function_figure(x, [Curve("f", "g", x, x)])

    def test_panels_share_the_x_axis(self):
        layout = as_json(sigmoid_figure())["layout"]
        assert layout["xaxis"]["matches"] == "x2"
        assert layout["xaxis2"]["range"] == [-6.0, 6.0]

    def test_styles_value_solid_blue_grad_dashed_vermilion(self):
        spec = as_json(sigmoid_figure())
        assert trace(spec, "σ(x)")["line"]["color"] == VALUE_LINE["color"]
        assert trace(spec, "σ(x)")["line"]["dash"] == "solid"
        assert trace(spec, "σ′(x)")["line"]["color"] == GRAD_LINE["color"]
        assert trace(spec, "σ′(x)")["line"]["dash"] == "dash"

    def test_axis_titles_come_from_labels(self):
        labels = Labels(value="函数值", grad="导数", x="输入 x")
        curve = Curve("f", "g", SIGMOID, SIGMOID_GRAD)
        layout = as_json(function_figure(X, [curve], labels=labels))["layout"]
        assert layout["yaxis"]["title"]["text"] == "函数值"
        assert layout["yaxis2"]["title"]["text"] == "导数"
        assert layout["xaxis2"]["title"]["text"] == "输入 x"

    def test_payload_stays_small(self):
        probe = Probe(0.0, 0.5, 0.25)
        assert len(sigmoid_figure(probe=probe).to_json()) < 25_000

    def test_ten_overlaid_functions_fit_the_page_budget(self):
        names = [(f"f{i}", f"g{i}") for i in range(10)]
        curves = palette_curves(names, [SIGMOID] * 10, [SIGMOID_GRAD] * 10)
        assert len(function_figure(X, curves).to_json()) < 150_000

    def test_no_probe_no_tangent(self):
        names = [item.name for item in sigmoid_figure().data]
        assert "切线" not in names


class TestProbe:
    PROBE = Probe(1.5, 0.817574, 0.149146)

    def test_tangent_passes_through_the_probe_with_slope_f_prime(self):
        tangent = trace(as_json(sigmoid_figure(probe=self.PROBE)), "切线")
        xs, ys = decode(tangent["x"]), decode(tangent["y"])
        slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
        assert slope == pytest.approx(self.PROBE.grad)
        assert np.interp(1.5, xs, ys) == pytest.approx(self.PROBE.value)

    def test_markers_sit_on_both_panels(self):
        spec = as_json(sigmoid_figure(probe=self.PROBE))
        markers = [item for item in spec["data"] if item.get("mode") == "markers"]
        by_axis = {item.get("yaxis", "y"): item for item in markers}
        assert decode(by_axis["y"]["y"])[0] == pytest.approx(self.PROBE.value)
        assert decode(by_axis["y2"]["y"])[0] == pytest.approx(self.PROBE.grad)
        assert {decode(item["x"])[0] for item in markers} == {1.5}

    def test_dotted_line_at_x0_through_both_panels(self):
        shapes = as_json(sigmoid_figure(probe=self.PROBE))["layout"]["shapes"]
        assert [shape["x0"] for shape in shapes] == [1.5, 1.5]
        assert sorted(shape["yref"] for shape in shapes) == ["y domain", "y2 domain"]
        assert all(shape["line"]["dash"] == "dot" for shape in shapes)


class TestKinks:
    def test_relu_derivative_breaks_at_zero(self):
        relu_grad = (X > 0).astype(float)
        curve = Curve("relu", "relu′", np.maximum(X, 0), relu_grad, kinks=(0.0,))
        xs, ys = xy(trace(as_json(function_figure(X, [curve])), "relu′"))
        assert np.isnan(ys).sum() == 1
        assert xs[np.isnan(ys)][0] == pytest.approx(0.0)
        np.testing.assert_array_equal(ys[~np.isnan(ys)], relu_grad[X != 0])

    def test_kink_between_samples_blanks_the_nearest_sample(self):
        ys = with_gaps(np.array([-1.0, 0.0, 1.0, 2.0]), np.array([0.0, 0.0, 1.0, 1.0]), [0.4])
        assert np.isnan(ys).tolist() == [False, True, False, False]

    def test_kink_outside_the_range_changes_nothing(self):
        ys = with_gaps(np.array([1.0, 2.0]), np.array([3.0, 4.0]), [0.0, 2.0])
        assert ys.tolist() == [3.0, 4.0]

    def test_input_is_not_modified(self):
        ys = np.array([0.0, 1.0, 2.0])
        with_gaps(np.array([-1.0, 0.0, 1.0]), ys, [0.0])
        assert ys.tolist() == [0.0, 1.0, 2.0]


class TestReferences:
    def test_faint_grey_in_both_panels_one_legend_entry(self):
        half = Reference("x/2", np.array([-6.0, 6.0]), np.array([-3.0, 3.0]), None, [0.5, 0.5])
        curve = Curve("f", "g", SIGMOID, SIGMOID_GRAD)
        spec = as_json(function_figure(X, [curve], references=[half]))
        drawn = [item for item in spec["data"] if item.get("legendgroup") == "x/2"]
        assert [item.get("yaxis", "y") for item in drawn] == ["y", "y2"]
        assert all(item["line"]["color"] == REFERENCE_LINE["color"] for item in drawn)
        assert all(item["opacity"] < 1 for item in drawn)
        assert [item.get("showlegend", True) for item in drawn] == [True, False]

    def test_references_are_drawn_under_the_curves(self):
        relu = Reference("ReLU", np.array([-6.0, 0.0, 6.0]), np.array([0.0, 0.0, 6.0]))
        names = [item.name for item in sigmoid_figure(references=[relu]).data]
        assert names.index("ReLU") < names.index("σ(x)")


class TestRanges:
    def test_zoom_ranges_apply_per_panel(self):
        layout = as_json(sigmoid_figure(value_range=(-0.1, 0.05), grad_range=(0, 0.02)))
        assert layout["layout"]["yaxis"]["range"] == [-0.1, 0.05]
        assert layout["layout"]["yaxis2"]["range"] == [0, 0.02]

    def test_x_range_overrides_the_sampled_interval(self):
        layout = as_json(sigmoid_figure(x_range=(-6, 1)))["layout"]
        assert layout["xaxis2"]["range"] == [-6, 1]


class TestLecture:
    def test_lecture_mode_is_larger(self):
        normal, lecture = sigmoid_figure(), sigmoid_figure(lecture=True)
        assert lecture.layout.font.size == style(True)["font"] > normal.layout.font.size
        assert lecture.data[0].line.width > normal.data[0].line.width
        assert lecture.layout.height > normal.layout.height

    def test_axis_and_legend_type_follow_the_mode(self):
        # set on the figure, so a chart theme cannot shrink lecture mode's type
        layout = as_json(sigmoid_figure(lecture=True))["layout"]
        size = style(True)["font"]
        assert layout["xaxis2"]["tickfont"]["size"] == size
        assert layout["yaxis"]["title"]["font"]["size"] == size
        assert layout["legend"]["font"]["size"] == size


class TestPaletteCurves:
    def test_each_function_own_colour_and_dash_same_in_both_panels(self):
        curves = palette_curves(
            [("a", "a′"), ("b", "b′"), ("c", "c′")], [X, X, X], [X, X, X], [(), (0.0,), ()]
        )
        assert [curve.line["color"] for curve in curves] == list(PALETTE[:3])
        assert len({curve.line["dash"] for curve in curves}) == 3
        assert all(curve.line == curve.grad_line for curve in curves)
        assert curves[1].kinks == (0.0,)

    def test_lengths_must_match(self):
        with pytest.raises(ValueError):
            palette_curves([("a", "a′")], [X, X], [X])


class TestDifferenceFigure:
    def test_marks_the_largest_absolute_difference(self):
        difference = 1e-4 * np.sin(X)
        spec = as_json(difference_figure(X, difference, name="Δ"))
        marker = spec["data"][1]
        worst = np.argmax(np.abs(difference))
        assert decode(marker["x"])[0] == pytest.approx(X[worst])
        assert decode(marker["y"])[0] == pytest.approx(difference[worst])
        xs, ys = xy(spec["data"][0])
        np.testing.assert_allclose(xs, X, atol=1e-12)
        np.testing.assert_allclose(ys, difference, rtol=1e-6)


def test_builders_do_not_import_streamlit():
    code = "import sys, views.function_figures; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
