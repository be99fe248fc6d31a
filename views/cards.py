"""Numbers shown as cards (a label, a large value, a note under it) in one Markdown element.

Streamlit's ``st.metric`` in ``st.columns`` draws the same, but as an element per number and
per column: the eight facts of a function cost ~19 elements, and every element costs the server
a message per session and run (``python -m bench.hall --burst``). Here a grid of cards is one
element; it wraps to the width it has (two cards side by side on a phone, where columns stacked
one per row), and what each label means sits in a fold below the cards, which a keyboard and a
screen reader open like any other (a metric's help was a hover tooltip).

Pure: the page draws the result with ``st.markdown(..., unsafe_allow_html=True)``; the style is
``CARDS_CSS`` (sent once per session with the app's other styles, ``ui.layout.PAGE_ASSETS``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

CARDS_CLASS = "lab-cards"

CARDS_CSS = f"""<style>
.{CARDS_CLASS} {{
  display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr));
  gap: 0.5rem 1.5rem; margin: 0 0 0.75rem;
}}
.{CARDS_CLASS} > div {{ min-width: 0; }}
.{CARDS_CLASS} dt {{ font-size: 0.875rem; font-weight: 400; margin: 0; }}
.{CARDS_CLASS} dd {{ margin: 0; }}
.{CARDS_CLASS} .lab-value {{ font-size: 1.75rem; line-height: 1.35; overflow-wrap: anywhere; }}
.{CARDS_CLASS} .lab-note {{ font-size: 0.875rem; color: #3B4048; }}
.lab-caption {{ font-size: 0.875rem; color: #3B4048; margin: 0 0 0.5rem; }}
details.lab-cards-help {{ margin: -0.25rem 0 0.75rem; font-size: 0.875rem; }}
details.lab-cards-help summary {{ cursor: pointer; }}
details.lab-cards-help dt {{ font-weight: 600; margin-top: 0.4rem; }}
details.lab-cards-help dd {{ margin: 0; }}
</style>"""


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    note: str | None = None  # under the value: where it is attained, a unit, …
    help: str | None = None  # what the label means: listed in the fold under the cards


def cards_html(cards: Sequence[Card], *, explained: str = "") -> str:
    """The cards as one HTML block (a ``<dl>``), then, if any card has help and ``explained``
    names the fold, a ``<details>`` with what each label means.

    Markdown passes the HTML through as it is: a ``$`` in a value would not start a formula,
    and every text is escaped.

    >>> print(cards_html([Card("f(1)", "0.731059")]))
    <dl class="lab-cards"><div><dt>f(1)</dt><dd class="lab-value">0.731059</dd></div></dl>
    >>> "<details" in cards_html([Card("a", "1", help="why")], explained="How to read")
    True
    """
    items = []
    for card in cards:
        note = f'<dd class="lab-note">{escape(card.note)}</dd>' if card.note else ""
        items.append(
            f"<div><dt>{escape(card.label)}</dt>"
            f'<dd class="lab-value">{escape(card.value)}</dd>{note}</div>'
        )
    block = f'<dl class="{CARDS_CLASS}">{"".join(items)}</dl>'
    helped = [card for card in cards if card.help]
    if explained and helped:
        terms = "".join(
            f"<dt>{escape(card.label)}</dt><dd>{escape(card.help or '')}</dd>" for card in helped
        )
        block += (
            f'\n<details class="lab-cards-help"><summary>{escape(explained)}</summary>'
            f"<dl>{terms}</dl></details>"
        )
    return block


CAPTION_CLASS = "lab-caption"


def captions_html(notes: Sequence[str]) -> list[str]:
    """Short notes in a caption's type, as HTML paragraphs to join to a card block.

    >>> captions_html(["β = 1 <SiLU>"])
    ['<p class="lab-caption">β = 1 &lt;SiLU&gt;</p>']
    """
    return [f'<p class="{CAPTION_CLASS}">{escape(note)}</p>' for note in notes]
