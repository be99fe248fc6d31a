"""The Streamlit side of low precision: the dtype control, and what the function pages, GLU
and softmax show when it is not float64.

At float64 (the default) nothing here draws anything but the control itself: the pages look
and cost what they did. A function panel in a type is the function pages' own view model
(:func:`views.function_panel.panel_view`: numbers from :mod:`activations.low_precision`, words
from ``content/<lang>/ui/precision.toml`` through :mod:`views.function_text`, figures from
:mod:`views.precision_figures`); the lesson is ``content/<lang>/precision.md``.
"""

from __future__ import annotations

import streamlit as st

from activations import low_precision as lp
from ui.i18n import t
from ui.render import draw_panel, panel_options, prose
from views.function_figures import Labels, View
from views.function_panel import panel_view
from views.references import cited
from views.url_keys import in_url

DTYPE_KEY = "dtype"  # the URL parameter: /sigmoid?dtype=bfloat16


def dtype_control(container=st) -> str:
    """The precision selectbox, bound to ``?dtype=`` (a value it does not offer: float64)."""
    return container.selectbox(
        t("precision.dtype"), lp.DTYPES, **in_url(DTYPE_KEY), help=t("precision.dtype_help")
    )


def low(name: str) -> bool:
    """Whether ``name`` asks for anything beyond the float64 page."""
    return name != lp.DEFAULT


def lesson() -> None:
    """Why the types differ, what mixed precision does, misconceptions; and its references.
    Once per page, after its figures."""
    prose("precision")
    works = cited(["precision"])
    items = "\n".join(f"{index}. {work.citation()}" for index, work in enumerate(works, 1))
    st.markdown(f"**{t('precision.references')}**\n\n{items}")


def gate_section(gate_key: str | None, params: dict[str, float], *, title: str) -> None:
    """The GLU page's gate g in the chosen type: its dtype control, and below float64 the gate
    as a function panel (its name in ``title``). The identity gate (Bilinear) only rounds."""
    name = dtype_control()
    if not low(name):
        return
    st.subheader(t("precision.glu_title", dtype=name, name=title))
    if gate_key is None:
        st.caption(t("precision.glu_identity", dtype=name))
        return
    from activations import REGISTRY

    st.caption(t("precision.glu_caption", dtype=name))
    options = panel_options(
        text=False,
        heading=False,
        labels=Labels(value="g(a)", grad="g′(a)", x="a"),
        title=title,
        filename=f"glu-gate-{gate_key}",
    )
    view = View(*GATE_SPAN, None, name)  # no probe
    shown = panel_view(REGISTRY[gate_key].at(**params), view, options)
    draw_panel(shown)
    lesson()


GATE_SPAN = (-10.0, 10.0)  # the gate's pre-activation a: saturation shows
