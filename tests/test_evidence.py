"""Evidence you can see and choose: the strong-evidence filter, copies marked, disagreements beside figures."""
from __future__ import annotations

import pytest
from conftest import map_table, open_page

from spodash.charts import maps
from spodash.charts.maps import COPY_MARK, hover_texts, label_points
from spodash.data.schema import COPY_TYPES
from spodash.figures import evidence, latest, profile, timeline
from spodash.views import mapview

CLEVELAND, MET, SUSSEX, NOTTS, KENT = "E23000013", "E23000001", "E23000033", "E23000019", "E23000032"


@pytest.fixture(scope="module")
def points(bundle):
    return label_points(bundle.geo)


def _view(bundle, quarters, points, **kw):
    return mapview.build(bundle, quarters, points, mapview.MapState(**kw))


def test_strong_filter_shows_a_figure_only_where_such_a_source_exists(bundle, quarters, points):
    view = _view(bundle, quarters, points, year=latest.LATEST, metric="count", evidence="strong")
    table = view.table.set_index("ONS code")
    shown = table[table["SPO granted (count)"].notna()]
    assert set(shown["Order source type"]) <= set(evidence.STRONG_TYPES)
    types = bundle.sources.set_index("source_id")["source_type"]
    o = bundle.orders
    strong = o[(o["order_type"] == "SPO") & (o["measure"] == "granted") & o["count"].notna()
               & o["source_id"].map(types).isin(evidence.STRONG_TYPES)]
    assert set(shown.index) == set(strong["force_code"])
    # Cleveland: the force's own FOI (5, January to September 2024), not the copied 3 for the whole year.
    assert (shown.at[CLEVELAND, "SPO granted (count)"], shown.at[CLEVELAND, "Order source id"]) == (
        5, "CLEVELAND_FOI_900_24")
    # Nottinghamshire's newer figures rest on an aggregator's copy: the strong view keeps the BBC survey's 13.
    assert shown.at[NOTTS, "SPO granted (count)"] == 13
    every = _view(bundle, quarters, points, year=latest.LATEST, metric="count")
    assert every.table.set_index("ONS code").at[CLEVELAND, "SPO granted (count)"] == 3
    assert len(shown) < every.national["with_figure"]
    assert mapview.csv_name(view.state).endswith("_strong-evidence.csv")


def test_period_counts_follow_the_evidence_choice(bundle, quarters):
    every = mapview.period_options(bundle, quarters, "SPO", "granted", "fy")
    strong = mapview.period_options(bundle, quarters, "SPO", "granted", "fy", "strong")
    assert strong.with_orders[latest.LATEST] < every.with_orders[latest.LATEST] == 42
    assert strong.with_orders["2020/21"] == every.with_orders["2020/21"] == 40  # the BBC survey is an FOI survey


def test_copies_are_marked_with_a_symbol_not_colour_alone(bundle, quarters, points):
    view = _view(bundle, quarters, points, year=latest.LATEST, metric="count")
    copies = view.orders[view.orders["source_type"].isin(COPY_TYPES) & view.orders["count"].notna()]
    assert CLEVELAND in set(copies["force_code"]) and (copies["copy_note"].str.startswith("rests only on a copy")).all()
    marks = next(t for t in view.orders_figure.data if t.type == "scattergeo" and t.name.startswith("Rests on a copy"))
    assert marks.marker.symbol == "diamond-open" and len(marks.lon) == len(copies)
    cleveland = copies.set_index("force_code").loc[CLEVELAND]
    source = f"{cleveland['source_line']} ({COPY_MARK} {cleveland['copy_note']})"
    assert f"<br>Source: {maps.hover_source(source)}<br>" in hover_texts(view.orders_figure)[CLEVELAND]
    assert view.table.set_index("ONS code").at[CLEVELAND, "Order evidence"].startswith("rests only on a copy")
    # The year-inferred note of the collector is a caveat on those figures.
    assert "inferred" in view.table.set_index("ONS code").at[CLEVELAND, "Caveats"]


def test_disagreements_in_the_map_hover_and_table(bundle, quarters, points):
    view = _view(bundle, quarters, points, year=latest.LATEST, metric="count")
    cleveland = view.table.set_index("ONS code").loc[CLEVELAND]
    assert cleveland["Sources disagree"].startswith("Sources disagree: Cleveland: 5 SPOs granted")
    hover = hover_texts(view.orders_figure)
    assert "<br>⚠ Sources disagree: another source gives 5 for 1 Jan 2024 to 30 Sep 2024" in hover[CLEVELAND]
    assert "⚠" not in hover[KENT]  # no pair found for Kent's 112: nothing is claimed
    met = _view(bundle, quarters, points, measure="applied_for", year="2020/21", metric="count")
    row = met.table.set_index("ONS code").loc[MET]
    assert row["SPO applied for (count)"] == 123 and "133" in row["Sources disagree"]
    sussex = met.table.set_index("ONS code").loc[SUSSEX]
    assert "41" in sussex["Sources disagree"] and "37" in sussex["Sources disagree"]


def test_disagreements_beside_both_figures_on_the_profile(bundle):
    orders = profile.orders_for_force(bundle, CLEVELAND)
    shown = profile.orders_display(orders)
    flagged = shown[shown["Sources disagree"] != ""]
    assert sorted(flagged["Count"]) == ["3", "5"]  # both sides of the Cleveland 2024 pair
    figs = timeline.table(timeline.figures(orders))
    assert (figs["Sources disagree"] != "").sum() == 2
    kent = profile.orders_display(profile.orders_for_force(bundle, KENT))
    assert (kent["Sources disagree"] == "").all()


def test_evidence_filter_on_the_page_is_bound_to_the_link():
    at = open_page("map", {"period": "latest", "metric": "count", "evidence": "strong"})
    assert not at.exception
    assert at.radio(key="evidence").value == "strong" and at.query_params["evidence"] == "strong"
    table = map_table(at).set_index("ONS code")
    assert table.at[CLEVELAND, "SPO granted (count)"] == 5
    at.radio(key="evidence").set_value("all").run()
    table = map_table(at).set_index("ONS code")
    assert table.at[CLEVELAND, "SPO granted (count)"] == 3 and "evidence" not in at.query_params
