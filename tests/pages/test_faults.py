"""Faults: a failing computation or callback shows a friendly note in the reader's language,
never a traceback, and the session keeps working; the server stops cleanly on Ctrl-C.

Every other test runs with ``LAB_RAISE_ERRORS=1`` (tests/conftest.py) so failures are loud;
these tests unset it to see what a user sees.
"""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import views.function_panel
from harness.appdriver import cards, run_page
from harness.server import free_port, healthy, server_command
from views.navigation import PAGES
from views.strings import translate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def as_users_see_it(monkeypatch):
    """Run the app as it runs for users: errors shown politely, not raised."""
    monkeypatch.delenv("LAB_RAISE_ERRORS", raising=False)


def _cached_script() -> None:
    import os

    import streamlit as st

    from ui.errors import page_boundary

    @st.cache_data(show_spinner=False)
    def heavy(n: int, nonce: str) -> int:
        if os.environ.get("LAB_FAULT") == "1":
            raise RuntimeError("the cache's computation broke")
        return n * n

    with page_boundary():
        st.markdown("before")
        st.markdown(f"result {heavy(12, os.environ['LAB_FAULT_NONCE'])}")
        st.markdown("after")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cached_computation_that_raises_shows_a_friendly_note(as_users_see_it, monkeypatch, lang):
    monkeypatch.setenv("LAB_FAULT", "1")
    monkeypatch.setenv("LAB_FAULT_NONCE", f"{lang}-{time.time_ns()}")  # a fresh cache entry
    at = AppTest.from_function(_cached_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [translate("app.error_title", lang)]
    assert translate("app.error_hint", lang) in [c.value for c in at.caption]
    assert "before" in [m.value for m in at.markdown]
    assert not any("Traceback" in m.value or "RuntimeError" in m.value for m in at.markdown)

    monkeypatch.delenv("LAB_FAULT")  # the fault is gone: the same session recovers
    at.run()
    assert not at.exception
    assert not at.error
    assert [m.value for m in at.markdown] == ["before", "result 144", "after"]


def test_real_page_with_a_failing_cached_step_keeps_the_session(as_users_see_it, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("SymPy fell over")

    real_facts = views.function_panel.facts  # lru_cache'd SymPy work, shared by all sessions
    monkeypatch.setattr(views.function_panel, "facts", broken)
    # a β no other test opens: the words of every value already shown are cached
    # (views.function_text), and a cached value would never call the broken step
    at = run_page("app_pages/swish.py", lang="en", beta="7.3")
    assert not at.exception
    assert translate("app.error_title", "en") in [e.value for e in at.error]
    assert at.get("plotly_chart")  # what rendered before the failure stays

    monkeypatch.setattr(views.function_panel, "facts", real_facts)
    at.run()
    assert not at.exception
    assert not at.error
    assert len(cards(at)) == 2 + 8  # the probe and the facts are back


def _callback_script() -> None:
    import os

    import streamlit as st

    from ui.errors import page_boundary, safe_callback

    @safe_callback
    def reset() -> None:
        if os.environ.get("LAB_FAULT") == "1":
            raise RuntimeError("the callback broke")
        st.session_state["count"] = 0

    st.session_state.setdefault("count", 5)
    with page_boundary():
        st.button("reset", on_click=reset, key="reset")
        st.markdown(f"count {st.session_state['count']}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_failing_callback_shows_a_friendly_note_and_the_page(as_users_see_it, monkeypatch, lang):
    monkeypatch.setenv("LAB_FAULT", "1")
    at = AppTest.from_function(_callback_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.button(key="reset").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [translate("app.error_title", lang)]
    assert [m.value for m in at.markdown] == ["count 5"]  # the page still renders below

    at.run()  # the next run no longer shows the note
    assert not at.error
    monkeypatch.delenv("LAB_FAULT")
    at.button(key="reset").click().run()
    assert not at.exception
    assert not at.error
    assert [m.value for m in at.markdown] == ["count 0"]


def _unwrapped_callback_script() -> None:
    import streamlit as st

    from ui.errors import page_boundary

    def reset() -> None:
        raise RuntimeError("the callback broke")

    with page_boundary():
        st.button("reset", on_click=reset, key="reset")
        st.markdown("page body")


def test_an_unwrapped_callback_escapes_the_boundary(as_users_see_it):
    """Why ``safe_callback`` exists: callbacks run before the script, outside the boundary,
    and Streamlit replaces the whole page with its own (English) error box."""
    at = AppTest.from_function(_unwrapped_callback_script, default_timeout=60).run()
    at.button(key="reset").click().run()
    assert at.exception
    assert not at.markdown


def _callback_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in ("on_click", "on_change", "on_submit"):
                    value = keyword.value
                    if isinstance(value, ast.Constant) and value.value in ("ignore", "rerun"):
                        continue
                    names.add(ast.unparse(value).rsplit(".", 1)[-1])
    return names


def _safe_functions(tree: ast.Module) -> set[str]:
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d).endswith("safe_callback") for d in node.decorator_list)
    }


def test_every_widget_callback_is_safe():
    trees = [
        ast.parse(p.read_text())
        for d in ("app_pages", "ui", "views")
        for p in (ROOT / d).glob("*.py")
    ]
    used = set().union(*(_callback_names(tree) for tree in trees))
    safe = set().union(*(_safe_functions(tree) for tree in trees))
    assert used, "no callbacks found: the scan is broken"
    assert used <= safe, f"wrap these callbacks with @ui.errors.safe_callback: {used - safe}"


# --- the server: Ctrl-C and start again -------------------------------------------------------


def _start(port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(
        server_command(port),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={k: v for k, v in os.environ.items() if k != "LAB_RAISE_ERRORS"},
    )
    deadline = time.monotonic() + 90
    while not healthy(f"http://127.0.0.1:{port}"):
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            server.wait()
            pytest.fail("Streamlit did not start")
        time.sleep(0.3)
    return server


def test_server_restarts_cleanly_after_ctrl_c(tmp_path):
    port = free_port()
    with (tmp_path / "server.log").open("w") as log:
        for _ in range(2):  # start, Ctrl-C, and start again on the same port
            server = _start(port, log)
            server.send_signal(signal.SIGINT)
            try:
                code = server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
                pytest.fail("the server did not stop within 20 s of SIGINT")
            assert code == 0
            assert not healthy(f"http://127.0.0.1:{port}")
    assert "Traceback" not in (tmp_path / "server.log").read_text()


# --- state carried from page to page -----------------------------------------------------------


def _push_to_the_ends(at: AppTest, end: str) -> None:
    """Every keyed slider and number input of the page to its max (or min)."""
    for slider in at.slider:
        if slider.key:
            slider.set_value(slider.max if end == "max" else slider.min)
    for box in at.number_input:
        bound = box.max if end == "max" else box.min
        if box.key and bound is not None:
            box.set_value(bound)


def test_one_session_through_every_page_with_controls_at_their_ends():
    """Streamlit keeps a URL-bound widget's value after its page is left; a control with the
    same key on the next page must not inherit a value it cannot take (``width`` = 128 on
    梯度消失, then 训练实验 allows at most 32)."""
    at = run_page(PAGES[0].file)
    for end, order in (("max", PAGES), ("min", PAGES[::-1])):
        for spec in order:
            at.switch_page(spec.file).run()
            assert not at.exception, (spec.url_path, end)
            _push_to_the_ends(at, end)
            at.run()
            assert not at.exception, (spec.url_path, end, "after moving the controls")
