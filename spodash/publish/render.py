"""HTML from the Jinja2 templates in ``spodash/publish/templates/``: the static site, the briefing and the
headline cards.

Autoescaping is on for every template; the only markup let through unescaped is plotly's own
output (``fig.to_html``) and the inline data scripts built here. plotly.js is placed by plotly's
``include_plotlyjs`` option: ``True`` inlines it (a one-file briefing), a relative path such as
``"../plotly.min.js"`` references the static site's shared copy.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup, escape

from spodash.data.paths import STATIC_DIR
from spodash.figures.colour_bins import fmt_number
from spodash.figures.profile import Figure

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES / "style.css"
MISSING = "no published figure"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def render(template: str, **context) -> str:
    return environment().get_template(template).render(css=stylesheet(), **context)


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def card_css() -> str:
    """The headline cards' part of the stylesheet (the app's pages use it too)."""
    m = re.search(r"/\* headline cards \*/(.*?)/\* end headline cards \*/", stylesheet(), re.S)
    assert m is not None, f"{STYLESHEET} has lost its headline cards section"
    return m.group(1).strip()


# ---- cells and tables ---------------------------------------------------------------------
def text(value) -> str:
    """A cell as text: '' for a missing value (never 'nan')."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def number(value) -> str:
    """A published number or arithmetic on one: '8,603', '0.686'; missing is said, never 0."""
    if value is None or pd.isna(value):
        return MISSING
    if isinstance(value, float) and not float(value).is_integer():
        return fmt_number(value)
    return f"{int(value):,}"


def _numbers(column: pd.Series) -> bool:
    """A column of numbers: a numeric dtype, or objects that are all numbers or missing (Int64 counts with None)."""
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    return column.dtype == object and all(isinstance(v, (int, float, np.integer, np.floating))
                                          and not isinstance(v, bool) for v in column.dropna())


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[tuple[str, bool]]]  # (text, is a number) per cell
    caption: str = ""
    row_header: bool = False  # the first column names the row (<th scope="row">): a force, a measure


def table(df: pd.DataFrame, numeric=None, caption: str = "", row_header: bool = False) -> Table:
    """A DataFrame as the templates' table; ``numeric`` columns (default: the numeric dtypes) right-aligned."""
    if numeric is None:
        numeric = [c for c in df.columns if _numbers(df[c])]
    numeric = set(numeric)
    rows = [[(number(v), True) if c in numeric else (text(v), False) for c, v in zip(df.columns, row, strict=True)]
            for row in df.itertuples(index=False)]
    return Table([str(c) for c in df.columns], rows, caption, row_header)


def table_html(df: pd.DataFrame, caption: str, *, numeric=None, row_header: bool = True) -> Markup:
    """A real HTML table for the app's pages (a screen reader reads its caption and headers; a canvas grid
    it reads poorly): the same macro as the static site and the briefing, in a box that scrolls sideways."""
    return Markup(render("table.html", t=table(df, numeric, caption, row_header)))


# ---- plotly --------------------------------------------------------------------------------
def plot_config(base: dict, filename: str) -> dict:
    """The app's plotly config for a file: no server URL for base maps, PNG named after the chart."""
    cfg = {k: v for k, v in base.items() if k != "topojsonURL"}
    cfg["toImageButtonOptions"] = {**base.get("toImageButtonOptions", {}), "filename": filename}
    return cfg


def plot(fig: go.Figure, div_id: str, config: dict, plotlyjs: bool | str = False) -> Markup:
    """A chart as plotly writes it; ``plotlyjs`` is plotly's ``include_plotlyjs`` (True, a path, or False)."""
    return Markup(fig.to_html(full_html=False, include_plotlyjs=plotlyjs, div_id=div_id, config=config))


def inline_geometry(fig: go.Figure, swaps: dict[str, dict]) -> go.Figure:
    """A copy of the figure with each geometry URL (e.g. charts.AREAS_URL) replaced by the GeoJSON itself."""
    fig = go.Figure(fig)
    for trace in fig.data:
        geojson = getattr(trace, "geojson", None)
        if isinstance(geojson, str) and geojson in swaps:
            trace.geojson = swaps[geojson]
    return fig


def geo_assets_script(topojson_path: Path = STATIC_DIR / "topojson" / "world_110m.json") -> Markup:
    """Hands plotly.js its base map inline, so a geo chart in a file fetches nothing from a CDN."""
    topo = json.dumps(json.loads(topojson_path.read_text(encoding="utf-8")), separators=(",", ":"))
    topo = topo.replace("</", "<\\/")  # '</' can never close the block early
    return Markup("<script>window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
                  f"window.PlotlyGeoAssets.topojson.world_110m = {topo};</script>")


# ---- headline cards (the profile page and the briefing share the template) -----------------------
def headline_cards_html(figures: Sequence[Figure], *, full_titles: bool = False) -> Markup:
    """A force's headline figures as cards: label, number, exact period, source."""
    return Markup(render("cards.html", figures=figures, full_titles=full_titles))


# ---- the map page's headline ----------------------------------------------------------------------
def strong(markdown: str) -> Markup:
    """A line whose only markup is ``**bold**``, as HTML (everything else escaped)."""
    parts = str(escape(markdown)).split("**")
    return Markup("".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts)))


def map_headline_html(intro: str, heading: str, cards: Sequence, line: str) -> Markup:
    """The map page's headline block: intro, heading and cards (``label``, ``value``, ``help``) on a wide
    screen, the one ``line`` (with ``**bold**``) on a phone."""
    return Markup(render("map_headline.html", intro=intro, heading=heading, cards=cards, line=strong(line)))
