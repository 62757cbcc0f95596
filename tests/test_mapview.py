"""The map page's view for one filter state, built as a pure function (what the shared cache holds)."""
from __future__ import annotations

import pandas as pd
import pytest

from spodash.charts.maps import label_points
from spodash.figures import metrics
from spodash.figures.sourcelist import with_source_lines
from spodash.views import mapview

CLEVELAND, LINCOLNSHIRE = "E23000013", "E23000020"


@pytest.fixture(scope="module")
def points(bundle):
    return label_points(bundle.geo)


def test_default_view_holds_the_published_figures(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState())
    assert view.national["count"] == 294 and view.national["with_figure"] == 40 and view.national["forces"] == 43
    assert round(view.national["per_100_reports"], 2) == 0.28
    assert view.region is None and view.region_reports is None
    table = view.table.set_index("ONS code")
    assert len(table) == 43 and table.at[CLEVELAND, "SPO granted (count)"] == 1
    assert pd.isna(table.at[LINCOLNSHIRE, "SPO granted (count)"])  # missing stays missing, not 0
    assert table.at[LINCOLNSHIRE, "Order figure status"] == "Did not answer the FOI request"
    # Every force is drawn once on each map: with a value, or grey as no data.
    for fig in (view.orders_figure, view.reports_figure):
        areas = [loc for trace in fig.data if trace.type == "choropleth" and trace.geojson.endswith("areas.geojson")
                 for loc in trace.locations]
        assert sorted(areas) == sorted(bundle.forces["force_code"])
    assert view.source_ids[0] in set(bundle.sources["source_id"])


def test_region_totals_and_caveat_numbers(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState(region="North East"))
    assert view.region["count"] == 8 and view.region["with_figure"] == 3
    assert round(view.region["per_100_reports"], 2) == 0.09
    # The on-screen table numbers each caveat into the list; the download keeps the texts.
    screen = view.screen_table.set_index("ONS code")["Caveats (numbers in the list above)"]
    full = view.table.set_index("ONS code")["Caveats"]
    for code in bundle.forces["force_code"]:
        texts = [t for t in full[code].split(" | ") if t]
        assert [view.caveats[int(n) - 1] for n in screen[code].split(", ") if n] == texts


def test_source_lines_name_title_and_kind_and_leave_no_source_blank(bundle):
    table = pd.DataFrame({"source_id": ["HO_PRC_PFA_2023_10", ""]})
    lines = with_source_lines(bundle, table)["source_line"].tolist()
    src = bundle.sources.set_index("source_id").loc["HO_PRC_PFA_2023_10"]
    assert lines == [f"{src['title']} ({src['source_type']})", ""]


def test_period_options_and_the_csv_name(bundle, quarters):
    fy = mapview.period_options(bundle, quarters, "SPO", "granted", "fy")
    assert fy.default == "2020/21" and fy.with_orders["2020/21"] == 40 and fy.years[0] > fy.years[-1]
    cy = mapview.period_options(bundle, quarters, "SPO", "granted", "cy")
    assert "2022" in cy.years and "2022" not in cy.with_orders
    assert mapview.csv_name(mapview.MapState(year="Jun 2025", basis="ons", metric="count")) == \
        "orders_SPO_granted_Jun-2025_count.csv"
    assert metrics.order_metrics("DVPO", "granted") == ["per_100k", "count"]


def test_map_view_picks_the_year_the_map_draws_the_figure_in():
    windows = mapview.map_windows(["2022/23", "2021/22"], ["2022", "2021"], ["Jun 2025", "Mar 2019"])
    ts = pd.Timestamp
    v = mapview.map_view("SPO", "granted", ts(2022, 1, 1), ts(2022, 12, 31), windows, "E23000013")
    assert v.params == {"order": "SPO", "measure": "granted", "basis": "cy", "period": "2022", "metric": "count",
                        "force": "E23000013"}
    assert v.label == "SPO granted, calendar year 2022"
    assert mapview.map_view("SPO", "granted", ts(2022, 4, 1), ts(2023, 3, 31), windows).params["period"] == "2022/23"
    v = mapview.map_view("DVPO", "in_force", ts(2024, 4, 1), ts(2025, 3, 31), windows)
    assert (v.params["basis"], v.params["period"]) == ("ons", "Jun 2025")
    assert mapview.map_view("SPO", "granted", ts(2025, 7, 1), ts(2025, 9, 30), windows) is None


def test_uploaded_figures_get_a_map_link_per_view_and_the_rest_a_warning(bundle, quarters):
    from spodash import uploads

    data = (b"force,order_type,measure,period_start,period_end,count,note\n"
            b"Cleveland,SPO,granted,2022-01-01,2022-12-31,4,\nDurham,SPO,granted,2022-01-01,2022-12-31,5,\n"
            b"Durham,DVPO,granted,2021-04-01,2022-03-31,7,\nCleveland,SPO,granted,2025-07-01,2025-09-30,2,\n")
    rows = uploads.parse(data, "f.csv", bundle.forces, today=pd.Timestamp(2025, 11, 1).date()).rows
    on_map = mapview.uploads_on_map(bundle, quarters, rows)
    assert [link.label for link in on_map.links] == [
        "SPO granted, calendar year 2022 (2 forces)",
        "DVPO granted, financial year 2021/22 (1 Apr 2021 to 31 Mar 2022) (Durham)"]
    assert "force" not in on_map.links[0].params and on_map.links[1].params["force"] == "E23000008"
    assert on_map.more == 0
    assert on_map.warning.startswith("These figures are kept but cannot be drawn on the map yet")
    assert on_map.warning.endswith("\n\n- Cleveland: SPO granted, 1 Jul 2025 to 30 Sep 2025")
