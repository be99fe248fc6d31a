"""ReLU 家族: ReLU beside Leaky ReLU; PReLU is Leaky ReLU with a learned slope (init 0.25).

PyTorch's default slope 0.01 is invisible at the default zoom, so a bound toggle zooms both
figures onto the negative half-axis. In lecture mode the two stand one above the other, full
width, so each stays readable on a projector.
"""

from dataclasses import replace

import streamlit as st

from ui.errors import live
from ui.function_extras import negative_zoom, slope_controls
from ui.function_page import controls, downloads, header, lecture_text, panel
from ui.i18n import t
from ui.layout import lecture_mode
from ui.precision_page import dtype_control
from ui.render import references

header("relu")


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
