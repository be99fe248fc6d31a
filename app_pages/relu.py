"""ReLU 家族: ReLU beside Leaky ReLU; PReLU is Leaky ReLU with a learned slope (init 0.25).

PyTorch's default slope 0.01 is invisible at the default zoom, so a bound toggle zooms both
figures onto the negative half-axis. In lecture mode the two stand one above the other, full
width, so each stays readable on a projector.
"""

from dataclasses import replace

import streamlit as st

from activations.constants import NEGATIVE_SLOPE, PRELU_INIT
from ui.errors import live, safe_callback
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.i18n import t
from ui.layout import lecture_mode
from ui.precision_page import dtype_control
from ui.render import references
from views.function_figures import negative_zoom
from views.url_keys import in_url

header("relu")


@safe_callback
def _set_slope(value: float) -> None:
    st.session_state["negative_slope"] = value


def slope_controls() -> bool:
    """Preset buttons for the leak slope (PyTorch's default, PReLU's initial value) and the zoom
    toggle."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")  # one block
    left = right = zoom_column = row
    left.button(
        t("functions.preset_pytorch"),
        on_click=_set_slope,
        args=(NEGATIVE_SLOPE,),
        key="preset_pytorch",
    )
    right.button(
        t("functions.preset_prelu"), on_click=_set_slope, args=(PRELU_INIT,), key="preset_prelu"
    )
    return zoom_column.toggle(t("functions.zoom"), **in_url("zoom"), help=t("functions.zoom_help"))


@live
def figures_and_controls() -> None:
    view, shown = controls(["relu", "leaky_relu"], precision=False)
    zoom = slope_controls()
    ranges = negative_zoom(view, shown[1].values["negative_slope"]) if zoom else {}
    lecture = lecture_mode()
    places = [st.container() for _ in shown] if lecture else st.columns(2, gap="large")
    # the precision control below the figures' places: with the slope presets above, a
    # phone's first screen had no room left for one more control before the first figure
    view = replace(view, dtype=dtype_control())
    for column, activation in zip(places, shown, strict=True):
        with column:
            panel(activation, view, compact=not lecture, **ranges)
    st.info(t("functions.prelu_note"), icon=":material/school:")
    downloads("relu", shown, view)


figures_and_controls()
lecture_text(["relu", "leaky_relu"])
references("relu", "leaky_relu")
