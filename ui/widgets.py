"""Widgets built from metadata and bound to the URL, so every view is a shareable link.

Bound with ``**in_url(name)`` (:mod:`views.url_keys`), the widget key *is* the URL parameter name
(``/swish?beta=2``).
Streamlit itself drops malformed or out-of-range URL values and falls back to the default,
so pages never parse the query string by hand.
"""

from __future__ import annotations

import streamlit as st

from activations import REGISTRY
from ui.i18n import current_lang, t
from ui.page_switch import carried_value
from views import strings
from views.url_keys import in_url


def param_label(param, lang: str | None = None) -> str:
    """A parameter's label in the session's language, with its symbol: ``陡峭度 β``."""
    return strings.param_label(param.name, lang or current_lang())


def param_slider(param, *, key: str | None = None, container=st, notes=None) -> float:
    """A slider for one registry ``Param``: its range, default and step; key = URL name.

    A value the reader set on another page (names in ``SHARED_PARAMS`` follow a page switch)
    is said to be carried, under the slider (or in ``notes``: below a row of controls), while it
    stays: β = 0 from the Swish page turns SwiGLU's gate into a/2, and nothing else on the page
    would tell.
    """
    name = key or param.name
    value = container.slider(
        param_label(param),
        min_value=float(param.low),
        max_value=float(param.high),
        value=float(param.default),
        step=float(param.step),
        **in_url(key or param.name),
    )
    source = carried_value(name, value, float(param.default))
    if source is not None:
        text = t("app.carried", value=param.text(value), page=t(f"nav.{source}"))
        (notes or container).caption(text)
    return value


def activation_picker(
    label: str, default: list[str], *, key: str, container=st, **options
) -> list[str]:
    """A URL-bound multiselect of registry functions (key = URL name), shown by their canonical
    names; the chosen keys in registry order, so each function keeps its colour."""
    chosen = container.multiselect(
        label,
        list(REGISTRY),
        default,
        format_func=lambda choice: REGISTRY[choice].name_en,
        **in_url(key),
        **options,
    )
    return [choice for choice in REGISTRY if choice in chosen]


X_INPUT_WIDTH = 130  # px: room for "-50.00" and the − + steppers


def x_range(
    *,
    default: tuple[float, float] = (-6.0, 6.0),
    limit: float = 50.0,
    container=st,
    in_row: bool = False,
):
    """The plotted x interval from two number inputs bound as ``xmin`` and ``xmax``, side by
    side in two columns of ``container``, or (``in_row``) straight into a horizontal row.

    A reversed or empty interval (a mangled link) falls back to the default.
    """
    left, right = (container, container) if in_row else container.columns(2)
    width = X_INPUT_WIDTH if in_row else "stretch"
    bounds = dict(min_value=-limit, max_value=limit, step=1.0, width=width)
    xmin = left.number_input("x min", value=default[0], **bounds, **in_url("xmin"))
    xmax = right.number_input("x max", value=default[1], **bounds, **in_url("xmax"))
    return (xmin, xmax) if xmin < xmax else default
