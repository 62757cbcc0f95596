"""Map page: protective-order use by police force area beside stalking and harassment reports."""
import functools

import streamlit as st

from spodash.charts import maps
from spodash.data.periods import BASES
from spodash.figures import evidence, latest, metrics, timeline
from spodash.publish import render
from spodash.publish.exports import to_csv_bytes
from spodash.ui import area_search, cache, geo_map, help_line, page_style, widgets
from spodash.views import cite, headlines, mapview

bundle, quarters, points = cache.session_data()
force_codes, force_names = mapview.force_options(bundle)
force_regions = dict(zip(bundle.forces["force_code"], bundle.forces["region"], strict=True))

# Presentation mode, and a view embedded in another site's page, fold the filters into one row.
presenting = widgets.is_on("map_present", "present") or bool(st.context.is_embedded)
# In the sidebar's box of fixed height: drawn late (see dashboard.py), the CSS moves nothing as it arrives.
st.sidebar.container(height=1, border=False, key="map_setup").html(
    page_style.MAP_CSS + (page_style.PRESENT_CSS + page_style.MAP_PRESENT_CSS if presenting else "")
    + (page_style.EMBED_CSS if st.context.is_embedded else ""))
st.title("Protective orders and stalking reports, by police force area")
# Find your area, first after the title (on a phone, before the figures): a council's name to its force.
if not presenting:
    area_search.search_box(bundle)
area_card_slot = st.container(key="area_card_slot")

# ---- filters (each one travels in the URL): the sidebar, or one folded row when presenting ---------
if presenting:
    controls = st.expander("Change the view" + ("" if st.context.is_embedded else ", or leave presentation mode"))
    slots = iter([c for _ in range(2) for c in controls.columns(6)])
    side = None
else:
    side = st.sidebar
    side.header("Filters")


def slot():
    """Where the next filter goes."""
    return next(slots) if presenting else side


order_type = widgets.bound_select("Order type", mapview.order_types(bundle), "order", default="SPO", container=slot(),
                             help="SPO = Stalking Protection Order (interim and full together where the source "
                                  "does not separate them). DVPO/DVPN: domestic violence orders and notices. "
                                  "DAPO/DAPN: domestic abuse orders and notices (pilot areas only).")
measure = widgets.bound_select("Measure", mapview.measures(bundle, order_type), "measure", default="granted",
                          container=slot(), format_func=metrics.MEASURE_LABELS.__getitem__)
basis = widgets.bound_select("Period basis", list(BASES), "basis", default="fy", container=slot(), radio=True,
                        format_func=BASES.__getitem__)
evidence_choice = widgets.bound_select("Evidence", list(evidence.EVIDENCE), "evidence", default="all", container=slot(),
                                  radio=True, format_func=evidence.EVIDENCE.__getitem__,
                                  help="Keep to figures from official statistics, FOI replies and police or PCC "
                                       "statements, leaving out news reports, campaign statements and copies. "
                                       f"{maps.COPY_MARK} on the map marks a figure that rests only on a copy "
                                       "of its source.")
periods = cache.period_options(bundle, quarters, order_type, measure, basis, evidence_choice)
year = widgets.bound_select("Period", periods.years, "period", default=periods.default, container=slot(),
                       format_func=periods.label, always_in_url=True,
                       help="“Latest published figure” shows each force's newest figure, whatever its period. "
                            "A year shows the figures that have more than half of their own period in it. "
                            "Each figure's exact period is in the hover and the table.")
metric_options = mapview.metric_options(order_type, measure, year)
metric = widgets.bound_select("Orders shown as", metric_options, "metric", default=metric_options[0],
                         container=slot(), format_func=metrics.METRICS.__getitem__, radio=True,
                         help="Orders per 100 recorded stalking offences is offered for flows of Stalking Protection "
                              "Orders only: domestic abuse orders are not a response to stalking reports, and a "
                              "count of orders in force at a date is not a flow. “How recent” colours each force "
                              "by the year its latest figure ends.")
offences = mapview.offences(basis)
offence = widgets.bound_select("Reports of", offences, "offence", default=offences[0], container=slot(),
                          format_func=metrics.OFFENCE_CHOICES.__getitem__)
report_metric = widgets.bound_select("Reports shown as", list(metrics.REPORT_METRICS), "rmetric", default="per_100k",
                                container=slot(), format_func=metrics.REPORT_METRICS.__getitem__, radio=True)
region = widgets.bound_select("Highlight a region", mapview.regions(bundle), "region",
                              default=mapview.ENGLAND_AND_WALES, container=slot())
force = widgets.bound_select("Select a force", force_codes, "force", default="", container=slot(),
                        format_func=lambda c: force_names[c] if c else "(none)",
                        help="The same as clicking a force on either map.")

if not st.context.is_embedded:
    presenting = widgets.url_toggle("Presentation mode", "map_present", "present", container=slot(),
                               help="Hides the menus and fits both maps on a 1280x720 screen, for a meeting. "
                                    "Links can open it directly with &present=1.")

# ---- figures ----------------------------------------------------------------------------
view = cache.map_view(bundle, quarters, points,
                   mapview.MapState(order_type, measure, basis, year, metric, offence, report_metric, region, force,
                                    evidence_choice))
order_label = view.order_label

cards = headlines.latest_cards(view, offence) if view.latest else headlines.year_cards(view, offence)
# One block: the intro, the view's heading and its cards on a wide screen, one line on a phone or projector.
st.container(key="headline").html(render.map_headline_html(
    headlines.INTRO, f"{order_label}, {view.period_label}", cards, headlines.one_line(view, offence)))
if not presenting and (why := headlines.why_this_period(view, periods)):
    with st.container(key="why_period", horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(why)
        if latest.LATEST in periods.years:
            st.page_link("app_pages/map.py", label="Each force's newest figure", icon=":material/update:",
                         query_params={**st.query_params.to_dict(), "period": latest.LATEST})
if force and (place := area_search.chosen_place(force)):
    area_search.area_card(bundle, quarters, place, container=area_card_slot)
with st.container(key="help_line"):
    help_line.render_help_line()
if view.latest:
    st.container(key="latest_banner").info(headlines.latest_banner(view), icon=":material/date_range:")
if note := headlines.empty_map_note(view, periods.with_orders, periods.label):
    st.info(note)
if view.region is not None:
    st.info(headlines.region_sentence(view, region, offence))

# ---- maps -------------------------------------------------------------------------------
# Each map carries its title, period, legend and source inside the figure, so its PNG can be quoted as it is.
# Side by side where each map has at least 450 px, one under the other where it would not (a phone, a
# news column): the container wraps (page_style.MAP_CSS), and each map then moves its title, colour key
# and source into text around it (static/geo_map.js).
if force:
    st.button("Whole of England and Wales", key="whole_map", icon=":material/zoom_out_map:",
              on_click=widgets.clear_force, help=f"Both maps are zoomed to {force_names[force]}.")
with st.container(key="maps", horizontal=True, gap="medium"):
    for which, figure in (("orders", view.orders_figure), ("reports", view.reports_figure)):
        with st.container(key=f"{which}_map_box"):
            geo_map.geo_map(figure, key=f"{which}_map",
                            on_select=functools.partial(widgets.select_force_from_map, f"{which}_map", force_names),
                            config=maps.png_config(mapview.png_name(view.state, which)),
                            height=page_style.MAP_HEIGHT if presenting else None)
            st.html(page_style.png_button(f"{which}_map", "Download map (PNG)"), unsafe_allow_javascript=True)

st.caption(mapview.city_of_london_note(bundle))

if force:
    st.success(headlines.selected_force_line(view, force, force_names[force], force_regions[force], offence))
    figs = cache.force_timeline(bundle, force)
    if len(figs):
        with st.expander(f"{force_names[force]}: every published order figure over time ({len(figs)})", expanded=True):
            st.plotly_chart(timeline.figure(figs), config=maps.PLOTLY_CONFIG, width="stretch", key="orders_timeline")
            st.caption(timeline.caption(figs))
            widgets.table(timeline.table(figs), f"{force_names[force]}: every published order figure")
    st.page_link("app_pages/profile.py", label=f"Open the {force_names[force]} force profile",
                 icon="➡️", query_params={"force": force})

# ---- cite, share or embed this view -------------------------------------------------------
# A popover, not an expander: the browser draws its contents only when it is opened, so the first view
# does not load the code blocks' syntax highlighter (1.6 MB of JavaScript, 0.5 MB gzipped) while the
# maps are waiting for plotly.js (bench/README.md, "The first view"). Its contents are sent as before.
with st.popover("Cite, share or embed this view"):
    view_link = cite.link(st.context.url or "", dict(st.query_params.to_dict()))
    st.markdown("**A sentence to quote** (figures, periods and sources of this view)")
    st.code(cite.sentence(bundle, view), language=None, wrap_lines=True)
    st.markdown("**This view's link**")
    st.code(view_link, language=None, wrap_lines=True)
    st.markdown(f"**Embed this map** on a web page: it shows this view without the dashboard's menus. "
                f"Data built {cache.data_built()}.")
    st.code(cite.embed_snippet(view_link, f"{order_label}, {view.period_label}"), language="html", wrap_lines=True)

# ---- caveats ----------------------------------------------------------------------------
if view.caveats:
    with st.expander(f"⚠️ Caveats that apply to what is shown ({len(view.caveats)}): read before quoting",
                     expanded=True):
        st.markdown("\n".join(f"{i}. {n}" for i, n in enumerate(view.caveats, 1)))

if view.context is not None:
    with st.expander(f"National and regional {order_type} totals published elsewhere (context only)"):
        st.caption("These totals come from other publications. They are not added to the force figures above, "
                   "and they cover different periods and forces.")
        widgets.table(view.context, f"National and regional {order_type} totals published elsewhere")

# ---- the same numbers as a table ----------------------------------------------------------
st.subheader("The figures on the maps")
for note in headlines.table_notes(view):
    st.caption(note)
widgets.table(view.screen_table, f"{order_label}, {view.period_label}, and {metrics.OFFENCE_CHOICES[offence]} "
              "recorded by the police, by police force area", key="map_table")
st.download_button("Download this table (CSV)", lambda: to_csv_bytes(view.table), mime="text/csv",
                   file_name=mapview.csv_name(view.state))

widgets.attribution(bundle, view.source_ids)
