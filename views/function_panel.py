"""A function's panel as a view model: everything computed, nothing drawn (no Streamlit).

Compute first, render last. :func:`panel_view` takes a configured activation once and hands it
down in four steps, each to one module and each once: the core reads it (:func:`core_text`:
its formulas and facts; :func:`activations.low_precision.read`: the grid, the probe and what
the type does, in one call), :mod:`views.function_text` words what was read,
:mod:`views.precision_figures` draws its figures and :mod:`views.figures` makes them charts.
What comes back is the panel as a list of blocks, which ``ui.render.draw_panel`` draws in
order and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from activations import Configured, symbolic
from activations import low_precision as lp
from activations.facts import Facts, facts
from views.figures import ChartView, alt_words, chart_view
from views.function_figures import Labels, Reference, View
from views.function_text import Formulas, panel_text
from views.precision_figures import panel_figures


@dataclass(frozen=True)
class Markdown:
    """Markdown (with the app's HTML: cards, captions, folds) in one element."""

    text: str


@dataclass(frozen=True)
class Caption:
    text: str


@dataclass(frozen=True)
class Title:
    """The panel's heading: a subheader with its anchor, or (``compact``, half width) one
    short Markdown line, so the figures of two columns stay level."""

    text: str
    anchor: str
    compact: bool = False


@dataclass(frozen=True)
class CodeFold:
    """Python snippets (caption, code) in a fold drawn only once opened."""

    key: str
    title: str
    snippets: tuple[tuple[str, str], ...]


Block = Markdown | Caption | Title | CodeFold | ChartView


@dataclass(frozen=True)
class Options:
    """How a page shows a function: the reader's language, lecture mode and image format,
    and the panel's own choices (see ``ui.function_page.panel``). ``heading``, ``labels``,
    ``title`` and ``filename`` let the GLU page show its gate in the same panel."""

    lang: str = "zh"
    lecture: bool = False
    image_format: str = "png"
    compact: bool = False
    text: bool = True
    facts: bool = True
    note: str | None = None
    references: tuple[Reference, ...] = ()
    x_span: tuple[float, float] | None = None
    value_range: tuple[float, float] | None = None
    grad_range: tuple[float, float] | None = None
    heading: bool = True
    labels: Labels | None = None
    title: str | None = None
    filename: str | None = None


@dataclass(frozen=True)
class PanelView:
    """A function's panel, ready to draw: its blocks, top to bottom; and, if its details
    could not be made, the error to raise once the blocks are drawn (the figure stays)."""

    blocks: tuple[Block, ...]
    failure: Exception | None = None


@lru_cache(maxsize=256)  # one look-up per run, not one per derivation
def core_text(activation: Configured, with_facts: bool = True) -> tuple[Formulas, Facts | None]:
    """What the core derives for a panel's text, each cached there for all sessions: f and f′
    in LaTeX, in general and (given parameters) at their values; the facts, ``with_facts``."""
    formulas = (symbolic.latex(activation.key),)
    if activation.given:
        formulas += (symbolic.latex(activation),)
    return formulas, facts(activation) if with_facts else None


def panel_view(activation: Configured, view: View | None, options: Options) -> PanelView:
    """The panel of ``activation``: heading, figure and cards (given a ``view``), then the
    formulas, facts and code (unless ``options.text`` is false). Below float64 (``view.dtype``)
    the figure is the type's, with what the type does and the errors' figure under it.

    >>> from activations import REGISTRY
    >>> shown = panel_view(REGISTRY["relu"].at(), View(-6.0, 6.0, 1.0), Options(lang="en"))
    >>> [type(block).__name__ for block in shown.blocks]
    ['Title', 'ChartView', 'Markdown', 'CodeFold']
    """
    try:  # SymPy's and mpmath's work, cached in the core: if it fails, the figure stays
        formulas, found = core_text(activation, options.facts) if options.text else ((), None)
        failure = None
    except Exception as error:
        formulas, found, failure = (), None, error
    shown = lp.read(activation, view.x, view.dtype, view.x0) if view else None
    words = panel_text(
        activation,
        shown,
        formulas,
        found,
        options.lang,
        compact=options.compact,
        note=options.note,
        labels=options.labels,
        title=options.title,
        filename=options.filename,
        x_span=options.x_span,
    )
    drawn = (
        panel_figures(
            shown,
            words,
            references=options.references,
            lecture=options.lecture,
            x_range=options.x_span,
            value_range=options.value_range,
            grad_range=options.grad_range,
        )
        if shown
        else ()
    )
    named = [(f"chart_{activation.key}", words.title, words.filename, words.alt)][: len(drawn)]
    if words.errors:
        errors = words.errors
        named.append((f"error_{activation.key}", errors.title, errors.filename, None))
    said = alt_words(options.lang)
    charts = [
        chart_view(
            fig,
            key=key,
            filename=filename,
            title=title,
            alt=alt,
            words=said,
            image_format=options.image_format,
        )
        for fig, (key, title, filename, alt) in zip(drawn, named, strict=True)
    ]
    blocks: list[Block] = []
    if shown and options.heading:
        name = words.heading.name if options.compact else words.heading.title
        blocks.append(Title(name, words.heading.key, options.compact))
    blocks += charts[:1]
    if words.caption:
        blocks.append(Caption(words.caption))
    # at float64 the probe's cards are one element with the details: drawn whole or not
    cards = words.cards if words.errors or not failure else ""
    blocks += [Markdown(text) for text in (cards, words.facts) if text]
    if words.errors:
        blocks += [*charts[1:], Caption(words.errors.caption)]
    if words.details:
        blocks.append(Markdown(words.details))
    if words.code:
        blocks.append(CodeFold(f"code_{activation.key}", words.code_title, words.code))
    return PanelView(tuple(blocks), failure)
