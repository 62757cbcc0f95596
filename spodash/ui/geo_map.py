"""The maps' chart element: a plotly figure drawn with plotly's geo bundle, not Streamlit's plotly.js.

``st.plotly_chart`` makes the browser load Streamlit's whole plotly.js (4.8 MB, 1.5 MB gzipped) before
the first map can be drawn; evaluating it was the largest part of the map page's first view
(bench/README.md, "The first view"). The maps draw only choropleth and scattergeo traces, which
plotly's own geo bundle holds (1.4 MB, 0.47 MB gzipped, the same plotly.js version as the Python
package's), so the map page draws them through a small component instead:

- ``static/geo_map.js``, an ES module: loads plotly.js once per page, draws, passes clicks back;
- ``static/vendor/plotly-geo-<version>.min.js`` (MIT, from npm's ``plotly.js-geo-dist-min``; checked
  against it and against the Python package's plotly.js version by tests/test_geo_map.py);
- the component's own script, sent with every map, only imports ``geo_map.js`` and calls ``draw``.

A click on a force comes back as the ``select`` trigger, read by the ``on_select`` callback.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from spodash.charts.maps import GEO_LIBRARY, GEO_LIBRARY_FILE
from spodash.data.paths import STATIC_DIR

COMPONENT_NAME = "spodash_geo_map"
LIBRARY, LIBRARY_FILE = GEO_LIBRARY, GEO_LIBRARY_FILE  # the geo bundle, shared with the static site
DRAW_FILE = STATIC_DIR / "geo_map.js"

# Sent with every map, so kept short: it imports static/geo_map.js (an ES module, which the browser
# fetches once per page and keeps), with the file's own hash in the query so a changed file is fetched
# anew. If the module or plotly.js fails, a plain sentence stands in for the map (the table has its
# figures). The line break matters: Streamlit takes a one-line string with a "/" in it for a file's path.
DRAW_URL = f"/app/static/geo_map.js?v={hashlib.sha256(DRAW_FILE.read_bytes()).hexdigest()[:10]}"
LOADER_JS = ("// spodash/ui/geo_map.py\n"
             f"export default c=>import(new URL({json.dumps(DRAW_URL)},location)).then(m=>m.draw(c)).catch(()=>{{"
             "c.parentElement.textContent='The map could not be drawn. The table below holds the same figures.'})")


@st.cache_resource
def _component() -> Callable:
    # Registered once per server: registering again on every run would replace the definition each time.
    return st.components.v2.component(COMPONENT_NAME, js=LOADER_JS, isolate_styles=False)


def label(figure: go.Figure) -> str:
    """The map's name for a screen reader: its title, as plain text."""
    text = re.sub(r"<[^>]+>", " ", figure.layout.title.text or "")
    return "Map: " + " ".join(text.split()) if text.strip() else "Map"


def figure_data(figure: go.Figure, *, config: dict, height: int | None = None) -> dict:
    """What the browser gets for one map: the figure as plotly's JSON, its config, a label, a height."""
    data = {"figure": json.loads(figure.to_json()), "config": config, "label": label(figure)}
    return data | ({"height": height} if height else {})


def geo_map(figure: go.Figure, *, key: str, config: dict, height: int | None = None,
            on_select: Callable[[], None] | None = None) -> None:
    """Draw one map. A click on a force sets ``st.session_state[key]["select"]`` and calls ``on_select``."""
    _component()(key=key, data=figure_data(figure, config=config, height=height),
                 on_select_change=on_select or (lambda: None), width="stretch", height="content")
