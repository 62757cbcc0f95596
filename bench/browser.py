"""What a person's browser receives and waits for, measured in headless Chromium over the DevTools protocol.

For each repeat a fresh browser context (empty cache) opens the map page, then changes one
filter ("Orders shown as" -> "per 100,000 residents") with a real click. Bytes are counted
from the DevTools network events: websocket frames the app sends (binary payloads decoded
from base64) and HTTP responses (``encodedDataLength``, what crossed the wire). Geometry is
counted where it travels: the .geojson files fetched over HTTP, and any geometry inlined
in a plotly figure inside a websocket frame. Times are taken inside the page with
``performance.now()`` on animation frames: navigation start to both maps drawn (every
choropleth layer has paths and Streamlit's running indicator has gone), and the click
event to the orders map showing new fills.
"""
from __future__ import annotations

import base64
import json
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
FILTER_LABEL = "Orders shown as"
FILTER_CHOICE = "per 100,000 residents"
TIMEOUT_MS = 180_000
QUIET_S = 0.6  # no frame for this long (and no running indicator) = the run's messages have all arrived

DRAWN_WATCH = """(() => {
  const ready = () => {
    const layers = document.querySelectorAll('[data-testid=stPlotlyChart] .choroplethlayer');
    return layers.length >= 2 && [...layers].every(l => l.querySelector('path'))
      && !document.querySelector('[data-testid=stStatusWidget]');
  };
  const tick = () => { if (ready()) { window.__benchDrawn = performance.now(); return; } requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();"""

CHANGE_WATCH = """() => {
  const fills = () => [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(
    c => [...c.querySelectorAll('path.choroplethlocation')].map(p => getComputedStyle(p).fill).join());
  const before = fills();
  window.__bench = {t0: null, t1: null};
  document.addEventListener('click', () => { if (window.__bench.t0 === null) window.__bench.t0 = performance.now(); },
                            {capture: true});
  const tick = () => {
    if (window.__bench.t0 !== null) {
      const now = fills();
      if (now.length >= 2 && now.every(f => f.length) && now[0] !== before[0]) {
        window.__bench.t1 = performance.now(); return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def _kind(frame: bytes) -> str | None:
    """'script_finished' (a run's end), the element type of a new element, or the message type."""
    msg = ForwardMsg()
    try:
        msg.ParseFromString(frame)
    except Exception:  # noqa: BLE001
        return None
    kind = msg.WhichOneof("type")
    if kind == "script_finished":
        return kind if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN else "finished_early"
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        return msg.delta.new_element.WhichOneof("type")
    return kind


def inline_geometry_bytes(frame: bytes) -> int:
    """Bytes of GeoJSON carried inside a plotly figure in one ForwardMsg (0 if it refers to a URL)."""
    try:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
    except Exception:  # noqa: BLE001 - not a ForwardMsg: nothing of ours
        return 0
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return 0
    el = msg.delta.new_element
    if el.WhichOneof("type") != "plotly_chart" or not el.plotly_chart.spec:
        return 0
    spec = json.loads(el.plotly_chart.spec)
    total = 0
    for trace in spec.get("data", []):
        if isinstance(trace.get("geojson"), dict):
            total += len(json.dumps(trace["geojson"], separators=(",", ":")).encode())
    return total


@dataclass
class Traffic:
    """Network bytes seen by one page over the DevTools protocol, since the last ``reset``."""

    ws: int = 0
    ws_frames: int = 0
    #: what permessage-deflate (server.enableWebsocketCompression, off by default) would have sent:
    #: each message raw-deflated with the window kept across messages, as the extension does
    ws_deflated: int = 0
    _deflate: object = field(default_factory=lambda: zlib.compressobj(wbits=-15))
    http: int = 0
    geometry_http: int = 0
    geometry_inline: int = 0
    extensions: set = field(default_factory=set)
    sent_at: float | None = None  # DevTools timestamp (s) of the first message the page sent since reset
    finished_at: float | None = None  # ... and of the script_finished that answered it
    chart_at: float | None = None  # ... and of the first plotly figure in the answer (a new map)
    urls: dict = field(default_factory=dict)
    responses: list = field(default_factory=list)  # (url, bytes) of the HTTP responses since reset
    last_frame: float = 0.0

    def reset(self) -> None:
        self.ws = self.ws_frames = self.ws_deflated = self.http = self.geometry_http = self.geometry_inline = 0
        self.responses = []
        self.sent_at = self.finished_at = self.chart_at = None

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._sent)
        cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        cdp.send("Network.enable")

    def _finished(self, e) -> None:
        size = int(e.get("encodedDataLength", 0))
        self.http += size
        url = self.urls.get(e["requestId"], "")
        self.responses.append((url, size))
        if url.split("?")[0].endswith(".geojson"):
            self.geometry_http += size

    def _frame(self, e) -> None:
        r = e["response"]
        if r["opcode"] == 2:
            data = base64.b64decode(r["payloadData"])
        elif r["opcode"] == 1:
            data = r["payloadData"].encode()
        else:
            return
        self.ws += len(data)
        self.ws_frames += 1
        self.ws_deflated += len(self._deflate.compress(data) + self._deflate.flush(zlib.Z_SYNC_FLUSH)) - 4
        self.geometry_inline += inline_geometry_bytes(data) if r["opcode"] == 2 else 0
        self.last_frame = time.monotonic()
        if r["opcode"] == 2 and self.sent_at is not None and self.finished_at is None:
            kind = _kind(data)
            if kind == "script_finished":
                self.finished_at = e["timestamp"]
            elif kind == "plotly_chart" and self.chart_at is None:
                self.chart_at = e["timestamp"]

    def _sent(self, e) -> None:
        if self.sent_at is not None or e["response"]["opcode"] != 2:
            return
        msg = BackMsg()
        try:
            msg.ParseFromString(base64.b64decode(e["response"]["payloadData"]))
        except Exception:  # noqa: BLE001
            return
        if msg.WhichOneof("type") == "rerun_script":
            self.sent_at = e["timestamp"]

    def _handshake(self, e) -> None:
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        self.extensions.add(headers.get("sec-websocket-extensions", "") or "none")

    def snapshot(self) -> dict:
        return {"ws_bytes": self.ws, "ws_frames": self.ws_frames, "ws_deflated_bytes": self.ws_deflated,
                "http_bytes": self.http,
                "geometry_bytes": self.geometry_http + self.geometry_inline,
                "geometry_http_bytes": self.geometry_http, "geometry_inline_bytes": self.geometry_inline,
                "http_responses": [[u[-120:], b] for u, b in self.responses if b]}


def _settle(page, traffic: Traffic, timeout_s: float = TIMEOUT_MS / 1000) -> None:
    """Wait until the run is over: no running indicator and no websocket frame for QUIET_S."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        quiet = time.monotonic() - traffic.last_frame >= QUIET_S
        if quiet and not page.query_selector("[data-testid=stStatusWidget]"):
            return
    raise TimeoutError("the page did not settle")


def one_visit(browser, base_url: str, *, shot: Path | None = None) -> dict:
    """First view of the map page, then one filter change, in a fresh context (empty cache)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.add_init_script(DRAWN_WATCH)
        traffic = Traffic()
        traffic.attach(context.new_cdp_session(page))
        page.goto(base_url + "/", timeout=TIMEOUT_MS)
        page.wait_for_function("window.__benchDrawn !== undefined", timeout=TIMEOUT_MS, polling=50)
        first_ms = page.evaluate("window.__benchDrawn")
        _settle(page, traffic)
        first = traffic.snapshot()
        if shot:
            page.screenshot(path=str(shot.with_name(shot.stem + "_first.png")), full_page=False)

        traffic.reset()
        page.evaluate(CHANGE_WATCH)
        radio = page.locator("[data-testid=stSidebar] [data-testid=stRadio]").filter(has_text=FILTER_LABEL)
        radio.get_by_text(FILTER_CHOICE, exact=True).click(timeout=TIMEOUT_MS)
        page.wait_for_function("window.__bench.t1 !== null", timeout=TIMEOUT_MS, polling=50)
        change_ms = page.evaluate("window.__bench.t1 - window.__bench.t0")
        _settle(page, traffic)
        change = traffic.snapshot()
        if shot:
            page.screenshot(path=str(shot.with_name(shot.stem + "_change.png")), full_page=False)
        def since_sent(at):
            return (at - traffic.sent_at) * 1000 if at and traffic.sent_at else None

        return {"first_view_ms": first_ms, "filter_change_ms": change_ms,
                "filter_change_server_ms": since_sent(traffic.finished_at),
                "filter_change_map_message_ms": since_sent(traffic.chart_at),
                **{f"first_view_{k}": v for k, v in first.items()},
                **{f"filter_change_{k}": v for k, v in change.items()},
                "ws_extensions": sorted(traffic.extensions)}
    finally:
        context.close()


def measure(base_url: str, repeats: int, *, shot: Path | None = None) -> list[dict]:
    """``repeats`` visits, each in its own fresh context of one headless Chromium."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing (make chromium installs Debian's)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            return [one_visit(browser, base_url, shot=shot if i == 0 else None) for i in range(repeats)]
        finally:
            browser.close()
