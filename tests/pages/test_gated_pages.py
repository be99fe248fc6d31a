"""The GLU and SwiGLU pages under AppTest: every control, from the URL and by interaction,
bad links falling back, and the numbers on screen equal to the core's."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from activations import gating_demo as demo
from activations.gated import GATED
from harness.appdriver import cards, display_formulas, figures, run_page, tables
from ui.swiglu_page import FFN_CODE_KEY
from views import gated_figures
from views import gated_values as gv
from views.content import PITFALLS_CLASS, code_snippet
from views.strings import translate

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


def words(at) -> str:
    """Every caption and Markdown text on the page: a section's captions, tables and notes are
    one Markdown element (``ui.gated_page``)."""
    return " ".join(element.value for element in [*at.caption, *at.markdown])


def widths(at) -> list[str]:
    """The calculator's cards: the 2/3 rule's ⌊⅔·4d⌋, then the SwiGLU width."""
    return [card.value for card in cards(at)]


def expected_run(variant="glu", seed=0, preset="random", beta=1.0):
    params = {"beta": beta} if GATED[variant].params else {}
    return demo.toy_run(variant, demo.toy_tokens(seed, preset), seed=seed, **params)


def elements(at) -> int:
    """The blocks and elements of the page's main area: each is a message per session and run."""

    def inside(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from inside(child)

    return sum(1 for _ in inside(at.main))


# A section's heading, captions, tables and notes are one Markdown element (issue 20; before:
# GLU 37, SwiGLU 54, in lecture mode 55 and 73).
@pytest.mark.parametrize(
    ("page", "query", "most"),
    [(GLU, {}, 26), (SWIGLU, {}, 33), (GLU, {"lecture": "1"}, 48), (SWIGLU, {"lecture": "1"}, 54)],
)
def test_gated_pages_send_few_elements_per_run(page, query, most):
    at = run_page(page, **query)
    assert not at.exception
    assert len(figures(at)) >= 3  # the page is all there
    assert elements(at) <= most


# The figures' JSON, sent on every run (before: GLU 118 KB, SwiGLU 56 KB): frames carry only
# what changes, even grids travel as x0/dx, the template only what Plotly reads.
@pytest.mark.parametrize(("page", "most_kb"), [(GLU, 80), (SWIGLU, 26)])
def test_gated_figures_travel_light(page, most_kb):
    at = run_page(page)
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert sum(len(spec) for spec in specs) <= most_kb * 1024
    for fig in figures(at):
        assert set(fig["layout"]["template"].get("data", {})) <= {"bar", "contour", "scatter"}
        assert "scene" not in fig["layout"]["template"]["layout"]
    for frame in figures(at)[0].get("frames", ()):
        assert {key for trace in frame["data"] for key in trace} <= {"type", "x", "y", "text"}


# --- GLU -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glu_page_runs_with_animation_compare_and_surfaces(lang):
    at = run_page(GLU, lang=lang)
    assert not at.exception
    assert at.title[0].value == translate("nav.glu", lang)
    animation, compare, surfaces = figures(at)
    assert len(animation["frames"]) == demo.N_TOKENS
    # The saved image's title names the animation and its gate once (not "GLU（GLU）").
    title = json.dumps(animation["layout"], ensure_ascii=False)
    assert translate("glu.animation_figure", lang) in title
    assert translate("nav.glu", lang) not in title
    assert len(animation["layout"]["updatemenus"][0]["buttons"]) == 2
    assert animation["layout"]["updatemenus"][0]["buttons"][0]["label"].endswith(
        translate("glu.anim.play", lang)
    )
    assert len(animation["layout"]["sliders"][0]["steps"]) == demo.N_TOKENS
    assert sum(trace["type"] == "bar" for trace in compare["data"]) == len(gv.COMPARED)
    assert sum(trace["type"] == "contour" for trace in surfaces["data"]) == 3
    bodies = " ".join(display_formulas(at))
    assert r"\sigma\left(a\right)" in bodies  # SymPy's ∂y/∂b for GLU
    assert r"\otimes" in bodies  # Dauphin's and nn.GLU's conventions
    assert any(PITFALLS_CLASS in m.value for m in at.markdown), "the misconceptions box"


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
    assert r"\sigma\left(2 a\right)" in " ".join(display_formulas(at))


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


D_FF = 1  # widths(at)[0] is the 2/3 rule's ⌊⅔·4d⌋, widths(at)[1] the SwiGLU width


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_swiglu_page_runs_with_llama_default(lang):
    at = run_page(SWIGLU, lang=lang)
    assert not at.exception
    assert at.title[0].value == translate("nav.swiglu", lang)
    assert widths(at) == ["10922", "11008"]
    text = table_text(at)
    assert "16384" in text and "11008" in text
    assert "LLaMA 7B" in text and "BERT-base" in text and "2.69" in text
    assert len(figures(at)) == 4
    captions = words(at)
    assert "⌊⅔·4·4096⌋ = 10922 → " in captions and "256" in captions
    assert not at.info  # no preset chosen, no preset note


def test_swiglu_bert_width_matches_parameters_and_flops():
    at = run_page(SWIGLU, d_model="768", multiple_of="1")
    assert not at.exception
    assert widths(at)[D_FF] == "2048"
    text = table_text(at)
    assert "3072" in text and text.count("4,718,592") == 2 and text.count("9,437,184") == 2
    diagram = figures(at)[0]
    labels = " ".join(annotation.get("text", "") for annotation in diagram["layout"]["annotations"])
    assert "768×3072" in labels and "768×2048" in labels


def test_swiglu_controls_by_interaction():
    at = run_page(SWIGLU)
    at.number_input(key="d_model").set_value(5120).run()
    assert widths(at)[D_FF] == "13824"
    at.number_input(key="multiple_of").set_value(1).run()
    assert widths(at)[D_FF] == str(gv.ffn_budget(5120).d_ff_gated)
    at.number_input(key="ffn_dim_multiplier").set_value(1.3).run()
    assert widths(at)[D_FF] == str(int(1.3 * (2 * 4 * 5120 // 3)))
    at.slider(key="beta").set_value(5.0).run()
    assert not at.exception
    gate = figures(at)[2]
    assert "β = 5" in gate["data"][0]["name"]


PRESET_WIDTHS = [
    ("BERT-base", "2048", "3072"),  # no gate: its own width is the standard column
    ("LLaMA 7B", "11008", "11008"),
    ("Llama 2 70B", "28672", "28672"),
    ("Llama 3 8B", "14336", "14336"),
    ("Llama 3 70B", "28672", "28672"),
    ("Mistral 7B", "14336", "14336"),
    ("PaLM 540B", "73728", "73728"),
]


@pytest.mark.parametrize(("model", "d_ff", "real"), PRESET_WIDTHS)
def test_swiglu_model_presets_give_the_real_width(model, d_ff, real):
    at = run_page(SWIGLU, d_model="1000")
    at.pills(key="model_preset").set_value(model).run()
    assert not at.exception
    assert widths(at)[D_FF] == d_ff
    preset = gv.calculator_presets()[model]
    assert at.number_input(key="d_model").value == preset.d_model
    assert at.number_input(key="multiple_of").value == preset.multiple_of
    assert at.number_input(key="ffn_dim_multiplier").value == (preset.ffn_dim_multiplier or 1.0)
    assert at.pills(key="model_preset").value is None  # a button, not a state
    (note,) = at.info
    assert model in note.value and real in note.value
    assert str(preset.d_model * 8 // 3) in note.value  # the 2/3 rule's value beside it


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_swiglu_llama3_preset_shows_the_rule_that_produced_it(lang):
    at = run_page(SWIGLU, lang=lang)
    at.pills(key="model_preset").set_value("Llama 3 8B").run()
    assert not at.exception
    assert widths(at) == ["10922", "14336"]
    note = at.info[0].value
    assert translate("swiglu.preset_llama", lang).split("{")[0] in note
    assert "1024" in note and "1.3" in note and "10922" in note and "14336" in note
    steps = translate("swiglu.step_multiplier", lang, multiplier="1.3", value=14198)
    assert steps in words(at)
    text = table_text(at)
    assert "176,160,768" in text  # 3 · 4096 · 14336
    at.number_input(key="d_model").set_value(5120).run()
    assert not at.info  # the inputs no longer hold Llama 3 8B's sizes


@pytest.mark.parametrize(
    ("model", "rule"),
    [
        ("Mistral 7B", "preset_config"),
        ("PaLM 540B", "preset_four_d"),
        ("GPT-2 small", "preset_plain"),
    ],
)
def test_swiglu_preset_note_names_where_the_width_comes_from(model, rule):
    for lang in ("zh", "en"):
        at = run_page(SWIGLU, lang=lang)
        at.pills(key="model_preset").set_value(model).run()
        template = translate(f"swiglu.{rule}", lang)
        longest_literal = max(re.split(r"\{[^}]*\}", template), key=len)
        assert longest_literal in at.info[0].value
        others = {"preset_config", "preset_four_d", "preset_plain", "preset_llama"} - {rule}
        assert all(longest_literal not in translate(f"swiglu.{o}", lang) for o in others)


def test_swiglu_multiplier_deep_link():
    at = run_page(SWIGLU, d_model="8192", multiple_of="4096", ffn_dim_multiplier="1.3")
    assert not at.exception
    assert widths(at)[D_FF] == "28672"  # Llama 2 70B
    assert at.markdown[-1].value  # page renders to the end
    check = words(at)
    assert "FeedForward(dim=8192, hidden_dim=28672)" in check and "✓" in check
    assert gv.grouped(3 * 8192 * 28672) in check


@pytest.mark.parametrize(
    "query",
    [
        {"d_model": "abc"},
        {"d_model": "0"},
        {"d_model": "10**9"},
        {"multiple_of": "-3"},
        {"ffn_dim_multiplier": "abc"},
        {"ffn_dim_multiplier": "0"},
        {"ffn_dim_multiplier": "99"},
        {"ffn_dim_multiplier": "-1.3"},
        {"ffn_dim_multiplier": "nan"},
        {"ffn_dim_multiplier": "inf"},
    ],
)
def test_swiglu_bad_links_fall_back(query):
    at = run_page(SWIGLU, **query)
    assert not at.exception
    assert widths(at)[D_FF] == "11008"


def test_swiglu_model_table_names_each_width_rule():
    at = run_page(SWIGLU, lang="en")
    (rows,) = [rows for rows in tables(at) if rows and "where d_ff comes from" in rows[0]]
    rules = {row["model"]: row["where d_ff comes from"] for row in rows}
    assert rules["Llama 3 8B"] == translate("swiglu.width_rule.llama", "en")
    assert rules["Mistral 7B"] == translate("swiglu.width_rule.config", "en")
    assert rules["PaLM 540B"] == rules["BERT-base"] == "4·d_model"


# --- the runnable FFN ------------------------------------------------------------------------


def _ffn_tables(at, lang):
    """The runnable section's three tables: shapes, one token's in/out, its hidden units."""
    found = tables(at)
    head = translate("swiglu.ffn.tensor", lang)
    start = next(i for i, rows in enumerate(found) if rows and head in rows[0])
    return found[start : start + 3]


def _expected(seed):
    from ui.swiglu_page import toy_feedforward

    ffn, tokens = toy_feedforward(seed)
    return ffn, ffn.trace(tokens)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_swiglu_runnable_ffn_shows_the_numpy_forward_pass(lang):
    at = run_page(SWIGLU, lang=lang)
    assert not at.exception
    ffn, run = _expected(0)
    assert (ffn.dim, ffn.hidden_dim) == (demo.D_MODEL, 10)
    shapes, vectors, units = _ffn_tables(at, lang)
    shape_column = translate("swiglu.ffn.shape", lang)
    assert [row[shape_column] for row in shapes] == [
        "(8, 4)",
        "(8, 10)",
        "(8, 10)",
        "(8, 10)",
        "(8, 10)",
        "(8, 4)",
    ]
    assert [row[translate("swiglu.ffn.code", lang)] for row in shapes][2] == "F.silu(w1(x))"
    np.testing.assert_allclose(
        [float(vectors[1][str(j + 1)]) for j in range(4)], run.output[0], atol=5e-4
    )
    np.testing.assert_allclose(
        [float(vectors[0][str(j + 1)]) for j in range(4)], demo.toy_tokens(0)[0], atol=5e-4
    )
    assert len(units) == 10
    for column, values in [
        ("w1(x)", run.gate_pre[0]),
        ("F.silu(w1(x))", run.gate[0]),
        ("w3(x)", run.up[0]),
        ("F.silu(w1(x)) * w3(x)", run.product[0]),
    ]:
        np.testing.assert_allclose([float(row[column]) for row in units], values, atol=5e-4)
    captions = words(at)
    assert "120" in captions and "✓" in captions  # 3 · 4 · 10 = the calculator's count
    assert not at.code  # folded: no code, no syntax highlighter on a first visit
    at.session_state[FFN_CODE_KEY] = True  # the reader opens the panel
    at.run()
    (code,) = at.code
    assert code.value == code_snippet("feedforward_torch").rstrip("\n")
    assert code.language == "python"


def test_swiglu_runnable_ffn_controls_by_interaction_and_link():
    at = run_page(SWIGLU, lang="en")
    at.slider(key="token").set_value(5).run()
    at.number_input(key="seed").set_value(7).run()
    assert not at.exception
    _, run = _expected(7)
    _, vectors, units = _ffn_tables(at, "en")
    np.testing.assert_allclose(
        [float(vectors[1][str(j + 1)]) for j in range(4)], run.output[4], atol=5e-4
    )
    np.testing.assert_allclose([float(row["w3(x)"]) for row in units], run.up[4], atol=5e-4)
    linked = run_page(SWIGLU, lang="en", seed="7", token="5")
    assert _ffn_tables(linked, "en") == _ffn_tables(at, "en")


@pytest.mark.parametrize(
    "query", [{"seed": "abc"}, {"seed": "-1"}, {"token": "0"}, {"token": "99"}, {"token": "x"}]
)
def test_swiglu_runnable_ffn_bad_links_fall_back(query):
    at = run_page(SWIGLU, lang="en", **query)
    assert not at.exception
    assert at.number_input(key="seed").value == 0 and at.slider(key="token").value == 1


def test_swiglu_table1_and_quote():
    at = run_page(SWIGLU, lang="en")
    text = table_text(at)
    assert "1.633" in text and "1.636" in text
    prose = " ".join(element.value for element in at.markdown)
    assert "divine benevolence" in prose
    table1 = figures(at)[3]
    assert [round(v, 3) for v in decode(table1["data"][2]["x"])] == gv.table1()[2]
