"""Recovery after a reconnect: the page runs in full once, so its controls work again.

Every page draws its figures in fragments (``ui.errors.live``): a control moved inside one asks
the server to rerun that fragment alone, by id. A session knows the fragments its own full runs
registered. When the server restarts, or the replica behind nginx dies, Streamlit 1.67's page
reconnects to a *new* session and does not run the script again; its next move asks for a
fragment the new session never saw, and ``AppSession.request_rerun`` drops it (it logs "The
fragment with id … does not exist anymore"). The slider moves, the figure does not, and
nothing says so.

Nothing of the app runs for a dropped request (and a restarted server has not imported the app
yet), so the repair is in the browser: a small ``st.components.v2`` component, mounted outside
every fragment, watches the connection. When it comes back after a loss, it sends a trigger
value: a full rerun, with the page's URL and every control's value, which the new session runs
from the top, registering the page's fragments again. Each full run hands the component a new
``run`` token; if none has arrived a while after the reconnect, the page says so, in the
reader's language, and offers a reload instead of showing controls that do nothing.

The browser's connection state is read from the ``data-test-connection-state`` attribute of
``[data-testid="stApp"]``, which Streamlit's frontend sets for its own tests;
``tests/e2e/test_restart_e2e.py`` fails if that changes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import streamlit as st

from ui.i18n import t

KEY = "lab-reconnect"
# After a reconnect, how long the full run may take to reach the page's end before the page says
# it could not catch up. A restarted server's first run imports everything (~3 s alone, ~10 s on
# a busy 2-core machine); a replica that takes over a class runs all its pages at once.
# ``LAB_RECOVER_SECONDS`` overrides it (the browser test of the message sets a short one).
RECOVER_SECONDS = float(os.environ.get("LAB_RECOVER_SECONDS") or 20)
_BROWSER = Path(__file__).parent / "browser"
# The watcher's code travels once per session, with the page's other scripts (``ui.layout``);
# the component sent every run is a few lines that hand their mount to it.
WATCHER_SCRIPT = f"<script>{(_BROWSER / 'reconnect.js').read_text(encoding='utf-8')}</script>"
_MOUNT = (_BROWSER / "reconnect_mount.js").read_text(encoding="utf-8")
_component = st.components.v2.component("activation_lab.reconnect", js=_MOUNT)


def watch_connection() -> None:
    """Mount the watcher (outside any fragment: its trigger must rerun the whole page)."""
    _component(
        key=KEY,
        data={
            "run": secrets.token_hex(4),
            "message": t("app.reconnect_failed"),
            "reload": t("app.reconnect_reload"),
            "recover_ms": RECOVER_SECONDS * 1000,
        },
        height=0,
        on_reconnected_change=_reconnected,
    )


def _reconnected() -> None:
    """Nothing to do: the trigger's only purpose is this full run."""
