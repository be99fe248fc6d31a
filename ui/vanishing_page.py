"""The Streamlit side of the 梯度消失 page: its controls, and the figure and table they drive.

The numbers come from :mod:`experiments.gradients` and :mod:`experiments.initialisation`
(pure), the figure from :func:`views.experiment_figures.gradient_norm_figure` (pure).
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

import numpy as np
import streamlit as st

from activations import REGISTRY
from experiments.gradients import COMPARED, derivative_bound, gradient_norms, shrink_factor
from experiments.initialisation import DEFAULT_GAIN, layer_gain, recommended_gain
from experiments.normalisation import NONE, NORMS
from ui.i18n import t
from ui.layout import lecture_mode
from ui.render import cards, chart
from ui.tables import table
from ui.widgets import activation_picker
from views.cards import Card
from views.experiment_figures import gradient_norm_figure
from views.made_once import MadeOnce
from views.numbers import number
from views.url_keys import in_url

DEFAULT_ACTS = list(COMPARED)
INITS = {"xavier": "Xavier", "he": "He"}  # the labels are the URL values (?init=He)
# The labels are the URL values: ?norm=rmsnorm is read as RMSNorm (ui.errors.LinkReview).
# "none" is the default, which never shows in a URL, so its label may follow the language.
NORM_LABELS = {"layernorm": "LayerNorm", "rmsnorm": "RMSNorm"}


def text(name: str, **values: object) -> str:
    return t(f"vanishing.{name}", **values)


@dataclass(frozen=True)
class Settings:
    """What the controls chose: the network, the initialisation and the activations."""

    depth: int
    width: int
    init: str
    gain: float
    recommended: bool
    seed: int
    keys: tuple[str, ...]  # registry order, so each activation keeps its colour
    residual: bool = False  # h_l = h_{l−1} + f(a_l)
    norm: str = NONE  # pre-norm: a_l = norm(h_{l−1}) W_l

    @property
    def plain(self) -> bool:
        """Neither switch on: the stack the page has always shown, h_l = f(h_{l−1} W_l)."""
        return not self.residual and self.norm == NONE

    def gain_for(self, key: str) -> float:
        """The gain the layers of ``key`` are initialised with."""
        return layer_gain(key, self.init, self.gain, self.recommended)


# A result is two arrays of at most 50 numbers: every setting a class reaches fits (3 norms × 2
# residual × 50 depths × 6 activations is 1,800), and each is 0.01-0.05 s of NumPy to make.
PROFILES_KEPT = 2048
# Cold profiles computed at once, process-wide (one per core): a class that flips a switch
# asks for the same new profiles hundreds of times within a second, each ~12 MB of arrays
# while it runs (50 layers of a 128 × 64 batch): in the burst, peak RSS rose to 742 MB.
COLD_AT_ONCE = 2
_kept: MadeOnce[tuple[np.ndarray, np.ndarray]] = MadeOnce(PROFILES_KEPT)
_cold = threading.BoundedSemaphore(COLD_AT_ONCE)


def profile(
    key: str,
    depth: int,
    width: int,
    init: str,
    gain: float,
    seed: int,
    residual: bool = False,
    norm: str = NONE,
) -> tuple[np.ndarray, np.ndarray]:
    """Backward signal norms and forward output variances per layer, made once per setting
    and shared by every session (read only): sessions asking for a setting being made wait
    for it rather than make it again."""
    setting = (key, depth, width, init, gain, seed, residual, norm)

    def make() -> tuple[np.ndarray, np.ndarray]:
        with _cold:
            found = gradient_norms(
                key,
                depth=depth,
                width=width,
                init=init,
                gain=gain,
                seed=seed,
                residual=residual,
                norm=norm,
            )
        made = (found.signal, found.variance)
        for array in made:
            array.setflags(write=False)
        return made

    return _kept.get(setting, make)


# The controls start here (the first initialisation offered, Xavier, at gain 1).
DEFAULTS = Settings(20, 64, "xavier", 1.0, False, 0, tuple(DEFAULT_ACTS))
DEPTHS = (1, 50)


def warm_settings() -> list[Settings]:
    """What a class reaches from the defaults by flipping the switches and moving the depth
    in steps of 5: the launcher computes these while no browser is connected (deploy/launch.py)."""
    stacks = [(residual, norm) for norm in NORMS for residual in (False, True)]
    steps = range(5, DEPTHS[1] + 1, 5)
    depths = [DEFAULTS.depth, *(depth for depth in steps if depth != DEFAULTS.depth)]
    return [
        dataclasses.replace(DEFAULTS, depth=depth, residual=residual, norm=norm)
        for depth in depths
        for residual, norm in stacks
    ]


def warm_profiles(settings: Settings) -> None:
    """Make the profiles a page with ``settings`` shows (the plain stack's too, for its cards)."""
    for key in settings.keys:
        _profile(settings, key)
        _profile(settings, key, plain=True)


def controls() -> Settings:
    """Depth, width, seed; the initialisation scheme and its gain; the activations."""
    row = st.columns(3)
    depth = row[0].slider(
        text("depth"), *DEPTHS, DEFAULTS.depth, help=text("depth_help"), **in_url("depth")
    )
    width = row[1].slider(text("width"), 8, 128, DEFAULTS.width, 8, **in_url("width"))
    seed = row[2].number_input(
        text("seed"), 0, 9999, DEFAULTS.seed, help=text("seed_help"), **in_url("seed")
    )
    row = st.columns([1, 1.2, 1.4], vertical_alignment="center")
    init = row[0].radio(
        text("init"),
        list(INITS),
        format_func=INITS.get,
        horizontal=True,
        help=text("init_help"),
        **in_url("init"),
    )
    recommended = row[1].toggle(
        text("recommended"), help=text("recommended_help"), **in_url("recommended_gain")
    )
    gain = gain_control(row[2], init, bool(recommended))
    residual, norm = architecture_controls()
    keys = tuple(activation_picker(text("acts"), DEFAULT_ACTS, key="acts"))
    return Settings(
        depth, width, init, float(gain), bool(recommended), int(seed), keys, residual, norm
    )


def architecture_controls() -> tuple[bool, str]:
    """The residual switch and the normalisation, side by side where there is room: one
    horizontal container (three elements: cheaper than a row of columns)."""
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        residual = st.toggle(text("residual"), help=text("residual_help"), **in_url("residual"))
        norm = st.radio(
            text("norm"),
            NORMS,
            format_func={NONE: text("norm_none"), **NORM_LABELS}.get,  # made in this run's language
            horizontal=True,
            help=text("norm_help"),
            **in_url("norm"),
        )
    return bool(residual), str(norm)


def stack_name(settings: Settings) -> str:
    """What the switches made of each layer, in words: "残差 + RMSNorm", "plain"."""
    parts = [text("residual_short")] if settings.residual else []
    if settings.norm != NONE:
        parts.append(NORM_LABELS[settings.norm])
    return " + ".join(parts) if parts else text("plain_short")


def gain_control(column, init: str, recommended: bool) -> float:
    """The gain slider where it acts (Xavier, no per-activation gains); elsewhere the gain
    the layers really get, in its place: He's √2 on a greyed slider of its own (unbound, so
    the link keeps no value it would ignore), or a note that each activation has its own."""
    if recommended:
        column.markdown(text("gain_per_activation"))
        return DEFAULT_GAIN[init]
    if init != "xavier":
        used = DEFAULT_GAIN[init]
        column.slider(
            text("gain_used", init=INITS[init]), 0.25, 3.0, used, format="%.4f",
            help=text("gain_help"), disabled=True, key="gain_used",
        )  # fmt: skip
        return used
    return column.slider(
        text("gain"), 0.25, 3.0, DEFAULTS.gain, 0.01, help=text("gain_help"), **in_url("gain")
    )


def _ratio(value: float, digits: int = 3) -> str:
    return "—" if not np.isfinite(value) else number(value, digits)


def results(settings: Settings, stage=None) -> None:
    """The forward-and-backward figure (in ``stage``, a container drawn earlier, if given)
    and the table of gains and ratios."""
    if not settings.keys:
        (stage or st).info(text("empty"))
        return
    names = [REGISTRY[key].name_en for key in settings.keys]
    found = {key: _profile(settings, key) for key in settings.keys}
    norms = {name: found[key][0] for name, key in zip(names, settings.keys, strict=True)}
    variances = {name: found[key][1] for name, key in zip(names, settings.keys, strict=True)}
    max_slope = float(REGISTRY["sigmoid"].grad(0.0))  # σ′(0) = 1/4, its maximum
    bound = None  # the (1/4)ⁿ line bounds the plain stack only: a residual path skips σ′
    if "sigmoid" in settings.keys and settings.plain:
        bound = derivative_bound(max_slope, settings.depth, found["sigmoid"][0][-1])
    labels = {
        "x": text("axis_x"),
        "y": text("axis_y"),
        "bound": text("bound", max=max_slope),
        "forward": text("forward_title"),
        "backward": text("backward_title"),
        "variance": text("axis_variance"),
    }
    figure = gradient_norm_figure(
        norms, bound, labels=labels, lecture=lecture_mode(), variances=variances
    )
    params = f"{settings.depth} × {settings.width}, {INITS[settings.init]}"
    if not settings.plain:
        params += f", {stack_name(settings)}"
    title = t("app.figure_title", name=t("nav.vanishing"), params=params)
    with stage or st.container():
        chart(figure, key="vanishing_chart", filename=text("filename"), title=title)
        st.caption(text("figure_caption" if settings.plain else "figure_caption_stack"))
    if not settings.plain:  # at the defaults nothing to compare with: no element, no work
        comparison_cards(settings, names, norms)
    factors = [shrink_factor(values) for values in norms.values()]
    recommended = [recommended_gain(key) for key in settings.keys]
    table(
        {
            text("table_activation"): names,
            text("table_recommended"): ["—" if g is None else f"{g:.4f}" for g in recommended],
            text("table_gain"): [f"{settings.gain_for(key):.4f}" for key in settings.keys],
            text("table_ratio", depth=settings.depth): [_ratio(r) for r, _ in factors],
            text("table_factor"): [_ratio(f) for _, f in factors],
            text("table_variance", depth=settings.depth): [
                _ratio(_variance_ratio(values)) for values in variances.values()
            ],
        }
    )


def _profile(settings: Settings, key: str, *, plain: bool = False):
    """The cached profile of ``key`` under ``settings`` (with both switches off if ``plain``)."""
    return profile(
        key,
        settings.depth,
        settings.width,
        settings.init,
        settings.gain_for(key),
        settings.seed,
        False if plain else settings.residual,
        NONE if plain else settings.norm,
    )


def comparison_cards(settings: Settings, names: list[str], norms: dict) -> None:
    """Per activation, the first layer's gradient over the last layer's with the switches, and
    the plain stack's under it: the same draws, so the switches are all that differs."""
    items = [
        Card(
            name,
            _ratio(shrink_factor(norms[name])[0]),
            note=text(
                "card_plain", ratio=_ratio(shrink_factor(_profile(settings, key, plain=True)[0])[0])
            ),
        )
        for name, key in zip(names, settings.keys, strict=True)
    ]
    title = text("card_title", depth=settings.depth, stack=stack_name(settings))
    cards(items, title=title)


def _variance_ratio(values: np.ndarray) -> float:
    """The last layer's output variance over the first's (NaN if the first is silent)."""
    first = float(values[0])
    return float(values[-1]) / first if first > 0 else float("nan")
