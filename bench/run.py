"""The dashboard's performance as its users feel it, beside a naive baseline, against its budget.

    .venv/bin/python -m bench.run            # full run (make bench); --quick for a smoke run

Prints one table of medians (app, naive baseline, app/baseline, budget) and writes every
figure and raw sample as JSON to bench/results/ (git-ignored). Sections:

1. server time per run of each page's script (every page dashboard.py registers), cold (first
   session in a fresh process) and warm (a filter change on the map page, a rerun elsewhere);
2. bytes the app's websocket sends to the browser for the map page's first view and one filter
   change, the HTTP bytes beside them, and the geometry's share;
3. time in headless Chromium from navigation to both maps drawn, and from a click to redrawn maps;
   then the first view again as a returning visitor (files cached), on a phone's 4G network
   (DevTools' "Fast 4G" preset, cold and warm cache), and through the deployment's nginx
   (deploy/: gzip, caching, limits), cold on a plain network and on 4G;
4. N simultaneous websocket sessions changing filters: latency, errors, server memory and CPU;
5. the same for bench/baseline_app.py, run as its own server, side by side;
6. the floor: the static site's map page (python -m spodash.publish.static_site), plotly.js from a plain
   file server, and through the same nginx.

Load average is recorded at the start and end: timings on a busy machine are not representative.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import browser, load, server_time, servers
from bench.servers import ROOT

RESULTS = ROOT / "bench" / "results"
KB, MB = 1000, 1000 * 1000
#: the budget (2-core machine, medians); keys of FIGURES, "lt" = must be below
BUDGET = {
    "server.warm_ms.map": 100,
    "bytes.ws_first_view": 300 * KB,
    "bytes.ws_filter_change": 150 * KB,
    "browser.filter_change_ms": 350,
    "bytes.ws_filter_change_wire": 15 * KB,
    "bytes.http_first_view_nginx": 3 * MB,
    "load.50.change_p95_ms": 1500,
    "load.50.errors": 1,  # below 1 = none
    "load.50.peak_rss_mb": 1000,
}

#: budgets as a ratio to the baseline measured in the same run (app/baseline must be at most this)
RATIO_BUDGET = {"browser.first_view_ms": 0.7}
#: the phone and deployment variations of the first view: figure suffix -> (throttle, warm cache)
PHONE = {"warm": (None, True), "4g": ("fast4g", False), "4g_warm": ("fast4g", True)}
#: the static site's page that draws the default view's orders map (SPO granted per 100 stalking offences)
STATIC_PAGE = "maps/spo-granted-per-100-stalking-offences-2020-21.html"
STATIC_FORCE = "E23000013"  # the one force briefing the floor's export writes (the maps do not need more)


#: Both servers start in the project folder and so read its .streamlit/config.toml; the baseline
#: keeps Streamlit's defaults for the performance settings there, as a tutorial app would: a full
#: garbage collection after every run, no websocket compression, messages re-sent under 10 KB.
BASELINE_SERVER_ARGS = ["--runner.postScriptGC=true", "--server.enableWebsocketCompression=false",
                        "--global.minCachedMessageSize=10000"]


def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def p95(xs: list[float]) -> float | None:
    if not xs:
        return None
    if len(xs) == 1:
        return xs[0]
    return statistics.quantiles(xs, n=20, method="inclusive")[18]


def in_ms(stat: Callable[[list[float]], float | None], xs: list[float]) -> list[float]:
    """``stat`` of samples in seconds, in ms, as a figure's one value (no value if there are no samples)."""
    value = stat(xs)
    return [] if value is None else [value * 1000]


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


LOADAVG_SAMPLES: list[list[str]] = []  # [time, load average] at every step logged


def log(msg: str) -> None:
    now, load_ = time.strftime('%H:%M:%S'), loadavg()
    LOADAVG_SAMPLES.append([now, load_, msg[:80]])
    print(f"[{now} load {load_}] {msg}", file=sys.stderr, flush=True)


# ---- sections ---------------------------------------------------------------------------------
def server_section(repeats: int, cold_repeats: int, cold_jobs: int = 1) -> tuple[dict, dict]:
    """{figure: {"app": [...samples], "baseline": [...]}} for every page, and the page list."""
    pages = server_time.discover_pages(servers.APP)
    base_page = server_time.discover_pages(servers.BASELINE)[0]
    figures: dict[str, dict] = {}
    for page in pages:
        log(f"server time, warm: {page.url_path} x{repeats}")
        wall, cpu = server_time.warm(servers.APP, page, repeats)
        figures[f"server.warm_ms.{page.url_path}"] = {"app": [s * 1000 for s in wall]}
        figures[f"server.warm_cpu_ms.{page.url_path}"] = {"app": [s * 1000 for s in cpu]}
    default = next(p for p in pages if p.default)
    log(f"server time, warm, no view cached: {default.url_path} x{repeats}")
    from spodash.ui import cache

    wall, cpu = server_time.warm(servers.APP, default, repeats, before_each=cache.forget_map_views)
    figures[f"server.warm_uncached_ms.{default.url_path}"] = {"app": [s * 1000 for s in wall]}
    figures[f"server.warm_uncached_cpu_ms.{default.url_path}"] = {"app": [s * 1000 for s in cpu]}
    log("server time, warm: baseline")
    wall, cpu = server_time.warm(servers.BASELINE, base_page, repeats)
    figures[f"server.warm_ms.{default.url_path}"]["baseline"] = [s * 1000 for s in wall]
    figures[f"server.warm_cpu_ms.{default.url_path}"]["baseline"] = [s * 1000 for s in cpu]
    log(f"server time, cold: {len(pages)} pages and the baseline x{cold_repeats}, each in a fresh process")
    cold = server_time.cold([(servers.APP, p) for p in pages] + [(servers.BASELINE, base_page)], cold_repeats,
                            jobs=cold_jobs)
    for page, samples in zip(pages, cold[:-1], strict=True):
        figures[f"server.cold_ms.{page.url_path}"] = {"app": [s * 1000 for s in samples]}
    figures[f"server.cold_ms.{default.url_path}"]["baseline"] = [s * 1000 for s in cold[-1]]
    return figures, {"pages": [p.__dict__ for p in pages], "baseline_page": base_page.__dict__}


def _visit_figures(visits: list[dict], suffix: str = "", change: bool = True) -> dict[str, list]:
    """browser.* and bytes.* figures of a set of visits; ``suffix`` names the variation (e.g. "_4g")."""
    figures: dict[str, list] = {}
    keys = [("first_view_ms", "first_view_ms")]
    if change:
        keys += [("filter_change_ms", "filter_change_ms"),
                 ("filter_change_map_message_ms", "filter_change_map_message_ms"),
                 ("filter_change_server_ms", "filter_change_server_ms"), ("filter_change2_ms", "filter_change2_ms")]
    for name, key in keys:
        figures[f"browser.{name.replace('_ms', '')}{suffix}_ms"] = [v[key] for v in visits if v.get(key) is not None]
    for view in ("first_view", "filter_change", "filter_change2") if change else ("first_view",):
        figures[f"bytes.ws_{view}{suffix}"] = [v[f"{view}_ws_bytes"] for v in visits]
        figures[f"bytes.ws_{view}{suffix}_wire"] = [v[f"{view}_ws_wire_bytes"] for v in visits]
        if not suffix:
            figures[f"bytes.ws_{view}_sent"] = [v[f"{view}_ws_sent_bytes"] for v in visits]
        figures[f"bytes.http_{view}{suffix}"] = [v[f"{view}_http_bytes"] for v in visits]
        if not suffix:
            if view != "filter_change2":
                figures[f"bytes.ws_{view}_if_deflated"] = [v[f"{view}_ws_deflated_bytes"] for v in visits]
                figures[f"bytes.geometry_{view}"] = [v[f"{view}_geometry_bytes"] for v in visits]
    return figures


def phone_and_nginx(base: str, port: int, repeats: int, raw: dict, script: str) -> dict[str, list]:
    """The first view as a returning visitor, on 4G (cold and warm cache), and through nginx."""
    figures: dict[str, list] = {}
    for suffix, (throttle, warm) in PHONE.items():
        log(f"{script}: browser x{repeats}, {throttle or 'no throttling'}, {'warm' if warm else 'cold'} cache")
        visits = browser.measure(base, repeats, throttle=throttle, warm=warm)
        raw[f"browser_{suffix}"] = visits
        figures |= _visit_figures(visits, f"_{suffix}", change=suffix == "4g")
    with servers.nginx_front([port]) as front:
        for suffix, throttle in (("nginx", None), ("nginx_4g", "fast4g")):
            log(f"{script}: browser x{repeats} through nginx, {throttle or 'no throttling'}, cold cache")
            visits = browser.measure(front, repeats, throttle=throttle)
            raw[f"browser_{suffix}"] = visits
            figures |= _visit_figures(visits, f"_{suffix}", change=suffix == "nginx")
    return figures


def static_section(repeats: int, nginx_upstream: int) -> tuple[dict, dict]:
    """The floor: the static site's map page from a plain file server, and through nginx."""
    import tempfile

    figures: dict[str, list] = {}
    raw: dict = {}
    with tempfile.TemporaryDirectory(prefix="spodash-bench-static-") as tmp:
        site = Path(tmp) / "site"
        log("static site: python -m spodash.publish.static_site (maps, one force briefing)")
        subprocess.run([sys.executable, "-m", "spodash.publish.static_site", "--out", str(site),
                        "--forces", STATIC_FORCE], cwd=ROOT, check=True, capture_output=True, timeout=600)
        if os.geteuid() == 0:
            os.chmod(tmp, 0o755)  # nginx's workers read it as an unprivileged user
        with servers.file_server(site) as plain:
            for suffix, (throttle, warm) in {"": (None, False), **PHONE}.items():
                log(f"static page: x{repeats} from a plain file server, {throttle or 'no throttling'}, "
                    f"{'warm' if warm else 'cold'} cache")
                visits = browser.measure_static(f"{plain}/{STATIC_PAGE}", repeats, throttle=throttle, warm=warm)
                raw[f"browser{'_' + suffix if suffix else ''}"] = visits
                figures |= _visit_figures(visits, f"_{suffix}" if suffix else "", change=False)
        with servers.nginx_front([nginx_upstream], static_site_dir=site) as front:
            for suffix, throttle in (("nginx", None), ("nginx_4g", "fast4g")):
                log(f"static page: x{repeats} through nginx, {throttle or 'no throttling'}, cold cache")
                visits = browser.measure_static(f"{front}/static-site/{STATIC_PAGE}", repeats, throttle=throttle)
                raw[f"browser_{suffix}"] = visits
                figures |= _visit_figures(visits, f"_{suffix}", change=False)
    return figures, raw


def live_section(script: str, repeats: int, sessions: list[int], changes: int, think: tuple[float, float],
                 shot: Path | None, server_args: list[str] | None = None, prime_views: int = 0,
                 phone_repeats: int = 0, static_repeats: int = 0) -> tuple[dict, dict, dict, dict]:
    """Browser and concurrency figures for one app, on its own server (and, if ``static_repeats``,
    the static page's, with the app's server as nginx's upstream)."""
    figures: dict[str, list] = {}
    raw: dict = {}
    static_figures: dict = {}
    static_raw: dict = {}
    with servers.server(script, args=server_args) as (base, proc):
        port = int(base.rsplit(":", 1)[1])
        # one session first, so neither the browser nor a load level pays for the process's first data load
        load.run(base, proc.pid, 1, changes=0, think=(0, 0))
        if prime_views:
            log(f"{script}: opening {prime_views} distinct views first, as a server up for a day has seen")
            raw["prime"] = load.prime(base, prime_views)
            figures["load.prime_open_p50_ms"] = in_ms(median, raw["prime"]["seconds"])
            figures["load.prime_errors"] = [len(raw["prime"]["errors"])]
        log(f"{script}: browser x{repeats}")
        visits = browser.measure(base, repeats, shot=shot)
        raw["browser"] = visits
        figures |= _visit_figures(visits)
        if phone_repeats:
            figures |= phone_and_nginx(base, port, phone_repeats, raw, script)
        if static_repeats:
            static_figures, static_raw = static_section(static_repeats, port)
        raw["load"] = {}
        for n in sessions:
            log(f"{script}: {n} simultaneous sessions, 1 burst + {changes} paced changes each")
            r = load.run(base, proc.pid, n, changes=changes, think=think)
            raw["load"][n] = r
            figures[f"load.{n}.change_p50_ms"] = in_ms(median, r["change"])
            figures[f"load.{n}.change_p95_ms"] = in_ms(p95, r["change"])
            figures[f"load.{n}.burst_p50_ms"] = in_ms(median, r["burst"])
            figures[f"load.{n}.burst_p95_ms"] = in_ms(p95, r["burst"])
            figures[f"load.{n}.open_p50_ms"] = in_ms(median, r["open"])
            figures[f"load.{n}.open_p95_ms"] = in_ms(p95, r["open"])
            figures[f"load.{n}.errors"] = [len(r["errors"])]
            figures[f"load.{n}.peak_rss_mb"] = [r["peak_rss"] / MB]
            figures[f"load.{n}.server_cpu_s"] = [r["server_cpu_s"]]
    return figures, raw, static_figures, static_raw


# ---- the table ----------------------------------------------------------------------------------
def summarise(samples: dict[str, dict]) -> dict[str, dict]:
    out = {}
    for key, s in samples.items():
        app, base, static = median(s.get("app", [])), median(s.get("baseline", [])), median(s.get("static", []))
        ratio = app / base if app is not None and base not in (None, 0) else None
        row = {"app": app, "baseline": base, "ratio": ratio, "n": len(s.get("app", [])),
               "static": static, "ratio_static": app / static if app is not None and static else None}
        if key in BUDGET:
            row["budget"] = BUDGET[key]
            row["met"] = app is not None and app < BUDGET[key]
        if key in RATIO_BUDGET:
            row["ratio_budget"] = RATIO_BUDGET[key]
            row["met"] = ratio is not None and ratio <= RATIO_BUDGET[key] and row.get("met", True)
        out[key] = row
    return out


def _fmt(key: str, v) -> str:
    if v is None:
        return "-"
    if key.startswith("bytes."):
        return f"{v / KB:,.1f} KB"
    if key.endswith("_mb"):
        return f"{v:,.0f} MB"
    if key.endswith("_s"):
        return f"{v:,.1f} s"
    if key.endswith("errors"):
        return f"{v:.0f}"
    return f"{v:,.0f} ms"


def table(figures: dict[str, dict]) -> str:
    lines = [f"{'figure (median)':40} {'app':>12} {'baseline':>12} {'static':>12} {'app/base':>9} {'app/stat':>9} "
             f"{'budget':>12}  met"]
    for key, row in figures.items():
        ratio = f"{row['ratio']:.3f}" if row["ratio"] is not None else "-"
        rstatic = f"{row['ratio_static']:.3f}" if row.get("ratio_static") is not None else "-"
        budget = (("< " + _fmt(key, row["budget"])) if "budget" in row else
                  f"<= {row['ratio_budget']}x base" if "ratio_budget" in row else "")
        met = ("yes" if row["met"] else "NO") if "met" in row else ""
        lines.append(f"{key:40} {_fmt(key, row['app']):>12} {_fmt(key, row['baseline']):>12} "
                     f"{_fmt(key, row.get('static')):>12} {ratio:>9} {rstatic:>9} {budget:>12}  {met}")
    return "\n".join(lines)


def _git() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (medians over these)")
    parser.add_argument("--cold-repeats", type=int, help="fresh processes per page for cold times (default: --repeats)")
    parser.add_argument("--sessions", default="1,10,50", help="simultaneous session counts")
    parser.add_argument("--changes", type=int, default=3, help="paced filter changes per session (after the burst)")
    parser.add_argument("--think", default="5,15",
                        help="seconds a session pauses between paced changes: MIN,MAX (0,0 = back to back)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 repeat, 1 and 2 sessions, 1 paced change, no think time, "
                             "cold runs two at a time")
    parser.add_argument("--prime-views", type=int, default=128,
                        help="distinct map views the app's server is shown before the browser and load figures, so "
                             "they are taken in a steady state with its view cache full (128 = the cache's bound); "
                             "the baseline has no cache and is not primed")
    parser.add_argument("--server-arg", action="append", default=[], metavar="OPTION",
                        help="extra `streamlit run` option for the app's server (not the baseline's), to try a "
                             "setting: --server-arg=--runner.postScriptGC=true (repeatable)")
    parser.add_argument("--phone-repeats", type=int, default=3,
                        help="visits for each phone and nginx variation of the first view (0 = skip them)")
    parser.add_argument("--static-repeats", type=int, default=5,
                        help="visits of the static site's map page, the floor (0 = skip it)")
    parser.add_argument("--out", type=Path, help="JSON file to write (default bench/results/bench-<time>.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.cold_repeats, args.sessions, args.changes, args.think = 1, 1, "1,2", 1, "0,0"
        args.prime_views = min(args.prime_views, 3)
        args.phone_repeats = min(args.phone_repeats, 1)
        args.static_repeats = min(args.static_repeats, 1)
    sessions = [int(n) for n in args.sessions.split(",") if n.strip()]
    think_min, think_max = (float(x) for x in args.think.split(","))
    think = (think_min, think_max)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS / f"bench-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    meta = {"started": stamp, "loadavg_start": loadavg(), "cpus": os.cpu_count(), "python": platform.python_version(),
            "commit": _git(), "repeats": args.repeats, "cold_repeats": args.cold_repeats or args.repeats,
            "sessions": sessions, "changes_per_session": args.changes, "think_seconds": list(think),
            "prime_views": args.prime_views, "phone_repeats": args.phone_repeats,
            "static_repeats": args.static_repeats, "throttle": {"4g": browser.THROTTLE["fast4g"]},
            "app_server_args": args.server_arg,
            "units": "ms, bytes (KB = 1000 bytes), MB = 10^6 bytes of RSS"}
    log(f"benchmark starting; results will be written to {out}")
    samples, pages = server_section(args.repeats, args.cold_repeats or args.repeats, cold_jobs=2 if args.quick else 1)
    raw: dict = {"pages": pages}
    for side, script in (("app", servers.APP), ("baseline", servers.BASELINE)):
        shot = RESULTS / f"{side}-{stamp}.png" if not args.quick else None
        figures, raw[side], static_figures, static_raw = live_section(
            script, args.repeats, sessions, args.changes, think, shot,
            server_args=args.server_arg if side == "app" else BASELINE_SERVER_ARGS,
            prime_views=args.prime_views if side == "app" else 0, phone_repeats=args.phone_repeats,
            static_repeats=args.static_repeats if side == "app" else 0)
        for key, values in figures.items():
            samples.setdefault(key, {})[side] = values
        if static_raw:
            raw["static"] = static_raw
            for key, values in static_figures.items():
                samples.setdefault(key, {})["static"] = values
    meta["loadavg_end"] = loadavg()
    meta["ws_extensions"] = sorted({e for v in raw["app"]["browser"] for e in v["ws_extensions"]})
    figures = summarise(samples)
    result = {"meta": meta, "figures": figures, "samples": samples, "raw": raw}
    out.write_text(json.dumps(result, indent=1, default=str))
    meta["loadavg_samples"] = LOADAVG_SAMPLES
    print(f"load average at start {meta['loadavg_start']}, at end {meta['loadavg_end']} ({meta['cpus']} CPUs); "
          f"repeats {args.repeats}; sessions {sessions} x {args.changes} changes, think {think} s"
          + (f"; app server options {args.server_arg}" if args.server_arg else ""))
    print(table(figures))
    missed = [k for k, r in figures.items() if "budget" in r and not r["met"]]
    print(f"budget: {sum(1 for r in figures.values() if 'budget' in r) - len(missed)} met, "
          f"missed: {', '.join(missed) or 'none'}")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
