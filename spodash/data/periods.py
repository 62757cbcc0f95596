"""Periods: financial and calendar years, quarters, and how an order figure's period is matched."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

BASES = {"fy": "Financial year (April to March)", "cy": "Calendar year", "ons": "12 months to a month (ONS)"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Window:
    basis: str  # "fy", "cy" or "ons" (an ONS rolling year)
    key: str  # "2022/23", "2022", "Jun 2025"
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def label(self) -> str:
        if self.basis == "fy":
            return f"financial year {self.key} ({fmt_date(self.start)} to {fmt_date(self.end)})"
        if self.basis == "cy":
            return f"calendar year {self.key}"
        return f"12 months to {fmt_date(self.end)}"


def fmt_date(day) -> str:
    """'20 Jan 2020' (no leading zero), '' for a missing date."""
    if day is None or pd.isna(day):
        return ""
    day = pd.Timestamp(day)
    return f"{day.day} {day:%b %Y}"


def fmt_period(start, end) -> str:
    """Readable exact period; says plainly when the source gave no start or end."""
    s, e = fmt_date(start), fmt_date(end)
    if s and e:
        return f"{s} to {e}"
    if e:
        return f"at {e}" if not s else e
    if s:
        return f"from {s} (end date not published)"
    return "period not published"


def window(basis: str, key: str) -> Window:
    """The window for 'fy'+'2022/23' or 'cy'+'2022'; ValueError for anything else."""
    if basis == "fy":
        if len(key) != 7 or key[4] != "/" or not (key[:4].isdigit() and key[5:].isdigit()):
            raise ValueError(f"{key!r} is not a financial year like 2022/23")
        year = int(key[:4])
        if int(key[5:]) != (year + 1) % 100:
            raise ValueError(f"{key!r} is not a financial year like 2022/23")
        return Window("fy", key, pd.Timestamp(year, 4, 1), pd.Timestamp(year + 1, 3, 31))
    if basis == "cy":
        if len(key) != 4 or not key.isdigit():
            raise ValueError(f"{key!r} is not a calendar year like 2022")
        year = int(key)
        return Window("cy", key, pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31))
    if basis == "ons":
        start, end = year_ending(key)
        return Window("ons", key, start, end)
    raise ValueError(f"unknown period basis {basis!r}")


def year_ending(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """'Jun 2025' -> 1 Jul 2024 to 30 Jun 2025, the ONS rolling year; ValueError otherwise."""
    parts = str(label).split()
    if len(parts) != 2 or parts[0] not in _MONTHS or not parts[1].isdigit() or len(parts[1]) != 4:
        raise ValueError(f"{label!r} is not a year ending like 'Jun 2025'")
    end_month = pd.Timestamp(int(parts[1]), _MONTHS.index(parts[0]) + 1, 1)
    return end_month - pd.DateOffset(months=11), end_month + pd.offsets.MonthEnd(0)


def fy_key(day: pd.Timestamp) -> str:
    year = day.year if day.month >= 4 else day.year - 1
    return f"{year}/{(year + 1) % 100:02d}"


def days(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Inclusive length in days."""
    return int((end - start).days) + 1


def overlap_days(a_start, a_end, b_start, b_end) -> int:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return max(0, days(start, end)) if end >= start else 0


def matching_quarters(quarters: pd.DataFrame, start, end) -> pd.DataFrame:
    """Quarters of which at least half the days fall inside [start, end].

    This is how an order figure's period is matched to recorded-crime quarters: the
    SPO survey period 20 Jan 2020 to 6 May 2021 matches January 2020 to March 2021.
    """
    if pd.isna(start) or pd.isna(end) or quarters.empty:
        return quarters.iloc[0:0]
    q_start, q_end = quarters["period_start"], quarters["period_end"]
    inside = (q_end.where(q_end < end, end) - q_start.where(q_start > start, start)).dt.days + 1
    length = (q_end - q_start).dt.days + 1
    return quarters[(inside * 2) >= length]


def year_share(start, end, win: Window) -> float:
    """Share of a figure's own period that falls in the window (0 when unknown)."""
    if pd.isna(start) or pd.isna(end):
        return 0.0
    return overlap_days(start, end, win.start, win.end) / days(start, end)

