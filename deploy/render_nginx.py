"""Render deploy/nginx/dashboard.conf.template for N replica ports.

    .venv/bin/python deploy/render_nginx.py --ports 8501 8502 8503 --listen 80 > /etc/nginx/conf.d/dashboard.conf

The template is an http-context include for an operator's own nginx. ``main_conf`` wraps it in a
complete nginx.conf whose every path (pid, logs, temp and cache folders) lies under one prefix
folder, so deploy/run_replicas.py can run a private nginx without root or a system nginx.

It also fills in what one client address may hold (``Limits``), the security headers (the
Content-Security-Policy lists the SHA-256 of each inline script the app runs, read from the installed
Streamlit and from the app's own code, so it must be rendered by the project's Python), and the two
short pages nginx answers with when a limit is hit (429) or no replica answers (503).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import html
import os
import pwd
import re
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "dashboard.conf.template"
ROOT = Path(__file__).resolve().parent.parent
COOKIE = "spodash_route"
#: Where the 429 and 503 pages send people, and where nginx serves the static export from.
STATIC_SITE_URL = "/static-site/"
STATIC_SITE_DIR = "/var/www/spodash-site"
MIME_TYPES = Path("/etc/nginx/mime.types")


@dataclass(frozen=True)
class Limits:
    """What one client address may hold or ask for at nginx. Measured and explained in deploy/README.md.

    Rates are nginx's (``N r/s`` or ``N r/m``). A request over a rate waits (up to ``*_burst`` requests
    queued, the first ``*_delay`` of them without waiting) or, past the burst, gets the 429 page.
    """

    conn_per_addr: int = 60  # requests in progress plus open websockets, all locations together
    ws_per_addr: int = 8  # open websockets (Streamlit sessions, one per browser tab)
    ws_rate: str = "30r/m"  # new websockets: a tab opening or reconnecting
    ws_burst: int = 24
    page_rate: str = "5r/s"  # page loads and the app's other requests (host-config, uploads, downloads)
    page_burst: int = 80
    page_delay: int = 40
    asset_rate: str = "30r/s"  # Streamlit's JavaScript, CSS and fonts; the map geometry; the static site
    asset_burst: int = 400
    asset_delay: int = 200


DEFAULT_LIMITS = Limits()

#: Browser features the dashboard never uses; everything else keeps the browser's default.
PERMISSIONS_POLICY = ", ".join(f"{f}=()" for f in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "hid",
    "magnetometer", "microphone", "midi", "payment", "serial", "usb", "xr-spatial-tracking", "browsing-topics"))

#: The app's Content-Security-Policy (frame-ancestors is added by the template, by query). Found by
#: testing every page in Chromium (deploy/README.md, tests/test_deploy_headers.py):
#: - style-src 'unsafe-inline': Streamlit's emotion and styled-components, plotly, DOMPurify and React
#:   insert <style> elements and style attributes built at run time (no hash or nonce can cover them);
#: - script-src 'wasm-unsafe-eval': Streamlit's protobuf code (long.js) compiles a tiny WebAssembly
#:   module; without it, it falls back to plain JavaScript but a violation is reported on every load;
#: - no 'unsafe-eval' and no 'unsafe-inline' for scripts: neither Streamlit nor plotly needed them;
#: - script-src blob:: Streamlit runs a custom component's script (the maps', spodash/ui/geo_map.py) from a
#:   blob: URL its own code makes of the script's text. Only a script already running under this
#:   policy can make a blob: URL, so it lets in nothing a page's visitor or a link can supply;
#: - img-src and font-src data:, for images and fonts Streamlit inlines.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    # + the hashes of the inline scripts: inline_script_hashes()
    "script-src": ["'self'", "'wasm-unsafe-eval'", "blob:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],  # data: found needed (Streamlit's own icons)
    "font-src": ["'self'", "data:"],  # data: found needed (fonts inlined in Streamlit's CSS)
    "connect-src": ["'self'"],  # the websocket too ('self' matches ws: and wss: on the same host in CSP 3)
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
#: The static export's pages draw their maps with inline scripts written by spodash.publish.static_site.
STATIC_SITE_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}

_PAGE_STYLE = ("body{font:18px/1.5 system-ui,sans-serif;color:#0b0c0c;max-width:38em;margin:2em auto;padding:0 1em}"
               "h1{font-size:1.6em;line-height:1.2}a{color:#1d70b8}"
               ".help{border-left:5px solid #b1b4b6;padding-left:1em}")


def _error_page(title: str, paragraphs: list[str], static_site_url: str) -> str:
    link = html.escape(static_site_url, quote=True)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title} - Stalking and protective orders dashboard</title><style>{_PAGE_STYLE}</style></head>"
            f"<body><main><h1>{title}</h1>{body}"
            f'<p><a href="{link}">Open the static maps and force briefings</a>: the same published figures as '
            f"plain web pages that do not need this service.</p>"
            f'<p class="help">In an emergency call 999. National Stalking Helpline (Suzy Lamplugh Trust): '
            f"0808 802 0300.</p></main></body></html>")
    # The page goes between single quotes in nginx's config, where $ starts a variable.
    if "'" in page or "$" in page or "\\" in page:
        raise ValueError("an error page must not contain ', $ or a backslash")
    return page


def limited_page(static_site_url: str = STATIC_SITE_URL) -> str:
    """The 429 page: too many requests from one address."""
    return _error_page("Too many requests from your connection", [
        "The dashboard has had more requests from your internet connection than it lets one connection "
        "make in a short time, so it has paused them. Wait a minute, then reload this page.",
        "If many people share your connection (an office, a newsroom or a mobile network), someone else "
        "may be using the dashboard heavily at the same time."], static_site_url)


def unavailable_page(static_site_url: str = STATIC_SITE_URL) -> str:
    """The 503 page: no replica answered."""
    return _error_page("The dashboard is not available right now", [
        "The service behind this page did not answer: it may be restarting or very busy. "
        "Wait a minute, then reload this page."], static_site_url)


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _inline_scripts(markup: str) -> list[str]:
    """The text of every <script> without a src attribute."""
    return [m.group(2) for m in re.finditer(r"<script(\s[^>]*)?>(.*?)</script>", markup, re.S)
            if not (m.group(1) and re.search(r"\bsrc\s*=", m.group(1)))]


#: The app's own inline scripts: each is HTML put on the page with st.html(..., unsafe_allow_javascript=True),
#: given as (module, function, arguments) returning that HTML. The policy allows exactly these scripts (by
#: their SHA-256), so a script added to the app must be listed here: until it is, the browser test
#: (tests/test_deploy_headers.py) reports the page's CSP violation. A listed function that does not exist
#: (yet, or any more) is skipped.
INLINE_SCRIPTS = [
    ("spodash.ui.quick_exit", "snippet", ()),  # the "Exit this page" button, every page
    # map page; the script ignores the arguments
    ("spodash.ui.page_style", "png_button", ("chart", "Download map (PNG)")),
]


def inline_script_hashes() -> list[str]:
    """CSP hash sources for the inline scripts the dashboard runs: those in Streamlit's index.html
    (read from the installed Streamlit) and the app's own (INLINE_SCRIPTS)."""
    import importlib

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import streamlit

    index = Path(streamlit.__file__).parent / "static" / "index.html"
    scripts = _inline_scripts(index.read_text(encoding="utf-8"))
    for module, name, args in INLINE_SCRIPTS:
        try:
            make = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        scripts += _inline_scripts(make(*args))
    return sorted({sha256_source(s) for s in scripts})


def csp(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def app_csp() -> str:
    """The dashboard's Content-Security-Policy, without frame-ancestors (the template adds it)."""
    d = {k: list(v) for k, v in CSP_DIRECTIVES.items()}
    d["script-src"] += inline_script_hashes()
    return csp(d)


def error_page_csp() -> str:
    """The 429/503 pages load nothing and run nothing: only their own inline style is allowed."""
    return csp({"default-src": ["'none'"], "style-src": [sha256_source(_PAGE_STYLE)], "base-uri": ["'none'"],
                "form-action": ["'none'"], "frame-ancestors": ["'self'"]})
#: Passive health check: this many failed attempts within FAIL_TIMEOUT take a replica out for FAIL_TIMEOUT.
MAX_FAILS = 2
FAIL_TIMEOUT = "10s"
#: One line per request, with the replica that answered and the browser's routing cookie.
LOG_FORMAT = ('$remote_addr [$time_local] "$request" $status $body_bytes_sent rt=$request_time '
              'upstream=$upstream_addr ustatus=$upstream_status route=$spodash_route')


def upstream_servers(ports: list[int], host: str = "127.0.0.1", max_fails: int = MAX_FAILS,
                     fail_timeout: str = FAIL_TIMEOUT) -> str:
    if not ports:
        raise ValueError("at least one replica port is needed")
    bad = [p for p in ports if not 0 < int(p) < 65536]
    if bad:
        raise ValueError(f"not a TCP port: {bad}")
    if len(set(ports)) != len(ports):
        raise ValueError(f"the same port twice: {ports}")
    return "\n".join(f"    server {host}:{int(p)} max_fails={max_fails} fail_timeout={fail_timeout};" for p in ports)


def render_site(ports: list[int], *, listen: str = "80", server_name: str = "_",
                cache_dir: str = "/var/cache/nginx/spodash", host: str = "127.0.0.1", cookie: str = COOKIE,
                template: Path = TEMPLATE,
                limits: Limits | None = DEFAULT_LIMITS, static_site_url: str = STATIC_SITE_URL,
                static_site_dir: str = STATIC_SITE_DIR) -> str:
    """The template with its placeholders filled; raises if one is left unfilled.

    ``limits=None`` leaves out every per-client limit (limit_conn and limit_req lines): the load
    test's "without limits" run. Everything else, security headers included, stays.
    """
    if not re.fullmatch(r"[A-Za-z0-9_]+", cookie):
        raise ValueError("cookie name must be letters, digits and _ (it is part of an nginx variable name): "
                         f"{cookie!r}")
    if not re.fullmatch(r"[A-Za-z0-9_./:~%-]+", static_site_url):
        raise ValueError(f"static site URL must be a plain URL or path: {static_site_url!r}")
    text = template.read_text(encoding="utf-8")
    lim = limits or DEFAULT_LIMITS
    values = {"UPSTREAM_SERVERS": upstream_servers(ports, host), "LISTEN": str(listen), "SERVER_NAME": server_name,
              "CACHE_DIR": cache_dir, "COOKIE": cookie, "STATIC_SITE_DIR": str(static_site_dir).rstrip("/"),
              "CSP": app_csp(), "STATIC_SITE_CSP": csp(STATIC_SITE_CSP_DIRECTIVES), "ERROR_PAGE_CSP": error_page_csp(),
              "PERMISSIONS_POLICY": PERMISSIONS_POLICY, "LIMITED_PAGE": limited_page(static_site_url),
              "UNAVAILABLE_PAGE": unavailable_page(static_site_url)}
    values |= {k.upper(): str(v) for k, v in asdict(lim).items()}
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = sorted(set(re.findall(r"\{\{([A-Z_]+)\}\}", text)))
    if left:
        raise ValueError(f"template placeholders left unfilled: {left}")
    if limits is None:
        text = re.sub(r"(?m)^[ \t]*limit_(conn|req)[ \t][^\n]*\n", "", text)
    return text


def _worker_user() -> str:
    """Workers started by root drop to an unprivileged user; any other user keeps its own."""
    if os.geteuid() != 0:
        return ""
    for user, group in (("www-data", "www-data"), ("nobody", "nogroup")):
        try:
            pwd.getpwnam(user)
            return f"user {user} {group};\n"
        except KeyError:
            continue
    return ""


def main_conf(prefix: Path, site_conf: Path, *, workers: int = 2, access_log: bool = True) -> str:
    """A whole nginx.conf for a foreground nginx whose files all live under ``prefix``."""
    p = prefix
    log = f'access_log {p / "access.log"} spodash;' if access_log else "access_log off;"
    # The file types a system nginx.conf includes (Debian's nginx ships them): without them the static
    # site's plotly.min.js went out as application/octet-stream, which browsers refuse to run under
    # nosniff and gzip skips. Streamlit's own responses keep the types the replicas give them.
    mime = f"include {MIME_TYPES};\n    " if MIME_TYPES.exists() else ""
    return f"""# Written by deploy/render_nginx.py for a private, foreground nginx (no root-owned paths).
{_worker_user()}worker_processes {workers};
daemon off;
pid {p / "nginx.pid"};
error_log {p / "error.log"} warn;
events {{
    worker_connections 4096;
}}
http {{
    log_format spodash '{LOG_FORMAT}';
    {log}
    client_body_temp_path {p / "tmp" / "client_body"};
    proxy_temp_path {p / "tmp" / "proxy"};
    fastcgi_temp_path {p / "tmp" / "fastcgi"};
    uwsgi_temp_path {p / "tmp" / "uwsgi"};
    scgi_temp_path {p / "tmp" / "scgi"};
    {mime}default_type application/octet-stream;
    sendfile on;
    include {site_conf};
}}
"""


def write_private_conf(prefix: Path, ports: list[int], listen: str, *, workers: int = 2,
                       limits: Limits | None = DEFAULT_LIMITS, static_site_dir: Path | None = None) -> Path:
    """Write nginx.conf and dashboard.conf under ``prefix`` (made readable to nginx's workers)."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "tmp").mkdir(exist_ok=True)
    cache = prefix / "cache"
    cache.mkdir(exist_ok=True)
    site_dir = static_site_dir or prefix / "static-site"  # empty unless an export is put there
    Path(site_dir).mkdir(parents=True, exist_ok=True)
    site = prefix / "dashboard.conf"
    site.write_text(render_site(ports, listen=listen, cache_dir=str(cache), server_name="localhost", limits=limits,
                                static_site_dir=str(site_dir)), encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(main_conf(prefix, site, workers=workers), encoding="utf-8")
    if os.geteuid() == 0:
        # Workers run as an unprivileged user: they must reach the temp and cache folders.
        os.chmod(prefix, 0o755)
        user = _worker_user().split()[1]
        for d in (prefix / "tmp", cache):
            shutil.chown(d, user)
    return conf


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ports", type=int, nargs="+", required=True, help="the replicas' ports (127.0.0.1 unless --host)")
    ap.add_argument("--host", default="127.0.0.1", help="where the replicas listen")
    ap.add_argument("--listen", default="80", help="nginx's listen directive, e.g. 80 or 127.0.0.1:8080")
    ap.add_argument("--server-name", default="_")
    ap.add_argument("--cache-dir", default="/var/cache/nginx/spodash")
    ap.add_argument("--static-site-url", default=STATIC_SITE_URL,
                    help="where the 429/503 pages send people (a path here, or another server's URL)")
    ap.add_argument("--static-site-dir", default=STATIC_SITE_DIR,
                    help="the static export that nginx serves at /static-site/ "
                         "(python -m spodash.publish.static_site --out DIR)")
    ap.add_argument("--no-limits", action="store_true", help="leave out the per-client limits (not for production)")
    args = ap.parse_args(argv)
    print(render_site(args.ports, listen=args.listen, server_name=args.server_name, cache_dir=args.cache_dir,
                      host=args.host, limits=None if args.no_limits else DEFAULT_LIMITS,
                      static_site_url=args.static_site_url, static_site_dir=args.static_site_dir), end="")


if __name__ == "__main__":
    main()
