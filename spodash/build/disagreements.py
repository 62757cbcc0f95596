"""Pairs of published order figures for one force that cannot both be true, with the reason why.

Both figures stay in ``orders.csv`` as published; this table only says that they conflict, so a
reader quoting one is warned about the other. Only strict contradictions are listed (by count and
period alone); figures that are merely surprising together (4 granted in 2020–2023, 18 by October
2024) are not. Kinds:

* ``running_total_falls``: two totals since the orders came in, the later one smaller.
* ``part_exceeds_whole``: a figure for part of a period larger than one for the whole period.
* ``same_period_differs``: two different figures for the same period.
* ``refusals_vs_successful_applications``: more refusals than the applications a source says were
  unsuccessful in a period containing them (e.g. "all 10 applications were successful").

A period starting before the orders existed counts from when they came in (an SPO figure "from
1 January 2020" can only count orders from 20 January 2020). Figures without a start or an end
date, or without a number, are never paired.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from itertools import combinations

#: When each order type came in, so "since January 2020" and "since 20 January 2020" are one start.
#: DVPNs/DVPOs have no single start (pilots from 2011, national from 2014), so they have none here.
COMMENCED = {"SPO": "2020-01-20", "interim SPO": "2020-01-20", "full SPO": "2020-01-20",
             "DAPN": "2024-11-27", "DAPO": "2024-11-27"}
#: Measures that count events in a period (so a total for a longer period cannot be smaller).
FLOWS = ("applied_for", "granted", "refused", "breaches")
#: Published measures of "granted" that count applications, not orders: only these say how many
#: applications failed (one application can bring both an interim and a full order).
APPLICATIONS_GRANTED = {"successful applications", "police applications granted"}
_MEASURE_AS_PUBLISHED = re.compile(r"Measure as published: (.*?)\.(?: |$)")


def _start(row: Mapping) -> str:
    """The effective start: the published one, or when the orders came in if that is later."""
    return max(row["period_start"], COMMENCED.get(row["order_type"], ""))


def _dated(row: Mapping) -> bool:
    return bool(row["period_start"] and row["period_end"]) and row["count"] is not None


def _inside(a: Mapping, b: Mapping) -> bool:
    """A's period lies within B's (effective starts)."""
    return _start(b) <= _start(a) and a["period_end"] <= b["period_end"]


def _day(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}es" if word.endswith("ch") else f"{word}s"


def _what(row: Mapping, count: int | None = None) -> str:
    """'133 SPO applications', '5 SPOs granted', '1 SPO application refused'."""
    n, ot, m = row["count"] if count is None else count, row["order_type"], row["measure"]
    if m == "applied_for":
        return f"{n} {ot} {_plural(n, 'application')}"
    if m == "granted":
        return f"{n} {_plural(n, ot)} granted"
    if m == "refused":
        return f"{n} {ot} {_plural(n, 'application')} refused"
    return f"{n} {_plural(n, 'breach')} of {ot}s"


def _figure(row: Mapping, publishers: Mapping[str, str]) -> str:
    """One figure in words: count, period, source, and the source's own wording when it says more."""
    words = row.get("count_as_published", "")
    quoted = f" ('{words}')" if words and words.replace(",", "") != str(row["count"]) else ""
    source = row["source_id"] + (f", {publishers[row['source_id']]}" if row["source_id"] in publishers else "")
    return (f"{_what(row)}{quoted} for {_day(row['period_start'])} to {_day(row['period_end'])} "
            f"({source})")


def _pair(kind: str, a: Mapping, b: Mapping, reason: str) -> dict:
    return {
        "force_code": a["force_code"], "order_type": a["order_type"], "measure": a["measure"], "kind": kind,
        "a_source_id": a["source_id"], "a_period_start": a["period_start"], "a_period_end": a["period_end"],
        "a_count": a["count"],
        "b_source_id": b["source_id"], "b_measure": b["measure"], "b_period_start": b["period_start"],
        "b_period_end": b["period_end"], "b_count": b["count"], "reason": reason,
    }


def count_conflicts(orders: Sequence[Mapping], names: Mapping[str, str],
                    publishers: Mapping[str, str]) -> list[dict]:
    """Same force, order type and measure: a smaller figure for a period containing a larger one's."""
    groups: dict[tuple, list[Mapping]] = {}
    for r in orders:
        if r["measure"] in FLOWS and _dated(r):
            groups.setdefault((r["force_code"], r["order_type"], r["measure"]), []).append(r)
    out = []
    for rows in groups.values():
        for x, y in combinations(rows, 2):
            if x["count"] == y["count"]:
                continue
            a, b = (x, y) if x["count"] > y["count"] else (y, x)  # a is the larger figure
            if not _inside(a, b):
                continue
            force, fa, fb = names.get(a["force_code"], a["force_code"]), _figure(a, publishers), _figure(b, publishers)
            if _inside(b, a):
                kind, why = "same_period_differs", "for the same period"
            elif _start(a) == _start(b) == COMMENCED.get(a["order_type"]):
                kind = "running_total_falls"
                why = (f"both count from when {a['order_type']}s came in ({_day(COMMENCED[a['order_type']])}), "
                       "and a running total cannot fall")
            else:
                kind = "part_exceeds_whole"
                why = "the second period contains the first, so its figure cannot be smaller"
            out.append(_pair(kind, a, b, f"{force}: {fa}, but {fb}; {why}. Both cannot be true as counts of the "
                                         "same thing."))
    return out


def _measure_as_published(row: Mapping) -> str:
    found = _MEASURE_AS_PUBLISHED.search(row.get("note", ""))
    return found.group(1) if found else ""


def refusal_conflicts(orders: Sequence[Mapping], names: Mapping[str, str],
                      publishers: Mapping[str, str]) -> list[dict]:
    """Refusals in a period beyond the applications that another figure says failed in a period containing it."""
    applied = {(r["force_code"], r["order_type"], r["source_id"], r["period_start"], r["period_end"]): r
               for r in orders if r["measure"] == "applied_for" and _dated(r)}
    out = []
    for g in orders:
        if g["measure"] != "granted" or not _dated(g) or _measure_as_published(g) not in APPLICATIONS_GRANTED:
            continue
        ap = applied.get((g["force_code"], g["order_type"], g["source_id"], g["period_start"], g["period_end"]))
        if ap is None:
            continue
        failed = ap["count"] - g["count"]
        for r in orders:
            if (r["measure"] != "refused" or not _dated(r) or (r["force_code"], r["order_type"]) != (
                    g["force_code"], g["order_type"]) or not _inside(r, g) or r["count"] <= failed):
                continue
            said = (f"all {ap['count']} applications" if failed == 0 else
                    f"{g['count']} of {ap['count']} applications")
            left = "none can have been refused" if failed == 0 else f"at most {failed} can have been refused"
            reason = (f"{names.get(r['force_code'], r['force_code'])}: {_figure(r, publishers)}, but {g['source_id']} "
                      f"says {said} for {_day(g['period_start'])} to {_day(g['period_end'])} were successful, "
                      f"so {left} in that period, which contains the first. Both cannot be true.")
            out.append(_pair("refusals_vs_successful_applications", r, g, reason))
    return out


def find_disagreements(orders: Sequence[Mapping], names: Mapping[str, str],
                       publishers: Mapping[str, str]) -> list[dict]:
    """Every conflicting pair, sorted by force, order type, measure, kind and periods."""
    rows = count_conflicts(orders, names, publishers) + refusal_conflicts(orders, names, publishers)
    return sorted(rows, key=lambda r: (r["force_code"], r["order_type"], r["measure"], r["kind"], r["a_period_end"],
                                       r["b_period_end"], r["a_source_id"], r["b_source_id"]))
