"""Security headers and per-client limits through a real nginx, with real replicas, in real Chromium.

- Every response carries the Content-Security-Policy and the other headers; every page of the app
  loads with them and no CSP violation is reported (in the page or in any frame), both maps draw, an
  upload and the downloads work.
- ``?embed=true`` pages may be framed by another site; other pages may not.
- Over a limit nginx answers 429 with a short page that names the static site; with no replica
  answering, 503 with the same kind of page. Both are screenshot in Chromium (tests/artifacts/).
- A replica holding a session with uploaded figures is killed: the browser reconnects to the other
  replica, and the page says plainly that the figures must be uploaded again (spodash/ui/upload_loss.py);
  someone opening the same address in another browser is told nothing.

Everything listens on 127.0.0.1; clients that must count as other addresses connect from other
loopback addresses (127.0.0.0/8 is all this machine). Playwright's wait_for_function evaluates a
string with eval(), which the policy forbids, so these tests poll with page.evaluate instead.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import http.client
import io
import json
import re
import socket
import subprocess
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import streamlit

from deploy.render_nginx import DEFAULT_LIMITS, Limits, error_page_csp, write_private_conf
from deploy.run_replicas import free_port
from deploy.ws_client import StreamlitSession, run_sync
from spodash import uploads
from tests.conftest import shot

PAGES = ["", "profile", "compare", "upload", "sources", "methods", "downloads", "help"]
#: Records every CSP violation in every frame (the init script runs in each frame).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push({
  directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
  sample: e.sample, document: e.documentURI}));
"""
MAPS_DRAWN = """() => {
  const layers = [...document.querySelectorAll('.js-plotly-plot .choroplethlayer')];
  return layers.length >= 2 && layers.every(l => l.querySelectorAll('path.choroplethlocation').length > 0);
}"""
IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]')"
LOST = "Your uploaded figures are no longer shown."


# ---- helpers -------------------------------------------------------------------------------------
def poll(pg, fn: str, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pg.evaluate(fn):
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what or fn}")


def idle(pg) -> None:
    time.sleep(0.3)
    poll(pg, IDLE, what="the script run to finish")
    time.sleep(0.3)


def violations(pg) -> list[dict]:
    found = []
    for frame in pg.frames:
        try:
            found += frame.evaluate("() => window.__csp || []")
        except Exception:  # noqa: BLE001 - a frame that went away while reading
            continue
    return found


def request(base: str, path: str, *, source: str | None = None, method: str = "GET",
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One HTTP request from a chosen local address (nginx's limits are per client address)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def header_lines(base: str, path: str) -> list[tuple[str, str]]:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        return r.getheaders()
    finally:
        conn.close()


def directives(csp: str) -> dict[str, list[str]]:
    return {p.split()[0]: p.split()[1:] for p in (x.strip() for x in csp.split(";")) if p}


# ---- fixtures -------------------------------------------------------------------------------------
@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    ctx.add_init_script(RECORD_VIOLATIONS)
    yield ctx
    ctx.close()


# ---- headers, without a browser -------------------------------------------------------------------
def test_security_headers_on_every_kind_of_response(cluster):
    status, page, body = request(cluster.url, "/")
    assert status == 200
    script = body.decode().split('src="./static/js/', 1)[1].split('"', 1)[0]
    geo = "/app/static/" + next(p.name for p in (Path(__file__).parent.parent / "static").rglob("*.geojson"))
    for path in ("/", "/profile", f"/static/js/{script}", "/_stcore/health", "/_stcore/host-config", geo,
                 "/no-such-page"):
        lines = header_lines(cluster.url, path)
        names = [k.lower() for k, _ in lines]
        h = dict((k.lower(), v) for k, v in lines)
        for name in ("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy"):
            assert names.count(name) == 1, (path, name, names.count(name))
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
        assert "camera=()" in h["permissions-policy"] and "geolocation=()" in h["permissions-policy"]
        csp = directives(h["content-security-policy"])
        assert csp["default-src"] == ["'self'"] and csp["connect-src"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'self'"] and h["x-frame-options"] == "SAMEORIGIN"
        # Nothing from any other origin, no eval, no inline script except by hash.
        allowed = {"'self'", "'none'", "'unsafe-inline'", "'wasm-unsafe-eval'", "data:", "blob:"}
        for name, sources in csp.items():
            assert all(s in allowed or s.startswith("'sha256-") for s in sources), (name, sources)
        assert "'unsafe-eval'" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]


def test_csp_hashes_cover_streamlits_inline_script():
    from deploy.render_nginx import app_csp

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    inline = re.findall(r"<script>(.*?)</script>", index, re.S)
    assert inline, "Streamlit's index.html has no inline script any more: drop its hash"
    csp = directives(app_csp())
    for text in inline:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]


def test_embed_pages_may_be_framed_by_any_site(cluster):
    for path in ("/?embed=true", "/profile?embed=true&force=E23000013", "/?embed=True&embed_options=light_theme"):
        _, h, _ = request(cluster.url, path)
        assert directives(h["content-security-policy"])["frame-ancestors"] == ["*"], path
        assert "x-frame-options" not in h, path
    for path in ("/?embed=false", "/?embedded=true", "/?x=1&embed=truex"):
        _, h, _ = request(cluster.url, path)
        assert directives(h["content-security-policy"])["frame-ancestors"] == ["'self'"], path


# ---- limits -------------------------------------------------------------------------------------------
def test_one_address_over_the_page_rate_gets_the_429_page(cluster):
    """A burst of page loads at once from one address (127.0.0.9): the first are served at once, the
    next wait their turn, and past the burst (or the connection cap) they get the 429 page."""
    n = DEFAULT_LIMITS.page_burst + 60

    def one(_):
        return request(cluster.url, "/_stcore/host-config", source="127.0.0.9")

    with ThreadPoolExecutor(n) as pool:
        answers = list(pool.map(one, range(n)))
    codes = [a[0] for a in answers]
    assert codes.count(200) >= DEFAULT_LIMITS.page_delay, codes
    limited = [a for a in answers if a[0] == 429]
    assert limited, codes
    _, h, body = limited[0]
    text = body.decode()
    assert "Too many requests from your connection" in text and 'href="/static-site/"' in text
    assert "0808 802 0300" in text and h["retry-after"] == "60" and h["content-type"].startswith("text/html")
    assert h["content-security-policy"] == error_page_csp()
    # Another address is not affected.
    assert request(cluster.url, "/_stcore/host-config", source="127.0.0.10")[0] == 200


def test_one_address_gets_a_limited_number_of_websockets(cluster):
    """Sessions (websockets) from one address past the cap are refused with 429 at the handshake."""
    from websockets.exceptions import InvalidStatus

    cap = DEFAULT_LIMITS.ws_per_addr

    async def go():
        opened, refused = [], []
        for _ in range(cap + 3):
            s = StreamlitSession(cluster.url, timeout=30, source="127.0.0.11")
            try:
                await s.__aenter__()
                opened.append(s)
            except InvalidStatus as exc:
                refused.append(exc.response.status_code)
        for s in opened:
            await s.__aexit__(None, None, None)
        # Once they are closed, the same address may open sessions again (the rate allows it).
        await asyncio.sleep(2.5)
        async with StreamlitSession(cluster.url, timeout=60, source="127.0.0.11") as s:
            again = await s.run("")
        return len(opened), refused, again

    opened, refused, again = run_sync(go())
    assert opened == cap and refused == [429, 429, 429]
    assert again.status == "ok" and again.plotly_charts == 2


@pytest.mark.browser
def test_429_and_503_pages_seen_in_chromium(browser, nginx_bin, tmp_path):
    """nginx alone, its one replica down: page loads get the 503 page until the (tiny) rate is used
    up, then the 429 page."""
    prefix = tmp_path / "nginx"
    port = free_port()
    tiny = Limits(page_rate="1r/m", page_burst=1, page_delay=1)
    conf = write_private_conf(prefix, [free_port()], f"127.0.0.1:{port}", workers=1, limits=tiny)
    cmd = [nginx_bin, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    check = subprocess.run(cmd + ["-t", "-q"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    ctx = browser.new_context(viewport={"width": 900, "height": 700})
    ctx.add_init_script(RECORD_VIOLATIONS)
    pg = ctx.new_page()
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        first = pg.goto(f"http://127.0.0.1:{port}/")
        assert first.status == 503
        assert pg.get_by_role("heading", name="The dashboard is not available right now").is_visible()
        link = pg.get_by_role("link", name="Open the static maps and force briefings")
        assert link.get_attribute("href") == "/static-site/"
        assert violations(pg) == []
        shot(pg, "deploy_503_page.png")
        statuses = [first.status]
        while statuses[-1] != 429 and len(statuses) < 4:
            statuses.append(pg.goto(f"http://127.0.0.1:{port}/").status)
        assert statuses[-1] == 429, statuses
        assert pg.get_by_role("heading", name="Too many requests from your connection").is_visible()
        assert pg.get_by_text("Wait a minute, then reload this page.").is_visible()
        assert pg.get_by_role("link", name="Open the static maps and force briefings").is_visible()
        # The page's own style applies (its hash is in its policy): the heading is not the default serif.
        assert "system-ui" in pg.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert violations(pg) == []
        shot(pg, "deploy_429_page.png")
    finally:
        ctx.close()
        proc.terminate()
        proc.wait(timeout=10)


# ---- the app in Chromium, with the headers on ---------------------------------------------------------------
@pytest.mark.browser
def test_every_page_loads_with_the_headers_and_no_csp_violation(cluster, context, tmp_path):
    pg = context.new_page()
    console = []
    pg.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    loaded = []
    for name in PAGES:
        response = pg.goto(f"{cluster.url}/{name}", wait_until="domcontentloaded")
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
        if name == "":
            poll(pg, MAPS_DRAWN, what="both maps to draw")
        else:
            pg.locator("h1").first.wait_for(timeout=60_000)
        idle(pg)
        loaded.append(name or "map")
        assert violations(pg) == [], (name, violations(pg))
    # Both maps: plotly's svg with one path per police force area in each.
    pg.goto(cluster.url + "/?order=DVPO&region=London", wait_until="domcontentloaded")
    poll(pg, MAPS_DRAWN, what="both maps to draw")
    idle(pg)
    paths = pg.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .choroplethlayer')]"
                        ".map(l => l.querySelectorAll('path.choroplethlocation').length)")
    assert len(paths) >= 2 and all(n >= 40 for n in paths[:2]), paths
    shot(pg, "deploy_headers_map.png")
    # The map's CSV download (after the page's run has finished: a click during a rerun can be lost).
    idle(pg)
    pg.get_by_role("button", name="Download this table (CSV)").scroll_into_view_if_needed()
    with pg.expect_download(timeout=120_000) as dl:
        pg.get_by_role("button", name="Download this table (CSV)").click()
    csv = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].count(",") >= 2 and len(csv.splitlines()) > 40
    # An upload through the upload page, then its figures on the page.
    pg.goto(cluster.url + "/upload", wait_until="domcontentloaded")
    pg.get_by_role("heading", name="Add your own figures").wait_for(timeout=60_000)
    idle(pg)
    pg.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        files=[{"name": "template.csv", "mimeType": "text/csv", "buffer": uploads.template_csv()}])
    pg.get_by_text("2 of 2 rows accepted from template.csv.").wait_for(timeout=60_000)
    idle(pg)
    with pg.expect_download(timeout=120_000) as dl:
        pg.get_by_role("button", name="Download these figures (CSV, in the upload format)").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8-sig").startswith("force,")
    assert dl.value.suggested_filename == "my_figures_user_supplied.csv"
    # The downloads page: the zip of every file, read back.
    pg.goto(cluster.url + "/downloads", wait_until="domcontentloaded")
    pg.locator("h1").first.wait_for(timeout=60_000)
    idle(pg)
    with pg.expect_download(timeout=120_000) as dl:
        pg.get_by_role("button", name=re.compile(r"^Download all \d+ files \(zip\)$")).click()
    with zipfile.ZipFile(io.BytesIO(Path(dl.value.path()).read_bytes())) as zf:
        assert zf.testzip() is None and "data/orders.csv" in zf.namelist()
    assert violations(pg) == []
    refused = [c for c in console if "Content Security Policy" in c or "Permissions-Policy" in c]
    assert refused == [], refused
    assert loaded == ["map", *PAGES[1:]]


class _Framer(BaseHTTPRequestHandler):
    """Another site (another origin: another port) that frames the dashboard twice."""

    app = ""

    def do_GET(self):  # noqa: N802 - http.server's name
        body = (f'<!doctype html><title>Another site</title><h1>Another site</h1>'
                f'<iframe id="embed" title="embedded map" src="{self.app}/?embed=true" width="900" height="600">'
                f'</iframe>'
                f'<iframe id="full" title="full app" src="{self.app}/" width="300" height="200"></iframe>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.browser
def test_another_site_can_frame_the_embed_view_only(cluster, browser):
    _Framer.app = cluster.url
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Framer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    pg = ctx.new_page()
    try:
        pg.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        embed = pg.frame_locator("#embed")
        embed.locator(".js-plotly-plot .choroplethlayer path").first.wait_for(timeout=90_000)
        time.sleep(2)
        frames = {f.name or f.url: f.url for f in pg.frames}
        full = next(f for f in pg.frames if f.parent_frame is pg.main_frame and "embed" not in f.url)
        # Chromium replaces a frame refused by frame-ancestors with its own error page.
        assert full.url.startswith("chrome-error://"), frames
        assert pg.frame_locator("#full").locator("#root").count() == 0
        shot(pg, "deploy_embed_framed_by_another_site.png")
    finally:
        ctx.close()
        server.shutdown()


# ---- a replica dies while holding uploaded figures: the page says so ---------------------------------------
@pytest.mark.browser
def test_lost_uploads_are_reported_after_the_replica_dies(cluster, browser):
    """Runs last in this module: it kills one of the two replicas."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1200})
    ctx.add_init_script(RECORD_VIOLATIONS)
    pg = ctx.new_page()
    other = None
    try:
        pg.goto(cluster.url + "/upload", wait_until="domcontentloaded")
        pg.get_by_role("heading", name="Add your own figures").wait_for(timeout=60_000)
        idle(pg)
        pg.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
            files=[{"name": "our_2025_return.csv", "mimeType": "text/csv", "buffer": uploads.template_csv()}])
        pg.get_by_text("2 of 2 rows accepted from our_2025_return.csv.").wait_for(timeout=60_000)
        idle(pg)
        note = pg.evaluate("() => sessionStorage.getItem('spodash.uploadedFigures')")
        assert note and json.loads(note)["figures"] == 2
        assert pg.get_by_text(LOST).count() == 0
        # The replica that holds this browser's session (by its routing cookie).
        route = next(c["value"] for c in ctx.cookies() if c["name"] == "spodash_route")
        # A proxied, logged request with that cookie: nginx's access log names the replica it went to. (Not
        # /_stcore/health, which nginx does not log; and not any request of the route, since one served
        # from nginx's cache, such as a Streamlit chunk an earlier test fetched, names no replica.)
        request(cluster.url, "/_stcore/host-config", headers={"Cookie": f"spodash_route={route}"})
        time.sleep(0.5)
        ports = {str(r.port): i for i, r in enumerate(cluster.members)}
        asked = [a for a in cluster.access_log() if a.get("route") == route and "/_stcore/host-config" in a["request"]]
        index = ports[asked[-1]["upstream"].rsplit(":", 1)[-1]]
        cluster.kill_replica(index)
        # The browser reconnects through nginx to the other replica: a new session, without the figures.
        pg.get_by_text(LOST).wait_for(timeout=90_000)
        idle(pg)
        warning = pg.locator("[data-testid=stAlertContentWarning]").first.inner_text()
        assert "2 figures you uploaded" in warning and "our_2025_return.csv" in warning
        assert "upload the same file again" in warning and "still on your computer" in warning
        assert pg.get_by_text("None yet. Upload a file above.").is_visible()
        shot(pg, "deploy_upload_lost_warning.png")
        # The same address, opened by someone else (another browser): no warning.
        url = pg.url
        other = browser.new_context(viewport={"width": 1400, "height": 1000})
        o = other.new_page()
        o.goto(url, wait_until="domcontentloaded")
        o.get_by_role("heading", name="Add your own figures").wait_for(timeout=60_000)
        idle(o)
        time.sleep(2)
        idle(o)
        assert o.get_by_text(LOST).count() == 0
        # Dismissed, it stays dismissed after a reload.
        pg.get_by_role("button", name="Dismiss this message").click()
        idle(pg)
        assert pg.get_by_text(LOST).count() == 0
        pg.reload(wait_until="domcontentloaded")
        pg.get_by_role("heading", name="Add your own figures").wait_for(timeout=60_000)
        idle(pg)
        time.sleep(2)
        assert pg.get_by_text(LOST).count() == 0
        # The map page, reloaded after a new upload: the warning is on every page, not only this one.
        pg.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
            files=[{"name": "again.csv", "mimeType": "text/csv", "buffer": uploads.template_csv()}])
        pg.get_by_text("2 of 2 rows accepted from again.csv.").wait_for(timeout=60_000)
        idle(pg)
        pg.goto(cluster.url + "/?order=SPO", wait_until="domcontentloaded")
        pg.get_by_text(LOST).wait_for(timeout=60_000)
        poll(pg, MAPS_DRAWN, what="both maps to draw")
        assert "again.csv" in pg.locator("[data-testid=stAlertContentWarning]").first.inner_text()
        assert violations(pg) == []
    finally:
        ctx.close()
        if other is not None:
            other.close()


def test_every_inline_script_of_the_app_is_listed_for_the_policy():
    """A quick check before the browser test: each st.html(..., unsafe_allow_javascript=True) in the app's
    code calls a function that render_nginx.INLINE_SCRIPTS lists (else its script is refused)."""
    from deploy.render_nginx import INLINE_SCRIPTS

    root = Path(__file__).resolve().parent.parent
    listed = {name for _, name, _ in INLINE_SCRIPTS}
    found = []
    for path in [root / "dashboard.py", *(root / "app_pages").glob("*.py"), *(root / "spodash").rglob("*.py")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0]
            if "unsafe_allow_javascript=True" in code and "st.html(" in code and "``" not in code:
                call = re.search(r"st\.html\(\s*([\w.]+)\(", code)
                found.append((path.name, call.group(1).rsplit(".", 1)[-1] if call else code.strip()))
    assert found, "no inline script found at all: is the search still right?"
    missing = [f for f in found if f[1] not in listed]
    assert not missing, f"add these to deploy/render_nginx.py INLINE_SCRIPTS: {missing}"
