"""Render deploy/nginx/dashboard.conf.template for N replica ports.

    .venv/bin/python deploy/render_nginx.py --ports 8501 8502 8503 --listen 80 > /etc/nginx/conf.d/dashboard.conf

The template is an http-context include for an operator's own nginx. ``main_conf`` wraps it in a
complete nginx.conf whose every path (pid, logs, temp and cache folders) lies under one prefix
folder, so deploy/run_replicas.py can run a private nginx without root or a system nginx.
"""
from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "dashboard.conf.template"
COOKIE = "spodash_route"
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


def render_site(ports: list[int], *, listen: str = "80", server_name: str = "_", cache_dir: str = "/var/cache/nginx/spodash",
                host: str = "127.0.0.1", cookie: str = COOKIE, template: Path = TEMPLATE) -> str:
    """The template with its placeholders filled; raises if one is left unfilled."""
    if not re.fullmatch(r"[A-Za-z0-9_]+", cookie):
        raise ValueError(f"cookie name must be letters, digits and _ (it is part of an nginx variable name): {cookie!r}")
    text = template.read_text(encoding="utf-8")
    values = {"UPSTREAM_SERVERS": upstream_servers(ports, host), "LISTEN": str(listen), "SERVER_NAME": server_name,
              "CACHE_DIR": cache_dir, "COOKIE": cookie}
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = sorted(set(re.findall(r"\{\{([A-Z_]+)\}\}", text)))
    if left:
        raise ValueError(f"template placeholders left unfilled: {left}")
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
    default_type application/octet-stream;
    sendfile on;
    include {site_conf};
}}
"""


def write_private_conf(prefix: Path, ports: list[int], listen: str, *, workers: int = 2) -> Path:
    """Write nginx.conf and dashboard.conf under ``prefix`` (made readable to nginx's workers)."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "tmp").mkdir(exist_ok=True)
    cache = prefix / "cache"
    cache.mkdir(exist_ok=True)
    site = prefix / "dashboard.conf"
    site.write_text(render_site(ports, listen=listen, cache_dir=str(cache), server_name="localhost"), encoding="utf-8")
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
    args = ap.parse_args(argv)
    print(render_site(args.ports, listen=args.listen, server_name=args.server_name, cache_dir=args.cache_dir,
                      host=args.host), end="")


if __name__ == "__main__":
    main()
