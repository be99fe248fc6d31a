"""Charts are sent with the margins Plotly's automargin would settle them at on a desk
(``views.figures.fitted``), so Plotly draws each chart once instead of drawing it again with
wider margins (issue 20, first render)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from views.figures import MARGIN, MARGIN_PAD, SpecFigure, fitted, side_room, styled


def figure(names: list[str], *, x_range=None, lecture: bool = False) -> go.Figure:
    x = np.linspace(-6, 6, 5)
    fig = go.Figure([go.Scatter(x=x, y=x * i, name=name) for i, name in enumerate(names)])
    fig.update_xaxes(title_text="x", range=x_range)
    fig.update_yaxes(title_text="f(x)")
    return styled(fig, lecture=lecture, height=500)


def margin(fig: go.Figure) -> dict:
    return fitted(SpecFigure(fig.to_dict())).to_dict()["layout"]["margin"]


def test_titles_get_their_room_plus_plotlys_pad():
    for lecture, font in ((False, 14), (True, 20)):
        sent = margin(figure(["f", "g"], lecture=lecture))
        room = side_room(font)
        assert sent["l"] == room["y_title"] + MARGIN_PAD
        assert sent["b"] == room["x_title"] + MARGIN_PAD
        assert sent["r"] == MARGIN["r"]
        assert sent["t"] > font * 1.3 + MARGIN_PAD  # one legend row at least


def test_a_legend_that_wraps_on_a_desk_gets_a_taller_top():
    short = margin(figure(["f", "g"]))["t"]
    long = margin(figure([f"一条很长的曲线名字 {i}" for i in range(12)]))["t"]
    assert long >= short + 2 * 18


def test_the_last_tick_label_of_a_fixed_range_hangs_into_the_right_margin_it_is_given():
    fig = fitted(SpecFigure(figure(["f", "g"], x_range=[-6, 100]).to_dict())).to_dict()
    layout = fig["layout"]
    assert layout["xaxis"]["automargin"] == "height+left"  # it may not push right
    assert layout["margin"]["r"] >= 3 * 0.6 * 14 / 2  # half of "100"
    auto = fitted(SpecFigure(figure(["f", "g"]).to_dict())).to_dict()["layout"]
    assert "automargin" not in auto["xaxis"]  # an autorange: Plotly decides, and may push


def test_a_figure_without_autoexpand_is_left_alone():
    fig = figure(["f", "g"]).update_layout(margin_autoexpand=False)
    assert margin(fig) == fig.to_dict()["layout"]["margin"]
