"""What the gated pages (GLU, SwiGLU) show, computed from the core: numbers, tables, arrays.

Pure: no Streamlit. :mod:`ui.gated_page` calls these and hands the arrays to the figure
builders in :mod:`views.gated_figures`. Real models and Shazeer 2020's Table 1 live in the core's
data file (:func:`activations.gated.ffn_data`).

>>> gated_prose_values()["swiglu.d_ff_llama7b"]
'11008'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import numpy as np

from activations import REGISTRY
from activations import gating_demo as demo
from activations.gated import (
    GATED,
    ffn_data,
    ffn_flops_per_token,
    ffn_param_count,
    glu_dauphin,
    glu_shazeer,
    glu_torch,
    llama_hidden_steps,
    matched_gated_hidden,
    standard_hidden,
)
from activations.symbolic import gated_partials_latex
from views.numbers import number
from views.strings import function_name

SURFACE_POINTS = 41  # per axis: 3 surfaces × 41² float32 values ≈ 30 KB on the wire
SURFACE_LIMIT = 4.0
CURVE_POINTS = 201  # gate curves are smooth; 201 points keep each figure small
COMPARED = ("glu", "swiglu", "geglu", "reglu", "bilinear")  # σ first: the page's own gate


# --- data -----------------------------------------------------------------------------------


def model_rows() -> list[dict[str, object]]:
    """One row per real model: name, year, activation, gated?, d_model, d_ff, d_ff/d_model,
    where d_ff comes from (a :data:`WIDTH_RULES` key) and the source; the activation by its
    canonical (English) name, as the models' papers and code name it."""
    return [
        {
            "model": model["name"],
            "year": model["year"],
            "ffn": function_name(model["ffn"], "en"),
            "gated": model["ffn"] in GATED,
            "d_model": model["d_model"],
            "d_ff": model["d_ff"],
            "ratio": f"{model['d_ff'] / model['d_model']:.3g}",
            "rule": model["width_rule"],
            "source": model["source"],
        }
        for model in ffn_data()["models"]
    ]


def model_presets() -> dict[str, tuple[int, int]]:
    """Model name -> (d_model, multiple_of), for code that needs the plain 2/3 rule."""
    return {m["name"]: (m["d_model"], m["multiple_of"]) for m in ffn_data()["models"]}


WIDTH_RULES = ("llama", "config", "four_d")


@dataclass(frozen=True)
class ModelPreset:
    """One model as the SwiGLU calculator fills it in (:func:`activations.gated.ffn_data`).

    ``d_ff`` is the published width; ``width_rule`` where it comes from (LLaMA's rule in the
    model's code, the configuration, or 4·d_model); ``multiple_of`` and ``ffn_dim_multiplier``
    the settings of LLaMA's rule the calculator gets.
    """

    name: str
    d_model: int
    d_ff: int
    gated: bool
    width_rule: str
    multiple_of: int
    ffn_dim_multiplier: float | None

    @property
    def inputs(self) -> tuple[int, int, float]:
        """What the calculator's three boxes get: d_model, multiple_of, multiplier (1 = none)."""
        return self.d_model, self.multiple_of, self.ffn_dim_multiplier or 1.0

    def calculator_width(self) -> int:
        """The width the calculator shows for this model: the SwiGLU column for a gated model,
        the standard column (4·d_model) for one without a gate.

        >>> calculator_presets()["Llama 3 8B"].calculator_width()
        14336
        """
        if not self.gated:
            return standard_hidden(self.d_model)
        return ffn_budget(*self.inputs).d_ff_gated


@cache
def calculator_presets() -> MappingProxyType:
    """Every model of the data file as a calculator preset, in the file's order (read-only)."""
    return MappingProxyType(
        {
            m["name"]: ModelPreset(
                m["name"],
                m["d_model"],
                m["d_ff"],
                m["ffn"] in GATED,
                m["width_rule"],
                m["multiple_of"],
                m.get("ffn_dim_multiplier"),
            )
            for m in ffn_data()["models"]
        }
    )


def table1() -> tuple[list[str], list[float], list[float], list[bool]]:
    """Shazeer 2020, Table 1: names, log-perplexity at 65,536 and 524,288 steps, gated flags."""
    rows = ffn_data()["table1"]["rows"]
    names = [function_name(row["ffn"], "en").split(" /")[0] for row in rows]
    return (
        names,
        [row["log_perplexity"][0] for row in rows],
        [row["log_perplexity"][1] for row in rows],
        [row["ffn"] in GATED for row in rows],
    )


def _table1_score(ffn: str, column: int) -> float:
    return next(
        r["log_perplexity"][column] for r in ffn_data()["table1"]["rows"] if r["ffn"] == ffn
    )


# --- the calculator -------------------------------------------------------------------------


@dataclass(frozen=True)
class FfnBudget:
    """A standard FFN (d_ff = 4·d) and a gated FFN by LLaMA's rule side by side.

    ``d_ff_two_thirds`` is the 2/3 rule's ⌊⅔·4d⌋, ``d_ff_scaled`` that times the multiplier
    (itself without one), ``d_ff_gated`` the final width, rounded up to ``multiple_of``.
    """

    d_model: int
    multiple_of: int
    d_ff_standard: int
    d_ff_gated: int
    params_standard: int
    params_gated: int
    flops_standard: int
    flops_gated: int
    ffn_dim_multiplier: float | None = None
    d_ff_two_thirds: int = 0
    d_ff_scaled: int = 0

    @property
    def ratio(self) -> float:
        """Gated parameters over standard ones: 1 when matched exactly."""
        return self.params_gated / self.params_standard


def ffn_budget(
    d_model: int, multiple_of: int = 1, ffn_dim_multiplier: float | None = None
) -> FfnBudget:
    """Sizes, parameters and FLOPs per token of both FFNs for one model width.

    The gated width follows LLaMA's rule (:func:`activations.gated.llama_hidden_steps`); a
    multiplier of 1 is the same as none.

    >>> budget = ffn_budget(768)
    >>> budget.d_ff_standard, budget.d_ff_gated, budget.params_standard == budget.params_gated
    (3072, 2048, True)
    >>> ffn_budget(4096, 1024, 1.3).d_ff_gated
    14336
    """
    if ffn_dim_multiplier == 1:
        ffn_dim_multiplier = None
    d_ff_standard = standard_hidden(d_model)
    two_thirds, scaled, d_ff_gated = llama_hidden_steps(d_model, multiple_of, ffn_dim_multiplier)
    return FfnBudget(
        d_model,
        multiple_of,
        d_ff_standard,
        d_ff_gated,
        ffn_param_count(d_model, d_ff_standard, gated=False),
        ffn_param_count(d_model, d_ff_gated, gated=True),
        ffn_flops_per_token(d_model, d_ff_standard, gated=False),
        ffn_flops_per_token(d_model, d_ff_gated, gated=True),
        ffn_dim_multiplier,
        two_thirds,
        scaled,
    )


def budget_parts(budget: FfnBudget, names: tuple[str, str]) -> dict[str, dict[str, int]]:
    """Parameters per matrix of both FFNs, for ``views.gated_figures.ffn_budget_figure``."""
    standard = budget.d_model * budget.d_ff_standard
    gated = budget.d_model * budget.d_ff_gated
    return {
        names[0]: {"W₁": standard, "W₂": standard},
        names[1]: {"W": gated, "V": gated, "W₂": gated},
    }


def grouped(value: int) -> str:
    """An integer with thousands separators: 4718592 -> '4,718,592'."""
    return f"{value:,}"


# --- the toy layer and the gate plots -------------------------------------------------------


def gate_params(variant: str, beta: float) -> dict[str, float]:
    """The gate's keyword parameters: β for SwiGLU only."""
    return {"beta": beta} if GATED[variant].params else {}


def gate_curve(variant: str, low: float, high: float, beta: float = 1.0):
    """g(a) of a variant sampled on [low, high]."""
    a = np.linspace(low, high, CURVE_POINTS)
    return a, GATED[variant].gate(a, **gate_params(variant, beta))


def animation_arrays(run: demo.ToyRun, beta: float = 1.0) -> dict[str, np.ndarray]:
    """The arrays ``gating_animation`` takes, with a gate curve wide enough for every a."""
    reach = max(6.0, float(np.abs(run.pre_gate).max()) + 0.5)
    curve_a, curve_g = gate_curve(run.variant, -reach, reach, beta)
    return {
        "tokens": run.tokens,
        "pre_gate": run.pre_gate,
        "gate": run.gate,
        "value": run.value,
        "output": run.output,
        "curve_a": curve_a,
        "curve_g": curve_g,
    }


def compare_arrays(pre_gate_row: np.ndarray, beta: float = 1.0):
    """Every gate at one token's pre-activations, and as curves, keyed by display name."""
    reach = max(5.0, float(np.abs(pre_gate_row).max()) + 0.5)
    gates, curves, curve_a = {}, {}, None
    for variant in COMPARED:
        name = f"{_gate_symbol(variant)} ({GATED[variant].name_en})"
        params = gate_params(variant, beta)
        gates[name] = GATED[variant].gate(pre_gate_row, **params)
        curve_a, curves[name] = gate_curve(variant, -reach, reach, beta)
    return gates, curve_a, curves


def _gate_symbol(variant: str) -> str:
    key = GATED[variant].gate_key
    return {"sigmoid": "σ", None: "a"}.get(key, REGISTRY[key].name_en.split(" /")[0] if key else "")


def surfaces(variant: str, beta: float = 1.0):
    """y, ∂y/∂a and ∂y/∂b on a grid over [−4, 4]², plus slices at b = 1, from the core."""
    gated = GATED[variant]
    params = gate_params(variant, beta)
    axis = np.linspace(-SURFACE_LIMIT, SURFACE_LIMIT, SURFACE_POINTS)
    a, b = np.meshgrid(axis, axis)
    planes = [
        gated.value(a, b, **params),
        gated.grad_a(a, b, **params),
        gated.grad_b(a, b, **params),
    ]
    line = np.linspace(-SURFACE_LIMIT, SURFACE_LIMIT, CURVE_POINTS)
    slices = {
        "∂y/∂b = g(a)": gated.grad_b(line, 1.0, **params),
        "∂y/∂a = g′(a)": gated.grad_a(line, 1.0, **params),
    }
    return axis, axis, planes, line, slices


def conventions_check(seed: int, token: int = 0) -> dict[str, np.ndarray]:
    """One toy token through the three GLU conventions: the outputs agree exactly.

    Shazeer σ(xW) ⊙ xV; Dauphin with the roles of W and V swapped, (xV) ⊗ σ(xW); PyTorch
    ``nn.GLU`` on the concatenation [xV, xW] (its second half gates).
    """
    gate_weights, value_weights = demo.toy_weights(seed)
    x = demo.toy_tokens(seed)[token]
    return {
        "shazeer": glu_shazeer(x, gate_weights, value_weights),
        "dauphin": glu_dauphin(x, value_weights, gate_weights),
        "torch": glu_torch(np.concatenate([x @ value_weights, x @ gate_weights])),
    }


# --- prose ----------------------------------------------------------------------------------


def gated_prose_values() -> dict[str, str]:
    """Every ``{{name}}`` the GLU and SwiGLU prose uses, mapped to its formatted value.

    Names read ``glu.*`` and ``swiglu.*``; they are merged into
    ``views.prose_values.prose_values()``.
    """
    return dict(_gated_values())


@cache
def _gated_values() -> MappingProxyType:
    bert, llama = ffn_budget(768), ffn_budget(4096, 256)
    closed = demo.toy_run("glu", demo.toy_tokens(0, "closed"), seed=0)
    one_open = demo.toy_run("glu", demo.toy_tokens(0, "one_open"), seed=0)
    unmatched = ffn_param_count(768, standard_hidden(768), gated=True) / bert.params_standard
    gap_short = _table1_score("swiglu", 0) - _table1_score("geglu", 0)
    gap_long = _table1_score("swiglu", 1) - _table1_score("geglu", 1)
    small, small_rounded = ffn_budget(1024), ffn_budget(1024, 256)
    models = {model["name"]: model for model in ffn_data()["models"]}
    llama3 = ffn_budget(*calculator_presets()["Llama 3 8B"].inputs)
    values = {
        "glu.n_tokens": str(demo.N_TOKENS),
        "glu.d_model": str(demo.D_MODEL),
        "glu.d_ff": str(demo.D_FF),
        "glu.closed_gate_max": number(float(closed.gate.max()), 2),
        "glu.open_gate": number(float(one_open.gate.max()), 2),
        "glu.shut_gate_max": number(float(np.sort(one_open.gate, axis=1)[:, -2].max()), 2),
        "swiglu.d_ff_standard_768": str(bert.d_ff_standard),
        "swiglu.d_ff_gated_768": str(bert.d_ff_gated),
        "swiglu.params_768": grouped(bert.params_standard),
        "swiglu.params_each_768": grouped(bert.params_standard // 2),
        "swiglu.params_gated_each_768": grouped(bert.params_gated // 3),
        "swiglu.flops_768": grouped(bert.flops_standard),
        "swiglu.unmatched_ratio": number(unmatched, 3),
        "swiglu.d_ff_llama7b": str(llama.d_ff_gated),
        "swiglu.d_ff_llama7b_unrounded": str(matched_gated_hidden(4096)),
        "swiglu.d_ff_standard_4096": str(llama.d_ff_standard),
        "swiglu.llama7b_extra_percent": number(100 * (llama.ratio - 1), 2),
        "swiglu.params_standard_4096": grouped(llama.params_standard),
        "swiglu.params_gated_4096": grouped(llama.params_gated),
        "swiglu.llama3_multiplier": f"{llama3.ffn_dim_multiplier:g}",
        "swiglu.llama3_multiple_of": str(llama3.multiple_of),
        "swiglu.llama3_scaled": str(llama3.d_ff_scaled),
        "swiglu.d_ff_llama3_8b": str(llama3.d_ff_gated),
        "swiglu.llama3_ratio": number(llama3.ratio, 3),
        "swiglu.d_ff_standard_1024": str(small.d_ff_standard),
        "swiglu.d_ff_gated_1024": str(small.d_ff_gated),
        "swiglu.d_ff_gated_1024_256": str(small_rounded.d_ff_gated),
        "swiglu.params_standard_1024": grouped(small.params_standard),
        "swiglu.params_gated_1024": grouped(small.params_gated),
        "swiglu.palm_ratio": number(models["PaLM 540B"]["d_ff"] / models["PaLM 540B"]["d_model"]),
        "swiglu.d_ff_mistral": str(models["Mistral 7B"]["d_ff"]),
        "swiglu.mistral_ratio": number(
            models["Mistral 7B"]["d_ff"] / models["Mistral 7B"]["d_model"]
        ),
        "swiglu.table1_relu_long": f"{_table1_score('relu', 1):.3f}",
        "swiglu.table1_geglu_long": f"{_table1_score('geglu', 1):.3f}",
        "swiglu.table1_swiglu_long": f"{_table1_score('swiglu', 1):.3f}",
        "swiglu.table1_glu_long": f"{_table1_score('glu', 1):.3f}",
        "swiglu.table1_gap_short": f"{abs(gap_short):.3f}",
        "swiglu.table1_gap_long": f"{abs(gap_long):.3f}",
        "swiglu.table1_gain_long": f"{_table1_score('relu', 1) - _table1_score('geglu', 1):.3f}",
    }
    return MappingProxyType(values)


def partials_latex(variant: str, beta: float = 1.0) -> dict[str, str]:
    """y, ∂y/∂a and ∂y/∂b as display equations (SymPy), β substituted for SwiGLU."""
    tex = gated_partials_latex(variant, beta if GATED[variant].params else None)
    return {
        "y": rf"y = {tex['y']}",
        "dy_da": rf"\frac{{\partial y}}{{\partial a}} = {tex['dy_da']}",
        "dy_db": rf"\frac{{\partial y}}{{\partial b}} = {tex['dy_db']}",
    }


def conventions_table(seed: int, unit: str = "unit") -> dict[str, list[str]]:
    """:func:`conventions_check` as table columns (one per unit), four decimals."""
    outputs = list(conventions_check(seed).values())
    return {f"{unit} {j + 1}": [f"{row[j]:.4f}" for row in outputs] for j in range(len(outputs[0]))}
