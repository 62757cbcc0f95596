"""Where the first view's time goes: a DevTools trace of one visit to the map page, broken down.

    .venv/bin/python -m bench.trace                       # the app on its own server, 3 traced visits
    .venv/bin/python -m bench.trace --url http://127.0.0.1:8080   # an app already running (e.g. behind nginx)
    .venv/bin/python -m bench.trace --throttle fast4g --save trace.json   # a phone on 4G; keep the raw trace

Headless Chromium records a performance trace (the DevTools protocol's ``Tracing`` domain, the
categories the DevTools Performance panel records) while the DevTools ``Network`` domain reports
every HTTP response and websocket frame. One visit is one fresh browser context (empty cache)
opening the map page until both maps are drawn. Two things come out of each visit:

- **milestones**, in ms from navigation start: the HTML; the last of Streamlit's start-up files;
  the websocket opened; the first script run asked for and its first and last messages; the
  plotly.js chunk fetched and run; the geometry fetched; the first contentful paint; both maps drawn;
- **main-thread time** of the page's renderer between navigation and both maps drawn, split the way
  the Performance panel does (self time of each trace event, by kind), with script time split by
  the file it ran from (Streamlit's bundle, the plotly.js chunk, the rest), and the time the main
  thread was idle (waiting for the network or the server).

The trace is what the breakdown in bench/README.md was read from.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import browser as bbrowser
from bench.trace_breakdown import analyse, median_report
from bench.trace_recorder import Recorder

#: The Performance panel's categories (without the CPU profiler's samples, which make a trace huge).
CATEGORIES = ["-*", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8",
              "blink.user_timing", "loading", "toplevel", "disabled-by-default-devtools.timeline.frame",
              "latencyInfo", "blink.console", "disabled-by-default-v8.cpu_profiler"]

THROTTLE = bbrowser.THROTTLE

def visit(pw_browser, url: str, *, throttle: str | None = None, warm: bool = False, save: Path | None = None) -> dict:
    """One traced visit; ``warm`` loads the page once first in the same context (cached files)."""
    context = pw_browser.new_context(**bbrowser.CONTEXT)
    try:
        page = context.new_page()
        page.add_init_script(bbrowser.DRAWN_WATCH)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        if throttle:
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **THROTTLE[throttle]})
        if warm:
            page.goto(url, timeout=bbrowser.TIMEOUT_MS)
            page.wait_for_function("window.__benchDrawn !== undefined", timeout=bbrowser.TIMEOUT_MS, polling=100)
            page.goto("about:blank")
        rec = Recorder()
        rec.attach(cdp)
        events: list[dict] = []
        done = {"v": False}
        cdp.on("Tracing.dataCollected", lambda e: events.extend(e["value"]))
        cdp.on("Tracing.tracingComplete", lambda e: done.__setitem__("v", True))
        cdp.send("Tracing.start", {"traceConfig": {"includedCategories": [c for c in CATEGORIES if c != "-*"],
                                                   "excludedCategories": ["*"]},
                                   "transferMode": "ReportEvents"})
        page.goto(url, timeout=bbrowser.TIMEOUT_MS)
        page.wait_for_function("window.__benchDrawn !== undefined", timeout=bbrowser.TIMEOUT_MS, polling=50)
        drawn = page.evaluate("window.__benchDrawn")
        nav_wall = page.evaluate("performance.timeOrigin") / 1000
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        page.wait_for_timeout(300)
        cdp.send("Tracing.end")
        deadline = time.monotonic() + 60
        while not done["v"] and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        if save:
            save.write_text(json.dumps({"traceEvents": events}))
        return analyse(events, rec, drawn, fcp, nav_wall, url)
    finally:
        context.close()



def run(url: str, repeats: int, *, throttle: str | None = None, warm: bool = False,
        save: Path | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=bbrowser.CHROMIUM, args=bbrowser.CHROMIUM_FLAGS)
        try:
            return [visit(b, url, throttle=throttle, warm=warm, save=save if i == 0 else None) for i in range(repeats)]
        finally:
            b.close()


def print_report(title: str, rep: dict) -> None:
    print(f"\n{title}")
    print("  milestones (ms from navigation start, median):")
    for k, v in rep["milestones_ms"].items():
        print(f"    {k:48} {'-' if v is None else f'{v:,.0f}':>8}")
    print("  main thread until both maps drawn (ms of self time, median):")
    for k, v in rep["main_thread_ms"].items():
        print(f"    {k:48} {'-' if v is None else f'{v:,.0f}':>8}")
    print("  main thread until both maps drawn (ms of self CPU time, median):")
    for k, v in rep["main_thread_cpu_ms"].items():
        print(f"    {k:48} {'-' if v is None else f'{v:,.0f}':>8}")
    print("  JavaScript by file, from the CPU profiler's samples (ms, median):")
    for k, v in rep["js_by_file_ms"].items():
        print(f"    {k:48} {'-' if v is None else f'{v:,.0f}':>8}")
    print(f"  HTTP bytes {rep['http_bytes']:,.0f}; websocket bytes {rep['ws_bytes_first_view']:,.0f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="an app already running (default: start dashboard.py on a free port)")
    ap.add_argument("--script", default="dashboard.py", help="the app to start when --url is not given")
    ap.add_argument("--cwd", type=Path, default=None, help="the project folder to start it in (another checkout)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--throttle", choices=sorted(THROTTLE))
    ap.add_argument("--warm", action="store_true",
                    help="load the page once first in the same context (cached files)")
    ap.add_argument("--server-arg", action="append", default=[])
    ap.add_argument("--save", type=Path,
                    help="write the first visit's raw trace (open it in DevTools' Performance panel)")
    ap.add_argument("--json", type=Path, help="write every visit's breakdown here")
    args = ap.parse_args(argv)
    from bench import load, servers
    from bench.run import loadavg

    def go(url):
        print(f"load average {loadavg()}", file=sys.stderr)
        visits = run(url, args.repeats, throttle=args.throttle, warm=args.warm, save=args.save)
        print(f"load average {loadavg()}", file=sys.stderr)
        return visits

    if args.url:
        visits = go(args.url.rstrip("/") + "/")
    else:
        with servers.server(args.script, args=args.server_arg, cwd=args.cwd or servers.ROOT) as (base, proc):
            if args.script == servers.APP:
                load.run(base, proc.pid, 1, changes=0, think=(0, 0))  # the data loaded, as in the bench
            visits = go(base + "/")
    rep = median_report(visits)
    print_report(f"{args.url or args.script}: {args.repeats} traced visits"
                 + (f", throttled {args.throttle}" if args.throttle else "")
                 + (", warm cache" if args.warm else ""), rep)
    print("  largest responses (first visit):", *visits[0]["largest_responses"], sep="\n    ")
    if args.json:
        args.json.write_text(json.dumps({"visits": visits, "median": rep}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
