"""The 实验 pages under AppTest (every control, deep links, bad links, the 训练 button), their
figure builders, their strings tables and the preset links in their prose."""

from __future__ import annotations

import re
import tomllib
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest

from activations import REGISTRY
from experiments.playground import GRID_EXTENT
from harness.appdriver import decode, figures, run_page, tables
from views.content import raw
from views.experiment_figures import (
    MAX_CURVE_POINTS,
    boundary_figure,
    dead_fraction_figure,
    dead_sweep_figure,
    gradient_norm_figure,
    loss_curves_figure,
    preactivation_figure,
    thin,
)
from views.strings import CONTENT_DIR, LANGUAGES, translate

VANISHING, DYING, PLAYGROUND = (
    "app_pages/vanishing.py",
    "app_pages/dying_relu.py",
    "app_pages/playground.py",
)
NAMESPACES = ("vanishing", "dying_relu", "playground")
NAME = {key: entry.name_en for key, entry in REGISTRY.items()}
# Small, quick training settings for the playground tests (URL values, as a link carries them).
QUICK = {"epochs": "100", "width": "4", "layers": "1"}


def no_exception(at) -> None:
    assert not at.exception, [item.value for item in at.exception]


def trace_names(spec: dict) -> list[str]:
    return [trace.get("name") for trace in spec["data"]]


def drawn(at) -> bool:
    """The loss curves and one decision-region figure per chosen activation are shown."""
    return len(figures(at)) == 1 + len(at.multiselect(key="acts").value)


def train(at):
    """Press 训练 and run."""
    return at.button[0].click().run()


# --- every page runs, in both languages, with its prose -----------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("file", "prose"), [(VANISHING, "vanishing"), (DYING, "dying-relu")])
def test_page_runs_with_charts_and_prose(file, prose, lang):
    at = run_page(file, lang=lang)
    no_exception(at)
    assert figures(at)
    shown = " ".join(element.value for element in at.markdown)
    summary = "小结" if lang == "zh" else "Summary"
    assert any(f"### {summary}\n" in m.value for m in at.markdown)  # a section's heading
    assert raw(prose, lang).splitlines()[0][:20] in shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_playground_waits_for_the_train_button(lang):
    at = run_page(PLAYGROUND, lang=lang, **QUICK)
    no_exception(at)
    assert figures(at) == []
    assert "训练" in at.info[0].value if lang == "zh" else "Train" in at.info[0].value
    assert at.button[0].label == ("训练" if lang == "zh" else "Train")


def test_lecture_mode_enlarges_the_charts():
    normal = figures(run_page(VANISHING))[0]["layout"]["font"]["size"]
    lecture = figures(run_page(VANISHING, lecture="1"))[0]["layout"]["font"]["size"]
    assert lecture > normal


# --- 梯度消失 -------------------------------------------------------------------------------


def test_vanishing_defaults_plot_six_activations_and_the_quarter_bound():
    at = run_page(VANISHING)
    no_exception(at)
    spec = figures(at)[0]
    names = trace_names(spec)
    six = [NAME[k] for k in ("sigmoid", "tanh", "relu", "leaky_relu", "gelu", "swish")]
    assert names[:6] == six and names[7:] == six  # gradient norms, bound, forward variances
    assert len(names) == 13 and "0.25" in names[6]
    assert [trace.get("showlegend") for trace in spec["data"][7:]] == [False] * 6
    assert spec["layout"]["yaxis"]["type"] == spec["layout"]["yaxis2"]["type"] == "log"
    sigmoid, bound = (decode(spec["data"][i]["y"]) for i in (0, 6))
    assert len(sigmoid) == 20 and bound[-1] == sigmoid[-1]
    assert bound[0] == pytest.approx(sigmoid[-1] * 0.25**19)
    (table,) = tables(at)
    assert [next(iter(row.values())) for row in table] == names[:6]


@pytest.mark.parametrize(
    ("key", "value"), [("depth", 1), ("depth", 50), ("width", 8), ("width", 128)]
)
def test_vanishing_sliders_reach_their_ends(key, value):
    at = run_page(VANISHING)
    at.slider(key=key).set_value(value).run()
    no_exception(at)
    spec = figures(at)[0]
    assert len(decode(spec["data"][0]["y"])) == (value if key == "depth" else 20)


def test_vanishing_he_init_flattens_relu():
    at = run_page(VANISHING)
    xavier = decode(figures(at)[0]["data"][2]["y"])
    at.radio(key="init").set_value("he").run()
    no_exception(at)
    he = decode(figures(at)[0]["data"][2]["y"])
    assert he[0] / he[-1] > 100 * xavier[0] / xavier[-1]


def test_vanishing_seed_and_activation_choice():
    at = run_page(VANISHING)
    first = decode(figures(at)[0]["data"][0]["y"])
    at.number_input(key="seed").set_value(7).run()
    assert not np.array_equal(decode(figures(at)[0]["data"][0]["y"]), first)
    at.multiselect(key="acts").set_value(["relu", "elu"]).run()
    no_exception(at)
    shown = [NAME["relu"], NAME["elu"]]
    assert trace_names(figures(at)[0]) == shown + shown  # no sigmoid, no bound
    at.multiselect(key="acts").set_value([]).run()
    no_exception(at)
    assert figures(at) == [] and at.info


def test_vanishing_deep_link_sets_every_control():
    at = run_page(
        VANISHING, depth="35", width="16", init="He", seed="3", acts=[NAME["tanh"], NAME["mish"]]
    )
    no_exception(at)
    assert at.slider(key="depth").value == 35 and at.slider(key="width").value == 16
    assert at.radio(key="init").value == "he" and at.number_input(key="seed").value == 3
    assert at.multiselect(key="acts").value == ["tanh", "mish"]


@pytest.mark.parametrize(
    "query",
    [{"depth": "999"}, {"depth": "abc"}, {"init": "lecun"}, {"seed": "-5"}, {"acts": "nonsense"}],
)
def test_vanishing_bad_links_fall_back(query):
    at = run_page(VANISHING, **query)
    no_exception(at)
    assert figures(at)


def _variances(spec: dict) -> dict[str, np.ndarray]:
    """The forward panel's curves (left, axis ``x``) by activation name."""
    return {
        trace["name"]: decode(trace["y"])
        for trace in spec["data"]
        if trace.get("xaxis", "x") == "x" and trace.get("showlegend") is False
    }


def _column(at, header: str) -> dict[str, str]:
    (table,) = tables(at)
    return {next(iter(row.values())): row[header] for row in table}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vanishing_recommended_gain_keeps_tanhs_forward_signal(lang):
    at = run_page(VANISHING, lang=lang)
    no_exception(at)
    spec = figures(at)[0]
    titles = [note["text"] for note in spec["layout"]["annotations"]]
    assert translate("vanishing.forward_title", lang) in titles
    assert translate("vanishing.backward_title", lang) in titles
    before = _variances(spec)[NAME["tanh"]]
    gain = translate("vanishing.table_gain", lang)
    recommended = translate("vanishing.table_recommended", lang)
    assert _column(at, recommended)[NAME["tanh"]] == "1.6667"
    assert _column(at, recommended)[NAME["gelu"]] == "—"
    assert _column(at, gain)[NAME["tanh"]] == "1.0000"
    at.toggle(key="recommended_gain").set_value(True).run()
    no_exception(at)
    after = _variances(figures(at)[0])[NAME["tanh"]]
    assert before[-1] / before[0] < 0.1 < 0.5 < after[-1] / after[0]
    assert _column(at, gain)[NAME["tanh"]] == "1.6667"
    assert _column(at, gain)[NAME["relu"]] == "1.4142"
    assert _column(at, gain)[NAME["gelu"]] == "1.0000"  # PyTorch has none: Xavier's 1
    # no one slider value stands for them all: the gain control says each has its own
    assert not [s for s in at.slider if s.key in ("gain", "gain_used")]
    assert translate("vanishing.gain_per_activation", lang) in [m.value for m in at.markdown]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vanishing_gain_slider_scales_xavier_and_he_ignores_it(lang):
    at = run_page(VANISHING, lang=lang)
    relu_plain = _variances(figures(at)[0])[NAME["relu"]]
    assert not at.slider(key="gain").disabled
    at.slider(key="gain").set_value(1.41).run()
    no_exception(at)
    relu_gained = _variances(figures(at)[0])[NAME["relu"]]
    assert relu_plain[-1] / relu_plain[0] < 1e-4 < 0.1 < relu_gained[-1] / relu_gained[0]
    assert _column(at, translate("vanishing.table_gain", lang))[NAME["sigmoid"]] == "1.4100"
    at.radio(key="init").set_value("he").run()
    no_exception(at)
    assert _column(at, translate("vanishing.table_gain", lang))[NAME["sigmoid"]] == "1.4142"
    assert_gain_shown_is_he(at, lang)


def assert_gain_shown_is_he(at, lang):
    """Under He the gain control shows the √2 the layers use, greyed, not Xavier's 1.00."""
    assert [s.key for s in at.slider if s.key in ("gain", "gain_used")] == ["gain_used"]
    shown = at.slider(key="gain_used")
    assert shown.disabled and shown.value == pytest.approx(2**0.5)
    assert shown.label == translate("vanishing.gain_used", lang, init="He")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vanishing_he_link_shows_the_gain_it_uses(lang):
    at = run_page(VANISHING, lang=lang, init="He")
    no_exception(at)
    assert_gain_shown_is_he(at, lang)
    assert set(_column(at, translate("vanishing.table_gain", lang)).values()) == {"1.4142"}


def test_vanishing_gain_deep_link():
    at = run_page(VANISHING, gain="1.67", recommended_gain="true", acts=[NAME["tanh"]])
    no_exception(at)
    assert at.toggle(key="recommended_gain").value is True
    assert trace_names(figures(at)[0]) == [NAME["tanh"], NAME["tanh"]]
    at.toggle(key="recommended_gain").set_value(False).run()  # the link's gain, now acting
    assert at.slider(key="gain").value == pytest.approx(1.67)


@pytest.mark.parametrize(
    "query",
    [
        {"gain": "abc"},
        {"gain": "99"},
        {"gain": "-1"},
        {"gain": "nan"},
        {"recommended_gain": "maybe"},
        {"recommended_gain": "1e999"},
    ],
)
def test_vanishing_bad_gain_links_fall_back(query):
    at = run_page(VANISHING, **query)
    no_exception(at)
    assert at.slider(key="gain").value == 1.0
    assert at.toggle(key="recommended_gain").value is False
    assert _column(at, translate("vanishing.table_gain", "zh"))[NAME["tanh"]] == "1.0000"


def test_gradient_norm_figure_with_variances_has_a_forward_panel():
    labels = {
        "x": "layer",
        "y": "norm",
        "bound": "bound",
        "forward": "fwd",
        "backward": "bwd",
        "variance": "var",
    }
    spec = gradient_norm_figure(
        {"A": np.array([1.0, 2.0])},
        np.array([0.5, 2.0]),
        labels=labels,
        variances={"A": np.array([3.0, 3.0])},
    )
    assert [(trace.name, trace.xaxis) for trace in spec.data] == [
        ("A", "x2"),
        ("bound", "x2"),
        ("A", "x"),
    ]
    assert spec.data[0].line.color == spec.data[2].line.color
    assert spec.data[0].legendgroup == spec.data[2].legendgroup == "A"
    assert spec.layout.yaxis.title.text == "var" and spec.layout.yaxis2.title.text == "norm"
    # stacked (a phone), forward on top; side by side on a projector's short screen
    assert spec.layout.yaxis.domain[0] > spec.layout.yaxis2.domain[1]
    wide = gradient_norm_figure(
        {"A": np.array([1.0, 2.0])},
        np.array([0.5, 2.0]),
        labels=labels,
        lecture=True,
        variances={"A": np.array([3.0, 3.0])},
    )
    assert [trace.xaxis for trace in wide.data] == ["x2", "x2", "x"]
    assert wide.layout.xaxis.domain[1] < wide.layout.xaxis2.domain[0]
    assert tuple(wide.layout.yaxis.domain) == tuple(wide.layout.yaxis2.domain)
    assert wide.layout.xaxis.title.text == wide.layout.xaxis2.title.text == "layer"


# --- 死亡 ReLU -----------------------------------------------------------------------------


def test_dying_defaults_show_the_step_killing_relu_units():
    at = run_page(DYING)
    no_exception(at)
    hist, sweep, compare = figures(at)
    assert at.metric[0].value.endswith("%") and at.metric[0].delta.startswith("+")
    assert len(hist["data"]) == 2 and hist["layout"]["barmode"] == "overlay"
    assert len(decode(sweep["data"][0]["x"])) == 41
    bars = {trace["name"]: decode(trace["y"]) for trace in compare["data"]}
    dead = list(bars.values())[1]
    assert compare["data"][0]["x"] == [NAME[k] for k in ("relu", "leaky_relu", "elu", "swish")]
    assert dead[0] > 0.5 and (dead[1:] == 0).all()
    (table,) = tables(at)
    assert list(table[0].values())[1] == "0"


@pytest.mark.parametrize(
    ("key", "value"),
    [("shift", -3.0), ("shift", 1.0), ("lr", 0.0), ("lr", 3.0), ("units", 20), ("units", 500)],
)
def test_dying_sliders_reach_their_ends(key, value):
    at = run_page(DYING)
    at.slider(key=key).set_value(value).run()
    no_exception(at)
    assert len(figures(at)) == 3


def test_dying_without_a_step_nothing_changes():
    at = run_page(DYING, lr="0")
    no_exception(at)
    assert at.metric[0].delta in ("+0%", "0%")


def test_dying_seed_and_activation_choice():
    at = run_page(DYING)
    at.number_input(key="seed").set_value(11).run()
    no_exception(at)
    at.multiselect(key="acts").set_value(["softplus", "relu"]).run()
    no_exception(at)
    assert figures(at)[2]["data"][0]["x"] == [NAME["relu"], NAME["softplus"]]
    at.multiselect(key="acts").set_value([]).run()
    no_exception(at)


def test_dying_deep_link_and_bad_link():
    at = run_page(DYING, shift="-1.5", lr="2", units="100", seed="4", acts=[NAME["gelu"]])
    no_exception(at)
    assert at.slider(key="shift").value == -1.5 and at.slider(key="lr").value == 2.0
    assert at.slider(key="units").value == 100 and at.number_input(key="seed").value == 4
    assert at.multiselect(key="acts").value == ["gelu"]
    no_exception(run_page(DYING, shift="-99", lr="x", units="7"))


# --- 训练实验 -------------------------------------------------------------------------------


def test_playground_train_draws_falling_curves_boundaries_and_a_table():
    at = train(run_page(PLAYGROUND, dataset="Gaussians", **QUICK))
    no_exception(at)
    loss, *boundaries = figures(at)
    names = [NAME[k] for k in ("sigmoid", "tanh", "relu", "swish")]
    train_traces = [trace for trace in loss["data"] if trace.get("showlegend") is not False]
    assert [trace["name"] for trace in train_traces] == names
    for trace in train_traces:
        curve = decode(trace["y"])
        assert len(curve) == 101 and curve[-1] < curve[0]
    # One decision-region figure per activation (side by side on a desk, stacked on a phone).
    assert len(boundaries) == 4
    assert all(
        [t["type"] for t in spec["data"]] == ["heatmap", "scatter", "scatter"]
        for spec in boundaries
    )
    (table,) = tables(at)
    columns = [[row[name] for row in table] for name in table[0]]
    assert columns[0] == names
    assert all(float(value.rstrip("%")) > 90 for value in columns[2])


def test_playground_results_stay_for_the_same_settings_and_go_for_new_ones():
    at = train(run_page(PLAYGROUND, **QUICK))
    assert drawn(at)
    at.run()  # a rerun (any widget touched elsewhere) keeps the trained view
    assert drawn(at)
    at.slider(key="noise").set_value(0.3).run()
    assert figures(at) == [] and at.info
    at.slider(key="noise").set_value(0.1).run()  # back to a trained setting: from the cache
    assert drawn(at)


def test_playground_animations_are_guarded_once_per_run():
    """The replays' guard script installs itself once per tab: one element a run, not one
    per replay (each is a message on every 训练 of every session)."""
    at = train(run_page(PLAYGROUND, **QUICK))
    assert drawn(at) and len(at.get("html")) == 1


def test_the_launchers_runs_are_the_first_train_of_a_class(monkeypatch):
    """The default settings trained before class (deploy/launch.py) are the runs the page
    asks for when 训练 is pressed at its defaults: that press trains nothing."""
    from ui import playground_page

    playground_page.warm_default_runs()
    made = []
    real = playground_page.playground_run
    monkeypatch.setattr(
        playground_page, "playground_run", lambda *a, **k: made.append(a) or real(*a, **k)
    )
    at = train(run_page(PLAYGROUND))
    no_exception(at)
    assert drawn(at) and made == []


@pytest.mark.parametrize(
    ("widget", "key", "value"),
    [
        ("selectbox", "dataset", "spirals"),
        ("slider", "noise", 0.5),
        ("number_input", "seed", 9),
        ("radio", "init", "he"),
        ("slider", "layers", 3),
        ("slider", "width", 2),
        ("radio", "optimizer", "gd"),
        ("select_slider", "lr", 1.0),
        ("select_slider", "epochs", 200),
        ("multiselect", "acts", ["elu", "gelu", "mish", "softplus", "leaky_relu"]),
    ],
)
def test_playground_every_control_trains(widget, key, value):
    at = run_page(PLAYGROUND, **QUICK)
    getattr(at, widget)(key=key).set_value(value).run()
    at = train(at)
    no_exception(at)
    assert drawn(at)


def test_playground_without_activations_cannot_train():
    at = run_page(PLAYGROUND, **QUICK)
    at.multiselect(key="acts").set_value([]).run()
    no_exception(at)
    assert at.button[0].disabled and figures(at) == [] and at.info


def test_playground_deep_link_sets_every_control():
    query = {
        "dataset": "XOR",
        "noise": "0.25",
        "seed": "12",
        "init": "He",
        "layers": "3",
        "width": "5",
        "optimizer": "GD",
        "lr": "0.3",
        "epochs": "100",
        "acts": [NAME["relu"], NAME["leaky_relu"]],
    }
    at = run_page(PLAYGROUND, **query)
    no_exception(at)
    assert at.selectbox(key="dataset").value == "xor" and at.slider(key="noise").value == 0.25
    assert at.number_input(key="seed").value == 12 and at.radio(key="init").value == "he"
    assert at.slider(key="layers").value == 3 and at.slider(key="width").value == 5
    assert at.radio(key="optimizer").value == "gd" and at.select_slider(key="lr").value == 0.3
    assert at.select_slider(key="epochs").value == 100
    assert at.multiselect(key="acts").value == ["relu", "leaky_relu"]


@pytest.mark.parametrize("query", [{"dataset": "moons"}, {"lr": "7"}, {"width": "64"}])
def test_playground_bad_links_fall_back(query):
    at = train(run_page(PLAYGROUND, **{**QUICK, **query}))
    no_exception(at)
    assert drawn(at)


def preset_links() -> list[tuple[str, str]]:
    """Every ``(playground?…)`` link in the playground prose, per language."""
    return [
        (lang, link)
        for lang in LANGUAGES
        for link in re.findall(r"\]\((playground\?[^)]+)\)", raw("playground", lang))
    ]


def test_the_prose_has_preset_links_in_both_languages():
    assert {lang for lang, _ in preset_links()} == set(LANGUAGES)


@pytest.mark.parametrize(("lang", "link"), preset_links())
def test_preset_links_set_the_controls_they_name(lang, link):
    query: dict[str, list[str]] = {}
    for name, value in parse_qsl(urlsplit(link).query):
        query.setdefault(name, []).append(value)
    at = run_page(PLAYGROUND, **{k: v if k == "acts" else v[0] for k, v in query.items()})
    no_exception(at)
    assert at.session_state["lang"] == query.get("lang", ["zh"])[0]
    shown = {
        "dataset": lambda: at.selectbox(key="dataset").value.title(),
        "layers": lambda: str(at.slider(key="layers").value),
        "width": lambda: str(at.slider(key="width").value),
        "optimizer": lambda: at.radio(key="optimizer").value.upper(),
        "lr": lambda: at.select_slider(key="lr").value,
        "epochs": lambda: str(at.select_slider(key="epochs").value),
        "acts": lambda: [NAME[k] for k in at.multiselect(key="acts").value],
    }
    for name, values in query.items():
        if name == "lr":
            assert shown[name]() == float(values[0])
        elif name == "acts":
            assert shown[name]() == values
        elif name in shown:
            assert shown[name]() == values[0], name


# --- figure builders (pure) ----------------------------------------------------------------


def test_thin_keeps_ends_and_caps_the_points():
    index, values = thin(np.arange(2001.0))
    assert len(values) <= MAX_CURVE_POINTS and index[0] == 0 and index[-1] == 2000
    assert len(thin(np.arange(5.0))[1]) == 5


def test_gradient_norm_figure_without_bound():
    spec = gradient_norm_figure({"A": np.array([1.0, 2.0])}, None, labels={"x": "x", "y": "y"})
    assert [trace.name for trace in spec.data] == ["A"]
    assert list(spec.data[0].x) == [1, 2]


def test_loss_curves_are_thinned_and_shared_between_panels():
    curve = np.linspace(1.0, 0.1, 2001)
    labels = {"train": "train", "test": "test", "x": "epoch", "y": "loss"}
    fig = loss_curves_figure({"A": (curve, curve), "B": (curve, curve)}, labels=labels)
    assert len(fig.data) == 4
    assert all(len(trace.y) <= MAX_CURVE_POINTS for trace in fig.data)
    assert fig.data[0].line.color == fig.data[1].line.color != fig.data[2].line.color
    assert fig.layout.yaxis.type == "log"


def test_loss_panels_share_one_labelled_log_scale():
    """Issue 24.1: train and test loss on the same axis type, both with tick labels (the test
    panel beside the train panel was linear and unlabelled)."""
    curve = np.geomspace(1.0, 0.01, 50)
    labels = {"train": "train", "test": "test", "x": "epoch", "y": "loss"}
    layout = loss_curves_figure({"A": (curve, curve)}, labels=labels).layout
    for axis in (layout.yaxis, layout.yaxis2):
        assert axis.type == "log" and axis.dtick == 1 and axis.showticklabels is not False
        assert axis.title.text == "loss"
    assert layout.yaxis.matches is None and layout.xaxis.domain == layout.xaxis2.domain
    # A projector (lecture mode): side by side, each panel its own labelled log axis.
    wide = loss_curves_figure({"A": (curve, curve)}, labels=labels, lecture=True).layout
    for axis in (wide.yaxis, wide.yaxis2):
        assert axis.type == "log" and axis.dtick == 1 and axis.showticklabels is not False
        assert axis.matches is None
    assert wide.xaxis.domain[1] < wide.xaxis2.domain[0]
    assert tuple(wide.yaxis.domain) == tuple(wide.yaxis2.domain)
    assert wide.yaxis.title.text == "loss" and wide.xaxis2.title.text == "epoch"


def test_boundary_figure_is_one_activation_with_one_legend_entry_per_class():
    points, classes = np.zeros((6, 2)), np.array([0, 1, 0, 1, 0, 1.0])
    labels = {"class0": "0", "class1": "1"}
    fig = boundary_figure(np.full((11, 11), 0.5), points, classes, labels=labels)
    assert [trace.type for trace in fig.data] == ["heatmap", "scatter", "scatter"]
    assert [trace.name for trace in fig.data[1:]] == ["0", "1"]
    assert (
        list(fig.layout.xaxis.range) == list(fig.layout.yaxis.range) == [-GRID_EXTENT, GRID_EXTENT]
    )


def test_preactivation_histogram_is_normalised():
    rng = np.random.default_rng(0)
    labels = {"x": "a", "y": "share", "before": "before", "after": "after"}
    fig = preactivation_figure(rng.normal(size=(50, 4)), rng.normal(size=(50, 4)), labels=labels)
    for trace in fig.data:
        assert sum(trace.y) == pytest.approx(1.0)


def test_sweep_and_bar_figures():
    labels = {"x": "shift", "y": "dead", "before": "b", "after": "a", "negative": "n", "dead": "d"}
    sweep = dead_sweep_figure(
        np.array([-1.0, 0.0]), np.array([0.5, 0.0]), np.zeros(2), 0.0, labels=labels
    )
    assert [trace.name for trace in sweep.data] == ["b", "a"]
    bars = dead_fraction_figure({"ReLU": (0.8, 0.8), "ELU": (1.0, 0.0)}, labels=labels)
    assert list(bars.data[1].y) == [0.8, 0.0]


# --- strings --------------------------------------------------------------------------------


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_strings_tables_have_the_same_keys_in_both_languages(namespace):
    keys = {}
    for lang in LANGUAGES:
        with (CONTENT_DIR / lang / "ui" / f"{namespace}.toml").open("rb") as handle:
            keys[lang] = set(tomllib.load(handle))
    assert keys["zh"] == keys["en"]
