r"""The symbolic layer: derivatives and LaTeX, all derived from the registry's SymPy.

Nothing here is typed in by hand. f′ comes from :func:`sympy.diff` of
:meth:`Activation.expr <activations.registry.Activation.expr>`, rewritten into the form a
lecturer writes on the board with the named functions of :mod:`activations.named_functions`
(re-exported here):

* :class:`sigma` — σ(z) = 1/(1 + e^{−z}), so Swish′ reads σ(βx)(1 + βx(1 − σ(βx)));
* :class:`softplus` — ln(1 + e^z), so Mish reads x·tanh(softplus(x));
* :class:`Phi`, :class:`phi` — the standard normal CDF and density, so GELU′ reads Φ(x) + xφ(x).

Each of them differentiates symbolically and :func:`plain` rewrites them back to exp/log/erf
for numerics. The β-limits of the Swish family come from :func:`sympy.limit`; the numerical
facts (range, extrema, limits at ±∞) from :mod:`activations.facts`.

The gated units y = g(a)·b of :data:`activations.gated.GATED` get the same treatment: the
gate g is the registry's formula with its parts named (:func:`named_gate`), and ∂y/∂a, ∂y/∂b
come from :func:`sympy.diff` (:func:`gated_partials`).

Every public function takes an activation as its registry key and parameters
(``latex_f("swish", beta=2)``) or configured (``latex_f(REGISTRY["swish"].at(beta=2))``), and is
cached with :func:`functools.lru_cache` on plain values (the key string and a tuple of
``(name, float)`` pairs), so no page derives anything twice; SymPy objects never appear in a
cache key.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import sympy as sp
from sympy.printing.latex import LatexPrinter

from activations.gated import GATED
from activations.named_functions import NAMED, Phi, phi, plain, relu, sigma, softplus
from activations.registry import REGISTRY, Configured, Of, X, resolve, sympy_number

__all__ = [
    "A",
    "B",
    "Phi",
    "derivative",
    "gated_partials",
    "gated_partials_latex",
    "latex",
    "latex_f",
    "latex_grad",
    "named_gate",
    "phi",
    "plain",
    "second_derivative",
    "sigma",
    "softplus",
    "swish_limits",
]

Params = tuple[tuple[str, float], ...]


def _logistic_of(z: sp.Expr) -> sp.Expr:
    """σ(z), written with a positive-looking argument: σ(−w) = 1 − σ(w)."""
    return 1 - sigma(-z) if z.could_extract_minus_sign() else sigma(z)


def _name_functions(expr: sp.Expr) -> sp.Expr:
    """Spot softplus, σ, Φ and φ inside an exp/log/erf expression (a lecturer's rewriting)."""
    w = sp.Wild("w")
    n = sp.Wild("n", properties=[lambda k: k.is_Integer and k.is_negative])
    expr = expr.replace(sp.log(sp.exp(w) + 1), lambda w: softplus(w))
    expr = expr.replace((sp.exp(w) + 1) ** n, lambda w, n: _logistic_of(-w) ** (-n))
    logistic_args = {s.args[0] for s in expr.atoms(sigma)}

    def exp_as_logistic(term: sp.Expr) -> sp.Expr:
        # e^z = σ(z)/(1 − σ(z)), only where σ of the same argument is already present
        z = term.args[0]
        if z in logistic_args:
            return sigma(z) / (1 - sigma(z))
        if -z in logistic_args:
            return (1 - sigma(-z)) / sigma(-z)
        return term

    expr = expr.replace(lambda a: isinstance(a, sp.exp), exp_as_logistic)
    expr = expr.replace(sp.erf(w), lambda w: 2 * Phi(sp.sqrt(2) * w) - 1)
    cdf_args = {s.args[0] for s in expr.atoms(Phi)}

    def exp_as_density(term: sp.Expr) -> sp.Expr:
        for z in cdf_args:
            if sp.simplify(term.args[0] + z**2 / 2) == 0:
                return sp.sqrt(2 * sp.pi) * phi(z)
        return term

    expr = expr.replace(lambda a: isinstance(a, sp.exp), exp_as_density)
    return sp.factor_terms(expr)


class _LecturePrinter(LatexPrinter):
    """LaTeX with σ(·) and friends first in a product and short terms first in a sum.

    SymPy's canonical order prints Swish′ as (βx(1 − σ(βx)) + 1)σ(βx); a lecturer writes
    σ(βx)(1 + βx(1 − σ(βx))).
    """

    def _as_ordered_terms(self, expr: sp.Expr, order: str | None = None) -> list[sp.Expr]:
        terms = super()._as_ordered_terms(expr, order=order)
        if not expr.has(*NAMED):
            return terms
        return sorted(terms, key=lambda t: (not t.is_Number, sp.count_ops(t)))

    def _print_Mul(self, expr: sp.Expr) -> str:
        factors = expr.args
        named = [f for f in factors if isinstance(f, NAMED)]
        simple = all(
            (not (f.is_Pow and f.exp.is_negative) and not f.is_Number) or f.is_positive
            for f in factors
        )
        if not named or not simple or expr.could_extract_minus_sign():
            return super()._print_Mul(expr)
        head = sp.Mul(*[f for f in factors if f not in named and not f.is_Add])
        sums = [f for f in factors if f.is_Add]
        parts = [] if head == 1 else [self._print(head)]
        parts += [self._print(f) for f in named]
        parts += [rf"\left({self._print(f)}\right)" for f in sums]
        return " ".join(parts)


def _latex(expr: sp.Expr) -> str:
    return _LecturePrinter().doprint(expr)


# --- cached derivations -------------------------------------------------------------------------


def _given(of: Of, params: dict[str, object]) -> tuple[str, Params]:
    """The key and the given parameters as a hashable cache key (missing ones stay symbolic);
    plain parameters are range-checked here, a configured activation's were when made."""
    if isinstance(resolve(of, params), Configured):
        return of.key, tuple(sorted(of.given))
    checked = REGISTRY[of].check(**params)
    return of, tuple((name, checked[name]) for name in sorted(params))


@lru_cache(maxsize=512)
def _expr(key: str, given: Params) -> sp.Expr:
    return REGISTRY[key].expr(**dict(given))


@lru_cache(maxsize=512)
def _derivative(key: str, given: Params) -> sp.Expr:
    return _name_functions(sp.diff(_expr(key, given), X))


@lru_cache(maxsize=512)
def _second_derivative(key: str, given: Params) -> sp.Expr:
    return _name_functions(sp.diff(_expr(key, given), X, 2))


def derivative(of: Of, **params: float) -> sp.Expr:
    """f′ from :func:`sympy.diff`, in lecturer form (σ, softplus, Φ, φ where they appear).

    Missing parameters stay symbolic. Use :func:`plain` before lambdify.

    >>> derivative("sigmoid")
    (1 - sigma(x))*sigma(x)
    >>> derivative("gelu")
    x*phi(x) + Phi(x)
    """
    return _derivative(*_given(of, params))


def second_derivative(of: Of, **params: float) -> sp.Expr:
    """f″ from :func:`sympy.diff`, in lecturer form."""
    return _second_derivative(*_given(of, params))


@lru_cache(maxsize=64)
def _named_f(key: str) -> sp.Expr:
    """f of the general form (parameters as symbols) in lecturer form."""
    return _name_functions(_expr(key, ()))


def _at(key: str, general: sp.Expr, given: Params) -> sp.Expr:
    """A general-form lecturer expression at the ``given`` parameter values.

    The same expression (and LaTeX) as deriving at those values: numbers enter exactly as
    :meth:`Activation.expr <activations.registry.Activation.expr>` writes them (β = 1 as the
    integer 1), and :func:`sympy.factor_terms` undoes the distribution SymPy does on
    substitution (0.5·(eˣ − 1) stays factored, as :func:`_name_functions` leaves it). Costs a
    substitution instead of a derivation: milliseconds for a slider's new value.
    """
    symbols = {p.name: p.symbol() for p in REGISTRY[key].params}
    values = {symbols[name]: sympy_number(value) for name, value in given}
    return sp.factor_terms(general.subs(values)) if values else general


@lru_cache(maxsize=512)
def _latex_f(key: str, given: Params) -> str:
    named = _at(key, _named_f(key), given)
    # σ(x) = σ(x) or softplus(x) = softplus(x) would define the function by its own name.
    return _latex(_expr(key, given) if isinstance(named, NAMED) else named)


def latex_f(of: Of, **params: float) -> str:
    r"""LaTeX of f; general form with symbols when no parameters are given.

    >>> print(latex_f("swish"))
    x \sigma\left(\beta x\right)
    >>> print(latex_f("swish", beta=2))
    x \sigma\left(2 x\right)
    """
    return _latex_f(*_given(of, params))


@lru_cache(maxsize=512)
def _latex_grad(key: str, given: Params) -> str:
    return _latex(_at(key, _derivative(key, ()), given))


def latex_grad(of: Of, **params: float) -> str:
    r"""LaTeX of f′ in lecturer form; general form with symbols when no parameters are given.

    >>> print(latex_grad("sigmoid"))
    \sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)
    """
    return _latex_grad(*_given(of, params))


def latex(of: Of, **params: float) -> tuple[str, str]:
    r"""LaTeX of f and f′ (:func:`latex_f`, :func:`latex_grad`).

    >>> print(*latex(REGISTRY["swish"].at(beta=2)), sep="\n")
    x \sigma\left(2 x\right)
    \sigma\left(2 x\right) \left(1 + 2 x \left(1 - \sigma\left(2 x\right)\right)\right)
    """
    return latex_f(of, **params), latex_grad(of, **params)


# --- the Swish family's limits in β ----------------------------------------------------------

_T = sp.Symbol("t", positive=True)


@lru_cache(maxsize=1)
def swish_limits() -> Mapping[str, sp.Expr]:
    """The two ends of the Swish family, from :func:`sympy.limit` in β.

    β → 0 gives x/2 (a line); β → ∞ gives ReLU: x for x > 0, 0 otherwise (at x = 0 every
    member is 0).

    >>> swish_limits()["beta_to_zero"]
    x/2
    >>> swish_limits()["beta_to_infinity"]
    Piecewise((x, x > 0), (0, True))
    """
    (param,) = REGISTRY["swish"].params
    beta = param.symbol()
    f = REGISTRY["swish"].build_expr(beta=beta)
    right = sp.limit(f.subs(X, _T), beta, sp.oo).subs(_T, X)
    left = sp.limit(f.subs(X, -_T), beta, sp.oo)
    at_zero = f.subs(X, 0)
    if at_zero != left:  # the Piecewise below puts x = 0 on the left branch
        raise ArithmeticError("Swish at x = 0 should equal its left limit")
    return MappingProxyType(
        {
            "beta_to_zero": sp.limit(f, beta, 0),
            "beta_to_infinity": sp.Piecewise((right, X > 0), (left, True)),
        }
    )


# --- gated units ------------------------------------------------------------------------------

A, B = sp.symbols("a b", real=True)
"""The gated unit's pre-activations: a = xW (the gate's) and b = xV (the value)."""


def named_gate(gate_key: str | None, beta: float | None = None) -> sp.Expr:
    """g(a): the registry's formula of the gate in a, its parts named (``None``: identity).

    σ, Φ and the ReLU appear by name, so g′ reads σ(1 − σ), Φ + aφ, 𝟙[a > 0]. ``beta`` (the
    Swish gate's) is substituted as an exact rational when given, else it stays β.

    >>> named_gate("swish", beta=1), named_gate("gelu"), named_gate("relu")
    (a*sigma(a), a*Phi(a), relu(a))
    """
    if gate_key is None:
        return A
    activation = REGISTRY[gate_key]
    values = {p.symbol(): sp.nsimplify(beta) for p in activation.params if beta is not None}
    named = _name_functions(activation.expr().subs({X: A, **values}))
    return named.xreplace({relu.elementary(A): relu(A)})


def gated_partials(variant: str, **params: float) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """y = g(a)·b and its partials ∂y/∂a, ∂y/∂b, derived by SymPy.

    ``params`` (SwiGLU: ``beta``) are substituted; missing ones stay symbolic.

    >>> y, dy_da, dy_db = gated_partials("glu")
    >>> dy_da, dy_db
    (b*(1 - sigma(a))*sigma(a), sigma(a))
    """
    gate = named_gate(GATED[variant].gate_key, params.get("beta"))
    y = gate * B
    return y, sp.factor_terms(sp.diff(y, A)), sp.diff(y, B)


@lru_cache(maxsize=64)
def gated_partials_latex(variant: str, beta: float | None = None) -> dict[str, str]:
    r"""LaTeX of y, ∂y/∂a and ∂y/∂b, each written as "(function of a) · b" where it has b.

    ∂y/∂a is SymPy's derivative of y divided by b, so the g′(a) factor stands out; cached,
    keyed by plain values only.

    >>> gated_partials_latex("glu")["dy_da"]
    '\\left(1 - \\sigma\\left(a\\right)\\right) \\sigma\\left(a\\right) \\cdot b'
    """
    params = {} if beta is None else {"beta": beta}
    y, dy_da, dy_db = gated_partials(variant, **params)

    def times_b(expr: sp.Expr) -> str:
        factor = sp.factor_terms(expr / B)
        tex = sp.latex(factor)
        if factor.is_Add:
            tex = rf"\left({tex}\right)"
        return "b" if factor == 1 else rf"{tex} \cdot b"

    return {"y": times_b(y), "dy_da": times_b(dy_da), "dy_db": sp.latex(dy_db)}
