"""What the function pages show as text and files, computed without Streamlit.

The facts as the metrics word them, the NumPy/PyTorch/JAX snippets, the CSV and LaTeX
downloads, each of a configured activation (:class:`activations.Configured`); LaTeX and facts
come from the symbolic layer (SymPy, cached there on plain values for all sessions).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from activations import Configured, symbolic
from activations.constants import GELU_TANH_CUBIC, PRELU_INIT
from activations.facts import Facts, Where, facts
from ui.cards import Card, cards_html
from ui.content import side_by_side
from ui.numbers import number
from ui.strings import function_name, translate

if TYPE_CHECKING:  # a probe's three numbers are read, not its figure
    from ui.function_figures import Probe

FACT_DIGITS = 5  # metrics and tables show one significant digit more than the prose


@dataclass(frozen=True)
class Heading:
    """What names a function's figure: a heading, the figure's title and a saved file's name."""

    key: str
    name: str  # the function's name in the reader's language
    title: str  # with the parameters, ``Swish / SiLU (β = 2)``
    filename: str  # ``swish_β = 2``


@lru_cache(maxsize=256)
def heading(activation: Configured, lang: str) -> Heading:
    """The name of ``activation`` with its parameters, in ``lang``.

    >>> from activations import REGISTRY
    >>> heading(REGISTRY["swish"].at(beta=2), "en").title, heading(REGISTRY["relu"].at(), "en")
    ('Swish / SiLU (β = 2)', Heading(key='relu', name='ReLU', title='ReLU', filename='relu'))
    """
    key, params = activation.key, activation.text
    name = function_name(key, lang)
    if not params:
        return Heading(key, name, name, key)
    title = translate("functions.heading", lang, name=name, params=params)
    return Heading(key, name, title, f"{key}_{params}")


@dataclass(frozen=True)
class Details:
    """What a function's panel shows under its figure, ready to draw: formulas, facts, code."""

    key: str
    formulas: tuple[str, ...]  # Markdown cells: f and f′ in general form, then at the values
    facts: tuple[Card, ...]  # the facts panel (:func:`fact_items`), labelled
    code: tuple[str, str, str]  # NumPy, PyTorch, JAX (:func:`code_snippets`)


@lru_cache(maxsize=256)
def details(activation: Configured, lang: str) -> Details:
    """The formulas, facts and code of ``activation``, worded in ``lang``; made once per
    function, values and language for every session (each rerun only draws them).

    >>> from activations import REGISTRY
    >>> shown = details(REGISTRY["swish"].at(beta=2), "en")
    >>> shown.facts[1].value, shown.formulas[1].splitlines()[0]
    ('0.5', '**With the current values β = 2**')
    """
    general = symbolic.latex(activation.key)
    current = symbolic.latex(activation) if activation.given else None
    found = facts(activation)
    blocks = [(translate("functions.general_form", lang), general)]
    if current:
        params = activation.text
        blocks.append((translate("functions.current_form", lang, params=params), current))
    cells = tuple(
        f"**{title}**\n\n$$\nf(x) = {worded(value, lang)}\n$$\n\n"
        f"$$\nf'(x) = {worded(grad, lang)}\n$$"
        for title, (value, grad) in blocks
    )
    cards = tuple(
        Card(
            translate(f"functions.{label}", lang),
            value,
            note=where,
            help=translate(f"functions.{label}_help", lang),
        )
        for label, value, where in fact_items(found, lang)
    )
    return Details(activation.key, cells, cards, code_snippets(activation))


@lru_cache(maxsize=512)  # the same text for every student at these values and language
def details_markdown(activation: Configured, lang: str, compact: bool, facts: bool = True) -> str:
    """Formulas (side by side, or one under the other when ``compact``) and, with ``facts``,
    the facts as cards under their title: ONE Markdown element, as each element costs the
    server a message per session and run, and this text changes only with the values and
    the language."""
    shown = details(activation, lang)
    formulas = "\n\n".join(shown.formulas) if compact else side_by_side(shown.formulas)
    if not facts:
        return formulas
    title, explained = (translate(f"functions.{k}", lang) for k in ("facts", "facts_explained"))
    return f"{formulas}\n\n**{title}**\n\n" + cards_html(shown.facts, explained=explained)


def probe_cards(probe: Probe, lang: str) -> tuple[Card, Card]:
    """f(x₀) and f′(x₀) as the cards under a function's figure.

    >>> from ui.function_figures import Probe
    >>> [card.label for card in probe_cards(Probe(1.5, 1.0, 0.5), "en")]
    ['f(1.5)', 'f′(1.5)']
    """
    at = f"{probe.x0:g}"
    return (
        Card(translate("functions.value_at", lang, x0=at), number(probe.value, 6)),
        Card(
            translate("functions.grad_at", lang, x0=at),
            number(probe.grad, 6),
            note=translate("functions.grad_at_help", lang),
        ),
    )


# SymPy's words in a piecewise definition, and the strings that say them in the reader's language
PIECEWISE_WORDS = (("for", "piecewise_if"), ("otherwise", "piecewise_otherwise"))


def worded(tex: str, lang: str) -> str:
    r"""SymPy's LaTeX with the words of a piecewise definition in ``lang``: SymPy writes
    ``\text{for}`` before each condition and ``\text{otherwise}`` for the last branch; a
    Chinese page reads 若 … / 其他情况 instead.

    >>> worded(r"x \text{for}\: x > 0", "zh")
    'x \\text{若}\\: x > 0'
    """
    for word, key in PIECEWISE_WORDS:
        tex = tex.replace(rf"\text{{{word}}}", rf"\text{{{translate(f'functions.{key}', lang)}}}")
    return tex


def interval(found: Facts) -> str:
    """The range of f in interval notation: ``(0, 1)``, ``[-0.2785, ∞)``.

    >>> interval(facts("sigmoid")), interval(facts("relu"))
    ('(0, 1)', '[0, ∞)')
    """
    low, high = found.range_low, found.range_high
    left = "(" if found.range_low_open or math.isinf(low) else "["
    right = ")" if found.range_high_open or math.isinf(high) else "]"
    return f"{left}{number(low, FACT_DIGITS)}, {number(high, FACT_DIGITS)}{right}"


# The facts panel, in the order shown: (strings key, the value's field, where it is attained).
_FACTS = (
    ("fact_range", None, None),
    ("fact_grad0", "grad_at_0", None),
    ("fact_grad_max", "grad_max", "grad_max_where"),
    ("fact_grad_min", "grad_min", "grad_min_where"),
    ("fact_min", "range_low", "min_where"),
    ("fact_grad_m5", "grad_at_minus5", None),
    ("fact_grad_p5", "grad_at_plus5", None),
    ("fact_limits", None, None),
)


def fact_items(found: Facts, lang: str) -> tuple[tuple[str, str, str | None], ...]:
    """The facts panel as (strings key, value, where it is attained or ``None``), in order.

    >>> fact_items(facts("relu"), "en")[4]
    ('fact_min', '0', 'attained on x ≤ 0')
    """
    items = []
    for name, value, where in _FACTS:
        if name == "fact_range":
            shown = interval(found)
        elif name == "fact_limits":
            ends = (found.limit_neg_inf, found.limit_pos_inf)
            shown = " / ".join(number(end, FACT_DIGITS) for end in ends)
        else:
            shown = number(getattr(found, value), FACT_DIGITS)
        place = where and where_text(getattr(found, where), getattr(found, value), lang)
        items.append((name, shown, place))
    return tuple(items)


_SIDES = {-1: "⁻", 1: "⁺"}


def where_text(where: Where, value: float, lang: str) -> str:
    """Where an extreme of the facts is attained, by the rule of :class:`activations.facts.
    Where`: ``x = −1.2785``, ``x ≤ 0``, every x, or never (x → ±∞).

    >>> where_text(Where("below", 0.0, closed=True), 0.0, "en")
    'attained on x ≤ 0'
    >>> where_text(Where("approached", approached=((-math.inf, 0), (math.inf, 0))), 0.0, "en")
    'never attained; approached as x → ±∞'
    >>> where_text(Where("outside", 0.0, until=6.0), 0.0, "en")
    'attained on x < 0 or x > 6'
    """
    kind, at = where.kind, where.at
    if kind == "point":
        return translate("functions.at", lang, x=number(at, FACT_DIGITS))
    if kind in ("below", "above"):
        sign = {("below", True): "≤", ("below", False): "<", ("above", True): "≥"}
        op = sign.get((kind, where.closed), ">")
        interval = f"x {op} {number(at, FACT_DIGITS)}"
        return translate("functions.where_half", lang, interval=interval)
    if kind in ("between", "outside"):
        low, high = number(at, FACT_DIGITS), number(where.until, FACT_DIGITS)
        inner, outer = ("≤", "≥") if where.closed else ("<", ">")
        interval = (
            f"{low} {inner} x {inner} {high}"
            if kind == "between"
            else f"x {inner} {low}{translate('functions.where_or', lang)}x {outer} {high}"
        )
        return translate("functions.where_half", lang, interval=interval)
    if kind == "everywhere":
        return translate("functions.where_everywhere", lang)
    ends = [
        ("−∞" if x < 0 else "+∞") if math.isinf(x) else number(x, FACT_DIGITS) + _SIDES[side]
        for x, side in where.approached
    ]
    if ends == ["−∞", "+∞"]:
        ends = ["±∞"]
    words = "where_unbounded" if math.isinf(value) else "where_approached"
    joined = translate("functions.where_or", lang).join(ends)
    return translate(f"functions.{words}", lang, ends=joined)


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
        "# PReLU learns the slope: torch.nn.PReLU(init={prelu_init})",
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
        "y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + {gelu_c} * x**3)))",
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
    "relu6": ("y = np.clip(x, 0, 6)", "y = F.relu6(x)", "y = jax.nn.relu6(x)"),
    "hardsigmoid": (
        "y = np.clip(x + 3, 0, 6) / 6  # PyTorch's; tf.keras (TF 2) used clip(0.2x + 0.5, 0, 1)",
        "y = F.hardsigmoid(x)",
        "y = jax.nn.hard_sigmoid(x)",
    ),
    "hardswish": (
        "y = x * np.clip(x + 3, 0, 6) / 6",
        "y = F.hardswish(x)",
        "y = jax.nn.hard_swish(x)",
    ),
    "selu": (
        "y = {scale} * np.where(x > 0, x, {selu_alpha} * np.expm1(np.minimum(x, 0)))",
        "y = {scale} * F.elu(x, alpha={selu_alpha})  # F.selu(x): the default λ and α only",
        "y = {scale} * jax.nn.elu(x, alpha={selu_alpha})  # jax.nn.selu(x): the defaults only",
    ),
    "squared_relu": (
        "y = np.square(np.maximum(x, 0))",
        "y = torch.square(F.relu(x))",
        "y = jnp.square(jax.nn.relu(x))",
    ),
}


_IMPORTS = (
    "import numpy as np",
    "import torch\nimport torch.nn.functional as F",
    "import jax\nimport jax.numpy as jnp",
)


def _code_number(value: float) -> str:
    """``1.5`` as ``1.5``; a value ``:g`` would round (SELU's λ = 1.0507009873554805) in full.

    >>> _code_number(2.0), _code_number(1.0507009873554805)
    ('2', '1.0507009873554805')
    """
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))


def code_snippets(activation: Configured) -> tuple[str, str, str]:
    """One-liners for NumPy, PyTorch and JAX with the current parameter values filled in.

    >>> from activations import REGISTRY
    >>> code_snippets(REGISTRY["swish"].at(beta=1.5))[1].splitlines()[-1][:32]
    'y = x * torch.sigmoid(1.5 * x)  '
    """
    values = {name: _code_number(value) for name, value in activation.given}
    values |= {"gelu_c": f"{GELU_TANH_CUBIC:g}", "prelu_init": f"{PRELU_INIT:g}"}
    return tuple(
        f"{imports}\n\n{template.format(**values)}"
        for imports, template in zip(_IMPORTS, _CODE[activation.key], strict=True)
    )


def table_csv(x: np.ndarray, columns: dict[str, np.ndarray]) -> str:
    """Curve data as CSV: one ``x`` column, then one column per curve (float64, 10 digits)."""
    table = np.column_stack([x, *columns.values()])
    buffer = io.StringIO()
    np.savetxt(buffer, table, delimiter=",", fmt="%.10g", header=",".join(["x", *columns]))
    return buffer.getvalue().replace("# ", "", 1)


def curves_csv(shown: Sequence[Configured], x: np.ndarray) -> str:
    """f and f′ of every function shown on the grid ``x``, as CSV (see :func:`table_csv`)."""
    columns: dict[str, np.ndarray] = {}
    for activation in shown:
        columns[f"{activation.key}(x)"] = activation.fn(x)
        columns[f"{activation.key}'(x)"] = activation.grad(x)
    return table_csv(x, columns)


def formulas_tex(shown: Sequence[Configured], header: str, lang: str) -> str:
    r"""f and f′ of every function shown as amsmath ``align*`` blocks under ``header``, the
    words of SymPy's piecewise definitions in ``lang`` as the page shows them (:func:`worded`).

    >>> from activations import REGISTRY
    >>> tex = formulas_tex([REGISTRY["relu"].at()], "%", "zh")
    >>> tex.splitlines()[3]
    '  f(x) &= \\begin{cases} x & \\text{若}\\: x > 0 \\\\0 & \\text{其他情况} \\end{cases} \\\\'
    """
    tex = [header]
    for activation in shown:
        value, grad = (worded(part, lang) for part in symbolic.latex(activation))
        tex += [
            f"% {activation.label}",
            r"\begin{align*}",
            rf"  f(x) &= {value} \\",
            rf"  f'(x) &= {grad}",
            r"\end{align*}",
        ]
    return "\n".join(tex) + "\n"
