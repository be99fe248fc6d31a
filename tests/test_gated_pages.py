"""The GLU and SwiGLU pages under AppTest: every control, from the URL and by interaction,
bad links falling back, and the numbers on screen equal to the core's."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from activations import gating_demo as demo
from activations.gated import GATED
from tests.appdriver import figures, run_page, tables
from ui import gated_figures
from ui import gated_values as gv
from ui.i18n import translate

GLU, SWIGLU = "app_pages/glu.py", "app_pages/swiglu.py"
OUTPUT = gated_figures.ANIMATION_TRACES.index("output")
GATE = gated_figures.ANIMATION_TRACES.index("gate")


def decode(value) -> np.ndarray:
    """A Plotly JSON array: a plain list or a typed array ``{"dtype", "bdata"}``."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float)
    return np.asarray(value, dtype=float)


def frame_outputs(spec: dict) -> list[np.ndarray]:
    """Each frame's output bars (y = g(a)·b) of the animation figure."""
    return [decode(frame["data"][frame["traces"].index(OUTPUT)]["y"]) for frame in spec["frames"]]


def frame_gates(spec: dict) -> list[np.ndarray]:
    return [decode(frame["data"][frame["traces"].index(GATE)]["y"]) for frame in spec["frames"]]


def table_text(at) -> str:
    return " ".join(
        " ".join(f"{k} {v}" for k, v in row.items()) for rows in tables(at) for row in rows
    )


def expected_run(variant="glu", seed=0, preset="random", beta=1.0):
    params = {"beta": beta} if GATED[variant].params else {}
    return demo.toy_run(variant, demo.toy_tokens(seed, preset), seed=seed, **params)


# --- GLU -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glu_page_runs_with_animation_compare_and_surfaces(lang):
    at = run_page(GLU, lang=lang)
    assert not at.exception
    assert at.title[0].value == translate("nav.glu", lang)
    animation, compare, surfaces = figures(at)
    assert len(animation["frames"]) == demo.N_TOKENS
    assert len(animation["layout"]["updatemenus"][0]["buttons"]) == 2
    assert animation["layout"]["updatemenus"][0]["buttons"][0]["label"].endswith(
        translate("glu.anim.play", lang)
    )
    assert len(animation["layout"]["sliders"][0]["steps"]) == demo.N_TOKENS
    assert sum(trace["type"] == "bar" for trace in compare["data"]) == len(gv.COMPARED)
    assert sum(trace["type"] == "contour" for trace in surfaces["data"]) == 3
    bodies = " ".join(element.value for element in at.latex)
    assert r"\sigma\left(a\right)" in bodies  # SymPy's ∂y/∂b for GLU
    assert r"\otimes" in bodies  # Dauphin's and nn.GLU's conventions
    assert at.warning, "the misconceptions box"


@pytest.mark.parametrize("variant", list(GATED))
def test_glu_variant_from_the_url_animates_the_core_output(variant):
    at = run_page(GLU, variant=GATED[variant].name_en)
    assert not at.exception
    assert at.selectbox(key="variant").value == variant
    run = expected_run(variant)
    for shown, expected in zip(frame_outputs(figures(at)[0]), run.output, strict=True):
        np.testing.assert_allclose(shown, expected, rtol=1e-12)


def test_glu_every_control_by_interaction():
    at = run_page(GLU)
    at.selectbox(key="variant").select("swiglu").run()
    at.number_input(key="seed").set_value(42).run()
    at.selectbox(key="preset").select("closed").run()
    at.slider(key="speed").set_value(2.0).run()
    at.slider(key="beta").set_value(2.0).run()
    at.slider(key="token").set_value(3).run()
    assert not at.exception
    animation, compare, _ = figures(at)
    run = expected_run("swiglu", 42, "closed", 2.0)
    for shown, expected in zip(frame_outputs(animation), run.output, strict=True):
        np.testing.assert_allclose(shown, expected, rtol=1e-12)
    play = animation["layout"]["updatemenus"][0]["buttons"][0]
    assert play["args"][1]["frame"]["duration"] == 600
    swish_bars = next(
        trace for trace in compare["data"] if trace["type"] == "bar" and "SwiGLU" in trace["name"]
    )
    np.testing.assert_allclose(
        decode(swish_bars["y"]), GATED["swiglu"].gate(run.pre_gate[2], beta=2.0), rtol=1e-12
    )
    assert r"\sigma\left(2 a\right)" in " ".join(element.value for element in at.latex)


@pytest.mark.parametrize("preset", ["closed", "one_open"])
def test_glu_presets_from_the_url(preset):
    at = run_page(GLU, preset=translate(f"glu.preset_{preset}", "zh"))
    assert not at.exception
    gates = np.array(frame_gates(figures(at)[0]))
    if preset == "closed":
        assert gates.max() < 0.08
    else:
        assert ((gates > 0.9).sum(axis=1) == 1).all()


def test_glu_seed_from_the_url_changes_the_tokens():
    at = run_page(GLU, seed="42")
    first_token = decode(figures(at)[0]["data"][0]["y"])
    np.testing.assert_allclose(first_token, demo.toy_tokens(42)[0])


def test_glu_custom_tokens_from_the_url():
    text = "4, 0, 0, 0\n-4, 0, 0, 0\n0, 3, 0, 0"
    at = run_page(GLU, preset=translate("glu.preset_custom", "zh"), x=text)
    assert not at.exception
    assert not at.warning[:-1] or all("±20" not in w.value for w in at.warning)
    animation = figures(at)[0]
    assert len(animation["frames"]) == 3
    run = demo.toy_run("glu", demo.parse_tokens(text), seed=0)
    for shown, expected in zip(frame_outputs(animation), run.output, strict=True):
        np.testing.assert_allclose(shown, expected, rtol=1e-12)
    assert at.slider(key="token").max == 3


def test_glu_custom_tokens_typed_in():
    at = run_page(GLU, preset=translate("glu.preset_custom", "zh"))
    at.text_area(key="x").input("1 2 3 4\n0 0 0 0").run()
    assert not at.exception
    assert len(figures(at)[0]["frames"]) == 2


def test_glu_malformed_custom_tokens_warn_and_fall_back():
    at = run_page(GLU, preset=translate("glu.preset_custom", "zh"), x="1, 2, three")
    assert not at.exception
    assert any(translate("glu.tokens_invalid", "zh", d=4) == w.value for w in at.warning)
    assert len(figures(at)[0]["frames"]) == demo.N_TOKENS


@pytest.mark.parametrize(
    "query",
    [
        {"variant": "nope"},
        {"variant": "swiglu"},  # the URL carries the label, "SwiGLU"
        {"seed": "-5"},
        {"seed": "abc"},
        {"preset": "xyz"},
        {"speed": "99"},
        {"beta": "-1"},
        {"token": "99"},
        {"x": "<script>alert(1)</script>"},
    ],
)
def test_glu_bad_links_fall_back_to_defaults(query):
    at = run_page(GLU, **query)
    assert not at.exception
    assert at.selectbox(key="variant").value in GATED
    assert len(figures(at)[0]["frames"]) == demo.N_TOKENS


def test_glu_lecture_mode_folds_prose():
    at = run_page(GLU, lecture="1")
    assert not at.exception
    assert len(at.expander) >= 9


# --- SwiGLU ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_swiglu_page_runs_with_llama_default(lang):
    at = run_page(SWIGLU, lang=lang)
    assert not at.exception
    assert at.title[0].value == translate("nav.swiglu", lang)
    assert at.metric[0].value == "11008"
    text = table_text(at)
    assert "16384" in text and "11008" in text
    assert "LLaMA 7B" in text and "BERT-base" in text and "2.69" in text
    assert len(figures(at)) == 4


def test_swiglu_bert_width_matches_parameters_and_flops():
    at = run_page(SWIGLU, d_model="768", multiple_of="1")
    assert not at.exception
    assert at.metric[0].value == "2048"
    text = table_text(at)
    assert "3072" in text and text.count("4,718,592") == 2 and text.count("9,437,184") == 2
    diagram = figures(at)[0]
    labels = " ".join(annotation.get("text", "") for annotation in diagram["layout"]["annotations"])
    assert "768×3072" in labels and "768×2048" in labels


def test_swiglu_controls_by_interaction():
    at = run_page(SWIGLU)
    at.number_input(key="d_model").set_value(5120).run()
    assert at.metric[0].value == "13824"
    at.number_input(key="multiple_of").set_value(1).run()
    assert at.metric[0].value == str(gv.ffn_budget(5120).d_ff_gated)
    at.slider(key="beta").set_value(5.0).run()
    assert not at.exception
    gate = figures(at)[2]
    assert "β = 5" in gate["data"][0]["name"]


@pytest.mark.parametrize(("model", "d_ff"), [("BERT-base", "2048"), ("LLaMA 7B", "11008")])
def test_swiglu_model_presets_fill_in_the_sizes(model, d_ff):
    at = run_page(SWIGLU, d_model="1000")
    at.pills(key="model_preset").set_value(model).run()
    assert not at.exception
    assert at.metric[0].value == d_ff
    assert at.number_input(key="d_model").value == gv.model_presets()[model][0]
    assert at.pills(key="model_preset").value is None  # a button, not a state


@pytest.mark.parametrize(
    "query", [{"d_model": "abc"}, {"d_model": "0"}, {"d_model": "10**9"}, {"multiple_of": "-3"}]
)
def test_swiglu_bad_links_fall_back(query):
    at = run_page(SWIGLU, **query)
    assert not at.exception
    assert at.metric[0].value == "11008"


def test_swiglu_table1_and_quote():
    at = run_page(SWIGLU, lang="en")
    text = table_text(at)
    assert "1.633" in text and "1.636" in text
    prose = " ".join(element.value for element in at.markdown)
    assert "divine benevolence" in prose
    table1 = figures(at)[3]
    assert [round(v, 3) for v in decode(table1["data"][2]["x"])] == gv.table1()[2]
