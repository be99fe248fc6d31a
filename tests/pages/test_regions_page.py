"""The 线性区域 page under AppTest: the plane and its count from the core, each activation,
deep links and bad links, a control moved, both languages."""

from __future__ import annotations

import pytest

from experiments import regions
from harness.appdriver import cards, figures, run_page, tables
from views.numbers import number
from views.strings import LANGUAGES, translate

PAGE = "app_pages/regions.py"


def card(at, name: str, lang: str = "zh"):
    label = translate(f"regions.{name}", lang)
    return next(item for item in cards(at) if item.label == label)


def plane_spec(at) -> dict:
    return figures(at)[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_default_is_a_relu_network_counted_by_the_core(lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception and not at.error
    assert at.radio(key="act").value == "relu"
    assert (at.slider(key="depth").value, at.slider(key="width").value) == (
        regions.DEFAULT_DEPTH,
        regions.DEFAULT_WIDTH,
    )
    plane = regions.plane("relu", regions.DEFAULT_DEPTH, regions.DEFAULT_WIDTH, 0)
    assert card(at, "card_regions", lang).value == str(plane.count)
    assert card(at, "card_flat", lang).value == f"{number(100 * plane.flat_share, 3)} %"
    assert len(figures(at)) == 3
    assert plane_spec(at)["data"][0]["type"] == "heatmap"
    charts = at.get("plotly_chart")
    assert all(chart.proto.alt for chart in charts), "a chart without a text alternative"
    assert str(plane.count) in charts[0].proto.alt
    (growth,) = tables(at)
    assert len(growth) == len(regions.GROWTH_DEPTHS)
    assert translate("regions.growth_heading", lang) in [s.value for s in at.subheader]


def test_deep_link_sets_every_control_and_the_count_follows():
    at = run_page(PAGE, act="leaky_relu", depth="3", width="12", seed="7")
    assert not at.exception and not at.error
    assert at.radio(key="act").value == "leaky_relu"
    assert at.slider(key="depth").value == 3 and at.slider(key="width").value == 12
    assert at.number_input(key="seed").value == 7
    plane = regions.plane("leaky_relu", 3, 12, 7)
    assert card(at, "card_regions").value == str(plane.count)
    assert "Leaky ReLU" in plane_spec(at)["layout"]["title"]["text"]


def test_one_layer_shows_its_bound_and_stays_under_it():
    at = run_page(PAGE, depth="1", width="6")
    count = int(card(at, "card_regions").value)
    bound = int(card(at, "card_bound").value)
    assert bound == regions.max_regions_one_layer(6) == 22
    assert 1 <= count <= bound


@pytest.mark.parametrize("act", ["swish", "gelu"])
def test_a_smooth_activation_has_no_regions_and_bends_everywhere(act):
    at = run_page(PAGE, act=act, depth="3")
    assert not at.exception and not at.error
    relu = regions.plane("relu", 3, regions.DEFAULT_WIDTH, 0)
    shown = card(at, "card_regions")
    assert shown.value == translate("regions.card_none", "zh")
    assert shown.note == translate("regions.card_relu_same", "zh", count=relu.count)
    assert card(at, "card_flat").value == "0 %"
    smooth = regions.plane(act, 3, regions.DEFAULT_WIDTH, 0)
    assert card(at, "card_bend").value == number(smooth.curved_min, 3)
    spec = plane_spec(at)
    assert spec["layout"]["title"]["text"].startswith(
        f"<b>{translate('regions.curvature_title', 'zh')}"
    )
    assert spec["data"][0]["colorbar"]["title"]["text"]


def test_moving_a_control_redraws_the_plane_and_its_count():
    at = run_page(PAGE)
    before = card(at, "card_regions").value
    at.slider(key="depth").set_value(5).run()
    assert not at.exception
    after = regions.plane("relu", 5, regions.DEFAULT_WIDTH, 0).count
    assert card(at, "card_regions").value == str(after) != before
    assert "5" in plane_spec(at)["layout"]["title"]["text"]
    at.radio(key="act").set_value("gelu").run()
    assert card(at, "card_regions").value == translate("regions.card_none", "zh")


@pytest.mark.parametrize(
    "query",
    [
        {"depth": "99"},
        {"depth": "abc", "width": "-3"},
        {"width": "1e999", "seed": "inf"},
        {"act": "nope"},
        {"seed": "-5", "act": "ReLU6"},
    ],
    ids=["depth-high", "malformed", "infinite", "unknown-act", "negative-seed"],
)
def test_bad_values_fall_back_quietly(query):
    at = run_page(PAGE, **query)
    assert not at.exception and not at.error
    assert at.radio(key="act").value == "relu"
    assert at.slider(key="depth").value == regions.DEFAULT_DEPTH
    assert at.slider(key="width").value == regions.DEFAULT_WIDTH
    assert at.number_input(key="seed").value == 0
    assert len(figures(at)) == 3


def test_a_canonical_short_name_is_read_as_the_label():
    at = run_page(PAGE, act="GELU", lang="en")
    assert not at.exception
    assert at.radio(key="act").value == "gelu"
    assert card(at, "card_regions", "en").value == translate("regions.card_none", "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lecture_mode_puts_the_cards_beside_the_plane(lang):
    at = run_page(PAGE, lecture="1", lang=lang)
    assert not at.exception
    assert card(at, "card_regions", lang).value.isdigit()
    # the prose folds away below the figures; the numbers it quotes are the core's
    prose = "\n".join(block.value for block in at.markdown)
    assert "{{" not in prose
