"""Every number a caveat quotes equals the bundle's own figure (or is named as one the bundle does not hold).

A caveat that says "707,210" must say what the bundle says. Every thousands-separated number, "k"
number and percentage in a caveat must be listed below, either with how to recompute it or as a
number the bundle does not hold (with why), so a new or edited caveat cannot slip a number past.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import pytest

from spodash.data.paths import DATA_DIR

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\b\d+k\b|\d+(?:\.\d+)?%")


def _ho(bundle, fy: str, codes, force: str | None = None, quarter: int | None = None) -> int:
    c = bundle.crime
    rows = c[(c["financial_year"] == fy) & c["offence_code"].isin(codes)]
    if force:
        rows = rows[rows["force_code"] == force]
    if quarter:
        rows = rows[rows["quarter"] == quarter]
    return int(rows["count"].sum())


def _k(value: int) -> str:
    return f"{round(value / 1000)}k"


def _p1(bundle, force: str, year: str) -> int:
    return int(bundle.crime_p1.set_index(["force_code", "year_ending"]).at[(force, year), "count"])


def _orders(bundle, force: str, source: str, measure: str) -> int:
    o = bundle.orders
    return int(o.loc[(o["force_code"] == force) & (o["source_id"] == source) & (o["measure"] == measure),
                     "count"].iloc[0])


def _raw_p1(raw_dir, year: str, area: str) -> int:
    e = pd.read_csv(raw_dir / "recorded_crime" / "ons_pfa_tables" / "ons_pfa_table_p1_stalking_harassment_extract.csv",
                    dtype=str)
    return int(e.loc[(e["year_ending"] == year) & (e["area_name"].str.lower() == area.lower()),
                     "stalking_and_harassment"].iloc[0])


GROUP = ["8L", "8M", "8Q", "8R", "8U"]
DEVON, DYFED = "E23000035", "W15000004"
BBC = "BBC_SDU_SPO_2021"


def _ho_calendar_2019(bundle, force: str) -> int:
    """The Home Office group total for calendar 2019: 2018/19's fourth quarter and 2019/20's first three."""
    return sum(_ho(bundle, fy, GROUP, force, q) for fy, q in (("2018/19", 4), ("2019/20", 1), ("2019/20", 2),
                                                               ("2019/20", 3)))


#: caveat_id -> {number as written: how to get it from the bundle (or the raw ONS extract)}.
CHECKS: dict[str, dict[str, Callable]] = {
    "rule-2015-harassment-added": {"82k": lambda b, r: _k(_ho(b, "2014/15", ["8L"])),
                                   "153k": lambda b, r: _k(_ho(b, "2015/16", ["8L"]))},
    "rule-2017-malicious-comms-8r": {"207k": lambda b, r: _k(_ho(b, "2016/17", ["8L"])),
                                     "124k": lambda b, r: _k(_ho(b, "2017/18", ["8L"]))},
    "rule-2018-additional-offence": {"124k": lambda b, r: _k(_ho(b, "2017/18", ["8L"])),
                                     "214k": lambda b, r: _k(_ho(b, "2018/19", ["8L"])),
                                     "160k": lambda b, r: _k(_ho(b, "2017/18", ["8R"])),
                                     "208k": lambda b, r: _k(_ho(b, "2018/19", ["8R"]))},
    "rule-2020-former-partner-stalking": {"33k": lambda b, r: _k(_ho(b, "2019/20", ["8Q"])),
                                          "99k": lambda b, r: _k(_ho(b, "2020/21", ["8Q"]))},
    "rule-2023-principal-crime": {
        "707,210": lambda b, r: f"{_ho(b, '2022/23', GROUP):,}",
        "605,320": lambda b, r: f"{int(b.crime_p1.loc[b.crime_p1['year_ending'] == 'Jun 2025', 'count'].sum()):,}",
        # ONS's own England and Wales row is not kept in the bundle: it is read from the raw extract,
        # and it must be the 43 forces plus the British Transport Police figure the caveat quotes.
        "605,728": lambda b, r: f"{_raw_p1(r, 'Jun 2025', 'England and Wales'):,}",
        "408": lambda b, r: f"{_raw_p1(r, 'Jun 2025', 'British Transport Police'):,}",
    },
    "devon-cornwall-2022-it-system": {"2,807": lambda b, r: f"{_ho(b, '2022/23', GROUP, DEVON, 3):,}",
                                      "2,881": lambda b, r: f"{_ho(b, '2022/23', GROUP, DEVON, 4):,}",
                                      "3,414": lambda b, r: f"{_ho(b, '2022/23', GROUP, DEVON, 2):,}"},
    "devon-cornwall-recording-trend": {"15,127": lambda b, r: f"{_p1(b, DEVON, 'Jun 2025'):,}",
                                       "12,129": lambda b, r: f"{_ho(b, '2022/23', GROUP, DEVON):,}"},
    "dyfed-powys-ye-dec2019-undercount": {
        # Home Office calendar 2019 against the ONS year ending December 2019, as a share of the ONS figure.
        "17.6%": lambda b, r: f"{(_ho_calendar_2019(b, DYFED) / _p1(b, DYFED, 'Dec 2019') - 1) * 100:.1f}%"},
    "city-of-london-resident-population": {
        "13,462": lambda b, r: f"{int(b.forces.set_index('force_code').at['E23000034', 'population']):,}"},
    "bbc2021-england-total-294-vs-292": {
        "294": lambda b, r: str(int(b.orders.loc[(b.orders["source_id"] == BBC) & (b.orders["measure"] == "granted"),
                                                 "count"].sum())),
        "292": lambda b, r: str(int(b.orders.loc[(b.orders["source_id"] == BBC) & (b.orders["measure"] == "granted")
                                                 & b.orders["force_code"].str.startswith("E"), "count"].sum()))},
    "sussex-first-year-figures-conflict": {
        "29": lambda b, r: str(_orders(b, "E23000033", "SUSSEX_ARGUS_2021_01", "granted")),
        "41": lambda b, r: str(_orders(b, "E23000033", "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY", "applied_for"))},
    "devon-cornwall-spo-2020-conflict": {
        "21": lambda b, r: str(_orders(b, DEVON, "DEVON_CORNWALL_NUB_2021", "granted")),
        "17": lambda b, r: str(_orders(b, DEVON, BBC, "granted"))},
    "durham-first-year-conflict": {"3": lambda b, r: str(_orders(b, "E23000008", BBC, "applied_for"))},
    "met-greater-london-label": {
        "133": lambda b, r: str(_orders(b, "E23000001", "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY", "applied_for"))},
}

#: Numbers caveats quote that the bundle does not hold, and why.
NOT_HELD = {
    ("revisions-between-vintages", "1%"): "a typical size of revision, not a figure",
    ("cheshire-ye-jun2019-undercount", "1,000"): "ONS footnote: about 1,000 crimes of all offences",
    ("avon-somerset-admin-error", "2%"): "ONS footnote: about 2% of all the force's recorded offences",
    ("city-of-london-resident-population", "100,000"): "the unit of a rate",
}


def test_every_quoted_number_is_checked_or_named(bundle):
    for c in bundle.caveats.itertuples():
        quoted = set(NUMBER.findall(c.text))
        checked = set(CHECKS.get(c.caveat_id, {}))
        named = {n for (cid, n) in NOT_HELD if cid == c.caveat_id}
        assert quoted <= checked | named, (c.caveat_id, quoted - checked - named)


@pytest.mark.parametrize("caveat_id, number", [(c, n) for c, checks in CHECKS.items() for n in checks])
def test_caveat_number_equals_the_bundle(bundle, raw_dir, caveat_id, number):
    text = bundle.caveats.set_index("caveat_id").at[caveat_id, "text"]
    assert re.search(rf"(?<![\d,.]){re.escape(number)}(?!\d|,\d)", text), f"{number} is not in {caveat_id}"
    assert CHECKS[caveat_id][number](bundle, raw_dir) == number


def test_the_like_for_like_principal_crime_figures():
    """The corrected caveat compares the 43 forces with the 43 forces (issue 12)."""
    caveats = pd.read_csv(DATA_DIR / "caveats.csv", dtype=str, keep_default_na=False).set_index("caveat_id")
    text = caveats.at["rule-2023-principal-crime", "text"]
    assert "707,210 stalking and harassment offences in 2022/23 and 605,320 in the year ending June 2025" in text
    assert "605,728, also counts 408 British Transport Police offences" in text
