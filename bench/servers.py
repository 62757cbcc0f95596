"""Start a Streamlit server on loopback for the benchmark (alone, or behind the deployment's nginx),
serve a folder of static files, and read a process tree's memory and CPU time from /proc."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "dashboard.py"
BASELINE = "bench/baseline_app.py"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(script: str, *, timeout: float = 120.0, args: list[str] | None = None, cwd: Path = ROOT):
    """A Streamlit server for ``script`` on 127.0.0.1; yields (base URL, process); stopped on exit.

    ``args`` are extra ``streamlit run`` options, e.g. ``["--runner.postScriptGC", "false"]``;
    ``cwd`` is the project folder it runs in (another checkout, to compare two versions).
    """
    port = free_port()
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server can never block on it
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "PYTHONPATH": str(cwd)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.runOnSave", "false",
         "--server.fileWatcherType", "none", *(args or [])],
        cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"{script} exited: {log.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError as exc:
                if time.time() > deadline:
                    raise RuntimeError(f"{script} did not start on port {port} within {timeout:.0f} s") from exc
                time.sleep(0.3)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of ``pid`` and every process below it."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except OSError:
            continue
        todo += _children(p)
    return total


class PeakRSS:
    """Samples a process tree's RSS every ``interval`` seconds in a thread; ``peak`` is the largest seen."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.peak = tree_rss(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.pid))


def tree_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds used so far by ``pid`` and every process below it."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
        todo += _children(p)
    return total


@contextmanager
def nginx_front(ports: list[int], *, static_site_dir: Path | None = None, timeout: float = 60.0):
    """The deployment's nginx (deploy/nginx/dashboard.conf.template, rendered by deploy/render_nginx.py,
    its per-client limits, gzip and cache included) in front of the Streamlit servers on ``ports``,
    on a free port of 127.0.0.1; yields its base URL. ``static_site_dir`` is served at /static-site/."""
    import shutil
    import signal

    from deploy.render_nginx import write_private_conf
    from deploy.run_replicas import find_nginx

    nginx = find_nginx()
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="spodash-bench-nginx-"))
    if os.geteuid() == 0:
        os.chmod(work, 0o755)  # nginx's workers (an unprivileged user) reach its cache and the static site
    conf = write_private_conf(work / "nginx", ports, f"127.0.0.1:{port}", workers=2, static_site_dir=static_site_dir)
    prefix = conf.parent
    proc = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=(prefix / "stderr.log").open("wb"),
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {(prefix / 'error.log').read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError as exc:
                if time.time() > deadline:
                    raise RuntimeError("nginx did not answer /_stcore/health") from exc
                time.sleep(0.2)
        yield base
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # graceful
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def file_server(folder: Path):
    """A plain HTTP file server for ``folder`` on 127.0.0.1 (no compression, as a bare web server);
    yields its base URL."""
    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
