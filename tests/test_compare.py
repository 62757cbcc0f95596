"""Compare page: forces side by side on rates (checked by hand), and links with good and bad codes."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from spodash.data.paths import ROOT
from spodash.figures import compare, crime_series
from tests.conftest import ARTIFACTS, wait_idle

PAGE = str(ROOT / "app_pages" / "compare.py")
CLEVELAND, DURHAM, NORTHUMBRIA, MET, LINCS = "E23000013", "E23000008", "E23000007", "E23000001", "E23000020"


# ---- pure ----------------------------------------------------------------------------------
def test_parse_forces(bundle):
    codes = list(bundle.forces["force_code"])
    assert compare.parse_forces("E23000013,E23000008", codes) == ([CLEVELAND, DURHAM], [])
    assert compare.parse_forces(" e23000013 ,,E23000013, E99 ,x", codes) == ([CLEVELAND], ["E99", "x"])
    assert compare.parse_forces(None, codes) == ([], [])
    assert compare.region_forces(bundle.forces, "North East") == [CLEVELAND, DURHAM, NORTHUMBRIA]
    with pytest.raises(ValueError, match="Narnia"):
        compare.region_forces(bundle.forces, "Narnia")


def test_spo_survey_rates_by_hand(bundle, quarters):
    spo = compare.spo_survey(bundle, quarters, [CLEVELAND, DURHAM, LINCS]).set_index("force_code")
    c = bundle.crime
    starts = pd.to_datetime(["2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01"])
    stalking = c[(c["offence_code"] == "8Q") & c["period_start"].isin(starts)].groupby("force_code")["count"].sum()
    assert (spo.at[CLEVELAND, "count"], spo.at[DURHAM, "count"]) == (1, 2)
    assert spo.at[DURHAM, "reports"] == stalking[DURHAM]
    assert spo.at[DURHAM, "per_100_reports"] == pytest.approx(2 / stalking[DURHAM] * 100)
    assert spo.at[DURHAM, "per_100k"] == pytest.approx(2 / 642744 * 100_000)
    assert spo.at[DURHAM, "period"] == "20 Jan 2020 to 16 Apr 2021"
    assert (spo["source_id"].isin(["BBC_SDU_SPO_2021", ""])).all()
    # Lincolnshire did not answer: no figure and the reason, never a zero.
    assert pd.isna(spo.at[LINCS, "count"]) and pd.isna(spo.at[LINCS, "per_100_reports"])
    assert spo.at[LINCS, "status"] == "Did not answer the FOI request"


def test_rates_by_year_and_national(bundle, quarters):
    long = compare.rates_by_year(bundle, quarters, [MET, CLEVELAND])
    met = long[(long["force_code"] == MET) & (long["key"] == "2022/23")].iloc[0]
    assert met["count"] == 11723 and met["rate"] == pytest.approx(11723 / 8931847 * 100_000)
    assert long[long["force_code"] == CLEVELAND]["key"].min() == "2014/15"  # no 8Q before April 2014
    national = compare.national_by_year(bundle, quarters).set_index("key")
    # Sums over the 43 forces (raw/recorded_crime/PROVENANCE.md, check 5).
    assert national.at["2022/23", "count"] == 117266 and national.at["2020/21", "count"] == 98634
    assert national.at["2022/23", "forces"] == 43
    assert national.at["2022/23", "rate"] == pytest.approx(117266 / bundle.forces["population"].sum() * 100_000)


def test_comparison_table(bundle, quarters):
    spo = compare.spo_survey(bundle, quarters, [CLEVELAND, LINCS])
    long = compare.rates_by_year(bundle, quarters, [CLEVELAND, LINCS])
    t = compare.comparison_table(spo, long, ["2021/22", "2022/23"]).set_index("ONS code")
    assert t.at[CLEVELAND, "Stalking (8Q) 2022/23"] == 2348
    assert t.at[CLEVELAND, "Stalking (8Q) per 100,000 2022/23"] == round(2348 / 588369 * 100_000, 1)
    assert t.at[CLEVELAND, "Stalking (8Q) 2021/22"] == 1758
    assert pd.isna(t.at[LINCS, "SPO granted (BBC survey)"])
    assert not any("rank" in c.lower() for c in t.columns)


def test_compare_figures(bundle, quarters):
    from spodash.charts import profile_charts

    spo = compare.spo_survey(bundle, quarters, [CLEVELAND, DURHAM, LINCS])
    fig = profile_charts.spo_bars(spo)
    assert list(fig.data[0].y) == ["Cleveland", "Durham", "Lincolnshire"]
    assert list(fig.data[0].text) == ["0.078", "0.066", "no published figure"]
    long = compare.rates_by_year(bundle, quarters, [CLEVELAND, DURHAM])
    years = sorted(long["key"].unique())[-4:]
    bars = profile_charts.reports_by_year_bars(long[long["key"].isin(years)], years)
    assert [t.name for t in bars.data] == years == ["2019/20", "2020/21", "2021/22", "2022/23"]
    assert {t.marker.color for t in bars.data} == set(profile_charts.AF[:4])
    assert len({t.marker.pattern.shape for t in bars.data}) == 4  # told apart without colour too
    assert bars.data[3].customdata[0] == "2,348"  # counts in the hover
    multiples = profile_charts.small_multiples(long, compare.national_by_year(bundle, quarters),
                                               ["Cleveland", "Durham"], crime_series.rule_changes(bundle.caveats))
    assert [a.text for a in multiples.layout.annotations][:2] == ["Cleveland", "Durham"]


# ---- the page --------------------------------------------------------------------------------
def run_page(**params) -> AppTest:
    return open_page("compare", params)


def test_two_forces_from_the_link():
    at = run_page(forces=f"{CLEVELAND},{DURHAM}")
    assert not at.exception and not at.warning
    assert at.multiselect(key="cmp_forces").value == [CLEVELAND, DURHAM]
    assert len(at.get("plotly_chart")) == 3
    table = at.dataframe[0].value
    assert list(table["ONS code"]) == [CLEVELAND, DURHAM]
    assert list(table["SPO granted (BBC survey)"]) == [1, 2]
    assert at.query_params["forces"] == f"{CLEVELAND},{DURHAM}"
    assert "[Cleveland](profile?force=E23000013)" in " ".join(m.value for m in at.markdown)


def test_a_whole_region():
    at = run_page(region="North East")
    assert not at.exception and not at.warning
    assert at.radio(key="cmp_mode").value == "region"
    assert list(at.dataframe[0].value["Force"]) == ["Cleveland", "Durham", "Northumbria"]
    assert at.query_params["region"] == "North East" and "forces" not in at.query_params
    at.selectbox(key="cmp_region").set_value("Wales").run()
    assert list(at.dataframe[0].value["ONS code"]) == ["W15000004", "W15000002", "W15000001", "W15000003"]
    assert at.query_params["region"] == "Wales"


def test_invalid_codes_are_named_and_the_valid_ones_kept():
    at = run_page(forces=f"{CLEVELAND},E99999999,{DURHAM},nonsense")
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "“E99999999”" in warning and "“nonsense”" in warning and "not police force areas" in warning
    assert at.multiselect(key="cmp_forces").value == [CLEVELAND, DURHAM]
    assert len(at.get("plotly_chart")) == 3
    assert at.query_params["forces"] == f"{CLEVELAND},{DURHAM}"  # the link is tidied


def test_only_invalid_codes_leave_a_prompt():
    at = run_page(forces="E99999999")
    assert not at.exception and not at.get("plotly_chart")
    assert "“E99999999”" in at.warning[0].value
    assert "Choose at least 2" in at.info[0].value
    at.multiselect(key="cmp_forces").set_value([MET, CLEVELAND]).run()
    assert len(at.get("plotly_chart")) == 3 and at.query_params["forces"] == f"{MET},{CLEVELAND}"


def test_too_many_forces_and_a_bad_region():
    codes = [f"E230000{i:02d}" for i in range(1, 11)]
    at = run_page(forces=",".join(codes))
    assert "At most 8" in " ".join(w.value for w in at.warning)
    assert at.multiselect(key="cmp_forces").value == codes[:8]
    at = run_page(region="Narnia")
    assert "“Narnia”" in at.warning[0].value and not at.exception


@pytest.mark.browser
def test_compare_page_in_the_browser(server, page):
    page.goto(server + "/")  # see test_profile: the root first, so st.navigation is in charge
    wait_idle(page)
    page.goto(server + f"/compare?forces={CLEVELAND},{DURHAM},{LINCS}")
    page.wait_for_selector("h1", timeout=60_000)
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3",
                           timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator(".js-plotly-plot").count() == 3
    assert page.get_by_text("no published figure").first.is_visible()
    assert not page.locator("[data-testid=stException]").count()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare_three_forces.png"))
