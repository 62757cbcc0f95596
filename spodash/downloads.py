"""The bundled files as downloads: exact bytes from disk, descriptive names, and one zip of everything.

Files are served as they are on disk (never re-written through pandas), so a download is
byte-for-byte the published bundle and its checksums can be compared with the repository.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from spodash.paths import DATA_DIR, GEO_DIR
from spodash.schema import COLUMNS, GEO_FILES

PREFIX = "stalking-orders"
DICTIONARY = "README.md"
#: What each bundled file holds, in a line (the data dictionary, data/README.md, has every column).
DESCRIPTIONS = {
    "forces.csv": "The 43 police force areas: ONS code, name, region, mid-2023 resident population",
    "recorded_crime.csv": "Home Office police recorded crime by force, quarter and offence code (8L, 8M, 8Q, 8R, 8U)",
    "recorded_crime_ons_p1.csv": "ONS Table P1 'stalking and harassment' totals by force, eleven rolling years",
    "orders.csv": "SPO, DVPN/DVPO and DAPN/DAPO figures by force, exactly as published, with source and period",
    "orders_context.csv": "National and regional order totals, for context only (never add to force figures)",
    "sources.csv": "Every source: title, publisher, date, URL, evidence grade, licence, attribution",
    "caveats.csv": "Caveats with the forces, dates and topics they apply to, and their source",
    "disagreements.csv": "Pairs of published order figures for a force that cannot both be true, and why",
    "police_force_areas.geojson": "ONS Police Force Areas (December 2023) boundaries, super-generalised (WGS84)",
    "scotland_ni_outline.geojson": "Scotland and Northern Ireland outlines, the grey backdrop of the maps (WGS84)",
    DICTIONARY: "The data dictionary: every file, column, allowed value and rule",
}
MIME = {".csv": "text/csv", ".geojson": "application/geo+json", ".md": "text/markdown", ".zip": "application/zip"}


@dataclass(frozen=True)
class BundledFile:
    path: Path
    folder: str  # "data" or "geo": the file's place in the repository and in the zip
    description: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def archive_name(self) -> str:
        return f"{self.folder}/{self.name}"

    @property
    def mime(self) -> str:
        return MIME.get(self.path.suffix, "application/octet-stream")

    def read(self) -> bytes:
        return self.path.read_bytes()


def bundled_files(data_dir: Path = DATA_DIR, geo_dir: Path = GEO_DIR) -> list[BundledFile]:
    """Every CSV in data/, every GeoJSON in geo/, then the data dictionary if it is there.

    Files on disk are listed (not only the expected ones) so a file added to the bundle is
    offered too; the contract's files come first, in the contract's order.
    """
    known = list(COLUMNS) + list(GEO_FILES)
    csvs = sorted(data_dir.glob("*.csv"), key=lambda p: (known.index(p.name) if p.name in known else len(known), p.name))
    geos = sorted(geo_dir.glob("*.geojson"), key=lambda p: (known.index(p.name) if p.name in known else len(known), p.name))
    files = [BundledFile(p, "data", DESCRIPTIONS.get(p.name, "")) for p in csvs]
    files += [BundledFile(p, "geo", DESCRIPTIONS.get(p.name, "")) for p in geos]
    readme = data_dir / DICTIONARY
    if readme.exists():
        files.append(BundledFile(readme, "data", DESCRIPTIONS[DICTIONARY]))
    return files


def download_name(file: BundledFile, day: dt.date) -> str:
    """'stalking-orders_orders_2026-11-28.csv': what it is, and the day it was downloaded."""
    stem = "data-dictionary" if file.name == DICTIONARY else file.path.stem
    return f"{PREFIX}_{stem}_{day.isoformat()}{file.path.suffix}"


def zip_name(day: dt.date) -> str:
    return f"{PREFIX}-bundle_{day.isoformat()}.zip"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def line_count(data: bytes) -> int:
    """Data rows in a CSV (lines after the header; a quoted field may hold a line break, so count records)."""
    import csv

    return max(sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1, 0)


def records(file: BundledFile, data: bytes) -> str:
    """'7,098 rows' for a table, '43 areas' for a GeoJSON file, '' for the dictionary."""
    import json

    if file.path.suffix == ".csv":
        return f"{line_count(data):,} rows"
    if file.path.suffix == ".geojson":
        return f"{len(json.loads(data)['features']):,} areas"
    return ""


def build_zip(files: list[BundledFile], day: dt.date) -> bytes:
    """All files in one zip, built in memory, each under its repository folder (data/, geo/)."""
    buf = io.BytesIO()
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            info = zipfile.ZipInfo(f.archive_name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, f.read())
    return buf.getvalue()
