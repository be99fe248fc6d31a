"""The SwiGLU page's body: the FFN calculator with real models' presets, its figures and
budget, the runnable NumPy ``FeedForward`` and its PyTorch code, the Swish gate, real models and
Shazeer 2020's Table 1.

The numbers come from :mod:`views.gated_values` (pure), the figures from :mod:`views.gated_figures`
(pure). A section's words (captions, tables, cards, notes) are ONE Markdown element, made once
per language and values (:mod:`ui.gated_page`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from activations import gating_demo as demo
from activations.feedforward import FeedForward, parameter_count, parameter_shapes
from activations.gated import GATED, matched_gated_hidden
from ui.errors import safe_callback
from ui.gated_page import caption, joined, labels, markdown
from ui.i18n import current_lang, t
from ui.layout import figure_and_controls, lecture_mode
from ui.render import chart, code_fold
from ui.tables import markdown_table
from views import gated_figures as figures
from views import gated_values as gv
from views.cards import Card, cards_html
from views.content import code_snippet
from views.strings import translate
from views.url_keys import in_url

FFN_CODE_KEY = "code_feedforward"  # the folded PyTorch panel (open: True in session state)
PRESET_SHOWN = "_lab_swiglu_preset"  # session state: the model whose sizes were filled in last


@safe_callback
def apply_model_preset() -> None:
    """``on_change`` of the preset pills: copy the model's settings into the three bound inputs."""
    name = st.session_state.get("model_preset")
    if name:
        (
            st.session_state["d_model"],
            st.session_state["multiple_of"],
            st.session_state["ffn_dim_multiplier"],
        ) = gv.calculator_presets()[name].inputs
        st.session_state[PRESET_SHOWN] = name
        st.session_state["model_preset"] = None


def model_presets() -> None:
    """The preset pills: a click fills the three inputs with a real model's sizes."""
    st.pills(
        t("swiglu.presets"),
        list(gv.calculator_presets()),
        key="model_preset",
        on_change=apply_model_preset,
        help=t("swiglu.presets_help"),
    )


def calculator_inputs(places: Sequence[DeltaGenerator]) -> gv.FfnBudget:
    """The three inputs of LLaMA's width rule, one in each of ``places``; the budget they give."""
    left, middle, right = places
    d_model = left.number_input(
        t("swiglu.d_model"),
        8,
        65536,
        4096,
        step=8,
        **in_url("d_model"),
        help=t("swiglu.d_model_help"),
    )
    multiple_of = middle.number_input(
        t("swiglu.multiple_of"),
        1,
        4096,
        256,
        **in_url("multiple_of"),
        help=t("swiglu.multiple_of_help"),
    )
    multiplier = right.number_input(
        t("swiglu.multiplier"),
        0.5,
        4.0,
        1.0,
        step=0.05,
        format="%.2f",
        **in_url("ffn_dim_multiplier"),
        help=t("swiglu.multiplier_help"),
    )
    return gv.ffn_budget(int(d_model), int(multiple_of), float(multiplier))


def calculator() -> None:
    """The presets, the figures right below them, the three inputs (beside the figures in
    lecture mode), the note on a preset just applied, and the widths, budget and check."""
    model_presets()
    stage, places = figure_and_controls([1, 1, 1])
    budget = calculator_inputs(places)
    with stage:
        ffn_figures(budget)
    preset_note(budget)
    markdown(budget_markdown(budget, current_lang()))


def ffn_figures(budget: gv.FfnBudget) -> None:
    """The three-matrix diagram and the stacked parameter budget for these sizes."""
    lecture = lecture_mode()
    diagram = figures.ffn_diagram(
        budget.d_model,
        budget.d_ff_standard,
        budget.d_ff_gated,
        labels=labels("swiglu.diagram"),
        lecture=lecture,
    )
    title = t("app.figure_title", name=t("nav.swiglu"), params=f"d_model = {budget.d_model}")
    chart(diagram, key="swiglu_diagram", filename=f"ffn-diagram-d{budget.d_model}", title=title)
    st.caption(t("swiglu.diagram_caption"))
    names = (t("swiglu.budget.standard"), t("swiglu.budget.gated"))
    parts = gv.budget_parts(budget, names)
    fig = figures.ffn_budget_figure(parts, labels=labels("swiglu.budget"), lecture=lecture)
    chart(fig, key="swiglu_budget", filename=f"ffn-parameters-d{budget.d_model}", title=title)
    st.caption(t("swiglu.budget_caption"))


def preset_note(budget: gv.FfnBudget) -> None:
    """Where the width of the model whose sizes were just filled in comes from (while the
    inputs still hold them)."""
    preset = gv.calculator_presets().get(st.session_state.get(PRESET_SHOWN) or "")
    inputs = (budget.d_model, budget.multiple_of, budget.ffn_dim_multiplier or 1.0)
    if preset is None or preset.inputs != inputs:
        return
    multiplier = preset.ffn_dim_multiplier
    kind = preset.width_rule if preset.gated else "plain"
    st.info(
        t(
            f"swiglu.preset_{kind}",
            name=preset.name,
            d_ff=preset.d_ff,
            multiple_of=preset.multiple_of,
            multiplier=t("swiglu.multiplier_none") if multiplier is None else f"{multiplier:g}",
            two_thirds=budget.d_ff_two_thirds,
            ratio=f"{budget.ratio:.4g}",
        ),
        icon=":material/memory:",
    )


def rule_steps(budget: gv.FfnBudget, lang: str) -> str:
    """LLaMA's rule for these sizes, step by step: ⌊⅔·4d⌋ → × multiplier → rounded up."""
    steps = [
        translate(
            "swiglu.step_two_thirds", lang, d_model=budget.d_model, value=budget.d_ff_two_thirds
        )
    ]
    if budget.ffn_dim_multiplier is not None:
        multiplier = f"{budget.ffn_dim_multiplier:g}"
        steps.append(
            translate(
                "swiglu.step_multiplier", lang, multiplier=multiplier, value=budget.d_ff_scaled
            )
        )
    if budget.multiple_of > 1:
        steps.append(
            translate(
                "swiglu.step_round", lang, multiple_of=budget.multiple_of, value=budget.d_ff_gated
            )
        )
    return translate("swiglu.rule_steps", lang, steps=" → ".join(steps))


@lru_cache(maxsize=256)
def budget_markdown(budget: gv.FfnBudget, lang: str) -> str:
    """The 2/3 rule's width beside the final one (cards), the steps between them; both FFNs'
    sizes, matrices, parameters and FLOPs (a table), their ratio, and the PyTorch/NumPy
    ``FeedForward`` of these sizes counted from its weight shapes against the SwiGLU column."""
    widths = (
        Card(translate("swiglu.two_thirds_d_ff", lang), str(budget.d_ff_two_thirds)),
        Card(translate("swiglu.gated_d_ff", lang), str(budget.d_ff_gated)),
    )
    words = labels("swiglu", lang)
    rows = {
        words["col_quantity"]: [
            words[f"row_{row}"] for row in ("d_ff", "matrices", "params", "flops")
        ],
        words["col_standard"]: [
            str(budget.d_ff_standard),
            "W₁, W₂",
            gv.grouped(budget.params_standard),
            gv.grouped(budget.flops_standard),
        ],
        words["col_gated"]: [
            str(budget.d_ff_gated),
            "W, V, W₂",
            gv.grouped(budget.params_gated),
            gv.grouped(budget.flops_gated),
        ],
    }
    ratio = translate("swiglu.ratio", lang, ratio=f"{budget.ratio:.4f}")
    return joined(
        cards_html(widths),
        caption(rule_steps(budget, lang)),
        markdown_table(rows),
        caption(ratio, feedforward_check(budget, lang)),
    )


def feedforward_check(budget: gv.FfnBudget, lang: str) -> str:
    """The PyTorch/NumPy ``FeedForward`` of these sizes: its weight shapes and parameter count,
    counted from the shapes, against the calculator's SwiGLU column."""
    shapes = parameter_shapes(budget.d_model, budget.d_ff_gated)
    count = parameter_count(budget.d_model, budget.d_ff_gated)
    verdict = "ffn_check_ok" if count == budget.params_gated else "ffn_check_bad"
    return translate(
        "swiglu.ffn_check",
        lang,
        dim=budget.d_model,
        hidden=budget.d_ff_gated,
        w1=_shape(shapes["w1"]),
        w2=_shape(shapes["w2"]),
        params=gv.grouped(count),
        verdict=translate(f"swiglu.{verdict}", lang),
    )


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(size) for size in shape) + ")"


def swish_gate(beta: float) -> None:
    """Swish_β beside the σ, ReLU and identity gates."""
    a, swish = gv.gate_curve("swiglu", -4.5, 4.5, beta)
    curves = {f"Swish, β = {beta:g} (SwiGLU)": swish}
    for variant in ("glu", "reglu", "bilinear"):
        curves[GATED[variant].name_en] = gv.gate_curve(variant, -4.5, 4.5)[1]
    fig = figures.gate_curves_figure(
        a, curves, labels=labels("swiglu.gates"), lecture=lecture_mode()
    )
    title = t("app.figure_title", name=t("nav.swiglu"), params=f"β = {beta:g}")
    chart(fig, key="swiglu_gate", filename=f"swiglu-gate-beta{beta:g}", title=title)
    st.caption(t("swiglu.gate_caption"))


@lru_cache(maxsize=4)
def models_markdown(lang: str) -> str:
    """Real models and their FFNs (from the data file) under their heading, their note, and
    the heading of Table 1 below them."""
    heads = labels("swiglu.models", lang)
    marks = {True: "✓", False: ""}
    rows = [
        {
            heads[key]: marks.get(value, value) if isinstance(value, bool) else value
            for key, value in row.items()
        }
        for row in gv.model_rows()
    ]
    for row in rows:
        row[heads["rule"]] = translate(f"swiglu.width_rule.{row[heads['rule']]}", lang)
    return joined(
        f"### {translate('swiglu.models_title', lang)}",
        markdown_table(rows),
        caption(translate("swiglu.models_caption", lang)),
        f"### {translate('swiglu.table1_title', lang)}",
    )


@lru_cache(maxsize=4)
def table1_markdown(lang: str) -> str:
    """Shazeer 2020, Table 1: what the dot plot shows, and the numbers."""
    names, short_run, long_run, gated = gv.table1()
    words = labels("swiglu.table1", lang)
    rows = {
        translate("swiglu.table1_variant", lang): names,
        translate("swiglu.table1_gated", lang): ["✓" if flag else "" for flag in gated],
        words["short"]: [f"{score:.3f}" for score in short_run],
        words["long"]: [f"{score:.3f}" for score in long_run],
    }
    return joined(caption(translate("swiglu.table1_caption", lang)), markdown_table(rows))


def table1() -> None:
    """Shazeer 2020, Table 1: the dot plot and the numbers."""
    names, short_run, long_run, gated = gv.table1()
    fig = figures.table1_figure(
        names, short_run, long_run, gated=gated, labels=labels("swiglu.table1"),
        lecture=lecture_mode(),
    )  # fmt: skip
    chart(fig, key="swiglu_table1", filename="shazeer-2020-table1", title="Shazeer 2020, Table 1")
    markdown(table1_markdown(current_lang()))


# --- the runnable FFN ------------------------------------------------------------------------


def toy_feedforward(seed: int) -> tuple[FeedForward, np.ndarray]:
    """The toy layer, ``FeedForward(D_MODEL, ⅔·4·D_MODEL)``, and the page's toy tokens."""
    hidden = matched_gated_hidden(demo.D_MODEL)
    return FeedForward.create(demo.D_MODEL, hidden, seed=seed), demo.toy_tokens(seed)


def _cells(values: np.ndarray) -> list[str]:
    return [f"{value:.3f}" for value in values]


def feedforward_controls() -> tuple[int, int]:
    """The toy layer's seed and the token looked at, in one row."""
    row = st.container(horizontal=True, gap="medium")  # one block, not a column per control
    seed = row.number_input(
        t("swiglu.ffn.seed"), 0, 9999, 0, **in_url("seed"), help=t("swiglu.ffn.seed_help")
    )
    token = row.slider(t("swiglu.ffn.token"), 1, demo.N_TOKENS, 1, **in_url("token"))
    return int(seed), int(token)


@lru_cache(maxsize=256)
def feedforward_markdown(seed: int, token: int, lang: str) -> str:
    """One forward pass of the toy layer: shapes, one token's intermediates, the parameters."""
    words = labels("swiglu.ffn", lang)
    ffn, tokens = toy_feedforward(seed)
    run = ffn.trace(tokens)
    shapes = {
        "x": (words["input"], "x", run.x),
        "gate_pre": (words["gate_pre"], "w1(x)", run.gate_pre),
        "gate": (words["gate"], "F.silu(w1(x))", run.gate),
        "up": (words["up"], "w3(x)", run.up),
        "product": (words["product"], "F.silu(w1(x)) * w3(x)", run.product),
        "output": (words["output"], "w2(…)", run.output),
    }
    row = token - 1
    calculator = gv.ffn_budget(ffn.dim).params_gated
    params = translate(
        "swiglu.ffn.params",
        lang,
        dim=ffn.dim,
        hidden=ffn.hidden_dim,
        params=ffn.parameter_count(),
        calculator=calculator,
        verdict="✓" if ffn.parameter_count() == calculator else "✗",
    )
    return joined(
        caption(
            translate("swiglu.ffn.intro", lang, dim=ffn.dim, hidden=ffn.hidden_dim, n=len(tokens))
        ),
        markdown_table(
            {
                words["tensor"]: [label for label, _, _ in shapes.values()],
                words["code"]: [code for _, code, _ in shapes.values()],
                words["shape"]: [_shape(array.shape) for _, _, array in shapes.values()],
            }
        ),
        f"**{translate('swiglu.ffn.token_title', lang, token=token)}**",
        markdown_table(
            {
                words["vector"]: ["x", "w2(…)"],
                **{
                    str(j + 1): [f"{run.x[row, j]:.3f}", f"{run.output[row, j]:.3f}"]
                    for j in range(ffn.dim)
                },
            }
        ),
        markdown_table(
            {
                words["unit"]: [str(j + 1) for j in range(ffn.hidden_dim)],
                "w1(x)": _cells(run.gate_pre[row]),
                "F.silu(w1(x))": _cells(run.gate[row]),
                "w3(x)": _cells(run.up[row]),
                "F.silu(w1(x)) * w3(x)": _cells(run.product[row]),
            }
        ),
        caption(params),
    )


def runnable_feedforward() -> None:
    """The toy layer's controls and one forward pass, in one Markdown element."""
    seed, token = feedforward_controls()
    markdown(feedforward_markdown(seed, token, current_lang()))


def feedforward_code() -> None:
    """The PyTorch ``FeedForward``, as stored in ``content/code/feedforward_torch.py``, with
    what it is, drawn only once its panel is opened: ``st.code`` brings Streamlit's syntax
    highlighter, ~0.5 MB of JavaScript that an open panel made every first visit download."""
    snippet = (t("swiglu.ffn.code_caption"), code_snippet("feedforward_torch"))
    code_fold(FFN_CODE_KEY, t("swiglu.ffn.code_title"), [snippet])
