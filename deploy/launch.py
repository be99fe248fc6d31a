"""``streamlit run app.py``, with the app imported as soon as the server listens.

``python -m deploy.launch [options of streamlit run]``, e.g. ``--server.port 8501``: the
command of ``make run``, of each replica ``make serve`` starts, and of the servers the tests
and benchmarks start.

A new server process (a restart, a redeploy, a replica started again) used to import SymPy,
SciPy, Plotly and every module of the app in its first page run, while the pages left open
wait for their next move to redraw. This starts Streamlit as ``streamlit run`` does, and a
thread that calls :func:`ui.heap.freeze_startup_heap` once the server is up (not earlier: it
must not import beside Streamlit's own start-up). Browsers take a while to notice the server
is back; by the time the first page runs, the import is done or under way, and the run waits
for it instead of repeating it. While no browser is connected yet (a fresh start before
class, or a restart nobody had open), the thread also fills the function pages' caches. Plain
``streamlit run app.py`` (Streamlit Community Cloud) still works: the first run imports the
app itself, as before.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def warm_when_serving(poll: float = 0.02) -> None:
    """Wait until Streamlit's runtime has started (the server listens), import the app, then
    run the warm-up steps for as long as no browser is connected, and say how far it got."""
    from streamlit import runtime
    from streamlit.runtime import RuntimeState

    serving = (RuntimeState.NO_SESSIONS_CONNECTED, RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED)
    while not (runtime.exists() and runtime.get_instance().state in serving):
        time.sleep(poll)
    from ui.heap import freeze_startup_heap

    freeze_startup_heap()
    if os.environ.get(WARM_UP) == "0":  # a test server whose test measures no warm-up
        print(f"{WARMED} off ({WARM_UP}=0)", flush=True)
        return
    idle = lambda: runtime.get_instance().state == RuntimeState.NO_SESSIONS_CONNECTED  # noqa: E731
    start, (done, steps) = time.monotonic(), fill_function_caches(idle)
    # read by bench.hall, which lets a fresh server warm up as one started before class would
    print(f"{WARMED} {done} of {steps} steps in {time.monotonic() - start:.1f} s", flush=True)


WARMED = "lab warm-up:"
# ``LAB_WARM_UP=0``: import the app as always, but skip the warm-up steps (~8 s of CPU). Only
# for the tests' servers that nothing connects to for a while and whose tests measure no
# warm-up (``make serve``'s two replicas): the suite's CPU is its time.
WARM_UP = "LAB_WARM_UP"


def fill_function_caches(idle) -> tuple[int, int]:
    """Run the warm-up steps (:func:`warm_steps`) in order while ``idle()``: once a browser
    is connected its page's run comes first, and this thread would only share the CPU with
    it. Returns how many steps ran, of how many."""
    steps = warm_steps()
    for done, step in enumerate(steps):
        if not idle():
            return done, len(steps)
        step()
    return len(steps), len(steps)


def warm_steps() -> list:
    """What a page would otherwise compute the first time a class asks for it, most used
    first, each step a fraction of a second:

    - the function pages' two-panel figure layout (Plotly, 0.1 s), then each function's
      formulas and facts at its defaults (SymPy, 0.1-0.5 s each);
    - the hardware page's deep SELU chains (~1 s of NumPy) and the linear-regions table
      (54 networks counted, ~1 s);
    - each function in each low-precision type (``?dtype=``: where it settles, its values;
      the first also loads ml_dtypes: 0.8 s on the sigmoid page's first move);
    - the playground's default activations trained at its default settings (a class presses
      训练 together on those: ~0.5 s of NumPy);
    - the vanishing page at its defaults under each switch setting (plain, residual, each
      norm) and depth 5, 10, …, 50: the moves a class makes together (each new one was ~0.4 s
      of a burst's CPU, cold).
    """
    import numpy as np

    from activations import REGISTRY
    from activations import low_precision as lp
    from experiments.regions import growth
    from ui.function_page import X0_DEFAULT
    from ui.hardware_page import self_normalisation_chains
    from ui.playground_page import warm_default_runs
    from ui.vanishing_page import warm_profiles, warm_settings
    from views.function_figures import Curve, function_figure, grid
    from views.function_panel import core_text

    x = np.linspace(-1.0, 1.0, 3)
    layout = lambda: function_figure(x, [Curve("f", "f′", x, np.ones_like(x))])  # noqa: E731
    low_types = [name for name in lp.DTYPES if name != lp.DEFAULT]
    x_default = (-6.0, 6.0)  # the x range a function page opens with (ui.widgets.x_range)

    def in_low_precision(entry) -> None:
        for name in low_types:  # the page's reading at its default view, landmarks included
            lp.read(entry.at(), grid(*x_default), name, X0_DEFAULT)

    return [
        layout,
        *(functools.partial(core_text, entry.at()) for entry in REGISTRY.values()),
        self_normalisation_chains,
        growth,
        warm_default_runs,
        *(functools.partial(in_low_precision, entry) for entry in REGISTRY.values()),
        *(functools.partial(warm_profiles, settings) for settings in warm_settings()),
    ]


def main(argv: list[str] | None = None) -> None:
    # Before NumPy loads (Streamlit imports it): one BLAS thread per call (ui/heap.py says why).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from streamlit.web import cli  # Streamlit imported here first, before the thread starts

    threading.Thread(target=warm_when_serving, name="lab-warm-up", daemon=True).start()
    args = sys.argv[1:] if argv is None else argv
    cli.main(["run", str(APP), *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
