"""Lighthouse's mobile run of the map page through nginx, and of the static site's map page: layout shift,
first and largest paint, blocking time and the performance score, as medians of a few runs.

    .venv/bin/python -m bench.lighthouse                    # the app through nginx, and the static page, 3 runs each
    .venv/bin/python -m bench.lighthouse --runs 5 --cwd ../other-checkout   # another version of the app

Lighthouse 12.2.3 is pinned in package.json (13 needs Node 22); it drives Debian's Chromium with its
default mobile settings (a 412x823 phone, simulated slow 4G and a 4x slower CPU). Each run is a fresh
browser with an empty cache.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import servers
from bench.browser import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
#: audit id -> (what it is, unit)
AUDITS = {
    "cumulative-layout-shift": ("layout shift (CLS)", ""),
    "first-contentful-paint": ("first contentful paint", "ms"),
    "largest-contentful-paint": ("largest contentful paint", "ms"),
    "total-blocking-time": ("total blocking time", "ms"),
    "speed-index": ("speed index", "ms"),
}
STATIC_PAGE = "maps/spo-granted-per-100-stalking-offences-2020-21.html"


def run_once(url: str) -> dict[str, float]:
    """One Lighthouse run (performance only); the audits' values and the score."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: npm ci installs it (make test does)")
    with tempfile.TemporaryDirectory(prefix="spodash-lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile"])
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                        "--only-categories=performance", f"--chrome-flags={flags}"],
                       env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300,
                       capture_output=True)
        report = json.loads(out.read_text(encoding="utf-8"))
    figures = {k: float(report["audits"][k]["numericValue"]) for k in AUDITS}
    figures["score"] = float(report["categories"]["performance"]["score"])
    return figures


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def measure(runs: int, *, cwd: Path = ROOT, static: bool = True) -> dict[str, dict]:
    """Lighthouse on the app's map page through nginx (and, with ``static``, the static site's map page)."""
    results: dict[str, dict] = {}
    with servers.server("dashboard.py", cwd=cwd) as (base, _proc):
        port = int(base.rsplit(":", 1)[1])
        site_dir = None
        if static:
            site_dir = Path(tempfile.mkdtemp(prefix="spodash-lighthouse-site-")) / "site"
            subprocess.run([sys.executable, "-m", "spodash.publish.static_site", "--out", str(site_dir),
                            "--forces", "E23000013"], cwd=cwd, check=True, capture_output=True, timeout=600)
            if os.geteuid() == 0:
                os.chmod(site_dir.parent, 0o755)  # nginx's workers read it as an unprivileged user
        run_once(base + "/")  # one run first, so the server has loaded the bundle and built the default view
        with servers.nginx_front([port], static_site_dir=site_dir) as front:
            app = [run_once(front + "/") for _ in range(runs)]
            results["app_nginx"] = {"runs": app, "median": medians(app)}
            if site_dir is not None:
                page = [run_once(f"{front}/static-site/{STATIC_PAGE}") for _ in range(runs)]
                results["static_nginx"] = {"runs": page, "median": medians(page)}
    return results


def report(results: dict[str, dict]) -> str:
    lines = ["| figure | " + " | ".join(results) + " |", "|---|" + "---|" * len(results)]
    for key, (what, unit) in [*AUDITS.items(), ("score", ("performance score", ""))]:
        cells = []
        for r in results.values():
            values = [run[key] for run in r["runs"]]
            shown = [f"{v:,.0f}" if unit else f"{v:.3f}" for v in values]
            med = r["median"][key]
            cells.append((f"**{med:,.0f} {unit}**" if unit else f"**{med:.3f}**") + f" ({', '.join(shown)})")
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cwd", type=Path, default=ROOT, help="the project folder to run (another checkout)")
    ap.add_argument("--no-static", action="store_true", help="only the app")
    ap.add_argument("--json", type=Path, help="write every run's figures here")
    args = ap.parse_args(argv)
    results = measure(args.runs, cwd=args.cwd.resolve(), static=not args.no_static)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
