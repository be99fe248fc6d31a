"""The 硬件友好与自归一化 page under AppTest: each function, the hard-against-smooth overlay,
SELU's deep network driven by its controls, deep links and bad links, both languages."""

from __future__ import annotations

import numpy as np
import pytest

from activations import REGISTRY
from activations.landmarks import max_difference
from experiments.self_normalising import layer_moments
from harness.appdriver import cards, figures, run_page, tables, xy
from ui.hardware_page import CHOICES, DEEP_KEYS
from views.numbers import number
from views.strings import LANGUAGES, translate

PAGE = "app_pages/hardware.py"
NAMES = {key: REGISTRY[key].name_en for key in CHOICES}


def moments_figure(at) -> dict:
    (spec,) = [
        spec for spec in figures(at) if spec["layout"].get("yaxis2", {}).get("type") == "log"
    ]
    return spec


@pytest.mark.parametrize("lang", LANGUAGES)
def test_default_is_hard_swish_against_swish_with_the_cores_gap(lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception and not at.error
    assert at.radio(key="fn").value == "hardswish"
    assert len(figures(at)) == 2
    names = {trace.get("name") for trace in figures(at)[1]["data"]}
    assert {"Hard Swish", "Swish / SiLU"} <= names
    gap, at_x = max_difference("hardswish", "swish")
    shown = {card.label: card.value for card in cards(at)}
    assert shown[translate("hardware.max_gap", lang)] == number(gap, 4)
    assert shown[translate("hardware.max_gap_at", lang)] == f"±{number(at_x, 5)}"
    assert all(chart.proto.alt for chart in at.get("plotly_chart")), "a chart without alt text"


@pytest.mark.parametrize("key", CHOICES)
def test_every_function_draws_its_registry_curve(key):
    at = run_page(PAGE, fn=NAMES[key])
    assert not at.exception and not at.error
    spec = figures(at)[0]
    x, y = xy(next(item for item in spec["data"] if item.get("name") == "f(x)"))
    np.testing.assert_allclose(y, REGISTRY[key].fn(x), rtol=1e-6, atol=1e-6)  # float32 on the wire
    overlay = key in ("hardswish", "hardsigmoid")
    assert len(figures(at)) == 1 + overlay + (key == "selu")


def test_selu_shows_the_deep_network_and_its_last_layer():
    at = run_page(PAGE, fn="SELU", depth="30")
    assert not at.exception and not at.error
    heading = at.subheader[0].value
    assert "λ = 1.0507" in heading and "\\" not in heading  # symbols, not LaTeX source
    spec = moments_figure(at)
    selu = [trace for trace in spec["data"] if trace.get("name") == "SELU"]
    assert len(selu) == 2 and all(len(xy(trace)[0]) == 31 for trace in selu)
    found = layer_moments("selu", 100)
    np.testing.assert_allclose(xy(selu[1])[1], found.variance[:31])
    (rows,) = [rows for rows in tables(at) if len(rows) == len(DEEP_KEYS)]
    assert [row[translate("hardware.col_function", "zh")] for row in rows] == [
        "SELU",
        "ReLU",
        "Tanh",
    ]
    variance = translate("hardware.col_variance", "zh", depth=30)
    assert rows[0][variance] == number(float(found.variance[30]), 3)


def test_moving_alpha_moves_the_network_off_its_fixed_point():
    at = run_page(PAGE, fn="SELU")
    at.slider(key="selu_alpha").set_value(1.0)
    at.run()
    assert not at.exception
    (rows,) = [rows for rows in tables(at) if len(rows) == len(DEEP_KEYS)]
    variance = translate("hardware.col_variance", "zh", depth=50)
    expected = layer_moments("selu", 100, selu_alpha=1.0).variance[50]
    assert rows[0][variance] == number(float(expected), 3)
    assert float(expected) < 0.1


def test_depth_slider_at_its_ends():
    at = run_page(PAGE, fn="SELU")
    for depth in (10, 100):
        at.slider(key="depth").set_value(depth)
        at.run()
        assert not at.exception
        selu = [t for t in moments_figure(at)["data"] if t.get("name") == "SELU"]
        assert len(xy(selu[0])[0]) == depth + 1


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "query",
    [
        {"fn": "nope"},
        {"fn": "SELU", "depth": "abc"},
        {"fn": "SELU", "depth": "999"},
        {"fn": "SELU", "scale": "9", "selu_alpha": "-1"},
        {"fn": "ReLU6", "x0": "nan"},
    ],
    ids=lambda q: "-".join(f"{k}={v}" for k, v in q.items()),
)
def test_bad_link_values_fall_back_to_the_defaults(query, lang):
    at = run_page(PAGE, lang=lang, **query)
    assert not at.exception and not at.error
    assert figures(at)
    if query["fn"] == "SELU":
        assert at.slider(key="depth").value == 50
        assert at.slider(key="scale").value == pytest.approx(REGISTRY["selu"].defaults()["scale"])
    if query["fn"] == "nope":
        assert at.radio(key="fn").value == "hardswish"


def test_a_short_name_link_finds_the_function():
    at = run_page(PAGE, fn="squared_relu")
    assert not at.exception
    assert at.radio(key="fn").value == "squared_relu"
