"""One police force area's profile: its headline figures, order figures, context, caveats and sources.

Everything here is pure (no Streamlit). The profile page and the briefing (:mod:`spodash.publish.briefing`)
show the same :class:`ForceProfile` in the same :func:`sections`, so a figure on the screen in a
scrutiny session is the figure in the file sent round afterwards. The recorded-crime series live in
:mod:`spodash.figures.crime_series`, the context rates in :mod:`spodash.figures.force_context` and the credit lines
in :mod:`spodash.figures.attribution`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.forcenames import UnknownForce, build_lookup, resolve
from spodash.data.periods import fmt_date, fmt_period, window
from spodash.data.schema import GROUP_TOPIC, OFFENCES, ORDER_TYPES, SOURCE_TYPES
from spodash.figures import evidence, metrics
from spodash.figures.attribution import BACKGROUND_SOURCES, SPO_SURVEY_WINDOW
from spodash.figures.crime_series import RuleChange, force_series, latest_full_year, ons_series, rule_changes
from spodash.figures.force_context import NOT_PUBLISHED, ContextSpec, context_rates

CRIME_TOPICS = {*OFFENCES, GROUP_TOPIC}
SPO_FAMILY = ("SPO", "interim SPO", "full SPO")


@dataclass(frozen=True)
class Section:
    """One section of a force profile: the page and the briefing both show them, in this order, with these titles."""
    key: str  # the anchor
    title: str
    short: str  # for the page's list of links
    note: str = ""  # said under the title, on the page and in the briefing


def sections(p: ForceProfile) -> dict[str, Section]:
    return {s.key: s for s in (
        Section("headline", "Headline figures", "Headline figures"),
        Section("over-time", "Recorded stalking and harassment over time", "Over time"),
        Section("protective-orders", "Protective orders: every published figure for this force", "Protective orders",
                "Each row is one figure as its source published it. Do not add rows up: measures, periods and "
                "sources differ, and interim and full SPOs are sometimes counted together."),
        Section("in-context", f"{p.name} beside {p.region} and England and Wales", f"Beside {p.region}",
                "Rates, not a ranking. Region and England and Wales rates add up only forces with a figure from the "
                "same source (and, per stalking offence, stalking recorded in the quarters matching each force's own "
                "period), divided by the same forces' residents or offences. The table says how many forces that "
                f"is. Rates per resident use mid-{p.population_year} populations."),
        Section("caveats", "Caveats that apply to these figures", "Caveats"),
        Section("sources", "Sources", "Sources"))}


# ---- small helpers ------------------------------------------------------------------------
def slug(text: str) -> str:
    """'Devon & Cornwall' -> 'devon_cornwall', for file names."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def fmt_count(value) -> str:
    return "" if value is None or pd.isna(value) else f"{int(value):,}"


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
    pairs = list(zip(forces["force_code"], forces["force_name"], strict=True))
    pairs += [(code, a) for code, aliases in zip(forces["force_code"], forces["aliases"], strict=True)
              for a in str(aliases).split("|") if a.strip()]
    try:
        return resolve(raw, build_lookup(list(dict.fromkeys(pairs))))
    except (UnknownForce, ValueError):
        return None


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
            others = [o for o in others
                      if not (o["source_id"] == newest["source_id"] and o["count"] == newest["count"])]
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
    r: Any  # an orders.csv row: pandas-stubs types its fields as any scalar (and r.count as tuple.count)
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
                         "source_title": "", "source_type": "",
                         "note": "No figure of this kind was found for this force.",
                         "copy_note": "", "disagrees": ""})
    out = pd.DataFrame(rows)
    out["_t"] = out["order_type"].map({t: i for i, t in enumerate(ORDER_TYPES)})
    out = out.sort_values(["_t", "period_end", "period_start"], na_position="last", kind="stable")
    out["count"] = out["count"].astype("Int64")
    return out.drop(columns="_t").reset_index(drop=True)


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
    sourced = orders[orders["source_id"] != ""]
    for order_type, start, end in zip(sourced["order_type"], sourced["period_start"], sourced["period_end"],
                                      strict=True):
        topics = {order_type, "SPO"} if "SPO" in order_type else {order_type}
        texts += metrics.applicable_caveats(bundle.caveats, force, topics, start, end)
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
    assert isinstance(f, pd.Series)  # one row: force codes are unique
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


# ---- tables as shown ------------------------------------------------------------------------
def orders_display(orders: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Order type": orders["order_type"], "Measure": orders["measure"], "Period": orders["period"],
        "Count": orders["shown"], "As published": orders["count_as_published"],
        "Source": orders["source_title"], "Source type": orders["source_type"], "Evidence": orders["copy_note"],
        "Sources disagree": orders["disagrees"], "Source id": orders["source_id"],
    })

