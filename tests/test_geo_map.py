"""The map page's maps: drawn with plotly's geo bundle through spodash.ui.geo_map, not st.plotly_chart.

Why it matters is in bench/README.md ("The first view"): Streamlit's chart element loads its whole
plotly.js (4.8 MB) before the first map; the geo bundle is 1.4 MB of the same plotly.js version.
"""
from __future__ import annotations

import json
import re
import urllib.request

import plotly.offline
import pytest
from conftest import open_page, wait_for_maps

from spodash.charts import maps
from spodash.data.paths import ROOT
from spodash.ui import geo_map

MET = "E23000001"


def test_the_map_page_draws_its_maps_through_the_geo_component():
    at = open_page("map", {"period": "2020/21", "metric": "count"})
    assert not at.exception
    assert not at.get("plotly_chart")  # nothing on the first view loads Streamlit's plotly.js
    maps = [e.proto for e in at.get("bidi_component")]
    assert [m.component_name for m in maps] == [geo_map.COMPONENT_NAME] * 2
    orders, reports = (json.loads(m.json) for m in maps)
    # The published figures themselves: 40 forces with a figure, 3 drawn as "no data" (never as 0), the
    # Met's 59 SPOs over its own period (20 Jan 2020 to 12 May 2021), Scotland and Northern Ireland behind.
    backdrop, shown, missing, crosses = orders["figure"]["data"]
    assert (backdrop["locations"], len(shown["locations"]), len(missing["locations"])) == (
        ["S92000003", "N92000002"], 40, 3)
    assert missing["name"] == "No data" and crosses["type"] == "scattergeo"
    assert shown["customdata"][shown["locations"].index(MET)][1:3] == ["59", "20 Jan 2020 to 12 May 2021"]
    assert orders["label"] == "Map: SPO granted (count) financial year 2020/21 (1 Apr 2020 to 31 Mar 2021)"
    assert reports["label"].startswith("Map: Stalking (8Q), per 100,000 residents")
    assert len(reports["figure"]["data"][1]["locations"]) == 43
    assert orders["config"]["toImageButtonOptions"]["filename"] == "orders_SPO_granted_2020-21_count"
    assert "height" not in orders  # the figure's own height, except in presentation mode


def test_presentation_mode_gives_the_maps_their_fixed_height():
    from spodash.ui import page_style

    at = open_page("map", {"present": "1"})
    assert not at.exception
    assert {json.loads(e.proto.json)["height"] for e in at.get("bidi_component")} == {page_style.MAP_HEIGHT}


def test_a_click_on_a_force_becomes_the_force_filter():
    """The callback the component's "select" trigger calls: the clicked code, if it is a force, is picked."""
    from streamlit.testing.v1 import AppTest

    def app():
        import streamlit as st

        from spodash.ui import widgets

        st.session_state["orders_map"] = {"select": st.query_params.get("clicked")}
        widgets.select_force_from_map("orders_map", {"E23000001": "Metropolitan Police"})
        st.write(st.session_state.get("force", "none"))

    for clicked, picked in (("E23000001", "E23000001"), ("E99999999", "none"), ("", "none")):
        at = AppTest.from_function(app)
        at.query_params["clicked"] = clicked
        at.run()
        assert at.markdown[0].value == picked


def test_the_loader_names_files_that_exist_in_static():
    """The component's script imports geo_map.js (its hash in the query), which loads the vendored bundle."""
    import hashlib

    assert re.findall(r'"/app/static/([^"?]+)\?v=(\w+)"', geo_map.LOADER_JS) == [
        ("geo_map.js", hashlib.sha256(geo_map.DRAW_FILE.read_bytes()).hexdigest()[:10])]
    assert "\n" in geo_map.LOADER_JS  # one line with a "/" in it would be taken for a file's path
    draw = geo_map.DRAW_FILE.read_text()
    assert re.findall(r'"/app/static/([^"]+)"', draw) == [geo_map.LIBRARY] and geo_map.LIBRARY_FILE.is_file()
    assert "export function draw(component)" in draw


def test_the_vendored_bundle_is_the_python_packages_plotly_js():
    """Same plotly.js as the Python package writes figures for (and as the static site's plotly.min.js)."""
    head = geo_map.LIBRARY_FILE.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (geo - minified) v{maps.PLOTLY_JS_VERSION}" in head
    assert plotly.offline.get_plotlyjs_version() == maps.PLOTLY_JS_VERSION
    assert "MIT" in (ROOT / "static" / "vendor" / f"plotly-geo-{maps.PLOTLY_JS_VERSION}.LICENSE").read_text()


@pytest.mark.npm
def test_the_vendored_bundle_is_npms_file_unchanged():
    package = json.loads((ROOT / "package.json").read_text())
    assert package["devDependencies"]["plotly.js-geo-dist-min"] == maps.PLOTLY_JS_VERSION
    npm_copy = ROOT / "node_modules" / "plotly.js-geo-dist-min" / "plotly-geo.min.js"
    assert npm_copy.read_bytes() == geo_map.LIBRARY_FILE.read_bytes()


@pytest.mark.browser
def test_the_first_view_loads_the_geo_bundle_not_streamlits_plotly(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    scripts = []
    page.on("response", lambda r: scripts.append((r.url.split("?")[0], r.headers.get("content-type", "")))
            if r.url.split("?")[0].endswith(".js") else None)
    page.goto(server + "/")
    wait_for_maps(page)
    names = [u.rsplit("/", 1)[-1] for u, _ in scripts]
    assert f"plotly-geo-{maps.PLOTLY_JS_VERSION}.min.js" in names and "geo_map.js" in names
    assert not [n for n in names if n.startswith("PlotlyChart")]  # Streamlit's 4.8 MB chunk is not fetched
    # A script type (Python 3.11's mimetypes says application/javascript), or nosniff would refuse them.
    assert [t.split(";")[0] for u, t in scripts if "/app/static/" in u] == ["application/javascript"] * 2
    # Each map is labelled for a screen reader with its title.
    labels = page.eval_on_selector_all(".spodash-geo-map", "els => els.map(e => e.getAttribute('aria-label'))")
    assert labels[0].startswith("Map: SPO granted per 100 recorded stalking offences") and len(labels) == 2
    with urllib.request.urlopen(server + "/app/static/geo_map.js") as r:
        assert r.headers["Content-Type"].split(";")[0] == "application/javascript"
    context.close()
