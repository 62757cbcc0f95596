"""Police recorded crime: Home Office quarters by offence code, and ONS Table P1 group totals."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from spodash.build import BuildError
from spodash.build.common import Resolver, read_csv, whole_count
from spodash.periods import year_ending
from spodash.schema import OFFENCES

HO_SOURCE = "HO_PRC_PFA_2023_10"
#: British Transport Police has no area or resident population: it is not one of the 43.
EXCLUDED = {"British Transport Police"}


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_dates(financial_year: str, quarter: int) -> tuple[dt.date, dt.date]:
    """Quarter 1 of '2022/23' is April to June 2022; quarter 4 is January to March 2023."""
    try:
        start_year = int(financial_year[:4])
        if financial_year[4] != "/" or int(financial_year[5:]) != (start_year + 1) % 100:
            raise ValueError
    except (ValueError, IndexError):
        raise BuildError(f"financial year {financial_year!r} does not parse as YYYY/YY") from None
    if quarter not in (1, 2, 3, 4):
        raise BuildError(f"quarter {quarter!r} is not 1 to 4")
    start = add_months(dt.date(start_year, 4, 1), 3 * (quarter - 1))
    end = add_months(start, 3)
    return start, end - dt.timedelta(days=1)


def build_recorded_crime(raw: Path, resolve: Resolver) -> list[dict]:
    name = "prc_pfa_stalking_harassment_extract_191023.csv"
    rows = []
    for i, row in enumerate(read_csv(raw / "recorded_crime" / "homeoffice_prc_pfa" / name), start=2):
        where = f"{name} row {i}"
        if row["Force Name"] in EXCLUDED:
            continue
        code = row["Offence Code"]
        if code not in OFFENCES:
            raise BuildError(f"{where}: unexpected offence code {code!r}")
        quarter = whole_count(row["Financial Quarter"], where)
        try:
            start, end = quarter_dates(row["Financial Year"], quarter)
        except BuildError as exc:
            raise BuildError(f"{where}: {exc}") from None
        rows.append({
            "force_code": resolve(row["Force Name"], where),
            "financial_year": row["Financial Year"],
            "quarter": quarter,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "offence_code": code,
            "offence": OFFENCES[code],
            # 8M has a few published net adjustments below zero (Home Office): kept as published.
            "count": whole_count(row["Number of Offences"], where, negative_ok=code == "8M"),
            "source_id": HO_SOURCE,
        })
    rows.sort(key=lambda r: (r["force_code"], r["period_start"], r["offence_code"]))
    seen = set()
    for r in rows:
        key = (r["force_code"], r["period_start"], r["offence_code"])
        if key in seen:
            raise BuildError(f"{name}: two rows for {key}")
        seen.add(key)
    return rows


def year_ending_dates(label: str) -> tuple[dt.date, dt.date]:
    """'Jun 2025' -> 1 July 2024 to 30 June 2025 (a rolling 12 months)."""
    try:
        start, end = year_ending(label)
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    return start.date(), end.date()


def build_ons_p1(raw: Path, resolve: Resolver) -> list[dict]:
    """Only the 43 force rows: regional and national rows include BTP and, in 2019, exclude GMP."""
    name = "ons_pfa_table_p1_stalking_harassment_extract.csv"
    rows = []
    for i, row in enumerate(read_csv(raw / "recorded_crime" / "ons_pfa_tables" / name), start=2):
        where = f"{name} row {i}"
        if not row["area_code"].startswith(("E23", "W15")):
            continue
        code = resolve(row["area_name_as_published"], where)
        if code != row["area_code"]:
            raise BuildError(f"{where}: name {row['area_name_as_published']!r} is {code}, but the row says {row['area_code']}")
        resolve(row["area_name"], where)
        try:
            start, end = year_ending_dates(row["year_ending"])
        except BuildError as exc:
            raise BuildError(f"{where}: {exc}") from None
        published = row["stalking_and_harassment"].strip()
        rows.append({
            "force_code": code,
            "year_ending": row["year_ending"],
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "offence_group": "stalking_harassment",
            # '..' is ONS for "not available": missing, never zero.
            "count": None if published == ".." else whole_count(published, where),
            "count_as_published": published,
            "source_id": "ONS_PFA_P1_YE_" + row["year_ending"].replace(" ", "").upper(),
        })
    rows.sort(key=lambda r: (r["force_code"], r["period_end"]))
    return rows
