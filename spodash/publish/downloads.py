"""The bundled files as downloads: exact bytes from disk, descriptive names, and one zip of everything.

Files are served as they are on disk (never re-written through pandas), so a download is
byte-for-byte the published bundle and its checksums can be compared with the repository.
What each table holds, and its columns, are read from the bundle's own ``datapackage.json``.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from spodash.data.paths import data_dir as default_data_dir
from spodash.data.paths import geo_dir as default_geo_dir
from spodash.data.schema import COLUMNS, DATAPACKAGE, GEO_FILES, datapackage

PREFIX = "stalking-orders"
DICTIONARY = "README.md"
#: What each bundled file that is not a table holds, in a line (the tables' lines are in datapackage.json).
OTHER_DESCRIPTIONS = {
    "police_force_areas.geojson": "ONS Police Force Areas (December 2023) boundaries, super-generalised (WGS84)",
    "scotland_ni_outline.geojson": "Scotland and Northern Ireland outlines, the grey backdrop of the maps (WGS84)",
    DICTIONARY: "The data dictionary: every file, column, allowed value and rule",
    DATAPACKAGE: "The data contract as a Frictionless Data Package: every table's columns, types, allowed values "
                 "and keys (run `frictionless validate datapackage.json` on the unzipped data folder)",
}
TYPE_WORDS = {"string": "text", "integer": "whole number", "date": "date (YYYY-MM-DD)"}


def package(data_dir: Path | None = None) -> dict:
    """The bundle's datapackage.json (the contract's own copy if the file is missing)."""
    path = (data_dir or default_data_dir()) / DATAPACKAGE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else datapackage()


def descriptions(data_dir: Path | None = None) -> dict[str, str]:
    """File name -> what it holds, in a line: the tables from datapackage.json, then the other files."""
    tables = {r["path"]: r["description"] for r in package(data_dir)["resources"]}
    return {**tables, **OTHER_DESCRIPTIONS}


def tables(data_dir: Path | None = None) -> list[str]:
    """The tables datapackage.json describes, in its order."""
    return [r["path"] for r in package(data_dir)["resources"]]


def columns(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """A table's columns as the data dictionary shows them: name, type, allowed values, meaning."""
    resource = next(r for r in package(data_dir)["resources"] if r["path"] == name)
    rows = []
    for f in resource["schema"]["fields"]:
        c = f.get("constraints", {})
        kind = TYPE_WORDS.get(f["type"], f["type"]) + (f", at least {c['minimum']}" if "minimum" in c else "")
        rows.append({"Column": f["name"], "Type": kind, "Never empty": "yes" if c.get("required") else "",
                     "Allowed values": ", ".join(map(str, c.get("enum", []))),
                     "Meaning": f["description"].replace("`", "")})  # code marks are for README.md's markdown
    return pd.DataFrame(rows)


MIME = {".csv": "text/csv", ".geojson": "application/geo+json", ".md": "text/markdown", ".json": "application/json",
        ".zip": "application/zip"}


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


def bundled_files(data_dir: Path | None = None, geo_dir: Path | None = None) -> list[BundledFile]:
    """Every CSV in data/, every GeoJSON in geo/, then the data dictionary and datapackage.json if there.

    The folders are the ones the app reads (``SPODASH_DATA_DIR`` / ``SPODASH_GEO_DIR`` when set).
    Files on disk are listed (not only the expected ones) so a file added to the bundle is
    offered too; the contract's files come first, in the contract's order.
    """
    data_dir, geo_dir = data_dir or default_data_dir(), geo_dir or default_geo_dir()
    about = descriptions(data_dir)
    known = list(COLUMNS) + list(GEO_FILES)
    def place(p: Path) -> tuple[int, str]:
        return (known.index(p.name) if p.name in known else len(known), p.name)

    csvs = sorted(data_dir.glob("*.csv"), key=place)
    geos = sorted(geo_dir.glob("*.geojson"), key=place)
    files = [BundledFile(p, "data", about.get(p.name, "")) for p in csvs]
    files += [BundledFile(p, "geo", about.get(p.name, "")) for p in geos]
    for name in (DICTIONARY, DATAPACKAGE):
        if (data_dir / name).exists():
            files.append(BundledFile(data_dir / name, "data", about[name]))
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
    return max(sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1, 0)


def records(file: BundledFile, data: bytes) -> str:
    """'7,098 rows' for a table, '43 areas' for a GeoJSON file, '' for the dictionary and the package."""
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
