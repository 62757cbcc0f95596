"""What websocket compression (server.enableWebsocketCompression) costs the server, under the bench's load.

    .venv/bin/python -m bench.ws_compression                 # 50 sessions, 2 rounds, the bench's think time
    .venv/bin/python -m bench.ws_compression --sessions 50 --rounds 3 --changes 3

Two servers of the app run side by side, one with permessage-deflate and one without, each
shown the bench's --prime-views first (a full view cache, as in bench.run). Then, round after
round, the same load level (bench.load: N sessions open the map page together, change a filter
together, then make paced changes with think time) runs on one and then the other (the order
alternating), so both see the same machine. The load clients negotiate compression as browsers
do. For each level: the server's CPU seconds (its process tree, from /proc), the paced changes'
p50/p95, the burst's p95, errors, peak memory, and the bytes the clients received (after
decompression; the wire bytes are those compressed, see bench.browser).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

from bench import load, servers
from bench.run import loadavg, log, p95

SETTINGS = {"off": [], "on": ["--server.enableWebsocketCompression=true"]}


def p95_of(xs: list[float]) -> float:
    """The p95 of a level's samples, which it always has (no samples is an error, as for statistics.median)."""
    value = p95(xs)
    if value is None:
        raise statistics.StatisticsError("p95 requires at least one data point")
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--changes", type=int, default=3)
    ap.add_argument("--think", default="5,15")
    ap.add_argument("--prime-views", type=int, default=128)
    ap.add_argument("--server-arg", action="append", default=[], help="for both servers")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    think_min, think_max = (float(x) for x in args.think.split(","))
    think = (think_min, think_max)
    out: dict[str, list[dict]] = {k: [] for k in SETTINGS}
    with ExitStack() as stack:
        procs = {}
        for name, options in SETTINGS.items():
            base, proc = stack.enter_context(servers.server(servers.APP, args=[*args.server_arg, *options]))
            load.run(base, proc.pid, 1, changes=0, think=(0, 0))
            if args.prime_views:
                load.prime(base, args.prime_views)
            procs[name] = (base, proc)
        for r in range(args.rounds):
            order = list(SETTINGS) if r % 2 == 0 else list(reversed(SETTINGS))
            for name in order:
                base, proc = procs[name]
                log(f"round {r + 1}: compression {name}, {args.sessions} sessions")
                res = load.run(base, proc.pid, args.sessions, changes=args.changes, think=think, seed=r + 1)
                res["loadavg_end"] = loadavg()
                out[name].append(res)
    print(f"{args.sessions} sessions, {args.rounds} rounds, {args.changes} paced changes each, think {think} s")
    print(f"{'per level (median over rounds)':36}{'off':>12}{'on':>12}{'on/off':>9}")

    def row(label, fn, fmt="{:,.0f}"):
        vals = {k: statistics.median([fn(r) for r in rs]) for k, rs in out.items()}
        ratio = vals["on"] / vals["off"] if vals["off"] else float("nan")
        print(f"{label:36}{fmt.format(vals['off']):>12}{fmt.format(vals['on']):>12}{ratio:>9.3f}")

    row("server CPU (s)", lambda r: r["server_cpu_s"], "{:,.2f}")
    row("server CPU per script run (ms)", lambda r: 1000 * r["server_cpu_s"] / max(1, len(r["open"]) + len(r["burst"])
                                                                                   + len(r["change"])), "{:,.1f}")
    row("paced change p50 (ms)", lambda r: 1000 * statistics.median(r["change"]))
    row("paced change p95 (ms)", lambda r: 1000 * p95_of(r["change"]))
    row("burst p95 (ms)", lambda r: 1000 * p95_of(r["burst"]))
    row("open p95 (ms)", lambda r: 1000 * p95_of(r["open"]))
    row("errors", lambda r: len(r["errors"]))
    row("peak RSS (MB)", lambda r: r["peak_rss"] / 1e6)
    row("bytes received per change (KB)", lambda r: statistics.median(r["change_bytes"]) / 1000, "{:,.1f}")
    print("load average at the end of each level:", {k: [r["loadavg_end"] for r in rs] for k, rs in out.items()})
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
