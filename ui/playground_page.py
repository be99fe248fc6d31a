"""The 训练实验 page's body: the settings, training one small MLP per activation, the results.

Every run trains on the same data and seed; the loss curves, a summary table and the decision
boundary replayed epoch by epoch (frames made while training, played in the browser).
"""

from __future__ import annotations

import streamlit as st

from activations import REGISTRY
from experiments.activation import LINEAR
from experiments.datasets import make_dataset
from experiments.playground import PlaygroundRun, playground_run, summary
from ui.i18n import t
from ui.layout import lecture_mode
from ui.render import chart
from ui.tables import table
from views.experiment_figures import loss_curves_figure
from views.made_once import MadeOnce
from views.replay_figures import replay_figure
from views.url_keys import in_url

DATASETS = {"circle": "Circle", "xor": "XOR", "spirals": "Spirals", "gaussians": "Gaussians"}
DONE = "playground_trained"  # session state: the (activation, settings) trained so far


# "No activation" first: the lecture's first point is a stack of linear layers failing XOR.
CHOICES = (LINEAR, *REGISTRY)


def names() -> dict[str, str]:
    """Every choice by its name: the registry's, or "no activation" in the reader's language."""
    return {LINEAR: t("playground.linear")} | {k: entry.name_en for k, entry in REGISTRY.items()}


# URL key -> (widget, arguments); labels and help come from the strings table under that key.
CONTROLS = {
    "dataset": ("selectbox", {"options": list(DATASETS), "format_func": DATASETS.get}),
    "noise": ("slider", {"min_value": 0.0, "max_value": 0.5, "value": 0.1, "step": 0.05}),
    "seed": ("number_input", {"min_value": 0, "max_value": 9999, "value": 0}),
    "init": ("radio", {"options": ["xavier", "he"], "format_func": str.title, "horizontal": True}),
    "layers": ("slider", {"min_value": 1, "max_value": 3, "value": 2}),
    "width": ("slider", {"min_value": 2, "max_value": 32, "value": 8}),
    "optimizer": ("radio", {"options": ["gd", "adam"], "index": 1, "horizontal": True}),
    "lr": ("select_slider", {"options": (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0), "value": 0.03}),
    "epochs": ("select_slider", {"options": (100, 200, 300, 500, 1000, 2000), "value": 500}),
    "acts": ("multiselect", {"options": list(CHOICES)}),  # its names: :func:`controls`
}
CONTROLS["acts"][1].update(default=["sigmoid", "tanh", "relu", "swish"], max_selections=5)
CONTROLS["optimizer"][1]["format_func"] = {"gd": "GD", "adam": "Adam"}.get


RUNS_KEPT = 256  # a run is ~60 KB (loss curves, the grid, ten replay frames)
_runs: MadeOnce[PlaygroundRun] = MadeOnce(RUNS_KEPT)


def trained(key: str, settings: tuple[tuple[str, object], ...]) -> PlaygroundRun:
    """``key`` trained with ``settings``: once per process, shared and only read.

    A class presses 训练 together: one session trains while the others wait on a lock without
    waking (``st.cache_resource`` had each waiting session poll ten times a second, hundreds of
    sessions contending for the interpreter the training needs). The launcher trains the
    default settings before class (:func:`warm_default_runs`)."""
    return _runs.get((key, settings), lambda: playground_run(key, **dict(settings)))


def default_settings() -> tuple[tuple[str, object], ...]:
    """The settings the page opens with, in the controls' order (what :func:`controls` reads)."""
    values = {key: _default(widget, arguments) for key, (widget, arguments) in CONTROLS.items()}
    return tuple((key, value) for key, value in values.items() if key != "acts")


def _default(widget: str, arguments: dict) -> object:
    if "value" in arguments:
        return arguments["value"]
    if widget == "multiselect":
        return arguments["default"]
    return arguments["options"][arguments.get("index", 0)]


def warm_default_runs() -> None:
    """Train the default activations at the default settings: the first 训练 of a class."""
    settings = default_settings()
    for key in CONTROLS["acts"][1]["default"]:
        trained(key, settings)


def text(key: str, **values: object) -> str:
    return t(f"playground.{key}", **values)


def control_places() -> list:
    """The settings in one wrapping row, the activations below it; in lecture mode the
    settings fold away (a route's link sets them), so the activations, 训练 and the first
    figure fit a projector's screen."""
    if not lecture_mode():
        # one block, not three rows of columns: each block is a message on every run and
        # every 训练 of every session (13 of a press's 47 messages)
        row = st.container(horizontal=True, gap="medium")
        return [*[row] * (len(CONTROLS) - 1), st]
    settings = st.expander(text("settings"), icon=":material/tune:")
    return [*settings.columns(3), *settings.columns(3), *settings.columns(3), st.container()]


def controls() -> tuple[dict[str, object], list[str]]:
    """The settings by URL key, and the activations chosen in a fixed order (stable colours)."""
    places = control_places()
    # The names of the activations, bound in this run: Streamlit also formats the URL's values
    # between runs, where the session's language is not read: formatted lazily, an English
    # link's "None (linear)" was dropped on the next run.
    named = {"acts": {"format_func": names().get}}
    value = {
        key: getattr(column, widget)(
            text(key), help=text(f"{key}_help"), **in_url(key), **arguments, **named.get(key, {})
        )
        for column, (key, (widget, arguments)) in zip(places, CONTROLS.items(), strict=True)
    }
    chosen = value.pop("acts")
    return value, [key for key in CHOICES if key in chosen]


def train(keys: list[str], settings: tuple[tuple[str, object], ...]) -> bool:
    """The 训练 button, which trains every chosen activation with a progress bar; whether all
    of them are trained with these settings (now or before)."""
    done = st.session_state.setdefault(DONE, set())
    pressed = st.button(
        text("train"), type="primary", icon=":material/play_arrow:", disabled=not keys, key="train"
    )
    if pressed:
        progress, shown = st.progress(0.0), names()
        for index, key in enumerate(keys):
            progress.progress(index / len(keys), text("training", name=shown[key]))
            trained(key, settings)
            done.add((key, settings))
        progress.empty()
    return bool(keys) and all((key, settings) in done for key in keys)


def results(keys: list[str], value: dict[str, object]) -> None:
    """Loss curves, the summary table and each activation's decision boundary replayed."""
    shown, settings = names(), tuple(value.items())
    runs = {shown[key]: trained(key, settings) for key in keys}
    curves = {name: (run.train_loss, run.test_loss) for name, run in runs.items()}
    labels = {role: text(f"loss_{role}") for role in ("train", "test", "x", "y")}
    figure = loss_curves_figure(curves, labels=labels, lecture=(lecture := lecture_mode()))
    title = t("app.figure_title", name=t("nav.playground"), params=value["dataset"])
    chart(figure, key="playground_loss", filename=text("filename_loss"), title=title)
    table({text(f"table_{k}"): v for k, v in summary(runs).items()})
    st.markdown(f"##### {text('boundary_title')}")
    data = make_dataset(value["dataset"], noise=value["noise"], seed=value["seed"])
    labels = {name: text(name) for name in ("class0", "class1", "epoch", "play", "pause")}
    columns = st.columns(len(keys) if len(keys) <= 4 else 3)  # stacked on a phone
    for index, key in enumerate(keys):
        # the frames were made while training; the slider replays them in the browser
        figure = replay_figure(
            runs[shown[key]].frames, data.x_train, data.y_train, labels=labels, lecture=lecture
        )
        with columns[index % len(columns)]:
            filename = f"{text('filename_boundary')}-{key}"
            alt = t("app.figure_title", name=text("boundary_title"), params=shown[key])
            chart(
                figure,
                key=f"playground_boundary_{key}",
                filename=filename,
                title=shown[key],
                alt=alt,
                guard=index == len(keys) - 1,  # once a page: it installs itself per tab
            )
    st.caption(text("replay_caption"))
