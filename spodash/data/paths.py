"""Where the bundle lives, and where the raw sources are read from by the build."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
GEO_DIR = ROOT / "geo"
STATIC_DIR = ROOT / "static"

#: Point the app at another copy of the bundle (used to test how a broken file is reported).
DATA_ENV, GEO_ENV = "SPODASH_DATA_DIR", "SPODASH_GEO_DIR"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_ENV, DATA_DIR))


def geo_dir() -> Path:
    return Path(os.environ.get(GEO_ENV, GEO_DIR))


#: The raw public sources sit beside the project checkout; the build can be pointed elsewhere.
RAW_ENV = "SPODASH_RAW_DIR"


def default_raw_dir() -> Path:
    return Path(os.environ.get(RAW_ENV, ROOT.parent / "shared" / "data" / "raw"))
