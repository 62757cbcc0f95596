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

``--abuse``: one client (from 127.0.0.2) opens up to ``--abuse-sessions`` websocket sessions at once,
without a routing cookie, and floods each with rerun requests (``--flood-rate`` a second) while
reading whatever comes back; a refused or dropped session is tried again after a second (at most
``--abuse-attempts`` tries in all). It runs in a process of its own so its work does not slow the
polite clients' own event loop (it still shares this machine's cores with the replicas, which a
real attacker would not). Meanwhile 10 polite visitors, each from its own loopback address
(127.0.0.20 and up), load the map and change a filter every 1 to 3 s for ``--abuse-seconds``.
Reported: the polite visitors' latency (p50, p95) and errors, what the abusive client got (sessions
opened, refused with 429, dropped, reruns sent), each replica's peak memory and whether it survived,
and nginx's own count of limited requests. The limits come from deploy/render_nginx.py (Limits).
"""
from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing
import random
import statistics
import sys
import time
import types
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.render_nginx import COOKIE, DEFAULT_LIMITS, Limits  # noqa: E402
from deploy.run_replicas import Cluster, rss_bytes  # noqa: E402
from deploy.ws_client import SessionError, StreamlitSession, run_sync  # noqa: E402
from websockets.exceptions import ConnectionClosed, InvalidStatus  # noqa: E402

#: Links people share: the map's filters travel in the URL (see spodash.ui.bound_select).
SHARED_LINKS = [
    "", "metric=per_100k", "order=DVPO", "basis=cy", "offence=group&rmetric=count", "region=London",
    "measure=applied_for", "force=E23000001", "region=North+West&metric=count", "offence=8L",
    "order=DVPN&region=Wales", "basis=ons",
]
#: Filters a visitor changes (widget labels on the map page).
FILTERS = ["Order type", "Measure", "Period basis", "Period", "Orders shown as", "Reports of",
           "Reports shown as", "Highlight a region", "Select a force"]


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


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def fetch_cookie(base_url: str, timeout: float, source: str | None = None) -> str:
    """GET / as a browser's first request does, and keep nginx's routing cookie.

    ``source``: the loopback address to connect from (nginx's limits are per client address)."""
    host, _, port = base_url.removeprefix("http://").partition(":")
    conn = http.client.HTTPConnection(host, int(port or 80), timeout=timeout,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request("GET", "/")
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise SessionError(f"GET / answered {r.status}")
        for header in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == COOKIE:
                return rest.split(";")[0]
    finally:
        conn.close()
    raise SessionError("nginx set no routing cookie on the first response")


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
        except Exception as exc:  # noqa: BLE001
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
    counters = {"open": 0, "peak": 0}
    peak_rss: dict[int, int] = {}
    logs: list[SessionLog] = []
    kill_info: dict = {}
    stop_sampling = asyncio.Event()

    async def sample_rss():
        while not stop_sampling.is_set():
            for port, rss in cluster.rss().items():
                if rss:
                    peak_rss[port] = max(peak_rss.get(port, 0), rss)
            try:
                await asyncio.wait_for(stop_sampling.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    sampler = asyncio.create_task(sample_rss())
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
            kill_info = {"port": victim.port, "at_s": round(counters["killed_at"] - t0, 1), "open_sessions": counters["open"]}
        # A session starts only when a visitor slot is free, so the time limit holds.
        try:
            await asyncio.wait_for(sem.acquire(), max(0.1, max_seconds - (time.time() - t0)))
        except asyncio.TimeoutError:
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
        run_sync(_warm(r.url, run_timeout))
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


async def _warm(url: str, timeout: float) -> None:
    async with StreamlitSession(url, timeout=timeout) as s:
        r = await s.run("")
        if r.status != "ok" or r.plotly_charts < 2 or r.exceptions:
            raise SessionError(f"warm-up run on {url} failed: {r.status} {r.exceptions[:1]}")


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
        first_median=_r(statistics.median(first) if first else None), first_p95=_r(_pct(first, 0.95)),
        change_median=_r(statistics.median(change) if change else None), change_p95=_r(_pct(change, 0.95)),
        all_median=_r(statistics.median(every) if every else None), all_p95=_r(_pct(every, 0.95)),
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


def _r(v):
    return None if v is None else round(v, 3)


def table(results: list[PhaseResult]) -> str:
    head = ("| replicas | sessions ok / started | peak open | errors | script runs | median s (first / change) "
            "| p95 s (first / change) | runs per s | RSS per replica MB idle -> peak | loadavg start -> end |")
    rows = [head, "|" + "---|" * 10]
    for r in results:
        rss = ", ".join(f"{r.rss_idle_mb.get(p, '-')}->{r.rss_peak_mb.get(p, '-')}" for p in r.ws_per_replica)
        rows.append(f"| {r.replicas} | {r.sessions_ok} / {r.sessions_started} | {r.peak_open} | {len(r.errors)} "
                    f"| {r.runs_ok} ok, {r.runs_failed} failed | {r.first_median} / {r.change_median} "
                    f"| {r.first_p95} / {r.change_p95} | {r.throughput} | {rss} | {r.loadavg_start} -> {r.loadavg_end} |")
    if len(results) > 1 and results[0].throughput:
        rows.append(f"\nThroughput {results[-1].replicas} vs {results[0].replicas} replica(s): "
                    f"x{results[-1].throughput / results[0].throughput:.2f}")
    return "\n".join(rows)


# ---- memory per session -------------------------------------------------------------------------------
def active_sessions(replica_url: str) -> int | None:
    """Streamlit's own count of connected sessions (/_stcore/metrics on the replica itself)."""
    try:
        with urllib.request.urlopen(replica_url + "/_stcore/metrics", timeout=10) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("active_sessions "):
                    return int(float(line.split()[1]))
    except OSError:
        return None
    return None


def measure_memory(*, idle: int = 100, busy: int = 20, busy_seconds: float = 30.0, think: float = 0.0,
                   run_timeout: float = 120.0, verbose: bool = True) -> dict:
    """Memory of one replica: idle, with ``idle`` open sessions that each ran the map page once, and
    at its peak while ``busy`` of them change filters without pause for ``busy_seconds``."""
    say = print if verbose else (lambda *a, **k: None)
    with Cluster(1, limits=None) as c:
        r = c.members[0]
        url = r.url

        def rss() -> float:
            return rss_bytes(r.proc.pid) / 2**20

        async def go() -> dict:
            # Warm the process and the shared views of every shared link (a cache, not per session).
            for link in SHARED_LINKS:
                async with StreamlitSession(url, timeout=run_timeout) as s:
                    await s.run(link)
            await asyncio.sleep(2)
            out = {"rss_warm_mb": round(rss(), 1), "loadavg_start": loadavg()}
            sessions = []
            rng = random.Random(7)
            for i in range(idle):
                s = StreamlitSession(url, timeout=run_timeout)
                await s.__aenter__()
                res = await s.run(rng.choice(SHARED_LINKS))
                if res.status != "ok":
                    raise SessionError(f"idle session {i}: {res.status}")
                sessions.append(s)
            await asyncio.sleep(3)
            out["rss_idle_sessions_mb"] = round(rss(), 1)
            out["active_sessions"] = active_sessions(url)
            out["per_idle_session_mb"] = round((out["rss_idle_sessions_mb"] - out["rss_warm_mb"]) / idle, 2)
            peak = rss()
            stop = asyncio.Event()

            async def churn(s: StreamlitSession, k: int):
                local = random.Random(k)
                runs = 0
                while not stop.is_set():
                    label = local.choice([f for f in FILTERS if f in s.widgets])
                    w = s.widgets[label]
                    others = [o for o in w.options if o != w.value]
                    await s.run(s.query_string, changes={label: local.choice(others)} if others else {})
                    runs += 1
                    if think:
                        await asyncio.sleep(think)
                return runs

            async def sample():
                nonlocal peak
                while not stop.is_set():
                    peak = max(peak, rss())
                    await asyncio.sleep(0.2)

            sampler = asyncio.create_task(sample())
            tasks = [asyncio.create_task(churn(s, k)) for k, s in enumerate(sessions[:busy])]
            await asyncio.sleep(busy_seconds)
            stop.set()
            runs = sum(await asyncio.gather(*tasks))
            await sampler
            out["busy_sessions"] = busy
            out["busy_runs"] = runs
            out["rss_busy_peak_mb"] = round(peak, 1)
            out["per_busy_session_mb"] = round((peak - out["rss_idle_sessions_mb"]) / busy, 2)
            for s in sessions:
                await s.__aexit__(None, None, None)
            await asyncio.sleep(3)
            out["rss_after_close_mb"] = round(rss(), 1)
            out["active_sessions_after_close"] = active_sessions(url)
            out["loadavg_end"] = loadavg()
            return out

        result = run_sync(go())
        result["idle_sessions"] = idle
        say(json.dumps(result, indent=2), flush=True)
        return result


# ---- abuse: one client against everyone else ---------------------------------------------------------------
ABUSER_ADDRESS = "127.0.0.2"
POLITE_ADDRESS = "127.0.0.{}"  # 20 and up, one address per polite visitor


async def _abuse(url: str, *, sessions: int, flood_rate: float, seconds: float, max_attempts: int,
                 source: str) -> dict:
    """One abusive client: many sessions at once, each flooded with rerun requests (bounded)."""
    c = {"attempts": 0, "opened": 0, "refused": {}, "dropped": 0, "reruns_sent": 0, "bytes_received": 0,
         "open": 0, "peak_open": 0}
    deadline = time.monotonic() + seconds
    rng = random.Random(99)

    async def drain(s: StreamlitSession):
        async for raw in s.ws:
            c["bytes_received"] += len(raw)

    async def one():
        while time.monotonic() < deadline and c["attempts"] < max_attempts:
            c["attempts"] += 1
            try:
                async with StreamlitSession(url, timeout=10, source=source) as s:
                    c["opened"] += 1
                    c["open"] += 1
                    c["peak_open"] = max(c["peak_open"], c["open"])
                    reader = asyncio.create_task(drain(s))
                    try:
                        while time.monotonic() < deadline:
                            await s.request_rerun(rng.choice(SHARED_LINKS))
                            c["reruns_sent"] += 1
                            await asyncio.sleep(1 / flood_rate)
                    finally:
                        c["open"] -= 1
                        reader.cancel()
                return
            except InvalidStatus as exc:
                code = str(exc.response.status_code)
                c["refused"][code] = c["refused"].get(code, 0) + 1
            except (ConnectionClosed, OSError, asyncio.TimeoutError, SessionError):
                c["dropped"] += 1
            await asyncio.sleep(1.0)

    # Bounded even when a send or a close blocks (a flooded server stops reading): what was counted
    # by then is reported.
    tasks = [asyncio.create_task(one()) for _ in range(sessions)]
    _, pending = await asyncio.wait(tasks, timeout=seconds + 15)
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.wait(pending, timeout=15)
    c.pop("open")
    return c


def _abuse_process(url: str, kwargs: dict, queue) -> None:
    async def report() -> None:
        # Put the result before asyncio.run tidies up, so a connection slow to close cannot hold it back.
        queue.put(await _abuse(url, **kwargs))

    try:
        asyncio.run(report())
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


async def _polite(url: str, i: int, stop: asyncio.Event, runs: list, errors: list, *, run_timeout: float,
                  think: tuple[float, float]) -> None:
    """A well-behaved visitor: the map from a shared link, then a filter change every 1-3 s."""
    rng = random.Random(1000 + i)
    source = POLITE_ADDRESS.format(20 + i)
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        try:
            route = await loop.run_in_executor(None, fetch_cookie, url, run_timeout, source)
            async with StreamlitSession(url, timeout=run_timeout, source=source,
                                        extra_headers={"Cookie": f"{COOKIE}={route}"}) as s:
                r = await s.run(rng.choice(SHARED_LINKS))
                runs.append(("first", r.seconds, r.status == "ok" and r.plotly_charts >= 2 and not r.exceptions))
                while not stop.is_set():
                    await asyncio.sleep(rng.uniform(*think))
                    if stop.is_set():
                        break
                    label = rng.choice([f for f in FILTERS if f in s.widgets])
                    w = s.widgets[label]
                    others = [o for o in w.options if o != w.value]
                    r = await s.run(s.query_string, changes={label: rng.choice(others)} if others else {})
                    good = r.status == "ok" and r.plotly_charts >= 2 and not r.exceptions and not r.errors
                    runs.append(("change", r.seconds, good))
                    if not good:
                        errors.append(f"visitor {i}: run {r.status}, {r.plotly_charts} maps")
            return
        except Exception as exc:  # noqa: BLE001 - every failure is an error for this visitor
            errors.append(f"visitor {i}: {type(exc).__name__}: {str(exc)[:160]}")
            await asyncio.sleep(1.0)


@dataclass
class AbuseResult:
    limits: str
    replicas: int
    seconds: float
    polite_visitors: int
    polite_runs_ok: int
    polite_runs_failed: int
    polite_errors: list
    polite_p50: float | None
    polite_p95: float | None
    polite_max: float | None
    polite_change_p50: float | None
    polite_change_p95: float | None
    abuser: dict
    nginx_limited_requests: int
    nginx_limited_connections: int
    rss_idle_mb: dict
    rss_peak_mb: dict
    replicas_alive: dict
    loadavg_start: str
    loadavg_end: str


def abuse_phase(limits: Limits | None, *, budget: bool = True, replicas: int = 2, seconds: float = 60.0,
                polite: int = 10, abuse_sessions: int = 300, flood_rate: float = 5.0, max_attempts: int = 20_000,
                run_timeout: float = 30.0, think: tuple[float, float] = (1.0, 3.0), verbose: bool = True) -> AbuseResult:
    """Polite visitors beside one abusive client, through nginx with ``limits`` (None = no limits), and
    with or without each replica's per-session rerun budget (spodash/rerun_budget.py, on by default)."""
    say = print if verbose else (lambda *a, **k: None)
    label = "none" if limits is None else (
        f"ws {limits.ws_per_addr}/address, {limits.ws_rate} new, conn {limits.conn_per_addr}")
    label += ", rerun budget " + ("on" if budget else "off")
    if not abuse_sessions:
        label = f"no abusive client (limits: {label})"
    with Cluster(replicas, limits=limits, env={} if budget else {"SPODASH_RERUN_BUDGET": "off"}) as c:
        say(f"\n== abuse, limits: {label}; nginx {c.url} -> {[r.port for r in c.members]} (loadavg {loadavg()})",
            flush=True)
        for r in c.members:
            run_sync(_warm(r.url, 120))
        rss_idle = {str(p): round(v / 2**20) for p, v in c.rss().items() if v}
        la_start = loadavg()
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        abuse_seconds = seconds + 10  # the abuser starts first and stops last
        # By its importable name: run as a script this module is __main__, which the child (started
        # with a bare __main__, below) cannot look the function up in.
        import importlib
        target = importlib.import_module("deploy.loadtest")._abuse_process
        proc = ctx.Process(target=target, args=(c.url, dict(
            sessions=abuse_sessions, flood_rate=flood_rate, seconds=abuse_seconds, max_attempts=max_attempts,
            source=ABUSER_ADDRESS), queue), daemon=True) if abuse_sessions else None
        t0 = time.time()
        if proc is not None:
            # A spawned child re-runs the parent's __main__ first. Under pytest that can be a Streamlit page
            # that an AppTest ran as __main__, which then runs in the child and keeps it from reporting:
            # start the child with a bare __main__ (it imports this module by name for its target).
            main = sys.modules.get("__main__")
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                proc.start()
            finally:
                sys.modules["__main__"] = main
        peak: dict[int, int] = {}

        async def run_polite():
            stop = asyncio.Event()
            runs, errors = [], []

            async def sample():
                while not stop.is_set():
                    for port, v in c.rss().items():
                        if v:
                            peak[port] = max(peak.get(port, 0), v)
                    try:
                        await asyncio.wait_for(stop.wait(), 0.5)
                    except asyncio.TimeoutError:
                        pass

            sampler = asyncio.create_task(sample())
            await asyncio.sleep(5)  # let the abuser ramp up first
            tasks = [asyncio.create_task(_polite(c.url, i, stop, runs, errors, run_timeout=run_timeout, think=think))
                     for i in range(polite)]
            await asyncio.sleep(seconds)
            stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks), run_timeout * 2 + 10)
            await sampler
            return runs, errors

        runs, errors = run_sync(run_polite())
        abuser = {}
        if proc is not None:
            try:
                abuser = queue.get(timeout=abuse_seconds + 60)
            except Exception:  # noqa: BLE001
                abuser = {"error": "the abusive client did not report"}
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
        elapsed = time.time() - t0
        alive = {str(r.port): r.alive for r in c.members}
        err_log = c.error_log()
    ok = [s for _, s, good in runs if good]
    changes = [s for k, s, good in runs if good and k == "change"]
    res = AbuseResult(
        limits=label, replicas=replicas, seconds=round(elapsed, 1), polite_visitors=polite,
        polite_runs_ok=len(ok), polite_runs_failed=sum(1 for r in runs if not r[2]), polite_errors=errors[:20],
        polite_p50=_r(statistics.median(ok) if ok else None), polite_p95=_r(_pct(ok, 0.95)),
        polite_max=_r(max(ok) if ok else None),
        polite_change_p50=_r(statistics.median(changes) if changes else None), polite_change_p95=_r(_pct(changes, 0.95)),
        abuser=abuser, nginx_limited_requests=err_log.count("limiting requests"),
        nginx_limited_connections=err_log.count("limiting connections"), rss_idle_mb=rss_idle,
        rss_peak_mb={str(k): round(v / 2**20) for k, v in peak.items()}, replicas_alive=alive,
        loadavg_start=la_start, loadavg_end=loadavg())
    say(json.dumps(asdict(res), indent=2), flush=True)
    return res


def abuse_table(results: list[AbuseResult]) -> str:
    head = ("| nginx limits | polite runs ok / failed | polite errors | polite p50 / p95 / max s | abusive client: "
            "sessions held at once / refused (429) / dropped, reruns sent | RSS per replica MB idle -> peak "
            "| replicas alive | loadavg start -> end |")
    rows = [head, "|" + "---|" * 8]
    for r in results:
        a = r.abuser
        refused = sum(a.get("refused", {}).values()) if isinstance(a.get("refused"), dict) else "-"
        rss = ", ".join(f"{r.rss_idle_mb.get(p, '-')} -> {r.rss_peak_mb.get(p, '-')}" for p in r.replicas_alive)
        rows.append(f"| {r.limits} | {r.polite_runs_ok} / {r.polite_runs_failed} | {len(r.polite_errors)} "
                    f"| {r.polite_p50} / {r.polite_p95} / {r.polite_max} "
                    f"| {a.get('peak_open', '-')} / {refused} / {a.get('dropped', '-')}, {a.get('reruns_sent', '-')} "
                    f"| {rss} | {sum(r.replicas_alive.values())} of {len(r.replicas_alive)} "
                    f"| {r.loadavg_start} -> {r.loadavg_end} |")
    return "\n".join(rows)


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
                    help="the abuse test, without limits, with nginx's only, and with nginx's and the rerun budget; then stop")
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
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=2))
        return 0
    if args.abuse:
        if not (1 <= args.abuse_sessions <= 1000 and 0 < args.flood_rate <= 50 and 1 <= args.abuse_replicas <= 4
                and 10 <= args.abuse_seconds <= 300 and 1 <= args.abuse_attempts <= 100_000):
            ap.error("abuse sessions 1..1000, flood rate up to 50/s, replicas 1..4, 10..300 s, attempts up to 100000")
        print(f"cores: {__import__('os').cpu_count()}, loadavg {loadavg()}", flush=True)
        kw = dict(replicas=args.abuse_replicas, seconds=args.abuse_seconds, abuse_sessions=args.abuse_sessions,
                  flood_rate=args.flood_rate, max_attempts=args.abuse_attempts)
        # Without any limit; nginx's limits alone; nginx's limits and the replicas' rerun budget (committed).
        results = [abuse_phase(DEFAULT_LIMITS, **{**kw, "abuse_sessions": 0}),
                   abuse_phase(None, budget=False, **kw)]
        from dataclasses import replace
        for cap in args.ws_per_addr or [DEFAULT_LIMITS.ws_per_addr]:
            results.append(abuse_phase(replace(DEFAULT_LIMITS, ws_per_addr=cap), budget=False, **kw))
            results.append(abuse_phase(replace(DEFAULT_LIMITS, ws_per_addr=cap), **kw))
        print("\n" + abuse_table(results))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
        return 0
    if not all(1 <= n <= 8 for n in args.replicas) or not 1 <= args.sessions <= 2000 or not 1 <= args.concurrency <= 500:
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
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    bad = any(r.killed and r.killed["new_sessions_after_ok"] != r.killed["new_sessions_after"] for r in results)
    bad |= any(r.sticky_violations for r in results)
    bad |= any(len(r.errors) for r in results if not r.killed)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
