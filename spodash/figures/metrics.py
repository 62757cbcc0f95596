"""Figures for the maps: every force's order figure or report volume, its rate, and totals.

Every value here is a published number or arithmetic on published numbers. A force
with no figure keeps a missing value and a reason; it is never given a zero.

The parts live beside this module and are re-exported here for the pages:
:mod:`spodash.data.denominators` (recorded crime matched to a period), :mod:`spodash.figures.order_choice`
(which figure stands for a force and year), :mod:`spodash.figures.caveat_match` (which caveats apply)
and :mod:`spodash.data.offences` (the offence codes and their labels).
"""
from __future__ import annotations

from typing import NamedTuple, NotRequired, TypedDict

import pandas as pd

from spodash.data.datasets import USER_SOURCE_ID, Bundle
from spodash.data.denominators import (
    PARTIAL_DENOMINATOR,
    YEAR_DAYS,
    Quarterly,
    period_days,
    quarterly,
    quarters_needed,
    reports_in,
    year_windows,
)
from spodash.data.offences import GROUP, MAP_CHOICES, OFFENCES
from spodash.data.periods import Window, fmt_period
from spodash.figures import evidence
from spodash.figures.caveat_match import applicable_caveats, caveat_records, force_caveats
from spodash.figures.order_choice import (
    STOCK_MEASURES,
    belongs,
    best_year,
    choose_order_figures,
    lengths_differ,
    missing_reason,
    order_years,
    shares,
)
from spodash.figures.sourcelist import source_lines

#: Re-exported for the pages and the static site, which read them as ``metrics.<name>``.
__all__ = ["GROUP", "OFFENCE_CHOICES", "METRICS", "LEGEND_UNITS", "REPORT_METRICS", "STOCK_MEASURES", "CITY_OF_LONDON",
           "MEASURE_LABELS", "NO_FIGURE", "PARTIAL_DENOMINATOR", "YEAR_DAYS", "Quarterly", "quarterly", "reports_in",
           "quarters_needed", "year_windows", "period_days", "order_years", "best_year", "belongs", "shares",
           "missing_reason", "choose_order_figures", "lengths_differ", "caveat_records", "applicable_caveats",
           "order_metrics", "orders_table", "reports_table", "totals", "context_table"]

#: The offences a map of recorded crime offers, in menu order (labels from :mod:`spodash.data.offences`).
OFFENCE_CHOICES = MAP_CHOICES
METRICS = {
    "per_100_reports": "per 100 recorded stalking offences",
    "per_100k": "per 100,000 residents",
    "count": "count",
    "recency": "how recent the figure is (the year its period ends)",
}
LEGEND_UNITS = {"per_100_reports": "per 100 stalking offences", "per_100k": "per 100,000 residents", "count": "count",
                "recency": "latest figure ends in"}
REPORT_METRICS = {"per_100k": METRICS["per_100k"], "count": METRICS["count"]}
CITY_OF_LONDON = "E23000034"
MEASURE_LABELS = {
    "granted": "granted", "applied_for": "applied for", "refused": "refused", "pending": "pending (awaiting a hearing)",
    "breaches": "breaches", "in_force": "in force", "other": "other",
}
NO_FIGURE = "No published figure for this period"


def order_metrics(order_type: str, measure: str) -> list[str]:
    """How an order figure can be shown. Per 100 stalking offences only makes sense for SPO flows."""
    stalking_flow = "SPO" in order_type and measure not in STOCK_MEASURES
    return [m for m in ("per_100_reports", "per_100k", "count") if m != "per_100_reports" or stalking_flow]


def _base(bundle: Bundle) -> pd.DataFrame:
    return bundle.forces[["force_code", "force_name", "region", "population"]].copy()


class _Force(NamedTuple):
    """One force as the tables start from it (a row of forces.csv)."""

    force_code: str
    force_name: str
    region: str
    population: int


def _forces(bundle: Bundle) -> list[_Force]:
    return [_Force(*f) for f in _base(bundle).itertuples(index=False)]


def orders_table(bundle: Bundle, q: Quarterly, order_type: str, measure: str, win: Window | None, metric: str,
                 *, chosen: pd.DataFrame | None = None, annualise: bool = False) -> pd.DataFrame:
    """All 43 forces with the chosen figure (or the reason there is none) and the metric's value.

    ``chosen`` gives the figures directly (one per force, e.g. each force's latest), instead of
    choosing them for ``win``. With ``annualise`` a rate per 100,000 residents is per year of the
    figure's own period, so figures of different lengths can sit on one map.
    """
    if chosen is None:
        assert win is not None, "orders_table needs a window or the chosen figures"
        chosen = choose_order_figures(bundle, order_type, measure, win)
    picked = {r["force_code"]: r for r in chosen.to_dict("records")}
    titles = dict(zip(bundle.sources["source_id"], bundle.sources["title"], strict=True))
    copies = evidence.copy_notes(bundle)
    topics = {order_type, "SPO"} if "SPO" in order_type else {order_type}
    rows = []
    for f in _forces(bundle):
        row = {"force_code": f.force_code, "force_name": f.force_name, "region": f.region,
               "population": f.population, "count": pd.NA, "reports": pd.NA, "value": float("nan"),
               "period": "", "period_start": pd.NaT, "period_end": pd.NaT, "days": pd.NA, "reports_period": "",
               "source_id": "", "source_title": "", "source_type": "", "other_figures": 0, "status": NO_FIGURE,
               "copy_note": "", "disagrees": "", "disagrees_short": "", "caveats": ""}
        if f.force_code in picked:
            c = picked[f.force_code]
            start, end = c["period_start"], c["period_end"]
            row.update(period=fmt_period(start, end), source_id=c["source_id"],
                       source_title=titles[c["source_id"]], source_type=c["source_type"],
                       other_figures=int(c["other_figures"]), count_as_published=c["count_as_published"],
                       note=c["note"], period_start=start, period_end=end,
                       days=period_days(start, end) if pd.notna(start) and pd.notna(end) else pd.NA)
            notes = applicable_caveats(bundle.caveats, f.force_code, topics, start, end, source_id=c["source_id"])
            if c["source_id"] == USER_SOURCE_ID:
                notes.insert(0, "User-supplied figure, uploaded in this session: not checked by the dashboard.")
            others = evidence.disagreements_for(bundle, f.force_code, order_type, measure, c["source_id"], start, end)
            row.update(copy_note=copies.get(c["source_id"], ""), disagrees=evidence.disagreement_text(others),
                       disagrees_short=evidence.disagreement_text(others, short=True))
            if pd.isna(c["count"]):
                row["status"] = missing_reason(c["count_as_published"], c["note"])
            else:
                row["count"] = int(c["count"])
                row["status"] = "Published"
                value, reason, extra = _order_value(q, f, c, measure, metric, annualise)
                row["value"], row["reports"], row["reports_period"] = (value, extra.get("reports", pd.NA),
                                                                       extra.get("label", ""))
                if reason:
                    row["status"] = reason
                if "quarters" in extra:
                    m = extra["quarters"]
                    notes += applicable_caveats(bundle.caveats, f.force_code, {"8Q"}, m.start, m.end)
        else:
            # No figure: caveats that explain the gap (e.g. a force absent from a survey).
            start, end = (win.start, win.end) if win is not None else (pd.NaT, pd.NaT)
            notes = [t for t in applicable_caveats(bundle.caveats, f.force_code, topics, start, end)
                     if t in force_caveats(bundle.caveats, f.force_code)]
        row["caveats"] = " | ".join(dict.fromkeys(notes))
        rows.append(row)
    return pd.DataFrame(rows)


def _order_value(q: Quarterly, force: _Force, c: dict, measure: str, metric: str,
                 annualise: bool) -> tuple[float, str, dict]:
    """(value, reason it is missing or "", extra columns) for one published figure under a metric."""
    count, start, end = float(c["count"]), c["period_start"], c["period_end"]
    if metric == "count":
        return count, "", {}
    if metric == "per_100k":
        rate = count / force.population * 100_000
        if not annualise or measure in STOCK_MEASURES:
            return rate, "", {}
        if pd.isna(start) or pd.isna(end):
            return float("nan"), "The period's start or end was not published, so there is no rate per year", {}
        return rate * YEAR_DAYS / period_days(start, end), "", {}
    if metric == "per_100_reports":
        if pd.isna(start) or pd.isna(end):
            return float("nan"), "The period's start or end was not published, so no stalking offences match it", {}
        reports, matched = reports_in(q, force.force_code, "8Q", start, end)
        extra = {"label": matched.label}
        if not matched.complete:
            return float("nan"), PARTIAL_DENOMINATOR, extra
        if not reports:
            return float("nan"), "Recorded stalking for this period is not published", extra
        return count / reports * 100, "", {**extra, "reports": reports, "quarters": matched}
    return float("nan"), f"Not shown as {metric}", {}


def reports_table(bundle: Bundle, q: Quarterly, offence: str, win: Window, metric: str) -> pd.DataFrame:
    """Recorded offences for every force in the window (four whole quarters, or an ONS rolling year)."""
    rows = []
    p1 = bundle.crime_p1
    for f in _forces(bundle):
        row = {"force_code": f.force_code, "force_name": f.force_name, "region": f.region,
               "population": f.population, "count": pd.NA, "value": float("nan"),
               "period": win.label, "source_id": "", "status": NO_FIGURE, "caveats": ""}
        count = None
        if win.basis == "ons":
            hit = p1[(p1["force_code"] == f.force_code) & (p1["period_end"] == win.end)]
            if offence == GROUP and not hit.empty:
                row["source_id"] = hit.iloc[0]["source_id"]
                count = None if pd.isna(hit.iloc[0]["count"]) else int(hit.iloc[0]["count"])
                if count is None:
                    row["status"] = f"Not available ({hit.iloc[0]['count_as_published']})"
        else:
            count, quarters = reports_in(q, f.force_code, offence, win.start, win.end)
            if len(quarters) != 4:
                count = None
            row["source_id"] = "HO_PRC_PFA_2023_10" if count is not None else ""
        if count is not None:
            row["count"] = count
            row["status"] = "Published"
            row["value"] = float(count) if metric == "count" else count / f.population * 100_000
        topics = {"stalking_harassment", *OFFENCES} if offence == GROUP else {offence}
        row["caveats"] = " | ".join(dict.fromkeys(
            applicable_caveats(bundle.caveats, f.force_code, topics, win.start, win.end)))
        rows.append(row)
    return pd.DataFrame(rows)


class Totals(TypedDict):
    """What :func:`totals` adds up; the reports' keys only for a table with a ``reports`` column."""

    forces: int
    with_figure: int
    count: int | None
    population: int | None
    sources: list[str]
    with_reports: NotRequired[int]
    reports: NotRequired[int | None]
    per_100_reports: NotRequired[float | None]
    per_100k: NotRequired[float | None]  # always given, but last (after the reports' keys)


def totals(table: pd.DataFrame, codes: set[str] | None = None) -> Totals:
    """Sum of published counts (and of their denominators) over the forces that have both."""
    t = table if codes is None else table[table["force_code"].isin(codes)]
    have = t[t["count"].notna()]
    out: Totals = {"forces": len(t), "with_figure": len(have),
                   "count": int(have["count"].sum()) if len(have) else None,
                   "population": int(have["population"].sum()) if len(have) else None,
                   "sources": sorted(set(have["source_id"]))}
    if "reports" in t:
        both = have[have["reports"].notna()]
        out["with_reports"] = len(both)
        out["reports"] = int(both["reports"].sum()) if len(both) else None
        out["per_100_reports"] = ((both["count"].sum() / both["reports"].sum() * 100)
                                  if len(both) and both["reports"].sum() else None)
    out["per_100k"] = ((out["count"] / out["population"] * 100_000)
                       if out["count"] is not None and out["population"] else None)
    return out


def context_table(bundle: Bundle, order_type: str) -> pd.DataFrame:
    """National and regional totals for an order type, as published, for reading beside the map."""
    c = bundle.orders_context[bundle.orders_context["order_type"] == order_type]
    line = source_lines(bundle)
    return pd.DataFrame({
        "Area": c["geography"], "Measure": c["measure"].map(MEASURE_LABELS),
        "Figure": [f"{int(n):,}" if pd.notna(n) else f"not an exact number ({p})"
                   for n, p in zip(c["count"], c["count_as_published"], strict=True)],
        "Period": [fmt_period(a, b) for a, b in zip(c["period_start"], c["period_end"], strict=True)],
        "Source": [line[s] for s in c["source_id"]],
        "Source id": c["source_id"],
    })
