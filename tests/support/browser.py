"""What the browser tests wait for and check on a page: a watched tab that records what a user
must never see, the app settling after a load, and the list of such problems.

The fixtures that hand these out (a server per session, one tab) are in ``tests/e2e/conftest.py``.
"""

from __future__ import annotations

from harness.browser import NEVER_SEEN, settled
from harness.browser import base_path_probe as _probe_404

VIEWPORT = {"width": 1400, "height": 1000}


class Watched:
    """A browser page plus everything the browser said during one test that a user must never
    see. :meth:`stop` detaches the listeners, so the next test on the same tab starts clean."""

    def __init__(self, page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self._listeners = [
            ("console", self._on_console),
            ("pageerror", self._on_page_error),
            ("dialog", self._on_dialog),
        ]
        for event, listener in self._listeners:
            page.on(event, listener)

    def stop(self) -> None:
        for event, listener in self._listeners:
            self.page.remove_listener(event, listener)

    def _on_console(self, message) -> None:
        if base_path_probe(message):
            return
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def base_path_probe(message) -> bool:
    """Whether a console message is Streamlit's expected 404 base-path probe
    (``harness.browser.base_path_probe``)."""
    url = (message.location or {}).get("url", "")
    return _probe_404(message.text, url)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """:func:`harness.browser.settled` with the desk tests' patience (30 s, not 2 minutes)."""
    settled(page, timeout)


def open_page(watched: Watched, app_url: str, path: str = "", timeout: float = 30_000):
    """Go to ``/<path>`` (query string allowed) and wait for the app to settle."""
    watched.page.goto(f"{app_url}/{path}")
    wait_for_app(watched.page, timeout)
    return watched.page


def never_seen(watched: Watched) -> list[str]:
    """What a user must never see: exceptions, KaTeX errors, console and page errors, dialogs."""
    found = [
        f"element: {element.inner_text()[:300]}"
        for element in watched.page.query_selector_all(NEVER_SEEN)
    ]
    found += [f"console: {text}" for text in watched.console_errors]
    found += [f"pageerror: {text}" for text in watched.page_errors]
    found += [f"dialog: {text}" for text in watched.dialogs]
    return found


def problems(watched, probes: list[str]) -> list[str]:
    """``never_seen`` minus one "404" console line per base-path probe (and only those)."""
    assert all("/_stcore/" in url for url in probes), probes
    expected, left = len(probes), []
    for problem in never_seen(watched):
        if expected and problem.startswith("console: Failed to load resource") and "404" in problem:
            expected -= 1
        else:
            left.append(problem)
    return left
