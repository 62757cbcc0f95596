"""Figures for the force profile, the compare page and the briefing (plotly; no Streamlit).

Colours are the Analysis Function palette; each line or bar also carries a direct label,
a marker shape or a pattern, so nothing is told by colour alone.
"""
from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from spodash.charts.maps import AREAS_URL
from spodash.data.offences import SHORT_LABELS
from spodash.figures import metrics, timeline
from spodash.figures.colour_bins import fmt_number
from spodash.figures.crime_series import SERIES_LABELS, RuleChange
from spodash.figures.profile import ForceProfile

#: Analysis Function categorical palette, then its extended colours.
AF = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SERIES_COLOURS = {"8Q": AF[0], "8L": AF[1], "8R": AF[2], "8U": AF[3], metrics.GROUP: AF[4]}
SERIES_SYMBOLS = {"8Q": "circle", "8L": "square", "8R": "diamond", "8U": "triangle-up", metrics.GROUP: "x"}
SHORT = SHORT_LABELS  # chart legends' labels, from the one table in spodash.data.offences
PATTERNS = ("", "/", ".", "x")
TEXT = "#0b0c0c"
RULE_COLOUR = "#505a5f"
CONTEXT_COLOURS = (AF[0], AF[1], AF[4])


def _font(present: bool) -> dict:
    return dict(family="sans-serif", size=18 if present else 13, color=TEXT)


def _spread(values: list[float], gap: float) -> list[float]:
    """Nudge label positions apart (keeping their order) so direct labels do not overprint."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = list(values)
    for a, b in zip(order, order[1:], strict=False):  # neighbouring pairs: one fewer than the values
        if out[b] - out[a] < gap:
            out[b] = out[a] + gap
    return out


def add_rule_markers(fig: go.Figure, rules: Sequence[RuleChange], *, present: bool = False, rows: int = 3,
                     row: int | None = None, col: int | None = None, labels: bool = True) -> None:
    """Counting-rule changes as dotted vertical lines, each labelled with its date and a short name.

    Labels sit above the plot in ``rows`` staggered lines so neighbouring years do not collide.
    """
    size = 15 if present else 11
    for i, r in enumerate(rules):
        kw = {} if row is None else dict(row=row, col=col)
        fig.add_vline(x=r.date, line_dash="dot", line_color=RULE_COLOUR,
                      line_width=1.5, **kw)
        if labels:
            fig.add_annotation(x=r.date, xref="x", y=1.0 + 0.075 * (rows - 1 - i % rows) + 0.01, yref="paper",
                               text=f"<b>{r.date:%b %Y}</b> {r.label}", showarrow=False, xanchor="left",
                               yanchor="bottom", align="left", font=dict(size=size, color=RULE_COLOUR),
                               bgcolor="rgba(255,255,255,0.85)")


def trend_chart(p: ForceProfile, view: str = "fy", *, present: bool = False, include_ons: bool = True) -> go.Figure:
    """Recorded stalking and harassment over time, with the counting-rule changes drawn on it."""
    series = p.yearly if view == "fy" else p.quarterly
    fig = go.Figure()
    ends = []
    for code in ("8Q", "8L", "8R", "8U", metrics.GROUP):
        s = series[series[code].notna()]
        if s.empty:
            continue
        fig.add_trace(go.Scatter(
            x=s["mid"], y=s[code].astype(float), mode="lines+markers", name=SERIES_LABELS[code],
            line=dict(color=SERIES_COLOURS[code], width=4 if code == metrics.GROUP else 2.5),
            marker=dict(symbol=SERIES_SYMBOLS[code], size=9 if present else 7, color=SERIES_COLOURS[code]),
            customdata=list(zip(s["key"], s["period"], strict=True)),
            hovertemplate=f"<b>{SERIES_LABELS[code]}</b><br>%{{customdata[0]}} (%{{customdata[1]}})<br>"
                          "%{y:,} offences recorded<br>Source: Home Office PFA open data tables<extra></extra>",
        ))
        last = s.iloc[-1]
        ends.append((code, last["mid"], float(last[code])))
    if include_ons and view == "fy" and not p.ons.empty:
        o = p.ons[p.ons["count"].notna()]
        fig.add_trace(go.Scatter(
            x=o["mid"], y=o["count"].astype(float), mode="markers",
            name="All stalking and harassment, ONS Table P1 (12 months to…; a separate release)",
            marker=dict(symbol="diamond-open", size=12 if present else 10, color=AF[4], line=dict(width=2.5)),
            customdata=list(zip(o["key"], o["period"], o["source_id"], strict=True)),
            hovertemplate="<b>All stalking and harassment (ONS Table P1)</b><br>%{customdata[0]} (%{customdata[1]})"
                          "<br>%{y:,} offences recorded<br>Source id: %{customdata[2]}<extra></extra>",
        ))
        if not o.empty:
            r = o.iloc[-1]
            fig.add_annotation(x=r["mid"], y=float(r["count"]), text=f"ONS, {r['key']}:<br>{int(r['count']):,}",
                               showarrow=False, yshift=-(32 if present else 26), font=dict(size=15 if present else 11,
                               color=AF[4]))
    top = max([v for *_, v in ends] + [float(p.ons["count"].max()) if include_ons and view == "fy"
                                        and p.ons["count"].notna().any() else 0.0] + [1.0])
    ys = _spread([v for *_, v in ends], gap=top * (0.07 if present else 0.055))
    for (code, x, _), y in zip(ends, ys, strict=True):
        fig.add_annotation(x=x, y=y, text=f"<b>{SHORT[code]}</b>", showarrow=False, xanchor="left", xshift=10,
                           font=dict(size=16 if present else 12, color=SERIES_COLOURS[code]))
    add_rule_markers(fig, p.rules, present=present)
    last_x = max([series["period_end"].max()] + [r.date for r in p.rules]
                 + ([p.ons["period_end"].max()] if include_ons and view == "fy" and not p.ons.empty else []))
    x0 = series["period_start"].min()
    span = (last_x - x0).days
    fig.update_xaxes(range=[x0 - pd.Timedelta(days=60), last_x + pd.Timedelta(days=int(span * 0.2))],
                     showgrid=False, ticks="outside")
    if view == "fy":
        fig.update_xaxes(tickvals=list(series["mid"]), ticktext=list(series["key"]),
                         tickangle=-45 if not present else -60)
    fig.update_yaxes(title_text="Offences recorded", rangemode="tozero", tickformat=",", gridcolor="#e6e6e6",
                     tickfont=dict(color=TEXT), title_font=dict(color=TEXT))
    fig.update_xaxes(tickfont=dict(color=TEXT))
    fig.update_layout(
        height=470 if present else 520, margin=dict(l=70, r=20, t=110 if present else 100, b=60),
        font=_font(present), plot_bgcolor="white", hovermode="closest",
        showlegend=not present,  # on a projector the direct labels and the caption say what each mark is
        legend=dict(orientation="h", x=0, y=-0.22 if view == "fy" else -0.12, yanchor="top",
                    entrywidth=0.33, entrywidthmode="fraction"),
    )
    return fig


def context_chart(p: ForceProfile, *, present: bool = False,
                  measures: Sequence[int] = (0, 1, 4, 6)) -> go.Figure:
    """Small multiples: the force, its region and England and Wales on each measure (no ranking)."""
    c = p.context.iloc[list(measures)]
    titles = ["<br>".join(textwrap.wrap(f"{m}, {u}", 26 if present else 21))
              for m, u in zip(c["measure"], c["unit"], strict=True)]
    fig = make_subplots(rows=1, cols=len(c), subplot_titles=titles, shared_yaxes=True, horizontal_spacing=0.04)
    names = [p.name, p.region, "England and Wales"]
    r: Any  # a context row: pandas-stubs types its fields as any scalar
    for j, r in enumerate(c.itertuples(), start=1):
        values = [r.force_value, r.region_value, r.national_value]
        details = [f"{r.force_detail} ({r.period})", f"{r.region_detail} ({r.region_forces})",
                   f"{r.national_detail} ({r.national_forces})"]
        shown = [v if v is not None and not pd.isna(v) else 0.0 for v in values]
        text = [fmt_number(v) if v is not None and not pd.isna(v) else "no published figure" for v in values]
        fig.add_trace(go.Bar(
            y=names, x=shown, orientation="h", marker_color=list(CONTEXT_COLOURS), text=text,
            textposition="outside", cliponaxis=False, showlegend=False, customdata=details,
            hovertemplate="<b>%{y}</b><br>%{text}<br>%{customdata}<extra></extra>",
            textfont=dict(size=17 if present else 12),
        ), row=1, col=j)
        top = max([v for v in shown if v] + [1e-9])
        fig.update_xaxes(range=[0, top * 1.45], showticklabels=False, showgrid=False, row=1, col=j)
    fig.update_yaxes(autorange="reversed", tickfont=dict(color=TEXT, size=17 if present else 13))
    fig.update_annotations(font_size=15 if present else 12, font_color=TEXT)
    fig.update_layout(height=350 if present else 320, margin=dict(l=10, r=10, t=110 if present else 100, b=20),
                      font=_font(present),
                      plot_bgcolor="white", bargap=0.35)
    return fig


def locator_map(p: ForceProfile, forces: pd.DataFrame, geo: dict | str = AREAS_URL, *, present: bool = False,
                height: int = 360) -> go.Figure:
    """Where the force is: the force, the rest of its region, and the other forces (hover names them).

    ``forces`` is bundle.forces; ``geo`` is the app's geometry URL on the page, or the GeoJSON
    itself in a file that must work offline.
    """
    codes = list(forces["force_code"])
    names = dict(zip(forces["force_code"], forces["force_name"], strict=True))
    regions = dict(zip(forces["force_code"], forces["region"], strict=True))
    kind = [2 if c == p.code else 1 if regions[c] == p.region else 0 for c in codes]
    fig = go.Figure(go.Choropleth(
        geojson=geo, featureidkey="properties.force_code", locations=codes, z=kind, zmin=0, zmax=2,
        colorscale=[[0, "#e6e6e6"], [0.5, "#e6e6e6"], [0.5, "#9fd9d2"], [0.75, "#9fd9d2"], [0.75, AF[0]], [1, AF[0]]],
        showscale=False, marker_line=dict(color="#ffffff", width=0.6),
        customdata=[[names[c], regions[c]] for c in codes],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>", name="Police force areas",
    ))
    fig.update_geos(visible=False, projection_type="mercator", fitbounds=False,
                    lonaxis_range=[-6.0, 2.0], lataxis_range=[49.85, 55.85], bgcolor="rgba(0,0,0,0)")
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=0, b=0), dragmode=False, font=_font(present))
    return fig


# ---- compare page ------------------------------------------------------------------------
def spo_bars(table: pd.DataFrame, *, present: bool = False) -> go.Figure:
    """SPO granted per 100 stalking offences and per 100,000 residents, one bar per force.

    ``table`` has force_name, per_100_reports, per_100k, count, reports, population, period, status.
    """
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=("SPO granted per 100 recorded stalking (8Q) offences",
                                        "SPO granted per 100,000 residents"))
    names = list(table["force_name"])
    for j, (col, denom) in enumerate((("per_100_reports", "reports"), ("per_100k", "population")), start=1):
        vals = table[col]
        text = [fmt_number(v) if pd.notna(v) else "no published figure" for v in vals]
        hover = [(f"{int(r['count']):,} orders / {int(r[denom]):,} "
                  f"{'stalking offences' if denom == 'reports' else 'residents'}<br>{r['period']}")
                 if pd.notna(r[col]) else r["status"] for _, r in table.iterrows()]
        fig.add_trace(go.Bar(y=names, x=[v if pd.notna(v) else 0 for v in vals], orientation="h",
                             marker_color=AF[0], text=text, textposition="outside", cliponaxis=False,
                             customdata=hover, showlegend=False,
                             hovertemplate="<b>%{y}</b><br>%{text}<br>%{customdata}<extra></extra>"), row=1, col=j)
        top = max([v for v in vals if pd.notna(v)] + [1e-9])
        fig.update_xaxes(range=[0, top * 1.4], showgrid=False, showticklabels=False, row=1, col=j)
    fig.update_yaxes(autorange="reversed", tickfont=dict(color=TEXT, size=15 if present else 13))
    fig.update_annotations(font_color=TEXT)
    fig.update_layout(height=max(260, 70 + 44 * len(names)), margin=dict(l=10, r=20, t=60, b=20),
                      font=_font(present), plot_bgcolor="white")
    return fig


def reports_by_year_bars(long: pd.DataFrame, years: Sequence[str], *, present: bool = False) -> go.Figure:
    """Recorded stalking (8Q) per 100,000 residents, one group of bars per force, one bar per year.

    ``long`` has force_name, key (financial year), count, rate.
    """
    fig = go.Figure()
    for i, year in enumerate(years):
        d = long[long["key"] == year]
        fig.add_trace(go.Bar(
            x=d["force_name"], y=d["rate"], name=year, marker_color=AF[i % 4],
            marker_pattern=dict(shape=PATTERNS[i % 4], fgcolor="#ffffff", fillmode="overlay", size=7),
            text=[f"{v:,.0f}" if pd.notna(v) else "no figure" for v in d["rate"]], textposition="outside",
            textangle=-90, cliponaxis=False, customdata=[fmt_number(c, integer=True) for c in d["count"]],
            hovertemplate="<b>%{x}</b>, " + year + "<br>%{y:,.1f} per 100,000 residents<br>"
                          "%{customdata} stalking (8Q) offences recorded<extra></extra>",
            textfont=dict(size=14 if present else 11, color=TEXT),
        ))
    top = float(long["rate"].max()) if long["rate"].notna().any() else 1.0
    fig.update_yaxes(title_text="Stalking (8Q) per 100,000 residents", range=[0, top * 1.2], gridcolor="#e6e6e6",
                     tickfont=dict(color=TEXT), title_font=dict(color=TEXT))
    fig.update_xaxes(tickfont=dict(color=TEXT, size=15 if present else 13))
    fig.update_layout(barmode="group", height=420, margin=dict(l=70, r=10, t=30, b=60), font=_font(present),
                      plot_bgcolor="white", legend=dict(orientation="h", x=0, y=1.08, title_text="Financial year: "))
    return fig


def small_multiples(long: pd.DataFrame, national: pd.DataFrame, forces: Sequence[str],
                    rules: Sequence[RuleChange] = (), *, present: bool = False) -> go.Figure:
    """One small chart per force: stalking (8Q) per 100,000 by financial year, England and Wales dashed.

    ``long`` has force_name, mid, key, count, rate; ``national`` has mid, key, count, rate.
    """
    n = len(forces)
    cols = min(4, n)
    rows = -(-n // cols)
    fig = make_subplots(rows=rows, cols=cols, shared_yaxes="all", subplot_titles=list(forces),
                        vertical_spacing=0.16 if rows > 1 else 0.1, horizontal_spacing=0.03)
    for i, name in enumerate(forces):
        r, c = i // cols + 1, i % cols + 1
        fig.add_trace(go.Scatter(
            x=national["mid"], y=national["rate"], mode="lines", line=dict(color="#6f777b", dash="dash", width=2),
            name="England and Wales (43 forces)", showlegend=i == 0, legendgroup="ew",
            customdata=list(zip(national["key"], [fmt_number(v, integer=True) for v in national["count"]],
                                strict=True)),
            hovertemplate="England and Wales, %{customdata[0]}<br>%{y:,.1f} per 100,000<br>"
                          "%{customdata[1]} offences<extra></extra>"), row=r, col=c)
        d = long[long["force_name"] == name]
        fig.add_trace(go.Scatter(
            x=d["mid"], y=d["rate"], mode="lines+markers", line=dict(color=AF[0], width=3), marker=dict(size=6),
            name="This force", showlegend=i == 0, legendgroup="force",
            customdata=list(zip(d["key"], [fmt_number(v, integer=True) for v in d["count"]], strict=True)),
            hovertemplate=f"<b>{name}</b>, %{{customdata[0]}}<br>%{{y:,.1f}} per 100,000<br>"
                          "%{customdata[1]} stalking (8Q) offences<extra></extra>"), row=r, col=c)
        for rule in rules:
            if d.empty or not (d["mid"].min() <= rule.date <= d["mid"].max() + pd.Timedelta(days=200)):
                continue
            fig.add_vline(x=rule.date, line_dash="dot", line_color="#b1b4b6",
                          line_width=1, row=r, col=c)
    x0 = min(long["mid"].min(), national["mid"].min()) - pd.Timedelta(days=120)
    x1 = max(long["mid"].max(), national["mid"].max()) + pd.Timedelta(days=120)
    fig.update_yaxes(rangemode="tozero", gridcolor="#e6e6e6", tickfont=dict(color=TEXT))
    fig.update_yaxes(title_text="per 100,000", title_font=dict(color=TEXT), col=1)
    fig.update_xaxes(showgrid=False, tickformat="%Y", range=[x0, x1], tickfont=dict(color=TEXT))
    fig.update_layout(height=260 * rows + 80, margin=dict(l=60, r=10, t=60, b=30), font=_font(present),
                      plot_bgcolor="white", legend=dict(orientation="h", x=0, y=1.0 + 0.12 / rows, yanchor="bottom"))
    return fig


# ---- the briefing file -------------------------------------------------------------------
class Chart(NamedTuple):
    """One chart of the briefing: the profile section it belongs to, its heading, the figure and its caption."""
    section: str
    heading: str
    figure: go.Figure
    caption: str


def trend_caption(view: str) -> str:
    """Under the recorded-crime chart, on the page and in the briefing."""
    return ("Offences recorded by the police, from the Home Office open data tables (October 2023 release, "
            "April 2012 to June 2023). Dotted lines mark counting-rule changes: a jump at a line is a change "
            "in recording, not in offending."
            + (" Open diamonds are ONS Table P1 rolling years, a separate release shown beside the series, "
               "not joined to it." if view == "fy" else ""))


def locator_caption(p: ForceProfile) -> str:
    return f"Dark blue: {p.name}. Light teal: the rest of {p.region}. Grey: other police force areas. Hover for names."


def briefing_figures(p: ForceProfile, forces: pd.DataFrame, geo: dict) -> list[Chart]:
    """The briefing's charts, in page order, each with the page's caption; the map carries its geometry inline."""
    return [
        Chart("over-time", "Recorded stalking and harassment, by financial year", trend_chart(p, "fy"),
              trend_caption("fy")),
        Chart("over-time", "Recorded stalking and harassment, by quarter", trend_chart(p, "quarter"),
              trend_caption("quarter")),
        *([Chart("protective-orders", timeline.HEADING, timeline.figure(figs), timeline.caption(figs))]
          if len(figs := timeline.figures(p.orders)) else []),
        Chart("in-context", f"{p.name} beside {p.region} and England and Wales", context_chart(p), ""),
        Chart("in-context", f"Where {p.name} is", locator_map(p, forces, geo, height=420), locator_caption(p)),
    ]
