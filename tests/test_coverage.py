"""Coverage grids: known gaps and known published figures, checked against the bundle."""
from __future__ import annotations

import pytest

from spodash.figures import coverage as cv

LINCOLNSHIRE, NORTH_YORKSHIRE, CITY, CLEVELAND = "E23000020", "E23000009", "E23000034", "E23000013"
AVON, GMP, MET = "E23000036", "E23000005", "E23000001"
BBC = "BBC_SDU_SPO_2021"


@pytest.fixture(scope="module")
def spo(bundle):
    return cv.orders_coverage(bundle, "spo", "source")


def test_every_grid_has_the_43_forces_and_only_known_statuses(bundle, quarters):
    for dataset in cv.DATASETS:
        for by in ("source", "year"):
            grid = cv.coverage(bundle, quarters, dataset, by)
            assert sorted(grid.status.index) == sorted(bundle.forces["force_code"])
            assert set(grid.status.to_numpy().ravel()) <= set(cv.ORDER)
            assert grid.status.shape == grid.detail.shape
            assert set(grid.columns) == set(grid.status.columns) == set(grid.column_notes)


def test_bbc_survey_non_responders_are_not_zero_and_city_has_nothing(spo):
    assert spo.status.at[LINCOLNSHIRE, BBC] == cv.WITHHELD
    assert spo.status.at[NORTH_YORKSHIRE, BBC] == cv.WITHHELD
    assert "Did not answer the FOI request" in spo.detail.at[LINCOLNSHIRE, BBC]
    assert "Did not answer the FOI request" in spo.detail.at[NORTH_YORKSHIRE, BBC]
    assert spo.status.at[CITY, BBC] == cv.NONE
    # 40 forces answered with numbers; 2 did not answer; City of London is absent from the survey.
    assert (spo.status[BBC] == cv.PUBLISHED).sum() == 40
    # City of London has no SPO figure from any source.
    assert (spo.status.loc[CITY] == cv.NONE).all()


def test_published_cell_carries_the_real_figures(spo):
    assert spo.status.at[AVON, BBC] == cv.PUBLISHED
    detail = spo.detail.at[AVON, BBC]
    assert "SPO granted: 8 (20 Jan 2020 to 30 Apr 2021)" in detail
    assert "SPO applied for: 9" in detail


def test_approximate_figure_is_withheld_not_published(spo):
    # "around 270 currently in force" is not an exact number.
    assert spo.status.at[MET, "MET_NEWS_VAWG_PLAN_2023_12"] == cv.WITHHELD
    assert "around 270" in spo.detail.at[MET, "MET_NEWS_VAWG_PLAN_2023_12"]


def test_cleveland_has_8q_for_every_financial_year_from_2014_15(bundle, quarters):
    grid = cv.crime_coverage(bundle, quarters)
    years = list(grid.status.columns)
    assert years[0] == "2012/13" and years[-1] == "2022/23"  # 2023/24 has one quarter only, so no column
    row = grid.status.loc[CLEVELAND]
    assert all(row[y] == cv.PUBLISHED for y in years if y >= "2014/15")
    assert row["2012/13"] == row["2013/14"] == cv.NONE
    # Check one year by hand against the Home Office rows.
    crime = bundle.crime
    by_hand = crime[(crime["force_code"] == CLEVELAND) & (crime["offence_code"] == "8Q")
                    & (crime["financial_year"] == "2020/21")]["count"].sum()
    assert grid.detail.at[CLEVELAND, "2020/21"].startswith(f"{int(by_hand):,} offences")
    # No force has 8Q before 2014/15; every force has it afterwards.
    assert (grid.status[["2012/13", "2013/14"]] == cv.NONE).all().all()
    assert (grid.status[[y for y in years if y >= "2014/15"]] == cv.PUBLISHED).all().all()


def test_ons_p1_gmp_not_available_in_2019(bundle):
    grid = cv.p1_coverage(bundle)
    assert list(grid.status.columns)[0] == "Mar 2018" and list(grid.status.columns)[-1] == "Jun 2025"
    assert grid.status.at[GMP, "Sep 2019"] == grid.status.at[GMP, "Dec 2019"] == cv.WITHHELD
    assert grid.status.at[GMP, "Jun 2019"] == cv.PUBLISHED
    assert grid.counts().loc["Dec 2019", cv.PUBLISHED] == 42


def test_dapo_only_in_pilot_forces(bundle):
    grid = cv.orders_coverage(bundle, "dapo", "source")
    have = set(grid.status.index[(grid.status == cv.PUBLISHED).any(axis=1)])
    assert have == {GMP, MET, CLEVELAND}


def test_orders_by_year_uses_the_year_the_period_ends(bundle):
    grid = cv.orders_coverage(bundle, "dvpo", "year")
    # Lancashire Evening Post: calendar years 2016, 2017, 2018 and Jan-Oct 2019.
    lancs = grid.status.loc["E23000003"]
    assert all(lancs[y] == cv.PUBLISHED for y in ("2016", "2017", "2018", "2019"))
    # Essex's figure runs 'since March 2014' with no end date published.
    assert grid.status.at["E23000028", cv.NO_END] == cv.PUBLISHED
    assert "2014" not in grid.status.columns


def test_tables_say_the_status_in_words(bundle, spo):
    wide = spo.wide(bundle.forces)
    assert len(wide) == 43 and list(wide.columns[:2]) == ["Force", "ONS code"]
    lincs = wide.set_index("ONS code").loc[LINCOLNSHIRE, spo.columns[BBC]]
    assert lincs == "? No number published"
    long = spo.long(bundle.forces)
    assert len(long) == 43 * len(spo.status.columns)
    assert set(long["Status"]) == set(cv.SHORT_LABELS.values())


def test_figure_shows_a_symbol_in_every_cell(bundle, spo):
    fig = cv.figure(spo, bundle.forces)
    heat = fig.data[0]
    assert len(heat.y) == 43 and len(heat.x) == len(spo.status.columns)
    symbols = {s for row in heat.text for s in row}
    assert symbols == set(cv.SYMBOLS.values())


def test_unknown_dataset_or_columns_is_a_clear_error(bundle):
    with pytest.raises(ValueError, match="unknown orders dataset"):
        cv.orders_coverage(bundle, "nmo")
    with pytest.raises(ValueError, match="by 'source' or 'year'"):
        cv.orders_coverage(bundle, "spo", "month")
