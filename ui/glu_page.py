"""The GLU page's body: the gating animation and its controls, the three conventions, the five
gates side by side, SymPy's partial derivatives and their maps, the gate in a low-precision type.

The numbers come from :mod:`views.gated_values` (pure), the figures from :mod:`views.gated_figures`
(pure). A section's words (heading, captions, formulas, table) are ONE Markdown element, made
once per language and values (:mod:`ui.gated_page`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from activations import gating_demo as demo
from activations.gated import GATED
from ui import precision_page
from ui.gated_page import caption, joined, labels, markdown
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.render import chart
from ui.tables import markdown_table
from ui.widgets import param_slider
from views import gated_figures as figures
from views import gated_values as gv
from views.content import side_by_side
from views.strings import function_name, translate
from views.url_keys import in_url

# A bordered box, as ``st.container(border=True)`` draws one, inside the Markdown element.
BOX = (
    '<div style="border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; '
    'padding: calc(1em - 1px); margin-bottom: 1rem;">'
)


@dataclass(frozen=True)
class Settings:
    """The animation as its controls set it."""

    variant: str
    seed: int
    preset: str
    speed: float
    beta: float


def controls(places: Sequence[DeltaGenerator]) -> Settings:
    """The gate's kind, the seed, the input preset, the speed and SwiGLU's β, one in each place."""
    variant = places[0].selectbox(
        t("glu.variant"),
        list(GATED),
        format_func=lambda key: GATED[key].name_en,
        **in_url("variant"),
        help=t("glu.variant_help"),
    )
    seed = places[1].number_input(
        t("glu.seed"), 0, 9999, 0, **in_url("seed"), help=t("glu.seed_help")
    )
    preset = places[2].selectbox(
        t("glu.preset"),
        demo.PRESETS,
        format_func=lambda name: t(f"glu.preset_{name}"),
        **in_url("preset"),
        help=t("glu.preset_help"),
    )
    speed = places[3].slider(
        t("glu.speed"), 0.25, 3.0, 1.0, 0.25, **in_url("speed"), help=t("glu.speed_help")
    )
    beta = param_slider(GATED["swiglu"].params[0], container=places[4])
    return Settings(variant, int(seed), preset, float(speed), float(beta))


@dataclass(frozen=True)
class Toy:
    """What a toy run depends on (hashable: what it shows is made once per process)."""

    variant: str
    seed: int
    tokens: tuple[tuple[float, ...], ...]
    beta: float  # 0 for the gates without one: β is SwiGLU's only

    @property
    def run(self) -> demo.ToyRun:
        return _run(self)


def toy(settings: Settings) -> Toy:
    """The toy layer on the preset's tokens (the reader's own for ``custom``)."""
    tokens = preset_tokens(settings.seed, settings.preset)
    if settings.preset == "custom":
        tokens = custom_tokens(tokens)
    beta = settings.beta if GATED[settings.variant].params else 0.0
    return Toy(settings.variant, settings.seed, tuple(map(tuple, tokens.tolist())), beta)


# The runs, tokens and arrays a class asks for again and again, made once per process; shared
# and only read.
@lru_cache(maxsize=64)
def preset_tokens(seed: int, preset: str) -> np.ndarray:
    return demo.toy_tokens(seed, preset)


@lru_cache(maxsize=256)
def _run(toy: Toy) -> demo.ToyRun:
    params = gv.gate_params(toy.variant, toy.beta)
    return demo.toy_run(toy.variant, np.array(toy.tokens, dtype=float), seed=toy.seed, **params)


@lru_cache(maxsize=256)
def _animated(toy: Toy) -> dict[str, np.ndarray]:
    return gv.animation_arrays(toy.run, toy.beta)


@lru_cache(maxsize=64)
def _surfaces(variant: str, beta: float):
    return gv.surfaces(variant, beta)


@lru_cache(maxsize=512)
def _compared(pre_gate: tuple[float, ...], beta: float):
    return gv.compare_arrays(np.array(pre_gate), beta)


def custom_tokens(default) -> object:
    """The text box for the user's own tokens (URL ``x``); falls back to ``default``."""
    text = st.text_area(
        t("glu.tokens", d=demo.D_MODEL),
        demo.format_tokens(default),
        **in_url("x"),
        help=t("glu.tokens_help"),
    )
    edited = demo.parse_tokens(text)
    if edited is None:
        st.warning(t("glu.tokens_invalid", d=demo.D_MODEL))
        return default
    return edited


def variant_text(variant: str, beta: float) -> str:
    """A gate variant's name, with β where the variant has one: for a figure's title."""
    name = GATED[variant].name_en
    return f"{name}, β = {beta:g}" if GATED[variant].params else name


# --- the words of each section, once per language (and values) ------------------------------


@lru_cache(maxsize=8)
def animation_head(lang: str, lecture: bool) -> str:
    """The animation's heading, and how to play it (under the figure in lecture mode)."""
    title = f"### {translate('glu.animation_title', lang, n=demo.N_TOKENS)}"
    return title if lecture else joined(title, caption(translate("glu.animation_help", lang)))


@lru_cache(maxsize=8)
def animation_notes(lang: str, lecture: bool) -> str:
    """What the animation's four panels show (after how to play it, in lecture mode)."""
    notes = [translate("glu.animation_caption", lang)]
    return caption(translate("glu.animation_help", lang), *notes) if lecture else caption(*notes)


@lru_cache(maxsize=8)
def conventions_markdown(lang: str) -> str:
    """Shazeer, Dauphin and ``nn.GLU`` side by side in a box, with one token showing they agree."""
    cells = [
        f"{translate(f'glu.{name}', lang)}\n\n$$\n{translate(f'glu.{name}_tex', lang)}\n$$"
        for name in ("shazeer", "dauphin", "torch")
    ]
    names = {translate("glu.check_row", lang): ["Shazeer", "Dauphin", "nn.GLU"]}
    check = markdown_table(names | gv.conventions_table(0, translate("glu.anim.unit", lang)))
    body = joined(
        f"**{translate('glu.conventions_title', lang)}**",
        side_by_side(cells),
        caption(translate("glu.conventions_note", lang)),
        check,
    )
    return f"{BOX}\n\n{body}\n\n</div>"


@lru_cache(maxsize=64)
def surfaces_head(variant: str, beta: float, lang: str) -> str:
    """SymPy's y, ∂y/∂a, ∂y/∂b for ``variant`` side by side, and the maps' title."""
    formulas = gv.partials_latex(variant, beta)
    cells = [f"$$\n{formulas[name]}\n$$" for name in ("y", "dy_da", "dy_db")]
    return joined(
        side_by_side(cells),
        caption(translate("glu.sympy_note", lang)),
        f"**{translate('glu.surfaces_title', lang)}**",
    )


# --- the figures ------------------------------------------------------------------------------


def animation(toy: Toy, *, speed: float) -> None:
    """The client-side gating animation; ``speed`` 1 shows each token for 1.2 s."""
    lecture, run, beta = lecture_mode(), toy.run, toy.beta
    fig = figures.gating_animation(
        **_animated(toy),
        labels=labels("glu.anim"),
        frame_ms=round(1200 / speed),
        lecture=lecture,
    )
    title = t(
        "app.figure_title", name=t("glu.animation_figure"), params=variant_text(run.variant, beta)
    )
    chart(fig, key="glu_animation", filename=f"glu-animation-{run.variant}", title=title)
    markdown(animation_notes(current_lang(), lecture))


def compare_gates(toy: Toy, *, token: int, beta: float) -> None:
    """Token ``token`` (1-based) under all five gates."""
    pre_gate = toy.run.pre_gate[token - 1]
    gates, curve_a, curves = _compared(tuple(pre_gate.tolist()), beta)
    fig = figures.compare_gates_figure(
        pre_gate, gates, curve_a, curves, labels=labels("glu.compare"), lecture=lecture_mode()
    )
    title = t("app.figure_title", name=t("nav.glu"), params=f"{t('glu.anim.token')} {token}")
    chart(fig, key="glu_compare", filename=f"glu-compare-gates-token{token}", title=title)
    st.caption(t("glu.compare_caption"))


def surfaces(variant: str, *, beta: float) -> None:
    """The maps of y, ∂y/∂a, ∂y/∂b over the (a, b) plane (their formulas: :func:`surfaces_head`)."""
    fig = figures.surfaces_figure(
        *_surfaces(variant, beta if GATED[variant].params else 0.0),
        labels=labels("glu.surface"),
        lecture=lecture_mode(),
    )
    title = t("app.figure_title", name=t("nav.glu"), params=variant_text(variant, beta))
    chart(fig, key="glu_surfaces", filename=f"glu-surfaces-{variant}", title=title)
    st.caption(t("glu.surfaces_caption"))


def gate_in_precision(variant: str, *, beta: float) -> None:
    """The gate of ``variant`` in the type the reader picks (``?dtype=``; nothing at float64)."""
    gate = GATED[variant]
    name = function_name(gate.gate_key, current_lang()) if gate.gate_key else gate.name_en
    precision_page.gate_section(gate.gate_key, gv.gate_params(variant, beta), title=name)
