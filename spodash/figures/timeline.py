"""Orders over time for one force: every published figure drawn as a bar across its own period.

Published order figures overlap: a running total since the orders began (Kent's 18, then
100, then 112), two sources for nearly the same months, a calendar year inside a
four-year span. Drawing each as a span on one time axis shows that at a glance, where a
yearly series would have to invent numbers. Each bar is marked by its source's evidence
grade with a pattern and a colour (and a marker shape for figures at a single date).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from spodash.data.periods import fmt_date
from spodash.data.schema import ORDER_TYPES, SOURCE_TYPES
from spodash.figures.metrics import MEASURE_LABELS

#: Stalking Protection Orders came into force on 20 January 2020 (Stalking Protection Act 2019):
#: a figure starting then is a running total since the orders began.
SPO_START = pd.Timestamp("2020-01-20")
SPO_FAMILY = ("SPO", "interim SPO", "full SPO")
#: Analysis Function colours, a pattern and a marker shape per evidence grade, strongest first.
_COLOURS = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1", "#12436D", "#28A197")
_PATTERNS = ("", "/", "\\", ".", "x", "+", "-", "|")
_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon")
TEXT = "#0b0c0c"
HEADING = "Protective orders over time"


def grade_style(source_type: str) -> tuple[str, str, str]:
    """(colour, bar pattern, marker symbol) for an evidence grade; unknown grades share the last style."""
    types = list(SOURCE_TYPES)
    i = types.index(source_type) if source_type in types else len(types)
    i = min(i, len(_COLOURS) - 1)
    return _COLOURS[i], _PATTERNS[i], _SYMBOLS[i]


#: Measures (as ``profile.orders_for_force`` labels them) that count orders at a date, not over a period.
STOCKS = {MEASURE_LABELS["in_force"], MEASURE_LABELS["pending"]}


def kind(order_type: str, measure: str, start, end) -> str:
    """How a figure sits in time, in words the table and hover share."""
    if measure in STOCKS and pd.notna(end):
        return "at a date"
    if pd.isna(start) and pd.isna(end):
        return "no dates published"
    if pd.isna(start):
        return "at a date"
    if pd.isna(end):
        return "end date not published"
    if order_type in SPO_FAMILY and pd.Timestamp(start) == SPO_START:
        return "running total since SPOs began"
    return "one period"


def figures(orders: pd.DataFrame) -> pd.DataFrame:
    """The published figures of a force's orders table (``profile.orders_for_force``), ordered for drawing.

    Rows are grouped by order type and measure, then ordered by start and end, and get a
    unique ``row`` label for the chart's axis.
    """
    have = orders[orders["count"].notna()].copy()
    have["kind"] = [kind(t, m, s, e) for t, m, s, e in
                    zip(have["order_type"], have["measure"], have["period_start"], have["period_end"], strict=True)]
    # A stock is drawn at its date: the orders pending or in force then, not a flow over the period.
    have["draw_start"] = have["period_start"].where(have["kind"] != "at a date")
    have["_t"] = have["order_type"].map({t: i for i, t in enumerate(ORDER_TYPES)}).fillna(len(ORDER_TYPES))
    have = have.sort_values(["_t", "measure", "period_start", "period_end"], na_position="first", kind="stable")
    labels: list[str] = []
    seen: dict[str, int] = {}
    for t, m, period in zip(have["order_type"], have["measure"], have["period"], strict=True):
        label = f"{t} {m}: {period}"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    have["row"] = labels
    return have.drop(columns="_t").reset_index(drop=True)


def table(figs: pd.DataFrame) -> pd.DataFrame:
    """The chart's figures as a table, in the chart's order."""
    return pd.DataFrame({
        "Order type": figs["order_type"], "Measure": figs["measure"], "Count": figs["count"].astype("Int64"),
        "Period": figs["period"], "How it sits in time": figs["kind"],
        "Source": figs["source_title"], "Evidence grade": figs["source_type"],
        "Evidence": figs["copy_note"] if "copy_note" in figs else "",
        "Sources disagree": figs["disagrees"] if "disagrees" in figs else "", "Source id": figs["source_id"],
    })


def _hover(r) -> str:
    return (f"<b>{int(r.count):,} {r.order_type} {r.measure}</b><br>{r.period}<br>{r.kind}<br>"
            f"Source: {r.source_title} ({r.source_type})")


def figure(figs: pd.DataFrame, *, title: str = "", present: bool = False) -> go.Figure:
    """Horizontal spans on a time axis, one per figure, labelled with count and measure."""
    fig = go.Figure()
    size = 16 if present else 12
    rows = list(figs["row"])
    for grade, part in figs.groupby("source_type", sort=False):
        colour, pattern, symbol = grade_style(str(grade))  # a source_type: already a str
        spans = part[part["draw_start"].notna() & part["period_end"].notna()]
        if len(spans):
            start = pd.to_datetime(spans["draw_start"])
            length = (pd.to_datetime(spans["period_end"]) + pd.Timedelta(days=1) - start).dt.total_seconds() * 1000
            fig.add_trace(go.Bar(
                y=spans["row"], x=length, base=start.dt.strftime("%Y-%m-%d"), orientation="h", name=grade,
                legendgroup=grade, marker=dict(color=colour, line=dict(color=TEXT, width=0.5),
                                               pattern=dict(shape=pattern, fgcolor="#ffffff", bgcolor=colour,
                                                            fillmode="replace", solidity=0.35)),
                text=[f"{int(c):,} {m}" for c, m in zip(spans["count"], spans["measure"], strict=True)],
                textposition="outside", cliponaxis=False, textfont=dict(size=size, color=TEXT),
                customdata=[_hover(r) for r in spans.itertuples()], hovertemplate="%{customdata}<extra></extra>"))
        points = part[part["draw_start"].isna() ^ part["period_end"].isna()]
        if len(points):
            at = pd.to_datetime(points["period_end"].fillna(points["draw_start"]))
            open_ended = points["period_end"].isna()
            fig.add_trace(go.Scatter(
                y=points["row"], x=at.dt.strftime("%Y-%m-%d"), mode="markers+text", name=f"{grade} (a date only)",
                legendgroup=grade, showlegend=not len(spans),
                marker=dict(color=colour, size=13, line=dict(color=TEXT, width=1),
                            symbol=["triangle-right" if o else symbol for o in open_ended]),
                text=[f"{int(c):,} {m}" + (" from this date (end not published)" if o else " at this date")
                      for c, m, o in zip(points["count"], points["measure"], open_ended, strict=True)],
                textposition="middle right", textfont=dict(size=size, color=TEXT),
                customdata=[_hover(r) for r in points.itertuples()], hovertemplate="%{customdata}<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=rows, autorange="reversed", automargin=True,
                     tickfont=dict(size=size, color=TEXT), title=None)
    dates = pd.to_datetime(pd.concat([figs["draw_start"], figs["period_end"], figs["period_start"]])).dropna()
    if len(dates):  # room on the right for the labels after the last bar or marker
        first, last = dates.min(), dates.max()
        pad = max(pd.Timedelta(days=150), (last - first) * 0.3)
        fig.update_xaxes(range=[(first - pd.Timedelta(days=45)).strftime("%Y-%m-%d"),
                                (last + pad).strftime("%Y-%m-%d")])
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#e6e6e6", title=None, tickformat="%b %Y",
                     tickfont=dict(size=size, color=TEXT))
    fig.update_layout(
        barmode="overlay", bargap=0.35, plot_bgcolor="white", height=max(220, 110 + 34 * len(rows)),
        margin=dict(l=10, r=140, t=60 if title else 30, b=30), font=dict(family="sans-serif", size=size, color=TEXT),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", title=dict(text="Evidence: ")),
        title=dict(text=title, x=0, xanchor="left", font=dict(size=size + 2)) if title else None,
    )
    return fig


def caption(figs: pd.DataFrame) -> str:
    """A line under the chart saying what overlaps: the running totals and the figures without both dates."""
    running = int((figs["kind"] == "running total since SPOs began").sum())
    parts = ["Each bar is one published figure across its own period; bars that overlap count some of the same "
             "orders, so they must not be added up."]
    if running:
        parts.append(f"{running} figure{'s' * (running != 1)} {'are' if running != 1 else 'is a'} running "
                     f"total{'s' * (running != 1)} since SPOs began on {fmt_date(SPO_START)}: each later one "
                     "includes the earlier.")
    dated = figs["kind"].isin(["at a date", "end date not published"]).sum()
    if dated:
        parts.append("A marker is a figure at one date: orders pending or in force on that day, or a figure with "
                     "only one date published (▶: from that date; its end was not published).")
    undated = int((figs["kind"] == "no dates published").sum())
    if undated:
        parts.append(f"{undated} figure{'s' * (undated != 1)} with no dates published "
                     f"{'are' if undated != 1 else 'is'} in the table only.")
    parts.append("Patterns and colours show the source's evidence grade.")
    return " ".join(parts)
