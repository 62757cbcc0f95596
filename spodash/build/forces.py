"""The 43 territorial forces: code, name, ONS region (or Wales) and mid-2023 population."""
from __future__ import annotations

from pathlib import Path

from spodash.build import BuildError
from spodash.build.common import read_csv, whole_count

POPULATION_YEAR = 2023
#: MYE2 prints region names in capitals; these are the ONS (GSS) names of the same regions.
REGION_NAMES = {"YORKSHIRE AND THE HUMBER": "Yorkshire and The Humber", "EAST": "East of England"}


def lad_regions(mye2_tsv: Path) -> dict[str, str]:
    """LAD code -> region name, reading the MYE2 table's region rows (Wales is its own).

    The table lists each region row followed by the authorities inside it, so the
    region of an authority is the last region row above it.
    """
    regions: dict[str, str] = {}
    current = None
    with open(mye2_tsv, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        code_i, name_i, geo_i = header.index("Code"), header.index("Name"), header.index("Geography")
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            code, name, geo = cells[code_i], cells[name_i].strip(), cells[geo_i].strip()
            if geo == "Region":
                current = REGION_NAMES.get(name, name.title())
            elif code == "W92000004":
                current = "Wales"
            elif code.startswith(("E92", "K04")):
                current = None
            elif current is not None:
                regions[code] = current
    return regions


def build_forces(raw: Path) -> tuple[dict[str, str], list[dict]]:
    """Return ({code: ONS name}, rows without aliases) for the 43 forces."""
    pop_rows = read_csv(raw / "population" / "pfa_population_mid2023.csv")
    lad_rows = read_csv(raw / "population" / "lad23_to_pfa23_mid2023.csv")
    regions = lad_regions(raw / "population" / "ons_mye2_persons_mid2023_ew_lad.tsv")

    force_regions: dict[str, set[str]] = {}
    for row in lad_rows:
        if row["LAD23CD"] not in regions:
            raise BuildError(f"lad23_to_pfa23_mid2023.csv: {row['LAD23CD']} has no region row in the MYE2 table")
        force_regions.setdefault(row["PFA23CD"], set()).add(regions[row["LAD23CD"]])

    names: dict[str, str] = {}
    rows = []
    for i, row in enumerate(pop_rows, start=2):
        code = row["PFA23CD"]
        region = force_regions.get(code, set())
        if len(region) != 1:
            raise BuildError(f"pfa_population_mid2023.csv row {i}: {code} spans regions {sorted(region)}")
        names[code] = row["PFA23NM"]
        rows.append({
            "force_code": code,
            "force_name": row["PFA23NM"],
            "region": region.pop(),
            "population": whole_count(row["population_mid2023"], f"pfa_population_mid2023.csv row {i}"),
            "population_year": POPULATION_YEAR,
        })
    if len(rows) != 43:
        raise BuildError(f"pfa_population_mid2023.csv: expected 43 forces, found {len(rows)}")
    return names, rows
