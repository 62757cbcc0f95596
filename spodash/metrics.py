"""Figures for the maps: order figures matched to a year, report volumes, and rates.

Every value here is a published number or arithmetic on published numbers. A force
with no figure keeps a missing value and a reason; it is never given a zero.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from spodash import evidence
from spodash.datasets import USER_SOURCE_ID, Bundle
from spodash.periods import Window, fmt_period
from spodash.schema import OFFENCES, SOURCE_TYPES
from spodash.sourcelist import source_lines

GROUP = "group"
OFFENCE_CHOICES = {"8Q": "Stalking (8Q)", "8L": "Harassment (8L)", GROUP: "All stalking and harassment offences",
                   "8R": "Malicious communications (8R)", "8U": "Controlling or coercive behaviour (8U)"}
METRICS = {
    "per_100_reports": "per 100 recorded stalking offences",
    "per_100k": "per 100,000 residents",
    "count": "count",
    "recency": "how recent the figure is (the year its period ends)",
}
LEGEND_UNITS = {"per_100_reports": "per 100 stalking offences", "per_100k": "per 100,000 residents", "count": "count",
                "recency": "latest figure ends in"}
REPORT_METRICS = {"per_100k": METRICS["per_100k"], "count": METRICS["count"]}
STOCK_MEASURES = {"in_force", "pending"}
CITY_OF_LONDON = "E23000034"
MEASURE_LABELS = {
    "granted": "granted", "applied_for": "applied for", "refused": "refused", "pending": "pending (awaiting a hearing)",
    "breaches": "breaches", "in_force": "in force", "other": "other",
}
NO_FIGURE = "No published figure for this period"


@dataclass(frozen=True)
class Quarterly:
    """Recorded crime as one row per force and quarter, a column per offence code plus the group.

    ``arrays`` holds the same numbers per force as numpy arrays (days since epoch, counts with
    NaN for unpublished), because matching quarters for 43 forces on every rerun must be cheap.
    """

    table: pd.DataFrame  # index (force_code, period_start); columns period_end, 8L…8U, group
    arrays: dict = field(default_factory=dict, compare=False, repr=False)


def quarterly(crime: pd.DataFrame) -> Quarterly:
    # pivot, not pivot_table: a sum would turn a blank (unpublished) cell into 0. The build
    # guarantees one row per force, quarter and code.
    wide = crime.pivot(index=["force_code", "period_start", "period_end"], columns="offence_code",
                       values="count").reset_index()
    codes = [c for c in OFFENCES if c in wide.columns]
    wide[codes] = wide[codes].astype("Int64")
    # The Home Office sub-group total is the sum of the codes it held that quarter.
    wide[GROUP] = wide[codes].sum(axis=1, min_count=1).astype("Int64")
    table = wide.set_index(["force_code", "period_start"]).sort_index()
    arrays = {}
    for force, part in wide.sort_values("period_start").groupby("force_code"):
        arrays[force] = {
            "start": _days(part["period_start"]), "end": _days(part["period_end"]),
            **{c: part[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan) for c in [*codes, GROUP]},
        }
    return Quarterly(table, arrays)


def _days(values) -> np.ndarray:
    return pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[D]").astype(np.int64)


def _day(ts) -> int:
    return int(pd.Timestamp(ts).value // 86_400_000_000_000)


def _quarters(q: Quarterly, force: str) -> pd.DataFrame:
    try:
        return q.table.loc[force].reset_index()
    except KeyError:
        return q.table.iloc[0:0].reset_index()


def reports_in(q: Quarterly, force: str, offence: str, start, end) -> tuple[int | None, "_Matched"]:
    """Offences recorded in the quarters matching [start, end]; None unless every one was published.

    The quarters are those of which at least half the days fall inside the period
    (see :func:`spodash.periods.matching_quarters`, which this mirrors on arrays). Every
    calendar quarter the rule asks for must be in the bundle: a figure whose period runs past
    the last quarter of offence data gets no count, never a sum over the quarters that exist
    (that would divide by too small a number and overstate the rate).
    """
    a = q.arrays.get(force)
    if a is None or pd.isna(start) or pd.isna(end) or offence not in a:
        return None, _Matched(0, None, None)
    s, e = _day(start), _day(end)
    inside = np.minimum(a["end"], e) - np.maximum(a["start"], s) + 1
    mask = 2 * inside >= (a["end"] - a["start"] + 1)
    n = int(mask.sum())
    expected = quarters_needed(start, end)
    if not n:
        return None, _Matched(0, None, None, expected)
    values = a[offence][mask]
    matched = _Matched(n, a["start"][mask].min(), a["end"][mask].max(), expected)
    if np.isnan(values).any() or not matched.complete:
        return None, matched
    return int(values.sum()), matched


def quarters_needed(start, end) -> int:
    """How many calendar quarters (Jan-Mar, Apr-Jun, ...) have at least half their days in [start, end]."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    q = pd.Timestamp(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    n = 0
    while q <= end:
        q_end = q + pd.offsets.QuarterEnd(0)
        inside = (min(q_end, end) - max(q, start)).days + 1
        n += 2 * inside >= (q_end - q).days + 1
        q = q_end + pd.Timedelta(days=1)
    return n


#: Why a rate per stalking offence is left out when the offence data stop before the figure's period does.
PARTIAL_DENOMINATOR = "Recorded stalking for this whole period is not in the bundle"


@dataclass(frozen=True)
class _Matched:
    """The quarters matched to a period: how many, first day and last day, and how many the period needs."""

    n: int
    first: int | None
    last: int | None
    expected: int = 0

    def __len__(self) -> int:
        return self.n

    @property
    def empty(self) -> bool:
        return self.n == 0

    @property
    def complete(self) -> bool:
        """Every quarter the period needs is in the bundle."""
        return self.n > 0 and self.n >= self.expected

    @property
    def start(self) -> pd.Timestamp:
        return pd.NaT if self.first is None else pd.Timestamp(int(self.first), unit="D")

    @property
    def end(self) -> pd.Timestamp:
        return pd.NaT if self.last is None else pd.Timestamp(int(self.last), unit="D")

    @property
    def label(self) -> str:
        if not self.n:
            return ""
        text = f"{self.start:%b %Y} to {self.end:%b %Y} ({self.n} quarter{'s' * (self.n != 1)})"
        if not self.complete:
            text += f": {self.expected - self.n} more needed, not in the bundle"
        return text


def year_windows(q: Quarterly, basis: str) -> list[str]:
    """Years whose four quarters are all in the recorded-crime table, newest first."""
    from spodash.periods import fy_key

    starts = q.table.reset_index()["period_start"].drop_duplicates().sort_values()
    counts: dict[str, int] = {}
    for s in starts:
        key = fy_key(s) if basis == "fy" else str(s.year)
        counts[key] = counts.get(key, 0) + 1
    return sorted((k for k, n in counts.items() if n == 4), reverse=True)


def order_years(orders: pd.DataFrame, order_type: str, measure: str, basis: str, candidates: list[str]) -> dict[str, int]:
    """Years (of ``candidates``, in order) with published figures of this kind -> how many forces have one."""
    from spodash.periods import window

    subset = orders[(orders["order_type"] == order_type) & (orders["measure"] == measure) & orders["count"].notna()]
    spans, codes = _spans(subset), subset["force_code"].to_numpy()
    out = {}
    for key in candidates:
        n = len(set(codes[_belongs(*spans, window(basis, key))]))
        if n:
            out[key] = n
    return out


def best_year(coverage: dict[str, int]) -> str | None:
    """The year where most forces have a figure (the newest of equals): the most useful first view."""
    return max(coverage, key=coverage.get) if coverage else None


def belongs(frame: pd.DataFrame, win: Window) -> np.ndarray:
    """Which rows of an orders frame belong to the window (a boolean array).

    A flow belongs to the year holding more than half its days; a stock dated at one day
    (no start) to the year of that day.
    """
    return _belongs(*_spans(frame), win)


def _spans(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start day, end day, is a stock dated at one day) per row, for :func:`_belongs`."""
    start, end = _nullable_days(frame["period_start"]), _nullable_days(frame["period_end"])
    return start, end, frame["measure"].isin(STOCK_MEASURES).to_numpy() & np.isnan(start)


def _belongs(start: np.ndarray, end: np.ndarray, point_stock: np.ndarray, win: Window) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        dated_inside = (end >= _day(win.start)) & (end <= _day(win.end))
    return np.where(point_stock, dated_inside, _shares(start, end, win) > 0.5)


def shares(frame: pd.DataFrame, win: Window) -> np.ndarray:
    """:func:`spodash.periods.year_share` for every row (0 where a date is missing)."""
    return _shares(_nullable_days(frame["period_start"]), _nullable_days(frame["period_end"]), win)


def _nullable_days(dates: pd.Series) -> np.ndarray:
    """Day numbers as floats, NaN for a missing date (plain arrays: a window test costs microseconds)."""
    d = dates.to_numpy(dtype="datetime64[D]")
    return np.where(np.isnat(d), np.nan, d.astype(np.int64).astype(float))


def _shares(start: np.ndarray, end: np.ndarray, win: Window) -> np.ndarray:
    inside = np.clip(np.minimum(end, _day(win.end)) - np.maximum(start, _day(win.start)) + 1, 0, None)
    with np.errstate(invalid="ignore"):
        share = inside / (end - start + 1)
    return np.nan_to_num(share, nan=0.0)


def order_metrics(order_type: str, measure: str) -> list[str]:
    """How an order figure can be shown. Per 100 stalking offences only makes sense for SPO flows."""
    stalking_flow = "SPO" in order_type and measure not in STOCK_MEASURES
    return [m for m in ("per_100_reports", "per_100k", "count") if m != "per_100_reports" or stalking_flow]


_TYPE_RANK = {t: i for i, t in enumerate(SOURCE_TYPES)}


def missing_reason(count_as_published: str, note: str) -> str:
    text = f"{count_as_published} {note}".lower()
    if "no foi response" in text or "not responded" in text or "did not respond" in text:
        return "Did not answer the FOI request"
    if "fewer than five" in text or "between one and five" in text:
        return f"Suppressed by the source ({count_as_published})"
    if count_as_published.strip():
        return f"No exact number published ({count_as_published!r})"
    return "Not published"


def choose_order_figures(bundle: Bundle, order_type: str, measure: str, win: Window) -> pd.DataFrame:
    """One figure per force for the year, with where it came from; forces without one are absent.

    Several sources can give a figure for the same force and year. The one shown comes
    from the source covering most forces that year (a survey beats a one-off report),
    then the stronger kind of evidence, then the figure most inside the year.
    """
    o = bundle.orders
    subset = o[(o["order_type"] == order_type) & (o["measure"] == measure)]
    inside = subset[belongs(subset, win)].copy()
    # A source's unpublished entries (e.g. no FOI answer) belong with its published ones.
    active = set(inside["source_id"])
    unpublished = subset[subset["count"].isna() & subset["source_id"].isin(active) & ~subset.index.isin(inside.index)]
    inside = pd.concat([inside, unpublished])
    if inside.empty:
        return inside.assign(source_type=pd.Series(dtype=str))
    types = bundle.sources.set_index("source_id")["source_type"]
    coverage = inside.groupby("source_id")["force_code"].nunique()
    inside["source_type"] = inside["source_id"].map(types)
    inside["_published"] = inside["count"].notna()
    # A user's own upload outranks published sources in their session: that is why they uploaded it.
    inside["_user"] = inside["source_type"] == "user-supplied"
    inside["_coverage"] = inside["source_id"].map(coverage)
    inside["_rank"] = inside["source_type"].map(_TYPE_RANK).fillna(-1)
    inside["_share"] = shares(inside, win)
    inside["_others"] = inside.groupby("force_code")["force_code"].transform("size") - 1
    inside = inside.sort_values(["_published", "_user", "_coverage", "_rank", "_share", "period_end"],
                                ascending=[False, False, False, True, False, False], na_position="last")
    chosen = inside.drop_duplicates("force_code").drop(columns=["_published", "_user", "_coverage", "_rank", "_share"])
    return chosen.rename(columns={"_others": "other_figures"})


def caveat_records(caveats: pd.DataFrame) -> list[tuple]:
    """The caveats as plain tuples (force, topics, from, to, text): read once, matched many times."""
    key = id(caveats)
    hit = _CAVEAT_CACHE.get(key)
    if hit is not None and hit[0] is caveats:
        return hit[1]
    bound = caveats["applies_to_source"] if "applies_to_source" in caveats else [""] * len(caveats)
    records = [(c.force_code, frozenset(c.topic.split("|")), c.applies_from, c.applies_to, c.text, b)
               for c, b in zip(caveats.itertuples(), bound)]
    _CAVEAT_CACHE[key] = (caveats, records)
    return records


_CAVEAT_CACHE: dict[int, tuple[pd.DataFrame, list[tuple]]] = {}


def applicable_caveats(caveats: pd.DataFrame, force: str, topics: set[str], start, end,
                       source_id: str | None = None) -> list[str]:
    """Caveat texts for a force, a set of topics and a period (missing dates overlap everything).

    A caveat bound to one source (``applies_to_source``) is about that source's method: it is
    kept for that source's figures, and where ``source_id`` is None (no figure), but not beside
    another source's figure, such as a user's own upload.
    """
    out = []
    for c_force, c_topics, c_from, c_to, text, c_source in caveat_records(caveats):
        if c_force and c_force != force:
            continue
        if c_source and source_id is not None and c_source != source_id:
            continue
        if not topics & c_topics:
            continue
        if pd.notna(c_to) and pd.notna(start) and start > c_to:
            continue
        if pd.notna(c_from) and pd.notna(end) and end < c_from:
            continue
        out.append(text)
    return out


def _base(bundle: Bundle) -> pd.DataFrame:
    return bundle.forces[["force_code", "force_name", "region", "population"]].copy()


def orders_table(bundle: Bundle, q: Quarterly, order_type: str, measure: str, win: Window | None, metric: str,
                 *, chosen: pd.DataFrame | None = None, annualise: bool = False) -> pd.DataFrame:
    """All 43 forces with the chosen figure (or the reason there is none) and the metric's value.

    ``chosen`` gives the figures directly (one per force, e.g. each force's latest), instead of
    choosing them for ``win``. With ``annualise`` a rate per 100,000 residents is per year of the
    figure's own period, so figures of different lengths can sit on one map.
    """
    if chosen is None:
        chosen = choose_order_figures(bundle, order_type, measure, win)
    picked = {r["force_code"]: r for r in chosen.to_dict("records")}
    titles = dict(zip(bundle.sources["source_id"], bundle.sources["title"]))
    copies = evidence.copy_notes(bundle)
    topics = {order_type, "SPO"} if "SPO" in order_type else {order_type}
    rows = []
    for f in _base(bundle).itertuples():
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
                row["value"], row["reports"], row["reports_period"] = value, extra.get("reports", pd.NA), extra.get("label", "")
                if reason:
                    row["status"] = reason
                if "quarters" in extra:
                    m = extra["quarters"]
                    notes += applicable_caveats(bundle.caveats, f.force_code, {"8Q"}, m.start, m.end)
        else:
            # No figure: caveats that explain the gap (e.g. a force absent from a survey).
            start, end = (win.start, win.end) if win is not None else (pd.NaT, pd.NaT)
            notes = [t for t in applicable_caveats(bundle.caveats, f.force_code, topics, start, end)
                     if t in _force_caveats(bundle.caveats, f.force_code)]
        row["caveats"] = " | ".join(dict.fromkeys(notes))
        rows.append(row)
    return pd.DataFrame(rows)


#: Days in an average year: a rate "per year" divides by the figure's length in these.
YEAR_DAYS = 365.25


def period_days(start, end) -> int:
    """Inclusive length of a period in days."""
    return int((pd.Timestamp(end) - pd.Timestamp(start)).days) + 1


def _order_value(q: Quarterly, force, c: dict, measure: str, metric: str,
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


def lengths_differ(figures: pd.DataFrame, tolerance_days: int = 31) -> bool:
    """Whether the published flows among these figures cover periods of different lengths (by over a month)."""
    have = figures[figures["count"].notna() & ~figures["measure"].isin(STOCK_MEASURES)]
    days = (have["period_end"] - have["period_start"]).dt.days + 1
    if len(days) < 2:
        return False
    # A figure whose length was not published cannot be shown to match the others.
    return bool(days.isna().any()) or days.max() - days.min() > tolerance_days


def _force_caveats(caveats: pd.DataFrame, force: str) -> set[str]:
    return {r[4] for r in caveat_records(caveats) if r[0] == force}


def reports_table(bundle: Bundle, q: Quarterly, offence: str, win: Window, metric: str) -> pd.DataFrame:
    """Recorded offences for every force in the window (four whole quarters, or an ONS rolling year)."""
    rows = []
    p1 = bundle.crime_p1
    for f in _base(bundle).itertuples():
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
        row["caveats"] = " | ".join(dict.fromkeys(applicable_caveats(bundle.caveats, f.force_code, topics, win.start, win.end)))
        rows.append(row)
    return pd.DataFrame(rows)


def totals(table: pd.DataFrame, codes: set[str] | None = None) -> dict:
    """Sum of published counts (and of their denominators) over the forces that have both."""
    t = table if codes is None else table[table["force_code"].isin(codes)]
    have = t[t["count"].notna()]
    out = {"forces": len(t), "with_figure": len(have), "count": int(have["count"].sum()) if len(have) else None,
           "population": int(have["population"].sum()) if len(have) else None, "sources": sorted(set(have["source_id"]))}
    if "reports" in t:
        both = have[have["reports"].notna()]
        out["with_reports"] = len(both)
        out["reports"] = int(both["reports"].sum()) if len(both) else None
        out["per_100_reports"] = (both["count"].sum() / both["reports"].sum() * 100) if len(both) and both["reports"].sum() else None
    out["per_100k"] = (out["count"] / out["population"] * 100_000) if out["count"] is not None and out["population"] else None
    return out


def context_table(bundle: Bundle, order_type: str) -> pd.DataFrame:
    """National and regional totals for an order type, as published, for reading beside the map."""
    c = bundle.orders_context[bundle.orders_context["order_type"] == order_type]
    line = source_lines(bundle)
    return pd.DataFrame({
        "Area": c["geography"], "Measure": c["measure"].map(MEASURE_LABELS),
        "Figure": [f"{int(n):,}" if pd.notna(n) else f"not an exact number ({p})" for n, p in zip(c["count"], c["count_as_published"])],
        "Period": [fmt_period(a, b) for a, b in zip(c["period_start"], c["period_end"])],
        "Source": [line[s] for s in c["source_id"]],
        "Source id": c["source_id"],
    })
