"""The maps' chart element: a plotly figure drawn with plotly's geo bundle, not Streamlit's plotly.js.

``st.plotly_chart`` makes the browser load Streamlit's whole plotly.js (4.8 MB, 1.5 MB gzipped) before
the first map can be drawn; evaluating it was the largest part of the map page's first view
(bench/README.md, "The first view"). The maps draw only choropleth and scattergeo traces, which
plotly's own geo bundle holds (1.4 MB, 0.47 MB gzipped, the same plotly.js version as the Python
package's), so the map page draws them through a small component instead:

- ``static/vendor/plotly-geo-<version>.min.js`` (MIT, from npm's ``plotly.js-geo-dist-min``; checked
  against it and against the Python package's plotly.js version by tests/test_geo_map.py) and
  ``static/geo_map.js`` (the drawing and the click), both served from /app/static/ and loaded once
  per page, in order;
- the component's own script, sent with every map, only loads those two files and calls ``draw``.

A click on a force comes back as the ``select`` trigger, read by the ``on_select`` callback.
"""

from __future__ import annotations

import json
import re
from typing import Callable

import plotly.graph_objects as go
import streamlit as st

from spodash.paths import STATIC_DIR

COMPONENT_NAME = "spodash_geo_map"
PLOTLY_JS_VERSION = "4.1.1"
LIBRARY = f"vendor/plotly-geo-{PLOTLY_JS_VERSION}.min.js"
LIBRARY_FILE = STATIC_DIR / LIBRARY
DRAW_FILE = STATIC_DIR / "geo_map.js"

# Sent with every map, so kept short. Scripts added with async=false are fetched at once and run in the
# order they were added. If they fail, a plain sentence stands in for the map (the table has its figures).
# The line break matters: Streamlit takes a one-line string with a "/" in it for a file's path.
LOADER_JS = ("// spodash/geo_map.py\nexport default c=>{const w=window;w.__spodashGeoMap||=Promise.all(%s.map(u=>new Promise((ok,no)=>{"
             "const s=document.createElement('script');s.src=u;s.async=false;s.onload=ok;s.onerror=no;"
             "document.head.appendChild(s)})));w.__spodashGeoMap.then(()=>w.spodashGeoMap.draw(c)).catch(()=>{"
             "w.__spodashGeoMap=null;c.parentElement.textContent='The map could not be drawn. "
             "The table below holds the same figures.'})}"
             % json.dumps([f"/app/static/{LIBRARY}", "/app/static/geo_map.js"], separators=(",", ":")))


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
    return {"figure": json.loads(figure.to_json()), "config": config, "label": label(figure), "height": height}


def geo_map(figure: go.Figure, *, key: str, config: dict, height: int | None = None,
            on_select: Callable[[], None] | None = None) -> None:
    """Draw one map. A click on a force sets ``st.session_state[key]["select"]`` and calls ``on_select``."""
    _component()(key=key, data=figure_data(figure, config=config, height=height),
                 on_select_change=on_select or (lambda: None), width="stretch", height="content")
