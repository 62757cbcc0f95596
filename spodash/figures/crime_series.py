"""Recorded stalking and harassment over time, for one force, and the counting-rule changes marked on it.

Pure (no Streamlit): the profile page, the compare page and the briefing read the same series.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from spodash.data.offences import LABELS
from spodash.data.periods import fmt_period, fy_key
from spodash.data.schema import OFFENCES
from spodash.figures import metrics

#: Offences charted over time (8M is in the group total but too small to chart on its own).
SERIES_OFFENCES = ("8Q", "8L", "8R", "8U", metrics.GROUP)
SERIES_LABELS = LABELS  # every code and the group, from the one table in spodash.data.offences


def per_100k(count, population) -> float | None:
    if count is None or pd.isna(count) or not population:
        return None
    return float(count) / float(population) * 100_000


def latest_full_year(q: metrics.Quarterly) -> str:
    years = metrics.year_windows(q, "fy")
    if not years:
        raise ValueError("the recorded-crime table has no complete financial year")
    return years[0]


def quarter_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    return f"{start:%b} to {end:%b %Y}"


def force_series(q: metrics.Quarterly, force: str, view: str) -> pd.DataFrame:
    """Recorded offences for one force, by quarter (``view='quarter'``) or financial year (``'fy'``).

    A financial year is given only when all four of its quarters are published, and an
    offence's yearly figure only when it was published in all four quarters: 8U has a few
    stray quarters before 2020/21 and a part-year total would read as a fall.
    Columns: key, period_start, period_end, mid (the middle of the period, where it is drawn),
    period (readable), then 8L 8M 8Q 8R 8U group (Int64, <NA> = not published).
    """
    codes = [c for c in (*OFFENCES, metrics.GROUP) if c in q.table.columns]
    try:
        rows = q.table.loc[force].reset_index()
    except KeyError:
        rows = q.table.iloc[0:0].reset_index()
    rows = rows.sort_values("period_start").reset_index(drop=True)
    if view == "quarter":
        out = rows[["period_start", "period_end", *codes]].copy()
        out.insert(0, "key", [quarter_label(s, e) for s, e in zip(out["period_start"], out["period_end"], strict=True)])
    elif view == "fy":
        rows["key"] = rows["period_start"].map(fy_key)
        records = []
        for key, g in rows.groupby("key", sort=True):
            if len(g) != 4:
                continue
            rec = {"key": key, "period_start": g["period_start"].min(), "period_end": g["period_end"].max()}
            for c in codes:
                rec[c] = int(g[c].sum()) if g[c].notna().all() else pd.NA
            records.append(rec)
        out = pd.DataFrame(records, columns=["key", "period_start", "period_end", *codes])
        for c in codes:
            out[c] = out[c].astype("Int64")
    else:
        raise ValueError(f"view must be 'quarter' or 'fy', not {view!r}")
    out.insert(3, "mid", out["period_start"] + (out["period_end"] - out["period_start"]) / 2)
    out.insert(4, "period", [fmt_period(s, e) for s, e in zip(out["period_start"], out["period_end"], strict=True)])
    return out.reset_index(drop=True)


def ons_series(bundle, force: str) -> pd.DataFrame:
    """The ONS Table P1 'stalking and harassment' rolling years for a force (a separate release)."""
    p1 = bundle.crime_p1[bundle.crime_p1["force_code"] == force].sort_values("period_end").copy()
    p1["key"] = "12 months to " + p1["period_end"].map(lambda d: f"{d:%b %Y}")
    p1["mid"] = p1["period_start"] + (p1["period_end"] - p1["period_start"]) / 2
    p1["period"] = [fmt_period(s, e) for s, e in zip(p1["period_start"], p1["period_end"], strict=True)]
    return p1[["key", "period_start", "period_end", "mid", "period", "year_ending", "count", "count_as_published",
               "source_id"]].reset_index(drop=True)


def series_table(series: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The recorded-crime series as a readable table (the chart's numbers)."""
    out = pd.DataFrame({"Period": series["key"], "Dates": series["period"]})
    for c in ("8Q", "8L", "8R", "8U", "8M", metrics.GROUP):
        if c in series:
            out[SERIES_LABELS[c]] = series[c]
    out["Source id"] = source_id
    return out


def ons_table(ons: pd.DataFrame) -> pd.DataFrame:
    """The ONS Table P1 rolling years as a readable table."""
    return pd.DataFrame({"Period": ons["key"], "Dates": ons["period"],
                         "All stalking and harassment offences": ons["count"],
                         "As published": ons["count_as_published"], "Source id": ons["source_id"]})


# ---- counting-rule changes ----------------------------------------------------------------
@dataclass(frozen=True)
class RuleChange:
    caveat_id: str
    date: pd.Timestamp
    label: str  # short, for the chart
    text: str  # the caveat as published in caveats.csv


def rule_changes(caveats: pd.DataFrame) -> list[RuleChange]:
    """National counting-rule changes, oldest first: the caveats that carry a chart marker.

    Each such caveat has its own `chart_label` and `marker_date` in caveats.csv (the marker date
    can differ from applies_from: the 2014 change applies from 25 Nov 2012 but the classification
    changed in April 2014), so the chart reads them rather than deriving them from caveat ids.
    """
    marked = caveats[caveats["marker_date"].notna() & (caveats["force_code"] == "")]
    out = [RuleChange(*c) for c in marked[["caveat_id", "marker_date", "chart_label", "text"]].itertuples(index=False)]
    return sorted(out, key=lambda r: r.date)
