"""The 318 local authorities of England and Wales, each with its police force area (for "find your area")."""
from __future__ import annotations

from pathlib import Path

from spodash.build import BuildError
from spodash.build.common import read_csv

LOOKUP = Path("population") / "lad23_to_pfa23_mid2023.csv"
N_AUTHORITIES = 318


def build_authorities(raw: Path, names: dict[str, str]) -> list[dict]:
    """Rows of local_authorities.csv, sorted by code; every force named by the ONS code the forces carry."""
    rows = []
    for i, row in enumerate(read_csv(raw / LOOKUP), start=2):
        code = row["PFA23CD"]
        if code not in names:
            raise BuildError(f"{LOOKUP.name} row {i}: {row['LAD23NM']} is given force {code}, not one of the 43")
        if row["PFA23NM"] != names[code]:
            raise BuildError(f"{LOOKUP.name} row {i}: {code} is named {row['PFA23NM']!r}, not {names[code]!r}")
        rows.append({"lad_code": row["LAD23CD"], "lad_name": row["LAD23NM"].strip(),
                     "geography": row["geography"], "force_code": code})
    if len(rows) != N_AUTHORITIES or len({r["lad_code"] for r in rows}) != N_AUTHORITIES:
        raise BuildError(f"{LOOKUP.name}: expected {N_AUTHORITIES} authorities once each, found {len(rows)} rows")
    return sorted(rows, key=lambda r: r["lad_code"])
