"""One number formatter for the whole app (views.numbers.number): prose, metrics, quiz, tables."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from views import custom_text, function_text, prose_values, quiz
from views.numbers import number

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        # the two values the metrics used to print as "10 × 10⁻⁵" and "1.2346e+05"
        (9.999996e-5, 5, "1 × 10⁻⁴"),
        (9.999996e-5, 4, "1 × 10⁻⁴"),
        (123456.7, 5, "123457"),
        (123456.7, 4, "123457"),
        (-123456.7, 4, "−123457"),
        # rounding up across a power of ten picks the notation of the rounded value
        (0.00099996, 4, "0.001"),
        (0.000999, 4, "9.99 × 10⁻⁴"),
        (999.96, 4, "1000"),
        (999999.7, 4, "1 × 10⁶"),
        (999999.7, 7, "999999.7"),
        (1234567.8, 4, "1.235 × 10⁶"),
        (-7.146946e-06, 5, "−7.1469 × 10⁻⁶"),
        (1e-300, 2, "1 × 10⁻³⁰⁰"),
        (6.02e23, 3, "6.02 × 10²³"),
        # plain numbers: significant digits, trailing zeros dropped, Unicode minus
        (0.25, 5, "0.25"),
        (1.0998393, 5, "1.0998"),
        (-0.0998393, 5, "−0.099839"),
        (1.0, 4, "1"),
        (11008.0, 4, "11008"),
        (0.006648056670790155, 4, "0.006648"),
        # zero, signed zero, and what is not a number
        (0.0, 4, "0"),
        (-0.0, 4, "0"),
        (None, 4, "—"),
        (math.nan, 4, "—"),
        (math.inf, 4, "∞"),
        (-math.inf, 4, "−∞"),
    ],
)
def test_number(value, digits, text):
    assert number(value, digits) == text


@pytest.mark.parametrize("value", [1e-12, 3.3e-4, 0.5, 42.0, 987654.0, 5.5e9])
def test_number_never_shows_e_notation_or_a_hyphen_minus(value):
    for sign in (1.0, -1.0):
        for digits in (1, 2, 4, 6):
            text = number(sign * value, digits)
            assert "e" not in text and "-" not in text, text
            mantissa = text.split(" × ")[0].lstrip("−")
            assert not mantissa.startswith("10"), text  # "10 × 10⁻⁵" must be "1 × 10⁻⁴"


def test_number_refuses_zero_digits():
    with pytest.raises(ValueError, match="digits"):
        number(1.0, 0)


def test_every_module_uses_the_one_formatter():
    assert prose_values.number is number
    assert function_text.number is number
    assert custom_text.number is number
    assert quiz.number is number
    for path in [*ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py"), *ROOT.glob("app_pages/*.py")]:
        if path.name != "numbers.py":
            assert "def number(" not in path.read_text(encoding="utf-8"), path.name


def test_prose_refuses_a_fact_that_is_not_finite(monkeypatch):
    spec = {"test.infinite": (lambda: math.inf, 4)}
    monkeypatch.setattr(prose_values, "_SPEC", {**prose_values._SPEC, **spec})
    with pytest.raises(ValueError, match="finite"):
        prose_values.prose_value.__wrapped__("test.infinite")
