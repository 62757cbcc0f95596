"""Replicas behind nginx: the rendered config, sticky routing, gzip and caching, a short load, a crash.

A real nginx (Debian's package; `make test` installs it) in front of two real dashboard
processes, all on 127.0.0.1. The full load test is `deploy/loadtest.py` (see deploy/README.md).
"""
from __future__ import annotations

import asyncio
import gzip
import subprocess
import time
import urllib.request

import pytest

from deploy import loadtest
from deploy.render_nginx import COOKIE, main_conf, render_site
from deploy.run_replicas import Cluster
from deploy.ws_client import StreamlitSession, run_sync
from tests.conftest import shot
from tests.test_deploy_headers import MAPS_DRAWN, idle, poll


@pytest.fixture(scope="module")
def routes(cluster) -> dict[str, str]:
    """A routing-cookie value that nginx sends to each replica (port -> cookie), found by asking nginx."""
    found: dict[str, str] = {}
    for i in range(200):
        cookie = f"probe{i}"
        get(cluster.url + "/", cookie=cookie)
        port = last_upstream(cluster, cookie)
        found.setdefault(port, cookie)
        if len(found) == len(cluster.members):
            return found
    pytest.fail(f"200 cookies all hashed to {sorted(found)}: the consistent hash is not spreading browsers")


def get(url: str, cookie: str | None = None, gzip_ok: bool = False):
    req = urllib.request.Request(url, headers={**({"Cookie": f"{COOKIE}={cookie}"} if cookie else {}),
                                               **({"Accept-Encoding": "gzip"} if gzip_ok else {})})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers, r.read()


def last_upstream(cluster: Cluster, route: str) -> str:
    """The replica port that last served this cookie (nginx logs a request just after answering it)."""
    deadline = time.time() + 5
    while not (rows := [a for a in cluster.access_log() if a.get("route") == route]) and time.time() < deadline:
        time.sleep(0.05)
    assert rows, f"no access-log line for route {route}"
    return rows[-1]["upstream"].split(",")[-1].strip().rsplit(":", 1)[-1]


def test_rendered_config_passes_nginx_check(nginx_bin, tmp_path):
    site = render_site([8501, 8502, 8503], listen="127.0.0.1:18080", cache_dir=str(tmp_path / "cache"))
    assert site.count("max_fails=2 fail_timeout=10s") == 3
    assert "hash $spodash_route consistent;" in site and "{{" not in site
    assert "location /_stcore/stream" in site and "proxy_read_timeout 1h;" in site
    (tmp_path / "dashboard.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(main_conf(tmp_path, tmp_path / "dashboard.conf"))
    (tmp_path / "tmp").mkdir()
    check = subprocess.run([nginx_bin, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                            "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr


@pytest.mark.parametrize("ports, message", [([], "at least one"), ([8501, 8501], "the same port twice"),
                                            ([70000], "not a TCP port")])
def test_render_refuses_bad_ports(ports, message):
    with pytest.raises(ValueError, match=message):
        render_site(ports)


def test_cookie_keeps_a_browser_on_one_replica(cluster, routes):
    # First response: nginx sets the routing cookie; a browser that sends it back gets no new one.
    status, headers, _ = get(cluster.url + "/")
    cookie = headers["Set-Cookie"]
    assert status == 200 and cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    _, again, _ = get(cluster.url + "/", cookie=value)
    assert again.get("Set-Cookie") is None
    # Every request with one cookie, page and websocket alike, reaches the same replica.
    for port, route in routes.items():
        for _ in range(3):
            get(cluster.url + "/", cookie=route)
        assert last_upstream(cluster, route) == port

        async def one_session(route: str):
            async with StreamlitSession(cluster.url, extra_headers={"Cookie": f"{COOKIE}={route}"}) as s:
                first = await s.run("order=DVPO")
                change = await s.run(s.query_string, changes={"Highlight a region": "Wales"})
                return first, change, s.query_string

        first, change, url = run_sync(one_session(route))
        assert first.status == "ok" and first.plotly_charts == 2 and not first.exceptions
        assert any(h.startswith("DVPO granted") for h in first.headings), first.headings
        # The server applied the filter change: the page wrote it into the URL, as it does in a browser.
        assert change.status == "ok" and change.plotly_charts == 2 and "region=Wales" in url
        ups = {a["upstream"].rsplit(":", 1)[-1] for a in cluster.access_log() if a.get("route") == route}
        assert ups == {port}, f"cookie {route} reached {ups}"
    assert len(routes) == 2


def test_static_files_are_gzipped_and_cached(cluster):
    _, _, page = get(cluster.url + "/")
    script = page.decode().split('src="./static/js/', 1)[1].split('"', 1)[0]
    url = f"{cluster.url}/static/js/{script}"
    _, headers, body = get(url, gzip_ok=True)
    assert headers["Content-Encoding"] == "gzip"
    plain = gzip.decompress(body)
    assert len(body) < len(plain) / 2
    get(url, gzip_ok=True)
    hits = [a for a in cluster.access_log() if script in a["request"]]
    # The second request was answered from nginx's cache: no replica was asked.
    assert hits[-1]["upstream"] == "-" and hits[-1]["status"] == "200"


@pytest.mark.browser
def test_real_browser_through_nginx(cluster, browser):
    """Streamlit's own frontend, websocket and all, through the proxy (Origin and Host must agree)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    try:
        pg.goto(cluster.url + "/?order=DVPO&region=London", wait_until="domcontentloaded")
        # (Not conftest's wait_for_maps: Playwright's wait_for_function uses eval, which the CSP refuses.)
        poll(pg, MAPS_DRAWN, what="both maps to draw")
        idle(pg)
        shot(pg, "deploy_map_through_nginx.png")
        assert pg.locator("h2", has_text="DVPO granted").count() == 1  # the headline block's heading
        assert "London" in pg.locator("[data-testid=stAlertContentInfo]").first.inner_text()
        route = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
    finally:
        context.close()
    # nginx writes a websocket's log line when it closes, a moment after the browser has gone.
    deadline = time.time() + 15
    while True:
        mine = [a for a in cluster.access_log() if a.get("route") == route]
        streams = [a for a in mine if "/_stcore/stream" in a["request"]]
        if streams or time.time() > deadline:
            break
        time.sleep(0.2)
    assert [a["status"] for a in streams] == ["101"], streams
    ups = {a["upstream"].rsplit(":", 1)[-1] for a in mine if a["upstream"] != "-"}
    assert len(ups) == 1, f"one browser's requests reached several replicas: {ups}"


def test_short_load_then_a_replica_dies(cluster, routes):
    dead = str(cluster.members[0].port)
    result = loadtest.drive(cluster, sessions=8, concurrency=4, changes=1, think=0.1, max_seconds=60,
                            run_timeout=60, kill=True, verbose=False)
    print(loadtest.table([result]))
    assert result.sessions_started == 8
    assert result.sessions_ok == 8, result.errors
    assert result.killed["port"] == int(dead)
    assert result.killed["new_sessions_after"] >= 1
    assert result.killed["new_sessions_after_ok"] == result.killed["new_sessions_after"]
    assert result.sticky_violations == 0
    assert result.first_median is not None and result.throughput > 0
    # A browser whose cookie maps to the dead replica still gets the page and a working session.
    route = routes[dead]
    status, _, _ = get(cluster.url + "/", cookie=route)
    assert status == 200

    async def session():
        async with StreamlitSession(cluster.url, extra_headers={"Cookie": f"{COOKIE}={route}"}) as s:
            return await s.run("metric=per_100k")

    r = run_sync(session())
    assert r.status == "ok" and r.plotly_charts == 2
    assert last_upstream(cluster, route) != dead
    # nginx found out passively: a refused connection, then the replica taken out of the pool.
    assert "Connection refused" in cluster.error_log()


def test_a_replica_refuses_websocket_messages_over_the_cap(cluster):
    """server.maxMessageSize (8 MB in .streamlit/config.toml, not Streamlit's 200 MB): a larger message
    from a client closes its websocket (1009, message too big) instead of being buffered; a smaller one
    is read (and answered, here with an error about the garbage it holds).

    The client offers permessage-deflate and the replica accepts it (server.enableWebsocketCompression),
    so 9 MB of zeros crosses the wire as a few KB: the cap must hold for the message once inflated,
    not for the compressed frame. Each case reads until the replica closes the connection or falls
    silent, so a message already on its way before the bad one (the first run's last status) is not
    taken for the answer to it."""
    from websockets.exceptions import ConnectionClosed

    replica = next(r for r in cluster.members if r.alive)

    async def send(n: int):
        async with StreamlitSession(replica.url, timeout=30) as s:
            first = await s.run("")
            extensions = s.response_headers.get("Sec-WebSocket-Extensions", "")
            await s.ws.send(b"\0" * n)
            answers = 0
            try:
                while True:
                    await asyncio.wait_for(s.ws.recv(), 10)
                    answers += 1
            except ConnectionClosed as exc:
                return first, extensions, exc.rcvd.code if exc.rcvd else None
            except TimeoutError:
                return first, extensions, f"open after {answers} messages"

    first, extensions, outcome = run_sync(send(9 * 10**6))
    assert first.status == "ok" and first.largest < 2 * 10**6
    assert "permessage-deflate" in extensions, extensions
    assert outcome == 1009, outcome
    _, _, outcome = run_sync(send(7 * 10**6))
    assert outcome != 1009 and not str(outcome).startswith("open after 0"), outcome


def test_abusive_client_is_limited_while_polite_visitors_are_served(nginx_bin):
    """A small, bounded version of `deploy/loadtest.py --abuse` (see deploy/README.md for the full one)."""
    from dataclasses import replace

    res = loadtest.abuse_phase(replace(loadtest.DEFAULT_LIMITS, ws_per_addr=3), replicas=1, seconds=10, polite=2,
                               abuse_sessions=15, flood_rate=2, max_attempts=300, verbose=False)
    assert res.replicas_alive and all(res.replicas_alive.values())
    assert res.polite_errors == [] and res.polite_runs_failed == 0 and res.polite_runs_ok >= 2
    assert res.abuser.get("peak_open") == 3, res.abuser
    assert res.abuser["refused"].get("429", 0) >= 12, res.abuser
    assert res.nginx_limited_connections >= 12


def test_static_site_files_go_out_with_their_types(cluster):
    """The static export's files through the private nginx: a script as JavaScript (a browser refuses an
    octet-stream script under nosniff), compressed; a page as HTML."""
    site = cluster.workdir / "nginx" / "static-site"
    assert site.is_dir(), site
    (site / "probe.js").write_text("window.probe = '" + "x" * 4000 + "';\n", encoding="utf-8")
    (site / "probe.html").write_text("<!doctype html><title>probe</title>", encoding="utf-8")
    _, headers, body = get(cluster.url + "/static-site/probe.js", gzip_ok=True)
    assert headers["Content-Type"].split(";")[0] in ("application/javascript", "text/javascript"), headers
    assert headers["Content-Encoding"] == "gzip" and headers["X-Content-Type-Options"] == "nosniff"
    _, headers, _ = get(cluster.url + "/static-site/probe.html")
    assert headers["Content-Type"].startswith("text/html"), headers
