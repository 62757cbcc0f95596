"""Run N dashboard replicas behind a private nginx, on this machine, and tear them all down.

    .venv/bin/python deploy/run_replicas.py --replicas 3 --port 8080        # until Ctrl-C
    .venv/bin/python deploy/run_replicas.py --replicas 2 --check            # start, check, stop

Each replica is ``streamlit run dashboard.py --server.port P --server.address 127.0.0.1
--server.headless true`` (plus ``--server.fileWatcherType none``: a production replica has no
reason to watch its source files). nginx runs in the foreground (``daemon off``) with its config,
pid, logs, temp and cache folders in a temporary folder, so no system nginx and no root-owned path
is involved. Everything listens on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# `python deploy/run_replicas.py` puts only deploy/ on the path; the imports of `deploy.` need the root
if str(ROOT := Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.render_nginx import DEFAULT_LIMITS, Limits, write_private_conf

NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


def find_nginx() -> str:
    for c in NGINX_CANDIDATES:
        path = shutil.which(c) or (c if os.path.isfile(c) and os.access(c, os.X_OK) else None)
        if path:
            return path
    raise FileNotFoundError("nginx is not installed: `make test` installs Debian's nginx "
                            "(or run: apt-get update && apt-get install -y nginx)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process and its children (None once it has gone)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        return None
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


@dataclass
class Replica:
    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None


@dataclass
class Cluster:
    """N Streamlit replicas and one nginx in front of them (a context manager)."""

    replicas: int
    port: int | None = None  # nginx's port; a free one if None
    workdir: Path | None = None  # kept if given, a temporary folder (removed at stop) if not
    nginx_workers: int = 2
    startup_timeout: float = 180.0
    limits: Limits | None = DEFAULT_LIMITS  # per-client limits at nginx; None = none (load test comparison)
    static_site_dir: Path | None = None  # a static export to serve at /static-site/ (empty folder if None)
    # extra environment for the replicas (the abuse test's comparison)
    env: dict[str, str] = field(default_factory=dict)
    members: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    def __post_init__(self):
        if self.replicas < 1:
            raise ValueError("at least one replica")
        self._own_dir = self.workdir is None
        self.workdir = Path(self.workdir or tempfile.mkdtemp(prefix="spodash-replicas-"))
        if os.geteuid() == 0:
            os.chmod(self.workdir, 0o755)  # nginx's workers (an unprivileged user) reach their cache below
        self.port = self.port or free_port()

    @property
    def folder(self) -> Path:
        """The working folder: ``workdir``, which ``__post_init__`` sets (to a temporary one if not given)."""
        assert self.workdir is not None, "set by __post_init__"
        return self.workdir

    # ---- life cycle ----------------------------------------------------------------------
    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        nginx = find_nginx()
        env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **self.env}
        for _ in range(self.replicas):
            port = free_port()
            log = self.folder / f"replica-{port}.log"
            proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
                cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
            self.members.append(Replica(port, proc, log))
        deadline = time.time() + self.startup_timeout
        for r in self.members:
            while not http_ok(f"{r.url}/_stcore/health"):
                if not r.alive:
                    raise RuntimeError(f"replica on port {r.port} exited: {r.log.read_text()[-2000:]}")
                if time.time() > deadline:
                    raise TimeoutError(f"replica on port {r.port} not healthy after {self.startup_timeout:.0f} s")
                time.sleep(0.3)
        conf = write_private_conf(self.folder / "nginx", [r.port for r in self.members], f"127.0.0.1:{self.port}",
                                  workers=self.nginx_workers, limits=self.limits, static_site_dir=self.static_site_dir)
        prefix = conf.parent
        check = subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                               capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx rejected the rendered config: {check.stderr.strip()}")
        self.nginx = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                                      stdout=subprocess.DEVNULL, stderr=(prefix / "stderr.log").open("wb"),
                                      start_new_session=True)
        while not http_ok(f"{self.url}/_stcore/health"):
            if self.nginx.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.error_log()[-2000:]}")
            if time.time() > deadline:
                raise TimeoutError("nginx did not answer /_stcore/health")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish open requests, then exit
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.nginx.pid, signal.SIGKILL)
                self.nginx.wait()
        for r in self.members:
            if r.alive:
                r.proc.terminate()
        for r in self.members:
            try:
                r.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                r.proc.kill()
                r.proc.wait()
        if self._own_dir:
            shutil.rmtree(self.folder, ignore_errors=True)

    # ---- while running -------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill_replica(self, index: int) -> Replica:
        """SIGKILL one replica (a crash, as far as nginx can tell)."""
        r = self.members[index]
        r.proc.kill()
        r.proc.wait()
        return r

    def rss(self) -> dict[int, int | None]:
        """Resident memory per replica port, in bytes (None for a replica that has gone)."""
        return {r.port: (rss_bytes(r.proc.pid) if r.alive else None) for r in self.members}

    def nginx_path(self, name: str) -> Path:
        return self.folder / "nginx" / name

    def access_log(self) -> list[dict[str, str]]:
        """The access log as dicts: request, status, upstream, ustatus, route, rt."""
        path = self.nginx_path("access.log")
        rows: list[dict[str, str]] = []
        if not path.exists():
            return rows
        for line in path.read_text(errors="replace").splitlines():
            try:
                request = line.split('"')[1]
                tail = line.split('"')[2].split()
            except IndexError:
                continue
            row = {"request": request, "status": tail[0]}
            for part in tail[2:]:
                key, _, value = part.partition("=")
                row[key] = value
            rows.append(row)
        return rows

    def error_log(self) -> str:
        path = self.nginx_path("error.log")
        return path.read_text(errors="replace") if path.exists() else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="N dashboard replicas behind a private nginx on 127.0.0.1.")
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    ap.add_argument("--check", action="store_true", help="start, check the app answers through nginx, stop")
    ap.add_argument("--seconds", type=float, default=0, help="stop by itself after this many seconds (0 = Ctrl-C)")
    args = ap.parse_args(argv)
    with Cluster(args.replicas, port=args.port) as c:
        print(f"nginx on {c.url} -> replicas on " + ", ".join(str(r.port) for r in c.members), flush=True)
        print(f"config, logs: {c.folder / 'nginx'}", flush=True)
        if args.check:
            with urllib.request.urlopen(c.url + "/", timeout=10) as r:
                ok = r.status == 200 and b"<div id=\"root\">" in r.read()
                cookie = r.headers.get("Set-Cookie", "")
            print(f"home page through nginx: {'ok' if ok else 'FAILED'}; routing cookie: {cookie.split(';')[0]}")
            return 0 if ok else 1
        stop_at = time.time() + args.seconds if args.seconds else None
        try:
            while stop_at is None or time.time() < stop_at:
                if c.nginx is None or c.nginx.poll() is not None:
                    print("nginx exited; stopping", file=sys.stderr)
                    return 1
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
