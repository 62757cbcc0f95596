"""The recorder of one traced visit: every HTTP response and websocket frame the DevTools ``Network``
domain reports, with its timestamp (bench/trace.py drives the visit, bench/trace_breakdown.py reads it).

The lowest floor of the trace: it imports neither of the other two.
"""
from __future__ import annotations

import base64

from streamlit.proto.BackMsg_pb2 import BackMsg

from bench import browser as bbrowser


def _frames_kind(data: bytes) -> str | None:
    return bbrowser._kind(data)


class Recorder:
    """Network milestones of one visit (DevTools timestamps, seconds)."""

    def __init__(self) -> None:
        self.requests: dict[str, dict] = {}
        self.ws: dict = {}
        self.frames: list[tuple[float, str, int]] = []  # (timestamp, kind, bytes) of frames received
        self.sent: list[tuple[float, str]] = []

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketCreated", lambda e: self.ws.setdefault("created", None))
        cdp.on("Network.webSocketWillSendHandshakeRequest",
               lambda e: self.ws.setdefault("handshake_sent", e["timestamp"]))
        cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._sent)

    def _request(self, e) -> None:
        self.requests[e["requestId"]] = {"url": e["request"]["url"], "start": e["timestamp"],
                                         "wall": e.get("wallTime"), "type": e.get("type", "")}

    def _response(self, e) -> None:
        r = self.requests.get(e["requestId"])
        if r is not None:
            r["response"] = e["timestamp"]
            r["from_cache"] = bool(e["response"].get("fromDiskCache") or e["response"].get("fromPrefetchCache"))
            headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
            r["encoding"] = headers.get("content-encoding", "")

    def _finished(self, e) -> None:
        r = self.requests.get(e["requestId"])
        if r is not None:
            r["end"] = e["timestamp"]
            r["bytes"] = int(e.get("encodedDataLength", 0))

    def _handshake(self, e) -> None:
        self.ws["open"] = e["timestamp"]
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        self.ws["extensions"] = headers.get("sec-websocket-extensions", "")

    def _frame(self, e) -> None:
        r = e["response"]
        if r["opcode"] != 2:
            return
        data = base64.b64decode(r["payloadData"])
        self.frames.append((e["timestamp"], _frames_kind(data) or "?", len(data)))

    def _sent(self, e) -> None:
        r = e["response"]
        if r["opcode"] != 2:
            return
        msg = BackMsg()
        try:
            msg.ParseFromString(base64.b64decode(r["payloadData"]))
        except Exception:  # noqa: BLE001 - not a BackMsg: nothing the page asked for
            return
        self.sent.append((e["timestamp"], msg.WhichOneof("type") or "?"))
