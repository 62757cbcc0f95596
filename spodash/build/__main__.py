"""Command line: ``python -m spodash.build [--raw DIR] [--out DIR] [--check]``."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from spodash.build import BuildError
from spodash.build.bundle import build_bundle, compare, with_build_info, write_bundle
from spodash.data.paths import RAW_ENV, ROOT, default_raw_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spodash.build", description=__doc__)
    parser.add_argument("--raw", type=Path, default=None,
                        help=f"raw sources folder (default ${RAW_ENV} or ../shared/data/raw)")
    parser.add_argument("--out", type=Path, default=ROOT, help="project folder to write data/ and geo/ into")
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with the files on disk")
    args = parser.parse_args(argv)
    raw = args.raw or default_raw_dir()
    if not raw.is_dir():
        print(f"error: raw sources folder {raw} not found (set --raw or ${RAW_ENV})", file=sys.stderr)
        return 2
    try:
        files, report = build_bundle(raw)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    files = with_build_info(files, args.out, dt.date.today().isoformat())
    for line in report:
        print(line)
    if args.check:
        differences = compare(files, args.out)
        for line in differences:
            print(f"differs: {line}", file=sys.stderr)
        return 1 if differences else 0
    for path, size in write_bundle(files, args.out):
        print(f"wrote {path} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
