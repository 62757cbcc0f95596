"""Every published order figure on the map: each force's latest figure, honest rates, orders over time."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import pandas as pd
import pytest
from conftest import headline_cards, map_table, open_page
from streamlit.testing.v1 import AppTest

from spodash.charts import maps
from spodash.charts.maps import hover_texts, label_points
from spodash.data.datasets import USER_SOURCE_ID, with_user_orders
from spodash.data.paths import default_raw_dir
from spodash.data.periods import window
from spodash.figures import latest, metrics, profile, timeline
from spodash.views import mapview

CLEVELAND, KENT, LINCOLNSHIRE, NORTH_YORKSHIRE = "E23000013", "E23000032", "E23000020", "E23000009"
SOUTH_YORKSHIRE, NOTTS, DERBYSHIRE, DURHAM, CITY = "E23000011", "E23000019", "E23000018", "E23000008", "E23000034"
LATEST_URL = {"order": "SPO", "measure": "granted", "period": "latest", "metric": "count"}


@pytest.fixture(scope="module")
def points(bundle):
    return label_points(bundle.geo)


@pytest.fixture(scope="module")
def latest_view(bundle, quarters, points):
    return mapview.build(bundle, quarters, points, mapview.MapState(year=latest.LATEST, metric="count"))


def _published(bundle, order_type="SPO", measure="granted") -> pd.DataFrame:
    o = bundle.orders
    return o[(o["order_type"] == order_type) & (o["measure"] == measure) & o["count"].notna()]


# ---- the latest figure per force -----------------------------------------------------------
def test_every_force_with_a_published_figure_shows_its_latest(bundle, latest_view):
    published = _published(bundle)
    table = latest_view.table.set_index("ONS code")
    shown = table[table["SPO granted (count)"].notna()]
    assert set(shown.index) == set(published["force_code"])  # every force with any published count
    assert len(shown) == published["force_code"].nunique() == 42
    for code, rows in published.groupby("force_code"):
        newest = latest.figure_date(rows).max()
        assert latest.figure_date(rows[rows["count"] == shown.at[code, "SPO granted (count)"]]).max() == newest, code
    # Figures that no year could reach before: multi-year spans, after June 2023, cumulative totals.
    assert shown.at[KENT, "SPO granted (count)"] == 112 and shown.at[KENT, "Order figure ends"] == "2023-04-29"
    assert shown.at[LINCOLNSHIRE, "SPO granted (count)"] == 19
    assert shown.at[LINCOLNSHIRE, "Order figure period"] == "1 Jan 2020 to 31 Dec 2023"
    assert shown.at[NORTH_YORKSHIRE, "SPO granted (count)"] == 3
    assert shown.at[SOUTH_YORKSHIRE, "SPO granted (count)"] == 18
    assert shown.at[SOUTH_YORKSHIRE, "Order figure period"] == "20 Jan 2020 to 22 Oct 2024"
    # A figure whose end was not published ranks by its start: 7 "so far in 2024" is newer than 69 to 2023.
    assert shown.at[NOTTS, "SPO granted (count)"] == 7
    assert shown.at[NOTTS, "Order figure period"] == "from 1 Jan 2024 (end date not published)"
    # City of London never published one: drawn as no data, not as zero.
    assert pd.isna(table.at[CITY, "SPO granted (count)"]) and table.at[CITY, "Order figure status"] != "Published"
    assert table.at[KENT, "Other figures for this force (any period)"] == 3


def test_each_figure_carries_its_own_period_and_source(bundle, latest_view):
    titles = bundle.sources.set_index("source_id")["title"]
    table = latest_view.table
    shown = table[table["SPO granted (count)"].notna()]
    assert (shown["Order figure period"] != "").all() and (shown["Order source id"] != "").all()
    assert (shown["Order source"] == shown["Order source id"].map(titles)).all()
    hover = hover_texts(latest_view.orders_figure)[KENT]  # what the reader sees, whichever parts travel once
    kent = latest_view.orders.set_index("force_code").loc[KENT]
    assert "<br>Period: 20 Jan 2020 to 29 Apr 2023<br>" in hover and kent["source_line"]  # period and source line
    assert f"<br>Source: {maps.hover_source(kent['source_line'])}<br>" in hover


def test_ties_on_the_date_go_to_the_source_covering_most_forces(bundle):
    """Two sources ending on the same day: the survey's figure is kept, as for a single year."""
    o = bundle.orders
    bbc = o[(o["source_id"] == "BBC_SDU_SPO_2021") & (o["force_code"] == DURHAM) & (o["measure"] == "granted")]
    rival = bbc.assign(source_id="DURHAM_FOI_2021_03", count=99)
    tied = replace(bundle, orders=pd.concat([o, rival], ignore_index=True))
    chosen = latest.latest_figures(tied, "SPO", "granted").set_index("force_code")
    assert chosen.at[DURHAM, "count"] == 2 and chosen.at[DURHAM, "source_id"] == "BBC_SDU_SPO_2021"


def test_period_list_says_how_many_forces_each_option_covers(bundle, quarters):
    options = mapview.period_options(bundle, quarters, "SPO", "granted", "fy")
    labels = [options.label(k) for k in options.years]
    assert labels[0] == "Latest published figure (42 forces)"
    assert "2020/21 (40 forces)" in labels and "2021/22 (1 force)" in labels and "2022/23 (reports only)" in labels
    assert options.default == "2020/21"


def test_recency_classes_count_forces_per_year(latest_view):
    mix = latest.period_mix(latest_view.orders)
    assert sum(mix.values()) == 42 and max(mix, key=mix.get) == 2021 and mix[2021] == 27
    classes = latest.recency_classes(latest_view.orders)
    assert classes.labels == tuple(f"{y} ({k} force{'s' * (k != 1)})" for y, k in mix.items())
    assert "For 27 of 42 forces the latest published figure ends in 2021" in latest.finding(latest_view.orders)
    assert latest.mix_sentence(latest_view.orders).startswith("Of 42 forces' figures, 3 end in 2020, 27 in 2021")


def test_recency_map_colours_by_end_year(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState(year=latest.LATEST, metric=latest.RECENCY))
    table = view.table.set_index("ONS code")
    assert (table.at[KENT, "Latest figure ends (year)"] == 2023
            and table.at[SOUTH_YORKSHIRE, "Latest figure ends (year)"] == 2024)
    areas = next(t for t in view.orders_figure.data if t.type == "choropleth" and t.colorbar is not None
                 and t.colorbar.ticktext)
    assert list(areas.colorbar.ticktext) == list(latest.recency_classes(view.orders).labels)
    assert KENT in areas.locations
    assert "</b><br>latest figure ends in 2023: 112 granted (20 Jan 2020 to 29 Apr 2023)<br>" in hover_texts(
        view.orders_figure)[KENT]


# ---- rates that stay honest -----------------------------------------------------------------
def test_quarters_needed():
    assert metrics.quarters_needed(pd.Timestamp("2022-04-01"), pd.Timestamp("2023-09-30")) == 6
    assert metrics.quarters_needed(pd.Timestamp("2020-01-20"), pd.Timestamp("2021-05-06")) == 5
    assert metrics.quarters_needed(pd.Timestamp("2020-01-01"), pd.Timestamp("2023-12-31")) == 16


def test_no_rate_over_a_partial_denominator_for_a_bundled_figure(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState(year=latest.LATEST, metric="per_100_reports"))
    t = view.orders.set_index("force_code")
    # Derbyshire's 43 cover 2020 to 2023; offences in the bundle stop in June 2023.
    assert (t.at[DERBYSHIRE, "count"] == 43 and pd.isna(t.at[DERBYSHIRE, "value"])
            and pd.isna(t.at[DERBYSHIRE, "reports"]))
    assert t.at[DERBYSHIRE, "status"] == metrics.PARTIAL_DENOMINATOR
    assert "more needed, not in the bundle" in t.at[DERBYSHIRE, "reports_period"]
    # Kent's 112 to 29 April 2023 is covered (April to June 2023 is less than half inside): a rate.
    c = bundle.crime
    kent = c[(c["force_code"] == KENT) & (c["offence_code"] == "8Q")
             & c["period_start"].between("2020-01-01", "2023-01-01")]["count"].sum()
    assert t.at[KENT, "reports"] == kent and t.at[KENT, "value"] == pytest.approx(112 / kent * 100)
    missing = next(tr for tr in view.orders_figure.data if tr.name == "No data")
    words = dict(zip(missing.locations, (row[1] for row in missing.customdata), strict=True))
    assert words[DERBYSHIRE] == f"43 SPO granted published; no rate: {metrics.PARTIAL_DENOMINATOR}"


def _upload(bundle, start, end, count=12):
    rows = pd.DataFrame([{"force_code": DURHAM, "order_type": "SPO", "measure": "granted",
                          "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end), "count": count,
                          "count_as_published": str(count), "source_id": USER_SOURCE_ID, "note": "test upload"}])
    return with_user_orders(bundle, rows)


def test_no_rate_over_a_partial_denominator_for_an_upload(bundle, quarters):
    """April 2022 to September 2023: six quarters, of which the bundle holds five. No rate, never 20% too high."""
    mine = _upload(bundle, "2022-04-01", "2023-09-30")
    t = metrics.orders_table(mine, quarters, "SPO", "granted", window("fy", "2022/23"), "per_100_reports")
    row = t.set_index("force_code").loc[DURHAM]
    assert row["count"] == 12 and row["source_id"] == USER_SOURCE_ID
    assert pd.isna(row["value"]) and row["status"] == metrics.PARTIAL_DENOMINATOR
    assert row["reports_period"] == "Apr 2022 to Jun 2023 (5 quarters): 1 more needed, not in the bundle"
    # The same upload for the financial year 2022/23 is wholly covered: divided by its four quarters.
    covered = _upload(bundle, "2022-04-01", "2023-03-31")
    row = metrics.orders_table(covered, quarters, "SPO", "granted", window("fy", "2022/23"),
                               "per_100_reports").set_index("force_code").loc[DURHAM]
    c = bundle.crime
    four = c[(c["force_code"] == DURHAM) & (c["offence_code"] == "8Q") & (c["financial_year"] == "2022/23")]["count"]
    assert len(four) == 4 and row["reports"] == four.sum() and row["value"] == pytest.approx(12 / four.sum() * 100)


def test_rate_per_resident_is_per_year_when_lengths_differ(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState(metric="per_100k"))
    assert view.annualised and view.order_value_label == "per 100,000 residents per year"
    durham = view.orders.set_index("force_code").loc[DURHAM]  # 2 granted, 20 Jan 2020 to 16 Apr 2021
    days = (pd.Timestamp("2021-04-16") - pd.Timestamp("2020-01-20")).days + 1
    assert durham["days"] == days == 453
    assert durham["value"] == pytest.approx(2 / durham["population"] * 100_000 * 365.25 / days)
    assert "Orders per 100,000 residents per year" in view.table.columns
    areas = next(t for t in view.orders_figure.data if t.type == "choropleth" and t.colorbar is not None
                 and t.colorbar.ticktext)
    assert "per year" in areas.colorbar.title.text
    # Counts of orders in force at a date are stocks: never annualised.
    stock = metrics.orders_table(bundle, quarters, "SPO", "in_force", None, "per_100k", annualise=True,
                                 chosen=latest.latest_figures(bundle, "SPO", "in_force"))
    have = stock[stock["count"].notna()].iloc[0]
    assert have["value"] == pytest.approx(have["count"] / have["population"] * 100_000)


def test_same_length_figures_are_not_annualised(bundle):
    same = pd.DataFrame({"count": [1, 2], "measure": ["granted", "granted"],
                         "period_start": pd.to_datetime(["2021-01-01", "2021-04-01"]),
                         "period_end": pd.to_datetime(["2021-12-31", "2022-03-31"])})
    assert not metrics.lengths_differ(same)
    assert metrics.lengths_differ(same.assign(period_end=pd.to_datetime(["2021-12-31", "2023-03-31"])))
    assert metrics.lengths_differ(same.assign(period_end=pd.to_datetime(["2021-12-31", None])))


# ---- orders over time -------------------------------------------------------------------------
def test_kent_orders_over_time_show_the_running_totals(bundle):
    figs = timeline.figures(profile.orders_for_force(bundle, KENT))
    granted = figs[(figs["order_type"] == "SPO") & (figs["measure"] == "granted")]
    assert list(granted["count"]) == [18, 23, 100, 112]
    assert (granted["kind"] == "running total since SPOs began").all()
    fig = timeline.figure(figs)
    bars = [t for t in fig.data if t.type == "bar"]
    labels = [x for t in bars for x in t.text]
    assert {"18 granted", "23 granted", "100 granted", "112 granted"} <= set(labels)
    # Marked by evidence grade with a pattern as well as colour: the statements and the FOI survey differ.
    patterns = {t.name: t.marker.pattern.shape for t in bars}
    assert patterns["police or PCC statement"] != patterns["FOI disclosure"]
    assert "running totals since SPOs began" in timeline.caption(figs)
    table = timeline.table(figs)
    assert list(table.columns)[:4] == ["Order type", "Measure", "Count", "Period"]


# ---- the page ---------------------------------------------------------------------------------
def run(params: dict) -> AppTest:
    at = open_page("map", params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_latest_view_as_a_new_user_sees_it(bundle):
    at = run(LATEST_URL)
    assert at.selectbox(key="period").value == "latest"
    labels = headline_cards(at)
    assert labels["Forces with a published figure"] == "42 of 43"
    assert "SPO granted, England and Wales" not in labels  # never a sum over different periods
    assert labels["Latest figures' periods end"] == "2020 to 2024"
    banner = " ".join(i.value for i in at.info)
    assert "Periods differ by force" in banner and "Of 42 forces' figures" in banner
    table = map_table(at)
    assert table["SPO granted (count)"].notna().sum() == 42
    assert at.query_params["period"] == "latest"


def test_latest_view_download_gives_period_and_source(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState(year=latest.LATEST, metric="count"))
    from spodash.publish.exports import to_csv_bytes

    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(view.table).decode("utf-8-sig"))))
    with_figure = [r for r in rows if r["SPO granted (count)"]]
    assert len(rows) == 43 and len(with_figure) == 42
    assert all(r["Order figure period"] and r["Order source id"] and r["Order source"] for r in with_figure)
    lincs = next(r for r in rows if r["ONS code"] == LINCOLNSHIRE)
    assert (lincs["SPO granted (count)"], lincs["Order figure starts"], lincs["Order figure ends"]) == \
        ("19", "2020-01-01", "2023-12-31")
    assert mapview.csv_name(view.state) == "orders_SPO_granted_latest_count.csv"


def test_recency_only_with_latest_and_a_bad_link_is_reported():
    at = run({**LATEST_URL, "metric": "recency"})
    assert at.radio(key="metric").value == "recency"
    assert headline_cards(at)["Most forces' latest figure ends in"] == "2021"
    at = run({"period": "2020/21", "metric": "recency"})
    assert at.radio(key="metric").value == "per_100_reports"
    assert any("recency" in w.value for w in at.warning)


def test_the_default_period_is_in_the_shared_link():
    at = run({})
    assert at.query_params["period"] == "2020/21"


def test_region_in_the_latest_view_is_not_summed():
    at = run({**LATEST_URL, "region": "North East"})
    line = next(i.value for i in at.info if "North East" in i.value)
    assert "latest SPO granted figures for 3 of 3 forces" in line and "not added up" in line
    assert "SPO granted: " not in line


@pytest.mark.parametrize("year, cleveland", [("Sep 2023", 12_025), ("Sep 2024", 9_720)])
def test_ons_years_to_september_2024_draw(year, cleveland, bundle):
    raw = pd.read_csv(default_raw_dir() / "recorded_crime" / "ons_pfa_tables_compiled"
                      / "ons_table_p1_ye_sep_2015_2024_compiled.csv", encoding="utf-8-sig")
    published = raw[(raw["Year ending September"] == int(year[-4:])) & (raw["Area name"] == "Cleveland")]
    assert int(published["Stalking and harassment"].iloc[0]) == cleveland
    at = run({"basis": "ons", "period": year, "rmetric": "count"})
    assert at.selectbox(key="period").value == year
    table = map_table(at).set_index("ONS code")
    assert table.at[CLEVELAND, "All stalking and harassment offences (count)"] == cleveland
    assert table["All stalking and harassment offences (count)"].notna().sum() == 43
    caveats = " ".join(e.label for e in at.expander) + " ".join(m.value for m in at.markdown)
    assert "principal crime" in caveats.lower()
