"""LLaMA's SwiGLU feed-forward layer: the NumPy ``FeedForward`` against hand-written algebra,
the registry's SiLU and the gated-FFN helper, and the PyTorch code the SwiGLU page shows.

PyTorch is not a dependency of the app, so the snippet is checked without it: its syntax tree
must define ``FeedForward`` with three bias-free ``nn.Linear`` layers of the right shapes and
LLaMA's forward pass, and it runs against a small NumPy stand-in for ``torch`` whose ``Linear``
and ``F.silu`` do what PyTorch documents; its output must equal the NumPy layer's.
"""

from __future__ import annotations

import ast
import builtins
import math
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.special import expit

from activations import REGISTRY
from activations.feedforward import FeedForward, parameter_count, parameter_shapes
from activations.gated import ffn_param_count, llama_hidden
from activations.syntax import parse_python
from views.content import code_snippet

SNIPPET = code_snippet("feedforward_torch")


def hand_forward(x, w1, w2, w3):
    """w2(silu(w1 x) * w3 x), written out: Linear(x) = x Wᵀ, silu(a) = a / (1 + e^(−a))."""
    a = x @ w1.T
    return ((a / (1.0 + np.exp(-a))) * (x @ w3.T)) @ w2.T


# --- the NumPy layer ---------------------------------------------------------------------------


@pytest.mark.parametrize(("dim", "hidden_dim", "seed"), [(4, 10, 0), (4, 10, 7), (16, 40, 3)])
def test_forward_equals_the_hand_written_composition(dim, hidden_dim, seed):
    ffn = FeedForward.create(dim, hidden_dim, seed=seed)
    x = np.random.default_rng(seed + 100).normal(0.0, 2.0, (8, dim))
    np.testing.assert_allclose(ffn(x), hand_forward(x, ffn.w1, ffn.w2, ffn.w3), rtol=1e-12)


def test_every_intermediate_is_what_its_name_says():
    ffn = FeedForward.create(4, 10, seed=1)
    x = np.random.default_rng(2).normal(0.0, 1.6, (8, 4))
    run = ffn.trace(x)
    np.testing.assert_array_equal(run.x, x)
    np.testing.assert_allclose(run.gate_pre, x @ ffn.w1.T, rtol=1e-15)
    np.testing.assert_allclose(run.gate, REGISTRY["swish"].fn(run.gate_pre, beta=1.0), rtol=0)
    np.testing.assert_allclose(run.up, x @ ffn.w3.T, rtol=1e-15)
    np.testing.assert_allclose(run.product, run.gate * run.up, rtol=0)
    np.testing.assert_allclose(run.output, run.product @ ffn.w2.T, rtol=1e-15)
    assert [array.shape for array in (run.gate_pre, run.gate, run.up, run.product)] == [(8, 10)] * 4
    assert run.output.shape == x.shape


def test_the_gate_is_the_registrys_silu_even_far_out():
    """Where a / (1 + e^(−a)) overflows (a = −1000), the layer still uses the stable SiLU."""
    ffn = FeedForward(np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]]))
    x = np.array([[-1000.0], [-40.0], [0.0], [3.0], [800.0]])
    run = ffn.trace(x)
    silu = REGISTRY["swish"]
    np.testing.assert_array_equal(run.gate, silu.fn(x, beta=1.0))
    np.testing.assert_allclose(
        run.gate[1:4, 0], [-40 / (1 + math.exp(40)), 0.0, 3 / (1 + math.exp(-3))]
    )
    assert np.isfinite(run.output).all()


def test_it_is_shazeers_swiglu_ffn_with_transposed_weights():
    ffn = FeedForward.create(8, 20, seed=5)
    x = np.random.default_rng(6).normal(size=(5, 8))
    shazeer = FeedForward.shazeer(ffn.w1.T, ffn.w3.T, ffn.w2.T, "swiglu", beta=1.0)(x)
    np.testing.assert_array_equal(ffn(x), shazeer)  # one code path: the same numbers
    by_hand = ((x @ ffn.w1.T) * expit(x @ ffn.w1.T) * (x @ ffn.w3.T)) @ ffn.w2.T
    np.testing.assert_allclose(ffn(x), by_hand, rtol=1e-12)


def test_tokens_may_have_any_leading_shape():
    ffn = FeedForward.create(4, 10, seed=0)
    batch = np.random.default_rng(1).normal(size=(2, 3, 4))
    out = ffn(batch)
    assert out.shape == (2, 3, 4)
    np.testing.assert_allclose(out[1, 2], ffn(batch[1, 2]), rtol=1e-13)
    np.testing.assert_allclose(out.reshape(6, 4), ffn(batch.reshape(6, 4)), rtol=1e-13)


def test_no_biases_and_a_non_linear_gate():
    ffn = FeedForward.create(4, 10, seed=0)
    assert np.array_equal(ffn(np.zeros(4)), np.zeros(4))  # silu(0) = 0: no biases, no offset
    x = np.array([1.0, -2.0, 0.5, 3.0])
    assert not np.allclose(ffn(2 * x), 2 * ffn(x))  # the gate makes it non-linear


@pytest.mark.parametrize(("dim", "hidden_dim"), [(4, 10), (768, 2048), (4096, 14336)])
def test_parameter_count_is_the_calculators(dim, hidden_dim):
    expected = ffn_param_count(dim, hidden_dim, gated=True)
    assert parameter_count(dim, hidden_dim) == expected == 3 * dim * hidden_dim
    assert parameter_shapes(dim, hidden_dim) == {
        "w1": (hidden_dim, dim),
        "w2": (dim, hidden_dim),
        "w3": (hidden_dim, dim),
    }


def test_a_created_layer_counts_its_own_weights():
    ffn = FeedForward.create(6, 16, seed=0)
    assert (ffn.dim, ffn.hidden_dim) == (6, 16)
    assert ffn.parameter_count() == parameter_count(6, 16) == 288


def test_create_draws_like_nn_linear_and_is_seeded():
    ffn = FeedForward.create(16, 64, seed=3)
    assert np.abs(ffn.w1).max() <= 1 / 4 and np.abs(ffn.w3).max() <= 1 / 4  # fan_in 16
    assert np.abs(ffn.w2).max() <= 1 / 8  # fan_in 64
    assert np.abs(ffn.w2).max() > 0.9 / 8  # uniform over the whole range, not a narrow one
    again = FeedForward.create(16, 64, seed=3)
    assert all(np.array_equal(getattr(ffn, n), getattr(again, n)) for n in ("w1", "w2", "w3"))
    other = FeedForward.create(16, 64, seed=4)
    assert not np.array_equal(ffn.w1, other.w1)


def test_mismatched_weights_and_tokens_are_refused():
    with pytest.raises(ValueError, match="shapes"):
        FeedForward(np.zeros((10, 4)), np.zeros((4, 9)), np.zeros((10, 4)))
    with pytest.raises(ValueError, match="shapes"):
        FeedForward(np.zeros((10, 4)), np.zeros((4, 10)), np.zeros((4, 10)))
    with pytest.raises(ValueError, match="dim = 4"):
        FeedForward.create(4, 10)(np.zeros((3, 5)))


# --- the PyTorch snippet, read -------------------------------------------------------------------


def _class(tree: ast.Module, name: str) -> ast.ClassDef:
    (found,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == name]
    return found


def _method(cls: ast.ClassDef, name: str) -> ast.FunctionDef:
    (found,) = [
        node for node in cls.body if isinstance(node, ast.FunctionDef) and node.name == name
    ]
    return found


def test_snippet_defines_feedforward_as_an_nn_module():
    tree = parse_python(SNIPPET)
    cls = _class(tree, "FeedForward")
    assert [ast.unparse(base) for base in cls.bases] == ["nn.Module"]
    init = _method(cls, "__init__")
    assert [arg.arg for arg in init.args.args] == ["self", "dim", "hidden_dim"]
    assert "super().__init__()" in [ast.unparse(statement) for statement in init.body]


def test_snippet_has_three_bias_free_linear_layers_of_the_right_shapes():
    init = _method(_class(parse_python(SNIPPET), "FeedForward"), "__init__")
    layers = {}
    for statement in init.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            (target,) = statement.targets
            layers[ast.unparse(target)] = statement.value
    assert sorted(layers) == ["self.w1", "self.w2", "self.w3"]
    shapes = {}
    for name, call in layers.items():
        assert ast.unparse(call.func) == "nn.Linear"
        assert [(k.arg, ast.unparse(k.value)) for k in call.keywords] == [("bias", "False")]
        shapes[name] = tuple(ast.unparse(arg) for arg in call.args)
    assert shapes == {
        "self.w1": ("dim", "hidden_dim"),  # in_features, out_features: weight (hidden_dim, dim)
        "self.w2": ("hidden_dim", "dim"),
        "self.w3": ("dim", "hidden_dim"),
    }


def test_snippet_forward_is_llamas():
    forward = _method(_class(parse_python(SNIPPET), "FeedForward"), "forward")
    (statement,) = forward.body
    assert isinstance(statement, ast.Return)
    expected = ast.parse("self.w2(F.silu(self.w1(x)) * self.w3(x))", mode="eval").body
    assert ast.dump(statement.value) == ast.dump(expected)


def test_snippet_imports_only_torch():
    modules = set()
    for node in ast.walk(parse_python(SNIPPET)):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module)
    assert modules == {"torch", "torch.nn.functional"}


# --- the PyTorch snippet, run on a NumPy stand-in for torch -------------------------------------


class _Tensor(np.ndarray):
    """A NumPy array with the one tensor method the snippet calls."""

    def numel(self) -> int:
        return int(self.size)


class _LazyWeight:
    """A weight's shape without its values: the snippet builds Llama 3 8B (176 M weights)."""

    def __init__(self, shape: tuple[int, int]) -> None:
        self.shape = shape

    def numel(self) -> int:
        return self.shape[0] * self.shape[1]


class _Module:
    def __init__(self) -> None:
        self._layers: dict[str, _Linear] = {}

    def __setattr__(self, name, value) -> None:
        if isinstance(value, _Linear):
            self._layers[name] = value
        object.__setattr__(self, name, value)

    def parameters(self):
        return (layer.weight for layer in self._layers.values())

    def __call__(self, x):
        return self.forward(x)


class _Linear:
    """``nn.Linear`` as PyTorch documents it: weight ``(out_features, in_features)``, y = x Wᵀ."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True) -> None:
        assert bias is False, "LLaMA's FFN has no biases"
        self.weight = _LazyWeight((out_features, in_features))

    def __call__(self, x):
        assert isinstance(self.weight, np.ndarray), "load weights before calling"
        return x @ self.weight.T


def _fake_torch() -> dict[str, SimpleNamespace]:
    functional = SimpleNamespace(silu=lambda x: x / (1.0 + np.exp(-x)))
    nn = SimpleNamespace(Module=_Module, Linear=_Linear, functional=functional)
    torch = SimpleNamespace(Tensor=_Tensor, nn=nn, Size=tuple)
    return {"torch": torch, "torch.nn": nn, "torch.nn.functional": functional}


def _run_snippet() -> tuple[dict, list[str]]:
    """Execute the snippet with ``import torch`` answered by the stand-in; what it printed."""
    modules, printed = _fake_torch(), []

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name in modules:
            return modules[name] if fromlist else modules[name.split(".")[0]]
        return builtins.__import__(name, globals, locals, fromlist, level)

    def fake_print(*values):
        printed.append(" ".join(str(value) for value in values))

    namespace = {"__builtins__": {**vars(builtins), "__import__": fake_import, "print": fake_print}}
    exec(compile(SNIPPET, "feedforward_torch.py", "exec"), namespace)  # the app's own file
    return namespace, printed


def _commented_results() -> list[str]:
    """What the snippet's ``print`` lines say they print (the comment after each)."""
    return [
        line.split("#", 1)[1].strip()
        for line in SNIPPET.splitlines()
        if line.startswith("print(") and "#" in line
    ]


def test_snippet_prints_what_its_comments_say():
    _, printed = _run_snippet()
    comments = _commented_results()
    assert len(printed) == len(comments) == 2
    shape, count = printed
    assert shape == "(14336, 4096)" and comments[0] == "torch.Size([14336, 4096])"
    assert int(count) == 176_160_768 == parameter_count(4096, 14336)
    assert comments[1].startswith(f"{int(count)} = 3 · 4096 · 14336")
    assert parameter_count(4096, 14336) == 3 * 4096 * 14336


@pytest.mark.parametrize(
    ("d_model", "multiple_of", "multiplier"),
    [(4096, 256, None), (8192, 4096, 1.3), (4096, 1024, 1.3), (8192, 1024, 1.3), (768, 1, None)],
)
def test_snippet_width_rule_is_the_cores(d_model, multiple_of, multiplier):
    namespace, _ = _run_snippet()
    shown = namespace["llama_hidden"](
        d_model, multiple_of=multiple_of, ffn_dim_multiplier=multiplier
    )
    assert shown == llama_hidden(d_model, multiple_of, multiplier)


def test_snippet_computes_what_the_numpy_layer_computes():
    namespace, _ = _run_snippet()
    reference = FeedForward.create(4, 10, seed=2)
    module = namespace["FeedForward"](4, 10)
    for name in ("w1", "w2", "w3"):
        layer = getattr(module, name)
        assert layer.weight.shape == getattr(reference, name).shape, name
        layer.weight = getattr(reference, name).view(_Tensor)
    x = np.random.default_rng(3).normal(0.0, 1.6, (8, 4))
    np.testing.assert_allclose(module(x), reference(x), rtol=1e-12)
    assert sum(p.numel() for p in module.parameters()) == reference.parameter_count()
