"""What the function pages show as text and files, computed without Streamlit.

Intervals and parameter text for the metrics, the kinks where f′ jumps, the NumPy/PyTorch/JAX
snippets, the CSV and LaTeX downloads; LaTeX and facts come from the symbolic layer (SymPy,
cached there on plain values for all sessions).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

import numpy as np

from activations import REGISTRY, symbolic
from activations.constants import GELU_TANH_CUBIC, PRELU_INIT
from ui.i18n import translate
from ui.numbers import number


def latex(key: str, params: dict[str, float] | None = None) -> tuple[str, str]:
    """f and f′ as LaTeX from the symbolic layer: the general form without ``params``."""
    params = params or {}
    return symbolic.latex_f(key, **params), symbolic.latex_grad(key, **params)


def facts(key: str, params: dict[str, float]) -> dict[str, object]:
    """The symbolic layer's facts for ``key`` at ``params``, as a plain dict."""
    return symbolic.facts(key, **params).as_dict()


FACT_DIGITS = 5  # metrics and tables show one significant digit more than the prose


def interval(low, high, low_open: bool, high_open: bool) -> str:
    """The range of f in interval notation: ``(0, 1)``, ``[-0.2785, ∞)``."""
    left = "(" if low_open or (low is not None and math.isinf(float(low))) else "["
    right = ")" if high_open or (high is not None and math.isinf(float(high))) else "]"
    return f"{left}{number(low, FACT_DIGITS)}, {number(high, FACT_DIGITS)}{right}"


_SIDES = {-1: "⁻", 1: "⁺"}


def where_text(where: dict[str, object], value: float, lang: str) -> str:
    """Where an extreme of the facts is attained, by the rule of :class:`activations.symbolic.
    Where` (given as its dict): ``x = −1.2785``, ``x ≤ 0``, every x, or never (x → ±∞).

    >>> where_text({"kind": "below", "at": 0.0, "closed": True, "approached": ()}, 0.0, "en")
    'attained on x ≤ 0'
    >>> approached = {"kind": "approached", "at": None, "closed": False,
    ...               "approached": ((-math.inf, 0), (math.inf, 0))}
    >>> where_text(approached, 0.0, "en")
    'never attained; approached as x → ±∞'
    >>> where_text({"kind": "outside", "at": 0.0, "until": 6.0, "closed": False}, 0.0, "en")
    'attained on x < 0 or x > 6'
    """
    kind, at = where["kind"], where["at"]
    if kind == "point":
        return translate("functions.at", lang, x=number(at, FACT_DIGITS))
    if kind in ("below", "above"):
        sign = {("below", True): "≤", ("below", False): "<", ("above", True): "≥"}
        op = sign.get((kind, bool(where["closed"])), ">")
        interval = f"x {op} {number(at, FACT_DIGITS)}"
        return translate("functions.where_half", lang, interval=interval)
    if kind in ("between", "outside"):
        low, high = number(at, FACT_DIGITS), number(where["until"], FACT_DIGITS)
        inner, outer = ("≤", "≥") if where["closed"] else ("<", ">")
        interval = (
            f"{low} {inner} x {inner} {high}"
            if kind == "between"
            else f"x {inner} {low}{translate('functions.where_or', lang)}x {outer} {high}"
        )
        return translate("functions.where_half", lang, interval=interval)
    if kind == "everywhere":
        return translate("functions.where_everywhere", lang)
    ends = [
        ("−∞" if x < 0 else "+∞") if math.isinf(x) else number(x, FACT_DIGITS) + _SIDES[side]
        for x, side in where["approached"]
    ]
    if ends == ["−∞", "+∞"]:
        ends = ["±∞"]
    words = "where_unbounded" if math.isinf(value) else "where_approached"
    joined = translate("functions.where_or", lang).join(ends)
    return translate(f"functions.{words}", lang, ends=joined)


def param_text(params: dict[str, float]) -> str:
    """``β = 1.5`` style text for the current parameters of one function (empty if none)."""
    symbols = {param.name: param.latex for entry in REGISTRY.values() for param in entry.params}
    return ", ".join(
        f"{_GREEK.get(symbols[name], symbols[name])} = {value:g}" for name, value in params.items()
    )


_GREEK = {r"\alpha": "α", r"\beta": "β", r"\lambda": "λ"}


def jumps(key: str, params: dict[str, float]) -> tuple[float, ...]:
    """The registry's kinks where f′ really jumps at these parameters (ELU at α = 1 does not)."""
    entry = REGISTRY[key]
    found = []
    for kink in entry.kinks:
        sides = entry.grad(np.array([kink - 1e-9, kink + 1e-9]), **params)
        if abs(float(sides[1] - sides[0])) > 1e-6:
            found.append(kink)
    return tuple(found)


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


def code_snippets(key: str, params: dict[str, float]) -> tuple[str, str, str]:
    """One-liners for NumPy, PyTorch and JAX with the current parameter values filled in.

    >>> code_snippets("swish", {"beta": 1.5})[1].splitlines()[-1][:32]
    'y = x * torch.sigmoid(1.5 * x)  '
    """
    values = {name: _code_number(value) for name, value in params.items()}
    values |= {"gelu_c": f"{GELU_TANH_CUBIC:g}", "prelu_init": f"{PRELU_INIT:g}"}
    return tuple(
        f"{imports}\n\n{template.format(**values)}"
        for imports, template in zip(_IMPORTS, _CODE[key], strict=True)
    )


def table_csv(x: np.ndarray, columns: dict[str, np.ndarray]) -> str:
    """Curve data as CSV: one ``x`` column, then one column per curve (float64, 10 digits)."""
    table = np.column_stack([x, *columns.values()])
    buffer = io.StringIO()
    np.savetxt(buffer, table, delimiter=",", fmt="%.10g", header=",".join(["x", *columns]))
    return buffer.getvalue().replace("# ", "", 1)


def curves_csv(shown: Sequence[tuple[str, dict[str, float]]], x: np.ndarray) -> str:
    """f and f′ of every function shown on the grid ``x``, as CSV (see :func:`table_csv`)."""
    columns: dict[str, np.ndarray] = {}
    for key, params in shown:
        columns[f"{key}(x)"] = REGISTRY[key].fn(x, **params)
        columns[f"{key}'(x)"] = REGISTRY[key].grad(x, **params)
    return table_csv(x, columns)


def formulas_tex(
    shown: Sequence[tuple[str, dict[str, float]]],
    header: str,
    words: Mapping[str, str] | None = None,
) -> str:
    r"""f and f′ of every function shown as amsmath ``align*`` blocks under ``header``.

    ``words`` maps the words of SymPy's piecewise definitions (``for``, ``otherwise``) to the
    reader's language, as the page shows them (``ui.render.formula``).

    >>> tex = formulas_tex([("relu", {})], "%", {"for": "若", "otherwise": "其他情况"})
    >>> tex.splitlines()[3]
    '  f(x) &= \\begin{cases} x & \\text{若}\\: x > 0 \\\\0 & \\text{其他情况} \\end{cases} \\\\'
    """
    tex = [header]
    for key, params in shown:
        suffix = param_text(params)
        value, grad = (_worded(part, words or {}) for part in latex(key, params))
        tex += [
            f"% {REGISTRY[key].name_en}{' (' + suffix + ')' if suffix else ''}",
            r"\begin{align*}",
            rf"  f(x) &= {value} \\",
            rf"  f'(x) &= {grad}",
            r"\end{align*}",
        ]
    return "\n".join(tex) + "\n"


def _worded(tex: str, words: Mapping[str, str]) -> str:
    for word, said in words.items():
        tex = tex.replace(rf"\text{{{word}}}", rf"\text{{{said}}}")
    return tex
