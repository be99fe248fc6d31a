"""The Streamlit side of the gated pages (GLU, SwiGLU): strings, prose, and one call per section.

Pages read top to bottom: widgets, then these renderers. The numbers come from
:mod:`ui.gated_values` (pure), the figures from :mod:`ui.gated_figures` (pure); this module
only fetches translated words and puts things on the page.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from activations import gating_demo as demo
from activations.feedforward import FeedForward, parameter_count, parameter_shapes
from activations.gated import GATED, matched_gated_hidden
from ui import gated_figures as figures
from ui import gated_values as gv
from ui import precision_page
from ui.content import code_snippet, sections, side_by_side
from ui.errors import safe_callback
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.render import chart, code_fold
from ui.strings import function_name, strings
from ui.tables import table
from ui.url_keys import in_url


def labels(prefix: str) -> dict[str, str]:
    """All strings under ``prefix`` (``"glu.anim"``) in the session's language, short keys."""
    start = prefix + "."
    return {k[len(start) :]: v for k, v in strings(current_lang()).items() if k.startswith(start)}


def split_prose(name: str, *sizes: int) -> list[tuple[str, ...]]:
    """The headings of ``content/<lang>/<name>.md`` in consecutive groups of ``sizes``, then
    the rest, so a page can put its figures between the sections they belong to."""
    headings = tuple(sections(name, current_lang()))
    groups, start = [], 0
    for size in sizes:
        groups.append(headings[start : start + size])
        start += size
    return [*groups, headings[start:]]


FFN_CODE_KEY = "code_feedforward"  # the folded PyTorch panel (open: True in session state)

# --- GLU --------------------------------------------------------------------------------------


def conventions_panel() -> None:
    """Shazeer, Dauphin and ``nn.GLU`` side by side, with one token showing they agree."""
    with st.container(border=True):
        st.markdown(f"**{t('glu.conventions_title')}**")
        cells = [
            f"{t(f'glu.{name}')}\n\n$$\n{t(f'glu.{name}_tex')}\n$$"
            for name in ("shazeer", "dauphin", "torch")
        ]
        st.markdown(side_by_side(cells), unsafe_allow_html=True)
        st.caption(t("glu.conventions_note"))
        names = {t("glu.check_row"): ["Shazeer", "Dauphin", "nn.GLU"]}
        table(names | gv.conventions_table(0, t("glu.anim.unit")))


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


def animation(run: demo.ToyRun, *, beta: float, speed: float) -> None:
    """The client-side gating animation; ``speed`` 1 shows each token for 1.2 s."""
    lecture = lecture_mode()
    if not lecture:  # lecture mode: under the figure, with its other caption
        st.caption(t("glu.animation_help"))
    fig = figures.gating_animation(
        **gv.animation_arrays(run, beta),
        labels=labels("glu.anim"),
        frame_ms=round(1200 / speed),
        lecture=lecture,
    )
    title = t("app.figure_title", name=t("nav.glu"), params=variant_text(run.variant, beta))
    chart(fig, key="glu_animation", filename=f"glu-animation-{run.variant}", title=title)
    if lecture:
        st.caption(t("glu.animation_help"))
    st.caption(t("glu.animation_caption"))


def compare_gates(run: demo.ToyRun, *, token: int, beta: float) -> None:
    """Token ``token`` (1-based) under all five gates."""
    pre_gate = run.pre_gate[token - 1]
    gates, curve_a, curves = gv.compare_arrays(pre_gate, beta)
    fig = figures.compare_gates_figure(
        pre_gate, gates, curve_a, curves, labels=labels("glu.compare"), lecture=lecture_mode()
    )
    title = t("app.figure_title", name=t("nav.glu"), params=f"{t('glu.anim.token')} {token}")
    chart(fig, key="glu_compare", filename=f"glu-compare-gates-token{token}", title=title)
    st.caption(t("glu.compare_caption"))


def surfaces(variant: str, *, beta: float) -> None:
    """SymPy's y, ∂y/∂a, ∂y/∂b for ``variant`` and their maps over the (a, b) plane."""
    formulas = gv.partials_latex(variant, beta)
    cells = [f"$$\n{formulas[name]}\n$$" for name in ("y", "dy_da", "dy_db")]
    st.markdown(side_by_side(cells), unsafe_allow_html=True)
    st.caption(t("glu.sympy_note"))
    st.markdown(f"**{t('glu.surfaces_title')}**")
    fig = figures.surfaces_figure(
        *gv.surfaces(variant, beta), labels=labels("glu.surface"), lecture=lecture_mode()
    )
    title = t("app.figure_title", name=t("nav.glu"), params=variant_text(variant, beta))
    chart(fig, key="glu_surfaces", filename=f"glu-surfaces-{variant}", title=title)
    st.caption(t("glu.surfaces_caption"))


def gate_in_precision(variant: str, *, beta: float) -> None:
    """The gate of ``variant`` in the type the reader picks (``?dtype=``; nothing at float64)."""
    gate = GATED[variant]
    name = function_name(gate.gate_key, current_lang()) if gate.gate_key else gate.name_en
    precision_page.gate_section(gate.gate_key, gv.gate_params(variant, beta), title=name)


# --- SwiGLU -----------------------------------------------------------------------------------


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


def rule_steps(budget: gv.FfnBudget) -> str:
    """LLaMA's rule for these sizes, step by step: ⌊⅔·4d⌋ → × multiplier → rounded up."""
    steps = [t("swiglu.step_two_thirds", d_model=budget.d_model, value=budget.d_ff_two_thirds)]
    if budget.ffn_dim_multiplier is not None:
        multiplier = f"{budget.ffn_dim_multiplier:g}"
        steps.append(t("swiglu.step_multiplier", multiplier=multiplier, value=budget.d_ff_scaled))
    if budget.multiple_of > 1:
        steps.append(
            t("swiglu.step_round", multiple_of=budget.multiple_of, value=budget.d_ff_gated)
        )
    return t("swiglu.rule_steps", steps=" → ".join(steps))


def width_rule(budget: gv.FfnBudget) -> None:
    """The 2/3 rule's width beside the final one, the steps between them, and the note on the
    model whose sizes were just filled in (while the inputs still hold them)."""
    two_thirds, final, steps = st.columns([1, 1, 2], vertical_alignment="center")
    two_thirds.metric(t("swiglu.two_thirds_d_ff"), str(budget.d_ff_two_thirds))
    final.metric(t("swiglu.gated_d_ff"), str(budget.d_ff_gated))
    steps.caption(rule_steps(budget))
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


def feedforward_check(budget: gv.FfnBudget) -> None:
    """The PyTorch/NumPy ``FeedForward`` of these sizes: its weight shapes and parameter count,
    counted from the shapes, against the calculator's SwiGLU column."""
    shapes = parameter_shapes(budget.d_model, budget.d_ff_gated)
    count = parameter_count(budget.d_model, budget.d_ff_gated)
    verdict = "ffn_check_ok" if count == budget.params_gated else "ffn_check_bad"
    st.caption(
        t(
            "swiglu.ffn_check",
            dim=budget.d_model,
            hidden=budget.d_ff_gated,
            w1=_shape(shapes["w1"]),
            w2=_shape(shapes["w2"]),
            params=gv.grouped(count),
            verdict=t(f"swiglu.{verdict}"),
        )
    )


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(size) for size in shape) + ")"


def budget_table(budget: gv.FfnBudget) -> None:
    """Sizes, matrices, parameters and FLOPs of both FFNs, as a Markdown table (text in the DOM)."""
    table(
        {
            t("swiglu.col_quantity"): [
                t(f"swiglu.row_{row}") for row in ("d_ff", "matrices", "params", "flops")
            ],
            t("swiglu.col_standard"): [
                str(budget.d_ff_standard),
                "W₁, W₂",
                gv.grouped(budget.params_standard),
                gv.grouped(budget.flops_standard),
            ],
            t("swiglu.col_gated"): [
                str(budget.d_ff_gated),
                "W, V, W₂",
                gv.grouped(budget.params_gated),
                gv.grouped(budget.flops_gated),
            ],
        }
    )


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


def model_table() -> None:
    """Real models and their FFNs, from the data file."""
    heads = labels("swiglu.models")
    marks = {True: "✓", False: ""}
    rows = [
        {
            heads[key]: marks.get(value, value) if isinstance(value, bool) else value
            for key, value in row.items()
        }
        for row in gv.model_rows()
    ]
    for row in rows:
        row[heads["rule"]] = t(f"swiglu.width_rule.{row[heads['rule']]}")
    table(rows)
    st.caption(t("swiglu.models_caption"))


def table1() -> None:
    """Shazeer 2020, Table 1: the dot plot and the numbers."""
    names, short_run, long_run, gated = gv.table1()
    words = labels("swiglu.table1")
    fig = figures.table1_figure(
        names, short_run, long_run, gated=gated, labels=words, lecture=lecture_mode()
    )
    chart(fig, key="swiglu_table1", filename="shazeer-2020-table1", title="Shazeer 2020, Table 1")
    st.caption(t("swiglu.table1_caption"))
    table(
        {
            t("swiglu.table1_variant"): names,
            t("swiglu.table1_gated"): ["✓" if flag else "" for flag in gated],
            words["short"]: [f"{score:.3f}" for score in short_run],
            words["long"]: [f"{score:.3f}" for score in long_run],
        }
    )


# --- the runnable FFN ------------------------------------------------------------------------


def toy_feedforward(seed: int) -> tuple[FeedForward, np.ndarray]:
    """The toy layer, ``FeedForward(D_MODEL, ⅔·4·D_MODEL)``, and the page's toy tokens."""
    hidden = matched_gated_hidden(demo.D_MODEL)
    return FeedForward.create(demo.D_MODEL, hidden, seed=seed), demo.toy_tokens(seed)


def _cells(values: np.ndarray) -> list[str]:
    return [f"{value:.3f}" for value in values]


def runnable_feedforward(seed: int, token: int) -> None:
    """One forward pass of the toy layer: shapes, one token's intermediates, the parameters,
    and the same module in PyTorch."""
    ffn, tokens = toy_feedforward(seed)
    run = ffn.trace(tokens)
    st.caption(
        t("swiglu.ffn.intro", dim=ffn.dim, hidden=ffn.hidden_dim, n=len(tokens)),
    )
    shapes = {
        "x": (t("swiglu.ffn.input"), "x", run.x),
        "gate_pre": (t("swiglu.ffn.gate_pre"), "w1(x)", run.gate_pre),
        "gate": (t("swiglu.ffn.gate"), "F.silu(w1(x))", run.gate),
        "up": (t("swiglu.ffn.up"), "w3(x)", run.up),
        "product": (t("swiglu.ffn.product"), "F.silu(w1(x)) * w3(x)", run.product),
        "output": (t("swiglu.ffn.output"), "w2(…)", run.output),
    }
    table(
        {
            t("swiglu.ffn.tensor"): [label for label, _, _ in shapes.values()],
            t("swiglu.ffn.code"): [code for _, code, _ in shapes.values()],
            t("swiglu.ffn.shape"): [_shape(array.shape) for _, _, array in shapes.values()],
        }
    )
    row = token - 1
    st.markdown(f"**{t('swiglu.ffn.token_title', token=token)}**")
    table(
        {
            t("swiglu.ffn.vector"): ["x", "w2(…)"],
            **{
                str(j + 1): [f"{run.x[row, j]:.3f}", f"{run.output[row, j]:.3f}"]
                for j in range(ffn.dim)
            },
        }
    )
    table(
        {
            t("swiglu.ffn.unit"): [str(j + 1) for j in range(ffn.hidden_dim)],
            "w1(x)": _cells(run.gate_pre[row]),
            "F.silu(w1(x))": _cells(run.gate[row]),
            "w3(x)": _cells(run.up[row]),
            "F.silu(w1(x)) * w3(x)": _cells(run.product[row]),
        }
    )
    calculator = gv.ffn_budget(ffn.dim).params_gated
    st.caption(
        t(
            "swiglu.ffn.params",
            dim=ffn.dim,
            hidden=ffn.hidden_dim,
            params=ffn.parameter_count(),
            calculator=calculator,
            verdict="✓" if ffn.parameter_count() == calculator else "✗",
        )
    )


def feedforward_code() -> None:
    """The PyTorch ``FeedForward``, as stored in ``content/code/feedforward_torch.py``, drawn
    only once its panel is opened: ``st.code`` brings Streamlit's syntax highlighter, ~0.5 MB
    of JavaScript that an open panel made every first visit to the page download."""
    st.caption(t("swiglu.ffn.code_caption"))
    code_fold(FFN_CODE_KEY, t("swiglu.ffn.code_title"), [("", code_snippet("feedforward_torch"))])
