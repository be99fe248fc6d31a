"""Every chart on every page, as the browser receives it: a text alternative in the reader's
language, a plain ASCII file name for the camera, a title with the values behind it, a layout
that leaves a phone's width to the plot, touch that scrolls the page, and log axes labelled
at powers of ten only (issues 19 and 24: items 8 and 13)."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache

import pytest

from harness.appdriver import figures, page_run, run_page
from views.navigation import PAGES
from views.strings import LANGUAGES

QUICK_TRAINING = {"epochs": "60", "width": "4", "layers": "1"}
ASCII_FILENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
PAGES_WITH_FIGURES = [spec for spec in PAGES if spec.url_path != "glossary"]


def cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) == "W" for char in text)


@cache
def opened(file: str, lang: str):
    """The page with all its figures drawn: trained on the playground, answered on the quiz."""
    query = {"lang": lang}
    if file.endswith("playground.py"):
        at = run_page(file, **query, **QUICK_TRAINING)
        at.button[0].click().run()
    elif file.endswith("quiz.py"):
        at = run_page(file, **query)
        at.radio[0].set_value(at.radio[0].options[0]).run()
        at.button[1].click().run()
    else:
        at = page_run(file, **query, **({"beta": "2"} if file.endswith("swish.py") else {}))
    assert not at.exception, [item.value for item in at.exception]
    return at


def charts(file: str, lang: str) -> list:
    found = opened(file, lang).get("plotly_chart")
    assert found, f"{file} drew no chart"
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("spec", PAGES_WITH_FIGURES, ids=lambda spec: spec.url_path)
def test_every_chart_has_a_text_alternative_in_the_readers_language(spec, lang):
    for chart in charts(spec.file, lang):
        alt = chart.proto.alt
        assert len(alt) > 20, (spec.url_path, alt)
        if lang == "zh":
            assert cjk(alt), alt
        else:
            assert not re.search(r"[\u4e00-\u9fff]", alt), alt


@pytest.mark.parametrize("spec", PAGES_WITH_FIGURES, ids=lambda spec: spec.url_path)
def test_every_chart_exports_under_an_ascii_name_with_its_title(spec):
    """The camera's file names stay plain ASCII on Chinese pages, and the saved image carries
    the figure's title (drawn in the figure: legend title or figure title)."""
    for chart in charts(spec.file, "zh"):
        config = json.loads(chart.proto.config)
        name = config["toImageButtonOptions"]["filename"]
        assert ASCII_FILENAME.match(name), name
        layout = json.loads(chart.proto.spec)["layout"]
        title = layout.get("title", {}).get("text") or layout["legend"]["title"]["text"]
        assert title.strip("<b>/")


def test_swish_exports_as_swish_beta_2_with_beta_in_the_image():
    (chart,) = charts("app_pages/swish.py", "zh")
    config = json.loads(chart.proto.config)
    assert config["toImageButtonOptions"]["filename"] == "swish_beta-2"
    layout = json.loads(chart.proto.spec)["layout"]
    assert "β = 2" in layout["legend"]["title"]["text"]
    assert "β = 2" in chart.proto.alt and "−6" in chart.proto.alt


@pytest.mark.parametrize("spec", PAGES_WITH_FIGURES, ids=lambda spec: spec.url_path)
def test_every_chart_suits_a_phone(spec):
    """One layout for 390 px and 1400 px: the legend horizontal (never a column beside the
    plot), y tick labels inside the plot, side margins no wider than a y title and the last
    x tick label need (sent as Plotly settles them, so it does not draw the chart twice:
    ``views.figures.fitted``), the plot keeping ≥ 86 % of a phone's 374 px, type ≥ 12 px, and
    no drag mode, so a finger on a chart scrolls the page; the modebar keeps its camera."""
    for chart in charts(spec.file, "zh"):
        config = json.loads(chart.proto.config)
        assert config["scrollZoom"] is False and "toImage" not in config.get(
            "modeBarButtonsToRemove", []
        )
        layout = json.loads(chart.proto.spec)["layout"]
        assert layout["dragmode"] is False
        assert layout.get("legend", {}).get("orientation") == "h"
        margin = layout["margin"]
        assert margin["l"] <= 36 and margin["r"] <= 24 and margin["l"] + margin["r"] <= 52
        assert layout["font"]["size"] >= 12
        for name, axis in layout.items():
            if name.startswith(("xaxis", "yaxis")):
                assert axis.get("tickfont", {}).get("size", 12) >= 12, (name, axis)
            if name.startswith("yaxis") and axis.get("showticklabels", True):
                assert axis.get("ticklabelposition", "").startswith("inside"), (name, axis)
        for column in ("xaxis2", "xaxis3", "xaxis4"):  # stacked panels, never side by side
            if column in layout:
                assert layout[column]["domain"] == layout["xaxis"]["domain"], spec.url_path


@pytest.mark.parametrize(
    "file", ["app_pages/vanishing.py", "app_pages/playground.py"], ids=["vanishing", "playground"]
)
def test_log_axes_label_powers_of_ten_only(file):
    """Issue 24.8: no "2" or "5" printed between decades; minor ticks stay unlabelled."""
    logs = [
        axis
        for figure in figures(opened(file, "zh"))
        for name, axis in figure["layout"].items()
        if name.startswith("yaxis") and axis.get("type") == "log"
    ]
    assert len(logs) == 2
    for axis in logs:
        assert axis["dtick"] in range(1, 10) and axis["exponentformat"] == "power"
        assert axis["minor"]["ticks"] and "showticklabels" not in axis["minor"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tex_snippet_speaks_the_readers_language(lang):
    """Issue 24.13: the .tex download says 若 … / 其他情况 on a Chinese page, as the page does."""
    from activations import REGISTRY
    from views.function_text import PIECEWISE_WORDS, formulas_tex
    from views.strings import translate

    words = {word: translate(f"functions.{key}", lang) for word, key in PIECEWISE_WORDS}
    shown = [REGISTRY["relu"].at(), REGISTRY["leaky_relu"].at(negative_slope=0.1)]
    tex = formulas_tex(shown, "%", lang)
    assert tex.count(rf"\text{{{words['for']}}}") == 4
    assert tex.count(rf"\text{{{words['otherwise']}}}") == 4
    if lang == "zh":
        assert r"\text{for}" not in tex and r"\text{otherwise}" not in tex


def test_coinciding_curves_are_named_together():
    """Issue 24.7: on /vanishing ReLU runs exactly under Leaky ReLU; on home GELU under its
    tanh approximation: each pair gets one label that names both, and every other curve a
    label of its own."""
    vanishing = figures(opened("app_pages/vanishing.py", "en"))[0]
    texts = [note["text"] for note in vanishing["layout"]["annotations"]]
    assert "ReLU ≈ Leaky ReLU" in texts and "Leaky ReLU" not in texts
    home = figures(opened("app_pages/home.py", "zh"))[0]
    texts = [note["text"] for note in home["layout"]["annotations"]]
    assert any(text.startswith("GELU ≈ GELU") for text in texts), texts
    named = " ".join(texts)
    for trace in home["data"]:
        if trace.get("showlegend") is not False:
            assert trace["name"] in named


def test_swish_reference_curves_look_different_and_are_labelled():
    """Issue 24.7: at β ≠ 1 the three reference curves (β → 0, β → ∞, SiLU) differ in colour
    and dash, and each is named beside it."""
    (swish,) = figures(opened("app_pages/swish.py", "zh"))
    references = [trace for trace in swish["data"] if trace.get("opacity")]
    top = [trace for trace in references if trace.get("yaxis", "y") == "y"]
    assert len(top) == 3
    assert len({(t["line"]["color"], t["line"]["dash"]) for t in top}) == 3
    texts = {note["text"] for note in swish["layout"]["annotations"]}
    assert {trace["name"] for trace in top} <= texts
