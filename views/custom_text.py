"""The custom-formula page's words: pure functions, no Streamlit (its figure is
:mod:`views.custom_figures`).

Refusals, facts, the built-in a formula equals and how its derivative was found become text
here, from the ``custom`` strings table in the reader's language, so the page only places them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from activations import REGISTRY
from activations.formula import (
    FUNCTIONS,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_LITERAL,
    MIN_LITERAL,
    CustomExpressionError,
)
from activations.formula_grid import Analysis, BuiltinMatch, GridFacts
from views.numbers import number
from views.strings import function_name, translate


def limits() -> dict[str, str]:
    """The parser's limits and function names, for the help text and refusal messages."""
    return {
        "functions": ", ".join(FUNCTIONS),
        "max_length": str(MAX_LENGTH),
        "max_literal": f"{MAX_LITERAL:,.0f}",
        "min_literal": f"{MIN_LITERAL:g}",
        "max_exponent": str(MAX_EXPONENT),
    }


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!$<>|~^=:;@%&'\"])")


def escape_markdown(text: str) -> str:
    r"""``text`` with Markdown and KaTeX specials escaped, so user input shows literally.

    >>> escape_markdown("$x*2$")
    '\\$x\\*2\\$'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def refusal_message(error: CustomExpressionError, lang: str) -> str:
    """What was not allowed, in the reader's language: ``custom.error_<code>`` filled in.

    The detail comes from the reader's text, so it is escaped before it reaches Markdown.

    >>> refusal_message(CustomExpressionError("function_not_allowed", "open"), "en")[:44]
    'The function “open” is not supported. Availa'
    """
    if error.code == "node_not_allowed":
        detail = translate(f"custom.kind_{error.detail}", lang)
    else:
        detail = escape_markdown(error.detail)
    return translate(f"custom.error_{error.code}", lang, detail=detail, **limits())


def fact_items(found: GridFacts, lang: str) -> list[tuple[str, str, str | None, str | None]]:
    """Eight facts as ``(label, value, note, help)`` for metrics, in the reader's language.

    >>> items = fact_items(GridFacts(0.0, None, 0.0, 1.0, kink=True, low=0.0, high=6.0), "en")
    >>> items[1][:3]
    ('f′(0)', '0 | 1', 'kink: left 0, right 1')
    """

    def say(key: str, **values: object) -> str:
        return translate(f"custom.{key}", lang, **values)

    if found.kink:
        sides = say("sides", left=number(found.slope_left), right=number(found.slope_right))
        slope = (f"{number(found.slope_left)} | {number(found.slope_right)}", sides)
    else:
        slope = (number(found.slope_at_0), None)
    turning = [say("minima", xs=_numbers(found.minima))] if found.minima else []
    turning += [say("maxima", xs=_numbers(found.maxima))] if found.maxima else []
    count = str(len(found.minima) + len(found.maxima))
    monotonic = say("yes" if found.trend else "no")
    kind = say(f"monotonic_{found.trend}") if found.trend else None
    grads = f"[{number(found.grad_low)}, {number(found.grad_high)}]"
    return [
        ("f(0)", number(found.value_at_0), None, None),
        ("f′(0)", *slope, None),
        (say("fact_min"), number(found.low), _at(found.argmin, say), None),
        (say("fact_max"), number(found.high), _at(found.argmax, say), None),
        (say("fact_grad_range"), grads, None, None),
        (say("fact_turning"), count, "; ".join(turning) or None, None),
        (say("fact_monotonic"), monotonic, kind, None),
        (
            say("fact_zero_centred"),
            say("yes" if found.zero_centred else "no"),
            None,
            say("zero_centred_help"),
        ),
    ]


def _numbers(values: Sequence[float]) -> str:
    return ", ".join(number(value) for value in values)


def _at(x: float | None, say) -> str | None:
    return None if x is None else say("at", x=number(x))


def match_message(match: BuiltinMatch | None, lang: str) -> str:
    """Which built-in the formula equals (name and parameters), or that it equals none.

    >>> match_message(BuiltinMatch("swish", {"beta": 2.0}), "en")[:38]
    'This is the built-in **Swish / SiLU** '
    """
    if match is None:
        return translate("custom.no_match", lang)
    entry = REGISTRY[match.key]
    symbols = {param.name: _SYMBOLS.get(param.latex, param.latex) for param in entry.params}
    params = ", ".join(f"{symbols[name]} = {value:g}" for name, value in match.params.items())
    extra = translate("custom.params", lang, params=params) if params else ""
    name = function_name(match.key, lang)
    return translate("custom.match", lang, name=name, params=extra)


_SYMBOLS = {r"\alpha": "α", r"\beta": "β"}


def derivative_note(analysis: Analysis, lang: str) -> str:
    """How f′ was obtained (simplified or not, and why), plus what θ means when it appears."""
    note = translate(f"custom.status_{analysis.grad.status}", lang)
    if analysis.uses_step:
        note += " " + translate("custom.heaviside_note", lang)
    return note
