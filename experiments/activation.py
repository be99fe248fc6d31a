"""One activation as a ``(fn, grad)`` pair, whatever form the caller hands in.

The experiments only need a value function and its derivative. They accept a registry key
(``"swish"``), a registry entry (anything with ``.fn``, ``.grad`` and ``.defaults()``) or a
plain pair such as ``(np.tanh, lambda x: 1 - np.tanh(x) ** 2)``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

import numpy as np

Array = np.ndarray


LINEAR = "linear"  # no activation: every hidden layer passes its pre-activation on unchanged


def _identity(x: Array) -> Array:
    return x


def _one(x: Array) -> Array:
    return np.ones_like(x)


class ActivationPair(NamedTuple):
    """The value ``fn(x)`` and the derivative ``grad(x) = fn′(x)``, both element-wise."""

    fn: Callable[[Array], Array]
    grad: Callable[[Array], Array]


def resolve(activation: Any, **params: float) -> ActivationPair:
    """The ``(fn, grad)`` pair of ``activation`` with its parameters bound.

    ``activation`` is a registry key, a registry entry or a pair. Parameters not given take the
    entry's defaults; a plain pair takes none. :data:`LINEAR` (``"linear"``) is no activation
    at all, f(x) = x: a stack of such layers is one linear map, whatever its depth.

    >>> import numpy as np
    >>> pair = resolve((np.tanh, lambda x: 1 - np.tanh(x) ** 2))
    >>> float(pair.grad(np.array(0.0)))
    1.0
    >>> resolve("linear").fn(np.array([-2.0, 3.0])).tolist()
    [-2.0, 3.0]
    """
    if activation == LINEAR:
        if params:
            raise TypeError("no activation takes no parameters")
        return ActivationPair(_identity, _one)
    if isinstance(activation, str):
        from activations import REGISTRY

        activation = REGISTRY[activation]
    if isinstance(activation, tuple):
        if params:
            raise TypeError("a plain (fn, grad) pair takes no parameters")
        return ActivationPair(*activation)
    # Validate the parameters once, then call the kernels directly: a training run calls them
    # thousands of times, and ``fn``/``grad`` would re-check the parameters on every call.
    bound = activation.check(**params)
    return ActivationPair(
        partial(activation.function, **bound), partial(activation.derivative, **bound)
    )


def dead_units(pre_activations: Array, pair: ActivationPair) -> Array:
    """Which units are dead: zero output *and* zero derivative on every input of the batch.

    ``pre_activations`` has shape ``(batch, units)``; the result is a boolean ``(units,)``
    mask. For ReLU this is "pre-activation ≤ 0 on every input" (the frameworks take
    ReLU′(0) = 0). Leaky ReLU, ELU and Swish are never exactly dead by this definition, though
    their gradient can still be very small far to the left.

    >>> import numpy as np
    >>> relu = ActivationPair(lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float))
    >>> dead_units(np.array([[-1.0, 2.0], [-3.0, -1.0]]), relu).tolist()
    [True, False]
    """
    silent = (pair.fn(pre_activations) == 0) & (pair.grad(pre_activations) == 0)
    return silent.all(axis=0)
