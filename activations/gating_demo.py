"""A toy gated layer small enough to watch: 8 tokens, d_model = 4, d_ff = 6.

Each token ``x`` (a row of ``tokens``) goes through two linear maps. ``a = xW`` is the gate
pre-activation, ``g(a)`` the gate (σ for GLU, Swish for SwiGLU, …), ``b = xV`` the value, and
the unit's output is ``y = g(a) ⊙ b`` (Shazeer 2020's convention; the unit itself is
:data:`activations.gated.GATED`, the other conventions are beside it). The pages animate these
arrays token by token.

The gate weights ``W`` are built, not drawn: feature 0 is a shared "threshold" that shifts
every gate together, and features 1–3 each open one pair of units in opposite directions
(column j reads ``x0 ± x_i``). That makes the presets exact: "all gates closed" and "one unit
open" hold for every seed, so a lecturer can rely on them. The seed permutes the units and
draws the value weights ``V`` and the random tokens.

>>> run = toy_run("glu", toy_tokens(0, "closed"), seed=0)
>>> bool((run.gate < 0.12).all())
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from activations.gated import GATED

N_TOKENS = 8
D_MODEL = 4
D_FF = 6
PRESETS = ("random", "closed", "one_open", "custom")
TOKEN_SCALE = 1.6  # random tokens ~ N(0, 1.6²): gates spread from nearly shut to nearly open
CLOSED_LEVEL = -4.0  # the threshold feature in the "closed" preset: every a ≤ -2.5
OPEN_LEVEL = 7.0  # the push on one unit in "one open": that a = +3, the others ≈ -4
MAX_ABS_INPUT = 20.0

Array = np.ndarray


@dataclass(frozen=True)
class ToyRun:
    """Every intermediate of the toy layer, each ``(n_tokens, D_FF)`` except ``tokens``."""

    variant: str
    tokens: Array  # (n_tokens, D_MODEL)
    pre_gate: Array  # a = xW
    gate: Array  # g(a)
    value: Array  # b = xV
    output: Array  # y = g(a) ⊙ b


def toy_weights(seed: int) -> tuple[Array, Array]:
    """The gate weights ``W`` and value weights ``V``, both ``(D_MODEL, D_FF)``.

    >>> W, V = toy_weights(0)
    >>> W.shape, V.shape, W[0].tolist()
    ((4, 6), (4, 6), [1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    """
    rng = np.random.default_rng(seed)
    directions = np.zeros((D_MODEL - 1, D_FF))
    for unit in range(D_FF):
        directions[unit // 2, unit] = 1.0 if unit % 2 == 0 else -1.0
    gate_weights = np.vstack([np.ones(D_FF), directions[:, rng.permutation(D_FF)]])
    value_weights = np.round(rng.normal(0.0, 0.7, (D_MODEL, D_FF)), 2)
    return gate_weights, value_weights


def toy_tokens(seed: int, preset: str = "random") -> Array:
    """The input sequence, ``(N_TOKENS, D_MODEL)``, for a seed and a preset.

    ``random``: entries ~ N(0, 1.6²), one decimal. ``closed``: every gate pre-activation is at
    most −2.5, while the values still vary from token to token. ``one_open``: token t opens
    unit ``t mod D_FF`` (a = +3) and keeps the rest shut (a ≤ −4). ``custom`` starts from the
    random tokens (the page lets the user edit them).

    >>> toy_tokens(0).shape
    (8, 4)
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose from {PRESETS}")
    rng = np.random.default_rng([seed, 1])
    if preset in ("random", "custom"):
        return np.round(rng.normal(0.0, TOKEN_SCALE, (N_TOKENS, D_MODEL)), 1)
    gate_weights, _ = toy_weights(seed)
    tokens = np.zeros((N_TOKENS, D_MODEL))
    if preset == "closed":
        tokens[:, 0] = CLOSED_LEVEL + np.round(rng.uniform(-0.5, 0.5, N_TOKENS), 1)
        tokens[:, 1:] = np.round(rng.uniform(-1.0, 1.0, (N_TOKENS, D_MODEL - 1)), 1)
        return tokens
    tokens[:, 0] = CLOSED_LEVEL
    for t in range(N_TOKENS):
        column = gate_weights[1:, t % D_FF]
        feature = int(np.flatnonzero(column)[0])
        tokens[t, 1 + feature] = OPEN_LEVEL * column[feature]
    return tokens


def toy_run(variant: str, tokens: Array, *, seed: int, **params: float) -> ToyRun:
    """Push ``tokens`` through the toy gated layer with the gate of ``variant``.

    ``variant`` is a key of ``activations.gated.GATED`` (``glu``, ``swiglu``, …); ``params``
    go to its gate (``beta`` for SwiGLU).
    """
    gated = GATED[variant]
    gate_weights, value_weights = toy_weights(seed)
    tokens = np.asarray(tokens, dtype=float)
    pre_gate = tokens @ gate_weights
    value = tokens @ value_weights
    gate = gated.gate(pre_gate, **params)
    output = gated.value(pre_gate, value, **params)
    return ToyRun(variant, tokens, pre_gate, gate, value, output)


def format_tokens(tokens: Array) -> str:
    """Tokens as editable text: one token per line, entries separated by ", ".

    >>> format_tokens(np.array([[1.0, -0.5], [0.0, 2.25]]))
    '1, -0.5\\n0, 2.25'
    """
    return "\n".join(", ".join(f"{value:g}" for value in row) for row in np.asarray(tokens))


_SEPARATORS = re.compile(r"[,\s，;；]+")


def parse_tokens(text: str) -> Array | None:
    """Tokens from text (one per line, ``D_MODEL`` numbers each), or ``None`` if malformed.

    Accepts commas (also full-width "，"), semicolons or spaces between numbers; 2 to 12 lines;
    every entry finite and within ±20, so a mangled link cannot blow up a chart.

    >>> parse_tokens("1, 2, 3, 4\\n0 0 0 -1").tolist()
    [[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, -1.0]]
    >>> parse_tokens("1, 2, 3") is None
    True
    """
    rows = []
    for line in text.strip().splitlines():
        entries = [entry for entry in _SEPARATORS.split(line.strip()) if entry]
        if not entries:
            continue
        try:
            row = [float(entry) for entry in entries]
        except ValueError:
            return None
        if len(row) != D_MODEL:
            return None
        rows.append(row)
    if not 2 <= len(rows) <= 12:
        return None
    tokens = np.array(rows)
    if not np.isfinite(tokens).all() or np.abs(tokens).max() > MAX_ABS_INPUT:
        return None
    return tokens
