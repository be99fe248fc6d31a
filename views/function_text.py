"""What the function pages show as text and files, computed without Streamlit.

A function's panel is worded in two steps (:func:`panel_text`). First what it says is written
down as data, from what the caller read of the core (``views.function_panel.panel_view``: the
reading of :func:`activations.low_precision.read`, the LaTeX of :mod:`activations.symbolic`,
the :class:`activations.facts.Facts`): a number as a :class:`Num`, words as a :class:`Say`
(a key of the strings table and what fills its placeholders), texts in a row as
:class:`Joined`, cards as :class:`Cards`, formulas side by side as :class:`Side`. Then
:func:`said` says it all at once, inner parts first: each number by
:func:`views.numbers.number`, each phrase by :func:`views.strings.translate`, the markup by
:mod:`views.cards` and :mod:`views.content`; nothing else here calls them. Besides the panel:
the NumPy/PyTorch/JAX snippets, the CSV and LaTeX downloads.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache

import numpy as np

from activations import Configured, symbolic
from activations import low_precision as lp
from activations.constants import GELU_TANH_CUBIC, PRELU_INIT
from activations.facts import Facts, Where
from views.cards import Card, captions_html, cards_html
from views.content import side_by_side
from views.function_figures import Labels
from views.numbers import number
from views.strings import DEFAULT_LANG, translate

FACT_DIGITS = 5  # metrics and tables show one significant digit more than the prose
TYPE_DIGITS = 4  # where a type settles, overflows or errs most
PROBE_DIGITS = 6  # f(x₀) and f′(x₀)


# --- words as data, and saying them ------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A number as the app writes it (:func:`views.numbers.number`) to ``digits`` digits."""

    value: float | None
    digits: int


@dataclass(frozen=True)
class Say:
    """The strings table's ``key`` (or, if ``plain``, a template of this module), its
    ``{name}`` placeholders filled with ``values``: plain values or parts said before it."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    plain: bool = False


def say(key: str, **values: object) -> Say:
    return Say(key, tuple(values.items()))


def plain(template: str, **values: object) -> Say:
    """A template of this module's own (Markdown, notation), filled as :func:`say` is."""
    return Say(template, tuple(values.items()), plain=True)


@dataclass(frozen=True)
class Joined:
    """Texts in a row, ``between`` each two."""

    parts: tuple[Text, ...]
    between: Text = ""


@dataclass(frozen=True)
class Cards:
    """Cards (label, value, note, help) as one block of HTML, ``explained`` naming the fold of
    what each label means (:func:`views.cards.cards_html`), then ``notes`` as captions."""

    cards: tuple[tuple[Text, Text, Text | None, Text | None], ...]
    explained: Text = ""
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Side:
    """Markdown cells side by side (:func:`views.content.side_by_side`)."""

    cells: tuple[Text, ...]


Text = str | Num | Say | Joined | Cards | Side


def _parts(text: object) -> Iterator[object]:
    """What of ``text`` is said, each part after the parts it holds."""
    if isinstance(text, Say):
        inner = tuple(value for _, value in text.values)
    elif isinstance(text, Joined):
        inner = (*text.parts, text.between)
    elif isinstance(text, Cards):
        inner = (*(part for card in text.cards for part in card), text.explained, *text.notes)
    elif isinstance(text, Side):
        inner = text.cells
    elif isinstance(text, Num):
        inner = ()
    else:  # plain text, a value, None: as it is
        return
    for part in inner:
        yield from _parts(part)
    yield text


def said(texts: tuple[object, ...], lang: str) -> tuple[object, ...]:
    """``texts`` in ``lang``: each :class:`Num`, :class:`Say`, :class:`Joined`, :class:`Cards`
    and :class:`Side` in them said, inner parts first; plain values stay.

    >>> said((say("functions.at", x=Num(-1.27846, 3)), Joined(("a", Num(0.5, 2)), " / ")), "en")
    ('at x = −1.28', 'a / 0.5')
    """
    words = []
    for text in texts:
        words.append(_said(text, lang))
    return tuple(words)


@lru_cache(maxsize=2048)  # each text once for every student: a probe's move keeps the facts
def _said(text: object, lang: str) -> object:
    """One text of :func:`said`: numbers, phrases and markup, each by its one module."""
    done: dict[object, object] = {}
    for part in dict.fromkeys(_parts(text)):
        if isinstance(part, Num):
            done[part] = number(part.value, part.digits)
        elif isinstance(part, Say):
            values = {name: done.get(value, value) for name, value in part.values}
            done[part] = (
                part.key.format(**values) if part.plain else translate(part.key, lang, **values)
            )
        elif isinstance(part, Joined):
            between = done.get(part.between, part.between)
            done[part] = between.join(done.get(item, item) for item in part.parts)
        elif isinstance(part, Cards):
            cards = [Card(*(done.get(item, item) for item in card)) for card in part.cards]
            explained = done.get(part.explained, part.explained)
            notes = captions_html([done.get(note, note) for note in part.notes])
            done[part] = (cards_html(cards, explained=explained) if cards else "") + "".join(notes)
        else:
            done[part] = side_by_side([done.get(cell, cell) for cell in part.cells])
    return done.get(text, text)


# --- a function's panel: every word, from one reading ------------------------------------------


@dataclass(frozen=True)
class Heading:
    """What names a function's figure: a heading, the figure's title and a saved file's name."""

    key: str
    name: str  # the function's name in the reader's language
    title: str  # with the parameters, ``Swish / SiLU (β = 2)``
    filename: str  # ``swish_β = 2``


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
    """An interval of x shaded in one panel (1: f, 2: f′), named by a short label (while the
    panel is worded, the label's :class:`Say`)."""

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


Formulas = tuple[tuple[str, str], ...]  # f and f′ in LaTeX: in general, then at the values


def panel_text(
    activation: Configured,
    shown: lp.Reading | None,
    formulas: Formulas,
    found: Facts | None,
    lang: str,
    *,
    compact: bool = False,
    note: str | None = None,
    labels: Labels | None = None,
    title: str | None = None,
    filename: str | None = None,
    x_span: tuple[float, float] | None = None,
) -> PanelText:
    """The words of ``activation``'s panel in ``lang``, from its reading ``shown`` (``None``:
    the text alone), its ``formulas`` (none: no formulas, facts or code) and facts ``found``
    (``None``: none shown). ``compact``: the formulas one under the other; ``note``: a line
    under the probe's cards at float64; ``labels``, ``title`` and ``filename`` name another
    figure than a function page's (the GLU page's gate); ``x_span``: the x range shown, if
    not the grid's.

    >>> from activations import REGISTRY
    >>> sigmoid = REGISTRY["sigmoid"].at()
    >>> shown = lp.read(sigmoid, [-8.0, 8.0], "bfloat16", 1.0)
    >>> words = panel_text(sigmoid, shown, (), None, "en")
    >>> words.title, words.curve[0], [band.label for band in words.bands]
    ('Sigmoid · bfloat16', 'f(x) (bfloat16)', ['f = 1', 'f′ = 0'])
    """
    options = (compact, note, labels, title, filename, x_span)
    reading = (None, None, "float64", None)  # the text alone
    if shown is not None:
        x = shown.evaluation.x
        reading = (shown.probe, shown.report, shown.name, (float(x[0]), float(x[-1])))
    return _panel_text(activation, *reading, formulas, found, lang, options)


@lru_cache(maxsize=256)  # the same words for every student at this view, values and language
def _panel_text(
    activation: Configured,
    probe: lp.Point | None,
    report: lp.TypeReport | None,
    name: str,
    ends: tuple[float, float] | None,
    formulas: Formulas,
    found: Facts | None,
    lang: str,
    options: tuple,
) -> PanelText:
    """:func:`panel_text` of plain values: the reading's probe, report, type and x ends, and
    the other options in their order there. Everything is written down first (the
    ``_*_texts`` below), then said at once (:func:`said`) and put in place."""
    compact, note, labels, title, filename, x_span = options
    labels = labels or figure_labels(lang)
    texts = _heading_texts(activation, title, filename)
    texts["details"] = _details(activation, formulas, found, compact) if formulas else ""
    code = tuple(zip(CODE_TITLES, code_snippets(activation), strict=True)) if formulas else ()
    f = labels.value.split("(")[0]  # f, or the gate's g
    bands: list[Band] = []
    if report is None:
        texts |= _float_texts(texts, labels, probe, ends, note)
    else:
        bands = clipped(_bands(report, f), *(x_span or ends))
        texts |= _typed_texts(texts, labels, f, probe, report, name, bands)
    words = dict(zip(texts, said(tuple(texts.values()), lang), strict=True))
    errors = None
    if report is not None:
        errors = ErrorWords(*(words[f"error_{field.name}"] for field in fields(ErrorWords)))
    return PanelText(
        Heading(activation.key, words["name"], words["heading"], words["file"]),
        labels,
        (words["curve_f"], words["curve_grad"]),
        words["title"],
        words["filename"],
        words.get("alt"),
        tuple(replace(band, label=words[("band", i)]) for i, band in enumerate(bands)),
        words.get("caption"),
        words["cards"],
        words.get("facts", ""),
        errors,
        words["details"],
        words["code_title"],
        code,
    )


def _heading_texts(activation: Configured, title: str | None, filename: str | None) -> dict:
    """The function's name, its heading with the parameters and that heading's file name;
    the figure's title and file name (``title``, ``filename`` if given); the code's title."""
    key, params = activation.key, activation.text
    name = say(f"names.function.{key}")  # views.strings.function_name's key
    heading = say("functions.heading", name=name, params=params) if params else name
    file = f"{key}_{params}" if params else key
    return {
        "name": name,
        "heading": heading,
        "file": file,
        "title": title or heading,
        "filename": filename or file,
        "code_title": say("functions.code"),
    }


def _float_texts(
    texts: dict,
    labels: Labels,
    probe: lp.Point | None,
    ends: tuple[float, float] | None,
    note: str | None,
) -> dict:
    """At float64: the curves' names, and (with a figure, whose x range is ``ends``) the
    probe's cards, the notes and the details as one text."""
    curves = {"curve_f": labels.value, "curve_grad": labels.grad}
    if ends is None:
        return curves | {"cards": ""}
    notes = (note,) if note else ()
    if probe is not None and not ends[0] <= probe.x0 <= ends[1]:
        notes += (say("functions.x0_outside"),)
    cards = Cards(_probe_cards(probe) if probe else (), notes=notes)
    details = texts["details"]
    if not (probe or notes):
        return curves | {"cards": details, "details": ""}
    if details:
        cards = plain("{cards}\n\n{details}", cards=cards, details=details)
    return curves | {"cards": cards, "details": ""}


def _typed_texts(
    texts: dict,
    labels: Labels,
    f: str,
    probe: lp.Point | None,
    report: lp.TypeReport,
    name: str,
    bands: Sequence[Band],
) -> dict:
    """What type ``name`` does (``report``), the ``bands`` shaded: the figure's curve names,
    title, file name and text alternative, the bands' labels, the probe's and the type's cards,
    and the error figure's words (``error_`` and a field of :class:`ErrorWords`)."""
    var = labels.x  # x, or the gate's a
    title = plain("{title} · {dtype}", title=texts["title"], dtype=name)
    evaluation = "precision.evaluation_float32" if name == "float32" else "precision.evaluation"
    facts_title = say("precision.facts", dtype=name)
    type_cards = Cards(_type_cards(report, name, f, var), say("precision.facts_explained"))
    return {
        "curve_f": say("precision.curve", name=labels.value, dtype=name),
        "curve_grad": say("precision.curve", name=labels.grad, dtype=name),
        "title": title,
        "filename": f"{texts['filename']}_{name}",
        "alt": _alt(title, name, bands),
        **{("band", i): band.label for i, band in enumerate(bands)},
        "caption": say(evaluation, dtype=name),
        "cards": Cards(_typed_probe_cards(probe)) if probe else "",
        "facts": plain("**{title}**\n\n{cards}", title=facts_title, cards=type_cards),
        "error_names": (f, f + "′"),
        "error_roundoff": say("precision.error_roundoff_name", bits=report.bits),
        "error_x": var,
        "error_axis": say("precision.error_axis"),
        "error_title": plain("{title} · {dtype}", title=say("precision.error_title"), dtype=name),
        "error_filename": f"{texts['filename']}_{name}_error",
        "error_caption": say("precision.error_caption"),
    }


# --- the details: formulas, facts, code --------------------------------------------------------

_CELL = "**{title}**\n\n$$\nf(x) = {value}\n$$\n\n$$\nf'(x) = {grad}\n$$"
CODE_TITLES = ("NumPy / SciPy", "PyTorch", "JAX")


@lru_cache(maxsize=256)  # written once per function, values and layout
def _details(
    activation: Configured, formulas: Formulas, found: Facts | None, compact: bool
) -> Text:
    """The formulas (side by side, or one under the other when ``compact``) and, if ``found``,
    the facts as cards under their title: ONE Markdown text, as each element costs the server
    a message per session and run."""
    titles = (say("functions.general_form"), say("functions.current_form", params=activation.text))
    cells = tuple(
        plain(_CELL, title=title, value=_worded(value), grad=_worded(grad))
        for title, (value, grad) in zip(titles[: len(formulas)], formulas, strict=True)
    )
    shown = Joined(cells, "\n\n") if compact else Side(cells)
    if found is None:
        return shown
    cards = Cards(_fact_cards(found), say("functions.facts_explained"))
    return plain(
        "{formulas}\n\n**{title}**\n\n{cards}",
        formulas=shown,
        title=say("functions.facts"),
        cards=cards,
    )


# SymPy's words in a piecewise definition, and the strings that say them in the reader's language
PIECEWISE_WORDS = (("for", "piecewise_if"), ("otherwise", "piecewise_otherwise"))


def _worded(tex: str) -> Say:
    r"""SymPy's LaTeX, its braces doubled to stand for themselves in a template, each
    ``\text{for}``/``\text{otherwise}`` of a piecewise definition a placeholder for the word
    in the reader's language."""
    template = tex.replace("{", "{{").replace("}", "}}")
    for word, _ in PIECEWISE_WORDS:
        template = template.replace(rf"\text{{{{{word}}}}}", rf"\text{{{{{{{word}}}}}}}")
    return plain(template, **{word: say(f"functions.{key}") for word, key in PIECEWISE_WORDS})


def worded(tex: str, lang: str) -> str:
    r"""SymPy's LaTeX with the words of a piecewise definition in ``lang``: SymPy writes
    ``\text{for}`` before each condition and ``\text{otherwise}`` for the last branch; a
    Chinese page reads 若 … / 其他情况 instead.

    >>> worded(r"x \text{for}\: x > 0", "zh")
    'x \\text{若}\\: x > 0'
    """
    return said((_worded(tex),), lang)[0]


def _interval(found: Facts) -> Say:
    low, high = found.range_low, found.range_high
    left = "(" if found.range_low_open or math.isinf(low) else "["
    right = ")" if found.range_high_open or math.isinf(high) else "]"
    ends = {"low": Num(low, FACT_DIGITS), "high": Num(high, FACT_DIGITS)}
    return plain("{left}{low}, {high}{right}", left=left, right=right, **ends)


def interval(found: Facts) -> str:
    """The range of f in interval notation: ``(0, 1)``, ``[-0.2785, ∞)``.

    >>> from activations.facts import facts
    >>> interval(facts("sigmoid")), interval(facts("relu"))
    ('(0, 1)', '[0, ∞)')
    """
    return said((_interval(found),), DEFAULT_LANG)[0]


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


def _fact_cards(found: Facts) -> tuple:
    """The facts panel as cards (label, value, where it is attained or ``None``, help)."""
    cards = []
    for name, value, where in _FACTS:
        if name == "fact_range":
            shown = _interval(found)
        elif name == "fact_limits":
            ends = (found.limit_neg_inf, found.limit_pos_inf)
            shown = Joined(tuple(Num(end, FACT_DIGITS) for end in ends), " / ")
        else:
            shown = Num(getattr(found, value), FACT_DIGITS)
        place = where and _where(getattr(found, where), getattr(found, value))
        cards.append((say(f"functions.{name}"), shown, place, say(f"functions.{name}_help")))
    return tuple(cards)


_SIDES = {-1: "⁻", 1: "⁺"}


def _where(where: Where, value: float) -> Say:
    """Where an extreme of the facts is attained, by the rule of :class:`activations.facts.
    Where` (see :func:`where_text`)."""
    kind, at = where.kind, Num(where.at, FACT_DIGITS)
    if kind == "point":
        return say("functions.at", x=at)
    if kind in ("below", "above"):
        sign = {("below", True): "≤", ("below", False): "<", ("above", True): "≥"}
        op = sign.get((kind, where.closed), ">")
        return say("functions.where_half", interval=plain("x {op} {at}", op=op, at=at))
    if kind in ("between", "outside"):
        ends = {"low": at, "high": Num(where.until, FACT_DIGITS)}
        inner, outer = ("≤", "≥") if where.closed else ("<", ">")
        interval = (
            plain("{low} {inner} x {inner} {high}", inner=inner, **ends)
            if kind == "between"
            else plain(
                "x {inner} {low}{either}x {outer} {high}",
                inner=inner,
                outer=outer,
                either=say("functions.where_or"),
                **ends,
            )
        )
        return say("functions.where_half", interval=interval)
    if kind == "everywhere":
        return say("functions.where_everywhere")
    ends = tuple(
        ("−∞" if x < 0 else "+∞")
        if math.isinf(x)
        else plain("{x}{side}", x=Num(x, FACT_DIGITS), side=_SIDES[side])
        for x, side in where.approached
    )
    if ends == ("−∞", "+∞"):
        ends = ("±∞",)
    words = "where_unbounded" if math.isinf(value) else "where_approached"
    return say(f"functions.{words}", ends=Joined(ends, say("functions.where_or")))


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
    return said((_where(where, value),), lang)[0]


def _probe_cards(probe: lp.Point) -> tuple:
    """f(x₀) and f′(x₀) as the cards under a function's figure."""
    at = f"{probe.x0:g}"
    return (
        (say("functions.value_at", x0=at), Num(probe.value, PROBE_DIGITS), None, None),
        (
            say("functions.grad_at", x0=at),
            Num(probe.grad, PROBE_DIGITS),
            say("functions.grad_at_help"),
            None,
        ),
    )


# --- below float64: what the type does ----------------------------------------------------------


def _value(value: float) -> Num:
    return Num(value + 0.0, TYPE_DIGITS)  # + 0.0: −0.0 reads 0; ±inf reads ∞ and −∞


def _side(end: lp.Settles, var: str) -> Say:
    """``x ≥ 6.25`` or ``x ≤ −89``: the side of ``end`` in the variable ``var``."""
    side = "right_of" if end.side > 0 else "left_of"
    return say(f"precision.{side}", var=var, x=_value(end.start))


def _bands(report: lp.TypeReport, f: str) -> list[Band]:
    """The shaded intervals: f settled (top panel), f′ exactly 0 (bottom panel)."""
    found = []
    for ends, panel in ((report.saturations, 1), (report.dead_zones, 2)):
        for beside in ends:
            end = beside.end
            label = (
                say("precision.band_value", f=f, value=_value(end.value))
                if panel == 1
                else say("precision.band_grad", f=f)
            )
            span = (end.start, lp.REACH) if end.side > 0 else (-lp.REACH, end.start)
            found.append(Band(*span, panel, label))
    return found


def _alt(title: Text, name: str, shown: Sequence[Band]) -> Say:
    bands = tuple(
        say("precision.alt_band", label=band.label, start=_value(band.start), end=_value(band.end))
        for band in shown
    )
    return say("precision.alt", title=title, dtype=name, bands=Joined(bands, " "))


def _typed_probe_cards(probe: lp.Point) -> tuple:
    """f(x₀) and f′(x₀) in the type, float64's under each."""
    at = f"{probe.x0:g}"
    return tuple(
        (
            say(f"functions.{label}", x0=at),
            Num(value, PROBE_DIGITS),
            say("precision.probe_note", value=Num(exact, PROBE_DIGITS)),
            None,
        )
        for label, value, exact in (
            ("value_at", probe.value, probe.exact_value),
            ("grad_at", probe.grad, probe.exact_grad),
        )
    )


def _type_cards(report: lp.TypeReport, name: str, f: str, var: str) -> tuple:
    """Where f settles and f′ is 0 (float64's place beside), exp's overflow, the errors."""

    def beside(double: lp.Settles | None) -> Say:
        if double is None:
            return say("precision.float64_never", var=var)
        return say("precision.float64_note", where=_side(double, var))

    found = [
        (
            say("precision.settles", f=f, value=_value(end.end.value)),
            _side(end.end, var),
            beside(end.double),
            say("precision.settles_help", dtype=name),
        )
        for end in report.saturations
    ]
    found += [
        (
            say("precision.dead", f=f),
            _side(end.end, var),
            beside(end.double),
            say("precision.dead_help", dtype=name),
        )
        for end in report.dead_zones
    ]
    overflow, double = (_value(x) for x in (report.exp_overflow, report.double_exp_overflow))
    found.append(
        (
            say("precision.exp"),
            say("precision.right_of", var="x", x=overflow),
            say("precision.float64_note", where=say("precision.right_of", var="x", x=double)),
            say("precision.exp_help", dtype=name),
        )
    )
    for label, largest in (("error_value", report.worst_value), ("error_grad", report.worst_grad)):
        found.append(
            (
                say(f"precision.{label}", f=f),
                Num(largest[0], 2) if largest else say("precision.error_none"),
                say("precision.at", var=var, x=_value(largest[1])) if largest else None,
                say("precision.error_help", dtype=name),
            )
        )
    found.append(
        (
            say("precision.roundoff", bits=report.bits),
            Num(report.roundoff, 2),
            None,
            say("precision.roundoff_help", dtype=name, bits=report.bits),
        )
    )
    return tuple(found)


# --- code and downloads --------------------------------------------------------------------------

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
