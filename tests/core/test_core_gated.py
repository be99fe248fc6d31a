"""The gated family y = g(a)·b, the one FFN that computes (the standard FFN among its cases),
and the FFN helpers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import expit, ndtr

from activations import REGISTRY
from activations.feedforward import FeedForward
from activations.gated import (
    GATED,
    ffn_flops_per_token,
    ffn_param_count,
    llama_hidden,
    llama_hidden_steps,
    matched_gated_hidden,
    standard_hidden,
)

KEYS = list(GATED)


def test_family_in_shazeer_order_with_its_gates() -> None:
    assert KEYS == ["glu", "bilinear", "reglu", "geglu", "swiglu"]
    gates = {k: g.gate_key for k, g in GATED.items()}
    assert gates == {
        "glu": "sigmoid",
        "bilinear": None,
        "reglu": "relu",
        "geglu": "gelu",
        "swiglu": "swish",
    }
    assert [p.name for p in GATED["swiglu"].params] == ["beta"]
    assert GATED["swiglu"].defaults() == REGISTRY["swish"].defaults()
    assert all(g.name_en for g in GATED.values())


A = np.linspace(-4.0, 4.0, 41) + 0.013  # keeps ReLU's kink off the grid
B = np.cos(3 * A) - 0.2


def test_gates_are_the_formulas() -> None:
    np.testing.assert_allclose(GATED["glu"].gate(A), expit(A), rtol=1e-15)
    np.testing.assert_array_equal(GATED["bilinear"].gate(A), A)
    np.testing.assert_array_equal(GATED["reglu"].gate(A), np.maximum(A, 0))
    np.testing.assert_allclose(GATED["geglu"].gate(A), A * ndtr(A), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(
        GATED["swiglu"].gate(A, beta=1.7), A * expit(1.7 * A), rtol=1e-15, atol=1e-300
    )


@pytest.mark.parametrize("key", KEYS)
def test_value_is_gate_times_b(key: str) -> None:
    unit = GATED[key]
    np.testing.assert_array_equal(unit.value(A, B), unit.gate(A) * B)
    np.testing.assert_array_equal(unit.grad_b(A, B), unit.gate(A))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("params", [{}, {"beta": 2.5}], ids=["default", "beta"])
def test_partials_match_finite_differences(key: str, params: dict[str, float]) -> None:
    unit = GATED[key]
    params = params if unit.params else {}
    h = 1e-6
    d_a = (unit.value(A + h, B, **params) - unit.value(A - h, B, **params)) / (2 * h)
    d_b = (unit.value(A, B + h, **params) - unit.value(A, B - h, **params)) / (2 * h)
    np.testing.assert_allclose(unit.grad_a(A, B, **params), d_a, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(unit.grad_b(A, B, **params), d_b, rtol=1e-7, atol=1e-8)


def test_value_path_keeps_its_gradient_where_the_gate_saturates() -> None:
    # GLU with an open gate (a = 40): ∂y/∂b = σ(40) = 1 in float64 while ∂y/∂a = σ′(40)·b
    # ≈ 4e−18 — the value branch passes its gradient unchanged (the "linear gradient path").
    glu = GATED["glu"]
    assert glu.grad_b(40.0, 1.0) == 1.0 and glu.grad_a(40.0, 1.0) < 1e-17


def test_broadcasting_and_bilinear_nan() -> None:
    out = GATED["glu"].grad_b(np.zeros((3, 1)), np.ones((1, 4)))
    assert out.shape == (3, 4) and np.all(out == 0.5)
    assert np.isnan(GATED["bilinear"].grad_a(np.nan, 1.0))
    assert GATED["bilinear"].grad_a(np.inf, 2.0) == 2.0


def test_swiglu_beta_is_range_checked() -> None:
    with pytest.raises(ValueError, match=r"beta must be in \[0, 10\], got 12"):
        GATED["swiglu"].value(A, B, beta=12)


# --- FFN layers -------------------------------------------------------------------------------

RNG = np.random.default_rng(7)
D_MODEL, D_FF, TOKENS = 4, 6, 5
X_TOKENS = RNG.normal(size=(TOKENS, D_MODEL))
W = RNG.normal(size=(D_MODEL, D_FF))
V = RNG.normal(size=(D_MODEL, D_FF))
W2 = RNG.normal(size=(D_FF, D_MODEL))
B1 = RNG.normal(size=D_FF)
B2 = RNG.normal(size=D_MODEL)


def loop_ffn_standard(x: np.ndarray) -> np.ndarray:
    out = np.zeros((len(x), D_MODEL))
    for t in range(len(x)):
        for j in range(D_FF):
            pre = B1[j] + sum(x[t, i] * W[i, j] for i in range(D_MODEL))
            out[t] += max(pre, 0.0) * W2[j]
        out[t] += B2
    return out


def loop_ffn_gated(x: np.ndarray, gate: object) -> np.ndarray:
    out = np.zeros((len(x), D_MODEL))
    for t in range(len(x)):
        for j in range(D_FF):
            a = sum(x[t, i] * W[i, j] for i in range(D_MODEL))
            b = sum(x[t, i] * V[i, j] for i in range(D_MODEL))
            out[t] += gate(a) * b * W2[j]  # type: ignore[operator]
    return out


def standard_ffn(W1, W2, b1=None, b2=None) -> tuple[FeedForward, Callable]:
    """Vaswani's FFN, max(0, xW₁ + b₁)W₂ + b₂, as the core's one FFN computes it: ReGLU whose
    value branch is the constant 1. The tokens get a 1 appended (see the callable returned);
    it carries b₁ into the gate and makes every value xV exactly 1, and one more hidden unit,
    ReLU(1)·1 = 1, carries b₂ through W₂. The layer maps d_model + 1 to d_model + 1: the last
    output (always 0) is dropped."""
    d_model, d_ff = np.shape(W1)
    b1 = np.zeros(d_ff) if b1 is None else np.asarray(b1)
    b2 = np.zeros(d_model) if b2 is None else np.asarray(b2)
    gate = np.block([[np.asarray(W1), np.zeros((d_model, 1))], [b1, 1.0]])
    value = np.block([[np.zeros((d_model, d_ff + 1))], [np.ones(d_ff + 1)]])
    down = np.block([[np.asarray(W2), np.zeros((d_ff, 1))], [b2, 0.0]])  # its 1 is dropped
    ffn = FeedForward.shazeer(gate, value, down, "reglu")

    def with_one(x: np.ndarray) -> np.ndarray:
        return np.concatenate([x, np.ones((*np.shape(x)[:-1], 1))], axis=-1)

    return ffn, with_one


def run_standard(x, W1, W2, b1=None, b2=None) -> np.ndarray:
    ffn, with_one = standard_ffn(W1, W2, b1, b2)
    return ffn(with_one(np.asarray(x)))[..., : np.shape(W1)[0]]


def test_standard_ffn_matches_a_loop() -> None:
    np.testing.assert_allclose(
        run_standard(X_TOKENS, W, W2, B1, B2), loop_ffn_standard(X_TOKENS), rtol=1e-12
    )
    no_bias = run_standard(X_TOKENS, W, W2)
    np.testing.assert_allclose(no_bias, np.maximum(X_TOKENS @ W, 0) @ W2, rtol=1e-12)
    doc = run_standard([[1.0, -1.0]], [[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 2.0]])
    np.testing.assert_array_equal(doc, [[2.0, 0.0]])


@given(st.integers(0, 2**32 - 1).map(np.random.default_rng))
def test_standard_ffn_matches_explicit_loops(rng) -> None:
    d_model, d_ff = 3, 5
    x = rng.normal(size=(2, d_model))
    W1, b1 = rng.normal(size=(d_model, d_ff)), rng.normal(size=d_ff)
    W2, b2 = rng.normal(size=(d_ff, d_model)), rng.normal(size=d_model)
    expected = np.tile(b2, (2, 1))
    for n in range(2):
        for j in range(d_ff):
            hidden = max(0.0, sum(x[n, i] * W1[i, j] for i in range(d_model)) + b1[j])
            expected[n] += hidden * W2[j]
    np.testing.assert_allclose(run_standard(x, W1, W2, b1, b2), expected, rtol=1e-10)


@pytest.mark.parametrize("key", KEYS)
def test_gated_ffn_matches_a_loop(key: str) -> None:
    gate_key = GATED[key].gate_key
    gate = (lambda a: a) if gate_key is None else (lambda a: float(REGISTRY[gate_key].fn(a)))
    np.testing.assert_allclose(
        FeedForward.shazeer(W, V, W2, key)(X_TOKENS), loop_ffn_gated(X_TOKENS, gate), rtol=1e-11
    )


def test_gated_ffn_keeps_batch_dimensions_and_beta() -> None:
    batch = RNG.normal(size=(2, 3, D_MODEL))
    out = FeedForward.shazeer(W, V, W2, "swiglu", beta=2.0)(batch)
    assert out.shape == (2, 3, D_MODEL)
    expected = ((batch @ W) * expit(2.0 * (batch @ W)) * (batch @ V)) @ W2
    np.testing.assert_allclose(out, expected, rtol=1e-12)


# --- sizes, parameters and FLOPs -----------------------------------------------------------------


def test_hidden_sizes() -> None:
    assert standard_hidden(768) == 3072
    assert matched_gated_hidden(768) == 2048
    assert matched_gated_hidden(4096, multiple_of=256) == 11008  # LLaMA-7B
    assert matched_gated_hidden(4096) == 10922
    assert matched_gated_hidden(768, multiple_of=256) == 2048
    with pytest.raises(ValueError, match="multiple_of"):
        matched_gated_hidden(768, multiple_of=0)


@pytest.mark.parametrize(
    ("model", "d_model", "multiple_of", "multiplier", "d_ff"),
    [
        ("LLaMA-1 7B", 4096, 256, None, 11008),
        ("Llama 2 70B", 8192, 4096, 1.3, 28672),
        ("Llama 3 8B", 4096, 1024, 1.3, 14336),
        ("Llama 3 70B", 8192, 4096, 1.3, 28672),
    ],
)
def test_llamas_rule_gives_the_published_widths(model, d_model, multiple_of, multiplier, d_ff):
    assert llama_hidden(d_model, multiple_of, multiplier) == d_ff, model


def test_llamas_rule_step_by_step_as_in_its_code() -> None:
    # int(2 * 4d / 3), then int(multiplier * hidden), then up to a multiple of multiple_of.
    assert llama_hidden_steps(4096, 1024, 1.3) == (10922, 14198, 14336)
    assert llama_hidden_steps(8192, 4096, 1.3) == (21845, 28398, 28672)
    assert llama_hidden_steps(4096, 256) == (10922, 10922, 11008)
    assert llama_hidden_steps(18432, 1, 1.5) == (49152, 73728, 73728)  # PaLM's 4d, in these terms
    for d_model in (8, 100, 768, 1000, 4096, 5120, 65536):
        reference = int(2 * (4 * d_model) / 3)  # LLaMA's own float expression
        assert llama_hidden_steps(d_model)[0] == reference
        assert llama_hidden(d_model, 1, 1.0) == llama_hidden(d_model) == reference


@pytest.mark.parametrize("multiplier", [0.0, -1.3, float("nan"), float("inf")])
def test_llamas_rule_refuses_a_bad_multiplier(multiplier) -> None:
    with pytest.raises(ValueError, match="ffn_dim_multiplier"):
        llama_hidden(4096, 256, multiplier)


def test_matched_gated_ffn_has_the_same_parameters_and_flops() -> None:
    standard = ffn_param_count(768, standard_hidden(768), gated=False)
    gated = ffn_param_count(768, matched_gated_hidden(768), gated=True)
    assert standard == gated == 4_718_592 == 2 * 768 * 3072 == 3 * 768 * 2048
    flops_standard = ffn_flops_per_token(768, 3072, gated=False)
    flops_gated = ffn_flops_per_token(768, 2048, gated=True)
    assert flops_standard == flops_gated == 2 * 4_718_592  # 2 FLOPs per multiply-add


def test_parameter_count_with_biases() -> None:
    assert ffn_param_count(4, 6, gated=False, biases=True) == 2 * 4 * 6 + 6 + 4
    assert ffn_param_count(4, 6, gated=True, biases=True) == 3 * 4 * 6 + 2 * 6 + 4
    # and it matches the arrays used above
    assert ffn_param_count(D_MODEL, D_FF, gated=False, biases=True) == sum(
        a.size for a in (W, W2, B1, B2)
    )
