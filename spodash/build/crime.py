"""Police recorded crime: Home Office quarters by offence code, and ONS Table P1 group totals."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from spodash.build import BuildError
from spodash.build.common import Resolver, read_csv, whole_count
from spodash.data.periods import year_ending
from spodash.data.schema import OFFENCES

HO_SOURCE = "HO_PRC_PFA_2023_10"
#: British Transport Police has no area or resident population: it is not one of the 43.
EXCLUDED = {"British Transport Police"}
#: 8U (controlling or coercive behaviour) is only separately identifiable from 2020/21. The Home Office
#: file still has these 8U cells before then, all 0, for Greater Manchester's IT-outage quarters: they
#: are not published figures, so the build blanks them (caveat ``gmp-8u-2019-20-blank``). Any other 8U
#: cell before 2020/21 stops the build, to be looked at.
FIRST_8U_YEAR = "2020/21"
UNIDENTIFIED_8U = {("Greater Manchester", "2019/20", 2), ("Greater Manchester", "2019/20", 3),
                   ("Greater Manchester", "2019/20", 4)}


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_dates(financial_year: str, quarter: int | None) -> tuple[dt.date, dt.date]:
    """Quarter 1 of '2022/23' is April to June 2022; quarter 4 is January to March 2023."""
    try:
        start_year = int(financial_year[:4])
        if financial_year[4] != "/" or int(financial_year[5:]) != (start_year + 1) % 100:
            raise ValueError
    except (ValueError, IndexError):
        raise BuildError(f"financial year {financial_year!r} does not parse as YYYY/YY") from None
    if quarter is None or quarter not in (1, 2, 3, 4):
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
        # 8M has a few published net adjustments below zero (Home Office): kept as published.
        count = whole_count(row["Number of Offences"], where, negative_ok=code == "8M")
        if code == "8U" and row["Financial Year"] < FIRST_8U_YEAR:
            _unidentified_8u(row["Force Name"], row["Financial Year"], quarter, count, where)
            count = None
        rows.append({
            "force_code": resolve(row["Force Name"], where),
            "financial_year": row["Financial Year"],
            "quarter": quarter,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "offence_code": code,
            "offence": OFFENCES[code],
            "count": count,
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


def _unidentified_8u(force: str, year: str, quarter: int | None, count: int | None, where: str) -> None:
    """An 8U cell before 8U existed: blank if it is one of the named zeros, else stop the build."""
    if (force, year, quarter) not in UNIDENTIFIED_8U:
        raise BuildError(f"{where}: 8U for {force} in {year} Q{quarter}, before 8U is identifiable ({FIRST_8U_YEAR}); "
                         "name it in UNIDENTIFIED_8U if it is not a published figure")
    if count != 0:
        raise BuildError(f"{where}: 8U for {force} in {year} Q{quarter} is {count}, not the 0 the build blanks")
    return None


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
            raise BuildError(f"{where}: name {row['area_name_as_published']!r} is {code}, "
                             f"but the row says {row['area_code']}")
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
    rows += build_ons_p1_compiled(raw, resolve)
    rows.sort(key=lambda r: (r["force_code"], r["period_end"]))
    return rows


#: recorded_crime/PROVENANCE.md 2d: a hand-compiled copy of ONS Table P1, years ending September.
COMPILED_FILE = "ons_table_p1_ye_sep_2015_2024_compiled.csv"
COMPILED_SOURCE = "ONS_PFA_P1_YE_SEP2023_2024_COMPILED"
#: Only these editions: they are held nowhere else (the others are a cross-check of the ONS workbooks).
COMPILED_YEARS = ("2023", "2024")
#: Rows of the compiled file that are not one of the 43 forces. The file has no codes, so they are
#: named: a name here must not be read as a force (``West Midlands Region`` is not ``West Midlands``).
COMPILED_NOT_FORCES = {"ENGLAND AND WALES", "ENGLAND", "WALES", "North East", "North West", "Yorkshire and The Humber",
                       "East Midlands", "West Midlands Region", "East", "London", "South East", "South West",
                       "British Transport Police"}


def build_ons_p1_compiled(raw: Path, resolve: Resolver) -> list[dict]:
    """The 43 force rows of the years ending Sep 2023 and Sep 2024, resolved by name to codes.

    Each edition must have every force once, and its England and Wales row must equal the 43
    forces plus British Transport Police, as ONS's totals do: a mistyped figure stops the build.
    """
    path = raw / "recorded_crime" / "ons_pfa_tables_compiled" / COMPILED_FILE
    with open(path, newline="", encoding="utf-8-sig") as fh:
        table = list(csv.DictReader(fh))
    rows: list[dict] = []
    for year in COMPILED_YEARS:
        label = f"Sep {year}"
        start, end = year_ending_dates(label)
        by_area: dict[str, int] = {}
        for i, row in enumerate(table, start=2):
            if row["Year ending September"] != year:
                continue
            where = f"{COMPILED_FILE} row {i}"
            area, published = row["Area name"], row["Stalking and harassment"].strip()
            count = whole_count(published, where)
            if count is None:
                raise BuildError(f"{where}: no stalking and harassment figure for {area!r}")
            by_area[area] = count
            if area in COMPILED_NOT_FORCES:
                continue
            rows.append({
                "force_code": resolve(area, where),
                "year_ending": label,
                "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "offence_group": "stalking_harassment",
                "count": count,
                "count_as_published": published,
                "source_id": COMPILED_SOURCE,
            })
        codes = [r["force_code"] for r in rows if r["year_ending"] == label]
        if len(codes) != len(set(codes)) or len(set(codes)) != len(resolve.names):
            raise BuildError(f"{COMPILED_FILE}: year ending {label} has {len(set(codes))} forces in {len(codes)} rows, "
                             f"not the {len(resolve.names)}")
        missing = {"ENGLAND AND WALES", "British Transport Police"} - set(by_area)
        if missing:
            raise BuildError(f"{COMPILED_FILE}: year ending {label} has no row for {sorted(missing)}")
        forces_and_btp = (sum(r["count"] for r in rows if r["year_ending"] == label)
                          + by_area["British Transport Police"])
        if forces_and_btp != by_area["ENGLAND AND WALES"]:
            raise BuildError(f"{COMPILED_FILE}: year ending {label}: the 43 forces and British Transport Police add to "
                             f"{forces_and_btp:,}, but England and Wales is {by_area['ENGLAND AND WALES']:,}")
    return rows
