"""Load test: many browser-like sessions on the map page, through nginx, on 1 and then 3 replicas.

    .venv/bin/python deploy/loadtest.py                       # the full run (about 6 minutes)
    .venv/bin/python deploy/loadtest.py --replicas 2 --sessions 20 --concurrency 10 --max-seconds 60

Everything runs on 127.0.0.1 and stops by itself: each phase starts at most ``--sessions``
sessions, starts none after ``--max-seconds``, and gives each script run ``--run-timeout``
seconds. A session is what a visitor's browser does on the map page, spoken over Streamlit's
websocket protocol (deploy/ws_client.py) rather than in a real browser: fetch the page
(``GET /``, which sets nginx's routing cookie), open ``/_stcore/stream`` with that cookie, run the
page with a shared link's query string, then change ``--changes`` filters with a pause
(``--think``) between them. It does not fetch the JavaScript bundle (nginx caches that).

With ``--kill`` (on by default) the last phase kills one replica (SIGKILL) half-way through
starting sessions. Sessions open on it lose their websocket; like the browser, they reconnect
once with the same cookie and the URL they had (the map page's filters are in the URL), and
nginx sends them to a live replica. Sessions started after the kill must all succeed.

Reported per phase: sessions completed and peak open at once, errors, latency (median, p95) of
first loads and of filter changes, throughput (completed script runs per second), memory (RSS)
of each replica idle and at its peak, and /proc/loadavg (this machine is shared).

Two more modes:

    .venv/bin/python deploy/loadtest.py --memory      # memory per idle and per busy session, one replica
    .venv/bin/python deploy/loadtest.py --abuse       # one abusive client beside 10 polite ones, with and
                                                      # without nginx's per-client limits

``--memory`` is deploy/memory.py's; ``--abuse`` is deploy/abuse.py's (what it does and reports is told there).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

# `python deploy/loadtest.py` puts only deploy/ on the path; the imports of `deploy.` need the root
if str(ROOT := Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(ROOT))

from websockets.exceptions import ConnectionClosed

from deploy.abuse import abuse_phase, abuse_table, abuse_test
from deploy.map_visits import FILTERS, SHARED_LINKS, fetch_cookie, loadavg, percentile, rounded, sample_peak_rss, warm
from deploy.memory import measure_memory
from deploy.render_nginx import COOKIE, DEFAULT_LIMITS
from deploy.run_replicas import Cluster
from deploy.ws_client import SessionError, StreamlitSession, run_sync

# The abuse test's and the memory measurement's entry points are reachable from here too (tests use them so).
__all__ = ["Run", "SessionLog", "visitor", "PhaseResult", "run_phase", "drive", "table", "main",
           "abuse_phase", "abuse_table", "measure_memory", "DEFAULT_LIMITS"]


@dataclass
class Run:
    kind: str  # first | change | reconnect
    seconds: float
    ok: bool


@dataclass
class SessionLog:
    index: int
    started: float
    ended: float = 0.0
    ok: bool = False
    error: str = ""
    route: str = ""
    reconnected: bool = False
    lost_replica: bool = False
    runs: list[Run] = field(default_factory=list)


async def visitor(base_url: str, log: SessionLog, rng: random.Random, *, changes: int, think: float,
                  run_timeout: float, counters: dict) -> None:
    """One visitor: page, websocket, first run from a shared link, filter changes, one reconnect if cut off."""
    loop = asyncio.get_running_loop()
    link = rng.choice(SHARED_LINKS)
    try:
        log.route = await loop.run_in_executor(None, fetch_cookie, base_url, run_timeout)
    except Exception as exc:  # noqa: BLE001 - any failure is this session's error
        log.error, log.ended = f"GET /: {type(exc).__name__}: {exc}", time.time()
        return
    headers = {"Cookie": f"{COOKIE}={log.route}"}
    todo = changes
    query = link
    kind = "first"
    attempts = 0
    while True:
        attempts += 1
        try:
            async with StreamlitSession(base_url, timeout=run_timeout, extra_headers=headers) as s:
                counters["open"] += 1
                counters["peak"] = max(counters["peak"], counters["open"])
                try:
                    while True:
                        start = time.perf_counter()
                        change = {}
                        if kind == "change":
                            label = rng.choice([f for f in FILTERS if f in s.widgets])
                            w = s.widgets[label]
                            others = [o for o in w.options if o != w.value]
                            change = {label: rng.choice(others)} if others else {}
                        try:
                            r = await s.run(query if kind != "change" else s.query_string, changes=change)
                        except Exception:
                            log.runs.append(Run(kind, time.perf_counter() - start, False))
                            raise
                        good = r.status == "ok" and not r.exceptions and not r.errors and r.plotly_charts >= 2
                        log.runs.append(Run(kind, r.seconds, good))
                        if not good:
                            raise SessionError(f"{kind} run: status {r.status}, {r.plotly_charts} maps, "
                                               f"{(r.exceptions + r.errors)[:1]}")
                        query = s.query_string
                        if kind == "change":
                            todo -= 1
                        if todo <= 0:
                            break
                        kind = "change"
                        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                finally:
                    counters["open"] -= 1
            log.ok = True
            break
        except Exception as exc:  # noqa: BLE001 - any failure ends this visitor (or, once, reconnects it)
            cut_off = bool(counters.get("killed_at")) and isinstance(exc, (ConnectionClosed, ConnectionError, OSError))
            if cut_off and attempts == 1:
                # The browser reconnects by itself; the filters come back from the URL.
                log.lost_replica = log.reconnected = True
                kind = "reconnect"
                continue
            log.error = f"{type(exc).__name__}: {exc}"[:300]
            break
    log.ended = time.time()


@dataclass
class PhaseResult:
    replicas: int
    sessions_started: int
    sessions_ok: int
    peak_open: int
    errors: list[str]
    runs_ok: int
    runs_failed: int
    seconds: float
    throughput: float
    first_median: float | None
    first_p95: float | None
    change_median: float | None
    change_p95: float | None
    all_median: float | None
    all_p95: float | None
    rss_idle_mb: dict
    rss_peak_mb: dict
    ws_per_replica: dict
    sticky_violations: int
    loadavg_start: str
    loadavg_end: str
    cold_start_s: list
    killed: dict | None = None


async def _phase(cluster: Cluster, *, sessions: int, concurrency: int, changes: int, think: float,
                 max_seconds: float, run_timeout: float, kill: bool, seed: int) -> tuple[list[SessionLog], dict, dict]:
    counters: dict[str, float] = {"open": 0, "peak": 0}  # and "killed_at", a time.time()
    peak_rss: dict[int, int] = {}
    logs: list[SessionLog] = []
    kill_info: dict = {}
    stop_sampling = asyncio.Event()
    sampler = asyncio.create_task(sample_peak_rss(cluster, peak_rss, stop_sampling))
    sem = asyncio.Semaphore(concurrency)
    tasks = []
    t0 = time.time()

    async def one(i: int):
        try:  # the producer acquired this session's slot; give it back at the end
            log = SessionLog(i, time.time())
            logs.append(log)
            await visitor(cluster.url, log, random.Random(seed * 100_003 + i), changes=changes, think=think,
                          run_timeout=run_timeout, counters=counters)
        finally:
            sem.release()

    for i in range(sessions):
        if time.time() - t0 > max_seconds:
            break
        if kill and not kill_info and (i >= sessions // 2 or time.time() - t0 > max_seconds / 2):
            # Wait until the first half are under way, then pull the plug on one replica.
            while len(logs) < i and time.time() - t0 < max_seconds:
                await asyncio.sleep(0.05)
            await asyncio.sleep(max(0.0, think))
            victim = cluster.kill_replica(0)
            counters["killed_at"] = time.time()
            kill_info = {"port": victim.port, "at_s": round(counters["killed_at"] - t0, 1),
                         "open_sessions": counters["open"]}
        # A session starts only when a visitor slot is free, so the time limit holds.
        try:
            await asyncio.wait_for(sem.acquire(), max(0.1, max_seconds - (time.time() - t0)))
        except TimeoutError:
            break
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=max_seconds + run_timeout * (changes + 3) + 30)
    stop_sampling.set()
    await sampler
    kill_info["t0"] = t0
    return logs, peak_rss, kill_info


def run_phase(replicas: int, **kwargs) -> PhaseResult:
    """Start ``replicas`` replicas behind nginx, drive sessions through it, tear everything down."""
    with Cluster(replicas) as c:
        return drive(c, **kwargs)


def drive(c: Cluster, *, sessions: int = 100, concurrency: int = 20, changes: int = 3, think: float = 0.5,
          max_seconds: float = 120.0, run_timeout: float = 60.0, kill: bool = False, seed: int = 1,
          verbose: bool = True) -> PhaseResult:
    """Warm each replica, then drive sessions through the cluster's nginx (killing replica 0 if ``kill``)."""
    say = print if verbose else (lambda *a, **k: None)
    replicas = len(c.members)
    say(f"\n== {replicas} replica(s): nginx {c.url} -> ports {[r.port for r in c.members]} "
        f"(loadavg {loadavg()})", flush=True)
    # Warm each replica directly (the first session in a process loads and checks the data).
    cold = []
    for r in c.members:
        if not r.alive:
            continue
        t = time.perf_counter()
        run_sync(warm(r.url, run_timeout))
        cold.append(round(time.perf_counter() - t, 2))
    say(f"   first session on each cold replica: {cold} s", flush=True)
    rss_idle = {p: round(v / 2**20) for p, v in c.rss().items() if v}
    la_start = loadavg()
    t = time.time()
    logs, peak_rss, kill_info = run_sync(_phase(
        c, sessions=sessions, concurrency=concurrency, changes=changes, think=think, max_seconds=max_seconds,
        run_timeout=run_timeout, kill=kill and replicas > 1, seed=seed))
    elapsed = time.time() - t
    return _summarise(replicas, logs, peak_rss, kill_info, elapsed, rss_idle, c.access_log(), c.error_log(),
                      [r.port for r in c.members], cold, la_start, loadavg())


def _summarise(replicas, logs, peak_rss, kill_info, elapsed, rss_idle, access, err_log, ports, cold,
               la_start, la_end) -> PhaseResult:
    runs = [r for s in logs for r in s.runs]
    ok_runs = [r for r in runs if r.ok]
    first = [r.seconds for r in ok_runs if r.kind == "first"]
    change = [r.seconds for r in ok_runs if r.kind == "change"]
    every = [r.seconds for r in ok_runs]
    errors = [f"session {s.index}: {s.error}" for s in logs if not s.ok]
    ws = [a for a in access if "/_stcore/stream" in a.get("request", "")]
    per = {str(p): 0 for p in ports}
    for a in ws:
        last = a.get("upstream", "").split(",")[-1].strip().rsplit(":", 1)[-1]
        if last in per and a.get("status") == "101":
            per[last] += 1
    # Stickiness: every request carrying one routing cookie reached one replica (the killed
    # replica's browsers excepted: they move once, by design).
    killed_port = str(kill_info.get("port", ""))
    by_route: dict[str, set[str]] = {}
    for a in access:
        up = a.get("upstream", "")
        if a.get("route") and up and up != "-" and "," not in up:
            by_route.setdefault(a["route"], set()).add(up.rsplit(":", 1)[-1])
    violations = sum(1 for ups in by_route.values() if len(ups) > 1 and killed_port not in ups)
    killed = None
    if kill_info.get("port"):
        at = kill_info["t0"] + kill_info["at_s"]
        after = [s for s in logs if s.started > at + 0.5]
        killed = {
            "port": kill_info["port"], "at_s": kill_info["at_s"], "open_sessions_then": kill_info["open_sessions"],
            "sessions_cut_off": sum(1 for s in logs if s.lost_replica),
            "cut_off_reconnected_ok": sum(1 for s in logs if s.lost_replica and s.ok),
            "new_sessions_after": len(after), "new_sessions_after_ok": sum(1 for s in after if s.ok),
            "new_sessions_after_errors": [s.error for s in after if not s.ok][:5],
            "nginx_connect_refused": err_log.count("Connection refused"),
            "nginx_marked_down": err_log.count("upstream server temporarily disabled"),
            "requests_retried_on_another_replica": sum(1 for a in access if "," in a.get("upstream", "")),
        }
    return PhaseResult(
        replicas=replicas, sessions_started=len(logs), sessions_ok=sum(s.ok for s in logs),
        peak_open=0 if not logs else _peak(logs), errors=errors, runs_ok=len(ok_runs),
        runs_failed=len(runs) - len(ok_runs), seconds=round(elapsed, 1),
        throughput=round(len(ok_runs) / elapsed, 2) if elapsed else 0.0,
        first_median=rounded(statistics.median(first) if first else None),
        first_p95=rounded(percentile(first, 0.95)),
        change_median=rounded(statistics.median(change) if change else None),
        change_p95=rounded(percentile(change, 0.95)),
        all_median=rounded(statistics.median(every) if every else None), all_p95=rounded(percentile(every, 0.95)),
        rss_idle_mb={str(k): v for k, v in rss_idle.items()},
        rss_peak_mb={str(k): round(v / 2**20) for k, v in peak_rss.items()},
        ws_per_replica=per, sticky_violations=violations, loadavg_start=la_start, loadavg_end=la_end,
        cold_start_s=cold, killed=killed)


def _peak(logs: list[SessionLog]) -> int:
    """Most sessions open at one moment (from their start and end times)."""
    events = sorted([(s.started, 1) for s in logs] + [(s.ended or s.started, -1) for s in logs],
                    key=lambda e: (e[0], e[1]))
    cur = peak = 0
    for _, d in events:
        cur += d
        peak = max(peak, cur)
    return peak


def table(results: list[PhaseResult]) -> str:
    head = ("| replicas | sessions ok / started | peak open | errors | script runs | median s (first / change) "
            "| p95 s (first / change) | runs per s | RSS per replica MB idle -> peak | loadavg start -> end |")
    rows = [head, "|" + "---|" * 10]
    for r in results:
        rss = ", ".join(f"{r.rss_idle_mb.get(p, '-')}->{r.rss_peak_mb.get(p, '-')}" for p in r.ws_per_replica)
        rows.append(f"| {r.replicas} | {r.sessions_ok} / {r.sessions_started} | {r.peak_open} | {len(r.errors)} "
                    f"| {r.runs_ok} ok, {r.runs_failed} failed | {r.first_median} / {r.change_median} "
                    f"| {r.first_p95} / {r.change_p95} | {r.throughput} | {rss} "
                    f"| {r.loadavg_start} -> {r.loadavg_end} |")
    if len(results) > 1 and results[0].throughput:
        rows.append(f"\nThroughput {results[-1].replicas} vs {results[0].replicas} replica(s): "
                    f"x{results[-1].throughput / results[0].throughput:.2f}")
    return "\n".join(rows)


def _write_json(path: Path | None, data) -> None:
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicas", type=int, nargs="+", default=[1, 3])
    ap.add_argument("--sessions", type=int, default=100, help="sessions per phase (at most)")
    ap.add_argument("--concurrency", type=int, default=20, help="visitors at once")
    ap.add_argument("--changes", type=int, default=3, help="filter changes per session")
    ap.add_argument("--think", type=float, default=0.5, help="mean pause between a visitor's actions, s")
    ap.add_argument("--max-seconds", type=float, default=120, help="start no session after this, per phase")
    ap.add_argument("--run-timeout", type=float, default=60)
    ap.add_argument("--no-kill", action="store_true", help="do not kill a replica in the last phase")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--memory", action="store_true", help="measure memory per idle and per busy session, then stop")
    ap.add_argument("--idle-sessions", type=int, default=100)
    ap.add_argument("--abuse", action="store_true",
                    help="the abuse test, without limits, with nginx's only, and with nginx's and the rerun budget; "
                         "then stop")
    ap.add_argument("--abuse-replicas", type=int, default=2)
    ap.add_argument("--abuse-seconds", type=float, default=60, help="how long the polite visitors run")
    ap.add_argument("--abuse-sessions", type=int, default=300, help="sessions the abusive client tries to hold")
    ap.add_argument("--flood-rate", type=float, default=5, help="rerun requests a second on each abusive session")
    ap.add_argument("--abuse-attempts", type=int, default=20_000, help="connection attempts, at most")
    ap.add_argument("--ws-per-addr", type=int, nargs="*", default=None,
                    help="run the limited phase once per cap on websockets per address (default: the config's)")
    args = ap.parse_args(argv)
    if args.memory:
        if not 1 <= args.idle_sessions <= 1000:
            ap.error("idle sessions 1..1000")
        result = measure_memory(idle=args.idle_sessions)
        _write_json(args.json, result)
        return 0
    if args.abuse:
        if not (1 <= args.abuse_sessions <= 1000 and 0 < args.flood_rate <= 50 and 1 <= args.abuse_replicas <= 4
                and 10 <= args.abuse_seconds <= 300 and 1 <= args.abuse_attempts <= 100_000):
            ap.error("abuse sessions 1..1000, flood rate up to 50/s, replicas 1..4, 10..300 s, attempts up to 100000")
        print(f"cores: {__import__('os').cpu_count()}, loadavg {loadavg()}", flush=True)
        abuse_results = abuse_test(args.ws_per_addr, replicas=args.abuse_replicas, seconds=args.abuse_seconds,
                                   abuse_sessions=args.abuse_sessions, flood_rate=args.flood_rate,
                                   max_attempts=args.abuse_attempts)
        print("\n" + abuse_table(abuse_results))
        _write_json(args.json, [asdict(r) for r in abuse_results])
        return 0
    if (not all(1 <= n <= 8 for n in args.replicas) or not 1 <= args.sessions <= 2000
            or not 1 <= args.concurrency <= 500):
        ap.error("replicas 1..8, sessions 1..2000, concurrency 1..500 (this is a 2-core machine)")
    print(f"cores: {__import__('os').cpu_count()}, loadavg {loadavg()}", flush=True)
    results = []
    for i, n in enumerate(args.replicas):
        last = i == len(args.replicas) - 1
        res = run_phase(n, sessions=args.sessions, concurrency=args.concurrency, changes=args.changes,
                        think=args.think, max_seconds=args.max_seconds, run_timeout=args.run_timeout,
                        kill=last and not args.no_kill and n > 1, seed=args.seed)
        results.append(res)
        print(f"   {res.sessions_ok}/{res.sessions_started} sessions ok, {res.throughput} runs/s, "
              f"websockets per replica {res.ws_per_replica}, sticky violations {res.sticky_violations}", flush=True)
        for e in res.errors[:5]:
            print(f"   error: {e}", flush=True)
        if res.killed:
            print(f"   killed replica: {json.dumps(res.killed)}", flush=True)
    print("\n" + table(results))
    _write_json(args.json, [asdict(r) for r in results])
    bad = any(r.killed and r.killed["new_sessions_after_ok"] != r.killed["new_sessions_after"] for r in results)
    bad |= any(r.sticky_violations for r in results)
    bad |= any(len(r.errors) for r in results if not r.killed)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
