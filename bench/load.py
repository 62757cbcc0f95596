"""N simultaneous sessions on one server, each opening the map page and then changing a filter.

Every session is a :class:`deploy.ws_client.StreamlitSession` (Streamlit's own protocol, no
browser, with the browser's message cache), so 50 of them fit on a 2-core machine beside the
server. Each level runs:

- open: all sessions open the map page at the same moment (a shared link opened together);
- burst: once all are open, every session changes "Orders shown as" at the same moment,
  the worst case for a single-process server;
- paced: each session then changes the filter ``changes`` more times, pausing a random
  think time between changes, as people looking at the maps would.

Latency is from sending the rerun to its ``script_finished``. Errors are failed connections,
timeouts, runs that did not finish successfully and runs that showed an exception. The
server's resident memory (its whole process tree) is sampled throughout, and the CPU time it
used over the level is read from /proc (user plus system, its whole process tree). Everything is on
127.0.0.1 and bounded by per-run and per-level timeouts, after which sessions are stopped.
"""
from __future__ import annotations

import asyncio
import random
import time
from typing import Any

from bench.servers import PeakRSS, tree_cpu_seconds, tree_rss
from deploy.ws_client import StreamlitSession

FILTER_LABEL = "Orders shown as"
#: cycled through by each session (the first differs from the page's default)
CHOICES = ("per 100,000 residents", "count", "per 100 recorded stalking offences")


class _Gate:
    """Opens when every session has arrived (or given up), so no session waits on a failed one."""

    def __init__(self, n: int):
        self.n, self.arrived, self.event = n, 0, asyncio.Event()

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived >= self.n:
            self.event.set()


async def _session(base_url: str, index: int, start: asyncio.Event, gate: _Gate, changes: int,
                   think: tuple[float, float], timeout: float, rng: random.Random, out: dict) -> None:
    arrived = False
    try:
        async with StreamlitSession(base_url, timeout=timeout, cache_messages=True) as s:
            await start.wait()
            run = await s.run()
            out["open"].append(run.seconds)
            if not run.ok:
                out["errors"].append(f"session {index} open: status {run.status} {run.exceptions[:1]}")
                return
            gate.arrive()
            arrived = True
            await gate.event.wait()
            for i in range(changes + 1):
                if i and think[1] > 0:
                    await asyncio.sleep(rng.uniform(*think))
                run = await s.run(s.query_string, changes={FILTER_LABEL: CHOICES[(index + i) % len(CHOICES)]})
                out["burst" if i == 0 else "change"].append(run.seconds)
                out["change_bytes"].append(run.bytes)
                if not run.ok:
                    out["errors"].append(f"session {index} change {i}: status {run.status} {run.exceptions[:1]}")
    except Exception as exc:  # noqa: BLE001 - every failure is counted and named, not raised
        out["errors"].append(f"session {index}: {type(exc).__name__}: {exc}"[:300])
    finally:
        if not arrived:
            gate.arrive()


async def _run(base_url: str, n: int, changes: int, think: tuple[float, float], timeout: float,
               deadline: float, seed: int) -> dict:
    out: dict[str, Any] = {"open": [], "burst": [], "change": [], "change_bytes": [], "errors": []}
    start, gate = asyncio.Event(), _Gate(n)
    rng = random.Random(seed)
    tasks = [asyncio.create_task(_session(base_url, i, start, gate, changes, think, timeout,
                                          random.Random(rng.random()), out)) for i in range(n)]
    await asyncio.sleep(0.2)  # let every session connect before the shared start
    t0 = time.perf_counter()
    start.set()
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
        out["errors"].append(f"{len(pending)} sessions still running after the {deadline:.0f} s limit; stopped")
    out["wall_seconds"] = time.perf_counter() - t0
    return out


def prime_queries(k: int) -> list[str]:
    """``k`` distinct map views as shared links (query strings), as a server up for a while has seen."""
    import itertools

    regions = ["North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
               "East of England", "London", "South East", "South West", "Wales", "England and Wales"]
    combos = itertools.product(("per_100k", "count", "per_100_reports"), ("8Q", "8L", "group"),
                               ("per_100k", "count"), regions)
    return [f"metric={m}&offence={o}&rmetric={r}&region={g.replace(' ', '+')}"
            for m, o, r, g in itertools.islice(combos, k)]


async def _prime(base_url: str, k: int, timeout: float) -> dict:
    errors, seconds = [], []
    for q in prime_queries(k):
        try:
            async with StreamlitSession(base_url, timeout=timeout, cache_messages=True) as s:
                run = await s.run(q)
                seconds.append(run.seconds)
                if not run.ok:
                    errors.append(f"prime {q}: status {run.status} {run.exceptions[:1]}")
        except Exception as exc:  # noqa: BLE001 - counted, not raised
            errors.append(f"prime {q}: {type(exc).__name__}: {exc}"[:300])
    return {"views": k, "seconds": seconds, "errors": errors}


def prime(base_url: str, k: int, *, timeout: float = 120.0) -> dict:
    """Open ``k`` distinct views one after another (fills the app's view cache, as a day of use would)."""
    return asyncio.run(_prime(base_url, k, timeout))


def run(base_url: str, pid: int, n: int, *, changes: int = 3, think: tuple[float, float] = (5.0, 15.0),
        timeout: float = 120.0, deadline: float = 600.0, seed: int = 1) -> dict:
    """One load level: ``n`` sessions; returns latencies (seconds), errors and peak RSS (bytes).

    ``changes=0`` opens the sessions and makes the burst change only.
    """
    idle = tree_rss(pid)
    cpu0 = tree_cpu_seconds(pid)
    with PeakRSS(pid) as mem:
        out = asyncio.run(_run(base_url, n, changes, think, timeout, deadline, seed))
    out.update(sessions=n, changes_per_session=changes, think_seconds=list(think),
               rss_before=idle, peak_rss=mem.peak, server_cpu_s=tree_cpu_seconds(pid) - cpu0)
    return out
