"""What the function pages show as text and files, computed without Streamlit.

Every word of a function's panel (:func:`panel_text`, from one reading of the core: the
heading, the cards under the figure, what a low-precision type does, the figure's words), the
facts as the metrics word them, the NumPy/PyTorch/JAX snippets, the CSV and LaTeX downloads,
each of a configured activation (:class:`activations.Configured`); LaTeX and facts come from
the symbolic layer (SymPy, cached there on plain values for all sessions).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from activations import Configured, symbolic
from activations import low_precision as lp
from activations.constants import GELU_TANH_CUBIC, PRELU_INIT
from activations.facts import Facts, Where, facts
from views.cards import Card, captions_html, cards_html
from views.content import side_by_side
from views.function_figures import Labels
from views.numbers import number
from views.strings import function_name, translate

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


CODE_TITLES = ("NumPy / SciPy", "PyTorch", "JAX")


@lru_cache(maxsize=512)  # the same text for every student at these values and language
def details_text(
    activation: Configured, lang: str, compact: bool, facts: bool = True
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The formulas (side by side, or one under the other when ``compact``) and, with
    ``facts``, the facts as cards under their title: ONE Markdown text, as each element costs
    the server a message per session and run, and this text changes only with the values and
    the language; and the code as (caption, snippet) pairs."""
    shown = details(activation, lang)
    formulas = "\n\n".join(shown.formulas) if compact else side_by_side(shown.formulas)
    code = tuple(zip(CODE_TITLES, shown.code, strict=True))
    if not facts:
        return formulas, code
    title, explained = (translate(f"functions.{k}", lang) for k in ("facts", "facts_explained"))
    return f"{formulas}\n\n**{title}**\n\n" + cards_html(shown.facts, explained=explained), code


def probe_cards(probe: lp.Point, lang: str) -> tuple[Card, Card]:
    """f(x₀) and f′(x₀) as the cards under a function's figure.

    >>> [card.label for card in probe_cards(lp.Point(1.5, 1.0, 0.5, 1.0, 0.5), "en")]
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


# --- a function's panel: every word, from one reading ------------------------------------------


@lru_cache(maxsize=8)  # frozen: one per language, shared
def figure_labels(lang: str) -> Labels:
    """The function figure's axis and legend words in ``lang``."""
    return Labels(
        value=translate("functions.axis_value", lang),
        grad=translate("functions.axis_grad", lang),
        x="x",
        tangent=translate("functions.tangent", lang),
        probe="x₀",
    )


@dataclass(frozen=True)
class Band:
    """An interval of x shaded in one panel (1: f, 2: f′), named by a short label."""

    start: float
    end: float
    panel: int
    label: str


def clipped(bands: Sequence[Band], low: float, high: float) -> list[Band]:
    """The parts of ``bands`` inside [low, high]; bands outside drop out.

    >>> clipped([Band(6.25, 1000.0, 1, "f = 1"), Band(-1000.0, -89.0, 1, "f = 0")], -6, 10)
    [Band(start=6.25, end=10, panel=1, label='f = 1')]
    """
    inside = []
    for band in bands:
        start, end = max(band.start, low), min(band.end, high)
        if start < end:
            inside.append(Band(start, end, band.panel, band.label))
    return inside


@dataclass(frozen=True)
class ErrorWords:
    """The words of the relative-error figure under a low-precision panel."""

    names: tuple[str, str]  # f and f′
    roundoff: str  # the unit roundoff's line
    x: str
    axis: str
    title: str
    filename: str
    caption: str


@dataclass(frozen=True)
class PanelText:
    """Every word of a function's panel, ready to draw: the heading, the figure's words (its
    labels, curve names, title, file name, shaded bands and, below float64, its text
    alternative), the Markdown under it, and its code.

    At float64, ``cards`` holds the probe's cards, the notes and the details (formulas and
    facts) as ONE Markdown text, as each element costs the server a message per session and
    run. Below float64, ``caption``, ``cards`` (the probe in the type) and ``facts`` (what the
    type does) sit between the figure and the error figure, and ``details`` under that.
    """

    heading: Heading
    labels: Labels
    curve: tuple[str, str] = ("", "")  # the names of f and f′ in the legend
    title: str = ""
    filename: str = ""
    alt: str | None = None  # None: made from the figure (views.figures.describe)
    bands: tuple[Band, ...] = ()  # inside the plotted x range
    caption: str | None = None
    cards: str = ""
    facts: str = ""
    errors: ErrorWords | None = None
    details: str = ""
    code_title: str = ""
    code: tuple[tuple[str, str], ...] = ()  # (caption, snippet)
    failure: Exception | None = None  # the details could not be made (SymPy fell over)


def panel_text(
    activation: Configured,
    shown: lp.Reading | None,
    lang: str,
    *,
    compact: bool = False,
    text: bool = True,
    facts: bool = True,
    note: str | None = None,
    labels: Labels | None = None,
    title: str | None = None,
    filename: str | None = None,
    x_span: tuple[float, float] | None = None,
) -> PanelText:
    """The words of ``activation``'s panel in ``lang``, from its reading ``shown`` (``None``:
    the text alone). ``text``: the formulas, facts (unless ``facts`` is false) and code;
    ``note``: a line under the probe's cards at float64; ``labels``, ``title`` and
    ``filename`` name another figure than a function page's (the GLU page's gate);
    ``x_span``: the x range shown, if not the grid's.

    >>> from activations import REGISTRY
    >>> sigmoid = REGISTRY["sigmoid"].at()
    >>> words = panel_text(sigmoid, lp.read(sigmoid, [-8.0, 8.0], "bfloat16", 1.0), "en")
    >>> words.title, words.curve[0], [band.label for band in words.bands]
    ('Sigmoid · bfloat16', 'f(x) (bfloat16)', ['f = 1', 'f′ = 0'])
    """
    try:
        details = details_text(activation, lang, compact, facts) if text else ("", ())
    except Exception as error:  # the figure is shown all the same, then this error
        shown_anyway = panel_text(
            activation,
            shown,
            lang,
            text=False,
            labels=labels,
            title=title,
            filename=filename,
            x_span=x_span,
        )
        # at float64 the probe's cards are one element with the details: drawn whole or not
        cards = shown_anyway.cards if shown_anyway.errors else ""
        return replace(shown_anyway, cards=cards, failure=error)
    options = (note, labels, title, filename, x_span)
    if shown is None:
        return _panel_text(activation, None, None, "float64", None, lang, details, options)
    x = shown.evaluation.x
    ends = (float(x[0]), float(x[-1]))
    return _panel_text(
        activation, shown.probe, shown.report, shown.name, ends, lang, details, options
    )


@lru_cache(maxsize=256)  # the same words for every student at this view, values and language
def _panel_text(
    activation: Configured,
    probe: lp.Point | None,
    report: lp.TypeReport | None,
    name: str,
    ends: tuple[float, float] | None,
    lang: str,
    details: tuple[str, tuple[tuple[str, str], ...]],
    options: tuple,
) -> PanelText:
    """:func:`panel_text` of plain values: the reading's probe, report, type and x ends, the
    details (formulas, facts; code) and the other options in their order there."""
    note, labels, title, filename, x_span = options
    named = heading(activation, lang)
    labels = labels or figure_labels(lang)
    title, filename = title or named.title, filename or named.filename
    code_title = translate("functions.code", lang)
    written, code = details
    if report is not None:
        words = PanelText(named, labels, title=title, filename=filename, code_title=code_title)
        return _typed_text(words, probe, report, name, x_span or ends, lang, written, code)
    cards = ""
    if ends is not None:  # float64: the probe's cards, notes and details in one text
        notes = [note] if note else []
        if probe is not None and not ends[0] <= probe.x0 <= ends[1]:
            notes.append(translate("functions.x0_outside", lang))
        cards = cards_html(probe_cards(probe, lang)) if probe else ""
        cards += "".join(captions_html(notes))
        cards, written = cards + ("\n\n" if cards and written else "") + written, ""
    curve = (labels.value, labels.grad)
    return PanelText(
        named,
        labels,
        curve,
        title,
        filename,
        cards=cards,
        details=written,
        code_title=code_title,
        code=code,
    )


def _typed_text(
    words: PanelText,
    probe: lp.Point | None,
    report: lp.TypeReport,
    name: str,
    shown: tuple[float, float],
    lang: str,
    written: str,
    code: tuple[tuple[str, str], ...],
) -> PanelText:
    """``words`` with what type ``name`` does (``report``) over the x range ``shown``: the
    figure's curve names, bands, title and text alternative, the probe's and the type's
    cards, and the error figure's words; the details ``written`` and the ``code`` under
    them."""
    labels = words.labels
    f, var = labels.value.split("(")[0], labels.x  # f and x, or the gate's g and a
    bands = tuple(clipped(_bands(report, f, lang), *shown))
    titled = f"{words.title} · {name}"
    evaluation = "precision.evaluation_float32" if name == "float32" else "precision.evaluation"
    facts_title = translate("precision.facts", lang, dtype=name)
    explained = translate("precision.facts_explained", lang)
    return replace(
        words,
        curve=tuple(
            translate("precision.curve", lang, name=label, dtype=name)
            for label in (labels.value, labels.grad)
        ),
        title=titled,
        filename=f"{words.filename}_{name}",
        alt=_alt(titled, name, bands, lang),
        bands=bands,
        caption=translate(evaluation, lang, dtype=name),
        cards=cards_html(_typed_probe_cards(probe, lang)) if probe else "",
        facts=f"**{facts_title}**\n\n"
        + cards_html(_type_cards(report, name, f, var, lang), explained=explained),
        errors=ErrorWords(
            (f, f + "′"),
            translate("precision.error_roundoff_name", lang, bits=report.bits),
            var,
            translate("precision.error_axis", lang),
            f"{translate('precision.error_title', lang)} · {name}",
            f"{words.filename}_{name}_error",
            translate("precision.error_caption", lang),
        ),
        details=written,
        code=code,
    )


TYPE_DIGITS = 4  # where a type settles, overflows or errs most


def _value_text(value: float) -> str:
    return number(value + 0.0, TYPE_DIGITS)  # + 0.0: −0.0 reads 0; ±inf reads ∞ and −∞


def _where(end: lp.Settles, var: str, lang: str) -> str:
    """``x ≥ 6.25`` or ``x ≤ −89``: the side of ``end`` in the variable ``var``."""
    side = "right_of" if end.side > 0 else "left_of"
    return translate(f"precision.{side}", lang, var=var, x=_value_text(end.start))


def _bands(report: lp.TypeReport, f: str, lang: str) -> list[Band]:
    """The shaded intervals: f settled (top panel), f′ exactly 0 (bottom panel)."""
    found = []
    for ends, panel in ((report.saturations, 1), (report.dead_zones, 2)):
        for beside in ends:
            end = beside.end
            label = (
                translate("precision.band_value", lang, f=f, value=_value_text(end.value))
                if panel == 1
                else translate("precision.band_grad", lang, f=f)
            )
            span = (end.start, lp.REACH) if end.side > 0 else (-lp.REACH, end.start)
            found.append(Band(*span, panel, label))
    return found


def _alt(title: str, name: str, shown: Sequence[Band], lang: str) -> str:
    words = " ".join(
        translate(
            "precision.alt_band",
            lang,
            label=band.label,
            start=_value_text(band.start),
            end=_value_text(band.end),
        )
        for band in shown
    )
    return translate("precision.alt", lang, title=title, dtype=name, bands=words)


def _typed_probe_cards(probe: lp.Point, lang: str) -> tuple[Card, Card]:
    """f(x₀) and f′(x₀) in the type, float64's under each."""
    at = f"{probe.x0:g}"
    return (
        Card(
            translate("functions.value_at", lang, x0=at),
            number(probe.value, 6),
            note=translate("precision.probe_note", lang, value=number(probe.exact_value, 6)),
        ),
        Card(
            translate("functions.grad_at", lang, x0=at),
            number(probe.grad, 6),
            note=translate("precision.probe_note", lang, value=number(probe.exact_grad, 6)),
        ),
    )


def _type_cards(report: lp.TypeReport, name: str, f: str, var: str, lang: str) -> list[Card]:
    """Where f settles and f′ is 0 (float64's place beside), exp's overflow, the errors."""

    def beside(double: lp.Settles | None) -> str:
        if double is None:
            return translate("precision.float64_never", lang, var=var)
        return translate("precision.float64_note", lang, where=_where(double, var, lang))

    found = [
        Card(
            translate("precision.settles", lang, f=f, value=_value_text(end.end.value)),
            _where(end.end, var, lang),
            note=beside(end.double),
            help=translate("precision.settles_help", lang, dtype=name),
        )
        for end in report.saturations
    ]
    found += [
        Card(
            translate("precision.dead", lang, f=f),
            _where(end.end, var, lang),
            note=beside(end.double),
            help=translate("precision.dead_help", lang, dtype=name),
        )
        for end in report.dead_zones
    ]
    overflow, double = (_value_text(x) for x in (report.exp_overflow, report.double_exp_overflow))
    found.append(
        Card(
            translate("precision.exp", lang),
            translate("precision.right_of", lang, var="x", x=overflow),
            note=translate(
                "precision.float64_note",
                lang,
                where=translate("precision.right_of", lang, var="x", x=double),
            ),
            help=translate("precision.exp_help", lang, dtype=name),
        )
    )
    for label, largest in (("error_value", report.worst_value), ("error_grad", report.worst_grad)):
        found.append(
            Card(
                translate(f"precision.{label}", lang, f=f),
                number(largest[0], 2) if largest else translate("precision.error_none", lang),
                note=translate("precision.at", lang, var=var, x=_value_text(largest[1]))
                if largest
                else None,
                help=translate("precision.error_help", lang, dtype=name),
            )
        )
    found.append(
        Card(
            translate("precision.roundoff", lang, bits=report.bits),
            number(report.roundoff, 2),
            help=translate("precision.roundoff_help", lang, dtype=name, bits=report.bits),
        )
    )
    return found


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
