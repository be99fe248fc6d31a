"""The dtype control on the function pages, GLU and softmax (AppTest).

At float64 (the default, and any value the control does not offer) a page draws what it drew
before the control existed; below float64 the curve is made of numbers of the chosen type,
the places where it settles are shaded, and the lesson follows.
"""

from __future__ import annotations

import base64

import ml_dtypes
import numpy as np
import pytest

from activations import REGISTRY
from activations import low_precision as lp
from harness.appdriver import figures, run_page, tables
from views.numbers import number
from views.strings import LANGUAGES, translate

SIGMOID = "app_pages/sigmoid.py"
TYPES = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}


def decode(value) -> np.ndarray:
    """A Plotly JSON array: a plain list or a typed array ``{"dtype", "bdata"}``."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float)
    return np.asarray(value, dtype=float)


def trace(fig: dict, name: str) -> dict:
    return next(item for item in fig["data"] if item.get("name") == name)


def page_text(at) -> str:
    return "\n".join([block.value for block in at.markdown] + [block.value for block in at.caption])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["float32", "float16", "bfloat16"])
def test_sigmoid_page_draws_the_curve_in_the_chosen_type(name, lang):
    at = run_page(SIGMOID, dtype=name, xmax="10", lang=lang)
    assert not at.exception and not at.error
    assert at.selectbox(key="dtype").value == name
    assert at.selectbox(key="dtype").label == translate("precision.dtype", lang)
    sigmoid, _error, tanh, _ = figures(at)  # each column: the curve, then its errors
    curve_name = translate("precision.curve", lang, name="f(x)", dtype=name)
    values = decode(trace(sigmoid, curve_name)["y"])
    # every plotted value is a number of the type (on the wire as float32, which holds them)
    assert np.array_equal(values.astype(TYPES[name]).astype(float), values)
    if name != "float32":  # steps: neighbouring x share a value
        assert len(np.unique(values)) < len(values)
    # σ is exactly 1 from its saturation on: shaded in the top panel, with a line where it starts
    start = lp.landmarks(REGISTRY["sigmoid"].at(), name).values[1].start
    rects = [s for s in sigmoid["layout"]["shapes"] if s["type"] == "rect"]
    if start < 10:
        assert any(rect["x0"] == start and rect["yref"] == "y domain" for rect in rects)
        assert any(rect["x0"] == start and rect["yref"] == "y2 domain" for rect in rects)
    x = np.linspace(-6, 10, len(values))
    assert np.all(values[x >= start] == 1.0)
    # the float64 curve beside it, and tanh's dead zone from |x| ≈ 3.5 in bfloat16
    assert decode(trace(sigmoid, "float64")["y"]).max() < 1.0
    if name == "bfloat16":
        dead = lp.landmarks(REGISTRY["tanh"].at(), name).dead_zones
        assert {rect["x0"] for rect in tanh["layout"]["shapes"] if rect["type"] == "rect"} >= {
            dead[-1].start
        }
    text = page_text(at)
    assert f"x ≥ {number(start, 4)}" in text  # the card, computed by the core
    assert translate("precision.facts", lang, dtype=name) in text
    assert translate("precision.error_title", lang) not in text  # a figure title, not prose
    heading = "混合精度训练" if lang == "zh" else "Mixed precision training"
    assert heading in text


@pytest.mark.parametrize("query", [{}, {"dtype": "float64"}, {"dtype": "nope"}, {"dtype": ""}])
def test_float64_and_bad_values_draw_the_page_as_before(query):
    at = run_page(SIGMOID, **query)
    assert not at.exception and not at.error
    assert at.selectbox(key="dtype").value == "float64"
    assert len(figures(at)) == 2  # σ and tanh, nothing more
    text = page_text(at)
    assert translate("precision.facts", "zh", dtype="float64") not in text
    assert "混合精度" not in text
    assert [item["name"] for item in figures(at)[0]["data"]][:2] == ["f(x)", "f′(x)"]


def test_switching_the_type_redraws_and_switching_back_restores():
    at = run_page(SIGMOID)
    before = figures(at)[0]
    at.selectbox(key="dtype").set_value("float16").run()
    assert not at.exception
    assert len(figures(at)) == 4
    at.selectbox(key="dtype").set_value("float64").run()
    assert figures(at)[0]["data"] == before["data"]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("relu", {"dtype": "float16"}),
        ("swish", {"dtype": "bfloat16", "beta": "2"}),
        ("more", {"dtype": "float16", "fn": "GELU"}),
        ("hardware", {"dtype": "bfloat16", "fn": "SELU"}),
        ("hardware", {"dtype": "float16", "fn": "Squared ReLU", "xmax": "50", "lang": "en"}),
    ],
)
def test_every_function_page_takes_the_type(page, query):
    at = run_page(f"app_pages/{page}.py", **query)
    assert not at.exception and not at.error
    assert at.selectbox(key="dtype").value == query["dtype"]
    lang = query.get("lang", "zh")
    assert translate("precision.facts", lang, dtype=query["dtype"]) in page_text(at)


def test_squared_relu_says_where_float16_overflows():
    at = run_page("app_pages/hardware.py", dtype="float16", fn="Squared ReLU", xmax="50")
    fig = figures(at)[0]
    values = decode(
        trace(fig, translate("precision.curve", "zh", name="f(x)", dtype="float16"))["y"]
    )
    assert values[-1] == 2500.0  # 50² is still a float16 number …
    text = page_text(at)  # … but 256² = 65536 is past 65504: f is inf from there
    assert translate("precision.settles", "zh", f="f", value="∞") in text and "x ≥ 256" in text


def test_compare_page_has_no_type_control():
    at = run_page("app_pages/compare.py", dtype="float16")
    assert not at.exception
    assert not [box for box in at.selectbox if box.key == "dtype"]


# --- softmax and GLU --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_softmax_overflows_in_float16_past_11(lang):
    """z = 12 breaks the textbook formula in float16 (in float64 it would take 709.78)."""
    at = run_page("app_pages/softmax.py", dtype="float16", offset="10", lang=lang)
    assert not at.exception
    rows = tables(at)[0]  # the overflow table (the lesson's table of types follows)
    naive_p = translate("softmax.col_naive_p", lang)
    stable_p = translate("softmax.col_stable_p", lang)
    assert rows[0][naive_p] == "nan"
    stable = [float(row[stable_p].replace("−", "-")) for row in rows]
    assert abs(sum(stable) - 1.0) < 3 * lp.unit_roundoff("float16")
    assert at.error and translate("softmax.overflow_broken", lang) in at.error[0].value
    text = page_text(at)
    assert translate("precision.softmax_caption", lang, dtype="float16", overflow="11.094") in text
    # the same link in float64: nothing breaks
    at = run_page("app_pages/softmax.py", offset="10", lang=lang)
    assert not at.error
    assert tables(at)[0][0][translate("softmax.col_naive_p", lang)] != "nan"


@pytest.mark.parametrize("variant", ["GLU", "SwiGLU", "Bilinear"])
def test_glu_gate_in_bfloat16(variant):
    at = run_page("app_pages/glu.py", dtype="bfloat16", variant=variant)
    assert not at.exception and not at.error
    text = page_text(at)
    if variant == "Bilinear":
        assert translate("precision.glu_identity", "zh", dtype="bfloat16") in text
        return
    gate = next(
        fig for fig in figures(at) if fig["layout"]["xaxis2"].get("title", {}).get("text") == "a"
    )
    assert gate["layout"]["yaxis2"]["title"]["text"] == "g′(a)"
    if variant == "GLU":  # σ's gate is exactly 1 from 6.25, where ∂y/∂a dies with it
        assert "a ≥ 6.25" in text


def test_glu_at_float64_shows_no_gate_section():
    at = run_page("app_pages/glu.py")
    assert at.selectbox(key="dtype").value == "float64"
    assert translate("precision.glu_caption", "zh", dtype="float64") not in page_text(at)
