"""Two to eight police force areas side by side: the pure part of the compare page.

Rates only, never a rank: every row carries the counts it is made of, so a reader can
check the arithmetic, and a force with no published figure says why.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.periods import window
from spodash.figures import metrics
from spodash.figures.attribution import SPO_SURVEY, SPO_SURVEY_WINDOW, source_only
from spodash.figures.crime_series import force_series, per_100k

MIN_FORCES, MAX_FORCES = 2, 8


def parse_forces(raw: str | None, codes: Sequence[str]) -> tuple[list[str], list[str]]:
    """``'E23000013,E23000008'`` -> (valid codes in the order given, without repeats; the invalid parts).

    Lower-case codes are accepted; blanks between commas are ignored.
    """
    known = set(codes)
    valid, invalid = [], []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        code = part.upper()
        if code in known:
            if code not in valid:
                valid.append(code)
        else:
            invalid.append(part)
    return valid, invalid


def region_forces(forces: pd.DataFrame, region: str) -> list[str]:
    """The region's forces, alphabetically by name (ValueError for a region that is not in forces.csv)."""
    rows = forces[forces["region"] == region].sort_values("force_name")
    if rows.empty:
        raise ValueError(f"{region!r} is not a region in forces.csv")
    return list(rows["force_code"])


def spo_survey(bundle: Bundle, q: metrics.Quarterly, codes: Sequence[str]) -> pd.DataFrame:
    """SPO granted in the BBC Shared Data Unit 2021 survey, per 100 stalking offences and per 100,000.

    Read through metrics.orders_table over financial year 2020/21 with this one source only,
    so every force's figure comes from the same survey (or says why it has none).
    """
    survey = source_only(bundle, SPO_SURVEY)
    win = window(*SPO_SURVEY_WINDOW)
    per_reports = metrics.orders_table(survey, q, "SPO", "granted", win, "per_100_reports").set_index("force_code")
    per_people = metrics.orders_table(survey, q, "SPO", "granted", win, "per_100k").set_index("force_code")
    rows = []
    for code in codes:
        r, k = per_reports.loc[code], per_people.loc[code]
        rows.append({
            "force_code": code, "force_name": r["force_name"], "region": r["region"],
            "count": r["count"], "reports": r["reports"], "reports_period": r["reports_period"],
            "population": r["population"],
            "per_100_reports": r["value"], "per_100k": k["value"], "period": r["period"],
            "status": r["status"] if pd.isna(r["value"]) else "Published",
            "source_id": r["source_id"] or "", "caveats": r["caveats"],
        })
    out = pd.DataFrame(rows)
    for c in ("count", "reports", "population"):
        out[c] = out[c].astype("Int64")
    return out


def rates_by_year(bundle: Bundle, q: metrics.Quarterly, codes: Sequence[str], offence: str = "8Q") -> pd.DataFrame:
    """Recorded offences and the rate per 100,000 residents by financial year, long form, for each force."""
    forces = bundle.forces.set_index("force_code")
    frames = []
    for code in codes:
        s = force_series(q, code, "fy")
        s = s[s[offence].notna()]
        pop = int(forces["population"].loc[code])
        frames.append(pd.DataFrame({
            "force_code": code, "force_name": forces.at[code, "force_name"], "key": s["key"], "mid": s["mid"],
            "period": s["period"], "count": s[offence].astype("Int64"), "population": pop,
            "rate": [per_100k(v, pop) for v in s[offence]],
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["force_code", "force_name", "key", "mid", "period", "count", "population", "rate"])


def national_by_year(bundle: Bundle, q: metrics.Quarterly, offence: str = "8Q") -> pd.DataFrame:
    """England and Wales by financial year: the sum over forces with a figure, over their residents."""
    long = rates_by_year(bundle, q, list(bundle.forces["force_code"]), offence)
    g = long.groupby(["key", "mid"], as_index=False).agg(count=("count", "sum"), population=("population", "sum"),
                                                         forces=("force_code", "nunique"))
    g["rate"] = g["count"].astype(float) / g["population"] * 100_000
    return g.sort_values("mid").reset_index(drop=True)


def comparison_table(spo: pd.DataFrame, long: pd.DataFrame, years: Sequence[str]) -> pd.DataFrame:
    """The table under the charts: one row per force, SPO survey figures then stalking by year."""
    out = pd.DataFrame({
        "Force": spo["force_name"], "ONS code": spo["force_code"], "Region": spo["region"],
        "SPO granted (BBC survey)": spo["count"], "Stalking (8Q) offences in matching quarters": spo["reports"],
        "Matching quarters": spo["reports_period"],
        "SPO granted per 100 stalking offences": spo["per_100_reports"].round(3),
        "SPO granted per 100,000 residents": spo["per_100k"].round(3),
        "SPO figure period": spo["period"], "SPO figure status": spo["status"], "SPO source id": spo["source_id"],
    })
    for year in years:
        d = long[long["key"] == year].set_index("force_code")
        counts, rates = d["count"], d["rate"]
        out[f"Stalking (8Q) {year}"] = pd.array([counts.loc[c] if c in d.index else pd.NA
                                                 for c in spo["force_code"]], dtype="Int64")
        out[f"Stalking (8Q) per 100,000 {year}"] = [round(rates.loc[c], 1) if c in d.index else float("nan")
                                                    for c in spo["force_code"]]
    return out
