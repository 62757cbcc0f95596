"""A lightweight Streamlit session: the browser's side of /_stcore/stream, without a browser.

It speaks the same protobufs as Streamlit's frontend (BackMsg out, ForwardMsg in), so many
sessions can be driven from one process. A session connects, asks for a page with a query
string (the first run), and can then change one widget, as a click would. Latency is from
sending the rerun to receiving ``script_finished``.

Only the widget that changed is sent with a rerun: the server keeps every other widget's
value from the previous run, so the script sees the same state a browser's full set would give.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

OK = ForwardMsg.FINISHED_SUCCESSFULLY
#: widget proto fields (Element oneof) that carry an ``id``, ``label`` and ``options``
CHOICE_WIDGETS = ("radio", "selectbox")


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    status: int | None
    messages: int
    bytes: int
    exceptions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == OK and not self.exceptions


class StreamlitSession:
    """One websocket session. Use ``async with StreamlitSession(url) as s``."""

    def __init__(self, base_url: str, *, timeout: float = 120.0):
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.page_script_hash = ""
        self.widgets: dict[str, dict] = {}  # label -> {"id", "kind", "options"}
        #: hashes of the large messages already received: sent back, as the browser's cache does,
        #: so the server answers an unchanged element with a reference instead of resending it
        self.cached: set[str] = set()
        self.sizes: dict[str, int] = {}  # bytes received in the last run, by message/element kind
        self._ws = None

    async def __aenter__(self) -> "StreamlitSession":
        self._ws = await asyncio.wait_for(
            websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout,
                               ping_interval=None),  # a browser sends no keepalive pings either
            self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def open(self, query_string: str = "", page_name: str = "") -> Run:
        """The first run of a session, as a browser opening ``/<page_name>?<query_string>``."""
        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        msg.rerun_script.page_name = page_name
        msg.rerun_script.page_script_hash = ""
        msg.rerun_script.context_info.timezone = "Europe/London"
        msg.rerun_script.context_info.locale = "en-GB"
        msg.rerun_script.cached_message_hashes.extend(sorted(self.cached))
        return await self._rerun(msg)

    async def set_widget(self, label: str, option: str) -> Run:
        """Choose ``option`` (as displayed) in the radio or selectbox labelled ``label``, and rerun."""
        w = self.widgets.get(label)
        if w is None:
            raise KeyError(f"no widget labelled {label!r} in the last run (have {sorted(self.widgets)})")
        if option not in w["options"]:
            raise KeyError(f"{option!r} is not an option of {label!r} ({w['options']})")
        msg = BackMsg()
        msg.rerun_script.page_script_hash = self.page_script_hash
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = w["id"]
        state.string_value = option
        msg.rerun_script.cached_message_hashes.extend(sorted(self.cached))
        return await self._rerun(msg)

    async def _rerun(self, msg: BackMsg) -> Run:
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        count = size = 0
        exceptions: list[str] = []
        self.sizes = {}
        deadline = start + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout:.0f} s")
            data = await asyncio.wait_for(self._ws.recv(), left)
            count += 1
            size += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if fwd.metadata.cacheable and fwd.hash:
                self.cached.add(fwd.hash)
            part = kind
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                part = fwd.delta.new_element.WhichOneof("type")
            self.sizes[part] = self.sizes.get(part, 0) + len(data)
            if kind == "new_session":
                self.page_script_hash = fwd.new_session.page_script_hash or self.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = fwd.navigation.page_script_hash or self.page_script_hash
            elif kind == "delta":
                self._read_delta(fwd, exceptions)
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a newer run follows
                return Run(time.perf_counter() - start, status, count, size, exceptions)

    def _read_delta(self, fwd: ForwardMsg, exceptions: list[str]) -> None:
        if fwd.delta.WhichOneof("type") != "new_element":
            return
        el = fwd.delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            exceptions.append(f"{el.exception.type}: {el.exception.message}")
        elif kind in CHOICE_WIDGETS:
            w = getattr(el, kind)
            self.widgets[w.label] = {"id": w.id, "kind": kind, "options": list(w.options)}
