"""maps.choropleth skips plotly's validation for speed: its figures must still be valid plotly, unchanged by it."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from spodash.charts import maps
from spodash.data.periods import window
from spodash.figures import metrics
from spodash.figures.sourcelist import with_source_lines

NORTH_EAST = {"E23000013", "E23000007", "E23000008"}


@pytest.mark.parametrize("order_type, measure, year, metric, selected, region, off_scale", [
    ("SPO", "granted", "2020/21", "per_100_reports", None, set(), {}),
    ("SPO", "granted", "2020/21", "per_100k", "E23000013", NORTH_EAST, {metrics.CITY_OF_LONDON: "off the scale"}),
    ("SPO", "applied_for", "2021/22", "count", "E23000001", set(), {}),
    ("DVPO", "granted", "2019/20", "count", None, NORTH_EAST, {}),
])
def test_map_figure_is_what_plotly_validation_would_give(bundle, quarters, order_type, measure, year, metric,
                                                          selected, region, off_scale):
    table = with_source_lines(bundle, metrics.orders_table(bundle, quarters, order_type, measure, window("fy", year),
                                                           metric))
    classes = maps.map_classes(table, integer=metric == "count", exclude=set(off_scale))
    points = maps.label_points(bundle.geo)
    fig = maps.choropleth(table, classes, value_label=metrics.METRICS[metric], measure_label="orders",
                            legend_title="SPO granted<br>count", points=points, region_codes=region,
                            selected=selected, off_scale=off_scale, integer=metric == "count")
    sent = json.loads(pio.to_json(fig, validate=False))
    # Full validation raises on any unknown property or bad value, and coerces anything loose:
    # the validated figure must be exactly the one sent.
    assert json.loads(pio.to_json(go.Figure(fig.to_dict()), validate=False)) == sent
    shapes = [t for t in sent["data"] if t.get("geojson") == maps.AREAS_URL]
    assert sorted(c for t in shapes for c in t["locations"]) == sorted(bundle.forces["force_code"])
    if selected:
        locations = sum((t["locations"] for t in shapes), [])
        widths = sum((t["marker"]["line"]["width"] for t in shapes), [])
        assert dict(zip(locations, widths, strict=True))[selected] == 3.5
