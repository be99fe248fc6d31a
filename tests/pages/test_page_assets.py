"""The app's styles and scripts (~10 KB, ``ui.layout.PAGE_ASSETS``) come with a session's full
runs until one has reached its end, then no more: each element costs every run of every
session. The browser keeps what they installed (the styles in the document's head, the
scripts' listeners); ``tests/e2e/test_page_assets_e2e.py`` checks that in Chromium."""

from __future__ import annotations

from harness.appdriver import run_page
from ui.reconnect import KEY


def sidebar_html(at) -> list[str]:
    """The bodies of the ``st.html`` elements in the sidebar."""
    found = []
    for element in at.sidebar.children.values():
        proto = getattr(element, "proto", None)
        if proto is not None and proto.DESCRIPTOR.name == "Html":
            found.append(proto.body)
    return found


def test_the_first_full_run_sends_the_assets_and_later_runs_do_not():
    at = run_page("app_pages/swish.py", beta="2")
    (first,) = sidebar_html(at)
    for part in ("lab-styles", "lab-cards", "labPageScript", "labHistory", "window.labWatch ="):
        assert part in first, part
    at.run()
    assert sidebar_html(at) == []
    assert not at.exception
    watchers = [e for e in at.sidebar.children.values() if getattr(e, "key", None) == KEY]
    assert len(watchers) == 1  # the connection watcher's mount still comes with every run


def test_a_new_session_gets_them_again():
    first, second = run_page("app_pages/swish.py"), run_page("app_pages/swish.py")
    assert len(sidebar_html(first)) == len(sidebar_html(second)) == 1
