r"""Named SymPy functions a lecturer writes by name: σ, softplus, Φ, φ, ReLU and its step.

Each is written in elementary terms exactly once, as its ``elementary`` static method; everything
else is derived from that: the registry's expressions (:mod:`activations.registry`), the
formula parser's ``sigmoid`` and ``softplus`` (:mod:`activations.formula`), SymPy's
``rewrite`` and ``evalf``, and :func:`plain`, which turns an expression written with these names
back into exp, log, erf and Piecewise for numerics.

Derivatives are the lecturer's: σ′ = σ(1 − σ), softplus′ = σ, Φ′ = φ, φ′(z) = −zφ(z),
relu′ = step (the indicator 𝟙[z > 0], value 0 at z = 0 as in the frameworks). Each prints by
name in LaTeX, a power after the name: σ²(z).

Imports SymPy only (the formula worker process imports this module and nothing heavier).

>>> z = sp.Symbol("z")
>>> sp.diff(sigma(z), z)
(1 - sigma(z))*sigma(z)
>>> plain(sigma(z) + Phi(z))
erf(sqrt(2)*z/2)/2 + 1/2 + 1/(1 + exp(-z))
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = ["NAMED", "Phi", "phi", "plain", "relu", "sigma", "softplus", "step"]


class _Named(sp.Function):
    """A one-argument function with an elementary form, printed by name."""

    nargs = 1
    LATEX = ""
    """LaTeX of the function: ``{arg}`` is its argument's, ``{power}`` ``^{n}`` or nothing."""
    REWRITES_AS: type = sp.exp
    """``f.rewrite(REWRITES_AS)`` gives :meth:`elementary`."""

    @staticmethod
    def elementary(z: sp.Expr) -> sp.Expr:
        """The function of ``z`` in elementary terms: its one definition."""
        raise NotImplementedError

    def _eval_rewrite(self, rule: object, args: tuple[sp.Expr, ...], **hints: object) -> object:
        return self.elementary(*args) if rule is self.REWRITES_AS else None

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.elementary(self.args[0])._eval_evalf(prec)

    def _latex(self, printer: LatexPrinter, exp: object = None) -> str:
        power = "" if exp is None else f"^{{{exp}}}"
        return self.LATEX.format(arg=printer._print(self.args[0]), power=power)


class sigma(_Named):
    r"""The logistic function σ(z) = 1/(1 + e^{−z}), printed as :math:`\sigma(z)`.

    >>> sigma(0), sigma(sp.oo)
    (1/2, 1)
    """

    LATEX = r"\sigma{power}\left({arg}\right)"

    @staticmethod
    def elementary(z: sp.Expr) -> sp.Expr:
        return 1 / (1 + sp.exp(-z))

    @classmethod
    def eval(cls, z: sp.Expr) -> sp.Expr | None:
        if z.is_zero:
            return sp.S.Half
        if z is sp.S.Infinity:
            return sp.S.One
        if z is sp.S.NegativeInfinity:
            return sp.S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        s = self.func(self.args[0])
        return s * (1 - s)


class softplus(_Named):
    r"""softplus(z) = ln(1 + e^z), printed as :math:`\operatorname{softplus}(z)`."""

    LATEX = r"\operatorname{{softplus}}{power}\left({arg}\right)"
    REWRITES_AS = sp.log

    @staticmethod
    def elementary(z: sp.Expr) -> sp.Expr:
        return sp.log(1 + sp.exp(z))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sigma(self.args[0])


class phi(_Named):
    r"""The standard normal density φ(z) = e^{−z²/2}/√(2π), printed as :math:`\varphi(z)`."""

    LATEX = r"\varphi{power}\left({arg}\right)"

    @staticmethod
    def elementary(z: sp.Expr) -> sp.Expr:
        return sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return -self.args[0] * self


class Phi(_Named):
    r"""The standard normal CDF Φ(z) = (1 + erf(z/√2))/2, printed as :math:`\Phi(z)`."""

    LATEX = r"\Phi{power}\left({arg}\right)"
    REWRITES_AS = sp.erf

    @staticmethod
    def elementary(z: sp.Expr) -> sp.Expr:
        return (1 + sp.erf(z / sp.sqrt(2))) / 2

    @classmethod
    def eval(cls, z: sp.Expr) -> sp.Expr | None:
        return sp.S.Half if z.is_zero else None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return phi(self.args[0])


class relu(_Named):
    r"""max(0, z), printed as :math:`\max(0, z)`; relu′ = :class:`step`."""

    LATEX = r"\max\left(0, {arg}\right){power}"
    REWRITES_AS = sp.Piecewise

    @staticmethod
    def elementary(z: sp.Expr) -> sp.Expr:
        return sp.Piecewise((z, z > 0), (0, True))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return step(self.args[0])


class step(_Named):
    r"""The indicator 𝟙[z > 0], printed as :math:`\mathbb{1}[z > 0]`."""

    LATEX = r"\mathbb{{1}}\left[{arg} > 0\right]{power}"
    REWRITES_AS = sp.Piecewise

    @staticmethod
    def elementary(z: sp.Expr) -> sp.Expr:
        return sp.Piecewise((1, z > 0), (0, True))


NAMED: tuple[type[_Named], ...] = (sigma, softplus, phi, Phi, relu, step)
"""Every named function, in the order :func:`plain` rewrites them."""


def plain(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every named function replaced by its elementary form (for lambdify,
    limits, numerics).

    >>> a = sp.Symbol("a", real=True)
    >>> plain(relu(a) * softplus(a))
    Piecewise((a, a > 0), (0, True))*log(exp(a) + 1)
    """
    for function in NAMED:
        expr = expr.replace(function, function.elementary)
    return expr
