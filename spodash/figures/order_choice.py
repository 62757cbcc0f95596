"""Which published order figure stands for each force and year, and which years have figures.

A figure belongs to the year holding more than half its days (a stock dated at one day, to the
year of that day). Where several sources give a figure, the choice is made here, and stated.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.denominators import day_number
from spodash.data.periods import Window
from spodash.data.schema import SOURCE_TYPES

#: Measures counted on a day (orders in force, cases pending), not over a period.
STOCK_MEASURES = {"in_force", "pending"}


def order_years(orders: pd.DataFrame, order_type: str, measure: str, basis: str,
                candidates: list[str]) -> dict[str, int]:
    """Years (of ``candidates``, in order) with published figures of this kind -> how many forces have one."""
    from spodash.data.periods import window

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
    return max(coverage, key=coverage.__getitem__) if coverage else None


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
        dated_inside = (end >= day_number(win.start)) & (end <= day_number(win.end))
    return np.where(point_stock, dated_inside, _shares(start, end, win) > 0.5)


def shares(frame: pd.DataFrame, win: Window) -> np.ndarray:
    """:func:`spodash.data.periods.year_share` for every row (0 where a date is missing)."""
    return _shares(_nullable_days(frame["period_start"]), _nullable_days(frame["period_end"]), win)


def _nullable_days(dates: pd.Series) -> np.ndarray:
    """Day numbers as floats, NaN for a missing date (plain arrays: a window test costs microseconds)."""
    d = dates.to_numpy(dtype="datetime64[D]")
    return np.where(np.isnat(d), np.nan, d.astype(np.int64).astype(float))


def _shares(start: np.ndarray, end: np.ndarray, win: Window) -> np.ndarray:
    inside = np.clip(np.minimum(end, day_number(win.end)) - np.maximum(start, day_number(win.start)) + 1, 0, None)
    with np.errstate(invalid="ignore"):
        share = inside / (end - start + 1)
    return np.nan_to_num(share, nan=0.0)


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


def lengths_differ(figures: pd.DataFrame, tolerance_days: int = 31) -> bool:
    """Whether the published flows among these figures cover periods of different lengths (by over a month)."""
    have = figures[figures["count"].notna() & ~figures["measure"].isin(STOCK_MEASURES)]
    days = (have["period_end"] - have["period_start"]).dt.days + 1
    if len(days) < 2:
        return False
    # A figure whose length was not published cannot be shown to match the others.
    return bool(days.isna().any()) or days.max() - days.min() > tolerance_days
