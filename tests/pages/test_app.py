"""The app starts, every page runs without exception, and the language switch holds."""

import json

import pytest

from harness.appdriver import run_app, run_page
from views.figures import safe_filename
from views.navigation import PAGES
from views.strings import translate

pytestmark = pytest.mark.smoke


def test_home_runs_in_chinese_by_default():
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "激活函数实验室"


def test_lang_en_from_url_gives_english_home():
    at = run_app(lang="en")
    assert not at.exception
    assert at.title[0].value == "Activation Function Lab"


@pytest.mark.parametrize("value", ["fr", "", "<script>alert(1)</script>", "EN", "中文"])
def test_unknown_lang_falls_back_to_chinese(value):
    at = run_app(lang=value)
    assert not at.exception
    assert at.title[0].value == "激活函数实验室"


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_every_page_runs_inside_the_app_and_names_its_downloads(spec):
    at = run_page(spec.file, export="svg")
    assert not at.exception
    assert at.sidebar.segmented_control  # drawn by app.py, not by the page
    expected = "app.title" if spec.url_path == "home" else f"nav.{spec.url_path}"
    assert at.title[0].value == translate(expected, "zh")  # the page asked for, not home
    names = []
    for chart in at.get("plotly_chart"):  # the modebar camera saves under a meaningful name
        options = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert options["format"] == "svg"
        assert options["filename"] == safe_filename(options["filename"]) != "figure"
        names.append(options["filename"])
    assert len(set(names)) == len(names), f"two figures on {spec.url_path} share a file name"
