"""A light Streamlit client: the browser's side of ``/_stcore/stream``, without a browser.

One :class:`Student` is one browser tab. It sends ``BackMsg.rerun_script`` (the page by
``page_name``; a control change as ``widget_states``, with the control's fragment id when it
lives in an ``st.fragment``) and reads ``ForwardMsg``s until ``script_finished``. A run the
server cut short for a newer one (``FINISHED_EARLY_FOR_RERUN``) is not the end: the app's
URL clean-up and page routing rerun on purpose. What a reader would see as a failure is
counted: an exception element, the app's error boundary, an error box, a compile error.

Values are set as the frontend sets them (``streamlit/elements/widgets/*.py``, ``value_type``):
sliders as a one-element ``double_array_value``, number inputs as ``double_value``, radios and
select boxes as the option's shown label (``string_value``), text inputs as ``string_value``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.protocol import State

ERROR_BLOCK = "app-error"  # ui.errors.ERROR_CONTAINER_KEY; a key ends the element id
_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR


@dataclass
class Widget:
    """A control as the last run drew it: its id, kind, options and fragment."""

    id: str
    kind: str  # the element's oneof name: slider, number_input, radio, ...
    options: tuple[str, ...] = ()
    fragment_id: str = ""


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    messages: int = 0
    bytes: int = 0
    errors: list[str] = field(default_factory=list)
    fragment: bool = False


def _key(widget_id: str) -> str:
    """The user key at the end of an element id ``$$ID-<hash>-<key>``."""
    return widget_id.split("-", 2)[-1] if widget_id.startswith("$$ID-") else widget_id


def _problems(msg: ForwardMsg) -> list[str]:
    """What in one delta a reader would see as a failure."""
    delta = msg.delta
    kind = delta.WhichOneof("type")
    if kind == "add_block" and _key(delta.add_block.id) == ERROR_BLOCK:
        return ["the app's error box"]
    if kind != "new_element":
        return []
    element = delta.new_element
    which = element.WhichOneof("type")
    if which == "exception":
        return [f"exception {element.exception.type}: {element.exception.message[:200]}"]
    if which == "alert" and element.alert.format == Alert.ERROR:
        return [f"error box: {element.alert.body[:200]}"]
    return []


def _widget(msg: ForwardMsg) -> Widget | None:
    """The control a delta draws, if it draws one that has a key."""
    delta = msg.delta
    if delta.WhichOneof("type") != "new_element":
        return None
    element = delta.new_element
    which = element.WhichOneof("type")
    proto = getattr(element, which, None) if which else None
    widget_id = getattr(proto, "id", "")
    if not widget_id.startswith("$$ID-"):
        return None
    options = tuple(getattr(proto, "options", ()))
    return Widget(widget_id, which, tuple(str(o) for o in options), delta.fragment_id)


def set_value(state, widget: Widget, value) -> None:
    """Write ``value`` into a ``WidgetState`` the way the frontend does for this kind."""
    state.id = widget.id
    if widget.kind == "slider":
        state.double_array_value.data[:] = [float(value)]
    elif widget.kind == "number_input":
        state.double_value = float(value)
    elif widget.kind in ("radio", "selectbox"):
        state.string_value = widget.options[value] if isinstance(value, int) else str(value)
    elif widget.kind == "multiselect":
        state.string_array_value.data[:] = [widget.options[i] for i in value]
    elif widget.kind == "checkbox":  # st.checkbox and st.toggle
        state.bool_value = bool(value)
    elif widget.kind in ("text_input", "text_area"):
        state.string_value = str(value)
    elif widget.kind == "pagination":
        state.int_value = int(value)
    elif widget.kind == "button":
        state.trigger_value = True
    else:
        raise ValueError(f"no way to set a {widget.kind} yet")


async def get(url: str, timeout: float) -> str:
    """HTTP GET ``url`` (body read and dropped); the cookies it sets, as a Cookie header."""
    parts = urlsplit(url)
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        path = parts.path or "/"
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
        )
        response = await reader.read()
        writer.close()
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status = head.split(" ", 2)[1] if " " in head else "?"
    if status != "200":
        raise ConnectionError(f"GET {path}: HTTP {status}")
    cookies = [
        line.split(":", 1)[1].split(";", 1)[0].strip()
        for line in head.split("\r\n")
        if line.lower().startswith("set-cookie:")
    ]
    return "; ".join(cookies)


class Student:
    """One browser tab on ``url`` (``http://host:port``), speaking Streamlit's protocol."""

    def __init__(self, url: str, *, timeout: float = 120.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.widgets: dict[str, Widget] = {}
        self.page = ""
        self.query = ""
        self.connected_at = 0.0
        self._ws = None
        self._cookies = ""

    async def connect(self, page: str = "") -> None:
        """GET ``/<page>`` as a browser does first (a load balancer may set its affinity
        cookie there), then open the websocket with that cookie."""
        self._cookies = cookies = await get(f"{self.url}/{page}", self.timeout)
        await self._open_socket(cookies)

    async def _open_socket(self, cookies: str) -> None:
        self._ws = await websockets.connect(
            self.url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookies} if cookies else None,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,  # the browser sends none either; a busy server must not drop us
        )
        self.connected_at = time.perf_counter()

    @property
    def dropped(self) -> bool:
        """Whether the server closed this tab's websocket (it died, or its replica did)."""
        return self._ws is not None and self._ws.state is State.CLOSED

    async def wait_dropped(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the websocket to close; whether it did."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ws.wait_closed(), seconds)
        return self.dropped

    async def reconnect(self, *, retry: float = 0.5) -> None:
        """Open a new websocket as the browser does after a drop: again and again until one
        opens (with the same cookies, so a load balancer sees the same browser); the server
        makes it a new session, which knows none of the page's fragments yet."""
        deadline = time.perf_counter() + self.timeout
        while True:
            try:
                await self._open_socket(self._cookies)
                return
            except (OSError, websockets.InvalidHandshake):
                if time.perf_counter() > deadline:
                    raise
                await asyncio.sleep(retry)

    async def rerun(self) -> Run:
        """Run the current page in full, with its URL: what the page's reconnect watcher
        (``ui/reconnect.py``) makes the browser send once it is connected again."""
        message = BackMsg()
        message.rerun_script.page_name = self.page
        message.rerun_script.query_string = self.query
        return await self._run(message)

    async def __aenter__(self) -> Student:
        return self

    async def __aexit__(self, *exc) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def open(self, page: str, query: str = "") -> Run:
        """Open ``/<page>?<query>``, as a browser tab would on a link."""
        self.page, self.query, self.widgets = page, query, {}
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        return await self._run(message)

    async def change(self, key: str, value) -> Run:
        """Move the control whose key is ``key`` to ``value`` (an option index for choices)."""
        widget = self.widgets[key]
        message = BackMsg()
        client = message.rerun_script
        client.page_name = self.page
        client.query_string = self.query
        set_value(client.widget_states.widgets.add(), widget, value)
        if widget.fragment_id:
            client.fragment_id = widget.fragment_id
        return await self._run(message)

    async def _run(self, message: BackMsg) -> Run:
        start = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        run = Run(0.0, fragment=bool(message.rerun_script.fragment_id))
        async with asyncio.timeout(self.timeout):
            while True:
                raw = await self._ws.recv()
                run.messages += 1
                run.bytes += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "delta":
                    run.errors += _problems(msg)
                    widget = _widget(msg)
                    if widget:
                        self.widgets[_key(widget.id)] = widget
                elif kind == "page_info_changed":
                    self.query = msg.page_info_changed.query_string
                elif kind == "script_finished" and msg.script_finished != _EARLY:
                    if msg.script_finished == _COMPILE_ERROR:
                        run.errors.append("compile error")
                    break
        run.seconds = time.perf_counter() - start
        return run


def run_async(coroutine):
    """``asyncio.run``, also from a thread whose loop is already running (a test session that
    drives Chromium with Playwright's sync API keeps one): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
