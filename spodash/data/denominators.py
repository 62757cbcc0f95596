"""Recorded crime as the denominator of a rate: the quarters table, and the quarters that match a period.

A rate per 100 stalking offences divides an order figure by the offences recorded in the
calendar quarters its period covers; a rate per year divides by the period's length in days.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from pandas.api.typing import NaTType

from spodash.data.offences import GROUP, OFFENCES


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


def day_number(ts) -> int:
    return int(pd.Timestamp(ts).value // 86_400_000_000_000)


def _quarters(q: Quarterly, force: str) -> pd.DataFrame:
    try:
        return q.table.loc[force].reset_index()
    except KeyError:
        return q.table.iloc[0:0].reset_index()


def reports_in(q: Quarterly, force: str, offence: str, start, end) -> tuple[int | None, _Matched]:
    """Offences recorded in the quarters matching [start, end]; None unless every one was published.

    The quarters are those of which at least half the days fall inside the period
    (see :func:`spodash.data.periods.matching_quarters`, which this mirrors on arrays). Every
    calendar quarter the rule asks for must be in the bundle: a figure whose period runs past
    the last quarter of offence data gets no count, never a sum over the quarters that exist
    (that would divide by too small a number and overstate the rate).
    """
    a = q.arrays.get(force)
    if a is None or pd.isna(start) or pd.isna(end) or offence not in a:
        return None, _Matched(0, None, None)
    s, e = day_number(start), day_number(end)
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
    def start(self) -> pd.Timestamp | NaTType:
        return pd.NaT if self.first is None else pd.Timestamp(int(self.first), unit="D")

    @property
    def end(self) -> pd.Timestamp | NaTType:
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
    from spodash.data.periods import fy_key

    starts = q.table.reset_index()["period_start"].drop_duplicates().sort_values()
    counts: dict[str, int] = {}
    for s in starts:
        key = fy_key(s) if basis == "fy" else str(s.year)
        counts[key] = counts.get(key, 0) + 1
    return sorted((k for k, n in counts.items() if n == 4), reverse=True)


#: Days in an average year: a rate "per year" divides by the figure's length in these.
YEAR_DAYS = 365.25


def period_days(start, end) -> int:
    """Inclusive length of a period in days."""
    return int((pd.Timestamp(end) - pd.Timestamp(start)).days) + 1
