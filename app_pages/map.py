"""Map page: protective-order use by police force area beside stalking and harassment reports."""
import pandas as pd
import streamlit as st

from spodash import charts, metrics, ui
from spodash.exports import to_csv_bytes
from spodash.periods import BASES, window
from spodash.schema import ORDER_TYPES

bundle, quarters, points = ui.session_data()
forces = bundle.forces.set_index("force_code")
orders = bundle.orders

st.title("Protective orders and stalking reports, by police force area")
st.caption("England and Wales. Every figure is published by the source named beside it; "
           "grey with a cross means no published figure, which is not the same as zero.")

# ---- filters (each one travels in the URL) -------------------------------------------------
side = st.sidebar
side.header("Filters")
order_types = [t for t in ORDER_TYPES if t in set(orders["order_type"])]
order_type = ui.bound_select("Order type", order_types, "order", default="SPO", container=side,
                             help="SPO = Stalking Protection Order (interim and full together where the source "
                                  "does not separate them). DVPO/DVPN: domestic violence orders and notices. "
                                  "DAPO/DAPN: domestic abuse orders and notices (pilot areas only).")
measures = [m for m in metrics.MEASURE_LABELS if ((orders["order_type"] == order_type) & (orders["measure"] == m)).any()]
measure = ui.bound_select("Measure", measures, "measure", default="granted", container=side,
                          format_func=metrics.MEASURE_LABELS.get)
basis = ui.bound_select("Period basis", list(BASES), "basis", default="fy", container=side, radio=True,
                        format_func=BASES.get)
if basis == "ons":
    years = sorted(set(bundle.crime_p1["year_ending"]), key=lambda k: window("ons", k).end, reverse=True)
else:
    years = metrics.year_windows(quarters, basis)
with_orders = metrics.order_years(orders, order_type, measure, basis, years)
year = ui.bound_select("Period", years, "period", default=metrics.best_year(with_orders) or years[0], container=side,
                       format_func=lambda k: k + ("" if k in with_orders else " (reports only)"),
                       help="Only periods with published figures are listed. An order figure is shown for the "
                            "year that holds more than half of its own period; its exact period is in the hover "
                            "and the table.")
win = window(basis, year)
metric_options = metrics.order_metrics(order_type, measure)
metric = ui.bound_select("Orders shown as", metric_options, "metric", default=metric_options[0],
                         container=side, format_func=metrics.METRICS.get, radio=True,
                         help="Orders per 100 recorded stalking offences is offered for flows of Stalking Protection "
                              "Orders only: domestic abuse orders are not a response to stalking reports, and a "
                              "count of orders in force at a date is not a flow.")
offences = list(metrics.OFFENCE_CHOICES) if basis != "ons" else [metrics.GROUP]
offence = ui.bound_select("Reports of", offences, "offence", default=offences[0], container=side,
                          format_func=metrics.OFFENCE_CHOICES.get)
report_metric = ui.bound_select("Reports shown as", list(metrics.REPORT_METRICS), "rmetric", default="per_100k",
                                container=side, format_func=metrics.REPORT_METRICS.get, radio=True)
regions = ["England and Wales"] + sorted(forces["region"].unique())
region = ui.bound_select("Highlight a region", regions, "region", default="England and Wales", container=side)
force_codes = [""] + sorted(forces.index, key=lambda c: forces.at[c, "force_name"])
force = ui.bound_select("Select a force", force_codes, "force", default="", container=side,
                        format_func=lambda c: forces.at[c, "force_name"] if c else "(none)",
                        help="The same as clicking a force on either map.")
region_codes = set(forces.index[forces["region"] == region]) if region != "England and Wales" else set()

# ---- figures ----------------------------------------------------------------------------
orders_t = metrics.orders_table(bundle, quarters, order_type, measure, win, metric)
reports_t = metrics.reports_table(bundle, quarters, offence, win, report_metric)
order_label = f"{order_type} {metrics.MEASURE_LABELS[measure]}"
national = metrics.totals(orders_t)
national_reports = metrics.totals(reports_t)

st.subheader(f"{order_label}, {win.label}")
cols = st.columns(4)
cols[0].metric(f"{order_label}, England and Wales",
               f"{national['count']:,}" if national["count"] is not None else "no data",
               help="Sum of the published figures shown on the map; periods differ by force (see table).")
cols[1].metric("Forces with a published figure", f"{national['with_figure']} of {national['forces']}")
if metric == "per_100_reports" and national.get("per_100_reports") is not None:
    cols[2].metric("Per 100 recorded stalking offences", f"{national['per_100_reports']:.2f}",
                   help=f"{national['count']:,} orders over {national['reports']:,} stalking offences recorded "
                        f"in the matching quarters of the same {national['with_reports']} forces.")
elif national.get("per_100k") is not None:
    cols[2].metric("Per 100,000 residents", f"{national['per_100k']:.2f}")
cols[3].metric(f"{metrics.OFFENCE_CHOICES[offence]}, England and Wales",
               f"{national_reports['count']:,}" if national_reports["count"] is not None else "no data",
               help=f"Recorded by the {national_reports['with_figure']} forces with figures for {win.label}.")
if national["with_figure"] == 0:
    st.info(f"No force has a published {order_label} figure for {win.label}, so the orders map is all grey. "
            + (f"Periods with figures on this basis: {', '.join(with_orders)}." if with_orders else
               "Try another period basis or measure."))
if region_codes:
    reg = metrics.totals(orders_t, region_codes)
    reg_reports = metrics.totals(reports_t, region_codes)
    parts = [f"**{region}**: {order_label}: {reg['count']:,}" if reg["count"] is not None
             else f"**{region}**: no published {order_label} figure"]
    if metric == "per_100_reports" and reg.get("per_100_reports") is not None:
        parts.append(f"{reg['per_100_reports']:.2f} per 100 stalking offences "
                     f"(England and Wales {national['per_100_reports']:.2f})")
    elif reg.get("per_100k") is not None and national.get("per_100k") is not None:
        parts.append(f"{reg['per_100k']:.2f} per 100,000 residents (England and Wales {national['per_100k']:.2f})")
    parts.append(f"figures for {reg['with_figure']} of {reg['forces']} forces")
    if reg_reports["count"] is not None:
        parts.append(f"{metrics.OFFENCE_CHOICES[offence]}: {reg_reports['count']:,}")
    st.info(" · ".join(parts))

# ---- maps -------------------------------------------------------------------------------
def source_lines(table: pd.DataFrame) -> pd.DataFrame:
    src = bundle.sources.set_index("source_id")
    table = table.copy()
    table["source_line"] = [f"{src.at[s, 'title']} ({src.at[s, 'source_type']})" if s else "" for s in table["source_id"]]
    return table


def select_from_map(key: str) -> None:
    event = st.session_state.get(key)
    points_ = (event or {}).get("selection", {}).get("points", [])
    if points_ and points_[0].get("location") in forces.index:
        st.session_state["force"] = points_[0]["location"]


per_capita = {"per_100k"}
exclude = {metrics.CITY_OF_LONDON}
left, right = st.columns(2)
with left:
    st.markdown(f"**Orders: {order_label}**, {metrics.METRICS[metric]}")
    off_scale = {}
    if metric in per_capita | {"per_100_reports"}:
        off_scale = {metrics.CITY_OF_LONDON: "off the scale: tiny resident population, drawn in the top class"}
    table = source_lines(orders_t)
    classes = charts.map_classes(table, integer=metric == "count", exclude=exclude if off_scale else set())
    fig = charts.choropleth(table, classes, value_label=metrics.METRICS[metric], measure_label=order_label,
                            legend_title=f"{order_type} {metrics.MEASURE_LABELS[measure]}<br>{metrics.LEGEND_UNITS[metric]}",
                            points=points, region_codes=region_codes, selected=force or None,
                            off_scale=off_scale, integer=metric == "count")
    st.plotly_chart(fig, key="orders_map", on_select=lambda: select_from_map("orders_map"),
                    selection_mode="points", config=charts.PLOTLY_CONFIG, width="stretch")
with right:
    st.markdown(f"**Reports: {metrics.OFFENCE_CHOICES[offence]}**, {metrics.REPORT_METRICS[report_metric]}")
    off_scale = {metrics.CITY_OF_LONDON: "off the scale: tiny resident population, drawn in the top class"} \
        if report_metric == "per_100k" else {}
    table = source_lines(reports_t)
    classes = charts.map_classes(table, integer=report_metric == "count", exclude=exclude if off_scale else set())
    fig = charts.choropleth(table, classes, value_label=metrics.REPORT_METRICS[report_metric],
                            legend_title=f"{offence if offence != metrics.GROUP else 'All S&H'} offences<br>"
                                         f"{metrics.LEGEND_UNITS[report_metric]}",
                            measure_label=f"{metrics.OFFENCE_CHOICES[offence]} recorded by the police",
                            points=points, region_codes=region_codes, selected=force or None,
                            off_scale=off_scale, integer=report_metric == "count")
    st.plotly_chart(fig, key="reports_map", on_select=lambda: select_from_map("reports_map"),
                    selection_mode="points", config=charts.PLOTLY_CONFIG, width="stretch")

st.caption("City of London has 13,462 residents but a large daytime population, so its rates per resident "
           "are off the scale: the colour classes are set from the other 42 forces and City of London is drawn "
           "in the top class, with its own value in the hover and the table.")

if force:
    row = orders_t.set_index("force_code").loc[force]
    rep = reports_t.set_index("force_code").loc[force]
    value = f"{row['count']:,} ({row['period']})" if pd.notna(row["count"]) else f"no data: {row['status']}"
    st.success(f"**{forces.at[force, 'force_name']}** ({forces.at[force, 'region']}): {order_label}: {value}. "
               f"{metrics.OFFENCE_CHOICES[offence]}: "
               + (f"{rep['count']:,} in {win.label}." if pd.notna(rep["count"]) else f"no data ({rep['status']})."))
    st.page_link("app_pages/profile.py", label=f"Open the {forces.at[force, 'force_name']} force profile",
                 icon="➡️", query_params={"force": force})

# ---- caveats ----------------------------------------------------------------------------
notes = list(dict.fromkeys(c for t in (orders_t, reports_t) for cell in t["caveats"] if cell for c in cell.split(" | ")))
if notes:
    with st.expander(f"⚠️ Caveats that apply to what is shown ({len(notes)}): read before quoting", expanded=True):
        st.markdown("\n".join(f"{i}. {n}" for i, n in enumerate(notes, 1)))

context = bundle.orders_context[bundle.orders_context["order_type"] == order_type]
if not context.empty:
    with st.expander(f"National and regional {order_type} totals published elsewhere (context only)"):
        st.caption("These totals come from other publications. They are not added to the force figures above, "
                   "and they cover different periods and forces.")
        st.dataframe(metrics.context_table(bundle, order_type), hide_index=True, width="stretch")

# ---- the same numbers as a table ----------------------------------------------------------
st.subheader("The figures on the maps")
if metric == "per_100_reports":
    st.caption("Orders per 100 recorded stalking offences (8Q): each force's figure is divided by the stalking "
               "offences it recorded in the quarters of which at least half falls inside that figure's own period "
               "(column 'Stalking offences, quarters matched').")
shown = pd.DataFrame({
    "Force": orders_t["force_name"], "ONS code": orders_t["force_code"], "Region": orders_t["region"],
    f"{order_label} (count)": orders_t["count"], f"Orders {metrics.METRICS[metric]}": orders_t["value"].round(3),
    "Order figure period": orders_t["period"], "Order figure status": orders_t["status"],
    "Order source id": orders_t["source_id"], "Order source type": orders_t["source_type"],
    "Stalking offences matched": orders_t["reports"], "Stalking offences, quarters matched": orders_t["reports_period"],
    "Other figures for this force and period": orders_t["other_figures"],
    f"{metrics.OFFENCE_CHOICES[offence]} (count)": reports_t["count"],
    f"Reports {metrics.REPORT_METRICS[report_metric]}": reports_t["value"].round(2),
    "Reports period": reports_t["period"], "Reports source id": reports_t["source_id"],
    "Caveats": [" | ".join(dict.fromkeys(x for x in (a.split(" | ") + b.split(" | ")) if x))
                for a, b in zip(orders_t["caveats"], reports_t["caveats"])],
})
# On screen the caveats are numbers into the list above (the texts repeat across forces);
# the download keeps the full texts.
number = {text: str(i) for i, text in enumerate(notes, 1)}
st.dataframe(shown.assign(Caveats=[", ".join(number[t] for t in cell.split(" | ") if t) for cell in shown["Caveats"]])
             .rename(columns={"Caveats": "Caveats (numbers in the list above)"}), hide_index=True, width="stretch")
st.download_button("Download this table (CSV)", lambda: to_csv_bytes(shown), mime="text/csv",
                   file_name=f"orders_{order_type}_{measure}_{year.replace('/', '-').replace(' ', '-')}_{metric}.csv".replace(" ", "-"))

ui.attribution(bundle, [s for s in list(orders_t["source_id"]) + list(reports_t["source_id"]) if s])
