"""Profile a page's warm reruns inside the script thread (where the page runs), with pyinstrument.

    .venv/bin/python -m bench.profile_page [app_pages/map.py] [--repeats 10] [--html out.html] [--uncached]

Streamlit runs a page in its own thread, so a profiler started in the main thread sees only
a wait; this wraps the script runner's call to the page so each rerun is sampled where it runs.
"""
from __future__ import annotations

import argparse
import time

from pyinstrument import Profiler

from bench import server_time

_profiler: Profiler | None = None


def _wrap_exec() -> None:
    from streamlit.runtime.scriptrunner import exec_code, script_runner

    original = exec_code.exec_func_with_error_handling

    def profiled(func, ctx):
        if _profiler is None:
            return original(func, ctx)
        _profiler.start()
        try:
            return original(func, ctx)
        finally:
            _profiler.stop()

    script_runner.exec_func_with_error_handling = profiled


def main() -> None:
    global _profiler
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("page", nargs="?", default="app_pages/map.py")
    parser.add_argument("--script", default="dashboard.py")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    parser.add_argument("--uncached", action="store_true",
                        help="empty the app's shared map views before each rerun (a view nobody has seen yet)")
    args = parser.parse_args()
    server_time._install_probes()  # compile once, as a server does
    _wrap_exec()
    page = next(p for p in server_time.discover_pages(args.script) if p.script == args.page)
    at = server_time._open(args.script, page)
    at.run()
    _profiler = Profiler(interval=0.001, async_mode="disabled")
    times = []
    for i in range(args.repeats):
        radio = server_time._filter_radio(at)
        if radio is not None:
            radio.set_value(server_time.FILTER_OPTIONS[i % 2])
        if args.uncached:
            from spodash.ui import cache

            cache.forget_map_views()
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"{args.page}: {args.repeats} warm reruns, median {times[len(times) // 2] * 1000:.0f} ms")
    print(_profiler.output_text(unicode=False, color=False, show_all=False))
    if args.html:
        with open(args.html, "w") as f:
            f.write(_profiler.output_html())


if __name__ == "__main__":
    main()
