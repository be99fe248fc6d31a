"""The function pages under AppTest: every control at its ends and middle, deep links, bad links,
formulas from the symbolic layer and plotted derivatives equal to the registry's."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from activations import REGISTRY, symbolic
from activations.facts import facts
from harness.appdriver import cards, display_formulas, figures, page_run, run_page, tables, xy
from views.function_figures import View, negative_zoom
from views.function_text import (
    FACT_DIGITS,
    code_snippets,
    curves_csv,
    formulas_tex,
    interval,
    table_csv,
    where_text,
)
from views.numbers import number
from views.strings import LANGUAGES, translate

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("sigmoid", "relu", "swish", "more", "compare")
MORE_CHOICES = ("GELU", "ELU", "Softplus", "Mish")


def page_file(name: str) -> str:
    return f"app_pages/{name}.py"


def grad_trace(at, figure_index: int = 0, name: str = "f′(x)") -> tuple[np.ndarray, np.ndarray]:
    """x and y of the f′ trace called ``name`` (lower panel) of a figure, gaps removed."""
    spec = figures(at)[figure_index]
    trace = next(item for item in spec["data"] if item.get("name") == name)
    assert trace.get("yaxis") == "y2"
    xs, ys = xy(trace)
    keep = ~np.isnan(ys)
    return xs[keep], ys[keep]


def slider(at, key: str):
    return next(widget for widget in at.slider if widget.key == key)


def latex_bodies(at) -> list[str]:
    """The display formulas shown (``st.latex`` or a Markdown display block), without fences."""
    return display_formulas(at)


# --- every page, every control -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_page_runs_with_figure_and_formulas(name, lang):
    at = page_run(page_file(name), lang=lang)  # read only: shared with the other readers
    assert not at.exception
    assert figures(at), "no figure"
    assert latex_bodies(at) or name == "compare"


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("sigmoid", {}),
        ("relu", {}),
        ("swish", {}),
        *[("more", {"fn": choice}) for choice in MORE_CHOICES],
        ("compare", {"fns": [entry.name_en for entry in REGISTRY.values()]}),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(map(str, value.values())),
)
def test_every_slider_to_its_ends_and_middle(name, query):
    at = run_page(page_file(name), **query)
    keys = [widget.key for widget in at.slider]
    assert keys, "no sliders"
    for key in keys:
        widget = slider(at, key)
        low, high, step = widget.min, widget.max, widget.step
        middle = low + round((high - low) / 2 / step) * step
        for value in (low, middle, high):
            slider(at, key).set_value(value)
            at.run()
            assert not at.exception, (key, value)
            assert slider(at, key).value == pytest.approx(value)
            assert figures(at)


@pytest.mark.parametrize("name", PAGES)
def test_x_range_inputs_at_their_ends_and_reversed(name):
    at = run_page(page_file(name))
    for xmin, xmax in ((-50.0, 50.0), (-0.5, 0.5), (5.0, -5.0)):
        at.number_input(key="xmin").set_value(xmin)
        at.number_input(key="xmax").set_value(xmax)
        at.run()
        assert not at.exception
        curve = next(item for item in figures(at)[0]["data"] if "x0" in item)  # on the grid
        xs = xy(curve)[0]
        expected = (xmin, xmax) if xmin < xmax else (-6.0, 6.0)
        assert (xs.min(), xs.max()) == pytest.approx(expected)


def test_compare_with_nothing_chosen_says_so():
    at = run_page("app_pages/compare.py")
    at.multiselect(key="fns").set_value([])
    at.run()
    assert not at.exception
    assert not figures(at)
    assert at.info


def test_compare_table_lists_every_chosen_function():
    names = [entry.name_en for entry in REGISTRY.values()]
    at = run_page("app_pages/compare.py", fns=names)
    assert not at.exception
    (table,) = tables(at)
    assert len(table) == len(REGISTRY)
    cost_columns = [column for column in table[0] if "成本" in column]
    assert len(cost_columns) == 2
    (relu,) = [row for row in table if next(iter(row.values())) == "ReLU"]
    assert [relu[column] for column in cost_columns] == ["1.0×", "1.0×"]


def test_compare_costs_are_measured_once_for_every_function(monkeypatch):
    """The cost column is one measurement per process, all functions in the same rounds:
    a second visit (here with the clock running ten times slower, as under load) shows the
    same numbers, and what they measure is said beside them, in lecture mode too."""
    from ui import compare_page

    compare_page._measured_costs.cache_clear()
    names = ["ReLU", "GELU", "Sigmoid"]
    first = run_page("app_pages/compare.py", fns=names[:2])
    measured = compare_page.relative_costs()
    assert set(measured) == set(REGISTRY) and measured["relu"] == (1.0, 1.0)
    clock = time.perf_counter
    monkeypatch.setattr(compare_page.time, "perf_counter", lambda: 10 * clock())
    second = run_page("app_pages/compare.py", fns=names, lecture="1", lang="en")
    assert compare_page.relative_costs() is measured
    costs = {}
    for at, lang in ((first, "zh"), (second, "en")):
        assert not at.exception
        (table,) = tables(at)
        columns = [translate(f"functions.col_cost_{kind}", lang) for kind in ("f", "grad")]
        for row in table:
            costs.setdefault(next(iter(row.values())), []).append([row[c] for c in columns])
    assert costs["GELU"][0] == costs["GELU"][1] == [f"{v:.1f}×" for v in measured["gelu"]]
    note = next(c.value for c in second.caption if "float64" in c.value)
    assert "NumPy" in note and "ReLU = 1" in note


def test_more_selector_follows_the_url():
    at = run_page("app_pages/more.py", fn="ELU")
    assert not at.exception
    assert [widget.key for widget in at.slider] == ["alpha", "x0"]


# "elu" is ELU now (tests/pages/test_links.py)
@pytest.mark.parametrize("bad", ["nope", "", "elus"])
def test_more_selector_bad_value_falls_back_to_gelu(bad):
    at = run_page("app_pages/more.py", fn=bad)
    assert not at.exception
    assert at.radio(key="fn").value == "gelu"


def test_gelu_view_shows_the_difference_and_the_approximation_formula():
    at = run_page("app_pages/more.py", fn="GELU")
    assert len(figures(at)) == 2
    assert f"f'(x) = {symbolic.latex_grad('gelu_tanh')}" in latex_bodies(at)


def test_slope_presets_set_the_slider():
    at = run_page("app_pages/relu.py")
    at.button(key="preset_prelu").click()
    at.run()
    assert slider(at, "negative_slope").value == pytest.approx(0.25)
    at.button(key="preset_pytorch").click()
    at.run()
    assert slider(at, "negative_slope").value == pytest.approx(0.01)


def test_zoom_makes_the_default_slope_fill_the_panels():
    at = run_page("app_pages/relu.py", zoom="true")
    assert not at.exception
    layout = figures(at)[1]["layout"]
    low, high = layout["yaxis"]["range"]
    assert low == pytest.approx(1.3 * 0.01 * -6) and high > 0
    assert layout["yaxis2"]["range"][1] < 0.05
    assert layout["xaxis2"]["range"] == pytest.approx([-6.0, 0.9])


def test_lecture_mode_runs_every_page():
    for name in PAGES:
        at = run_page(page_file(name), lecture="1")
        assert not at.exception
        assert figures(at)[0]["layout"]["font"]["size"] == 20


# --- deep links and bad links --------------------------------------------------------------


def test_swish_deep_link_sets_beta():
    at = run_page("app_pages/swish.py", beta="2")
    assert not at.exception
    assert slider(at, "beta").value == 2.0
    xs, ys = grad_trace(at)
    np.testing.assert_allclose(ys, REGISTRY["swish"].grad(xs, beta=2.0), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("bad", ["abc", "1e999", "-5", "nan", "inf", "", "11"])
def test_swish_bad_beta_falls_back_to_default(bad):
    at = run_page("app_pages/swish.py", beta=bad)
    assert not at.exception
    assert slider(at, "beta").value == REGISTRY["swish"].defaults()["beta"]


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("relu", {"negative_slope": "-1"}),
        ("relu", {"negative_slope": "x"}),
        ("more", {"fn": "ELU", "alpha": "99"}),
        ("sigmoid", {"x0": "1e999"}),
        ("sigmoid", {"xmin": "abc", "xmax": "-1e999"}),
        ("compare", {"fns": ["nope", "ReLU"]}),
        ("sigmoid", {"text": "Tanh"}),
        ("sigmoid", {"text": "<b>nope</b>"}),
    ],
)
def test_other_bad_values_fall_back(name, query):
    at = run_page(page_file(name), **query)
    assert not at.exception
    assert figures(at)


def test_deep_links_for_every_shared_name():
    at = run_page(
        "app_pages/compare.py", fns=["Leaky ReLU", "ELU"], negative_slope="0.3", alpha="2"
    )
    assert (slider(at, "negative_slope").value, slider(at, "alpha").value) == (0.3, 2.0)
    at = run_page("app_pages/sigmoid.py", x0="-2", xmin="-3", xmax="4")
    assert slider(at, "x0").value == -2.0
    xs = grad_trace(at)[0]
    assert (xs[0], xs[-1]) == pytest.approx((-3.0, 4.0))


# --- the numbers shown are the registry's and the symbolic layer's -------------------------


def test_swish_latex_at_beta_1_is_the_symbolic_derivative():
    at = run_page("app_pages/swish.py", beta="1")
    bodies = latex_bodies(at)
    assert f"f'(x) = {symbolic.latex_grad('swish', beta=1.0)}" in bodies
    assert f"f'(x) = {symbolic.latex_grad('swish')}" in bodies  # the general form
    assert f"f(x) = {symbolic.latex_f('swish', beta=1.0)}" in bodies


@pytest.mark.parametrize(
    ("name", "query", "key", "params", "figure_index"),
    [
        ("swish", {"beta": "2.5"}, "swish", {"beta": 2.5}, 0),
        ("swish", {"beta": "0"}, "swish", {"beta": 0.0}, 0),
        ("sigmoid", {}, "sigmoid", {}, 0),
        ("sigmoid", {}, "tanh", {}, 1),
        ("relu", {}, "relu", {}, 0),
        ("relu", {"negative_slope": "0.3"}, "leaky_relu", {"negative_slope": 0.3}, 1),
        ("more", {"fn": "ELU", "alpha": "0.5"}, "elu", {"alpha": 0.5}, 0),
        ("more", {"fn": "Mish"}, "mish", {}, 0),
        ("more", {"fn": "Softplus"}, "softplus", {}, 0),
        ("more", {"fn": "GELU"}, "gelu", {}, 0),
    ],
)
def test_plotted_derivative_is_the_registry_derivative(name, query, key, params, figure_index):
    at = run_page(page_file(name), **query)
    xs, ys = grad_trace(at, figure_index)
    assert xs.size >= 900
    expected = REGISTRY[key].grad(xs, **params)
    np.testing.assert_allclose(ys, expected, rtol=1e-5, atol=1e-6)


def test_compare_plots_each_derivative_with_its_parameters():
    at = run_page("app_pages/compare.py", fns=["Swish / SiLU", "ELU"], beta="3", alpha="0.5")
    spec = figures(at)[0]
    lower = {item["name"]: item for item in spec["data"] if item.get("yaxis") == "y2"}
    for key, params in (("swish", {"beta": 3.0}), ("elu", {"alpha": 0.5})):
        xs, ys = xy(lower[REGISTRY[key].name_en + "′"])
        keep = ~np.isnan(ys)
        expected = REGISTRY[key].grad(xs[keep], **params)
        np.testing.assert_allclose(ys[keep], expected, rtol=1e-5, atol=1e-6)


def test_probe_cards_are_the_registry_values():
    at = run_page("app_pages/swish.py", beta="2", x0="-1.5")
    shown = {card.label: card.value for card in cards(at)}
    assert shown["f(-1.5)"] == number(float(REGISTRY["swish"].fn(-1.5, beta=2.0)), 6)
    assert shown["f′(-1.5)"] == number(float(REGISTRY["swish"].grad(-1.5, beta=2.0)), 6)


def test_code_is_drawn_only_once_its_panel_is_opened():
    """A folded code panel sends no code (Streamlit's highlighter is ~0.5 MB on the wire);
    opened, it shows the three snippets for the page's values."""
    at = run_page("app_pages/swish.py", beta="1.5")
    assert not at.code
    at.session_state["code_swish"] = True
    at.run()
    assert not at.exception
    assert [block.value for block in at.code] == [
        snippet.rstrip("\n") for snippet in code_snippets(REGISTRY["swish"].at(beta=1.5))
    ]


def test_swish_facts_are_the_symbolic_facts():
    at = run_page("app_pages/swish.py")
    found = facts("swish", beta=1.0)
    shown = {card.label: card.value for card in cards(at)}
    assert shown["f′(0)"] == number(found.grad_at_0, FACT_DIGITS)
    assert shown[translate("functions.fact_grad_min", "zh")] == number(found.grad_min, FACT_DIGITS)
    assert shown[translate("functions.fact_min", "zh")] == number(found.min_value, FACT_DIGITS)


# Every function whose page shows facts, with its page and link; GELU-tanh shows formulas and
# code beside GELU (on /more?fn=GELU) but no facts panel of its own.
FACT_PANELS = {
    "sigmoid": ("sigmoid", {}),
    "tanh": ("sigmoid", {}),
    "relu": ("relu", {}),
    "leaky_relu": ("relu", {}),
    "swish": ("swish", {}),
    "gelu": ("more", {"fn": "GELU"}),
    "elu": ("more", {"fn": "ELU"}),
    "softplus": ("more", {"fn": "Softplus"}),
    "mish": ("more", {"fn": "Mish"}),
    "relu6": ("hardware", {"fn": "ReLU6"}),
    "hardsigmoid": ("hardware", {"fn": "Hard Sigmoid"}),
    "hardswish": ("hardware", {"fn": "Hard Swish"}),
    "selu": ("hardware", {"fn": "SELU"}),
    "squared_relu": ("hardware", {"fn": "Squared ReLU"}),
}
EXTREMES = (
    ("fact_min", "range_low", "min_where"),
    ("fact_grad_min", "grad_min", "grad_min_where"),
    ("fact_grad_max", "grad_max", "grad_max_where"),
)


def test_every_function_with_a_facts_panel_is_checked():
    assert set(FACT_PANELS) == set(REGISTRY) - {"gelu_tanh"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", list(FACT_PANELS))
def test_displayed_extremes_are_the_cores_with_where_they_are_attained(key, lang):
    """inf f, inf f′ and sup f′ on every function page: the core's value, and below it whether
    and where it is attained (ReLU's 0 on x ≤ 0, σ′'s 0 never), computed by the core."""
    page, query = FACT_PANELS[key]
    at = page_run(page_file(page), lang=lang, **query)  # one run for the panels it shows
    assert not at.exception
    shown_keys = [k for k in FACT_PANELS if FACT_PANELS[k] == (page, query)]
    found = facts(key, **REGISTRY[key].defaults())
    for label, value, where in EXTREMES:
        shown = [c for c in cards(at) if c.label == translate(f"functions.{label}", lang)]
        assert len(shown) == len(shown_keys)
        card = shown[shown_keys.index(key)]
        extreme = getattr(found, value)
        assert card.value == number(extreme, FACT_DIGITS)
        assert card.note == where_text(getattr(found, where), extreme, lang)


def test_relu_minimum_is_attained_on_the_left_and_sigmoid_slope_minimum_never():
    at = run_page(page_file("relu"))
    (relu_min, _) = [c for c in cards(at) if c.label == translate("functions.fact_min", "zh")]
    assert (relu_min.value, relu_min.note) == ("0", "在 x ≤ 0 上取到")
    at = run_page(page_file("sigmoid"), lang="en")
    slopes = [c for c in cards(at) if c.label == translate("functions.fact_grad_min", "en")]
    assert [(c.value, c.note) for c in slopes] == [
        ("0", "never attained; approached as x → ±∞")
    ] * 2


@pytest.mark.parametrize("name", PAGES)
def test_payload_within_budget(name):
    query = {"fns": [entry.name_en for entry in REGISTRY.values()]} if name == "compare" else {}
    at = run_page(page_file(name), **query)
    payload = sum(len(chart.proto.spec) for chart in at.get("plotly_chart"))
    assert payload <= 150_000


@pytest.mark.parametrize("name", PAGES)
def test_pages_stay_thin(name):
    assert len((ROOT / page_file(name)).read_text(encoding="utf-8").splitlines()) < 80


# --- pure helpers --------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(REGISTRY))
def test_code_snippets_cover_every_function_with_values_filled(key):
    params = {param.name: param.high for param in REGISTRY[key].params}
    numpy_code, torch_code, jax_code = code_snippets(REGISTRY[key].at(**params))
    for snippet in (numpy_code, torch_code, jax_code):
        assert "{" not in snippet and "}" not in snippet
        for value in params.values():
            assert f"{value:g}" in snippet


def test_swish_torch_snippet_keeps_beta():
    torch_code = code_snippets(REGISTRY["swish"].at(beta=1.5))[1]
    assert "x * torch.sigmoid(1.5 * x)" in torch_code


def test_numpy_snippets_compute_the_registry_function():
    x = np.linspace(-8, 8, 101)
    for entry in REGISTRY.values():
        params = {param.name: param.default for param in entry.params}
        namespace = {"x": x}
        exec(code_snippets(entry.at(**params))[0], namespace)
        np.testing.assert_allclose(namespace["y"], entry.fn(x, **params), rtol=1e-12, atol=1e-15)


def test_table_csv_has_header_and_float64_rows():
    x = np.array([-1.0, 0.0, 1.0])
    text = table_csv(x, {"f": x / 3, "g": x * 0 + 1})
    lines = text.strip().splitlines()
    assert lines[0] == "x,f,g"
    assert lines[1] == "-1,-0.3333333333,1"


def test_downloads_hold_the_curves_and_the_symbolic_formulas():
    shown = [REGISTRY["swish"].at(beta=2.0), REGISTRY["relu"].at()]
    x = np.linspace(-3.0, 3.0, 7)
    rows = np.loadtxt(curves_csv(shown, x).splitlines()[1:], delimiter=",")
    assert curves_csv(shown, x).splitlines()[0] == "x,swish(x),swish'(x),relu(x),relu'(x)"
    np.testing.assert_allclose(rows[:, 2], REGISTRY["swish"].grad(x, beta=2.0), rtol=1e-9)
    tex = formulas_tex(shown, "% header", "en")
    assert tex.startswith("% header\n") and tex.count(r"\begin{align*}") == 2
    assert f"f'(x) &= {symbolic.latex_grad('swish', beta=2.0)}" in tex


def test_interval_formatting():
    assert interval(facts("sigmoid")) == "(0, 1)"
    assert interval(facts("relu")) == "[0, ∞)"
    assert interval(facts("tanh")) == "(−1, 1)"
    assert interval(facts("swish")) == f"[{number(-0.278464542761074, FACT_DIGITS)}, ∞)"


def test_jumps_only_where_the_derivative_jumps():
    assert REGISTRY["relu"].at().jumps() == (0.0,)
    assert REGISTRY["elu"].at(alpha=1.0).jumps() == ()
    assert REGISTRY["elu"].at(alpha=0.5).jumps() == (0.0,)
    assert REGISTRY["leaky_relu"].at(negative_slope=1.0).jumps() == ()
    assert REGISTRY["swish"].at(beta=1.0).jumps() == ()


def test_negative_zoom_fits_the_left_branch():
    view = View(-6.0, 6.0, 1.0)
    ranges = negative_zoom(view, 0.01)
    assert ranges["x_span"][0] == -6.0 < 0 < ranges["x_span"][1] < 6.0
    low, high = ranges["value_range"]
    assert low < 0.01 * -6 < 0 < high
    low, high = ranges["grad_range"]
    assert low < 0 < 0.01 < high < 1


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", ("若", "其他情况")), ("en", ("for", "otherwise"))]
)
def test_piecewise_formulas_speak_the_readers_language(lang, words):
    at = run_page(page_file("relu"), lang=lang)
    relu_f = f"f(x) = {symbolic.latex_f('relu')}"  # SymPy: \text{for} … \text{otherwise}
    shown = relu_f.replace(r"\text{for}", rf"\text{{{words[0]}}}")
    shown = shown.replace(r"\text{otherwise}", rf"\text{{{words[1]}}}")
    assert shown in latex_bodies(at)
    if lang == "zh":
        assert not any(r"\text{for}" in body for body in latex_bodies(at))
