"""Hostile URLs: the URL parameters the app reads (collected from the code by
:mod:`tests.url_params`) and bad values to put in them, batched into query strings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from urllib.parse import quote

from tests.support.url_params import Collected, collect

__all__ = ["Collected", "batches", "collect", "hostile_pairs", "query_string"]

# --- hostile values ------------------------------------------------------------------------

LONG = "A" * 10_240  # 10 KB
SCRIPTS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    "<iframe src=javascript:alert(1)>",
    "'); alert(1); //",
    "{{7*7}}${7*7}",
)
NUMBERS = (
    "",
    " ",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "-0",
    "-0.0",
    "0x10",
    "1_000",
    "99999999999999999999",
    "-99999999999999999999",
    "12345678901234567890",
    "1e-320",
    "3.0.1",
    "１２",  # full-width digits
    "true",
    "None",
    "[]",
    "{}",
)
TEXT = (
    "😀🔥🧠",
    "👩🏽‍💻",
    "\u202etxt.exe",
    "zero\u200bwidth",
    "中文参数",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "%ZZ%",
    "%E0%A4%A",
    "%%%%",
    "%u0041",
    "\\u0000",
    "$x$",
    "$$\\invalidmacro$$",
    "\\frac{",
    ":red[x]",
    "**bold**",
    "a\nb",
    "a;b,c|d",
    "a&b=c",
    "#fragment",
)
VALUES: tuple[str, ...] = (*NUMBERS, *TEXT, *SCRIPTS, LONG)
UNKNOWN_KEYS = (
    "__proto__",
    "constructor",
    "zzz",
    "<script>",
    "%",
    "",
    "a[b]",
    "page",
    "embed_options",  # Streamlit's own (embedding options); junk values must be harmless
)


def hostile_pairs(keys: list[str], per_key: int = 4, seed: int = 0) -> list[tuple[str, str]]:
    """``(key, value)`` pairs: every key ``per_key`` times with different hostile values,
    some keys repeated within one URL, and unknown keys. The 10 KB value appears at most once
    per batch of :func:`batches` (headers stay well under the server's 64 KB limit)."""
    import random

    rng = random.Random(seed)
    pool = [v for v in VALUES if v is not LONG]
    pairs: list[tuple[str, str]] = []
    cycle = itertools.cycle(rng.sample(pool, len(pool)))
    for _ in range(per_key):
        for key in keys:
            pairs.append((key, next(cycle)))
    for key, value in zip(UNKNOWN_KEYS, itertools.cycle(SCRIPTS), strict=False):
        pairs.append((key, value))
    return pairs


def batches(pairs: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    """Consecutive groups of ``size`` pairs; the first carries a 10 KB value too."""
    for index, start in enumerate(range(0, len(pairs), size)):
        group = list(pairs[start : start + size])
        if index == 0 and group:
            group.append((group[0][0], LONG))
        yield group


def query_string(pairs: list[tuple[str, str]], *, raw_junk: bool = True) -> str:
    """Percent-encode the pairs (repeated keys stay repeated); optionally append raw junk that
    is not valid percent-encoding at all."""
    parts = [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs]
    if raw_junk:
        parts += ["%ZZ=%", "=novalue", "&&", "novalue", "x0=%E0%A4%A"]
    return "&".join(parts)
