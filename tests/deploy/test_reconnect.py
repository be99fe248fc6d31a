"""Recovery after a reconnect (``ui/reconnect.py``, issue 26), below the browser.

Under AppTest: every page ends with the connection watcher, outside every fragment, with its
message in the reader's language and a new token per full run (how the browser tells that the
page ran in full again). Over Streamlit's protocol, against a real server restarted under a
student: Streamlit 1.67 drops a fragment move on the new session (the upstream behaviour the
watcher works around; if this part fails, Streamlit changed, and ``ui/reconnect.py`` should be
looked at again), the full run the watcher asks for is answered, and the next move is a
fragment run again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
import tomllib
from functools import partial
from pathlib import Path
from unittest.mock import patch

import pytest

from activations import REGISTRY
from activations import low_precision as lp
from deploy.launch import fill_function_caches, warm_steps
from experiments.normalisation import NORMS
from harness.appdriver import run_app, run_page
from harness.protocol import Student, run_async
from harness.server import free_port, streamlit_server
from ui import vanishing_page as vanishing
from ui.playground_page import warm_default_runs
from ui.reconnect import KEY
from views.strings import DEFAULT_LANG

ROOT = Path(__file__).resolve().parents[2]


def watcher(at) -> tuple[int, dict]:
    """The watcher's place among the sidebar's elements (and their count), and its data."""
    children = at.sidebar.children
    found = [i for i, element in children.items() if getattr(element, "key", None) == KEY]
    assert len(found) == 1, [getattr(e, "key", None) for e in children.values()]
    proto = children[found[0]].proto
    assert proto.component_name == "activation_lab.reconnect"
    assert "window.labWatch" in proto.js_content  # the mount; the watcher came with the assets
    assert len(proto.js_content) < 500
    return found[0] - max(children), json.loads(proto.json)


def strings(lang: str) -> dict[str, str]:
    return tomllib.loads((ROOT / "content" / lang / "ui" / "app.toml").read_text("utf-8"))


def test_the_watcher_comes_last_with_the_readers_language_and_a_new_token_per_run():
    at = run_page("app_pages/swish.py", beta="2")
    place, data = watcher(at)
    assert place == 0  # drawn after the page: its arrival means the fragments are registered
    assert data["message"] == strings("zh")["reconnect_failed"]
    assert data["reload"] == strings("zh")["reconnect_reload"]
    assert data["recover_ms"] > 0
    at.run()
    assert watcher(at)[1]["run"] != data["run"]


def test_the_watcher_speaks_english_on_english_pages_and_is_on_pages_without_fragments():
    _, data = watcher(run_app(lang="en"))
    assert data["message"] == strings("en")["reconnect_failed"]
    assert data["reload"] == strings("en")["reconnect_reload"]


@pytest.mark.server
def test_after_a_restart_a_fragment_move_needs_one_full_run_first():
    port = free_port()

    async def restart_under_a_student(first_log, second_log) -> None:
        first = streamlit_server(port=port, log=first_log)
        url, _ = await asyncio.to_thread(first.__enter__)
        async with Student(url) as student:
            try:
                await student.connect("swish")
                await student.open("swish", "beta=2")
                assert (await student.change("beta", 2.5)).fragment
            finally:
                await asyncio.to_thread(first.__exit__, None, None, None)
            assert await student.wait_dropped(30)
            # Restarted as Streamlit Community Cloud runs it: plain `streamlit run app.py`, no
            # warm-up (the browser tests restart under deploy.launch, as `make run` does).
            second = streamlit_server(port=port, log=second_log, launcher=False)
            await asyncio.to_thread(second.__enter__)
            try:
                await student.reconnect()
                # The move as the page sent it before the fix: a fragment the new session has
                # never seen. Streamlit drops it and says so in its log; nothing answers.
                student.timeout = 5
                with pytest.raises(TimeoutError):
                    await student.change("beta", 3.0)
                second_log.seek(0)
                assert "does not exist anymore" in second_log.read()
                student.timeout = 180
                recovered = await student.rerun()  # what the watcher makes the browser send
                assert not recovered.fragment and recovered.errors == []
                moved = await student.change("beta", 3.0)
                assert moved.fragment and moved.errors == []
                assert moved.messages < recovered.messages
            finally:
                await asyncio.to_thread(second.__exit__, None, None, None)

    with tempfile.TemporaryFile("w+") as first, tempfile.TemporaryFile("w+") as second:
        run_async(restart_under_a_student(first, second))


def test_the_apps_import_leaves_out_what_one_lesson_needs():
    """A new process's first run imports every module of the app (``ui.heap``); ml_dtypes
    (bfloat16, ~1 s), scipy.optimize and scipy.integrate (~0.2 s each) wait for the lesson
    that uses them."""
    code = (
        "import sys; from ui.heap import freeze_startup_heap; freeze_startup_heap(); "
        "print(sorted(m for m in ('ml_dtypes', 'scipy.optimize', 'scipy.integrate') "
        "if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


def test_the_warm_up_fills_the_caches_only_while_no_browser_is_connected():
    asked, steps = [], len(warm_steps())

    def idle_for(calls: int):
        return lambda: asked.append(1) or len(asked) <= calls

    with patch("deploy.launch.warm_steps", return_value=[lambda: None] * steps):
        fill_function_caches(idle_for(3))
        assert len(asked) == 4  # three steps, then a browser came: it stopped
        asked.clear()
        fill_function_caches(idle_for(steps))
    assert len(asked) == steps


def test_the_warm_up_covers_every_function_in_every_low_type_and_the_vanishing_moves():
    """The steps the launcher runs (each checked cheaply here by what it would fill): every
    function's formulas and its landmarks in float32, float16 and bfloat16 (the sigmoid page's
    first ``?dtype=`` move took 0.8 s of a burst), and the vanishing page at its defaults under
    each switch setting and every depth a class moves to in steps of 5."""
    steps = warm_steps()
    called = [(s.func.__name__, s.args) for s in steps if isinstance(s, partial)]
    for entry in REGISTRY.values():
        assert ("details", (entry.at(), DEFAULT_LANG)) in called
        assert ("in_low_precision", (entry,)) in called
    warmed = [args[0] for name, args in called if name == "warm_profiles"]
    stacks = {(s.residual, s.norm) for s in warmed}
    assert stacks == {(r, n) for r in (False, True) for n in NORMS}
    assert {s.depth for s in warmed} == {5, 10, 15, 20, 25, 30, 35, 40, 45, 50}
    assert warmed[0] == vanishing.DEFAULTS  # the page as it opens comes first
    assert all(s.keys == vanishing.DEFAULTS.keys for s in warmed)
    assert warm_default_runs in steps  # the playground's first 训练 (its own test: pages/)
    sigmoid = next(s for s in steps if isinstance(s, partial) and s.args == (REGISTRY["sigmoid"],))
    sigmoid()  # what the sigmoid page reads in each type at its default view is then made
    kept = {key[:2] for key in lp._GRIDS}
    assert {(REGISTRY["sigmoid"].at().cache_key, name) for name in lp.DTYPES[1:]} <= kept


def test_a_warmed_vanishing_setting_is_what_the_page_asks_for():
    """The launcher's step fills exactly the entries the page reads (``_profile``), the
    plain stack's for the cards included, so a class's first move finds them made."""
    settings = dataclasses.replace(vanishing.DEFAULTS, depth=5, residual=True, norm=NORMS[-1])
    vanishing.warm_profiles(settings)
    made = dict(vanishing._kept)
    for key in settings.keys:
        for plain in (False, True):
            found = vanishing._profile(settings, key, plain=plain)
            assert any(found is value for value in made.values())


def mapped(pid: int, name: str) -> bool:
    """Whether process ``pid`` has loaded a shared library whose path contains ``name``."""
    return name in Path(f"/proc/{pid}/maps").read_text()


# scipy.special's compiled core: loaded once the activation core is imported, never by Streamlit.
SCIPY_CORE = "scipy/special/_ufuncs"


@pytest.mark.server
def test_the_launcher_imports_the_app_before_any_browser_comes():
    """``python -m deploy.launch`` (make run, make serve) imports the app as soon as the server
    listens, with no session at all; plain ``streamlit run app.py`` waits for the first page,
    and both serve it."""

    async def opened(url: str) -> list[str]:
        async with Student(url) as student:
            await student.connect("swish")
            return (await student.open("swish", "beta=2")).errors

    with streamlit_server(launcher=False) as (url, pid):
        assert not mapped(pid, SCIPY_CORE)
        assert run_async(opened(url)) == []
        assert mapped(pid, SCIPY_CORE)
    with streamlit_server() as (url, pid):
        deadline = time.monotonic() + 120
        while not mapped(pid, SCIPY_CORE):
            assert time.monotonic() < deadline, "the launcher never imported the app"
            time.sleep(0.2)
        assert run_async(opened(url)) == []
