"""What a visitor of the map page does, shared by the deployment's tests (deploy/loadtest.py, deploy/memory.py,
deploy/abuse.py): the links people share, the filters they change, nginx's routing cookie, a warm-up run; and
the small figures the tests report (load average, percentiles).
"""
from __future__ import annotations

import asyncio
import http.client
from pathlib import Path

from deploy.render_nginx import COOKIE
from deploy.ws_client import SessionError, StreamlitSession

#: Links people share: the map's filters travel in the URL (see spodash.ui.cache.bound_select).
SHARED_LINKS = [
    "", "metric=per_100k", "order=DVPO", "basis=cy", "offence=group&rmetric=count", "region=London",
    "measure=applied_for", "force=E23000001", "region=North+West&metric=count", "offence=8L",
    "order=DVPN&region=Wales", "basis=ons",
]
#: Filters a visitor changes (widget labels on the map page).
FILTERS = ["Order type", "Measure", "Period basis", "Period", "Orders shown as", "Reports of",
           "Reports shown as", "Highlight a region", "Select a force"]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


def rounded(v):
    return None if v is None else round(v, 3)


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


async def warm(url: str, timeout: float) -> None:
    async with StreamlitSession(url, timeout=timeout) as s:
        r = await s.run("")
        if r.status != "ok" or r.plotly_charts < 2 or r.exceptions:
            raise SessionError(f"warm-up run on {url} failed: {r.status} {r.exceptions[:1]}")


async def sample_peak_rss(cluster, peak: dict[int, int], stop: asyncio.Event) -> None:
    """Keep each replica's peak memory (RSS, bytes, by port) in ``peak``, every half second until ``stop``."""
    while not stop.is_set():
        for port, rss in cluster.rss().items():
            if rss:
                peak[port] = max(peak.get(port, 0), rss)
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except TimeoutError:
            pass
