"""Plotly figures. The geometry is referenced by URL, so a rerun sends values, not shapes.

The maps' hovers send each string once: text that is the same for every force of a trace (the
measure, a source or period shared by all) is written into the hovertemplate, and only what
differs travels per force in ``customdata``. On the map page a force's caveats are counted in the
hover and given in full in the table and the numbered list under the maps: their words, repeated
for force after force, were the largest part of each figure.
"""
from __future__ import annotations

import copy
import functools
import re
import textwrap
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import shape

from spodash.data.paths import STATIC_DIR
from spodash.figures.colour_bins import NO_DATA, Classes, fmt_number, make_classes

#: Served by Streamlit's static file serving (see .streamlit/config.toml) and cached by the browser.
AREAS_URL = "/app/static/police_force_areas.geojson"
OUTLINE_URL = "/app/static/scotland_ni_outline.geojson"
#: plotly.js fetches a base-map topojson for any geo plot; this points it at the app's own stub.
#: The toolbar's PNG is drawn at 1000x760 and scale 2: a 2000 px wide image with the title and source in it.
PNG_SIZE = {"format": "png", "width": 1000, "height": 760, "scale": 2}
PLOTLY_CONFIG = {"topojsonURL": "/app/static/topojson/", "displaylogo": False,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "pan2d", "hoverClosestGeo"],
                 "toImageButtonOptions": PNG_SIZE}
HIGHLIGHT = "#000000"
SELECTED = "#F46A25"  # Analysis Function orange, for the selected force's outline
HOVER_CAVEAT_CHARS = 160
#: characters per line of a hover's source line
HOVER_WIDTH = 60
#: px from a map's top to its title: below plotly's toolbar row (27 px), which a touch screen always shows
TITLE_TOP = 43
#: plotly's geo bundle (choropleth and scattergeo only; 1.4 MB against plotly.js's 4.7 MB), the same
#: plotly.js version as the Python package's: the app's maps and the static site's map pages load it.
PLOTLY_JS_VERSION = "4.1.1"
GEO_LIBRARY = f"vendor/plotly-geo-{PLOTLY_JS_VERSION}.min.js"
GEO_LIBRARY_FILE = STATIC_DIR / GEO_LIBRARY

#: Marks a figure that rests only on someone else's copy of its source (a symbol, not colour alone).
COPY_MARK = "◇"


def png_config(filename: str) -> dict:
    """The maps' plotly config, with the PNG named after the view."""
    return {**PLOTLY_CONFIG, "toImageButtonOptions": {**PNG_SIZE, "filename": filename}}


def label_points(geo: dict) -> dict[str, tuple[float, float]]:
    """A point inside each area (lon, lat), for the 'no data' marks."""
    out = {}
    for f in geo["features"]:
        p = shape(f["geometry"]).representative_point()
        out[f["properties"]["force_code"]] = (round(p.x, 4), round(p.y, 4))
    return out


#: England and Wales as the maps show them (lon, lat): the whole view, and the frame a zoom is kept in.
WHOLE_LON, WHOLE_LAT = (-6.0, 2.0), (49.85, 55.85)


def zoom_ranges(geo: dict, code: str) -> tuple[list[float], list[float]] | None:
    """The lon and lat ranges that frame one force with a margin (at least 0.15 degrees, so City of
    London shows its neighbours), or None for a code the boundaries do not hold."""
    feature = next((f for f in geo["features"] if f["properties"]["force_code"] == code), None)
    if feature is None:
        return None
    lon0, lat0, lon1, lat1 = shape(feature["geometry"]).bounds
    pad_lon, pad_lat = max(0.15, (lon1 - lon0) * 0.2), max(0.15, (lat1 - lat0) * 0.2)
    return ([round(lon0 - pad_lon, 4), round(lon1 + pad_lon, 4)],
            [round(lat0 - pad_lat, 4), round(lat1 + pad_lat, 4)])


def _short(text: str) -> str:
    first = text.split(" | ")[0] if text else ""
    if len(first) > HOVER_CAVEAT_CHARS:
        first = first[: HOVER_CAVEAT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    more = text.count(" | ")
    if first and more:
        first += f" (+{more} more in the table)"
    return first


@functools.lru_cache(maxsize=8)
def _template(name: str, trace_types: tuple[str, ...]) -> dict:
    """The default plotly template (Streamlit's, in the app) without the parts no trace here uses.

    The template's ``data`` part styles trace types by name; none of its entries is for the types a
    map draws (choropleth, scattergeo), so leaving them out changes nothing drawn and saves about
    2 KB a figure. Its ``layout`` part (fonts, colours Streamlit's theme replaces) is kept as it is.
    """
    import plotly.io as pio

    full = pio.templates[name].to_plotly_json()
    data = {t: v for t, v in full.get("data", {}).items() if t in trace_types}
    return {"layout": full.get("layout", {}), **({"data": data} if data else {})}


def map_template(trace_types: tuple[str, ...] = ("choropleth", "scattergeo")) -> dict:
    """The maps' template (a copy: a figure may be changed in place after it is built)."""
    import plotly.io as pio

    return copy.deepcopy(_template(str(pio.templates.default), trace_types))


_PLACEHOLDER = re.compile(r"%{customdata\[(\d+)\]}")


def _hover(segments: list) -> tuple[list[list[str]], str]:
    """customdata rows and a hovertemplate from segments: a str is fixed text, a list holds one value per
    point. A list whose values are all the same (and hold no placeholder syntax) becomes fixed text, sent
    once; the others become customdata columns, in order."""
    columns: list[list[str]] = []
    template = ""
    for seg in segments:
        if isinstance(seg, str):
            template += seg
            continue
        values = [str(v) for v in seg]
        if values and len(set(values)) == 1 and "%{" not in values[0] and len(values) > 1:
            template += values[0]
        else:
            template += f"%{{customdata[{len(columns)}]}}"
            columns.append(values)
    rows = [list(r) for r in zip(*columns, strict=True)] if columns else []
    return rows, template + "<extra></extra>"


def hover_texts(fig: go.Figure) -> dict[str, str]:
    """Each area's hover text as plotly shows it (placeholders filled, <extra> dropped), by location.

    For tests and checks: what a reader sees, whichever parts of it travel per force or once.
    """
    out = {}
    for trace in fig.data:
        if trace.type != "choropleth" or trace.hovertemplate is None:
            continue
        rows = trace.customdata if trace.customdata is not None else [[] for _ in trace.locations]
        for loc, row in zip(trace.locations, rows, strict=True):
            out[loc] = _filled(trace.hovertemplate, row).replace("<extra></extra>", "")
    return out


def _filled(template: str, row: Sequence[object]) -> str:
    """A hover template with each ``%{customdata[i]}`` replaced by the row's value."""
    return _PLACEHOLDER.sub(lambda m: str(row[int(m.group(1))]), template)


def caveat_count(cell: str) -> str:
    """'3 caveats' for a force's caveats ('' for none): how many, their words being in the table."""
    n = len({c for c in cell.split(" | ") if c}) if cell else 0
    return f"{n} caveat{'s' * (n != 1)}" if n else ""


def _missing_words(missing: pd.DataFrame, measure_label: str) -> list[str]:
    """'No data: why', or, for a published count that has no rate, the count and why there is no rate."""
    counts = missing["count"] if "count" in missing else [pd.NA] * len(missing)
    return [f"{int(c):,} {measure_label} published; no rate: {why}" if pd.notna(c) else f"No data: {why}"
            for c, why in zip(counts, missing["status"], strict=True)]


def map_classes(table: pd.DataFrame, *, integer: bool, exclude: set[str]) -> Classes:
    """Classes from every force's value except those left out of the scale (e.g. City of London)."""
    return make_classes(table.loc[~table["force_code"].isin(exclude), "value"], integer=integer)


def choropleth(table: pd.DataFrame, classes: Classes, *, value_label: str, measure_label: str, legend_title: str,
               points: dict[str, tuple[float, float]], region_codes: AbstractSet[str] = frozenset(),
               selected: str | None = None, off_scale: dict[str, str] | None = None,
               integer: bool = False, height: int = 560, title: str = "", subtitle: str = "",
               source: str = "", caveats_below: str = "",
               zoom: tuple[list[float], list[float]] | None = None) -> go.Figure:
    """One map: classed fill for forces with a value, grey and a cross for forces without.

    ``caveats_below`` (e.g. "in the table under the maps"): the hover counts a force's caveats and
    says where they are; without it, it gives the first caveat's words, shortened. ``zoom`` (from
    :func:`zoom_ranges`) frames the selected force instead of the whole of England and Wales.

    Built from plain dicts into a figure that skips plotly's per-property validation: the
    validation was a third of a map page rerun, and the figure it gives is the same JSON
    (tests/test_charts_fast.py re-validates it, so a misspelt property still fails a test).
    """
    off_scale = off_scale or {}
    have = table[table["value"].notna()]
    missing = table[table["value"].isna()]

    def outline(codes):
        width = [3.5 if c == selected else 2.2 if c in region_codes else 0.5 for c in codes]
        colour = [SELECTED if c == selected else HIGHLIGHT if c in region_codes else "#ffffff" for c in codes]
        return dict(line=dict(width=width, color=colour))

    n = max(len(classes.colours), 1)
    scale = []
    for i, colour in enumerate(classes.colours or (NO_DATA,)):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    z = [classes.index(v) for v in have["value"]]
    # A table can carry its own words for a value (e.g. "latest figure ends in 2021: 19 granted").
    own_words = "value_text" in have
    shown = (list(have["value_text"]) if own_words else [fmt_number(v, integer=integer) for v in have["value"]])
    copies = list(have["copy_note"]) if "copy_note" in have else [""] * len(have)
    disagree = list(have["disagrees_short"]) if "disagrees_short" in have else [""] * len(have)
    codes = list(have["force_code"])
    customdata, hovertemplate = _hover([
        "<b>", list(have["force_name"]), "</b><br>", shown, "" if own_words else f" {value_label}",
        [f" ({off_scale[c]})" if c in off_scale else "" for c in codes], f"<br>{measure_label}<br>Period: ",
        list(have["period"]), "<br>Source: ",
        [hover_source(s + (f" ({COPY_MARK} {copy})" if copy else ""))
         for s, copy in zip(have["source_line"], copies, strict=True)],
        "<br>",
        [f"⚠ {_short(c)}<br>" if c else "" for c in disagree],
        *([[caveat_count(c) for c in have["caveats"]], [f": {caveats_below}" if c else "" for c in have["caveats"]]]
          if caveats_below else [[_short(c) for c in have["caveats"]]]),
    ])
    data = [dict(
        type="choropleth", geojson=OUTLINE_URL, featureidkey="properties.country_code",
        locations=["S92000003", "N92000002"], z=[0, 0], colorscale=[[0, "#ececec"], [1, "#ececec"]],
        showscale=False, hoverinfo="skip", marker=dict(line=dict(color="#ffffff", width=0.5)),
        name="Scotland and Northern Ireland (not covered)",
    ), dict(
        type="choropleth", geojson=AREAS_URL, featureidkey="properties.force_code", locations=list(have["force_code"]),
        z=z, zmin=-0.5, zmax=n - 0.5, colorscale=scale, marker=outline(have["force_code"]),
        customdata=customdata, name=value_label, hovertemplate=hovertemplate,
        colorbar=dict(title=dict(text=legend_title, side="top"), tickvals=list(range(n)),
                      ticktext=list(classes.labels), x=0.98, xanchor="left", y=0.5, thickness=16, len=0.75),
    )]
    if not missing.empty:
        data.append(dict(
            type="choropleth", geojson=AREAS_URL, featureidkey="properties.force_code",
            locations=list(missing["force_code"]), z=[0] * len(missing), colorscale=[[0, NO_DATA], [1, NO_DATA]],
            showscale=False, marker=outline(missing["force_code"]), name="No data",
            customdata=[list(r) for r in zip(missing["force_name"], _missing_words(missing, measure_label),
                                             missing["period"], missing["source_line"], strict=True)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                          "<br>%{customdata[3]}<extra></extra>",
        ))
        lon, lat = zip(*(points[c] for c in missing["force_code"]), strict=True)
        data.append(dict(
            type="scattergeo", lon=list(lon), lat=list(lat), mode="markers", hoverinfo="skip", showlegend=True,
            name="No data (grey)", marker=dict(symbol="x-thin", size=9, line=dict(width=2, color="#1a1a1a")),
        ))
    marked = [c for c, copy in zip(have["force_code"], copies, strict=True) if copy]
    if marked:
        lon, lat = zip(*(points[c] for c in marked), strict=True)
        data.append(dict(
            type="scattergeo", lon=list(lon), lat=list(lat), mode="markers", hoverinfo="skip", showlegend=True,
            name="Rests on a copy of its source",  # the legend draws the ◇ mark itself
            marker=dict(symbol="diamond-open", size=12, color="#1a1a1a", line=dict(width=2.5, color="#1a1a1a")),
        ))
    # The title sits below the toolbar's row (always shown on touch screens), so they never overlap.
    top = (30 + (TITLE_TOP + 14 if title else 0) + (18 if subtitle else 0)
           + (16 if any(copies) and not missing.empty else 0))
    source_lines = wrap(source, 72) if source else []
    layout = dict(
        geo=dict(visible=False, projection=dict(type="mercator"), fitbounds=False,
                 lonaxis=dict(range=zoom[0] if zoom else list(WHOLE_LON)),
                 lataxis=dict(range=zoom[1] if zoom else list(WHOLE_LAT)), bgcolor="rgba(0,0,0,0)"),
        height=height, margin=dict(l=0, r=150, t=top, b=14 * len(source_lines) + 6), dragmode=False,
        clickmode="event+select",
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", bgcolor="rgba(255,255,255,0.8)"),
        font=dict(family="sans-serif", size=13, color="#0b0c0c"),
        # Dark text on white, left-aligned: readable, and a long source line keeps its start in view.
        hoverlabel=dict(bgcolor="white", bordercolor="#0b0c0c", font=dict(color="#0b0c0c", size=13), align="left"),
        template=map_template(),
    )
    # The figure carries its own words, so a PNG from the toolbar can be quoted as it is.
    if title:
        layout["title"] = dict(text=f"<b>{title}</b>" + (f"<br><span style='font-size:12px'>{subtitle}</span>"
                                                          if subtitle else ""),
                               x=0, xanchor="left", y=1, yanchor="top", yref="container", pad=dict(t=TITLE_TOP, l=4),
                               font=dict(size=15))
    if source_lines:
        layout["annotations"] = [dict(text="<br>".join(source_lines), xref="paper", yref="paper", x=0, y=0,
                                      xanchor="left", yanchor="top", yshift=-4, showarrow=False, align="left",
                                      font=dict(size=11, color="#3d3d3d"))]
    return go.Figure(data=data, layout=layout, _validate=False)


def hover_source(text: str) -> str:
    """A hover's source line, wrapped so the hover box fits a map half a laptop screen wide."""
    return "<br>".join(wrap(text, HOVER_WIDTH))


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters (plotly does not wrap annotation text)."""
    return textwrap.wrap(text, width) or [text]

