"""How the app writes a number for students: one formatter for prose, metrics, quiz and tables.

:func:`number` rounds to significant digits first and only then picks the notation, so a value
that rounds up to the next power of ten (9.999996 × 10⁻⁵) is written as that power (1 × 10⁻⁴),
never as "10 × 10⁻⁵". Magnitudes from 10⁻³ up to 10⁶ are written out (123457, not
1.235e+05); smaller and larger ones use a Unicode power of ten. No Streamlit here.

>>> number(0.25), number(-0.278464542761074), number(9.999996e-5), number(123456.7)
('0.25', '−0.2785', '1 × 10⁻⁴', '123457')
"""

from __future__ import annotations

import math

__all__ = ["MISSING", "number"]

MISSING = "—"  # a fact that does not exist (no minimum, an undefined value)
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SMALLEST_PLAIN = -3  # 0.001234 is still written out; 0.0001234 becomes 1.234 × 10⁻⁴
_LARGEST_PLAIN = 5  # 123457 is written out; 1234567 becomes 1.235 × 10⁶


def number(value: float | None, digits: int = 4) -> str:
    """``value`` rounded to ``digits`` significant digits, as the app shows numbers.

    Trailing zeros are dropped, negatives get the Unicode minus (−, not -), magnitudes below
    10⁻³ or from 10⁶ up use a power of ten, and a plain number keeps every digit of its integer
    part (123456.7 → 123457 even with fewer ``digits``). ``None`` and NaN are "—" (a fact
    that does not exist), infinities are ∞ and −∞.

    >>> number(1.0), number(-0.0), number(-4.0856e-4, digits=2), number(36.736800569677)
    ('1', '0', '−4.1 × 10⁻⁴', '36.74')
    >>> number(0.00099996), number(999999.7), number(float("-inf")), number(None)
    ('0.001', '1 × 10⁶', '−∞', '—')
    """
    if digits < 1:
        raise ValueError(f"digits must be at least 1, got {digits}")
    if value is None:
        return MISSING
    value = float(value)
    if math.isnan(value):
        return MISSING
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0.0:
        return "0"
    # Round first: the exponent of the *rounded* value decides the notation and the mantissa.
    mantissa_text, exponent_text = f"{value:.{digits - 1}e}".split("e")
    exponent = int(exponent_text)
    if _SMALLEST_PLAIN <= exponent <= _LARGEST_PLAIN:
        text = _trim(f"{value:.{max(digits - 1 - exponent, 0)}f}")
    else:
        power = str(exponent).translate(_SUPERSCRIPT)
        text = f"{_trim(mantissa_text)} × 10{power}"
    return text.replace("-", "−")


def _trim(text: str) -> str:
    """Drop trailing zeros after a decimal point: '0.2500' -> '0.25', '1.000' -> '1'."""
    return text.rstrip("0").rstrip(".") if "." in text else text
