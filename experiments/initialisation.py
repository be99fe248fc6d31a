r"""Weight initialisation that follows the activation: Xavier/Glorot, He/Kaiming and the gain.

A layer keeps its signal's size when its weights undo what the activation does to it. Both
schemes draw Gaussian weights with a standard deviation made of a *gain* and a fan:

.. math::
    \text{Xavier: } \mathrm{std} = g\sqrt{\frac{2}{n_\text{in} + n_\text{out}}}, \qquad
    \text{He: } \mathrm{std} = \frac{g}{\sqrt{n_\text{in}}}

as PyTorch's ``xavier_normal_(w, gain=g)`` and ``kaiming_normal_(w, nonlinearity=…)`` do. The
gain an activation needs is :func:`recommended_gain` (PyTorch's ``calculate_gain``). Without
one, Xavier takes 1 and He takes ReLU's √2 (PyTorch's defaults), so for square layers
(``n_in = n_out``) He is Xavier with the gain √2: the two differ *only* by the gain.
"""

from __future__ import annotations

import math

INITS: tuple[str, ...] = ("xavier", "he")


def _rectifier_gain(slope: float) -> float:
    """√(2 / (1 + a²)): a rectifier with slope a below 0 keeps (1 + a²)/2 of the variance."""
    return math.sqrt(2.0 / (1.0 + slope**2))


DEFAULT_GAIN = {"xavier": 1.0, "he": _rectifier_gain(0.0)}
"""The gain each scheme uses when none is given: PyTorch's ``xavier_normal_`` default 1, and
``kaiming_normal_``'s default nonlinearity (``leaky_relu`` with slope 0, i.e. ReLU's √2)."""

# PyTorch's constant gains, by its names (linear, identity and SELU have no registry entry).
_GAIN_BY_NAME = {"linear": 1.0, "identity": 1.0, "sigmoid": 1.0, "tanh": 5 / 3, "selu": 0.75}


def recommended_gain(nonlinearity: str, **params: float) -> float | None:
    r"""The gain PyTorch's ``torch.nn.init.calculate_gain`` recommends for an activation.

    ``nonlinearity`` is a registry key (``"tanh"``, ``"leaky_relu"``, …) or one of PyTorch's
    names without a registry entry (``"linear"``, ``"selu"``).

    ================  ==============================
    activation        gain
    ================  ==============================
    linear, sigmoid   1
    tanh              5/3
    ReLU              √2
    Leaky ReLU        √(2 / (1 + a²)), a = ``negative_slope`` (default 0.01, as PyTorch)
    SELU              3/4
    ================  ==============================

    Args:
        nonlinearity: the activation's name.
        **params: ``negative_slope`` for Leaky ReLU. Default: the registry's 0.01.

    Returns:
        The gain, or ``None`` for a registry activation PyTorch gives no gain for (GELU, Swish,
        ELU, Softplus, Mish: ``calculate_gain`` raises for them).

    Raises:
        ValueError: a name that is neither a registry key nor one of PyTorch's.

    Examples:
        >>> recommended_gain("tanh"), recommended_gain("relu")
        (1.6666666666666667, 1.4142135623730951)
        >>> round(recommended_gain("leaky_relu", negative_slope=1.0), 12)
        1.0
        >>> recommended_gain("gelu") is None
        True
    """
    if nonlinearity in _GAIN_BY_NAME:
        return _GAIN_BY_NAME[nonlinearity]
    if nonlinearity == "relu":
        return _rectifier_gain(0.0)
    from activations import REGISTRY

    if nonlinearity == "leaky_relu":
        default = REGISTRY["leaky_relu"].defaults()["negative_slope"]
        return _rectifier_gain(float(params.get("negative_slope", default)))
    if nonlinearity in REGISTRY:
        return None
    raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")


def init_std(fan_in: int, fan_out: int, init: str, gain: float | None = None) -> float:
    """Standard deviation of a Gaussian initialisation.

    Xavier/Glorot keeps the variance of signals *and* gradients near 1 for linear or
    tanh-like layers: ``g·√(2 / (fan_in + fan_out))``. He/Kaiming counts the fan-in only,
    ``g / √fan_in``, with ReLU's gain √2 by default: ``√(2 / fan_in)`` doubles the forward
    variance to make up for ReLU zeroing half its inputs.

    Args:
        fan_in: inputs per unit.
        fan_out: outputs per unit.
        init: ``"xavier"`` or ``"he"``.
        gain: the gain ``g``. Default: ``None``, the scheme's own (:data:`DEFAULT_GAIN`).

    >>> init_std(16, 16, "xavier"), init_std(16, 16, "he")
    (0.25, 0.3535533905932738)
    >>> init_std(16, 16, "xavier", gain=5 / 3) == init_std(16, 16, "he", gain=5 / 3)
    True
    """
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of {INITS}")
    if gain is None:  # the schemes' textbook forms (exactly as before gains existed)
        fan = fan_in + fan_out if init == "xavier" else fan_in
        return float(math.sqrt(2.0 / fan))
    if not (math.isfinite(gain) and gain > 0):
        raise ValueError(f"gain must be a positive number, got {gain!r}")
    if init == "xavier":
        return float(gain * math.sqrt(2.0 / (fan_in + fan_out)))
    return float(gain / math.sqrt(fan_in))


def layer_gain(
    activation: str, init: str, gain: float | None = None, recommended: bool = False
) -> float:
    """The gain one activation's layers get on the 梯度消失 page.

    With ``recommended``, the activation's own :func:`recommended_gain` (the scheme's default
    where PyTorch has none); otherwise ``gain`` for Xavier and ReLU's √2 for He (PyTorch's
    ``kaiming_normal_`` default: the He scheme *is* the ReLU gain).

    >>> layer_gain("tanh", "xavier", recommended=True), layer_gain("tanh", "xavier", 1.2)
    (1.6666666666666667, 1.2)
    >>> layer_gain("gelu", "he", recommended=True) == layer_gain("tanh", "he", 3.0)
    True
    """
    if recommended:
        found = recommended_gain(activation)
        return DEFAULT_GAIN[init] if found is None else found
    if init == "xavier" and gain is not None:
        return float(gain)
    return DEFAULT_GAIN[init]
