"""Memory per session: one replica idle, with many open sessions that each ran the map page once, and at its
peak while some of them change filters without pause.

    .venv/bin/python deploy/loadtest.py --memory      # (the command line is deploy/loadtest.py's)
"""
from __future__ import annotations

import asyncio
import json
import random
import urllib.request

from deploy.map_visits import FILTERS, SHARED_LINKS, loadavg
from deploy.run_replicas import Cluster, rss_bytes
from deploy.ws_client import SessionError, StreamlitSession, run_sync


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
            value = rss_bytes(r.proc.pid)
            if value is None:
                raise RuntimeError(f"the replica on port {r.port} has gone")
            return value / 2**20

        async def go() -> dict:
            # Warm the process and the shared views of every shared link (a cache, not per session).
            for link in SHARED_LINKS:
                async with StreamlitSession(url, timeout=run_timeout) as s:
                    await s.run(link)
            await asyncio.sleep(2)
            warm_mb = round(rss(), 1)
            out: dict[str, object] = {"rss_warm_mb": warm_mb, "loadavg_start": loadavg()}
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
            idle_mb = out["rss_idle_sessions_mb"] = round(rss(), 1)
            out["active_sessions"] = active_sessions(url)
            out["per_idle_session_mb"] = round((idle_mb - warm_mb) / idle, 2)
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
            out["per_busy_session_mb"] = round((peak - idle_mb) / busy, 2)
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
