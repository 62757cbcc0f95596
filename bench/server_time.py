"""Server time per script run, measured in-process with Streamlit's AppTest.

Warm: a session that has already run the page reruns it (the map page after a filter
change, the others as they are). Cold: the first session in a fresh Python process, so the
data load, imports of the page's modules and first-use caches are all inside the timing.
Cold samples come from one helper process (``python -m bench.server_time --cold TASKS``) that
imports Streamlit, as a running server already has, and then forks a fresh child per sample:
each child starts with Streamlit loaded and nothing of the app's imported or cached.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.servers import ROOT

TIMEOUT = 300
#: the filter a person changes on the map page (and on the baseline), and the options it alternates between
FILTER_LABEL = "Orders shown as"
FILTER_OPTIONS = ("per_100k", "per_100_reports")


@dataclass(frozen=True)
class Page:
    url_path: str
    title: str
    script: str  # relative to ROOT
    default: bool


def _apptest(script: str):
    import logging

    from streamlit.testing.v1 import AppTest

    # AppTest touches Streamlit from the main thread, which logs a warning it says can be ignored.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

    return AppTest.from_file(str(ROOT / script), default_timeout=TIMEOUT)


def _check(at, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what} raised: {[e.value for e in at.exception]}")


def discover_pages(script: str) -> list[Page]:
    """Every page the app registers with ``st.navigation`` when it runs (its default first)."""
    at = _apptest(script)
    at.run()
    _check(at, script)
    registered = getattr(at, "_registered_pages", None) or {}
    pages = []
    for info in registered.values():
        path = info.get("script_path")
        if not path:
            continue
        pages.append(Page(url_path=info.get("url_pathname") or "", title=info.get("page_name", ""),
                          script=str(Path(path).resolve().relative_to(ROOT)),
                          default=not info.get("url_pathname")))
    if not pages:  # a single-page app (the baseline)
        pages = [Page(url_path="", title=Path(script).stem, script=script, default=True)]
    # AppTest leaves the default page's url_pathname empty; name it after its file.
    return [p if p.url_path else Page(Path(p.script).stem, p.title, p.script, p.default) for p in pages]


def _open(script: str, page: Page):
    at = _apptest(script)
    if page.script != script:
        at.switch_page(str(Path(ROOT / page.script).relative_to((ROOT / script).parent)))
    return at


_CPU: list[float] = []  # CPU seconds of each script run in this process, in its own thread
_probe_installed = False


def _install_probes() -> None:
    """Make AppTest's reruns like a server's, and record each script run's own CPU time.

    AppTest compiles the scripts afresh on every run (a new ScriptCache each time), which a
    server does once per process; one shared cache removes that from the warm figures. The
    script thread's CPU time is kept beside the wall time because on a busy machine the wall
    time also counts waiting for a core.
    """
    global _probe_installed
    if _probe_installed:
        return
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()

    def one_cache() -> ScriptCache:
        return shared

    app_test.ScriptCache = one_cache  # type: ignore[misc, assignment]  # patched on purpose: a factory, not a class
    local_script_runner.ScriptCache = one_cache  # type: ignore[misc, assignment]  # the same patch

    original = script_runner.exec_func_with_error_handling

    def timed(func, ctx):
        start = time.thread_time()
        try:
            return original(func, ctx)
        finally:
            _CPU.append(time.thread_time() - start)

    script_runner.exec_func_with_error_handling = timed
    # The figures are the server's work per run: a session asking for more than 8 runs back to back
    # (as these loops do with --repeats over 7) would otherwise wait for the rerun budget as well.
    from spodash.ui import rerun_budget

    rerun_budget.BUDGET = None
    _probe_installed = True


def _filter_radio(at):
    return next((r for r in at.radio if r.label == FILTER_LABEL), None)


def warm(script: str, page: Page, repeats: int, *, before_each=None) -> tuple[list[float], list[float]]:
    """Seconds per rerun of a page a session already shows (wall, and the script thread's CPU).

    On a page with the filter, each rerun changes it, as a person clicking through does.
    ``before_each`` is called before every timed rerun (e.g. to empty the app's view cache).
    """
    _install_probes()
    at = _open(script, page)
    at.run()
    _check(at, page.script)
    out, cpu = [], []
    for i in range(repeats):
        radio = _filter_radio(at)
        if radio is not None:
            radio.set_value(FILTER_OPTIONS[i % 2])
        if before_each is not None:
            before_each()
        _CPU.clear()
        start = time.perf_counter()
        at.run()
        out.append(time.perf_counter() - start)
        cpu.append(sum(_CPU))
        _check(at, page.script)
        if radio is not None and _filter_radio(at).value != FILTER_OPTIONS[i % 2]:
            raise RuntimeError(f"{page.script}: the filter change did not take")
    return out, cpu


def cold_once(script: str, page: Page) -> float:
    """Seconds for the first run of ``page`` in this (fresh) process."""
    _install_probes()
    at = _open(script, page)
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    _check(at, page.script)
    return seconds


def cold(tasks: list[tuple[str, Page]], repeats: int, *, jobs: int = 1, timeout: float = 3600) -> list[list[float]]:
    """Seconds for the first run of each (script, page), ``repeats`` times, each in a fresh process.

    ``jobs`` > 1 runs that many at once: quicker, but they then compete for the cores (smoke runs only).
    """
    spec = json.dumps({"repeats": repeats, "jobs": jobs, "tasks": [[script, page.__dict__] for script, page in tasks]})
    proc = subprocess.run([sys.executable, "-m", "bench.server_time", "--cold", spec],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"cold runs failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _spawn(script: str, page: Page) -> tuple[int, int]:
    """Fork a child that makes one cold run and writes its result to a pipe; (pid, read end)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: a fresh process with Streamlit loaded, nothing of the app
        os.close(read)
        code = 0
        payload: dict[str, float | str]
        try:
            payload = {"seconds": cold_once(script, page)}
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
            payload, code = {"error": f"{type(exc).__name__}: {exc}"}, 1
        os.write(write, json.dumps(payload).encode())
        os.close(write)
        os._exit(code)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int, page: Page) -> float:
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    payload = json.loads(b"".join(chunks) or b'{"error": "the child died without a result"}')
    if "error" in payload:
        raise RuntimeError(f"cold run of {page.script}: {payload['error']}")
    return payload["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold", required=True, metavar="TASKS_JSON",
                        help='{"repeats": N, "jobs": J, "tasks": [[script, page], ...]}')
    args = parser.parse_args()
    import streamlit.testing.v1  # noqa: F401  (loaded before any clock starts, as a server has it)

    spec = json.loads(args.cold)
    tasks = [(i, script, Page(**page)) for i, (script, page) in enumerate(spec["tasks"])
             for _ in range(spec["repeats"])]
    out: list[list[float]] = [[] for _ in spec["tasks"]]
    running: list[tuple[int, int, int, Page]] = []
    for i, script, page in tasks:
        running.append((i, *_spawn(script, page), page))
        if len(running) >= max(1, spec.get("jobs", 1)):
            j, pid, read, p = running.pop(0)
            out[j].append(_collect(pid, read, p))
    for j, pid, read, p in running:
        out[j].append(_collect(pid, read, p))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
