"""The 死亡 ReLU page's body: the experiment's controls, the dead-unit count and its figures.

A bias shift and one large step silence ReLU units; the figures show the pre-activations
before and after, the dead share over shifts, and which other activations keep a gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from activations import REGISTRY
from experiments.dying import dead_fraction_sweep, dying_experiment
from ui.i18n import t
from ui.layout import lecture_mode
from ui.render import chart
from ui.tables import table
from ui.widgets import activation_picker
from views.experiment_figures import dead_fraction_figure, dead_sweep_figure, preactivation_figure
from views.numbers import number
from views.url_keys import in_url

SHIFTS = np.round(np.linspace(-3.0, 1.0, 41), 2)
DEFAULT_ACTS = ["relu", "leaky_relu", "elu", "swish"]


# Shared and only read: cache_resource hands out the result itself, where cache_data unpickled
# a copy for every run (~10 % of an open, py-spy).
@st.cache_resource(show_spinner=False, max_entries=256)
def experiment(key: str, shift: float, lr: float, units: int, seed: int):
    return dying_experiment(key, shift, lr, n_units=units, seed=seed)


@st.cache_resource(show_spinner=False, max_entries=128)
def sweep(lr: float, units: int, seed: int):
    return dead_fraction_sweep("relu", SHIFTS, lr, n_units=units, seed=seed)


def text(name: str) -> str:
    return t(f"dying_relu.{name}")


@dataclass(frozen=True)
class Settings:
    """The experiment as its controls set it."""

    shift: float
    lr: float
    units: int
    seed: int
    keys: list[str]  # the activations compared with ReLU


def controls() -> Settings:
    """The bias shift, the step size, the layer's width and seed; the activations compared."""
    row = st.container(horizontal=True, gap="medium")  # one block, not a column per control
    shift = row.slider(
        text("shift"), -3.0, 1.0, 0.0, 0.1, help=text("shift_help"), **in_url("shift")
    )
    lr = row.slider(text("lr"), 0.0, 3.0, 1.0, 0.1, help=text("lr_help"), **in_url("lr"))
    units = row.slider(text("units"), 20, 500, 200, 20, **in_url("units"))
    seed = int(row.number_input(text("seed"), 0, 9999, 0, **in_url("seed")))
    keys = activation_picker(text("acts"), DEFAULT_ACTS, key="acts")
    return Settings(shift, lr, units, seed, keys)


def results(settings: Settings, stage) -> None:
    """ReLU's dead share (its count and two figures in ``stage``, above the controls), then
    the dead and negative shares of every activation compared, and the gradient each keeps."""
    shift, lr, units, seed = settings.shift, settings.lr, settings.units, settings.seed
    relu = experiment("relu", shift, lr, units, seed)
    change, helptext = f"{relu.dead_after - relu.dead_before:+.0%}", text("metric_help")
    lecture = lecture_mode()
    values = f"{text('shift')} {shift:g}, {text('lr')} {lr:g}"

    def titled(name: str) -> str:  # the figure's title, with the values behind it
        return t("app.figure_title", name=text(name), params=values)

    words = {key: text(key) for key in ("before", "after", "negative", "dead")}
    with stage:
        st.metric(
            text("metric"), f"{relu.dead_after:.0%}", change, help=helptext, delta_color="inverse"
        )
        left, right = st.columns(2)

    def heading(name: str) -> None:  # lecture mode: the figure's own title heads it
        if not lecture:  # (a projector's screen is short; the title says the same)
            st.markdown(f"##### {text(name)}")

    with left:
        heading("hist_title")
        labels = {**words, "x": text("hist_x"), "y": text("hist_y")}
        figure = preactivation_figure(
            relu.pre_before, relu.pre_after, labels=labels, lecture=lecture
        )
        chart(figure, key="dying_hist", filename=text("filename_hist"), title=titled("hist_title"))
    with right:
        heading("sweep_title")
        labels = {**words, "x": text("sweep_x"), "y": text("sweep_y")}
        curves = sweep(lr, units, seed)
        figure = dead_sweep_figure(SHIFTS, *curves, shift, labels=labels, lecture=lecture)
        chart(
            figure, key="dying_sweep", filename=text("filename_sweep"), title=titled("sweep_title")
        )

    compared = {
        REGISTRY[key].name_en: experiment(key, shift, lr, units, seed) for key in settings.keys
    }
    st.markdown(f"##### {text('compare_title')}")
    shares = {label: (r.negative_after, r.dead_after) for label, r in compared.items()}
    figure = dead_fraction_figure(shares, labels={**words, "y": text("compare_y")}, lecture=lecture)
    title = titled("compare_title")
    chart(figure, key="dying_compare", filename=text("filename_compare"), title=title)
    left_over = [number(r.gradient_left, 3) for r in compared.values()]
    table({text("table_activation"): list(compared), text("table_gradient"): left_over})
