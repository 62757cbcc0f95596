"""Everything the map page shows for one filter state, computed in one pure call.

The page's filters can reach thousands of states, but most people look at the same few
(the default view, a shared link), so ``ui.map_view`` keeps the 128 most recent views in a
process-wide cache: a rerun on a view already built only sends it (measured by
``bench/``). Treat a :class:`MapView` as read-only: it can be shared by every session.

The end of the module routes a user's uploaded figures to the map: :func:`map_view` is the view
(basis and year) that draws one, :func:`uploads_on_map` the upload page's links to them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from spodash.charts import maps
from spodash.data.datasets import Bundle
from spodash.data.periods import Window, fmt_period, window, year_share
from spodash.data.schema import ORDER_TYPES
from spodash.figures import evidence, latest, metrics
from spodash.figures.metrics import Quarterly
from spodash.figures.sourcelist import with_source_lines

ENGLAND_AND_WALES = "England and Wales"
OFF_SCALE = "off the scale: tiny resident population, drawn in the top class"
#: Where a map's hover sends the reader for a force's caveats (it counts them; their words are below).
#: Not numbers into the page's list: those depend on both maps' figures, so an orders filter would
#: change the reports map too, and it could no longer be sent as a reference to the one already shown.
CAVEATS_BELOW = "listed in the table under the maps"


class MapState(NamedTuple):
    """One view of the map page: every filter's value, as the codes that travel in the URL."""
    order_type: str = "SPO"
    measure: str = "granted"
    basis: str = "fy"
    year: str = "2020/21"
    metric: str = "per_100_reports"
    offence: str = "8Q"
    report_metric: str = "per_100k"
    region: str = ENGLAND_AND_WALES
    force: str = ""
    evidence: str = "all"


@dataclass(frozen=True)
class PeriodOptions:
    years: list[str]             # "latest" first, then the years newest first
    with_orders: dict[str, int]  # period -> forces with a published order figure
    default: str

    def label(self, key: str) -> str:
        """'2020/21 (40 forces)', 'Latest published figure (42 forces)', '2022/23 (reports only)'."""
        name = latest.LATEST_LABEL if key == latest.LATEST else key
        n = self.with_orders.get(key, 0)
        return f"{name} ({n} force{'s' * (n != 1)})" if n else f"{name} (reports only)"


def order_types(bundle: Bundle) -> list[str]:
    present = set(bundle.orders["order_type"])
    return [t for t in ORDER_TYPES if t in present]


def measures(bundle: Bundle, order_type: str) -> list[str]:
    o = bundle.orders
    present = set(o.loc[o["order_type"] == order_type, "measure"])
    return [m for m in metrics.MEASURE_LABELS if m in present]


def period_options(bundle: Bundle, q: Quarterly, order_type: str, measure: str, basis: str,
                   evidence_choice: str = "all") -> PeriodOptions:
    """The periods offered for a basis, and which of them hold order figures of this kind."""
    bundle = evidence.for_evidence(bundle, evidence_choice)
    if basis == "ons":
        years = sorted(set(bundle.crime_p1["year_ending"]), key=lambda k: window("ons", k).end, reverse=True)
    else:
        years = metrics.year_windows(q, basis)
    with_orders = metrics.order_years(bundle.orders, order_type, measure, basis, years)
    default = metrics.best_year(with_orders) or years[0]
    n_latest = latest.forces_with_latest(bundle, order_type, measure)
    if n_latest:
        with_orders = {latest.LATEST: n_latest, **with_orders}
    return PeriodOptions([latest.LATEST, *years], with_orders, default)


def latest_report_year(bundle: Bundle, q: Quarterly, basis: str) -> str:
    """The newest whole year of recorded offences on a basis: the reports map beside the latest figures."""
    if basis == "ons":
        return max(set(bundle.crime_p1["year_ending"]), key=lambda k: window("ons", k).end)
    return metrics.year_windows(q, basis)[0]


def metric_options(order_type: str, measure: str, period: str) -> list[str]:
    """How the orders map can be coloured: the recency of the figure only when each force shows its latest."""
    options = metrics.order_metrics(order_type, measure)
    return options + [latest.RECENCY] if period == latest.LATEST else options


def offences(basis: str) -> list[str]:
    return list(metrics.OFFENCE_CHOICES) if basis != "ons" else [metrics.GROUP]


def regions(bundle: Bundle) -> list[str]:
    return [ENGLAND_AND_WALES] + sorted(bundle.forces["region"].unique())


def force_options(bundle: Bundle) -> tuple[list[str], dict[str, str]]:
    """Force codes sorted by name (with "" for none first), and code -> name."""
    names = dict(zip(bundle.forces["force_code"], bundle.forces["force_name"], strict=True))
    return [""] + sorted(names, key=names.__getitem__), names


@dataclass(frozen=True)
class MapView:
    state: MapState
    win: Window                    # the reports' window (for the latest figures: the newest year on the basis)
    order_label: str
    period_label: str              # the order figures' period, as headings say it
    latest: bool                   # each force shows its latest figure: periods differ, nothing is summed
    annualised: bool               # rates per 100,000 residents are per year of each figure's own period
    order_value_label: str         # what the orders map's colours show, e.g. "per 100,000 residents per year"
    orders: pd.DataFrame           # metrics.orders_table + source_line
    reports: pd.DataFrame          # metrics.reports_table + source_line
    national: metrics.Totals
    national_reports: metrics.Totals
    region: metrics.Totals | None  # totals over the highlighted region's forces, if one is highlighted
    region_reports: metrics.Totals | None
    orders_figure: go.Figure
    reports_figure: go.Figure
    caveats: list[str]             # every caveat behind what is shown, in first-use order
    table: pd.DataFrame            # the figures on the maps, caveats in full (the download)
    screen_table: pd.DataFrame     # the same with caveats as numbers into ``caveats``
    context: pd.DataFrame | None   # totals published elsewhere for this order type, if any
    source_ids: list[str]          # behind what is shown, for the attribution lines


def build(bundle: Bundle, q: Quarterly, points: dict, state: MapState) -> MapView:
    """The map page's figures, maps and tables for one (already valid) filter state."""
    s = state
    is_latest = s.year == latest.LATEST
    win = window(s.basis, latest_report_year(bundle, q, s.basis) if is_latest else s.year)
    order_label = f"{s.order_type} {metrics.MEASURE_LABELS[s.measure]}"
    evidence_bundle = evidence.for_evidence(bundle, s.evidence)
    chosen = (latest.latest_figures(evidence_bundle, s.order_type, s.measure) if is_latest
              else metrics.choose_order_figures(evidence_bundle, s.order_type, s.measure, win))
    annualised = s.metric == "per_100k" and metrics.lengths_differ(chosen)
    base_metric = "count" if s.metric == latest.RECENCY else s.metric
    orders = metrics.orders_table(evidence_bundle, q, s.order_type, s.measure, None if is_latest else win,
                                  base_metric, chosen=chosen, annualise=annualised)
    value_label = metrics.METRICS[s.metric] + (" per year" if annualised else "")
    legend_units = metrics.LEGEND_UNITS[s.metric] + ("<br>per year (periods differ)" if annualised else "")
    if s.metric == latest.RECENCY:
        years = latest.end_years(orders)
        orders["value"] = years.reindex(orders.index).astype("Float64").astype(float)
        orders["value_text"] = [
            latest.recency_text(c, metrics.MEASURE_LABELS[s.measure], p, int(y)) if pd.notna(y) else ""
            for c, p, y in zip(orders["count"], orders["period"], orders["value"], strict=True)]
    orders = with_source_lines(bundle, orders)
    reports = with_source_lines(bundle, metrics.reports_table(bundle, q, s.offence, win, s.report_metric))
    region_codes = (set(bundle.forces.loc[bundle.forces["region"] == s.region, "force_code"])
                    if s.region != ENGLAND_AND_WALES else set())
    exclude = {metrics.CITY_OF_LONDON}
    selected = s.force or None
    zoom = maps.zoom_ranges(bundle.geo, selected) if selected else None  # both maps frame the chosen force

    off_scale = {metrics.CITY_OF_LONDON: OFF_SCALE} if s.metric in ("per_100k", "per_100_reports") else {}
    if s.metric == latest.RECENCY:
        classes = latest.recency_classes(orders)
    else:
        classes = maps.map_classes(orders, integer=s.metric == "count", exclude=exclude if off_scale else set())
    period_label = f"{latest.LATEST_LABEL.lower()} for each force" if is_latest else win.label
    orders_figure = maps.choropleth(
        orders, classes, value_label=value_label, measure_label=order_label,
        legend_title=f"{s.order_type} {metrics.MEASURE_LABELS[s.measure]}<br>{legend_units}",
        points=points, region_codes=region_codes, selected=selected, off_scale=off_scale,
        integer=s.metric == "count", title=orders_title(order_label, s.metric, value_label),
        caveats_below=CAVEATS_BELOW, zoom=zoom,
        subtitle=period_label + ("; periods differ by force" if is_latest else ""),
        source=source_words(bundle, orders, "Orders")
        + (" Stalking offences: Home Office police recorded crime." if s.metric == "per_100_reports" else "")
        + (" Strong evidence only." if s.evidence == "strong" else "") + " Grey ×: no published figure (not zero).")

    off_scale = {metrics.CITY_OF_LONDON: OFF_SCALE} if s.report_metric == "per_100k" else {}
    classes = maps.map_classes(reports, integer=s.report_metric == "count", exclude=exclude if off_scale else set())
    reports_figure = maps.choropleth(
        reports, classes, value_label=metrics.REPORT_METRICS[s.report_metric],
        legend_title=f"{s.offence if s.offence != metrics.GROUP else 'All S&H'} offences<br>"
                     f"{metrics.LEGEND_UNITS[s.report_metric]}",
        measure_label=f"{metrics.OFFENCE_CHOICES[s.offence]} recorded by the police",
        points=points, region_codes=region_codes, selected=selected, off_scale=off_scale,
        integer=s.report_metric == "count", caveats_below=CAVEATS_BELOW, zoom=zoom,
        title=f"{metrics.OFFENCE_CHOICES[s.offence]}, {metrics.REPORT_METRICS[s.report_metric]}",
        subtitle=f"recorded by the police, {win.label}",
        source=source_words(bundle, reports, "Reports") + " Grey ×: no published figure (not zero).")

    caveats = list(dict.fromkeys(c for t in (orders, reports) for cell in t["caveats"] if cell
                                 for c in cell.split(" | ")))
    table = _table(s, orders, reports, order_label, value_label)
    # On screen the caveats are numbers into the list (the texts repeat across forces);
    # the download keeps the full texts.
    number = {text: str(i) for i, text in enumerate(caveats, 1)}
    screen_table = (table.assign(Caveats=[", ".join(number[t] for t in cell.split(" | ") if t)
                                          for cell in table["Caveats"]])
                    .rename(columns={"Caveats": "Caveats (numbers in the list above)"}))
    has_context = (bundle.orders_context["order_type"] == s.order_type).any()
    return MapView(
        state=s, win=win, order_label=order_label,
        period_label=period_label,
        latest=is_latest, annualised=annualised, order_value_label=value_label,
        orders=orders, reports=reports,
        national=metrics.totals(orders), national_reports=metrics.totals(reports),
        region=metrics.totals(orders, region_codes) if region_codes else None,
        region_reports=metrics.totals(reports, region_codes) if region_codes else None,
        orders_figure=orders_figure, reports_figure=reports_figure, caveats=caveats, table=table,
        screen_table=screen_table, context=metrics.context_table(bundle, s.order_type) if has_context else None,
        source_ids=list(dict.fromkeys(x for x in list(orders["source_id"]) + list(reports["source_id"]) if x)),
    )


def orders_title(order_label: str, metric: str, value_label: str) -> str:
    """The orders map's own title, e.g. 'SPO granted per 100 recorded stalking offences'."""
    if metric == latest.RECENCY:
        return f"{order_label}: the year each force's latest figure ends"
    if metric == "count":
        return f"{order_label} (count)"
    return f"{order_label} {value_label}"


def source_words(bundle: Bundle, table: pd.DataFrame, what: str) -> str:
    """'Orders: BBC Shared Data Unit.' or 'Orders: BBC Shared Data Unit, ITV and 9 others (named in the table).'"""
    ids = table.loc[table["count"].notna() & (table["source_id"] != ""), "source_id"]
    if ids.empty:
        return f"{what}: no published figure."
    src = bundle.sources.set_index("source_id")
    if ids.nunique() == 1:
        only = ids.iloc[0]
        return f"Source of {what.lower()}: {src['publisher'].loc[only]}, {src['title'].loc[only]}."
    names = src["publisher"]
    ranked = ids.map(lambda i: names.get(i, i)).value_counts(sort=True)
    publishers = list(ranked.index)
    if len(publishers) <= 2:
        return f"Source of {what.lower()}: {' and '.join(publishers)}."
    return (f"Sources of {what.lower()}: {publishers[0]}, {publishers[1]} and {len(publishers) - 2} others, "
            "named for each force in the table.")


def _iso(values: pd.Series) -> list[str]:
    return [d.strftime("%Y-%m-%d") if pd.notna(d) else "" for d in pd.to_datetime(values)]


def _table(s: MapState, orders: pd.DataFrame, reports: pd.DataFrame, order_label: str,
           value_label: str) -> pd.DataFrame:
    """The figures on the maps, one row per force: what the table shows and the CSV holds."""
    value_column = ("Latest figure ends (year)" if s.metric == latest.RECENCY else f"Orders {value_label}")
    values = orders["value"] if s.metric == latest.RECENCY else orders["value"].round(3)
    return pd.DataFrame({
        "Force": orders["force_name"], "ONS code": orders["force_code"], "Region": orders["region"],
        f"{order_label} (count)": orders["count"], value_column: values,
        "Order figure period": orders["period"],
        "Order figure starts": _iso(orders["period_start"]), "Order figure ends": _iso(orders["period_end"]),
        "Order figure length (days)": orders["days"], "Order figure status": orders["status"],
        "Order source": orders["source_title"], "Order source id": orders["source_id"],
        "Order source type": orders["source_type"], "Order evidence": orders["copy_note"],
        "Sources disagree": orders["disagrees"],
        "Stalking offences matched": orders["reports"], "Stalking offences, quarters matched": orders["reports_period"],
        ("Other figures for this force (any period)" if s.year == latest.LATEST
         else "Other figures for this force and period"): orders["other_figures"],
        f"{metrics.OFFENCE_CHOICES[s.offence]} (count)": reports["count"],
        f"Reports {metrics.REPORT_METRICS[s.report_metric]}": reports["value"].round(2),
        "Reports period": reports["period"], "Reports source id": reports["source_id"],
        "Caveats": [" | ".join(dict.fromkeys(x for x in (a.split(" | ") + b.split(" | ")) if x))
                    for a, b in zip(orders["caveats"], reports["caveats"], strict=True)],
    })


def csv_name(state: MapState) -> str:
    year = state.year.replace("/", "-").replace(" ", "-")
    strong = "_strong-evidence" if state.evidence == "strong" else ""
    return f"orders_{state.order_type}_{state.measure}_{year}_{state.metric}{strong}.csv".replace(" ", "-")



def png_name(state: MapState, which: str) -> str:
    """File name (no extension) for a map's PNG: which map and the view, e.g. orders_SPO_granted_2020-21."""
    year = state.year.replace("/", "-").replace(" ", "-")
    if which == "orders":
        return f"orders_{state.order_type}_{state.measure}_{year}_{state.metric}".replace(" ", "-")
    return f"reports_{state.offence}_{state.basis}_{year}_{state.report_metric}".replace(" ", "-")


# ---- where an uploaded figure shows on the map -----------------------------------------------

#: The upload page offers a map link for this many views at the most.
MOST_UPLOAD_LINKS = 12


@dataclass(frozen=True)
class MapLink:
    """The map page's filters (its query parameters) that show a group of uploaded figures."""

    params: dict[str, str]
    label: str


def map_windows(fy: Sequence[str], cy: Sequence[str], ons: Sequence[str]) -> list[Window]:
    """Every year the map page offers, in the order it is worth choosing: calendar, financial, ONS."""
    return [window("cy", k) for k in cy] + [window("fy", k) for k in fy] + [window("ons", k) for k in ons]


def map_view(order_type: str, measure: str, start: pd.Timestamp, end: pd.Timestamp,
             windows: Sequence[Window], force: str | None = None) -> MapLink | None:
    """The map view (basis and period) where a figure for [start, end] is drawn, or None.

    The map draws a figure in the year holding more than half of its days; a period that is
    exactly one calendar or financial year goes to that year. None when no offered year does.
    """
    exact = [w for w in windows if w.basis in ("cy", "fy") and w.start == start and w.end == end]
    if exact:
        best = exact[0]
    else:
        shares = [(year_share(start, end, w), w) for w in windows]
        shares = [(s, w) for s, w in shares if s > 0.5]
        if not shares:
            return None
        best = max(shares, key=lambda sw: sw[0])[1]
    params = {"order": order_type, "measure": measure, "basis": best.basis, "period": best.key, "metric": "count"}
    if force:
        params["force"] = force
    return MapLink(params, f"{order_type} {measure.replace('_', ' ')}, {best.label}")


@dataclass(frozen=True)
class UploadsOnMap:
    """Where a session's uploaded figures are drawn on the map, as the upload page offers them."""

    links: list[MapLink]  # one a view (the first MOST_UPLOAD_LINKS), labelled with its force or how many forces
    more: int             # views left out of ``links``
    warning: str          # the figures no year on the map draws, and the years it offers ("" when none)


def uploads_on_map(bundle: Bundle, q: Quarterly, rows: pd.DataFrame) -> UploadsOnMap:
    """A map link for each view that draws some of ``rows`` (a session's uploaded figures)."""
    names = dict(zip(bundle.forces["force_code"], bundle.forces["force_name"], strict=True))
    windows = map_windows(metrics.year_windows(q, "fy"), metrics.year_windows(q, "cy"),
                          sorted(set(bundle.crime_p1["year_ending"])))
    views: dict[tuple, tuple[MapLink, list[str]]] = {}
    off_map = []
    for code, order_type, measure, start, end in zip(rows["force_code"], rows["order_type"], rows["measure"],
                                                     rows["period_start"], rows["period_end"], strict=True):
        view = map_view(order_type, measure, start, end, windows)
        if view is None:
            off_map.append(f"{names[code]}: {order_type} {measure}, {fmt_period(start, end)}")
            continue
        key = tuple(sorted(view.params.items()))
        views.setdefault(key, (view, []))[1].append(code)
    links = []
    for view, codes in list(views.values())[:MOST_UPLOAD_LINKS]:
        codes = list(dict.fromkeys(codes))
        params = dict(view.params, force=codes[0]) if len(codes) == 1 else view.params
        who = names[codes[0]] if len(codes) == 1 else f"{len(codes)} forces"
        links.append(MapLink(params, f"{view.label} ({who})"))
    warning = ""
    if off_map:
        cy, fy = metrics.year_windows(q, "cy"), metrics.year_windows(q, "fy")
        latest_ons = max((w for w in windows if w.basis == "ons"), key=lambda w: w.end)
        warning = ("These figures are kept but cannot be drawn on the map yet: no year the map offers holds "
                   f"more than half of their period. The map offers calendar years {cy[-1]} to {cy[0]} and "
                   f"financial years {fy[-1]} to {fy[0]} (as far as recorded-crime figures go) and ONS years "
                   f"up to the {latest_ons.label}.\n\n" + "\n".join(f"- {t}" for t in off_map))
    return UploadsOnMap(links, max(len(views) - MOST_UPLOAD_LINKS, 0), warning)


def city_of_london_note(bundle: Bundle) -> str:
    """Why City of London sits off the colour scale, with its residents as published (forces.csv)."""
    residents = int(bundle.forces.set_index("force_code")["population"].loc[metrics.CITY_OF_LONDON])
    return (f"City of London has {residents:,} residents but a large daytime population, so its rates per resident "
            "are off the scale: the colour classes are set from the other 42 forces and City of London is drawn "
            "in the top class, with its own value in the hover and the table.")
