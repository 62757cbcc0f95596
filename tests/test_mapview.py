"""The map page's view for one filter state, built as a pure function (what the shared cache holds)."""
from __future__ import annotations

import pandas as pd
import pytest

from spodash import mapview, metrics
from spodash.charts import label_points
from spodash.sourcelist import with_source_lines

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
