"""How strong the evidence behind an order figure is, and where sources disagree.

A figure is only as good as its source. Readers can keep to figures from official
statistics, FOI replies and police or PCC statements; figures that rest only on someone
else's copy are marked wherever they are shown; and a figure that another source
contradicts says so, with the other figure.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from spodash.data.datasets import USER_SOURCE_TYPE, Bundle
from spodash.data.periods import fmt_period
from spodash.data.schema import COPY_TYPES

#: The evidence filter's choices (``?evidence=``).
EVIDENCE = {"all": "All published figures", "strong": "Official statistics, FOI and police or PCC statements only"}
STRONG_TYPES = ("official statistics", "FOI disclosure", "police or PCC statement")


def strong_only(bundle: Bundle) -> Bundle:
    """The bundle with only order figures from the strong grades (and a user's own upload, which they chose)."""
    types = bundle.sources.set_index("source_id")["source_type"]
    keep = bundle.orders["source_id"].map(types).isin([*STRONG_TYPES, USER_SOURCE_TYPE])
    return replace(bundle, orders=bundle.orders[keep.to_numpy()])


def for_evidence(bundle: Bundle, evidence: str) -> Bundle:
    """The bundle an evidence choice draws its order figures from."""
    return strong_only(bundle) if evidence == "strong" else bundle


def copy_notes(bundle: Bundle) -> dict[str, str]:
    """Source id -> 'rests only on a copy of …' for every source graded as a copy."""
    src = bundle.sources
    of = src["copy_of"] if "copy_of" in src.columns else pd.Series("", index=src.index)
    return {s: f"rests only on a copy{f' of {o}' if o else ''}"
            for s, t, o in zip(src["source_id"], src["source_type"], of, strict=True) if t in COPY_TYPES}


def _key(force, order_type, measure, source_id, start, end) -> tuple:
    return (force, order_type, measure, source_id, pd.Timestamp(start), pd.Timestamp(end))


def disagreement_index(bundle: Bundle) -> dict[tuple, list[dict]]:
    """Figure key -> the figures that contradict it: {'count', 'period', 'source_id', 'reason'} each.

    The key is (force, order type, measure, source id, period start, period end), so the map,
    the profile and the timeline can all look a shown figure up.
    """
    d = bundle.disagreements
    hit = _INDEX.get(id(d))
    if hit is not None and hit[0] is d:
        return hit[1]
    out: dict[tuple, list[dict]] = {}
    names = dict(zip(bundle.sources["source_id"], bundle.sources["publisher"], strict=True))
    r: Any  # a disagreements.csv row: pandas-stubs types its fields as any scalar
    for r in d.itertuples():
        a = _key(r.force_code, r.order_type, r.measure, r.a_source_id, r.a_period_start, r.a_period_end)
        b = _key(r.force_code, r.order_type, r.b_measure, r.b_source_id, r.b_period_start, r.b_period_end)
        out.setdefault(a, []).append({"count": int(r.b_count), "period": fmt_period(r.b_period_start, r.b_period_end),
                                      "source_id": r.b_source_id, "source": names.get(r.b_source_id, r.b_source_id),
                                      "reason": r.reason})
        out.setdefault(b, []).append({"count": int(r.a_count), "period": fmt_period(r.a_period_start, r.a_period_end),
                                      "source_id": r.a_source_id, "source": names.get(r.a_source_id, r.a_source_id),
                                      "reason": r.reason})
    _INDEX[id(d)] = (d, out)
    return out


_INDEX: dict[int, tuple[pd.DataFrame, dict]] = {}


def disagreements_for(bundle: Bundle, force: str, order_type: str, measure: str, source_id: str,
                      start, end) -> list[dict]:
    """The figures that contradict one figure (empty when none does, or a date is missing)."""
    if pd.isna(start) or pd.isna(end):
        return []
    return disagreement_index(bundle).get(_key(force, order_type, measure, source_id, start, end), [])


def disagreement_text(others: list[dict], *, short: bool = False) -> str:
    """'Sources disagree: …' in words, with the other figure (short form for a hover)."""
    if not others:
        return ""
    if short:
        return "Sources disagree: " + "; ".join(
            f"another source gives {o['count']:,} for {o['period']} ({o['source']})" for o in others)
    return "Sources disagree: " + " ".join(o["reason"] for o in others)
