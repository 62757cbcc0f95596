"""The breakdown of one traced visit (bench/trace.py records it): milestones in ms from navigation start,
the page renderer's main-thread time by kind (self time of each trace event, wall and CPU) with script time
split by the file it ran from, JavaScript time by file from V8's CPU profiler samples; and medians over visits.
"""
from __future__ import annotations

import json
import statistics
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.trace_recorder import Recorder

#: trace event name -> kind (self time is counted under the kind of the event it was spent in)
KINDS = {
    "script": {"EvaluateScript", "FunctionCall", "TimerFire", "FireAnimationFrame", "EventDispatch",
               "RunMicrotasks", "v8.run", "V8.Execute", "v8.callFunction", "v8.evaluateModule", "XHRReadyStateChange",
               "XHRLoad", "FireIdleCallback", "RequestAnimationFrame", "ResourceReceivedData", "WebSocketReceive",
               "ScheduleStyleRecalculation", "InvalidateLayout", "V8Console::runTask"},
    "script compile": {"v8.compile", "v8.compileModule", "V8.CompileCode", "v8.produceCache", "v8.produceModuleCache",
                       "CacheScript", "v8.deserializeOnBackground", "V8.CompileLazy", "v8.parseOnBackground",
                       "v8.compileModuleScript", "V8.ParseFunction", "V8.ParseProgram", "v8.wasm.compiledModule",
                       "v8.wasm.streamFromResponseCallback"},
    "garbage collection": {"MinorGC", "MajorGC", "V8.GCScavenger", "V8.GCIncrementalMarking", "V8.GCFinalizeMC",
                           "V8.GCCompactor", "BlinkGC.AtomicPhase", "ThreadState::performIdleLazySweep",
                           "V8.GCIncrementalMarkingStart", "V8.GCIncrementalMarkingFinalize", "GCEvent",
                           "BlinkGC.CompleteSweep", "BlinkGC.LazySweepInIdle", "CppGC.AtomicMark"},
    "style and layout": {"UpdateLayoutTree", "RecalculateStyles", "Layout", "UpdateLayerTree", "HitTest",
                         "ParseAuthorStyleSheet", "IntersectionObserverController::computeIntersections",
                         "LayoutShift"},
    "paint and composite": {"Paint", "PrePaint", "Layerize", "Commit", "CompositeLayers", "RasterTask", "Decode Image",
                            "PaintImage", "UpdateLayer", "ImageDecodeTask", "Draw Frame", "BeginFrame",
                            "BeginMainThreadFrame", "ScrollLayer", "PaintSetup", "Rasterize"},
    "HTML parsing": {"ParseHTML"},
}
KIND_OF = {name: kind for kind, names in KINDS.items() for name in names}


#: Streamlit's lazily loaded chunks, by file name stem (the rest is its core bundle)
CHUNKS = [("DataFrame", "table (DataFrame chunk)"), ("arrowFormatUtils", "table (arrow)"),
          ("recordbatch", "table (arrow)"), ("StreamlitSyntaxHighlighter", "code blocks (syntax highlighter)"),
          ("index.", "Streamlit's core bundle"), ("react-dom", "Streamlit's core bundle"),
          ("protobuf", "Streamlit's core bundle"), ("StreamlitMarkdown", "markdown"), ("rehype-raw", "markdown")]


def _main_thread(events: list[dict], url_host: str) -> tuple[int, int]:
    """(pid, tid) of the renderer main thread that loaded our page."""
    names = {(e["pid"], e["tid"]): e["args"].get("name") for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    mains = [k for k, v in names.items() if v == "CrRendererMain"]
    best, score = None, -1
    for key in mains:
        n = sum(1 for e in events if (e["pid"], e["tid"]) == key and e.get("name") in ("ParseHTML", "EvaluateScript")
                and url_host in json.dumps(e.get("args", {}))[:2000])
        if n > score:
            best, score = key, n
    if best is None:
        raise RuntimeError("no renderer main thread in the trace")
    return best


def _complete(events: list[dict], key: tuple[int, int]) -> list[dict]:
    """The thread's duration events as complete ('X') events, sorted by start then longest first."""
    out, stacks = [], defaultdict(list)
    for e in events:
        if (e.get("pid"), e.get("tid")) != key:
            continue
        ph = e.get("ph")
        if ph == "X" and "dur" in e:
            out.append(e)
        elif ph == "B":
            stacks[e["name"]].append(e)
        elif ph == "E" and stacks[e["name"]]:
            b = stacks[e["name"]].pop()
            out.append({**b, "ph": "X", "dur": e["ts"] - b["ts"], "args": {**b.get("args", {}), **e.get("args", {})}})
    out.sort(key=lambda e: (e["ts"], -e["dur"]))
    return out


def _url_of(e: dict) -> str:
    a = e.get("args", {})
    d = a.get("data") or a.get("beginData") or {}
    return d.get("url") or d.get("stackTrace", [{}])[0].get("url", "") if isinstance(d, dict) else ""


def self_times(events: list[dict], key: tuple[int, int], t0: float, t1: float, classify_url) -> dict:
    """Self time (ms) per kind between t0 and t1 (trace µs), wall and CPU, with script split by file.

    Wall time counts while the thread was descheduled too (on a busy machine, most of it); CPU time
    is the events' thread time (``tdur``), which a busy machine inflates far less.
    """
    xs = [e for e in _complete(events, key) if e["ts"] < t1 and e["ts"] + e["dur"] > t0]
    wall: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    busy = busy_cpu = 0.0
    stack: list[list] = []  # [event, end, kind, url_class, child_wall, child_cpu]

    def clip(e) -> tuple[float, float]:
        d = max(0.0, min(e["ts"] + e["dur"], t1) - max(e["ts"], t0))
        share = d / e["dur"] if e["dur"] else 0.0
        return d, e.get("tdur", 0) * share

    def close(item) -> None:
        e, end, kind, ucls, child_w, child_c = item
        w, c = clip(e)
        label = ("other (task overhead)" if kind is None else f"{kind}: {ucls}" if kind.startswith("script")
                 else kind)
        wall[label] += max(0.0, w - child_w)
        cpu[label] += max(0.0, c - child_c)

    for e in xs:
        end = e["ts"] + e["dur"]
        while stack and stack[-1][1] <= e["ts"]:
            close(stack.pop())
        parent = stack[-1] if stack else None
        kind = KIND_OF.get(e["name"])
        url = _url_of(e)
        ucls = classify_url(url) if url else (parent[3] if parent else "other")
        if kind is None and parent is not None:
            kind = parent[2]
        w, c = clip(e)
        if parent is not None:
            parent[4] += w
            parent[5] += c
        else:
            busy += w
            busy_cpu += c
        stack.append([e, end, kind, ucls, 0.0, 0.0])
    while stack:
        close(stack.pop())
    out = {"wall": {k: round(v / 1000, 1) for k, v in sorted(wall.items(), key=lambda kv: -kv[1]) if v >= 500},
           "cpu": {k: round(v / 1000, 1) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]) if v >= 500}}
    out["wall"]["busy (all of the above)"] = round(busy / 1000, 1)
    out["wall"]["idle (waiting for network, server or timers)"] = round(((t1 - t0) - busy) / 1000, 1)
    out["cpu"]["busy (all of the above)"] = round(busy_cpu / 1000, 1)
    return out


def js_by_file(events: list[dict], key: tuple[int, int], t0: float, t1: float, classify_url) -> dict:
    """JavaScript time (ms) by file between t0 and t1 (trace µs), from V8's CPU profiler samples.

    Module evaluation (``v8.evaluateModule``) carries no URL in the trace; the samples do: each
    sample's interval is counted under the file of the function on top of the stack (the
    profiler's own "(program)", "(garbage collector)" and "(idle)" are kept apart).
    """
    pid, tid = key
    profiles = {e["id"]: e for e in events if e.get("name") == "Profile" and e.get("pid") == pid
                and e.get("tid") == tid}
    if not profiles:
        return {}
    nodes: dict = {}
    out: dict[str, float] = defaultdict(float)
    for pid_ in profiles:
        t = profiles[pid_]["args"]["data"].get("startTime", 0)
        chunks = sorted((e for e in events if e.get("name") == "ProfileChunk" and e.get("id") == pid_),
                        key=lambda e: e["ts"])
        samples: list[tuple[float, int]] = []
        for c in chunks:
            d = c["args"]["data"]
            for n in d.get("cpuProfile", {}).get("nodes", []):
                nodes[(pid_, n["id"])] = n["callFrame"]
            for sid, delta in zip(d.get("cpuProfile", {}).get("samples", []), d.get("timeDeltas", []), strict=True):
                t += delta
                samples.append((t, sid))
        for (ta, sid), (tb, _) in zip(samples, samples[1:], strict=False):  # each sample and the next
            if tb <= t0 or ta >= t1:
                continue
            frame = nodes.get((pid_, sid), {})
            name = frame.get("functionName", "")
            url = frame.get("url", "")
            label = (name if name in ("(program)", "(garbage collector)", "(idle)", "(root)") else
                     classify_url(url) if url else "(native or no file)")
            out[label] += min(tb, t1) - max(ta, t0)
    return {k: round(v / 1000, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1]) if v >= 500}


def _classifier(rec: Recorder):
    """What a URL is: plotly.js (Streamlit's PlotlyChart.*.js chunk, or the geo bundle the app's maps load from
    /app/static/vendor/), another of Streamlit's chunks, the page."""
    js = [r for r in rec.requests.values() if r["url"].split("?")[0].endswith(".js")]
    named = [r for r in js if r["url"].split("?")[0].rsplit("/", 1)[-1].startswith(("PlotlyChart", "plotly-geo"))]
    plotly = (named or sorted(js, key=lambda r: -r.get("bytes", 0)) or [{"url": ""}])[0]["url"]

    def classify(url: str) -> str:
        if not url:
            return "other"
        if url == plotly:
            return "plotly.js chunk"
        name = url.split("?")[0].rsplit("/", 1)[-1]
        for stem, label in CHUNKS:
            if name.startswith(stem):
                return label
        if "/static/" in url and "/app/static/" not in url:
            return "Streamlit's other files"
        return "page and other"
    return classify, plotly


def analyse(events: list[dict], rec: Recorder, drawn_ms: float, fcp_ms: float | None, nav_wall: float,
            url: str) -> dict:
    """Milestones (ms from navigation start) and main-thread time by kind."""
    doc = next((r for r in rec.requests.values() if r["type"] == "Document"), None)
    if doc is None:
        raise RuntimeError("no document request seen")
    # DevTools network timestamps and performance.now() share no origin: align on the document request,
    # whose wall time and monotonic time are both known (navigation start is within ~1 ms of it).
    t0 = doc["start"] - (doc["wall"] - nav_wall) if doc.get("wall") else doc["start"]

    def ms(t):
        return None if t is None else round((t - t0) * 1000, 1)

    classify, plotly_url = _classifier(rec)
    reqs = sorted(rec.requests.values(), key=lambda r: r["start"])
    ws_open = rec.ws.get("open")
    startup = [r for r in reqs if ws_open is None or r["start"] <= ws_open]
    # Streamlit's start-up files: its core bundle and the other files it fetched before the websocket opened.
    startup_js = [r for r in startup if classify(r["url"]) in ("Streamlit's core bundle", "Streamlit's other files")
                  and r.get("end")]
    geo = [r for r in reqs if r["url"].split("?")[0].endswith(".geojson")]
    plotly = next((r for r in reqs if r["url"] == plotly_url), None)
    rerun = next((t for t, kind in rec.sent if kind == "rerun_script"), None)
    after = [f for f in rec.frames if rerun is not None and f[0] >= rerun]
    first_chart = next((t for t, k, _ in after if k == "plotly_chart"), None)
    finished = next((t for t, k, _ in after if k == "script_finished"), None)
    milestones = {
        "HTML received": ms(doc.get("end")),
        "Streamlit's start-up files received (last)": ms(max((r["end"] for r in startup_js), default=None)),
        "websocket opened": ms(ws_open),
        "first script run asked for (rerun sent)": ms(rerun),
        "first message of the run": ms(after[0][0] if after else None),
        "first map's message": ms(first_chart),
        "script_finished": ms(finished),
        "plotly.js chunk requested": ms(plotly["start"] if plotly else None),
        "plotly.js chunk received": ms(plotly.get("end") if plotly else None),
        "geometry requested": ms(min((r["start"] for r in geo), default=None)),
        "geometry received": ms(max((r.get("end", 0) for r in geo), default=None)),
        "first contentful paint": round(fcp_ms, 1) if fcp_ms else None,
        "both maps drawn": round(drawn_ms, 1),
    }
    # Trace timestamps (µs) share the monotonic clock of the network events (seconds).
    key = _main_thread(events, url.split("//")[1].split("/")[0])
    main = self_times(events, key, t0 * 1e6, t0 * 1e6 + drawn_ms * 1000, classify)
    js = js_by_file(events, key, t0 * 1e6, t0 * 1e6 + drawn_ms * 1000, classify)
    http = [r for r in reqs if r.get("end")]
    return {
        "milestones_ms": milestones,
        "main_thread_ms": main["wall"],
        "main_thread_cpu_ms": main["cpu"],
        "js_by_file_ms": js,
        "http_bytes": sum(r.get("bytes", 0) for r in http),
        "http_requests": len(http),
        "ws_bytes_first_view": sum(b for t, _, b in rec.frames if t <= t0 + drawn_ms / 1000),
        "ws_extensions": rec.ws.get("extensions", ""),
        "plotly_url": plotly_url[-80:], "plotly_bytes": plotly.get("bytes") if plotly else None,
        "largest_responses": [[r["url"].split("/")[-1][:60], r.get("bytes", 0), r.get("encoding", ""),
                               ms(r["start"]), ms(r.get("end"))]
                              for r in sorted(http, key=lambda r: -r.get("bytes", 0))[:12]],
    }


def median_report(visits: list[dict]) -> dict:
    """Medians over visits of every milestone and main-thread figure."""
    def med(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 1) if values else None
    out: dict[str, object] = {"milestones_ms": {}, "main_thread_ms": {}, "main_thread_cpu_ms": {}, "js_by_file_ms": {}}
    for part in out:
        keys = list(dict.fromkeys(k for v in visits for k in v[part]))
        out[part] = {k: med([v[part].get(k) for v in visits]) for k in keys}
    out["http_bytes"] = med([v["http_bytes"] for v in visits])
    out["ws_bytes_first_view"] = med([v["ws_bytes_first_view"] for v in visits])
    return out
