"""Two or more versions of the app side by side, visited in turn by one browser: what a change saved.

    .venv/bin/python -m bench.ab --variant before=/tmp/checkout-before --variant after=. --repeats 9
    .venv/bin/python -m bench.ab --variant off=. --variant on=.:--server.enableWebsocketCompression=true
    .venv/bin/python -m bench.ab --variant now=. --baseline       # beside the naive baseline

Each variant is a project folder (another checkout, or this one) and optional ``streamlit run``
options after a colon. Every variant runs on its own server at the same time; the browser visits
them in turn (the order rotating each round), so a machine that gets busier or quieter during the
run affects them alike. Each visit is bench.browser's: a fresh context, the first view to both maps
drawn, then one filter change. Prints medians, each variant's ratio to the first, and the load
average before and after.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

from bench import browser, load, servers
from bench.run import loadavg, log

KEYS = ["first_view_ms", "filter_change_ms", "filter_change_server_ms", "filter_change_map_message_ms",
        "first_view_http_bytes", "first_view_ws_bytes", "first_view_ws_wire_bytes", "filter_change_ws_bytes",
        "filter_change_ws_wire_bytes", "filter_change_ws_sent_bytes", "filter_change2_ms",
        "filter_change2_ws_bytes", "filter_change2_ws_wire_bytes", "filter_change2_ws_sent_bytes"]


def parse_variant(text: str) -> tuple[str, Path, list[str]]:
    name, _, rest = text.partition("=")
    folder, *options = rest.split(":")
    return name, Path(folder).resolve(), [o for o in options if o]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", action="append", required=True, metavar="NAME=FOLDER[:OPTION...]")
    ap.add_argument("--repeats", type=int, default=7, help="visits per variant")
    ap.add_argument("--throttle", choices=sorted(browser.THROTTLE))
    ap.add_argument("--nginx", action="store_true", help="visit each variant through the deployment's nginx")
    ap.add_argument("--baseline", action="store_true", help="visit the naive baseline (bench/baseline_app.py) too")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    variants = [parse_variant(v) for v in args.variant]
    if args.baseline:
        from bench.run import BASELINE_SERVER_ARGS

        variants.append(("baseline", servers.ROOT, [*BASELINE_SERVER_ARGS, f"--script={servers.BASELINE}"]))
    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {name: [] for name, _, _ in variants}
    with ExitStack() as stack:
        urls = {}
        for name, folder, options in variants:
            script = next((o.split("=", 1)[1] for o in options if o.startswith("--script=")), servers.APP)
            options = [o for o in options if not o.startswith("--script=")]
            base, proc = stack.enter_context(servers.server(script, args=options, cwd=folder))
            load.run(base, proc.pid, 1, changes=0, think=(0, 0))  # data loaded, default view built
            if args.nginx:
                base = stack.enter_context(servers.nginx_front([int(base.rsplit(":", 1)[1])]))
            urls[name] = base
        start = loadavg()
        log(f"{len(variants)} variants x {args.repeats} visits, in turn")
        with sync_playwright() as p:
            b = browser._chromium(p)
            try:
                for i in range(args.repeats):
                    order = variants[i % len(variants):] + variants[:i % len(variants)]
                    for name, _, _ in order:
                        results[name].append(browser.one_visit(b, urls[name], throttle=args.throttle))
            finally:
                b.close()
        end = loadavg()
    print(f"load average at start {start}, at end {end}; {args.repeats} visits per variant"
          + (f", throttled {args.throttle}" if args.throttle else "") + (", through nginx" if args.nginx else ""))
    first = variants[0][0]
    meds = {name: {k: statistics.median([v[k] for v in vs if v.get(k) is not None] or [float("nan")])
                   for k in KEYS} for name, vs in results.items()}
    print(f"{'median':34}" + "".join(f"{name:>14}" for name in results) + "".join(
        f"{name + '/' + first:>16}" for name in list(results)[1:]))
    for k in KEYS:
        row = f"{k:34}" + "".join(f"{meds[n][k]:>14,.0f}" for n in results)
        row += "".join(f"{meds[n][k] / meds[first][k] if meds[first][k] else float('nan'):>16.3f}"
                       for n in list(results)[1:])
        print(row)
    if args.json:
        args.json.write_text(json.dumps({"load": [start, end], "medians": meds, "visits": results}, indent=1,
                                        default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
