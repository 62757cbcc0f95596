"""What a person's browser receives and waits for, measured in headless Chromium over the DevTools protocol.

For each repeat a fresh browser context (empty cache) opens the map page, then changes one
filter ("Orders shown as" -> "per 100,000 residents") with a real click, and then again ("count"):
the first change also carries every widget once more (their first run set them from the URL), the
second is a change in the page's steady state. Bytes are counted
from the DevTools network events: websocket frames the app sends (binary payloads decoded
from base64) and HTTP responses (``encodedDataLength``, what crossed the wire). Geometry is
counted where it travels: the .geojson files fetched over HTTP, and any geometry inlined
in a plotly figure inside a websocket frame. Times are taken inside the page with
``performance.now()`` on animation frames: navigation start to both maps drawn (every
choropleth layer has paths and Streamlit's running indicator has gone), and the click
event to the orders map showing new fills.

Two variations of a visit: ``throttle`` emulates a phone's network with the DevTools protocol
(``Network.emulateNetworkConditions``, Chrome DevTools' own presets, see ``THROTTLE``), and
``warm`` measures a second visit in the same context, with the files of the first in the
browser's cache (a returning visitor). Every other visit starts with an empty cache.

DevTools reports websocket payloads after decompression. When the server negotiated
permessage-deflate (``server.enableWebsocketCompression``), the bytes on the wire are worked
out by compressing the same payloads the way the server's websockets library does (the
negotiated window, uvicorn's memory level, one compressor kept across messages), plus each
frame's header; without it, the wire carries the payloads plus frame headers.
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

from deploy.ws_client import chart_figure, is_chart

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
#: Chrome DevTools' network presets (devtools-frontend, front_end/core/sdk/NetworkManager.ts): bytes/s, ms.
THROTTLE = {
    "fast4g": {"downloadThroughput": 9 * 1000 * 1000 / 8 * 0.9, "uploadThroughput": 1.5 * 1000 * 1000 / 8 * 0.9,
               "latency": 60 * 2.75},
    "slow4g": {"downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9, "uploadThroughput": 750 * 1000 / 8 * 0.9,
               "latency": 150 * 3.75},
}
#: Every visit's browser context. bypass_csp: the deployment's Content-Security-Policy (nginx) forbids
#: eval, which Playwright's wait_for_function uses for its polling; the page itself loads the same.
CONTEXT = {"viewport": {"width": 1400, "height": 1000}, "bypass_csp": True}
FILTER_LABEL = "Orders shown as"
FILTER_CHOICE = "per 100,000 residents"
#: a second change, once the page is in its steady state (every widget already shown once as it is)
FILTER_CHOICE2 = "count"
TIMEOUT_MS = 180_000
QUIET_S = 0.6  # no frame for this long (and no running indicator) = the run's messages have all arrived

def drawn_watch(selector: str = ".js-plotly-plot .choroplethlayer", maps: int = 2) -> str:
    """Sets window.__benchDrawn when ``maps`` choropleth layers have paths (and Streamlit is not running)."""
    return """(() => {
  const ready = () => {
    const layers = document.querySelectorAll('__SELECTOR__');
    return layers.length >= __MAPS__ && [...layers].every(l => l.querySelector('path'))
      && !document.querySelector('[data-testid=stStatusWidget]');
  };
  const tick = () => { if (ready()) { window.__benchDrawn = performance.now(); return; } requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();""".replace("__MAPS__", str(maps)).replace("__SELECTOR__", selector)


DRAWN_WATCH = drawn_watch()
#: the static site's map page: one plotly map, no Streamlit
STATIC_DRAWN_WATCH = drawn_watch(maps=1)

CHANGE_WATCH = """() => {
  const fills = () => [...document.querySelectorAll('.js-plotly-plot')].map(
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
    except Exception:  # noqa: BLE001 - not a ForwardMsg: no kind to report
        return None
    kind = msg.WhichOneof("type")
    if kind == "script_finished":
        return kind if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN else "finished_early"
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        el = msg.delta.new_element
        return "plotly_chart" if is_chart(el) else el.WhichOneof("type")
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
    spec = chart_figure(msg.delta.new_element)
    if not spec:
        return 0
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
    #: what permessage-deflate (server.enableWebsocketCompression) sends, or would send if it is off:
    #: each message raw-deflated with the window kept across messages, with the settings Streamlit's
    #: server (uvicorn's websockets-sansio) uses: a 4 KB window (server_max_window_bits=12), memLevel 5
    ws_deflated: int = 0
    # zlib._Compress: typeshed's name for what compressobj returns (zlib.Compress at runtime, not exported)
    _deflate: zlib._Compress = field(default_factory=lambda: zlib.compressobj(wbits=-12, memLevel=5))
    #: the websocket bytes on the wire, frame headers included (compressed payloads if negotiated)
    ws_wire: int = 0
    deflate_on: bool = False
    #: what the browser sent over the websocket (payloads: the rerun requests, with the hashes of the
    #: messages it has cached)
    ws_sent: int = 0
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
        self.ws = self.ws_frames = self.ws_deflated = self.ws_wire = self.ws_sent = 0
        self.http = self.geometry_http = self.geometry_inline = 0
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
        deflated = self._deflate.compress(data) + self._deflate.flush(zlib.Z_SYNC_FLUSH)
        if deflated.endswith(b"\x00\x00\xff\xff"):
            deflated = deflated[:-4]
        self.ws_deflated += len(deflated)
        payload = len(deflated) if self.deflate_on else len(data)
        self.ws_wire += payload + frame_header_bytes(payload)
        self.geometry_inline += inline_geometry_bytes(data) if r["opcode"] == 2 else 0
        self.last_frame = time.monotonic()
        if r["opcode"] == 2 and self.sent_at is not None and self.finished_at is None:
            kind = _kind(data)
            if kind == "script_finished":
                self.finished_at = e["timestamp"]
            elif kind == "plotly_chart" and self.chart_at is None:
                self.chart_at = e["timestamp"]

    def _sent(self, e) -> None:
        if e["response"]["opcode"] == 2:
            self.ws_sent += len(base64.b64decode(e["response"]["payloadData"]))
        if self.sent_at is not None or e["response"]["opcode"] != 2:
            return
        msg = BackMsg()
        try:
            msg.ParseFromString(base64.b64decode(e["response"]["payloadData"]))
        except Exception:  # noqa: BLE001 - not a BackMsg: not a rerun request to time
            return
        if msg.WhichOneof("type") == "rerun_script":
            self.sent_at = e["timestamp"]

    def _handshake(self, e) -> None:
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        ext = headers.get("sec-websocket-extensions", "") or "none"
        self.extensions.add(ext)
        if "permessage-deflate" in ext:
            params = dict(p.strip().partition("=")[::2] for p in ext.split(";")[1:])
            bits = int(params.get("server_max_window_bits") or 15)
            if "server_no_context_takeover" in params:
                raise RuntimeError(f"not modelled: {ext}")
            self.deflate_on = True
            self._deflate = zlib.compressobj(wbits=-bits, memLevel=5 if bits == 12 else 8)

    def snapshot(self) -> dict:
        return {"ws_bytes": self.ws, "ws_frames": self.ws_frames, "ws_deflated_bytes": self.ws_deflated,
                "ws_wire_bytes": self.ws_wire, "ws_sent_bytes": self.ws_sent,
                "http_bytes": self.http,
                "geometry_bytes": self.geometry_http + self.geometry_inline,
                "geometry_http_bytes": self.geometry_http, "geometry_inline_bytes": self.geometry_inline,
                "http_responses": [[u[-120:], b] for u, b in self.responses if b]}


def frame_header_bytes(payload: int) -> int:
    """A server-to-client websocket frame's header (unmasked): 2 bytes, plus 2 or 8 for a longer length."""
    return 2 + (0 if payload < 126 else 2 if payload < 65536 else 8)


def _settle(page, traffic: Traffic, timeout_s: float = TIMEOUT_MS / 1000) -> None:
    """Wait until the run is over: no running indicator and no websocket frame for QUIET_S."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        quiet = time.monotonic() - traffic.last_frame >= QUIET_S
        if quiet and not page.query_selector("[data-testid=stStatusWidget]"):
            return
    raise TimeoutError("the page did not settle")


def one_visit(browser, base_url: str, *, shot: Path | None = None, throttle: str | None = None,
              warm: bool = False) -> dict:
    """First view of the map page, then one filter change, in a fresh context (empty cache).

    ``throttle``: a network preset of ``THROTTLE`` for the whole visit. ``warm``: the page is
    opened once first (until its maps are drawn) and left, so the measured visit finds its files
    in the browser's cache, as a returning visitor's browser does.
    """
    context = browser.new_context(**CONTEXT)
    try:
        page = context.new_page()
        page.add_init_script(DRAWN_WATCH)
        cdp = context.new_cdp_session(page)
        traffic = Traffic()
        traffic.attach(cdp)
        if throttle:
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **THROTTLE[throttle]})
        if warm:
            page.goto(base_url + "/", timeout=TIMEOUT_MS)
            page.wait_for_function("window.__benchDrawn !== undefined", timeout=TIMEOUT_MS, polling=100)
            _settle(page, traffic)
            page.goto("about:blank")
            traffic.reset()
        page.goto(base_url + "/", timeout=TIMEOUT_MS)
        page.wait_for_function("window.__benchDrawn !== undefined", timeout=TIMEOUT_MS, polling=50)
        first_ms = page.evaluate("window.__benchDrawn")
        _settle(page, traffic)
        first = traffic.snapshot()
        if shot:
            page.screenshot(path=str(shot.with_name(shot.stem + "_first.png")), full_page=False)

        def since_sent(at):
            return (at - traffic.sent_at) * 1000 if at and traffic.sent_at else None

        changes = {}
        for name, choice in (("filter_change", FILTER_CHOICE), ("filter_change2", FILTER_CHOICE2)):
            traffic.reset()
            page.evaluate(CHANGE_WATCH)
            radio = page.locator("[data-testid=stSidebar] [data-testid=stRadio]").filter(has_text=FILTER_LABEL)
            radio.get_by_text(choice, exact=True).click(timeout=TIMEOUT_MS)
            page.wait_for_function("window.__bench.t1 !== null", timeout=TIMEOUT_MS, polling=50)
            changes[f"{name}_ms"] = page.evaluate("window.__bench.t1 - window.__bench.t0")
            _settle(page, traffic)
            changes |= {f"{name}_{k}": v for k, v in traffic.snapshot().items()}
            changes[f"{name}_server_ms"] = since_sent(traffic.finished_at)
            changes[f"{name}_map_message_ms"] = since_sent(traffic.chart_at)
            if shot and name == "filter_change":
                page.screenshot(path=str(shot.with_name(shot.stem + "_change.png")), full_page=False)

        return {"first_view_ms": first_ms, **changes,
                **{f"first_view_{k}": v for k, v in first.items()},
                "ws_extensions": sorted(traffic.extensions), "throttle": throttle or "", "warm": warm}
    finally:
        context.close()


def static_visit(browser, page_url: str, *, throttle: str | None = None, warm: bool = False) -> dict:
    """The static site's map page (plotly.js from a file, no Streamlit): to its map drawn, and the bytes."""
    context = browser.new_context(**CONTEXT)
    try:
        page = context.new_page()
        page.add_init_script(STATIC_DRAWN_WATCH)
        cdp = context.new_cdp_session(page)
        traffic = Traffic()
        traffic.attach(cdp)
        if throttle:
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **THROTTLE[throttle]})
        if warm:
            page.goto(page_url, timeout=TIMEOUT_MS)
            page.wait_for_function("window.__benchDrawn !== undefined", timeout=TIMEOUT_MS, polling=100)
            page.goto("about:blank")
            traffic.reset()
        page.goto(page_url, timeout=TIMEOUT_MS, wait_until="load")
        page.wait_for_function("window.__benchDrawn !== undefined", timeout=TIMEOUT_MS, polling=50)
        first_ms = page.evaluate("window.__benchDrawn")
        page.wait_for_timeout(int(QUIET_S * 1000))
        first = traffic.snapshot()
        return {"first_view_ms": first_ms, **{f"first_view_{k}": v for k, v in first.items()},
                "throttle": throttle or "", "warm": warm}
    finally:
        context.close()


def _chromium(p):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing (make chromium installs Debian's)")
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


def measure(base_url: str, repeats: int, *, shot: Path | None = None, throttle: str | None = None,
            warm: bool = False) -> list[dict]:
    """``repeats`` visits, each in its own fresh context of one headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _chromium(p)
        try:
            return [one_visit(browser, base_url, shot=shot if i == 0 else None, throttle=throttle, warm=warm)
                    for i in range(repeats)]
        finally:
            browser.close()


def measure_static(page_url: str, repeats: int, *, throttle: str | None = None, warm: bool = False) -> list[dict]:
    """``repeats`` visits of a static map page, each in its own fresh context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _chromium(p)
        try:
            return [static_visit(browser, page_url, throttle=throttle, warm=warm) for _ in range(repeats)]
        finally:
            browser.close()
