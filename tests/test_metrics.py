"""Metrics computed by hand from the bundle: rates, period matching, figure choice, missing stays missing."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from spodash.data import denominators
from spodash.data.periods import fmt_period, matching_quarters, window
from spodash.figures import metrics
from spodash.figures.colour_bins import make_classes
from spodash.publish.exports import escape_cell, to_csv_bytes

CLEVELAND, DURHAM, NORTHUMBRIA = "E23000013", "E23000008", "E23000007"
LINCOLNSHIRE, CITY, WEST_MERCIA, GWENT = "E23000020", "E23000034", "E23000016", "W15000002"


def _crime(bundle, code, offence, first, last):
    """Offences recorded by a force in quarters starting between two dates: computed directly from the file."""
    c = bundle.crime
    sel = (c["force_code"] == code) & (c["offence_code"] == offence) & c["period_start"].between(first, last)
    return int(c.loc[sel, "count"].sum())


@pytest.fixture(scope="module")
def survey(bundle, quarters):
    return metrics.orders_table(bundle, quarters, "SPO", "granted", window("fy", "2020/21"),
                                "per_100_reports").set_index("force_code")


def test_quarters_matched_to_the_spo_survey_period(quarters):
    q = denominators._quarters(quarters, CLEVELAND)
    rows = matching_quarters(q, pd.Timestamp("2020-01-20"), pd.Timestamp("2021-05-06"))
    # Jan-Mar 2020 has 71 of its 91 days inside, so counts; Apr-Jun 2021 has 36 of 91, so does not.
    assert list(rows["period_start"].dt.strftime("%Y-%m")) == ["2020-01", "2020-04", "2020-07", "2020-10", "2021-01"]
    wales = matching_quarters(denominators._quarters(quarters, GWENT), pd.Timestamp("2020-01-20"),
                              pd.Timestamp("2020-12-30"))
    assert list(wales["period_start"].dt.strftime("%Y-%m")) == ["2020-01", "2020-04", "2020-07", "2020-10"]


def test_per_100_reports_by_hand(bundle, survey):
    reports = _crime(bundle, CLEVELAND, "8Q", "2020-01-01", "2021-01-01")
    row = survey.loc[CLEVELAND]
    assert row["count"] == 1 and row["reports"] == reports == 1_283
    assert row["value"] == pytest.approx(1 / reports * 100)
    assert row["period"] == "20 Jan 2020 to 6 May 2021"
    assert row["reports_period"] == "Jan 2020 to Mar 2021 (5 quarters)"
    wm = survey.loc[WEST_MERCIA]  # figures correct to 26 May 2021: Apr-Jun 2021 is more than half inside
    assert wm["reports"] == _crime(bundle, WEST_MERCIA, "8Q", "2020-01-01", "2021-04-01")
    assert wm["value"] == pytest.approx(1 / wm["reports"] * 100)


def test_per_100k_by_hand(bundle, quarters):
    table = metrics.reports_table(bundle, quarters, "8Q", window("fy", "2022/23"), "per_100k").set_index("force_code")
    assert table.at[CLEVELAND, "count"] == 2_348
    assert table.at[CLEVELAND, "value"] == pytest.approx(2_348 / 588_369 * 100_000)
    orders = metrics.orders_table(bundle, quarters, "SPO", "granted", window("fy", "2020/21"),
                                  "per_100k").set_index("force_code")
    pop = bundle.forces.set_index("force_code").at[DURHAM, "population"]
    assert orders.at[DURHAM, "value"] == pytest.approx(2 / pop * 100_000)


def test_region_and_national_totals(bundle, survey):
    table = survey.reset_index()
    north_east = metrics.totals(table, {CLEVELAND, DURHAM, NORTHUMBRIA})
    reports = sum(_crime(bundle, c, "8Q", "2020-01-01", "2021-01-01") for c in (CLEVELAND, DURHAM, NORTHUMBRIA))
    assert north_east["count"] == 1 + 2 + 5
    assert north_east["reports"] == reports
    assert north_east["per_100_reports"] == pytest.approx(8 / reports * 100)
    national = metrics.totals(table)
    assert (national["count"], national["with_figure"], national["forces"]) == (294, 40, 43)
    assert national["sources"] == ["BBC_SDU_SPO_2021"]


def test_missing_stays_missing(survey):
    lincs = survey.loc[LINCOLNSHIRE]
    assert pd.isna(lincs["count"]) and math.isnan(lincs["value"])
    assert lincs["status"] == "Did not answer the FOI request"
    city = survey.loc[CITY]
    assert pd.isna(city["count"]) and city["status"] == metrics.NO_FIGURE
    assert survey.loc["E23000012", "count"] == 0 and survey.loc["E23000012", "value"] == 0  # Humberside: a real zero


def test_offence_before_it_existed_is_missing_not_zero(bundle, quarters):
    before = metrics.reports_table(bundle, quarters, "8Q", window("fy", "2013/14"), "count")
    assert before["count"].isna().all() and (before["status"] == metrics.NO_FIGURE).all()
    ccb = metrics.reports_table(bundle, quarters, "8U", window("fy", "2019/20"), "count")
    assert ccb["count"].isna().all()  # three zero rows only: not a year of data


def test_ons_rolling_year(bundle, quarters):
    table = metrics.reports_table(bundle, quarters, metrics.GROUP, window("ons", "Jun 2025"),
                                  "count").set_index("force_code")
    assert table.at[CLEVELAND, "count"] == 8_429 and table.at[CLEVELAND, "source_id"] == "ONS_PFA_P1_YE_JUN2025"
    gmp = metrics.reports_table(bundle, quarters, metrics.GROUP, window("ons", "Dec 2019"),
                                "count").set_index("force_code")
    assert pd.isna(gmp.at["E23000005", "count"]) and gmp.at["E23000005", "status"] == "Not available (..)"


def test_figures_belong_to_the_year_holding_most_of_their_days(bundle, quarters):
    years = metrics.order_years(bundle.orders, "SPO", "granted", "fy", metrics.year_windows(quarters, "fy"))
    assert years["2020/21"] == 40
    assert metrics.best_year(years) == "2020/21"
    cy = metrics.order_years(bundle.orders, "SPO", "granted", "cy", metrics.year_windows(quarters, "cy"))
    assert "2020" in cy
    # Derbyshire's 2020-2023 figure spans four years, so it belongs to none of them.
    for key in ("2020", "2021", "2022"):
        chosen = metrics.choose_order_figures(bundle, "SPO", "granted", window("cy", key))
        assert not ((chosen["force_code"] == "E23000018") & (chosen["source_id"] == "ITV_CALENDAR_SPO_2024_10")).any()


def test_survey_beats_one_off_reports(survey):
    sussex = survey.loc["E23000033"]
    assert sussex["source_id"] == "BBC_SDU_SPO_2021" and sussex["count"] == 30
    assert sussex["other_figures"] >= 2  # the force's own statements for the same year exist too


def test_stock_figures_belong_to_the_year_of_their_date(bundle, quarters):
    chosen = metrics.choose_order_figures(bundle, "SPO", "in_force", window("cy", "2021"))
    lincs = chosen[chosen["force_code"] == LINCOLNSHIRE]
    assert len(lincs) == 1 and lincs.iloc[0]["count"] in (7, 8)


def test_caveats_follow_force_topic_and_period(bundle, quarters):
    gmp = metrics.reports_table(bundle, quarters, "8Q", window("fy", "2019/20"), "count").set_index("force_code")
    assert "Greater Manchester" in gmp.at["E23000005", "caveats"]
    assert "Greater Manchester" not in gmp.at[CLEVELAND, "caveats"]
    it_system = bundle.caveats.set_index("caveat_id").at["gmp-2019-it-system", "text"]
    assert it_system in gmp.at["E23000005", "caveats"].split(" | ")
    later = metrics.reports_table(bundle, quarters, "8Q", window("fy", "2021/22"), "count").set_index("force_code")
    assert it_system not in later.at["E23000005", "caveats"].split(" | ")


def test_classes_keep_zero_apart_and_city_out_of_the_scale(survey):
    table = survey.reset_index()
    from spodash.charts.maps import map_classes

    classes = map_classes(table, integer=False, exclude={CITY})
    assert classes.has_zero and classes.labels[0] == "0"
    assert classes.index(0) == 0 and classes.index(0.0001) == 1
    assert classes.index(float("nan")) is None
    assert classes.index(1e9) == len(classes.labels) - 1  # off the scale: top class
    assert make_classes(pd.Series([float("nan")])).labels == ()


def test_periods_are_written_exactly():
    assert fmt_period(pd.Timestamp("2020-01-20"), pd.Timestamp("2021-05-06")) == "20 Jan 2020 to 6 May 2021"
    assert fmt_period(pd.NaT, pd.Timestamp("2021-04-19")) == "at 19 Apr 2021"
    assert fmt_period(pd.Timestamp("2020-01-20"), pd.NaT) == "from 20 Jan 2020 (end date not published)"
    assert fmt_period(pd.NaT, pd.NaT) == "period not published"
    for basis, key in (("fy", "2022-23"), ("fy", "2022/24"), ("cy", "20x2"), ("ons", "June 2025"), ("xx", "2022")):
        with pytest.raises(ValueError):
            window(basis, key)


def test_csv_download_escapes_formulas():
    df = pd.DataFrame({"a": ["=1+1", "+44", "-cmd", "@SUM(A1)", "plain", None], "n": [1, -2, 3, 4, 5, 6]})
    text = to_csv_bytes(df).decode()
    assert "'=1+1" in text and "'+44" in text and "'-cmd" in text and "'@SUM(A1)" in text
    assert ",-2\n" in text  # numbers are left alone
    assert escape_cell("plain") == "plain" and escape_cell(-2) == -2


def test_source_bound_caveats_stay_with_their_source(bundle, quarters, survey):
    bbc_dates = bundle.caveats.set_index("caveat_id").at["bbc2021-dates-differ-by-force", "text"]
    assert bbc_dates in survey.loc[CLEVELAND, "caveats"].split(" | ")
    # City of London has no figure: the caveat saying it is absent from the survey explains the gap.
    absent = bundle.caveats.set_index("caveat_id").at["bbc2021-city-of-london-absent", "text"]
    assert absent in survey.loc[CITY, "caveats"].split(" | ")
    # A user's own figure for the same year does not inherit the survey's method notes.
    from spodash.data.datasets import with_user_orders

    user = pd.DataFrame([{"force_code": "E23000035", "order_type": "SPO", "measure": "granted",
                          "period_start": pd.Timestamp("2020-04-01"), "period_end": pd.Timestamp("2021-03-31"),
                          "count": 21, "count_as_published": "21", "source_id": "x", "note": "User-supplied."}])
    mine = metrics.orders_table(with_user_orders(bundle, user), quarters, "SPO", "granted", window("fy", "2020/21"),
                                "count").set_index("force_code").loc["E23000035"]
    assert mine["source_type"] == "user-supplied" and mine["count"] == 21
    notes = mine["caveats"].split(" | ")
    assert notes[0].startswith("User-supplied figure") and bbc_dates not in notes


def test_per_100_stalking_offences_only_for_spo_flows():
    assert metrics.order_metrics("SPO", "granted")[0] == "per_100_reports"
    assert "per_100_reports" in metrics.order_metrics("interim SPO", "applied_for")
    assert "per_100_reports" not in metrics.order_metrics("DVPO", "granted")
    assert "per_100_reports" not in metrics.order_metrics("DAPO", "granted")
    assert "per_100_reports" not in metrics.order_metrics("SPO", "in_force")
    assert metrics.order_metrics("DVPO", "granted") == ["per_100k", "count"]


def test_year_assignment_on_arrays_matches_the_rule_row_by_row(bundle, quarters):
    """metrics.belongs / metrics.shares (vectorised) give what the written rule gives for each row."""
    from spodash.data.periods import year_share

    def rule(row, win):
        if row.measure in metrics.STOCK_MEASURES and pd.isna(row.period_start):
            return pd.notna(row.period_end) and win.start <= row.period_end <= win.end
        return year_share(row.period_start, row.period_end, win) > 0.5

    orders = bundle.orders
    assert orders["period_start"].isna().any()  # the stock-at-a-date branch is exercised
    wins = [window("fy", y) for y in metrics.year_windows(quarters, "fy")]
    wins += [window("cy", y) for y in metrics.year_windows(quarters, "cy")]
    wins += [window("ons", y) for y in sorted(set(bundle.crime_p1["year_ending"]))]
    assigned = 0
    for win in wins:
        expected = [rule(r, win) for r in orders.itertuples()]
        assert list(metrics.belongs(orders, win)) == expected, win
        assert list(metrics.shares(orders, win)) == pytest.approx(
            [year_share(r.period_start, r.period_end, win) for r in orders.itertuples()])
        assigned += sum(expected)
    assert assigned > len(orders) / 2  # most figures land in some year


def test_blank_8u_quarters_stay_missing_in_the_quarterly_table(quarters):
    """Greater Manchester's 2019/20 8U cells are blank in the bundle: never read back as zero."""
    gmp = quarters.table.loc["E23000005"]
    early = gmp.loc[pd.Timestamp("2019-07-01"):pd.Timestamp("2020-01-01"), "8U"]
    assert len(early) == 3 and early.isna().all()
    count, matched = metrics.reports_in(quarters, "E23000005", "8U", pd.Timestamp("2019-04-01"),
                                        pd.Timestamp("2020-03-31"))
    assert count is None and len(matched) == 4
    # The group total of a quarter still adds the codes that were published.
    assert (gmp.loc[pd.Timestamp("2019-07-01"), "group"]
            == gmp.loc[pd.Timestamp("2019-07-01"), ["8L", "8M", "8Q", "8R"]].sum())
