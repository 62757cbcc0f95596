"""A small Streamlit websocket client: one browser-like session, without a browser.

The one client of the project's load tests: the deployment's (``deploy/loadtest.py`` and the
deploy tests) and the benchmark's (``bench/load.py``). Why: a load test needs hundreds of
sessions, and a headless Chromium tab costs far more than the server work it is meant to
measure. This speaks the same protocol as Streamlit's own frontend (streamlit 1.67, Starlette
server):

- connect to ``ws://HOST/_stcore/stream`` offering the subprotocol ``streamlit``
  (the frontend offers ``["streamlit", <xsrf token>, <previous session id>]``; the
  second and third entries are optional and this client leaves them out, so every
  connection is a new session);
- send a ``BackMsg`` whose ``rerun_script`` is a ``ClientState`` carrying the page's
  query string (the map page seeds its filters from the URL on a session's first run),
  the page name ('' = the default page) and the widget states;
- read ``ForwardMsg`` frames (``new_session`` with the session id, ``delta`` elements,
  ...) until ``script_finished``.

A filter change later in the session is what the browser sends when someone picks a new
option: the same ``rerun_script`` with that widget's new value (a selectbox or radio
sends the option's displayed label as ``string_value``), plus the values of the other
widgets it holds. With ``cache_messages`` the session also keeps the cacheable messages it
has received and sends back their hashes, as the browser's message cache does, so the server
answers an unchanged element with a reference, read here as the message it refers to (the
benchmark measures the bytes a real visitor receives that way).
"""
from __future__ import annotations

import asyncio
import html
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from spodash.ui.geo_map import COMPONENT_NAME as MAP_COMPONENT

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = Subprotocol("streamlit")
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "interrupted by a rerun",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment ok",
}


class SessionError(RuntimeError):
    """A run that did not finish cleanly (closed socket, exception shown, timeout, wrong page)."""


@dataclass
class Widget:
    """A selectbox or radio as the last run drew it: its id, options (labels) and current label."""

    id: str
    kind: str
    label: str
    options: list[str]
    value: str | None
    forced: bool = False  # the server set the value (session state or URL), not the default


def is_chart(el) -> bool:
    """A plotly figure: ``st.plotly_chart``'s, or the map page's own map component (spodash/ui/geo_map.py)."""
    kind = el.WhichOneof("type")
    return kind == "plotly_chart" or (kind == "bidi_component" and el.bidi_component.component_name == MAP_COMPONENT)


def chart_figure(el) -> dict | None:
    """The plotly figure (data and layout) an element carries, if it is a chart."""
    if not is_chart(el):
        return None
    if el.WhichOneof("type") == "plotly_chart":
        return json.loads(el.plotly_chart.spec) if el.plotly_chart.spec else None
    return json.loads(el.bidi_component.json).get("figure") if el.bidi_component.json else None


@dataclass
class RunResult:
    """What one script run sent back."""

    seconds: float
    status: str
    messages: int
    bytes: int
    plotly_charts: int
    largest: int = 0  # the largest single message, in bytes (server.maxMessageSize caps it)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # st.error alerts
    headings: list[str] = field(default_factory=list)  # st.title / st.subheader / st.html <h2> texts, in order
    widgets: dict[str, Widget] = field(default_factory=dict)  # by label

    @property
    def ok(self) -> bool:
        """The run finished successfully and showed no exception."""
        return self.status == "ok" and not self.exceptions


def _widget(element) -> Widget | None:
    kind = element.WhichOneof("type")
    if kind not in ("selectbox", "radio"):
        return None
    w = getattr(element, kind)
    options = list(w.options)
    if w.set_value and w.HasField("raw_value"):
        return Widget(w.id, kind, w.label, options, w.raw_value, forced=True)
    value = options[w.default] if w.HasField("default") and 0 <= w.default < len(options) else None
    return Widget(w.id, kind, w.label, options, value)


class StreamlitSession:
    """One session on one websocket. Use ``async with StreamlitSession(url) as s: await s.run(...)``."""

    def __init__(self, base_url: str, *, timeout: float = 60.0, extra_headers: dict[str, str] | None = None,
                 source: str | None = None, cache_messages: bool = False):
        """``source``: the local address to connect from (another loopback address such as 127.0.0.2, so
        that nginx's per-address limits see a different client; all of 127.0.0.0/8 is this machine).
        ``cache_messages``: keep the cacheable messages and send their hashes with every rerun."""
        base = base_url.rstrip("/")
        self.source = source
        self.url = base.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + STREAM_PATH
        self.timeout = timeout
        self.extra_headers = extra_headers or {}
        self.session_id: str | None = None
        self.widgets: dict[str, Widget] = {}
        self._sent: dict[str, str] = {}  # widget id -> the value last sent
        self.query_string = ""  # the page's URL query, as the browser's address bar would show it
        self.cache_messages = cache_messages
        self.cached: dict[str, bytes] = {}  # hash -> a cacheable message received (with cache_messages)
        self.ws: ClientConnection | None = None  # open inside ``async with``

    async def __aenter__(self) -> StreamlitSession:
        # passed on to loop.create_connection
        local: dict[str, Any] = {"local_addr": (self.source, 0)} if self.source else {}
        self.ws = await asyncio.wait_for(
            connect(self.url, subprotocols=[SUBPROTOCOL], additional_headers=self.extra_headers,
                    max_size=64 * 2**20, open_timeout=self.timeout, ping_interval=None, **local),
            self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        if self.ws is not None:
            await self.ws.close()

    @property
    def socket(self) -> ClientConnection:
        """The open websocket (the session is used inside ``async with``)."""
        if self.ws is None:
            raise RuntimeError("the session is not open: use `async with StreamlitSession(...) as s`")
        return self.ws

    @property
    def response_headers(self):
        return self.ws.response.headers if self.ws is not None and self.ws.response else {}

    async def run(self, query_string: str = "", page_name: str = "",
                  changes: dict[str, str] | None = None) -> RunResult:
        """Ask for a script run and read until it finishes.

        ``changes`` maps a widget's label to the option label to pick (a filter change);
        every other widget the session has seen keeps its current value.
        """
        self.query_string = query_string
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_name = page_name
        state.page_script_hash = ""
        state.context_info.url = self.url.replace("ws", "http", 1).removesuffix(STREAM_PATH) + "/" + (
            f"?{query_string}" if query_string else "")
        state.context_info.timezone = "Europe/London"
        state.context_info.locale = "en-GB"
        state.cached_message_hashes.extend(sorted(self.cached))
        changes = dict(changes or {})
        for label, new in changes.items():
            if label not in self.widgets:
                raise SessionError(f"no widget labelled {label!r} on the page (have {sorted(self.widgets)})")
            if new not in self.widgets[label].options:
                raise SessionError(f"{new!r} is not an option of {label!r}: {self.widgets[label].options}")
        for label, w in self.widgets.items():
            value = changes.get(label, w.value)
            if value is None:
                continue
            ws_ = state.widget_states.widgets.add()
            ws_.id = w.id
            ws_.string_value = value
            self._sent[w.id] = value
        start = time.perf_counter()
        await self.socket.send(msg.SerializeToString())
        return await asyncio.wait_for(self._read_until_finished(start), self.timeout)

    async def request_rerun(self, query_string: str = "") -> None:
        """Send a rerun request and return at once, without reading the answer (a flood of these is what
        the load test's abusive client sends; a browser sends one per user action)."""
        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        msg.rerun_script.page_name = ""
        msg.rerun_script.page_script_hash = ""
        await self.socket.send(msg.SerializeToString())

    async def _read_until_finished(self, start: float) -> RunResult:
        n = size = charts = largest = 0
        exceptions, errors, headings, widgets = [], [], [], {}
        while True:
            raw = await self.socket.recv(decode=False)  # ForwardMsgs: binary frames, bytes
            n += 1
            size += len(raw)
            largest = max(largest, len(raw))
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if self.cache_messages and fwd.metadata.cacheable and fwd.hash:
                self.cached[fwd.hash] = raw
            elif fwd.WhichOneof("type") == "ref_hash" and fwd.ref_hash in self.cached:
                fwd.ParseFromString(self.cached[fwd.ref_hash])  # what the browser's cache puts in its place
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id or self.session_id
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                t = el.WhichOneof("type")
                if is_chart(el):
                    charts += 1
                elif t == "exception":
                    exceptions.append(f"{el.exception.type}: {el.exception.message}")
                elif t == "alert" and el.alert.format == el.alert.ERROR:
                    errors.append(el.alert.body)
                elif t == "heading":
                    headings.append(el.heading.body)
                elif t == "html" and "<h2" in el.html.body:  # the map page's headline block
                    headings += [html.unescape(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", el.html.body)]
                else:
                    w = _widget(el)
                    if w is not None:
                        # The server only sends a value it sets itself; otherwise the value
                        # is the one this client sent (as a browser keeps what was picked).
                        sent = self._sent.get(w.id)
                        if not w.forced and sent in w.options:
                            w.value = sent
                        widgets[w.label] = w
            elif kind == "script_finished":
                status = FINISHED.get(fwd.script_finished, str(fwd.script_finished))
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a newer run follows on the same socket
                if widgets:
                    self.widgets = widgets
                return RunResult(time.perf_counter() - start, status, n, size, charts, largest, exceptions, errors,
                                 headings, widgets)


def run_sync(coro):
    """Run a coroutine to the end from synchronous code, even where an event loop is already running.

    (Playwright's sync API keeps a loop running in the main thread, so the tests that use a
    browser cannot call asyncio.run there; a fresh thread gets its own loop.)
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
