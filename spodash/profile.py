"""One police force area in context: its figures, their sources, and a self-contained briefing.

Everything here is pure (no Streamlit): the profile page, the compare page and the HTML
briefing read the same numbers from the same functions, so a figure on the screen in a
scrutiny session is the figure in the file sent round afterwards.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from spodash import evidence, metrics, timeline
from spodash.classes import fmt_number
from spodash.datasets import Bundle
from spodash.forcenames import UnknownForce, build_lookup, resolve
from spodash.offences import LABELS
from spodash.paths import STATIC_DIR
from spodash.periods import fmt_date, fmt_period, fy_key, window
from spodash.schema import GROUP_TOPIC, OFFENCES, ORDER_TYPES, SOURCE_TYPES

#: Offences charted over time (8M is in the group total but too small to chart on its own).
SERIES_OFFENCES = ("8Q", "8L", "8R", "8U", metrics.GROUP)
SERIES_LABELS = LABELS  # every code and the group, from the one table in spodash.offences
CRIME_TOPICS = {*OFFENCES, GROUP_TOPIC}
SPO_FAMILY = ("SPO", "interim SPO", "full SPO")
#: The one survey that asked every force the same SPO question; the comparison and context figures use it.
SPO_SURVEY = "BBC_SDU_SPO_2021"
SPO_SURVEY_WINDOW = ("fy", "2020/21")
NOT_PUBLISHED = "No published figure"
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
BOUNDARY_ATTRIBUTION = ("Boundaries and population: Source: Office for National Statistics licensed under the Open "
                        "Government Licence v.3.0. Contains OS data © Crown copyright and database right 2024.")
BBC_ATTRIBUTION = "Stalking Protection Order survey figures (2021): BBC Shared Data Unit."
#: Sources behind the map geometry and the populations used in every rate.
BACKGROUND_SOURCES = ("ONS_PFA_BOUNDARIES_DEC2023", "ONS_MYE_2023")


# ---- small helpers ------------------------------------------------------------------------
def slug(text: str) -> str:
    """'Devon & Cornwall' -> 'devon_cornwall', for file names."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def fmt_count(value) -> str:
    return "" if value is None or pd.isna(value) else f"{int(value):,}"


def per_100k(count, population) -> float | None:
    if count is None or pd.isna(count) or not population:
        return None
    return float(count) / float(population) * 100_000


def _source_row(bundle: Bundle, source_id: str) -> dict:
    src = bundle.sources.set_index("source_id")
    if source_id not in src.index:
        return {"title": "", "publisher": "", "url": "", "source_type": "", "attribution": "", "licence": ""}
    return src.loc[source_id].to_dict()


def crime_source(bundle: Bundle, force: str) -> str:
    """The source id of a force's quarterly recorded-crime rows (one file feeds the whole series)."""
    ids = bundle.crime.loc[bundle.crime["force_code"] == force, "source_id"].unique()
    return ", ".join(sorted(ids))


def force_from_link(raw: str | None, forces: pd.DataFrame) -> str | None:
    """The ONS code a shared link means by ``force=``: a code (any case) or a force's name or alias.

    Returns None when nothing matches, so the page can say so instead of guessing.
    """
    if raw is None or not str(raw).strip():
        return None
    raw = str(raw).strip()
    codes = set(forces["force_code"])
    if raw.upper() in codes:
        return raw.upper()
    pairs = [(r.force_code, r.force_name) for r in forces.itertuples()]
    pairs += [(r.force_code, a) for r in forces.itertuples() for a in str(r.aliases).split("|") if a.strip()]
    try:
        return resolve(raw, build_lookup(list(dict.fromkeys(pairs))))
    except (UnknownForce, ValueError):
        return None


# ---- recorded crime over time -------------------------------------------------------------
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
        out.insert(0, "key", [quarter_label(s, e) for s, e in zip(out["period_start"], out["period_end"])])
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
    out.insert(4, "period", [fmt_period(s, e) for s, e in zip(out["period_start"], out["period_end"])])
    return out.reset_index(drop=True)


def ons_series(bundle: Bundle, force: str) -> pd.DataFrame:
    """The ONS Table P1 'stalking and harassment' rolling years for a force (a separate release)."""
    p1 = bundle.crime_p1[bundle.crime_p1["force_code"] == force].sort_values("period_end").copy()
    p1["key"] = "12 months to " + p1["period_end"].map(lambda d: f"{d:%b %Y}")
    p1["mid"] = p1["period_start"] + (p1["period_end"] - p1["period_start"]) / 2
    p1["period"] = [fmt_period(s, e) for s, e in zip(p1["period_start"], p1["period_end"])]
    return p1[["key", "period_start", "period_end", "mid", "period", "year_ending", "count", "count_as_published",
               "source_id"]].reset_index(drop=True)


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
    out = [RuleChange(c.caveat_id, c.marker_date, c.chart_label, c.text) for c in marked.itertuples()]
    return sorted(out, key=lambda r: r.date)


# ---- headline figures ---------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One number with everything needed to quote it fairly."""

    label: str
    value: int | None
    period: str
    source_id: str
    source_title: str
    source_type: str
    note: str = ""
    publisher: str = ""
    warning: str = ""  # what a reader must know before quoting it: a newer weaker figure, a disagreement, a copy

    @property
    def text(self) -> str:
        return f"{self.value:,}" if self.value is not None else NOT_PUBLISHED.lower()


def latest_full_year(q: metrics.Quarterly) -> str:
    years = metrics.year_windows(q, "fy")
    if not years:
        raise ValueError("the recorded-crime table has no complete financial year")
    return years[0]


def _figure(bundle: Bundle, label: str, value, period: str, source_id: str, note: str = "") -> Figure:
    src = _source_row(bundle, source_id)
    return Figure(label, None if value is None or pd.isna(value) else int(value), period, source_id,
                  src["title"], src["source_type"], note, src["publisher"])


def latest_order_figures(bundle: Bundle, force: str, order_types: Sequence[str] = SPO_FAMILY,
                         measures: Sequence[str] = ("granted", "applied_for")) -> list[Figure]:
    """For each measure, the strongest figure covering the latest period, saying when a weaker one is newer.

    The figures ending within a year of the newest one are the candidates; of those, the one
    from the strongest kind of source is shown (then the latest). A card never hides a newer
    figure: its note names it.
    """
    o = bundle.orders
    rank = {t: i for i, t in enumerate(SOURCE_TYPES)}
    types = bundle.sources.set_index("source_id")["source_type"]
    out = []
    for measure in measures:
        rows = o[(o["force_code"] == force) & o["order_type"].isin(order_types) & (o["measure"] == measure)
                 & o["count"].notna()].copy()
        label = f"SPOs {metrics.MEASURE_LABELS[measure]}: latest figure"
        if rows.empty:
            out.append(_figure(bundle, label, None, "", "", "No published figure for this force."))
            continue
        rows["_end"] = rows["period_end"].fillna(rows["period_start"])
        rows["_rank"] = rows["source_id"].map(types).map(rank).fillna(-1)
        newest = rows.sort_values(["_end", "_rank"], ascending=[False, True], na_position="last").iloc[0]
        recent = rows[rows["_end"] >= newest["_end"] - pd.Timedelta(days=365)]
        best = recent.sort_values(["_rank", "_end"], ascending=[True, False], na_position="last").iloc[0]
        kind = "" if best["order_type"] == "SPO" else f" ({best['order_type']}s only)"
        note = f"As published: “{best['count_as_published']}”."
        warning = []
        others = evidence.disagreements_for(bundle, force, best["order_type"], measure, best["source_id"],
                                            best["period_start"], best["period_end"])
        if best.name != newest.name:
            newer = fmt_period(newest["period_start"], newest["period_end"])
            clash = any(o["source_id"] == newest["source_id"] and o["count"] == newest["count"] for o in others)
            warning.append(f"A newer figure from a weaker source ({types.get(newest['source_id'], '')}) says "
                           f"{int(newest['count']):,} for {newer}" + (", and the two disagree." if clash else "."))
            others = [o for o in others if not (o["source_id"] == newest["source_id"] and o["count"] == newest["count"])]
        if others:
            warning.append(evidence.disagreement_text(others, short=True) + ".")
        copy = evidence.copy_notes(bundle).get(best["source_id"])
        if copy:
            warning.append(f"This figure {copy}.")
        out.append(replace(_figure(bundle, label.replace("SPOs", f"SPOs{kind}", 1), best["count"],
                                   fmt_period(best["period_start"], best["period_end"]), best["source_id"], note),
                           warning=" ".join(warning)))
    return out


def headline_figures(bundle: Bundle, q: metrics.Quarterly, force: str) -> list[Figure]:
    """The latest figure of each kind: Home Office stalking and group, ONS group, latest SPO figures."""
    fy = latest_full_year(q)
    win = window("fy", fy)
    src = crime_source(bundle, force) or "HO_PRC_PFA_2023_10"
    out = []
    for code in ("8Q", metrics.GROUP):
        count, rows = metrics.reports_in(q, force, code, win.start, win.end)
        count = count if len(rows) == 4 else None
        label = "Stalking (8Q) offences recorded" if code == "8Q" else "Stalking and harassment offences recorded"
        out.append(_figure(bundle, label, count, win.label, src,
                           "The last full financial year in the Home Office file."))
    p1 = ons_series(bundle, force)
    have = p1[p1["count"].notna()]
    if not have.empty:
        r = have.iloc[-1]
        out.append(_figure(bundle, "Stalking and harassment offences recorded (ONS)", r["count"],
                           f"12 months to {fmt_date(r['period_end'])} ({r['period']})", r["source_id"],
                           "After the May 2023 counting-rule change: not comparable with 2022/23."))
    elif not p1.empty:
        r = p1.iloc[-1]
        out.append(_figure(bundle, "Stalking and harassment offences recorded (ONS)", None,
                           r["period"], r["source_id"], f"Not available ({r['count_as_published']})"))
    out += latest_order_figures(bundle, force)
    return out


# ---- protective orders ----------------------------------------------------------------------
def orders_for_force(bundle: Bundle, force: str) -> pd.DataFrame:
    """Every order figure the bundle has for the force, and a row for each order type with none."""
    o = bundle.orders[bundle.orders["force_code"] == force]
    src = bundle.sources.set_index("source_id")
    copies = evidence.copy_notes(bundle)
    rows = []
    for r in o.itertuples():
        published = pd.notna(r.count)
        others = evidence.disagreements_for(bundle, force, r.order_type, r.measure, r.source_id,
                                            r.period_start, r.period_end)
        rows.append({
            "order_type": r.order_type, "measure": metrics.MEASURE_LABELS.get(r.measure, r.measure),
            "period": fmt_period(r.period_start, r.period_end), "period_start": r.period_start,
            "period_end": r.period_end, "count": int(r.count) if published else pd.NA,
            "shown": f"{int(r.count):,}" if published
            else f"{NOT_PUBLISHED}: {metrics.missing_reason(r.count_as_published, r.note)}",
            "count_as_published": r.count_as_published, "source_id": r.source_id,
            "source_title": src.at[r.source_id, "title"] if r.source_id in src.index else "",
            "source_type": src.at[r.source_id, "source_type"] if r.source_id in src.index else "",
            "note": r.note, "copy_note": copies.get(r.source_id, ""),
            "disagrees": evidence.disagreement_text(others),
        })
    have = {r["order_type"] for r in rows}
    for t in ORDER_TYPES:
        if t not in have:
            rows.append({"order_type": t, "measure": "", "period": "", "period_start": pd.NaT, "period_end": pd.NaT,
                         "count": pd.NA, "shown": NOT_PUBLISHED, "count_as_published": "", "source_id": "",
                         "source_title": "", "source_type": "", "note": "No figure of this kind was found for this force.",
                         "copy_note": "", "disagrees": ""})
    out = pd.DataFrame(rows)
    out["_t"] = out["order_type"].map({t: i for i, t in enumerate(ORDER_TYPES)})
    out = out.sort_values(["_t", "period_end", "period_start"], na_position="last", kind="stable")
    out["count"] = out["count"].astype("Int64")
    return out.drop(columns="_t").reset_index(drop=True)


# ---- the force beside its region and England and Wales -------------------------------------
def source_only(bundle: Bundle, source_id: str) -> Bundle:
    """The bundle with order figures from one source only, so sums never mix sources."""
    return replace(bundle, orders=bundle.orders[bundle.orders["source_id"] == source_id])


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
            row.update({f"{name}_value": s["value"], f"{name}_count": s["count"], f"{name}_denominator": s["denominator"],
                        f"{name}_detail": detail, f"{name}_forces": _covered(s["n"], s["of"]),
                        f"{name}_period": s["period"] or period})
        rows.append(row)
    return pd.DataFrame(rows)


# ---- caveats ------------------------------------------------------------------------------
def force_caveats(bundle: Bundle, force: str, series: pd.DataFrame, orders: pd.DataFrame,
                  ons: pd.DataFrame) -> pd.DataFrame:
    """Caveats for what the profile shows: the force's own, then those for its figures' periods and topics."""
    texts: list[str] = []
    if not series.empty:
        texts += metrics.applicable_caveats(bundle.caveats, force, CRIME_TOPICS, series["period_start"].min(),
                                            series["period_end"].max())
    have = ons[ons["count"].notna()]
    if not have.empty:
        texts += metrics.applicable_caveats(bundle.caveats, force, {GROUP_TOPIC}, have["period_start"].min(),
                                            have["period_end"].max())
    for r in orders[orders["source_id"] != ""].itertuples():
        topics = {r.order_type, "SPO"} if "SPO" in r.order_type else {r.order_type}
        texts += metrics.applicable_caveats(bundle.caveats, force, topics, r.period_start, r.period_end)
    # The context rows use the SPO survey for every force: its general caveats apply too.
    win = window(*SPO_SURVEY_WINDOW)
    texts += metrics.applicable_caveats(bundle.caveats, force, {"SPO"}, win.start, win.end)
    wanted = set(texts)
    cav = bundle.caveats
    rows = cav[(cav["force_code"] == force) | cav["text"].isin(wanted)].copy()
    rows["scope"] = ["This force" if c == force else "All forces" for c in rows["force_code"]]
    rows["_o"] = (rows["scope"] != "This force").astype(int)
    rows = rows.sort_values(["_o", "applies_from"], na_position="first", kind="stable")
    return rows.drop(columns="_o").reset_index(drop=True)


# ---- the whole profile --------------------------------------------------------------------
@dataclass(frozen=True)
class ForceProfile:
    code: str
    name: str
    region: str
    population: int
    population_year: int
    headlines: list[Figure]
    quarterly: pd.DataFrame
    yearly: pd.DataFrame
    ons: pd.DataFrame
    orders: pd.DataFrame
    context: pd.DataFrame
    rules: list[RuleChange]
    caveats: pd.DataFrame
    sources: pd.DataFrame = field(repr=False)
    crime_source: str = "HO_PRC_PFA_2023_10"

    @property
    def source_ids(self) -> list[str]:
        return list(self.sources["source_id"])


def build_profile(bundle: Bundle, q: metrics.Quarterly, force: str,
                  specs: Sequence[ContextSpec] | None = None) -> ForceProfile:
    """Everything the profile page and the briefing show for one force (KeyError for an unknown code).

    ``specs`` (from :func:`context_tables`) can be passed in when building several profiles.
    """
    forces = bundle.forces.set_index("force_code")
    if force not in forces.index:
        raise KeyError(f"{force!r} is not an ONS police force area code in forces.csv")
    f = forces.loc[force]
    quarterly = force_series(q, force, "quarter")
    yearly = force_series(q, force, "fy")
    ons = ons_series(bundle, force)
    orders = orders_for_force(bundle, force)
    headlines = headline_figures(bundle, q, force)
    context = context_rates(bundle, q, force, specs)
    caveats = force_caveats(bundle, force, quarterly, orders, ons)
    ids = [h.source_id for h in headlines] + [crime_source(bundle, force)] + list(ons["source_id"]) \
        + list(orders["source_id"]) + list(context["source_id"]) + list(caveats["source_id"]) + list(BACKGROUND_SOURCES)
    ids = [i for i in dict.fromkeys(x for s in ids for x in str(s).split(", ")) if i]
    src = bundle.sources.set_index("source_id")
    sources = src.loc[[i for i in ids if i in src.index]].reset_index()
    return ForceProfile(force, f["force_name"], f["region"], int(f["population"]), int(f["population_year"]),
                        headlines, quarterly, yearly, ons, orders, context, rule_changes(bundle.caveats),
                        caveats, sources, crime_source(bundle, force))


def attribution_lines(p: ForceProfile) -> list[str]:
    """OGL, boundary and BBC lines, then each source's own attribution column."""
    lines = [OGL, BOUNDARY_ATTRIBUTION]
    if SPO_SURVEY in p.source_ids:
        lines.append(BBC_ATTRIBUTION)
    for r in p.sources.itertuples():
        lines.append(f"{r.attribution} ({r.licence})" if r.licence else r.attribution)
    return list(dict.fromkeys(lines))


# ---- tables as shown ------------------------------------------------------------------------
def series_table(series: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The recorded-crime series as a readable table (the chart's numbers)."""
    out = pd.DataFrame({"Period": series["key"], "Dates": series["period"]})
    for c in ("8Q", "8L", "8R", "8U", "8M", metrics.GROUP):
        if c in series:
            out[SERIES_LABELS[c]] = series[c]
    out["Source id"] = source_id
    return out


def orders_display(orders: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Order type": orders["order_type"], "Measure": orders["measure"], "Period": orders["period"],
        "Count": orders["shown"], "As published": orders["count_as_published"],
        "Source": orders["source_title"], "Source type": orders["source_type"], "Evidence": orders["copy_note"],
        "Sources disagree": orders["disagrees"], "Source id": orders["source_id"],
    })


def _rate(v) -> str:
    return "no published figure" if v is None or pd.isna(v) else fmt_number(v)


def context_display(context: pd.DataFrame, force_name: str) -> pd.DataFrame:
    """The context rows as a table: each rate beside the counts it is made of and the forces covered."""
    region = context["region"].iloc[0] if len(context) else "Region"

    def scope(name: str) -> list[str]:
        return [f"{d} ({f}; {p})" if p and v is not None and not pd.isna(v) else f"{d} ({f})"
                for d, f, p, v in zip(context[f"{name}_detail"], context[f"{name}_forces"], context[f"{name}_period"],
                                      context[f"{name}_value"])]

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


# ---- the briefing file -------------------------------------------------------------------
_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:1100px;margin:0 auto;padding:1.5rem;line-height:1.45}
h1{font-size:2rem;margin-bottom:.2rem}h2{border-top:4px solid #12436D;padding-top:.6rem;margin-top:2.2rem}
.sub{color:#505a5f;margin-top:0}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.8rem 0}th,td{border:1px solid #b1b4b6;padding:.3rem .45rem;
text-align:left;vertical-align:top}th{background:#f3f2f1}td.n{text-align:right;white-space:nowrap}
.chart{margin:1rem 0}.note{color:#505a5f;font-size:.9rem}footer{margin-top:2.5rem;border-top:1px solid #b1b4b6;font-size:.9rem}
@media print{.chart{page-break-inside:avoid}}
"""


def _e(x) -> str:
    return html.escape("" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x))


def _table_html(df: pd.DataFrame, numeric: Sequence[str] = ()) -> str:
    head = "".join(f"<th scope=\"col\">{_e(c)}</th>" for c in df.columns)
    body = []
    for row in df.itertuples(index=False):
        cells = []
        for c, v in zip(df.columns, row):
            if c in numeric:
                text = fmt_count(v) if not (isinstance(v, float) and not float(v).is_integer()) else fmt_number(v)
                cells.append(f"<td class=\"n\">{_e(text) or 'no published figure'}</td>")
            else:
                cells.append(f"<td>{_e(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def headline_cards_html(figures: Sequence[Figure], *, full_titles: bool = False) -> str:
    """The headline figures as cards: label, number, exact period, source (the page and the briefing share it)."""
    cards = []
    for h in figures:
        who = _e(h.source_title if full_titles else h.publisher or h.source_title)
        kind = f" ({_e(h.source_type)})" if h.source_type else ""
        value_class = "hl-value" if h.value is not None else "hl-value hl-none"
        cards.append(f"<div class=\"hl-card\"><div class=\"hl-label\">{_e(h.label)}</div>"
                     f"<div class=\"{value_class}\">{_e(h.text)}</div>"
                     f"<div class=\"hl-period\">{_e(h.period) or 'no period'}</div>"
                     f"<div class=\"hl-source\">Source: {who}{kind}</div>"
                     + (f"<div class=\"hl-note\">{_e(h.note)}</div>" if h.note else "")
                     + (f"<div class=\"hl-warn\"><strong>Before quoting:</strong> {_e(h.warning)}</div>"
                        if h.warning else "") + "</div>")
    return f"<div class=\"hl-grid\">{''.join(cards)}</div>"


#: Styles for the headline cards, used on the page and in the briefing.
CARD_CSS = """
.hl-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.7rem}
.hl-card{border:1px solid #b1b4b6;border-left:6px solid #12436D;padding:.55rem .8rem;background:#fff}
.hl-label{font-weight:700;line-height:1.25}.hl-value{font-size:2.2rem;font-weight:700;line-height:1.2;color:#0b0c0c}
.hl-none{font-size:1.3rem;color:#505a5f}.hl-period{color:#0b0c0c;line-height:1.3;margin-bottom:.25rem}
.hl-source,.hl-note{color:#505a5f;font-size:.85em;line-height:1.3}.hl-id{overflow-wrap:anywhere}
.hl-warn{color:#0b0c0c;font-size:.85em;line-height:1.3;border-left:3px solid #F46A25;padding-left:.4rem;margin-top:.3rem}
"""


def geo_assets_script(topojson_path: Path = STATIC_DIR / "topojson" / "world_110m.json") -> str:
    """Hands plotly.js its base map inline, so a geo chart in a file fetches nothing from a CDN."""
    topo = json.loads(topojson_path.read_text(encoding="utf-8"))
    return ("<script>window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
            f"window.PlotlyGeoAssets.topojson.world_110m = {json.dumps(topo, separators=(',', ':'))};</script>")


def briefing_config(base: dict, filename: str) -> dict:
    """The app's plotly config for a file: no server URL for base maps, PNG named after the chart."""
    cfg = {k: v for k, v in base.items() if k != "topojsonURL"}
    cfg["toImageButtonOptions"] = {**base.get("toImageButtonOptions", {}), "filename": filename}
    return cfg


def briefing_filename(p: ForceProfile, day) -> str:
    return f"briefing_{slug(p.name)}_{p.code}_{pd.Timestamp(day):%Y-%m-%d}.html"


def briefing_html(p: ForceProfile, charts: Sequence[tuple[str, object, str]], *, generated, plotly_config: dict,
                  app_url: str = "") -> str:
    """A single HTML file: figures, interactive charts (plotly.js inlined once), tables, caveats, sources.

    ``charts`` holds (heading, plotly figure, caption) in order; the first carries plotly.js.
    Nothing in the file points at another server, so it opens on a machine with no internet.
    """
    day = pd.Timestamp(generated)
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             f"<title>{_e(p.name)}: stalking, harassment and protective orders (briefing, {fmt_date(day)})</title>"
             f"<style>{_CSS}{CARD_CSS}</style>{geo_assets_script()}</head><body><main>"]
    parts.append(f"<h1>{_e(p.name)}: stalking, harassment and protective orders</h1>"
                 f"<p class=\"sub\">Police force area {_e(p.code)}, {_e(p.region)}. "
                 f"{p.population:,} residents (mid-{p.population_year}). Briefing prepared {fmt_date(day)}"
                 + (f" from {_e(app_url)}" if app_url else "") + ".</p>"
                 "<p class=\"note\">Every number below was published by the source named beside it, or is simple "
                 "arithmetic on published numbers. Missing is not zero: where no figure was published this says so.</p>")
    parts.append("<h2>Headline figures</h2>" + headline_cards_html(p.headlines, full_titles=True))
    for i, (heading, fig, caption) in enumerate(charts):
        name = f"{slug(p.name)}_{slug(heading)[:40]}"
        div = fig.to_html(full_html=False, include_plotlyjs=True if i == 0 else False, div_id=f"chart-{i + 1}",
                          config=briefing_config(plotly_config, name))
        parts.append(f"<h2>{_e(heading)}</h2><div class=\"chart\">{div}</div><p class=\"note\">{_e(caption)}</p>")
        if heading == timeline.HEADING:
            parts.append("<h3>The figures in the chart</h3>"
                         + _table_html(timeline.table(timeline.figures(p.orders)), numeric=["Count"]))
        if i == 0:
            parts.append("<h3>Counting-rule changes marked on the chart</h3><ul>" + "".join(
                f"<li><strong>{fmt_date(r.date)}: {_e(r.label)}.</strong> {_e(r.text)}</li>" for r in p.rules) + "</ul>")
            parts.append("<h3>The figures in the chart (financial years)</h3>"
                         + _table_html(series_table(p.yearly, p.crime_source),
                                       numeric=[SERIES_LABELS[c] for c in ("8Q", "8L", "8R", "8U", "8M", metrics.GROUP)]))
            if not p.ons.empty:
                ons = pd.DataFrame({"Period": p.ons["key"], "Dates": p.ons["period"],
                                    "All stalking and harassment offences": p.ons["count"],
                                    "As published": p.ons["count_as_published"], "Source id": p.ons["source_id"]})
                parts.append("<h3>ONS Table P1 (separate releases; not one series with the Home Office years)</h3>"
                             + _table_html(ons, numeric=["All stalking and harassment offences"]))
    parts.append("<h2>Protective orders: every published figure for this force</h2>"
                 "<p class=\"note\">Do not add these up: measures, periods and sources differ.</p>"
                 + _table_html(orders_display(p.orders)))
    parts.append(f"<h2>{_e(p.name)} beside {_e(p.region)} and England and Wales</h2>"
                 "<p class=\"note\">Rates, not a ranking. Region and England and Wales figures add up only forces "
                 "with a figure from the same source; the number of forces covered is given with each.</p>"
                 + _table_html(context_display(p.context, p.name)))
    parts.append("<h2>Caveats that apply to these figures</h2><ul>" + "".join(
        f"<li><strong>{_e(c.scope)}:</strong> {_e(c.text)} <span class=\"note\">[{_e(c.source_id)}]</span></li>"
        for c in p.caveats.itertuples()) + "</ul>")
    parts.append("<h2>Sources</h2><ul>" + "".join(_source_item(s) for s in p.sources.itertuples()) + "</ul>")
    parts.append("<footer><h2>Attribution</h2>" + "".join(f"<p>{_e(line)}</p>" for line in attribution_lines(p))
                 + "</footer></main></body></html>")
    return "\n".join(parts)


def _source_item(s) -> str:
    link = f' <a href="{_e(s.url)}">{_e(s.url)}</a>' if s.url else ""
    published = f", {_e(s.published)}" if s.published else ""
    return (f"<li>[{_e(s.source_id)}] <strong>{_e(s.title)}</strong>, {_e(s.publisher)}{published} "
            f"({_e(s.source_type)}).{link} Licence: {_e(s.licence) or 'not stated'}. {_e(s.attribution)}</li>")
