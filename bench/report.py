"""A results file of bench.run as a Markdown table, for bench/README.md.

    .venv/bin/python -m bench.report bench/results/bench-<time>.json            # the issue's lines
    .venv/bin/python -m bench.report bench/results/bench-<time>.json --all      # every figure

Each row: the budget, the app, the naive baseline, the static site's map page (the floor, where the
figure applies to it), app/baseline and app/static, all medians from that one run.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.run import _fmt

#: the lines the README's table shows, in order, with what each is
LINES = [
    ("browser.first_view_ms", "first view, direct (cold cache, no throttling)"),
    ("browser.first_view_nginx_ms", "first view through nginx (cold cache)"),
    ("browser.first_view_warm_ms", "first view, returning visitor (warm cache)"),
    ("browser.first_view_4g_ms", "first view on Fast 4G, cold cache (direct)"),
    ("browser.first_view_4g_warm_ms", "first view on Fast 4G, warm cache (direct)"),
    ("browser.first_view_nginx_4g_ms", "first view on Fast 4G through nginx, cold cache"),
    ("bytes.http_first_view", "HTTP bytes, first view, direct"),
    ("bytes.http_first_view_nginx", "HTTP bytes, first view through nginx"),
    ("bytes.ws_first_view", "websocket messages, first view"),
    ("bytes.ws_first_view_wire", "websocket on the wire, first view"),
    ("bytes.ws_filter_change", "websocket messages, filter change"),
    ("bytes.ws_filter_change_wire", "websocket on the wire, filter change"),
    ("bytes.ws_filter_change_sent", "websocket, browser to server, filter change"),
    ("bytes.ws_filter_change2_wire", "websocket on the wire, second (steady-state) change"),
    ("browser.filter_change_ms", "filter change: click to new map drawn"),
    ("browser.filter_change2_ms", "second (steady-state) change"),
    ("browser.filter_change_server_ms", "filter change: the server's part (rerun to script_finished)"),
    ("browser.filter_change_4g_ms", "filter change on Fast 4G"),
    ("server.warm_ms.map", "server: map rerun (filter change)"),
    ("load.50.change_p95_ms", "50 sessions: paced change p95"),
    ("load.50.errors", "50 sessions: errors"),
    ("load.50.peak_rss_mb", "50 sessions: peak memory"),
    ("load.50.server_cpu_s", "50 sessions: server CPU over the level"),
]


def _budget(row: dict, key: str) -> str:
    if "budget" in row:
        return "< " + _fmt(key, row["budget"])
    if "ratio_budget" in row:
        return f"<= {row['ratio_budget']} x baseline"
    return ""


def markdown(result: dict, keys: list[tuple[str, str]]) -> str:
    figures = result["figures"]
    out = ["| figure | what | budget | app | baseline | static page | app/baseline | app/static | met |",
           "|---|---|---|---|---|---|---|---|---|"]
    for key, what in keys:
        row = figures.get(key)
        if row is None:
            continue
        ratio = f"{row['ratio']:.3f}" if row.get("ratio") is not None else ""
        rstatic = f"{row['ratio_static']:.3f}" if row.get("ratio_static") is not None else ""
        met = ("yes" if row["met"] else "**no**") if "met" in row else ""
        static = _fmt(key, row.get("static")) if row.get("static") is not None else ""
        base = _fmt(key, row.get("baseline")) if row.get("baseline") is not None else ""
        out.append(f"| `{key}` | {what} | {_budget(row, key)} | {_fmt(key, row['app'])} | {base} | {static} | "
                   f"{ratio} | {rstatic} | {met} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", type=Path)
    ap.add_argument("--all", action="store_true", help="every figure, not only the README's lines")
    args = ap.parse_args(argv)
    result = json.loads(args.results.read_text())
    keys = [(k, "") for k in result["figures"]] if args.all else LINES
    meta = result["meta"]
    print(f"Run {meta['started']} (commit {meta['commit']}), {meta['cpus']} CPUs, load average at start "
          f"{meta['loadavg_start']}, at end {meta['loadavg_end']}; repeats {meta['repeats']}, phone and nginx "
          f"variations {meta.get('phone_repeats')}, static page {meta.get('static_repeats')}.\n")
    print(markdown(result, keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
