"""Force profile: one police force area's figures in context, for a scrutiny session or a story.

A link names the force by its ONS code (``/profile?force=E23000013``); ``&page_style=1`` opens it
in presentation mode for a meeting-room screen; ``&trend=quarter`` shows quarters.
"""
import datetime as dt

import streamlit as st

from spodash.charts import maps, profile_charts
from spodash.data.periods import fmt_date
from spodash.figures import attribution, crime_series, force_context, profile, timeline
from spodash.publish import briefing, render
from spodash.publish.exports import to_csv_bytes
from spodash.ui import area_search, cache, page_style, widgets

bundle, quarters, _ = cache.session_data()
forces = bundle.forces.set_index("force_code")
force_names = dict(zip(bundle.forces["force_code"], bundle.forces["force_name"], strict=True))
force_regions = dict(zip(bundle.forces["force_code"], bundle.forces["region"], strict=True))


def _source_line(title: str, publisher: str, published: str, source_type: str, url: str, source_id: str) -> str:
    """One source in the list: title, publisher, date, grade, link and id."""
    return (f"- **{title}**, {publisher}{', ' + published if published else ''} ({source_type})"
            + (f": <{url}>" if url else "") + f" `{source_id}`")


@st.cache_resource(show_spinner=False)
def context_specs() -> list[force_context.ContextSpec]:
    """All-forces context tables from the published bundle (the same for every force and session)."""
    base, q, _ = cache.data()
    return force_context.context_tables(base, q)


# The shared CSS, headline cards included, is set once by the router (dashboard.py).

# ---- which force, and how to show it (both travel in the URL) ------------------------------
raw = st.query_params.get("force")
if "force" not in st.session_state and raw and raw not in forces.index:
    code = profile.force_from_link(raw, bundle.forces)
    if code:  # a name or a lower-case code in a shared link: use the code it means
        st.query_params["force"] = code

title_box = st.container()
presenting = widgets.is_on("profile_present", "present")
# In a meeting the controls fold into one line, so the first screen is the force's figures;
# they stay open while no valid force is chosen, so a bad link's warning is seen.
known = st.session_state["force"] if "force" in st.session_state else st.query_params.get("force")
fold = presenting and known in forces.index
controls = st.expander("Change force, leave presentation mode, download the briefing") if fold else st.container()
if not fold:  # find the force from a council's name: what is typed never reaches the URL
    area_search.search_box(bundle, container=controls)
pick, toggle_box, download_box = controls.columns([3, 1.4, 1.6], vertical_alignment="bottom")
codes = [""] + sorted(forces.index, key=force_names.__getitem__)
force = widgets.bound_select("Police force area", codes, "force", default="", container=pick,
                        format_func=lambda c: f"{force_names[c]} ({force_regions[c]})" if c
                        else "Choose a police force area",
                        help="Links to this page can name the force by its ONS code, e.g. ?force=E23000013.")
presenting = widgets.url_toggle("Presentation mode", "profile_present", "present", container=toggle_box,
                           help="Hides menus and enlarges type for a meeting-room screen. "
                                "Links can open it directly with &present=1.")
if presenting:
    st.html(page_style.PRESENT_CSS)

if not force:
    title_box.title("Force profile")
    st.info("Choose a police force area above to see its stalking and harassment figures and every published "
            "protective-order figure for it, beside its region and England and Wales. A link can name the force "
            "by its ONS code, for example /profile?force=E23000013 for Cleveland.", icon="👆")
    st.stop()

p = profile.build_profile(bundle, quarters, force, context_specs())
today = dt.date.today()
download_box.download_button(
    "Download briefing (HTML)", icon=":material/download:", on_click="ignore", mime="text/html",
    file_name=briefing.briefing_filename(p, today),
    data=lambda: briefing.briefing_html(p, profile_charts.briefing_figures(p, bundle.forces, bundle.geo),
                                        generated=today, plotly_config=maps.PLOTLY_CONFIG),
    help="One self-contained file with these figures, interactive charts, sources and caveats. It opens "
         "without an internet connection.")

title_box.title(f"{p.name}: stalking, harassment and protective orders")
title_box.caption(f"Police force area {p.code}, {p.region}. {p.population:,} residents (mid-{p.population_year}). "
                  "Every figure is as published, with its period and source; missing is not zero.")
if place := area_search.chosen_place(force):
    title_box.success(place.sentence, icon=":material/location_on:")
sections = profile.sections(p)  # the same sections, in the same order, as the briefing
st.markdown(" · ".join(f"[{s.short}](#{s.key})" for s in sections.values()))


def section(key: str, count: int | None = None):
    box = st.container(key=f"sec_{key.replace('-', '_')}")
    box.header(sections[key].title + ("" if count is None else f" ({count})"), anchor=key)
    return box


# ---- headline figures -------------------------------------------------------------------
with section("headline"):
    st.html(render.headline_cards_html(p.headlines))

# ---- recorded crime over time -----------------------------------------------------------
with section("over-time"):
    views = {"fy": "Financial years", "quarter": "Quarters"}
    view = widgets.bound_select("Show", list(views), "trend", default="fy", radio=True, format_func=views.__getitem__)
    st.plotly_chart(profile_charts.trend_chart(p, view, present=presenting), config=maps.PLOTLY_CONFIG,
                    width="stretch", key="trend_chart")
    st.caption(profile_charts.trend_caption(view))
    st.markdown("\n".join(f"- **{fmt_date(r.date)}: {r.label}.** {r.text}" for r in p.rules))
    series = p.yearly if view == "fy" else p.quarterly
    table = crime_series.series_table(series, p.crime_source)
    with st.expander(f"The figures in the chart ({views[view].lower()})"):
        widgets.table(table, f"{p.name}: recorded offences by {views[view].lower().rstrip('s')}")
        st.download_button("Download these figures (CSV)", to_csv_bytes(table), mime="text/csv", on_click="ignore",
                           file_name=f"recorded_{profile.slug(p.name)}_{p.code}_{view}.csv")

# ---- protective orders ------------------------------------------------------------------
with section("protective-orders"):
    figs = timeline.figures(p.orders)
    if len(figs):
        st.markdown("**Orders over time:** every published figure as a bar across its own period")
        st.plotly_chart(timeline.figure(figs, present=presenting), config=maps.PLOTLY_CONFIG, width="stretch",
                        key="orders_timeline")
        st.caption(timeline.caption(figs))
    st.caption(sections["protective-orders"].note)
    orders = profile.orders_display(p.orders)
    if presenting:
        st.table(orders.drop(columns=["Source id", "As published"]), hide_index=True)
    else:
        widgets.table(orders, f"{p.name}: every published protective-order figure")
    st.download_button("Download the order figures (CSV)", to_csv_bytes(orders), mime="text/csv", on_click="ignore",
                       file_name=f"orders_{profile.slug(p.name)}_{p.code}.csv")

# ---- the force beside its region and England and Wales ------------------------------------
with section("in-context"):
    st.caption(sections["in-context"].note)
    bars, where = st.columns([4, 1])
    bars.plotly_chart(profile_charts.context_chart(p, present=presenting), config=maps.PLOTLY_CONFIG,
                      width="stretch", key="context_chart")
    where.plotly_chart(profile_charts.locator_map(p, bundle.forces, present=presenting, height=300),
                       config=maps.PLOTLY_CONFIG, width="stretch", key="locator_chart")
    where.caption(profile_charts.locator_caption(p))
    context = force_context.context_display(p.context, p.name)
    if presenting:
        st.table(context[["Measure", p.name, p.region, "England and Wales", f"Period ({p.name})"]], hide_index=True)
    else:
        widgets.table(context, f"{p.name} beside {p.region} and England and Wales")
    st.download_button("Download this comparison (CSV)", to_csv_bytes(context), mime="text/csv", on_click="ignore",
                       file_name=f"context_{profile.slug(p.name)}_{p.code}.csv")

# ---- caveats ----------------------------------------------------------------------------
with section("caveats", len(p.caveats)):
    own = p.caveats[p.caveats["scope"] == "This force"]
    if len(own):
        st.markdown(f"**{p.name}**\n" + "\n".join(f"- {t}" for t in own["text"]))
    st.markdown("**All forces**\n"
                + "\n".join(f"- {t}" for t in p.caveats.loc[p.caveats["scope"] != "This force", "text"]))

# ---- sources ----------------------------------------------------------------------------
with section("sources"):
    st.markdown("\n".join(_source_line(*s) for s in p.sources[
        ["title", "publisher", "published", "source_type", "url", "source_id"]].itertuples(index=False)))
    st.caption(f"{attribution.OGL}  \n{attribution.BBC_ATTRIBUTION}")
    widgets.attribution(bundle, p.source_ids)
