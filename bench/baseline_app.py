"""The naive baseline: the map page's default view drawn the way a first Streamlit tutorial would.

Nothing is cached: every rerun reads and checks the data files, re-derives the quarterly table,
reads the full-resolution boundary file with geopandas (winding each outline clockwise, which
plotly's d3 needs to fill an area rather than the rest of the globe) and puts the whole geometry
inline in each figure (``go.Choropleth(geojson=<dict>)``), so every map Streamlit sends carries
its shapes.
The one concession: plotly.js fetches a base map from a CDN for any geo plot, which would
leave the map blank offline, so ``bench/static/`` holds the same stub the app serves.
The figures are the same as the map page's default view (SPO granted, 2020/21, stalking
(8Q) per 100,000 residents), with the same "Orders shown as" radio in the sidebar, so the
benchmark can drive both apps with the same click and the same websocket message.

Run on its own: ``.venv/bin/python -m streamlit run bench/baseline_app.py``.
"""
import json
import sys
from pathlib import Path

# `streamlit run bench/baseline_app.py` puts only bench/ on the path
if str(ROOT := Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(ROOT))

import geopandas as gpd
import plotly.graph_objects as go
import shapely
import streamlit as st

from spodash.data.datasets import load_bundle
from spodash.data.paths import GEO_DIR, default_raw_dir
from spodash.data.periods import window
from spodash.figures import metrics

RAW_GEO = default_raw_dir() / "boundaries" / "pfa_dec2023_ew_bsc_wgs84.geojson"
if RAW_GEO.exists():
    GEO_FILE, ID_KEY = RAW_GEO, "properties.PFA23CD"
else:  # no raw sources beside the checkout: the bundle's own (simplified) geometry
    GEO_FILE, ID_KEY = GEO_DIR / "police_force_areas.geojson", "properties.force_code"

st.set_page_config(page_title="Baseline map", layout="wide")
st.title("Protective orders and stalking reports, by police force area (baseline)")

bundle = load_bundle()
quarters = metrics.quarterly(bundle.crime)
areas = gpd.read_file(GEO_FILE)
areas["geometry"] = shapely.orient_polygons(areas.geometry.values, exterior_cw=True)
geo = json.loads(areas.to_json())

metric = st.sidebar.radio("Orders shown as", list(metrics.METRICS), format_func=metrics.METRICS.get)
win = window("fy", "2020/21")
orders = metrics.orders_table(bundle, quarters, "SPO", "granted", win, metric)
reports = metrics.reports_table(bundle, quarters, "8Q", win, "per_100k")


def draw(table, title):
    fig = go.Figure(go.Choropleth(geojson=geo, featureidkey=ID_KEY, locations=table["force_code"],
                                  z=table["value"], text=table["force_name"], colorscale="Blues",
                                  colorbar_title=title))
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(height=560, margin=dict(l=0, r=0, t=30, b=0))
    return fig


OFFLINE = {"topojsonURL": "/app/static/topojson/"}  # served from bench/static/ (see above)
left, right = st.columns(2)
left.plotly_chart(draw(orders, metrics.METRICS[metric]), config=OFFLINE, width="stretch")
right.plotly_chart(draw(reports, "per 100,000 residents"), config=OFFLINE, width="stretch")
st.dataframe(orders, width="stretch")
st.dataframe(reports, width="stretch")
