"""The custom-formula page's figure: a pure function, no Streamlit (its words are
:mod:`views.custom_text`).

The figure is the function pages' two-panel figure (f on top, f′ below, one shared x axis):
the reader's formula in blue, a built-in for comparison in vermilion. A formula may blow up
inside the interval (1/x near 0, exp(x) far right), so each panel's y range ignores the
extreme 2 % of values when they would squash the rest of the curve flat.

>>> import numpy as np
>>> x = np.linspace(-1.0, 1.0, 5)
>>> fig = custom_figure(x, x, x * 0 + 1, names=("f", "f′"))
>>> [trace.name for trace in fig.data]
['f', 'f′']
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from views.figures import shared_figure
from views.function_figures import Labels, function_figure, palette_curves


def robust_range(values: np.ndarray, tail: float = 0.02) -> tuple[float, float] | None:
    """A y range without the extreme ``tail`` at each end, or ``None`` to let Plotly decide.

    Only used when the full range is more than three times the robust one: a spike (1/x at 0)
    then no longer flattens the rest; ordinary curves keep Plotly's own range.

    >>> x = np.linspace(-1, 1, 201)
    >>> robust_range(x) is None
    True
    >>> low, high = robust_range(1 / (x + 1e-9))
    >>> -30 < low < -20 and 20 < high < 30
    True
    """
    finite = values[np.isfinite(values)]
    if finite.size < 10:
        return None
    low, high = np.quantile(finite, [tail, 1 - tail])
    full = float(finite.max() - finite.min())
    if high - low <= 0 or full <= 3 * (high - low):
        return None
    pad = 0.08 * (high - low)
    return float(low - pad), float(high + pad)


@shared_figure
def custom_figure(
    x: np.ndarray,
    values: np.ndarray,
    grads: np.ndarray,
    *,
    names: tuple[str, str],
    builtin: tuple[str, np.ndarray, np.ndarray, tuple[float, ...]] | None = None,
    labels: Labels | None = None,
    lecture: bool = False,
) -> go.Figure:
    """f and f′ of the reader's formula over ``x``, with ``builtin`` beside it.

    ``builtin`` is (name, f, f′, kinks); its f′ line breaks at the kinks, as on the function
    pages.

    ``values`` and ``grads`` carry NaN where the formula is undefined: the lines break there.
    """
    entries = [(names, values, grads, ())]
    if builtin is not None:
        name, other_values, other_grads, kinks = builtin
        entries.append(((name, f"{name}′"), other_values, other_grads, kinks))
    curves = palette_curves(*zip(*entries, strict=True))
    return function_figure(
        x,
        curves,
        labels=labels or Labels(),
        lecture=lecture,
        value_range=robust_range(np.concatenate([entry[1] for entry in entries])),
        grad_range=robust_range(np.concatenate([entry[2] for entry in entries])),
    )
