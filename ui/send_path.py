"""One wake-up of the server's event loop per batch of messages, not one per message.

Streamlit's script thread hands every message it makes (each element, each widget) to the
event loop with ``loop.call_soon_threadsafe``: a write to the loop's wake-up socket each time,
which also gives the GIL away to the loop thread, and takes it back. With a page of 60-160
elements and a class opening it at once, those hand-offs were ~40 % of the server's busy samples
(py-spy over ``python -m bench.hall --burst``). ``AppSession._call_soon_on_event_loop`` is the
one place they pass; :func:`batch_event_loop_calls` makes it queue the callback and wake the
loop only when no batch is already waiting. The loop runs the queue in order, so every message
reaches the browser in the order it was made, as before.

Streamlit internals: if the method is not there (another Streamlit version), nothing changes.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from streamlit.runtime.app_session import AppSession

_ORIGINAL = getattr(AppSession, "_call_soon_on_event_loop", None)


class _Batch:
    """The callbacks one session's script thread has queued for its event loop."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: deque[Callable[[], None]] = deque()
        self.scheduled = False


_BATCHES_LOCK = threading.Lock()  # makes each session's batch once


def _batch_of(session: AppSession) -> _Batch:
    batch = session.__dict__.get("_lab_batch")
    if batch is None:
        with _BATCHES_LOCK:
            batch = session.__dict__.setdefault("_lab_batch", _Batch())
    return batch


def _call_soon_batched(session: AppSession, callback: Callable[[], None]) -> None:
    batch = _batch_of(session)
    with batch.lock:
        batch.pending.append(callback)
        if batch.scheduled:
            return  # the loop will run it with the batch already on its way
        batch.scheduled = True
    try:
        _ORIGINAL(session, lambda: _drain(session, batch))
    except BaseException:
        with batch.lock:
            batch.scheduled = False
            batch.pending.clear()
        raise


def _drain(session: AppSession, batch: _Batch) -> None:
    """On the event loop: run every queued callback in order, including those queued while
    it runs; an error in one is reported as the loop reports a failed callback."""
    while True:
        with batch.lock:
            if not batch.pending:
                batch.scheduled = False
                return
            callbacks = list(batch.pending)
            batch.pending.clear()
        for callback in callbacks:
            try:
                callback()
            except Exception as error:  # reported as asyncio's Handle._run reports it
                session._event_loop.call_exception_handler(
                    {"message": "Exception in callback", "exception": error}
                )


def batch_event_loop_calls() -> None:
    """Route every session's script-thread events through :func:`_call_soon_batched` (once
    per process; a no-op where Streamlit lacks the method)."""
    if _ORIGINAL is not None and AppSession._call_soon_on_event_loop is _ORIGINAL:
        AppSession._call_soon_on_event_loop = _call_soon_batched
