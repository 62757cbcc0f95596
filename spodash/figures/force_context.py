"""A police force area beside its region and England and Wales: the same measures, as rates (never a rank).

Region and national rates are sums of published counts over the forces with a figure from the
same source, divided by the same forces' denominators; every row says how many forces that is.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.periods import fmt_date, fmt_period, window
from spodash.figures import metrics
from spodash.figures.attribution import SPO_SURVEY, SPO_SURVEY_WINDOW, source_only
from spodash.figures.colour_bins import fmt_number
from spodash.figures.crime_series import SERIES_LABELS, latest_full_year

NOT_PUBLISHED = "No published figure"


def _span(starts: pd.Series, ends: pd.Series) -> str:
    starts, ends = starts.dropna(), ends.dropna()
    if starts.empty or ends.empty:
        return ""
    if ends.min() == ends.max():
        return fmt_period(starts.min(), ends.max())
    return f"{fmt_date(starts.min())} to between {fmt_date(ends.min())} and {fmt_date(ends.max())} (by force)"


def _covered(n: int, of: int) -> str:
    return f"{n} of {of} force{'s' * (of != 1)}"


def _scope(table: pd.DataFrame, key: str) -> dict:
    """Sum of counts and denominators over the rows that have both; the rate; how many forces."""
    denom_col = "reports" if key == "per_100_reports" else "population"
    have = table[table["count"].notna() & table[denom_col].notna()]
    count = int(have["count"].sum()) if len(have) else None
    denom = int(have[denom_col].sum()) if len(have) else None
    scale = 100 if key == "per_100_reports" else 100_000
    value = count / denom * scale if count is not None and denom else None
    period = _span(have["period_start"], have["period_end"]) if "period_start" in have else ""
    return {"count": count, "denominator": denom, "value": value, "n": len(have), "of": len(table), "period": period}


@dataclass(frozen=True)
class ContextSpec:
    """One context measure: the all-forces table it is read from, and how to describe it."""

    measure: str
    key: str  # a metrics.METRICS key: per_100_reports or per_100k
    table: pd.DataFrame  # metrics.orders_table / reports_table output, one row per force
    period: str  # '' = each force's own period (the table's 'period' column)
    source_id: str
    noun: str


def context_tables(bundle: Bundle, q: metrics.Quarterly) -> list[ContextSpec]:
    """The all-forces tables behind the context rates; the same for every force, so built once."""
    specs = []
    win = window(*SPO_SURVEY_WINDOW)
    survey = source_only(bundle, SPO_SURVEY)
    for measure in ("granted", "applied_for"):
        noun = "orders" if measure == "granted" else "applications"
        for key in ("per_100_reports", "per_100k"):
            specs.append(ContextSpec(f"SPO {metrics.MEASURE_LABELS[measure]}", key,
                                     metrics.orders_table(survey, q, "SPO", measure, win, key), "", SPO_SURVEY, noun))
    fy = window("fy", latest_full_year(q))
    ho = ", ".join(sorted(bundle.crime["source_id"].unique()))
    for code in ("8Q", metrics.GROUP):
        specs.append(ContextSpec(f"{SERIES_LABELS[code]} recorded", "per_100k",
                                 metrics.reports_table(bundle, q, code, fy, "per_100k"), fy.label, ho, "offences"))
    p1 = bundle.crime_p1
    latest = p1.loc[p1["count"].notna(), "period_end"].max()
    at_latest = p1[p1["period_end"] == latest]
    ons = window("ons", at_latest["year_ending"].iloc[0])
    specs.append(ContextSpec("All stalking and harassment offences recorded (ONS Table P1)", "per_100k",
                             metrics.reports_table(bundle, q, metrics.GROUP, ons, "per_100k"), ons.label,
                             at_latest["source_id"].iloc[0], "offences"))
    return specs


def context_rates(bundle: Bundle, q: metrics.Quarterly, force: str,
                  specs: Sequence[ContextSpec] | None = None) -> pd.DataFrame:
    """The force, its region and England and Wales on the same measures, as rates (no ranking).

    Region and national rates are sums of published counts over the forces that have a
    figure from the same source (and, for orders per stalking offence, matched quarters
    of recorded stalking), divided by the same forces' denominators. Each row says how
    many forces that is. One row per measure; columns force_*, region_*, national_*.
    """
    specs = context_tables(bundle, q) if specs is None else specs
    forces = bundle.forces.set_index("force_code")
    region = forces.at[force, "region"]
    region_codes = set(forces.index[forces["region"] == region])
    rows = []
    for spec in specs:
        table, key = spec.table, spec.key
        own = table[table["force_code"] == force]
        period = spec.period or (own["period"].iloc[0] if len(own) and own["period"].iloc[0] else
                                 "no figure from this source")
        denom_noun = "stalking (8Q) offences" if key == "per_100_reports" else "residents"
        row = {"measure": spec.measure, "unit": metrics.METRICS[key], "metric": key, "source_id": spec.source_id,
               "period": period, "region": region}
        for name, sub in (("force", own), ("region", table[table["force_code"].isin(region_codes)]),
                          ("national", table)):
            s = _scope(sub, key)
            if s["count"] is None:
                status = sub["status"].iloc[0] if name == "force" and len(sub) else NOT_PUBLISHED
                detail = status if status != "Published" else "No matching denominator"
            else:
                detail = f"{s['count']:,} {spec.noun} / {s['denominator']:,} {denom_noun}"
                if name == "force" and key == "per_100_reports":
                    detail += f" ({sub['reports_period'].iloc[0]})"
            row.update({f"{name}_value": s["value"], f"{name}_count": s["count"],
                        f"{name}_denominator": s["denominator"],
                        f"{name}_detail": detail, f"{name}_forces": _covered(s["n"], s["of"]),
                        f"{name}_period": s["period"] or period})
        rows.append(row)
    return pd.DataFrame(rows)



# ---- as shown ----------------------------------------------------------------------------------
def _rate(v) -> str:
    return "no published figure" if v is None or pd.isna(v) else fmt_number(v)


def context_display(context: pd.DataFrame, force_name: str) -> pd.DataFrame:
    """The context rows as a table: each rate beside the counts it is made of and the forces covered."""
    region = context["region"].iloc[0] if len(context) else "Region"

    def scope(name: str) -> list[str]:
        return [f"{d} ({f}; {p})" if p and v is not None and not pd.isna(v) else f"{d} ({f})"
                for d, f, p, v in zip(context[f"{name}_detail"], context[f"{name}_forces"], context[f"{name}_period"],
                                      context[f"{name}_value"], strict=True)]

    return pd.DataFrame({
        "Measure": context["measure"] + ", " + context["unit"],
        force_name: [_rate(v) for v in context["force_value"]],
        f"{force_name}: counts": context["force_detail"],
        region: [_rate(v) for v in context["region_value"]],
        f"{region}: counts": scope("region"),
        "England and Wales": [_rate(v) for v in context["national_value"]],
        "England and Wales: counts": scope("national"),
        f"Period ({force_name})": context["period"],
        "Source id": context["source_id"],
    })
