"""The abuse test: one abusive client beside polite visitors, with and without nginx's per-client limits
and the replicas' rerun budget.

    .venv/bin/python deploy/loadtest.py --abuse       # (the command line is deploy/loadtest.py's)


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

import asyncio
import json
import multiprocessing
import random
import statistics
import sys
import time
import types
from dataclasses import asdict, dataclass, replace
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidStatus

from deploy.map_visits import FILTERS, SHARED_LINKS, fetch_cookie, loadavg, percentile, rounded, sample_peak_rss, warm
from deploy.render_nginx import COOKIE, DEFAULT_LIMITS, Limits
from deploy.run_replicas import Cluster
from deploy.ws_client import SessionError, StreamlitSession, run_sync

# ---- abuse: one client against everyone else ---------------------------------------------------------------
ABUSER_ADDRESS = "127.0.0.2"
POLITE_ADDRESS = "127.0.0.{}"  # 20 and up, one address per polite visitor


async def _abuse(url: str, *, sessions: int, flood_rate: float, seconds: float, max_attempts: int,
                 source: str) -> dict:
    """One abusive client: many sessions at once, each flooded with rerun requests (bounded)."""
    c: dict[str, Any] = {"attempts": 0, "opened": 0, "refused": {}, "dropped": 0, "reruns_sent": 0,
                         "bytes_received": 0, "open": 0, "peak_open": 0}
    deadline = time.monotonic() + seconds
    rng = random.Random(99)

    async def drain(s: StreamlitSession):
        async for raw in s.socket:
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
            except (TimeoutError, ConnectionClosed, OSError, SessionError):
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
                run_timeout: float = 30.0, think: tuple[float, float] = (1.0, 3.0),
                verbose: bool = True) -> AbuseResult:
    """Polite visitors beside one abusive client, through nginx with ``limits`` (None = no limits), and
    with or without each replica's per-session rerun budget (spodash/ui/rerun_budget.py, on by default)."""
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
            run_sync(warm(r.url, 120))
        rss_idle = {str(p): round(v / 2**20) for p, v in c.rss().items() if v}
        la_start = loadavg()
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        abuse_seconds = seconds + 10  # the abuser starts first and stops last
        # By its importable name, which the child (started with a bare __main__, below) imports: the
        # process that runs `python deploy/loadtest.py` has the command line as __main__, not this module.
        import importlib
        target = importlib.import_module("deploy.abuse")._abuse_process
        proc = ctx.Process(target=target, args=(c.url, dict(
            sessions=abuse_sessions, flood_rate=flood_rate, seconds=abuse_seconds, max_attempts=max_attempts,
            source=ABUSER_ADDRESS), queue), daemon=True) if abuse_sessions else None
        t0 = time.time()
        if proc is not None:
            # A spawned child re-runs the parent's __main__ first. Under pytest that can be a Streamlit page
            # that an AppTest ran as __main__, which then runs in the child and keeps it from reporting:
            # start the child with a bare __main__ (it imports this module by name for its target).
            main = sys.modules["__main__"]
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                proc.start()
            finally:
                sys.modules["__main__"] = main
        peak: dict[int, int] = {}

        async def run_polite():
            stop = asyncio.Event()
            runs, errors = [], []
            sampler = asyncio.create_task(sample_peak_rss(c, peak, stop))
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
            except Exception:  # noqa: BLE001 - no report in time, or none readable: the abuser's error
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
        polite_p50=rounded(statistics.median(ok) if ok else None), polite_p95=rounded(percentile(ok, 0.95)),
        polite_max=rounded(max(ok) if ok else None),
        polite_change_p50=rounded(statistics.median(changes) if changes else None),
        polite_change_p95=rounded(percentile(changes, 0.95)),
        abuser=abuser, nginx_limited_requests=err_log.count("limiting requests"),
        nginx_limited_connections=err_log.count("limiting connections"), rss_idle_mb=rss_idle,
        rss_peak_mb={str(k): round(v / 2**20) for k, v in peak.items()}, replicas_alive=alive,
        loadavg_start=la_start, loadavg_end=loadavg())
    say(json.dumps(asdict(res), indent=2), flush=True)
    return res


def abuse_test(ws_per_addr: list[int] | None = None, **kw) -> list[AbuseResult]:
    """The phases of ``--abuse``: no abusive client; one without any limit; then, for each cap on websockets
    per address (default: the config's), nginx's limits alone and nginx's limits with the replicas' rerun
    budget (committed). ``kw`` goes to each abuse_phase."""
    results = [abuse_phase(DEFAULT_LIMITS, **{**kw, "abuse_sessions": 0}),
               abuse_phase(None, budget=False, **kw)]
    for cap in ws_per_addr or [DEFAULT_LIMITS.ws_per_addr]:
        results.append(abuse_phase(replace(DEFAULT_LIMITS, ws_per_addr=cap), budget=False, **kw))
        results.append(abuse_phase(replace(DEFAULT_LIMITS, ws_per_addr=cap), **kw))
    return results


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
