"""The map page's headline numbers and sentences, as plain data (the page only lays them out).

A total is only given where it adds up figures for one period. Each force's latest
figure covers a period of its own, so that view gives how many forces and which dates
instead of a sum.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from spodash.data.periods import fmt_date
from spodash.figures import latest, metrics
from spodash.views.mapview import MapView, PeriodOptions

#: Under the map page's title on a wide screen: what the page shows, and that missing is not zero.
INTRO = ("England and Wales. Every figure is published by the source named beside it; grey with a cross means "
         "no published figure, which is not the same as zero.")


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    help: str | None = None


def _count(n) -> str:
    return f"{n:,}" if n is not None else "no data"


def yearly_rate(table: pd.DataFrame) -> float | None:
    """Per 100,000 residents per year over the forces with a yearly rate: each count divided by its own length."""
    have = table[table["value"].notna() & table["count"].notna() & table["days"].notna()]
    if have.empty or not have["population"].sum():
        return None
    per_year = (have["count"].astype(float) * metrics.YEAR_DAYS / have["days"].astype(float)).sum()
    return per_year / have["population"].astype(float).sum() * 100_000


def _reports_card(view: MapView, offence: str) -> Card:
    reps = view.national_reports
    return Card(f"{metrics.OFFENCE_CHOICES[offence]}, England and Wales", _count(reps["count"]),
                f"Recorded by the {reps['with_figure']} forces with figures for {view.win.label}.")


def year_cards(view: MapView, offence: str) -> list[Card]:
    """Four cards for one period: the orders' sum, coverage, a rate, and the reports' sum."""
    n, label, metric = view.national, view.order_label, view.state.metric
    cards = [Card(f"{label}, England and Wales", _count(n["count"]),
                  "Sum of the published figures shown on the map; periods differ by force (see table)."),
             Card("Forces with a published figure", f"{n['with_figure']} of {n['forces']}")]
    if metric == "per_100_reports" and n.get("per_100_reports") is not None:
        cards.append(Card("Per 100 recorded stalking offences", f"{n['per_100_reports']:.2f}",
                          f"{n['count']:,} orders over {n['reports']:,} stalking offences recorded in the matching "
                          f"quarters of the same {n['with_reports']} forces."))
    elif view.annualised:
        rate = yearly_rate(view.orders)
        if rate is not None:
            cards.append(Card("Per 100,000 residents per year", f"{rate:.2f}",
                              "Each force's figure divided by its own period's length in years, added up, and "
                              "divided by the same forces' residents: the periods on this map differ in length."))
    elif n.get("per_100k") is not None:
        cards.append(Card("Per 100,000 residents", f"{n['per_100k']:.2f}"))
    return cards + [_reports_card(view, offence)]


def latest_cards(view: MapView, offence: str) -> list[Card]:
    """Cards for each force's latest figure: coverage and dates, never a sum across periods."""
    n, orders = view.national, view.orders
    span = latest.date_range(orders)
    cards = [Card("Forces with a published figure", f"{n['with_figure']} of {n['forces']}",
                  "Each force shows its newest published figure of this kind."),
             Card("Latest figures' periods end", f"{span[0].year} to {span[1].year}" if span else "no data",
                  (f"From {fmt_date(span[0])} to {fmt_date(span[1])}. " if span else "")
                  + "No England and Wales total is given: these figures cover different periods, "
                    "so adding them up would mix years.")]
    metric = view.state.metric
    if metric == latest.RECENCY:
        mix = latest.period_mix(orders)
        if mix:
            year, k = max(mix.items(), key=lambda kv: (kv[1], kv[0]))
            cards.append(Card("Most forces' latest figure ends in", f"{year}",
                              f"{k} of {sum(mix.values())} forces. {latest.mix_sentence(orders)}"))
    elif metric != "count":
        rated = int((orders["value"].notna() & orders["count"].notna()).sum())
        cards.append(Card(f"Forces with a rate {view.order_value_label}", f"{rated} of {n['with_figure']}",
                          "A figure gets no rate where it cannot be compared fairly: the hover and the table "
                          "give the reason for each force."))
    return cards + [_reports_card(view, offence)]


def latest_banner(view: MapView) -> str:
    """The plain statement that periods differ, and how many figures fall in each year."""
    return (f"**Periods differ by force.** Each force shows its newest published {view.order_label} figure, so "
            f"the figures cover different periods and are not added up. {latest.mix_sentence(view.orders)} "
            f"{latest.finding(view.orders)}")


def region_sentence(view: MapView, region: str, offence: str) -> str:
    """One line on the highlighted region beside England and Wales."""
    reg, reg_reports, nat, label = view.region, view.region_reports, view.national, view.order_label
    assert reg is not None and reg_reports is not None, "only for a view with a region highlighted"
    metric = view.state.metric
    if view.latest:
        region_rows = view.orders[view.orders["region"] == region]
        parts = [f"**{region}**: latest {label} figures for {reg['with_figure']} of {reg['forces']} forces"
                 + (f", {latest.range_text(region_rows)}; not added up because the periods differ"
                    if reg["with_figure"] else "")]
    else:
        parts = [f"**{region}**: {label}: {reg['count']:,}" if reg["count"] is not None
                 else f"**{region}**: no published {label} figure"]
        if metric == "per_100_reports" and reg.get("per_100_reports") is not None:
            parts.append(f"{reg['per_100_reports']:.2f} per 100 stalking offences "
                         f"(England and Wales {nat['per_100_reports']:.2f})")
        elif view.annualised:
            mine, all_ = yearly_rate(view.orders[view.orders["region"] == region]), yearly_rate(view.orders)
            if mine is not None and all_ is not None:
                parts.append(f"{mine:.2f} per 100,000 residents per year (England and Wales {all_:.2f})")
        elif reg.get("per_100k") is not None and nat.get("per_100k") is not None:
            parts.append(f"{reg['per_100k']:.2f} per 100,000 residents (England and Wales {nat['per_100k']:.2f})")
        parts.append(f"figures for {reg['with_figure']} of {reg['forces']} forces")
    if reg_reports["count"] is not None:
        parts.append(f"{metrics.OFFENCE_CHOICES[offence]}: {reg_reports['count']:,}")
    return " · ".join(parts)


def one_line(view: MapView, offence: str) -> str:
    """The headline in one line (figure, period, coverage), for a phone or a projector."""
    n, label = view.national, view.order_label
    if view.latest:
        span = latest.date_range(view.orders)
        ends = f", periods ending {span[0].year} to {span[1].year}" if span else ""
        mix = latest.period_mix(view.orders)
        most = max(mix.items(), key=lambda kv: (kv[1], kv[0])) if mix else None
        text = (f"**{label}: latest published figure** for {n['with_figure']} of {n['forces']} forces{ends}"
                + (f", {most[1]} of them in {most[0]}" if most else "") + " (periods differ: not added up)")
    elif n["count"] is None:
        text = f"**{label}, {view.win.label}:** no force has a published figure"
    else:
        text = f"**{label}, {view.win.label}: {n['count']:,}** ({n['with_figure']} of {n['forces']} forces)"
        if view.state.metric == "per_100_reports" and n.get("per_100_reports") is not None:
            text += f", {n['per_100_reports']:.2f} per 100 recorded stalking offences"
    reps = view.national_reports
    if reps["count"] is not None:
        text += f" · {metrics.OFFENCE_CHOICES[offence]}: {reps['count']:,}"
    return text


def empty_map_note(view: MapView, with_orders: Collection[str], period_label) -> str | None:
    """What to say when no force has a figure for the chosen period, and where figures are instead."""
    if view.national["with_figure"]:
        return None
    where = (f"Periods with figures on this basis: {', '.join(map(period_label, with_orders))}."
             if with_orders else "Try another period basis or measure.")
    return (f"No force has a published {view.order_label} figure for {view.win.label}, so the orders map is all "
            f"grey. {where}")


def selected_force_line(view: MapView, force: str, name: str, region: str, offence: str) -> str:
    """One sentence on the force picked on the map: its order figure (or why none) and its reports."""
    row = view.orders.set_index("force_code").loc[force]
    rep = view.reports.set_index("force_code").loc[force]
    value = f"{row['count']:,} ({row['period']})" if pd.notna(row["count"]) else f"no data: {row['status']}"
    reports = f"{rep['count']:,} in {view.win.label}." if pd.notna(rep["count"]) else f"no data ({rep['status']})."
    return f"**{name}** ({region}): {view.order_label}: {value}. {metrics.OFFENCE_CHOICES[offence]}: {reports}"


def table_notes(view: MapView) -> list[str]:
    """How the table's rates were worked out, for the rates this view shows."""
    notes = []
    if view.state.metric == "per_100_reports":
        notes.append("Orders per 100 recorded stalking offences (8Q): each force's figure is divided by the stalking "
                     "offences it recorded in the quarters of which at least half falls inside that figure's own "
                     "period (column 'Stalking offences, quarters matched'). Where the offence data (to June 2023) "
                     "do not cover the figure's whole period, no rate is given: dividing by part of the period "
                     "would overstate it.")
    if view.annualised:
        notes.append("Orders per 100,000 residents **per year**: the figures on this map cover periods of different "
                     "lengths, so each is divided by its own length in years (column 'Order figure length (days)') "
                     "before it is compared. A figure whose start or end was not published has no yearly rate.")
    return notes


def why_this_period(view: MapView, periods: PeriodOptions) -> str | None:
    """Under the first view's headline: why this year, for a visitor who expected this year's figures."""
    default, counts = periods.default, periods.with_orders
    if view.latest or view.state.year != default or default not in counts:
        return None
    years = [y for y in periods.years if y != latest.LATEST]
    newer = [y for y in years[:years.index(default)] if counts.get(y)]
    return (f"Why {default}: the most forces ({counts[default]} of {view.national['forces']}) published "
            f"{view.order_label} figures for it"
            + (f"; {len(newer)} later year{'s have' if len(newer) != 1 else ' has'} fewer." if newer
               else "; no later year has any yet."))
