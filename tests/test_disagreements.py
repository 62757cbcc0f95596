"""Pairs of order figures that cannot both be true: the known conflicts are found, consistent pairs are not."""
from __future__ import annotations

import pandas as pd
import pytest

from spodash.build.disagreements import find_disagreements

MET, SUSSEX, NORTHUMBRIA, CLEVELAND, AVON = "E23000001", "E23000033", "E23000007", "E23000013", "E23000036"


def pair(bundle, force: str, a_source: str, b_source: str) -> pd.Series:
    d = bundle.disagreements
    rows = d[(d["force_code"] == force) & (d["a_source_id"] == a_source) & (d["b_source_id"] == b_source)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_met_running_total_falls(bundle):
    r = pair(bundle, MET, "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY", "BBC_SDU_SPO_2021")
    assert (r["kind"], r["order_type"], r["measure"], r["a_count"], r["b_count"]) == (
        "running_total_falls", "SPO", "applied_for", 133, 123)
    assert (r["a_period_end"], r["b_period_end"]) == (pd.Timestamp("2021-01-31"), pd.Timestamp("2021-05-12"))
    assert r["reason"].startswith("Metropolitan Police: 133 SPO applications")
    for words in ("31 Jan 2021", "12 May 2021", "123 SPO applications", "BBC Shared Data Unit", "cannot fall"):
        assert words in r["reason"], words


def test_sussex_and_northumbria_running_totals_fall(bundle):
    s = pair(bundle, SUSSEX, "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY", "BBC_SDU_SPO_2021")
    assert (s["kind"], s["a_count"], s["b_count"]) == ("running_total_falls", 41, 37)
    n = pair(bundle, NORTHUMBRIA, "NORTHERN_ECHO_NE_SPO_2022", "BBC_SDU_SPO_2021")
    assert (n["kind"], n["measure"], n["a_count"], n["b_count"]) == ("running_total_falls", "applied_for", 9, 6)


def test_cleveland_2024_part_exceeds_whole(bundle):
    r = pair(bundle, CLEVELAND, "CLEVELAND_FOI_900_24", "SPO_TOO_MUCH_WORK_2025_VIA_COPY")
    assert (r["kind"], r["measure"], r["a_count"], r["b_count"]) == ("part_exceeds_whole", "granted", 5, 3)
    assert (r["a_period_start"], r["a_period_end"], r["b_period_end"]) == (
        pd.Timestamp("2024-01-01"), pd.Timestamp("2024-09-30"), pd.Timestamp("2024-12-31"))
    # The source's own words travel with the pair: the FOI's 5 orders include interim and full orders.
    assert "includes both interim and full orders" in r["reason"] and "issued just three SPOs last year" in r["reason"]


def test_avon_refusal_against_all_successful(bundle):
    r = pair(bundle, AVON, "BBC_SDU_SPO_2021", "AVON_FOI_830_23")
    assert (r["kind"], r["measure"], r["b_measure"], r["a_count"], r["b_count"]) == (
        "refusals_vs_successful_applications", "refused", "granted", 1, 10)
    assert "all 10 applications" in r["reason"] and "none can have been refused" in r["reason"]


def test_every_pair_found_and_counts_by_kind(bundle):
    d = bundle.disagreements
    assert d["kind"].value_counts().to_dict() == {
        "running_total_falls": 5, "part_exceeds_whole": 1, "refusals_vs_successful_applications": 1}
    # Cumbria (5 applications to Feb 2021, 3 to May 2021) and Devon & Cornwall (21 granted in 2020,
    # 17 to 27 April 2021) are the other two running totals that fall.
    found = set(zip(d["force_code"], d["a_count"], d["b_count"], strict=True))
    assert found == {(MET, 133, 123), ("E23000002", 5, 3), (NORTHUMBRIA, 9, 6), (CLEVELAND, 5, 3),
                     (SUSSEX, 41, 37), ("E23000035", 21, 17), (AVON, 1, 10)}


@pytest.mark.parametrize("force, a, b", [
    ("E23000008", "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY", "BBC_SDU_SPO_2021"),  # Durham: 0 to Jan 2021, 3 to Apr 2021
    (SUSSEX, "IPSWICH_STAR_SPO_2021", "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY"),  # 29 to 19 Jan 2021, 41 to 31 Jan 2021
    ("E23000032", "KENT_POLICE_2021_04", "BBC_SDU_SPO_2021"),  # Kent: 18 granted to 20 Apr 2021, 23 to 30 Apr
    # South Yorkshire: 4 in 2020-23, 18 to Oct 2024
    ("E23000011", "ITV_CALENDAR_SPO_2024_10", "ITV_CALENDAR_SPO_2024_10"),
])
def test_figures_that_agree_are_not_listed(bundle, force, a, b):
    o = bundle.orders
    mine = o[(o["force_code"] == force) & o["count"].notna()]
    assert {a, b} <= set(mine["source_id"])  # both figures are there to be compared
    d = bundle.disagreements
    hit = d[(d["force_code"] == force) & d["a_source_id"].isin({a, b}) & d["b_source_id"].isin({a, b})]
    assert hit.empty


def _row(count, start, end, *, source="S", force="F", order_type="SPO", measure="granted", note=""):
    return {"force_code": force, "order_type": order_type, "measure": measure, "period_start": start,
            "period_end": end, "count": count, "count_as_published": str(count), "source_id": source, "note": note}


def test_rules_on_made_up_figures():
    def find(rows):
        return [(r["kind"], r["a_count"], r["b_count"]) for r in find_disagreements(rows, {}, {})]

    # A DVPO has no single start date, so two figures from the same day are part and whole, not a running total.
    assert find([_row(5, "2016-01-01", "2016-06-30", order_type="DVPO"),
                 _row(3, "2016-01-01", "2016-12-31", order_type="DVPO", source="T")]) == [("part_exceeds_whole", 5, 3)]
    assert find([_row(5, "2020-01-20", "2020-12-31"), _row(4, "2020-01-01", "2020-12-31", source="T")]) == [
        ("same_period_differs", 5, 4)]
    # Not nested, no end date, no number, a stock, or another force: never paired.
    assert find([_row(5, "2020-01-20", "2020-06-30"), _row(3, "2020-03-01", "2020-12-31", source="T")]) == []
    assert find([_row(5, "2020-01-20", "2020-06-30"), _row(3, "2020-01-20", "", source="T")]) == []
    assert find([_row(5, "2020-01-20", "2020-06-30"), _row(None, "2020-01-20", "2020-12-31", source="T")]) == []
    assert find([_row(5, "2020-01-20", "2020-06-30", measure="in_force"),
                 _row(3, "2020-01-20", "2020-12-31", measure="in_force", source="T")]) == []
    assert find([_row(5, "2020-01-20", "2020-06-30"), _row(3, "2020-01-20", "2020-12-31", force="G")]) == []
    # Refusals: only where "granted" counts applications, so one application with two orders does not count.
    applied = _row(4, "2020-01-20", "2022-12-31", measure="applied_for", source="FOI")
    refused = _row(1, "2020-01-20", "2021-04-30", measure="refused", source="BBC")
    apps = _row(4, "2020-01-20", "2022-12-31", source="FOI", note="Measure as published: successful applications.")
    orders = _row(4, "2020-01-20", "2022-12-31", source="FOI", note="Measure as published: granted.")
    assert find([applied, refused, apps]) == [("refusals_vs_successful_applications", 1, 4)]
    assert find([applied, refused, orders]) == []
    assert find([{**applied, "count": 5}, refused, apps]) == []  # one of five failed: one refusal fits
