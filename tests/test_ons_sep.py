"""ONS Table P1, years ending September 2023 and 2024: read from a compiled copy, graded as one, caveated."""
from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from spodash.build import BuildError
from spodash.build.bundle import build_bundle
from spodash.build.crime import COMPILED_FILE
from spodash.charts.profile_charts import trend_chart
from spodash.data.schema import SOURCE_TYPES
from spodash.figures import force_context, metrics, profile

CLEVELAND, WEST_MIDLANDS = "E23000013", "E23000014"
SOURCE = "ONS_PFA_P1_YE_SEP2023_2024_COMPILED"


@pytest.fixture(scope="module")
def compiled(raw_dir):
    """The raw compiled copy, as {(year, area name): stalking and harassment}."""
    path = raw_dir / "recorded_crime" / "ons_pfa_tables_compiled" / COMPILED_FILE
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return {(r["Year ending September"], r["Area name"]): int(r["Stalking and harassment"])
                for r in csv.DictReader(fh) if r["Year ending September"] in ("2023", "2024")}


def test_known_figures_come_out_of_the_bundle(bundle):
    p1 = bundle.crime_p1.set_index(["force_code", "year_ending"])
    assert p1.at[(CLEVELAND, "Sep 2023"), "count"] == 12_025
    assert p1.at[(CLEVELAND, "Sep 2024"), "count"] == 9_720
    # The force, not the 'West Midlands Region' row (79,490 in the year ending Sep 2023).
    assert p1.at[(WEST_MIDLANDS, "Sep 2023"), "count"] == 44_978
    row = p1.loc[(CLEVELAND, "Sep 2024")]
    assert (row["period_start"], row["period_end"]) == (pd.Timestamp("2023-10-01"), pd.Timestamp("2024-09-30"))
    assert row["source_id"] == SOURCE and row["count_as_published"] == "9720"


def test_only_the_two_new_editions_and_only_the_43_forces(bundle):
    p1 = bundle.crime_p1
    sep = p1[p1["source_id"] == SOURCE]
    assert sorted(set(sep["year_ending"])) == ["Sep 2023", "Sep 2024"]
    assert sep.groupby("year_ending")["force_code"].nunique().to_dict() == {"Sep 2023": 43, "Sep 2024": 43}
    assert len(sep) == 86 and sep["count"].notna().all()
    # The years held as ONS workbooks are not duplicated from the copy.
    assert (p1.groupby("year_ending")["source_id"].nunique() == 1).all()
    assert p1.loc[p1["year_ending"] == "Sep 2019", "source_id"].unique().tolist() == ["ONS_PFA_P1_YE_SEP2019"]


@pytest.mark.parametrize("year, england_and_wales, btp", [("2023", 678_746, 297), ("2024", 613_625, 322)])
def test_forces_and_btp_add_up_to_england_and_wales(bundle, compiled, year, england_and_wales, btp):
    assert compiled[(year, "ENGLAND AND WALES")] == england_and_wales
    assert compiled[(year, "British Transport Police")] == btp
    p1 = bundle.crime_p1
    forces = int(p1.loc[p1["year_ending"] == f"Sep {year}", "count"].sum())
    assert forces + btp == england_and_wales
    # The same from the raw rows: every area row less the countries, the nine regions and BTP.
    regions = sum(compiled[(year, r)] for r in ("North East", "North West", "Yorkshire and The Humber",
                                                 "East Midlands", "West Midlands Region", "East", "London",
                                                 "South East", "South West"))
    assert regions + compiled[(year, "WALES")] + btp == england_and_wales
    every = sum(v for (y, _), v in compiled.items() if y == year)
    assert every - england_and_wales - compiled[(year, "ENGLAND")] - compiled[(year, "WALES")] - regions == forces + btp


def test_build_stops_when_the_copy_does_not_add_up(raw_dir, tmp_path):
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    path = copy / "recorded_crime" / "ons_pfa_tables_compiled" / COMPILED_FILE
    text = path.read_text(encoding="utf-8-sig")
    old = "2024,Cleveland,74419,27383,11,31,7058,10563,9720,"
    assert old in text
    path.write_text(text.replace(old, old.replace(",9720,", ",9721,")), encoding="utf-8-sig")
    with pytest.raises(BuildError, match=r"Sep 2024: the 43 forces and British Transport Police add to 613,626"):
        build_bundle(copy)


def test_graded_as_a_copy_below_ons_and_attributed_to_both(bundle):
    assert SOURCE_TYPES.index("copy of official statistics") == SOURCE_TYPES.index("official statistics") + 1
    s = bundle.sources.set_index("source_id").loc[SOURCE]
    assert s["source_type"] == "copy of official statistics"
    assert s["copy_of"].startswith("ONS, Crime in England and Wales: Police Force Area data tables, Table P1")
    assert "Office for National Statistics" in s["attribution"] and "Open Government Licence v3.0" in s["attribution"]
    assert "OliverG314/UKCrimeAnalysis" in s["attribution"] and s["url"] == "https://github.com/OliverG314/UKCrimeAnalysis"


def test_principal_crime_rule_applies_to_both_years_and_not_before(bundle):
    rule = bundle.caveats.set_index("caveat_id").at["rule-2023-principal-crime", "text"]
    p1 = bundle.crime_p1.set_index(["force_code", "year_ending"])
    for year in ("Sep 2023", "Sep 2024"):
        r = p1.loc[(CLEVELAND, year)]
        texts = metrics.applicable_caveats(bundle.caveats, CLEVELAND, {"stalking_harassment"}, r["period_start"],
                                           r["period_end"], source_id=SOURCE)
        assert rule in texts, year
    r = p1.loc[(CLEVELAND, "Dec 2019")]
    assert rule not in metrics.applicable_caveats(bundle.caveats, CLEVELAND, {"stalking_harassment"},
                                                  r["period_start"], r["period_end"])


def test_profile_chart_over_time_shows_the_new_years(bundle, quarters):
    p = profile.build_profile(bundle, quarters, CLEVELAND, force_context.context_tables(bundle, quarters))
    ons = p.ons.set_index("year_ending")
    assert ons.at["Sep 2023", "count"] == 12_025 and ons.at["Sep 2024", "count"] == 9_720
    fig = trend_chart(p, "fy")
    trace = next(t for t in fig.data if "ONS Table P1" in t.name)
    assert {12_025.0, 9_720.0, 8_429.0} <= set(trace.y)
    assert any(c[2] == SOURCE for c in trace.customdata)
