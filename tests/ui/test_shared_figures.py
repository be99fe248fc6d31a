"""Figures shared between sessions, the fragment wrapper and the frozen start-up heap."""

from __future__ import annotations

import dataclasses
import gc

import numpy as np
import plotly.graph_objects as go
import pytest

from views.figures import SharedFigure, Unhashable, fingerprint, shared_figure


@dataclasses.dataclass(frozen=True)
class Labels:
    title: str
    y: str


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1, True),  # equal in Python, different figures
        (1, 1.0),
        (0.0, -0.0),
        ("1", 1),
        ((1, 2), [1, 2]),
        (np.zeros(3), np.zeros(3, dtype=np.float32)),
        (np.zeros((2, 3)), np.zeros((3, 2))),
        (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-15])),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # order reaches the figure (legend order)
        (Labels("x", "y"), Labels("x", "z")),
    ],
)
def test_fingerprint_tells_apart_what_draws_differently(a, b):
    assert fingerprint(a) != fingerprint(b)


def test_fingerprint_is_equal_for_equal_values():
    make = lambda: (np.linspace(-1, 1, 5), {"beta": 1.5}, Labels("t", "y"), None)  # noqa: E731
    assert fingerprint(make()) == fingerprint(make())
    assert fingerprint(np.arange(6).reshape(2, 3).T) == fingerprint(
        np.ascontiguousarray(np.arange(6).reshape(2, 3).T)
    )


def test_fingerprint_refuses_what_it_cannot_read():
    with pytest.raises(Unhashable):
        fingerprint(object())
    with pytest.raises(Unhashable):
        fingerprint({"fn": lambda x: x})


def _counting_builder():
    calls = []

    @shared_figure
    def build(x, *, title):
        calls.append((x.tobytes(), title))
        return go.Figure(go.Scatter(x=x, y=x**2), layout={"title": title})

    return build, calls


def test_one_figure_per_distinct_input_shared_by_every_caller():
    build, calls = _counting_builder()
    x = np.linspace(0, 1, 11)
    first = build(x, title="a")
    assert build(x.copy(), title="a") is first
    assert build(x, title="b") is not first
    assert len(calls) == 2
    assert isinstance(first, SharedFigure)
    assert first.to_dict() is first.to_dict()  # the spec is made once
    assert first.to_dict()["layout"]["title"]["text"] == "a"


def test_sessions_asking_for_a_figure_being_built_wait_for_it():
    """A class asking for a new figure at once: one build, every session gets that figure."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    started, release, calls = threading.Event(), threading.Event(), []

    @shared_figure
    def build(x):
        calls.append(x)
        started.set()
        assert release.wait(10)  # slow: the other sessions arrive while it is being built
        return go.Figure(go.Scatter(y=[x]))

    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(build, 1.0)
        assert started.wait(10)
        others = [pool.submit(build, 1.0) for _ in range(7)]
        release.set()
        figures = [first.result(10), *(other.result(10) for other in others)]
    assert len(calls) == 1
    assert all(fig is figures[0] for fig in figures)


def test_a_failed_build_is_tried_again_by_the_next_caller():
    calls = []

    @shared_figure
    def build(x):
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("first build fails")
        return go.Figure(go.Scatter(y=[x]))

    with pytest.raises(ValueError):
        build(1.0)
    assert isinstance(build(1.0), SharedFigure)
    assert len(calls) == 2


def test_an_unreadable_argument_builds_without_the_cache():
    @shared_figure
    def build(callback):
        return go.Figure(go.Scatter(y=[callback(1)]))

    first = build(lambda v: v)
    assert build(lambda v: v) is not first
    assert not isinstance(first, SharedFigure)


def test_the_cache_forgets_the_oldest_beyond_its_size(monkeypatch):
    import views.figures

    monkeypatch.setattr(views.figures, "FIGURES_KEPT", 2)
    build, calls = _counting_builder()
    x = np.zeros(2)
    first = build(x, title="1")
    build(x, title="2")
    build(x, title="3")
    assert build(x, title="1") is not first
    assert len(calls) == 4


def test_freeze_startup_heap_imports_the_packages_and_freezes_once():
    import sys

    from ui.heap import PACKAGES, freeze_startup_heap

    try:
        freeze_startup_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 100_000  # SymPy, Plotly and the app's modules
        assert {"activations.registry", "experiments.mlp", "views.quiz"} <= set(sys.modules)
        assert all(package in sys.modules for package in PACKAGES)
        freeze_startup_heap()  # a second session's run changes nothing
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual


def _fragment_script():
    import streamlit as st

    from ui.errors import live

    @live
    def part(limit):
        value = st.slider("v", 0, 10, 0, key="v")
        if value > limit:
            raise ValueError("past the limit")
        st.markdown(f"v = {value}")

    part(5)


def test_live_shows_an_error_in_its_fragment_politely(monkeypatch):
    """(AppTest reruns the whole script; that a move reruns only the fragment is checked over
    the real protocol in ``tests/bench/test_hall.py``.)"""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LAB_RAISE_ERRORS", "0")
    at = AppTest.from_function(_fragment_script).run()
    at.slider(key="v").set_value(3).run()
    assert at.markdown[-1].value == "v = 3"
    at.slider(key="v").set_value(7).run()
    assert not at.exception
    assert [e.value for e in at.error]  # the friendly note, not a traceback


def _chart_page():
    """A page that shows a shared figure, counting the JSON encodings ``st.plotly_chart`` makes."""
    import plotly.graph_objects as go
    import streamlit as st

    import views.figures as figures

    figures.reuse_made_json()
    shown = figures.SharedFigure(go.Figure(go.Scatter(x=[0.0, 1.0], y=[1.0, 2.0]))).shown("t")
    real, encoded = figures._PLOTLY_TO_JSON, []
    figures._PLOTLY_TO_JSON = lambda fig, *a, **k: encoded.append(fig) or real(fig, *a, **k)
    try:
        st.plotly_chart(shown, theme=None)
    finally:
        figures._PLOTLY_TO_JSON = real
    st.text(f"encoded {len(encoded)}")
    st.text(shown.json)


def test_a_shared_figure_reaches_streamlit_as_the_json_made_once():
    """``st.plotly_chart`` turns the figure into a dict (``to_dict``) and hands the dict to
    ``plotly.io.to_json``: the JSON made once must be the one sent, not encoded again."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_chart_page).run()
    assert not at.exception
    count, made = (text.value for text in at.text)
    assert count == "encoded 0"
    assert at.get("plotly_chart")[0].proto.spec == made


def test_a_function_panel_is_made_once_per_function_view_and_options():
    from activations import REGISTRY
    from ui.function_page import shared_panel
    from views.function_figures import Reference, View
    from views.function_panel import Options

    tanh, options = REGISTRY["tanh"].at(), Options(lang="en", compact=True)
    view = View(-6.0, 6.0, 1.0, "float16")
    first = shared_panel(tanh, view, options)
    assert shared_panel(REGISTRY["tanh"].at(), View(-6.0, 6.0, 1.0, "float16"), options) is first
    assert shared_panel(tanh, View(-6.0, 6.0, 2.0, "float16"), options) is not first
    assert shared_panel(tanh, view, Options(lang="zh", compact=True)) is not first
    x = view.x
    curves = Options(lang="en", references=(Reference("x", x, x),))  # arrays: made every time
    assert shared_panel(tanh, view, curves) is not shared_panel(tanh, view, curves)
