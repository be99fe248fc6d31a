"""The shared body of the function pages: controls, figure, formulas, facts, code, downloads.

A page reads top to bottom and stays thin::

    header("swish")
    view, params = controls(["swish"])
    panel("swish", params, view)
    downloads("swish", [("swish", params)], view)
    lecture_text(["swish"])

Numbers come from the registry (``activations.REGISTRY``) and the symbolic layer
(``activations.symbolic``: LaTeX and facts, derived by SymPy); figures from the pure builders
in :mod:`ui.function_figures`; words from the ``functions`` strings table and
``content/<lang>/<key>.md``. Every control is bound to the URL under its shared name
(``beta``, ``negative_slope``, ``alpha``, ``x0``, ``xmin``, ``xmax``).
"""

from __future__ import annotations

import io
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from activations import REGISTRY, symbolic
from ui.content import placeholders, raw
from ui.errors import safe_callback
from ui.function_figures import (
    Curve,
    Labels,
    Probe,
    Reference,
    difference_figure,
    function_figure,
    grid,
    palette_curves,
)
from ui.i18n import current_lang, t
from ui.layout import lecture_mode
from ui.numbers import number
from ui.prose_values import prose_values_for
from ui.render import chart, formula, prose
from ui.tables import table
from ui.url_keys import bound
from ui.widgets import param_slider, x_range

X0_LIMIT = 10.0
X0_DEFAULT = 1.0


@dataclass(frozen=True)
class View:
    """What part of the x axis is drawn and where the probe x₀ sits."""

    xmin: float
    xmax: float
    x0: float

    @property
    def x(self) -> np.ndarray:
        return grid(self.xmin, self.xmax)


# --- pure helpers (tested without a running page) -----------------------------------------


FACT_DIGITS = 5  # metrics and tables show one significant digit more than the prose


def interval(low, high, low_open: bool, high_open: bool) -> str:
    """The range of f in interval notation: ``(0, 1)``, ``[-0.2785, ∞)``."""
    left = "(" if low_open or (low is not None and math.isinf(float(low))) else "["
    right = ")" if high_open or (high is not None and math.isinf(float(high))) else "]"
    return f"{left}{number(low, FACT_DIGITS)}, {number(high, FACT_DIGITS)}{right}"


def param_text(params: dict[str, float]) -> str:
    """``β = 1.5`` style text for the current parameters of one function (empty if none)."""
    symbols = {param.name: param.latex for entry in REGISTRY.values() for param in entry.params}
    return ", ".join(
        f"{_GREEK.get(symbols[name], symbols[name])} = {value:g}" for name, value in params.items()
    )


_GREEK = {r"\alpha": "α", r"\beta": "β"}


def jumps(key: str, params: dict[str, float]) -> tuple[float, ...]:
    """The registry's kinks where f′ really jumps at these parameters (ELU at α = 1 does not)."""
    entry = REGISTRY[key]
    found = []
    for kink in entry.kinks:
        sides = entry.grad(np.array([kink - 1e-9, kink + 1e-9]), **params)
        if abs(float(sides[1] - sides[0])) > 1e-6:
            found.append(kink)
    return tuple(found)


_CODE = {
    # key: (NumPy/SciPy, PyTorch, JAX); {name} placeholders are the current parameters.
    "sigmoid": (
        "from scipy.special import expit  # stable 1 / (1 + exp(-x))\ny = expit(x)",
        "y = torch.sigmoid(x)",
        "y = jax.nn.sigmoid(x)",
    ),
    "tanh": ("y = np.tanh(x)", "y = torch.tanh(x)", "y = jnp.tanh(x)"),
    "relu": ("y = np.maximum(x, 0)", "y = F.relu(x)", "y = jax.nn.relu(x)"),
    "leaky_relu": (
        "y = np.where(x >= 0, x, {negative_slope} * x)",
        "y = F.leaky_relu(x, negative_slope={negative_slope})\n"
        "# PReLU learns the slope: torch.nn.PReLU(init=0.25)",
        "y = jax.nn.leaky_relu(x, negative_slope={negative_slope})",
    ),
    "elu": (
        "y = np.where(x > 0, x, {alpha} * np.expm1(np.minimum(x, 0)))",
        "y = F.elu(x, alpha={alpha})",
        "y = jax.nn.elu(x, alpha={alpha})",
    ),
    "gelu": (
        "from scipy.special import erfc  # x·Φ(x), stable in the left tail\n"
        "y = 0.5 * x * erfc(-x / np.sqrt(2))",
        "y = F.gelu(x)  # approximate='none'",
        "y = jax.nn.gelu(x, approximate=False)  # JAX defaults to the tanh form",
    ),
    "gelu_tanh": (
        "y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))",
        "y = F.gelu(x, approximate='tanh')",
        "y = jax.nn.gelu(x, approximate=True)",
    ),
    "swish": (
        "from scipy.special import expit\ny = x * expit({beta} * x)",
        "y = x * torch.sigmoid({beta} * x)  # F.silu / nn.SiLU have no β (β = 1 only)",
        "y = x * jax.nn.sigmoid({beta} * x)  # jax.nn.silu(x) when β = 1",
    ),
    "softplus": ("y = np.logaddexp(0, x)", "y = F.softplus(x)", "y = jax.nn.softplus(x)"),
    "mish": (
        "y = x * np.tanh(np.logaddexp(0, x))",
        "y = F.mish(x)",
        "y = x * jnp.tanh(jax.nn.softplus(x))",
    ),
}
_IMPORTS = (
    "import numpy as np",
    "import torch\nimport torch.nn.functional as F",
    "import jax\nimport jax.numpy as jnp",
)


def code_snippets(key: str, params: dict[str, float]) -> tuple[str, str, str]:
    """One-liners for NumPy, PyTorch and JAX with the current parameter values filled in.

    >>> code_snippets("swish", {"beta": 1.5})[1].splitlines()[-1][:32]
    'y = x * torch.sigmoid(1.5 * x)  '
    """
    values = {name: f"{value:g}" for name, value in params.items()}
    return tuple(
        f"{imports}\n\n{template.format(**values)}"
        for imports, template in zip(_IMPORTS, _CODE[key], strict=True)
    )


def table_csv(x: np.ndarray, columns: dict[str, np.ndarray]) -> str:
    """Curve data as CSV: one ``x`` column, then one column per curve (float64, 10 digits)."""
    table = np.column_stack([x, *columns.values()])
    buffer = io.StringIO()
    np.savetxt(buffer, table, delimiter=",", fmt="%.10g", header=",".join(["x", *columns]))
    return buffer.getvalue().replace("# ", "", 1)


# --- SymPy work: cached in the symbolic layer (lru_cache on plain values, all sessions) ------


def latex(key: str, params: dict[str, float] | None = None) -> tuple[str, str]:
    """f and f′ as LaTeX from the symbolic layer: the general form without ``params``."""
    params = params or {}
    return symbolic.latex_f(key, **params), symbolic.latex_grad(key, **params)


def facts(key: str, params: dict[str, float]) -> dict[str, object]:
    """The symbolic layer's facts for ``key`` at ``params``, as a plain dict."""
    return symbolic.facts(key, **params).as_dict()


# --- Streamlit pieces ----------------------------------------------------------------------


def display_name(key: str) -> str:
    entry = REGISTRY[key]
    return entry.name_zh if current_lang() == "zh" else entry.name_en


def labels() -> Labels:
    return Labels(
        value=t("functions.axis_value"),
        grad=t("functions.axis_grad"),
        x="x",
        tangent=t("functions.tangent"),
        probe="x₀",
    )


def header(page: str) -> None:
    st.title(t(f"nav.{page}"))
    st.caption(t(f"functions.{page}_caption"))


def controls(keys: Sequence[str] = (), *, probe: bool = True) -> tuple[View, dict[str, float]]:
    """Sliders for the parameters of ``keys`` (each shared name once), x₀ and the x range."""
    params = list({p.name: p for key in keys for p in REGISTRY[key].params}.values())
    columns = st.columns([3] * (len(params) + probe) + [3], gap="medium")
    values = {
        p.name: param_slider(p, container=column)
        for p, column in zip(params, columns, strict=False)
    }
    x0 = X0_DEFAULT
    if probe:
        x0 = columns[len(params)].slider(
            t("functions.x0"),
            -X0_LIMIT,
            X0_LIMIT,
            X0_DEFAULT,
            0.05,
            key=bound("x0"),
            bind="query-params",
            help=t("functions.x0_help"),
        )
    xmin, xmax = x_range(container=columns[-1])
    return View(float(xmin), float(xmax), float(x0)), values


def own(key: str, values: dict[str, float]) -> dict[str, float]:
    """The subset of ``values`` that ``key`` takes."""
    return {p.name: values[p.name] for p in REGISTRY[key].params}


def figure(
    key: str,
    params: dict[str, float],
    view: View,
    *,
    references: Sequence[Reference] = (),
    x_span: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> go.Figure:
    entry, x = REGISTRY[key], view.x
    words = labels()
    curve = Curve(
        words.value,
        words.grad,
        entry.fn(x, **params),
        entry.grad(x, **params),
        kinks=jumps(key, params),
    )
    probe = Probe(view.x0, float(entry.fn(view.x0, **params)), float(entry.grad(view.x0, **params)))
    return function_figure(
        x,
        [curve],
        probe=probe,
        references=references,
        labels=words,
        lecture=lecture_mode(),
        x_range=x_span,
        value_range=value_range,
        grad_range=grad_range,
    )


def panel(
    key: str,
    params: dict[str, float],
    view: View,
    *,
    compact: bool = False,
    note: str | None = None,
    references: Sequence[Reference] = (),
    x_span: tuple[float, float] | None = None,
    value_range: tuple[float, float] | None = None,
    grad_range: tuple[float, float] | None = None,
) -> None:
    """One function: heading, figure, probe metrics, formulas, facts and code."""
    suffix = param_text(params)
    if compact:  # half width: one short line, so the figures of both columns stay level
        st.markdown(f"#### {display_name(key)}")
    else:
        heading = t("functions.heading", name=display_name(key), params=suffix)
        st.subheader(heading if suffix else display_name(key), anchor=key)
    if note:
        st.caption(note)
    fig = figure(
        key,
        params,
        view,
        references=references,
        x_span=x_span,
        value_range=value_range,
        grad_range=grad_range,
    )
    chart(fig, key=f"chart_{key}", filename=f"{key}{'_' + suffix if suffix else ''}")
    if not view.xmin <= view.x0 <= view.xmax:
        st.caption(t("functions.x0_outside"))
    probe_metrics(key, params, view.x0)
    formulas(key, params, compact=compact)
    fact_metrics(key, params, per_row=2 if compact else 4)
    code(key, params)


def probe_metrics(key: str, params: dict[str, float], x0: float) -> None:
    entry = REGISTRY[key]
    left, right = st.columns(2)
    left.metric(t("functions.value_at", x0=f"{x0:g}"), number(float(entry.fn(x0, **params)), 6))
    right.metric(
        t("functions.grad_at", x0=f"{x0:g}"),
        number(float(entry.grad(x0, **params)), 6),
        help=t("functions.grad_at_help"),
    )


def formulas(key: str, params: dict[str, float], *, compact: bool = False) -> None:
    """f and f′ from SymPy: the general form, and with the current values if there are any."""
    general = latex(key)
    blocks = [(t("functions.general_form"), general)]
    if params:
        blocks.append((t("functions.current_form", params=param_text(params)), latex(key, params)))
    columns = [st.container()] * len(blocks) if compact else st.columns(len(blocks))
    for column, (title, (value, grad)) in zip(columns, blocks, strict=True):
        column.markdown(f"**{title}**")
        column.latex(rf"f(x) = {formula(value)}")
        column.latex(rf"f'(x) = {formula(grad)}")


def fact_metrics(key: str, params: dict[str, float], *, per_row: int = 4) -> None:
    found = facts(key, params)
    items = [  # (strings key, value, where it is attained or None)
        (
            "fact_range",
            interval(
                found["range_low"],
                found["range_high"],
                found["range_low_open"],
                found["range_high_open"],
            ),
            None,
        ),
        ("fact_grad0", number(found["grad_at_0"], FACT_DIGITS), None),
        ("fact_grad_max", number(found["grad_max"], FACT_DIGITS), found["grad_max_at"]),
        ("fact_grad_min", number(found["grad_min"], FACT_DIGITS), found["grad_min_at"]),
        ("fact_min", number(found["min_value"], FACT_DIGITS), found["min_at"]),
        ("fact_grad_m5", number(found["grad_at_minus5"], FACT_DIGITS), None),
        ("fact_grad_p5", number(found["grad_at_plus5"], FACT_DIGITS), None),
        (
            "fact_limits",
            " / ".join(
                number(found[end], FACT_DIGITS) for end in ("limit_neg_inf", "limit_pos_inf")
            ),
            None,
        ),
    ]
    st.markdown(f"**{t('functions.facts')}**")
    for start in range(0, len(items), per_row):
        columns = st.columns(per_row)
        for column, (name, value, where) in zip(
            columns, items[start : start + per_row], strict=False
        ):
            column.metric(
                t(f"functions.{name}"),
                value,
                delta=t("functions.at", x=number(where, FACT_DIGITS))
                if where is not None
                else None,
                delta_color="off",
                delta_arrow="off",
                help=t(f"functions.{name}_help"),
            )


def code(key: str, params: dict[str, float]) -> None:
    with st.expander(t("functions.code"), icon=":material/code:"):
        snippets = code_snippets(key, params)
        for title, snippet in zip(("NumPy / SciPy", "PyTorch", "JAX"), snippets, strict=True):
            st.caption(title)
            st.code(snippet, language="python")


def downloads(name: str, shown: Sequence[tuple[str, dict[str, float]]], view: View) -> None:
    """CSV of every curve shown (float64) and the formulas as a .tex snippet, made on click.

    Deferred (``data`` is a callable): nothing is computed or stored per rerun, and no file URL
    can go stale between a rerun and the browser fetching it (under load, a quick second rerun
    removed the first run's file and the button logged a 404).
    """
    header = f"% {t('nav.' + name)}: {t('functions.tex_note')} (amsmath)"
    shown = [(key, dict(params)) for key, params in shown]
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        t("functions.download_csv"),
        lambda: curves_csv(shown, view.x),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
        key=f"csv_{name}",
    )
    right.download_button(
        t("functions.download_tex"),
        lambda: formulas_tex(shown, header),
        file_name=f"{name}.tex",
        mime="text/x-tex",
        on_click="ignore",
        icon=":material/functions:",
        key=f"tex_{name}",
    )


def curves_csv(shown: Sequence[tuple[str, dict[str, float]]], x: np.ndarray) -> str:
    """f and f′ of every function shown on the grid ``x``, as CSV (see :func:`table_csv`)."""
    columns: dict[str, np.ndarray] = {}
    for key, params in shown:
        columns[f"{key}(x)"] = REGISTRY[key].fn(x, **params)
        columns[f"{key}'(x)"] = REGISTRY[key].grad(x, **params)
    return table_csv(x, columns)


def formulas_tex(shown: Sequence[tuple[str, dict[str, float]]], header: str) -> str:
    """f and f′ of every function shown as amsmath ``align*`` blocks under ``header``."""
    tex = [header]
    for key, params in shown:
        suffix = param_text(params)
        value, grad = latex(key, params)
        tex += [
            f"% {REGISTRY[key].name_en}{' (' + suffix + ')' if suffix else ''}",
            r"\begin{align*}",
            rf"  f(x) &= {value} \\",
            rf"  f'(x) &= {grad}",
            r"\end{align*}",
        ]
    return "\n".join(tex) + "\n"


def lecture_text(names: Sequence[str]) -> None:
    """The prose of ``names`` (registry keys or page topics); several go into bound tabs.

    Only the numbers this prose quotes are computed (each once per process), not every
    page's: a first visit to the Sigmoid page derives no GELU or Mish facts.
    """
    lang = current_lang()
    values = prose_values_for(set().union(*(placeholders(raw(name, lang)) for name in names)))
    st.divider()
    if len(names) == 1:
        prose(names[0], values)
        return
    titles = [REGISTRY[name].name_en if name in REGISTRY else name for name in names]
    for tab, name in zip(
        st.tabs(titles, key=bound("text"), bind="query-params"), names, strict=True
    ):
        with tab:
            prose(name, values)


# --- page-specific pieces ------------------------------------------------------------------


def silu_note(beta: float) -> str:
    """At β = 1 Swish *is* SiLU; say so, and otherwise say where SiLU is."""
    return t("functions.silu_now") if beta == 1 else t("functions.silu_hint")


def swish_references(view: View, beta: float) -> list[Reference]:
    """Swish's limits, x/2 (β → 0) and ReLU (β → ∞), and SiLU (β = 1) when β is elsewhere."""
    ends = np.array([view.xmin, view.xmax])
    relu_x = np.array([view.xmin, 0.0, view.xmax])
    step_x = np.array([view.xmin, 0.0, np.nan, 0.0, view.xmax])  # no vertical stroke at 0
    references = [
        Reference(t("functions.swish_limit_zero"), ends, ends / 2, ends, np.full(2, 0.5)),
        Reference(
            t("functions.swish_limit_inf"),
            relu_x,
            np.maximum(relu_x, 0.0),
            step_x,
            np.array([0.0, 0.0, np.nan, 1.0, 1.0]),
        ),
    ]
    if beta != 1:
        swish, x = REGISTRY["swish"], view.x
        references.append(
            Reference(t("functions.silu_reference"), x, swish.fn(x, beta=1.0), x, swish.grad(x))
        )
    return references


@safe_callback
def _set_slope(value: float) -> None:
    st.session_state["negative_slope"] = value


def slope_controls() -> bool:
    """Preset buttons for the leak slope (PyTorch 0.01, PReLU init 0.25) and the zoom toggle."""
    left, right, zoom_column = st.columns([1, 1, 1.4], vertical_alignment="center")
    left.button(
        t("functions.preset_pytorch"), on_click=_set_slope, args=(0.01,), key="preset_pytorch"
    )
    right.button(t("functions.preset_prelu"), on_click=_set_slope, args=(0.25,), key="preset_prelu")
    return zoom_column.toggle(
        t("functions.zoom"), key=bound("zoom"), bind="query-params", help=t("functions.zoom_help")
    )


def negative_zoom(view: View, slope: float) -> dict[str, tuple[float, float]]:
    """Axis ranges that make a slope-``slope`` left branch fill the panels (0.01 included)."""
    slope = max(slope, 0.002)
    left = min(view.xmin, -1.0)
    return {
        "x_span": (left, -0.15 * left),
        "value_range": (1.3 * slope * left, -0.5 * slope * left),
        "grad_range": (-0.6 * slope, 2.5 * slope),
    }


def gelu_approximation(view: View) -> None:
    """Exact GELU minus its tanh approximation, magnified, with the formulas of the latter."""
    x = view.x
    difference = REGISTRY["gelu"].fn(x) - REGISTRY["gelu_tanh"].fn(x)
    st.subheader(t("functions.gelu_difference"), anchor="gelu_tanh")
    fig = difference_figure(
        x, difference, name=t("functions.gelu_difference_axis"), lecture=lecture_mode()
    )
    chart(fig, key="chart_gelu_difference", filename="gelu_minus_gelu_tanh")
    worst = int(np.argmax(np.abs(difference)))
    left, right = st.columns(2)
    left.metric(t("functions.gelu_max_difference"), number(float(abs(difference[worst])), 3))
    right.metric(t("functions.gelu_max_difference_at"), number(float(x[worst]), FACT_DIGITS))
    st.markdown(f"##### {t('functions.gelu_tanh_formulas')}")
    formulas("gelu_tanh", {})
    code("gelu_tanh", {})


def compare_figure(shown: Sequence[tuple[str, dict[str, float]]], view: View) -> None:
    """Every chosen function in one figure: colour and dash per function, f top, f′ below."""
    x = view.x
    curves = palette_curves(
        [(REGISTRY[key].name_en, REGISTRY[key].name_en + "′") for key, _ in shown],
        [REGISTRY[key].fn(x, **params) for key, params in shown],
        [REGISTRY[key].grad(x, **params) for key, params in shown],
        [jumps(key, params) for key, params in shown],
    )
    fig = function_figure(x, curves, labels=labels(), lecture=lecture_mode())
    chart(fig, key="chart_compare", filename="compare")


COST_POINTS = 1_000_000


@st.cache_data(show_spinner=False)
def compute_cost(key: str) -> tuple[float, float]:
    """Seconds for f and for f′ on 10⁶ points at the default parameters (best of 5)."""
    entry = REGISTRY[key]
    x = np.random.default_rng(0).normal(0.0, 3.0, COST_POINTS)
    timings = []
    for kernel in (entry.fn, entry.grad):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            kernel(x)
            runs.append(time.perf_counter() - start)
        timings.append(min(runs))
    return timings[0], timings[1]


def properties_table(shown: Sequence[tuple[str, dict[str, float]]]) -> None:
    """Range, shape and gradient facts per function, and compute cost relative to ReLU."""
    yes, no = "✓", "✗"
    base_f, base_grad = compute_cost("relu")
    rows = []
    for key, params in shown:
        entry, found = REGISTRY[key], facts(key, params)
        cost_f, cost_grad = compute_cost(key)
        grad_min = found["grad_min"]
        rows.append(
            {
                t("functions.col_name"): entry.name_en
                + (f" ({param_text(params)})" if params else ""),
                t("functions.fact_range"): interval(
                    found["range_low"],
                    found["range_high"],
                    found["range_low_open"],
                    found["range_high_open"],
                ),
                t("functions.col_monotonic"): yes if grad_min is None or grad_min >= 0 else no,
                t("functions.col_smooth"): yes if entry.smooth else no,
                t("functions.col_zero_centred"): yes if entry.zero_centred else no,
                t("functions.fact_grad_max"): number(found["grad_max"], FACT_DIGITS),
                t("functions.fact_grad_m5"): number(found["grad_at_minus5"], FACT_DIGITS),
                t("functions.fact_grad_p5"): number(found["grad_at_plus5"], FACT_DIGITS),
                t("functions.col_cost_f"): f"{cost_f / base_f:.1f}×",
                t("functions.col_cost_grad"): f"{cost_grad / base_grad:.1f}×",
            }
        )
    st.subheader(t("functions.properties"))
    table(rows)
    st.caption(t("functions.cost_note", points=f"{COST_POINTS:,}"))
