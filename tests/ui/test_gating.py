"""The gated pages' pure layer: the toy model, the three GLU conventions, SymPy's partials, the
FFNs and their budgets, the data file, the prose numbers, and the figure builders.

The animation is checked against the core: every frame's output bars must equal the gate
times the value that ``activations.gated.GATED`` computes for that token.
"""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from activations import REGISTRY, X, gated
from activations import gating_demo as demo
from activations.feedforward import FeedForward
from activations.gated import GATED, glu_dauphin, glu_shazeer, glu_torch
from activations.symbolic import A, B, gated_partials, gated_partials_latex, named_gate, plain
from tests.support.profiles import examples
from views import gated_figures as figures
from views import gated_values as gv
from views.content import placeholders, raw
from views.strings import CONTENT_DIR, LANGUAGES

VARIANTS = list(GATED)
SEEDS = st.integers(min_value=0, max_value=9999)
ANIMATION_WORDS = "input curve gate value_output feature unit token value output play pause a g"
ANIMATION_LABELS = {key: key for key in ANIMATION_WORDS.split(" ")}
OUTPUT = figures.ANIMATION_TRACES.index("output")


def params_for(variant: str) -> dict[str, float]:
    return {"beta": 1.0} if GATED[variant].params else {}


# --- the toy model ---------------------------------------------------------------------------


def test_toy_sizes_stay_small_enough_to_read_every_number():
    assert 6 <= demo.N_TOKENS <= 8
    assert (demo.D_MODEL, demo.D_FF) == (4, 6)
    for preset in demo.PRESETS:
        assert demo.toy_tokens(0, preset).shape == (demo.N_TOKENS, demo.D_MODEL)


def test_unknown_preset_raises():
    with pytest.raises(ValueError, match="unknown preset"):
        demo.toy_tokens(0, "half_open")


@given(SEEDS)
def test_same_seed_same_numbers_other_seed_other_numbers(seed):
    first, again = demo.toy_tokens(seed), demo.toy_tokens(seed)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(demo.toy_weights(seed)[1], demo.toy_weights(seed)[1])
    assert not np.array_equal(first, demo.toy_tokens(seed + 1))


@settings(max_examples=examples(60))
@given(SEEDS)
def test_all_gates_closed_holds_for_every_seed(seed):
    run = demo.toy_run("glu", demo.toy_tokens(seed, "closed"), seed=seed)
    assert (run.pre_gate <= -2.5).all()
    assert (run.gate < 0.08).all() and (run.gate > 0).all()  # shut, yet never exactly 0
    # the values still change from token to token: the gate, not the value, blocks them
    # (every unit's value moves; some unit's by more than 1; over all 10,000 seeds the smallest
    # unit's range is 0.037 (seed 5705) and the largest unit's at least 1.05)
    spread = np.ptp(run.value, axis=0)
    assert spread.min() > 0 and spread.max() > 1.0
    assert np.abs(run.output).max() < 0.08 * np.abs(run.value).max()


@settings(max_examples=examples(60))
@given(SEEDS)
def test_one_unit_open_holds_for_every_seed(seed):
    run = demo.toy_run("glu", demo.toy_tokens(seed, "one_open"), seed=seed)
    for t, pre_gate in enumerate(run.pre_gate):
        open_unit = t % demo.D_FF
        assert int(np.argmax(pre_gate)) == open_unit
        assert pre_gate[open_unit] >= 3.0
        assert (np.delete(pre_gate, open_unit) <= -4.0).all()


@pytest.mark.parametrize("variant", VARIANTS)
def test_toy_run_matches_explicit_loops(variant):
    seed = 7
    tokens = demo.toy_tokens(seed)
    gate_weights, value_weights = demo.toy_weights(seed)
    run = demo.toy_run(variant, tokens, seed=seed, **params_for(variant))
    gate_fn = GATED[variant].gate
    for t, x in enumerate(tokens):
        for j in range(demo.D_FF):
            a = sum(x[i] * gate_weights[i, j] for i in range(demo.D_MODEL))
            b = sum(x[i] * value_weights[i, j] for i in range(demo.D_MODEL))
            g = float(gate_fn(np.float64(a), **params_for(variant)))
            assert run.pre_gate[t, j] == pytest.approx(a, abs=1e-12)
            assert run.value[t, j] == pytest.approx(b, abs=1e-12)
            assert run.gate[t, j] == pytest.approx(g, abs=1e-12)
            assert run.output[t, j] == pytest.approx(g * b, abs=1e-12)


def test_relu_gate_is_exactly_zero_where_sigma_is_merely_small():
    tokens = demo.toy_tokens(3, "closed")
    assert (demo.toy_run("reglu", tokens, seed=3).output == 0).all()
    assert (demo.toy_run("glu", tokens, seed=3).output != 0).all()


# --- editing the input -----------------------------------------------------------------------


@given(
    st.lists(
        st.lists(
            st.floats(-20, 20, allow_nan=False).map(lambda v: round(v, 3)),
            min_size=demo.D_MODEL,
            max_size=demo.D_MODEL,
        ),
        min_size=2,
        max_size=12,
    )
)
def test_format_then_parse_gives_the_tokens_back(rows):
    tokens = np.array(rows)
    np.testing.assert_array_equal(demo.parse_tokens(demo.format_tokens(tokens)), tokens)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1, 2, 3, 4",  # one token: nothing to animate
        "1, 2, 3\n4, 5, 6",  # three numbers per token
        "1, 2, 3, 4, 5\n1, 2, 3, 4",
        "1, 2, x, 4\n1, 2, 3, 4",
        "nan, 0, 0, 0\n0, 0, 0, 0",
        "inf, 0, 0, 0\n0, 0, 0, 0",
        "21, 0, 0, 0\n0, 0, 0, 0",
        "\n".join(["0, 0, 0, 0"] * 13),
        "<script>alert(1)</script>",
    ],
)
def test_malformed_input_is_rejected(text):
    assert demo.parse_tokens(text) is None


def test_full_width_commas_semicolons_and_blank_lines_are_accepted():
    parsed = demo.parse_tokens("1，2，3，4\n\n 0.5; -1 0 2 ")
    np.testing.assert_array_equal(parsed, [[1, 2, 3, 4], [0.5, -1, 0, 2]])


# --- conventions and the FFNs ----------------------------------------------------------------

MATRICES = st.integers(0, 2**32 - 1).map(np.random.default_rng)


@given(MATRICES)
def test_three_conventions_differ_only_in_which_half_gates(rng):
    x = rng.normal(size=(3, 5))
    W, V = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    shazeer = glu_shazeer(x, W, V)
    np.testing.assert_allclose(glu_dauphin(x, V, W), shazeer, rtol=1e-12)
    np.testing.assert_allclose(glu_torch(np.concatenate([x @ V, x @ W], -1)), shazeer)
    W2 = rng.normal(size=(4, 5))  # back to the model width, as a FFN's output is
    ffn = FeedForward.shazeer(W, V, W2, "glu")(x)
    np.testing.assert_allclose(shazeer @ W2, ffn, rtol=1e-12, atol=1e-12)


def test_conventions_table_agrees_on_the_toy_token():
    columns = gv.conventions_table(0, "unit")
    assert len(columns) == demo.D_FF
    assert all(len(set(column)) == 1 for column in columns.values())


@given(MATRICES, st.sampled_from(VARIANTS))
def test_gated_ffn_matches_explicit_loops(rng, variant):
    d_model, d_ff = 3, 4
    x = rng.normal(size=(2, d_model))
    W, V = rng.normal(size=(d_model, d_ff)), rng.normal(size=(d_model, d_ff))
    W2 = rng.normal(size=(d_ff, d_model))
    gate = GATED[variant].gate
    expected = np.zeros((2, d_model))
    for n in range(2):
        for k in range(d_model):
            for j in range(d_ff):
                a = sum(x[n, i] * W[i, j] for i in range(d_model))
                b = sum(x[n, i] * V[i, j] for i in range(d_model))
                expected[n, k] += float(gate(np.float64(a), **params_for(variant))) * b * W2[j, k]
    result = FeedForward.shazeer(W, V, W2, variant, **params_for(variant))(x)
    np.testing.assert_allclose(result, expected, rtol=1e-10, atol=1e-12)


# --- the calculator --------------------------------------------------------------------------


def test_issue_numbers():
    bert = gv.ffn_budget(768)
    assert (bert.d_ff_standard, bert.d_ff_gated) == (3072, 2048)
    assert bert.params_standard == bert.params_gated == 4_718_592
    assert bert.flops_standard == bert.flops_gated
    assert gv.ffn_budget(4096, 256).d_ff_gated == 11008


@given(st.integers(1, 20_000), st.sampled_from([1, 8, 64, 256, 1024]))
def test_matched_budget_is_within_rounding_of_the_standard(d_model, multiple_of):
    budget = gv.ffn_budget(d_model, multiple_of)
    assert budget.d_ff_gated % multiple_of == 0
    # ⌊8d/3⌋ rounded up to a multiple: at most (multiple_of) extra columns of three matrices
    slack = 3 * d_model * (multiple_of + 1)
    assert abs(budget.params_gated - budget.params_standard) <= slack
    assert budget.flops_gated == 2 * budget.params_gated


def test_budget_parts_add_up():
    budget = gv.ffn_budget(768)
    parts = gv.budget_parts(budget, ("standard", "gated"))
    assert list(parts["gated"]) == ["W", "V", "W₂"]
    assert sum(parts["standard"].values()) == budget.params_standard
    assert sum(parts["gated"].values()) == budget.params_gated


# --- SymPy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_sympy_partials_equal_the_core(variant):
    params = params_for(variant)
    y, dy_da, dy_db = gated_partials(variant, **params)
    a = np.array([-3.1, -0.7, 0.4, 2.2])
    b = np.array([1.5, -2.0, 0.3, 1.0])
    gated = GATED[variant]
    for expr, expected in (
        (y, gated.value(a, b, **params)),
        (dy_da, gated.grad_a(a, b, **params)),
        (dy_db, gated.grad_b(a, b, **params)),
    ):
        fn = sympy.lambdify((A, B), plain(expr), modules=["scipy", "numpy"])
        np.testing.assert_allclose(np.broadcast_to(fn(a, b), a.shape), expected, rtol=1e-12)


@pytest.mark.parametrize("variant", [v for v in VARIANTS if GATED[v].gate_key])
def test_named_gate_is_the_registry_expression(variant):
    gate_key = GATED[variant].gate_key
    beta = 1.5 if GATED[variant].params else None
    named = plain(named_gate(gate_key, beta))
    params = {} if beta is None else {"beta": beta}
    registry = REGISTRY[gate_key].expr(**params).subs(X, A)
    for point in (-2.5, -0.3, 0.8, 3.0):
        assert float(named.subs(A, point)) == pytest.approx(
            float(registry.subs(A, point)), rel=1e-12
        )


def test_partials_latex_reads_g_prime_times_b():
    tex = gv.partials_latex("glu")
    assert tex["dy_db"] == r"\frac{\partial y}{\partial b} = \sigma\left(a\right)"
    assert tex["dy_da"].endswith(r"\cdot b")
    assert r"\sigma\left(\beta a\right)" in gated_partials_latex("swiglu")["y"]
    assert gated_partials_latex("swiglu", 0.0)["y"] == r"\frac{a}{2} \cdot b"  # σ(0) = 1/2
    assert r"\frac{3 a}{2}" in gv.partials_latex("swiglu", 1.5)["y"]
    assert gv.partials_latex("glu", 1.5) == gv.partials_latex("glu")  # β only for SwiGLU
    assert gv.partials_latex("bilinear")["dy_da"].endswith("= b")


# --- the animation ---------------------------------------------------------------------------


def animation(
    variant: str = "glu", preset: str = "random", frame_ms: int = 1200, *, lecture: bool = False
):
    run = demo.toy_run(variant, demo.toy_tokens(5, preset), seed=5, **params_for(variant))
    fig = figures.gating_animation(
        **gv.animation_arrays(run), labels=ANIMATION_LABELS, frame_ms=frame_ms, lecture=lecture
    )
    return run, fig


def test_a_projector_gets_the_four_panels_two_by_two_and_the_buttons_beside_the_slider():
    """A phone reads one column of four panels; a projector's short screen shows two by two,
    the same traces and frames, at the height the page gives it (not a fixed one)."""
    _, column = animation()
    run, grid = animation(lecture=True)
    domains = {(axis.domain[0], axis.domain[1]) for axis in (grid.layout.xaxis, grid.layout.xaxis4)}
    assert grid.layout.xaxis.domain[1] < grid.layout.xaxis2.domain[0], "① and ② side by side"
    assert grid.layout.yaxis.domain == grid.layout.yaxis2.domain
    assert grid.layout.yaxis3.domain[1] < grid.layout.yaxis.domain[0], "③ and ④ below them"
    assert len(domains) == 2 and column.layout.xaxis.domain == column.layout.xaxis4.domain
    assert grid.layout.height is None and column.layout.height == 1000
    assert [trace.xaxis for trace in grid.data] == ["x", "x2", "x2", "x3", "x4", "x4"]
    for lectured, plain_frame in zip(grid.frames, column.frames, strict=True):
        for a, b in zip(lectured.data, plain_frame.data, strict=True):
            np.testing.assert_array_equal(a.y, b.y)
    (menu,), (slider,) = grid.layout.updatemenus, grid.layout.sliders
    assert menu.y == slider.y and slider.x > 0.3, "play and pause on the slider's row"
    # units by number on the half-width panels, as the dots on the gate curve are numbered
    d_ff = run.gate.shape[1]
    assert list(grid.layout.xaxis3.ticktext) == [str(j + 1) for j in range(d_ff)]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("preset", ["random", "closed", "one_open"])
def test_every_frame_shows_gate_times_value_from_the_core(variant, preset):
    run, fig = animation(variant, preset)
    assert len(fig.frames) == len(run.tokens)
    gated = GATED[variant]
    for t, frame in enumerate(fig.frames):
        assert frame.name == str(t + 1)
        shown = dict(zip(frame.traces, frame.data, strict=True))
        a, b = run.pre_gate[t], run.value[t]
        expected = gated.gate(a, **params_for(variant)) * b
        np.testing.assert_allclose(shown[OUTPUT].y, expected, rtol=1e-12)
        np.testing.assert_allclose(shown[OUTPUT].y, gated.value(a, b, **params_for(variant)))
        np.testing.assert_allclose(shown[figures.ANIMATION_TRACES.index("value")].y, b)
        np.testing.assert_allclose(shown[figures.ANIMATION_TRACES.index("gate")].y, run.gate[t])
        np.testing.assert_allclose(shown[0].y, run.tokens[t])


def test_first_frame_is_what_the_figure_shows_before_play():
    _, fig = animation()
    for index, trace in zip(fig.frames[0].traces, fig.frames[0].data, strict=True):
        np.testing.assert_array_equal(fig.data[index].y, trace.y)
    assert figures.ANIMATION_TRACES.index("gate_curve") not in fig.frames[0].traces


def test_play_pause_buttons_and_a_slider_drive_client_side_frames():
    _, fig = animation(frame_ms=600)
    (menu,) = fig.layout.updatemenus
    play, pause = menu.buttons
    assert "play" in play.label and "pause" in pause.label
    assert play.method == pause.method == "animate"
    assert play.args[0] is None and play.args[1]["frame"]["duration"] == 600
    assert play.args[1]["frame"]["redraw"] is False  # no server round trip, no full redraw
    assert list(pause.args[0]) == [None] and pause.args[1]["mode"] == "immediate"
    (slider,) = fig.layout.sliders
    assert [list(step.args[0]) for step in slider.steps] == [[f.name] for f in fig.frames]
    assert all(step.method == "animate" for step in slider.steps)


def test_no_trace_sets_a_uid():
    # Streamlit strips uids from the figure, not from its frames; a uid appearing on the first
    # frame makes Plotly keep a frozen copy of the trace on screen.
    _, fig = animation()
    spec = json.loads(fig.to_json())
    assert all("uid" not in trace for trace in spec["data"])
    assert all("uid" not in trace for frame in spec["frames"] for trace in frame["data"])


def test_axes_stay_put_while_the_frames_play():
    run, fig = animation()
    gate_axis = fig.layout.yaxis3.range
    assert gate_axis[0] < 0 and gate_axis[1] > 1
    assert (
        fig.layout.yaxis.range[0] <= run.tokens.min()
        and fig.layout.yaxis.range[1] >= run.tokens.max()
    )
    assert fig.layout.yaxis4.range[0] <= min(run.value.min(), run.output.min())


def test_gate_labels_never_round_to_zero_or_one():
    assert figures.gate_text(0.99999) == "0.99999"
    assert figures.gate_text(1e-9) == "≈0"
    assert figures.gate_text(0.0) == "0"


def test_payload_of_the_gated_figures_stays_small():
    _, fig = animation()
    gates, curve_a, curves = gv.compare_arrays(np.array([-3.0, -1.0, 0.0, 0.5, 2.0, 4.0]))
    compare = figures.compare_gates_figure(
        np.zeros(6),
        gates,
        curve_a,
        curves,
        labels=dict.fromkeys(["curves", "bars", "unit", "a", "g"], ""),
    )
    surface = figures.surfaces_figure(
        *gv.surfaces("glu"), labels=dict.fromkeys(["y", "dy_da", "dy_db", "slice", "a", "b"], "")
    )
    total = sum(len(f.to_json()) for f in (fig, compare, surface))
    assert total < 150_000


# --- compare gates and surfaces --------------------------------------------------------------


def test_compare_panel_shows_what_only_some_gates_do():
    pre_gate = np.array([-3.0, -1.0, 0.0, 0.5, 2.0, 4.0])
    gates, curve_a, curves = gv.compare_arrays(pre_gate)
    by_variant = dict(zip(gv.COMPARED, gates.values(), strict=True))
    sigma, swish, gelu, relu = (by_variant[k] for k in ("glu", "swiglu", "geglu", "reglu"))
    assert ((sigma > 0) & (sigma < 1)).all()
    assert swish.min() < 0 and swish.max() > 1
    assert gelu.min() < 0 and gelu.max() > 1
    assert (relu[pre_gate <= 0] == 0).all()
    np.testing.assert_array_equal(by_variant["bilinear"], pre_gate)
    fig = figures.compare_gates_figure(
        pre_gate,
        gates,
        curve_a,
        curves,
        labels=dict.fromkeys(["curves", "bars", "unit", "a", "g"], ""),
    )
    bars = [trace for trace in fig.data if trace.type == "bar"]
    relu_bar = bars[gv.COMPARED.index("reglu")]
    assert list(relu_bar.text[:3]) == ["0", "0", "0"] and relu_bar.text[3] == ""


@pytest.mark.parametrize("variant", VARIANTS)
def test_surfaces_come_from_the_core(variant):
    a, b, (y, dy_da, dy_db), line, slices = gv.surfaces(variant, 1.0)
    grid_a, grid_b = np.meshgrid(a, b)
    gated = GATED[variant]
    np.testing.assert_allclose(y, gated.value(grid_a, grid_b, **params_for(variant)))
    np.testing.assert_allclose(dy_da, gated.grad_a(grid_a, grid_b, **params_for(variant)))
    np.testing.assert_allclose(dy_db, gated.grad_b(grid_a, grid_b, **params_for(variant)))
    # the linear gradient path: ∂y/∂b depends on a alone
    np.testing.assert_allclose(dy_db, np.tile(dy_db[0], (len(b), 1)))
    np.testing.assert_allclose(next(iter(slices.values())), gated.gate(line, **params_for(variant)))


def test_glu_value_path_gradient_is_sigma_and_never_reaches_one():
    _, _, (_, dy_da, dy_db), _, _ = gv.surfaces("glu")
    assert dy_db.min() > 0 and dy_db.max() < 1
    assert np.abs(dy_da).max() <= 0.25 * gv.SURFACE_LIMIT + 1e-12


# --- data, tables and the other figures ------------------------------------------------------


def test_table1_is_shazeer_2020_as_in_facts():
    names, short_run, long_run, gated = gv.table1()
    assert names == ["ReLU", "GELU", "Swish", "GLU", "Bilinear", "ReGLU", "GEGLU", "SwiGLU"]
    assert short_run == [1.997, 1.983, 1.994, 1.982, 1.960, 1.953, 1.942, 1.944]
    assert long_run == [1.677, 1.679, 1.683, 1.663, 1.648, 1.645, 1.633, 1.636]
    assert gated == [False] * 3 + [True] * 5
    fig = figures.table1_figure(names, short_run, long_run, gated=gated)
    assert list(fig.data[0].x) == short_run and list(fig.data[2].x) == long_run


def test_model_table_follows_facts():
    activation = {row["model"]: row["ffn"] for row in gv.model_rows()}
    assert activation["BERT-base"] == "GELU"
    assert all(activation[m].startswith("GELU") for m in ("GPT-2 small", "GPT-3 175B"))
    assert {activation[m] for m in ("T5 v1.1 base", "Flan-T5 base")} == {"GEGLU"}
    swiglu = (
        "PaLM 540B",
        "LLaMA 7B",
        "Llama 2 7B",
        "Llama 2 70B",
        "Llama 3 8B",
        "Llama 3 70B",
        "Mistral 7B",
    )
    assert {activation[m] for m in swiglu} == {"SwiGLU"}


def test_every_preset_gives_the_models_real_width():
    """A preset shows the model's own d_ff, not the 2/3 rule's value."""
    presets = gv.calculator_presets()
    assert list(presets) == [m["name"] for m in gated.ffn_data()["models"]]
    for preset in presets.values():
        assert preset.calculator_width() == preset.d_ff, preset.name
        assert preset.width_rule in gv.WIDTH_RULES
    real = {name: preset.d_ff for name, preset in presets.items()}
    assert real["Llama 3 8B"] == real["Mistral 7B"] == 14336
    assert real["PaLM 540B"] == 4 * 18432 == 73728
    assert real["LLaMA 7B"] == 11008 and real["Llama 2 70B"] == real["Llama 3 70B"] == 28672
    # ... where the 2/3 rule alone would give 11264, 10922 and 49152
    assert gv.ffn_budget(4096, 1024).d_ff_gated == 11264
    assert gv.ffn_budget(4096).d_ff_gated == 10922
    assert gv.ffn_budget(18432).d_ff_gated == 49152


def test_llama_presets_carry_their_own_configuration():
    presets = gv.calculator_presets()
    llama = {name for name, preset in presets.items() if preset.width_rule == "llama"}
    assert llama == {
        "LLaMA 7B",
        "Llama 2 7B",
        "Llama 2 70B",
        "Llama 3 8B",
        "Llama 3 70B",
    }
    settings = {name: presets[name].inputs for name in llama}
    assert settings["LLaMA 7B"] == settings["Llama 2 7B"] == (4096, 256, 1.0)
    assert settings["Llama 2 70B"] == (8192, 4096, 1.3)
    assert settings["Llama 3 8B"] == (4096, 1024, 1.3)
    assert settings["Llama 3 70B"] == (8192, 4096, 1.3)
    assert presets["Mistral 7B"].width_rule == "config"  # hidden_dim given in params.json
    assert presets["PaLM 540B"].width_rule == "four_d"
    ungated = [preset for preset in presets.values() if not preset.gated]
    assert {preset.width_rule for preset in ungated} == {"four_d"}
    assert all(preset.multiple_of == 1 for preset in ungated)


def test_the_width_rule_shows_in_the_model_table():
    rules = {row["model"]: row["rule"] for row in gv.model_rows()}
    assert rules["Llama 3 8B"] == "llama" and rules["Mistral 7B"] == "config"
    assert rules["BERT-base"] == rules["PaLM 540B"] == "four_d"


def test_presets_reproduce_the_published_hidden_sizes_where_llama_rounds():
    models = {m["name"]: m for m in gated.ffn_data()["models"]}
    for name in ("LLaMA 7B", "Llama 2 7B", "T5 v1.1 base", "Flan-T5 base"):
        d_model, multiple_of = gv.model_presets()[name]
        assert gv.ffn_budget(d_model, multiple_of).d_ff_gated == models[name]["d_ff"]
    for name in ("BERT-base", "GPT-2 small", "GPT-3 175B"):
        assert gv.ffn_budget(models[name]["d_model"]).d_ff_standard == models[name]["d_ff"]


def test_every_ffn_key_in_the_data_file_is_known():
    data = tomllib.loads(gated.DATA_FILE.read_text(encoding="utf-8"))
    keys = [m["ffn"] for m in data["models"]] + [r["ffn"] for r in data["table1"]["rows"]]
    assert all(key in GATED or key in REGISTRY for key in keys)


def test_ffn_figures_build():
    budget = gv.ffn_budget(4096, 256)
    diagram = figures.ffn_diagram(4096, 16384, 11008, labels={"standard": "s", "gated": "g"})
    texts = " ".join(a.text for a in diagram.layout.annotations)
    assert "4096×11008" in texts and "4096×16384" in texts and "V" in texts
    bars = figures.ffn_budget_figure(gv.budget_parts(budget, ("s", "g")), labels={"params": "p"})
    assert sum(t.x[0] for t in bars.data if t.y[0] == "g") == budget.params_gated
    curves = figures.gate_curves_figure(
        *gv.gate_curve("swiglu", -5, 5, 2.0)[:1],
        {"s": gv.gate_curve("swiglu", -5, 5, 2.0)[1]},
        labels={"a": "a", "g": "g"},
    )
    assert len(curves.data) == 1


# --- prose numbers ---------------------------------------------------------------------------


def test_prose_numbers():
    values = gv.gated_prose_values()
    assert values["swiglu.d_ff_llama7b"] == "11008"
    assert values["swiglu.d_ff_llama7b_unrounded"] == "10922"
    assert values["swiglu.params_768"] == "4,718,592"
    assert (values["swiglu.d_ff_standard_768"], values["swiglu.d_ff_gated_768"]) == ("3072", "2048")
    assert values["swiglu.unmatched_ratio"] == "1.5"
    assert values["swiglu.table1_gap_long"] == "0.003"
    assert values["swiglu.d_ff_gated_1024_256"] == "2816"
    llama3 = ("llama3_multiplier", "llama3_multiple_of", "llama3_scaled", "d_ff_llama3_8b")
    assert [values[f"swiglu.{name}"] for name in llama3] == ["1.3", "1024", "14198", "14336"]
    assert values["swiglu.llama3_ratio"] == "1.31"  # 3·4096·14336 / (2·4096·16384) = 1.3125
    assert all(isinstance(v, str) and v and "-" not in v for v in values.values())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["glu", "swiglu"])
def test_gated_prose_resolves_and_both_languages_quote_the_same_numbers(name, lang):
    from views.prose_values import prose_values_for

    names = placeholders(raw(name, lang))
    assert {n for n in names if n.startswith(("glu.", "swiglu."))} <= set(gv.gated_prose_values())
    prose_values_for(names)  # raises KeyError for an unknown name
    assert names == placeholders(raw(name, "zh"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_misconceptions_teach_errata_7_to_14(lang):
    from views.content import sections

    boxes = {
        name: sections(name, lang)["常见误区" if lang == "zh" else "Common misconceptions"]
        for name in ("glu", "swiglu")
    }
    glu, swiglu = boxes["glu"], boxes["swiglu"]
    assert "Dauphin" in glu and "$(0, 1)$" in glu  # errata 7, 2
    assert "{{swiglu.params_768}}" in swiglu  # erratum 9
    assert "BERT" in swiglu and "GELU" in swiglu  # erratum 13
    assert "SwigLU" in swiglu  # erratum 12
    assert "PaLM" in swiglu and "LLaMA" in swiglu


def test_strings_exist_in_both_languages():
    for namespace in ("glu", "swiglu"):
        tables = [
            tomllib.loads((CONTENT_DIR / lang / "ui" / f"{namespace}.toml").read_text("utf-8"))
            for lang in LANGUAGES
        ]
        assert _keys(tables[0]) == _keys(tables[1])


def _keys(tree: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in tree.items():
        keys |= _keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return keys
