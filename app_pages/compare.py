"""Compare police force areas: two to eight forces, or a whole region, side by side on rates.

A link can name the forces (``/compare?forces=E23000013,E23000008``) or a region
(``/compare?region=North East``); codes that are not police force areas are reported.
"""
import streamlit as st

from spodash.charts import maps, profile_charts
from spodash.figures import attribution, compare, crime_series, metrics
from spodash.publish.exports import to_csv_bytes
from spodash.ui import cache, widgets

bundle, quarters, _ = cache.data()  # published figures only: the comparison is of published sources
forces = bundle.forces.set_index("force_code")
force_names = dict(zip(bundle.forces["force_code"], bundle.forces["force_name"], strict=True))
force_regions = dict(zip(bundle.forces["force_code"], bundle.forces["region"], strict=True))
codes_by_name = sorted(forces.index, key=force_names.__getitem__)
regions = sorted(forces["region"].unique())

# The shared CSS (readable captions, focus ring) is set once by the router, dashboard.py.
st.title("Compare police force areas")
st.caption("Rates, not a ranking: each force beside the others on the same measures, with the counts behind "
           "every rate. Choose two to eight forces, or a whole region.")

# ---- what to compare (read from the URL on a session's first run, written back after) --------
if "_seeded_compare" not in st.session_state:
    st.session_state["_seeded_compare"] = True
    raw_forces, raw_region = st.query_params.get("forces"), st.query_params.get("region")
    valid, invalid = compare.parse_forces(raw_forces, codes_by_name)
    if invalid:
        st.session_state["_cmp_invalid"] = invalid
    if len(valid) > compare.MAX_FORCES:
        st.session_state["_cmp_too_many"] = valid[compare.MAX_FORCES:]
        valid = valid[:compare.MAX_FORCES]
    st.session_state["cmp_forces"] = valid
    if raw_region is not None and raw_region not in regions:
        st.session_state["_cmp_bad_region"] = raw_region
    st.session_state["cmp_region"] = raw_region if raw_region in regions else regions[0]
    st.session_state["cmp_mode"] = "region" if raw_region in regions and not valid else "forces"

invalid = st.session_state.pop("_cmp_invalid", None)
if invalid:
    st.warning(f"The link named {len(invalid)} code{'s' * (len(invalid) != 1)} that "
               f"{'are not police force areas' if len(invalid) != 1 else 'is not a police force area'}: "
               + ", ".join(f"“{c}”" for c in invalid) + ". Codes look like E23000013 (Cleveland) or W15000002 "
               "(Gwent); the valid ones are kept below.", icon="⚠️")
too_many = st.session_state.pop("_cmp_too_many", None)
if too_many:
    st.warning(f"At most {compare.MAX_FORCES} forces can be compared at once; "
               + ", ".join(force_names[c] for c in too_many) + " left out.", icon="⚠️")
bad_region = st.session_state.pop("_cmp_bad_region", None)
if bad_region:
    st.warning(f"The link asked for region “{bad_region}”, which is not a region here. Regions: "
               + ", ".join(regions) + ".", icon="⚠️")

modes = {"forces": "Forces I choose", "region": "A whole region"}
mode = st.radio("Compare", list(modes), key="cmp_mode", format_func=modes.get, horizontal=True)
if mode == "forces":
    chosen = st.multiselect(f"Police force areas ({compare.MIN_FORCES} to {compare.MAX_FORCES})", codes_by_name,
                            key="cmp_forces", max_selections=compare.MAX_FORCES,
                            format_func=lambda c: f"{force_names[c]} ({force_regions[c]})",
                            placeholder="Type a force's name")
    st.query_params.pop("region", None)
    if chosen:
        st.query_params["forces"] = ",".join(chosen)
    else:
        st.query_params.pop("forces", None)
else:
    region = st.selectbox("Region", regions, key="cmp_region")
    chosen = compare.region_forces(bundle.forces, region)
    st.query_params.pop("forces", None)
    st.query_params["region"] = region

if len(chosen) < compare.MIN_FORCES:
    st.info(f"Choose at least {compare.MIN_FORCES} police force areas to compare"
            + (f" (one chosen so far: {force_names[chosen[0]]})" if chosen else "")
            + ", or compare a whole region.", icon="👆")
    st.stop()

names = [force_names[c] for c in chosen]
st.markdown("Profiles: " + " · ".join(f"[{force_names[c]}](profile?force={c})" for c in chosen))

# ---- SPOs in the one survey that asked every force the same question -------------------------
spo = compare.spo_survey(bundle, quarters, chosen)
st.header("Stalking Protection Orders granted, BBC Shared Data Unit survey")
st.plotly_chart(profile_charts.spo_bars(spo), config=maps.PLOTLY_CONFIG, width="stretch", key="cmp_spo")
st.caption("From SPOs coming into force on 20 January 2020 to the date each force's answer was correct to "
           "(30 Dec 2020 for Welsh forces, 6 Apr to 26 May 2021 for English forces), so periods differ by force. "
           "Per 100 stalking offences: divided by the stalking (8Q) offences the force recorded in the quarters "
           "matching its own period. Interim and full orders are not separated. Source: BBC Shared Data Unit "
           "(FOI survey, 2021); Home Office recorded crime; ONS mid-2023 populations.")
missing = spo[spo["per_100_reports"].isna()]
if len(missing):
    st.markdown("\n".join(f"- **{r.force_name}**: no published figure ({r.status})" for r in missing.itertuples()))

# ---- recorded stalking per 100,000 --------------------------------------------------------
long = compare.rates_by_year(bundle, quarters, chosen, "8Q")
years = sorted(long["key"].unique())[-4:]
st.header("Recorded stalking per 100,000 residents, latest four financial years")
st.plotly_chart(profile_charts.reports_by_year_bars(long[long["key"].isin(years)], years), config=maps.PLOTLY_CONFIG,
                width="stretch", key="cmp_years")
st.caption("Stalking (8Q) offences recorded by the police (Home Office open data tables, October 2023 release) "
           "per 100,000 residents (mid-2023 population for every year). From April 2020 a former partner's "
           "course of conduct is recorded as stalking, so 2020/21 onwards is not comparable with earlier years.")

national = compare.national_by_year(bundle, quarters, "8Q")
rules = crime_series.rule_changes(bundle.caveats)
st.header("Recorded stalking per 100,000 residents, 2014/15 to 2022/23")
st.plotly_chart(profile_charts.small_multiples(long, national, names, rules), config=maps.PLOTLY_CONFIG,
                width="stretch", key="cmp_multiples")
st.caption("One panel per force, on the same scale. Dashed grey: England and Wales (all 43 forces). Dotted lines: "
           "counting-rule changes (April 2015, 2017, 2018 and 2020); steps at those lines are changes in recording, "
           "not in offending. Hover for counts.")

# ---- the numbers ----------------------------------------------------------------------------
st.header("The figures in these charts")
table = compare.comparison_table(spo, long, sorted(long["key"].unique()))
st.dataframe(table, hide_index=True, width="stretch")
st.download_button("Download this table (CSV)", to_csv_bytes(table), mime="text/csv", on_click="ignore",
                   file_name=f"compare_{'_'.join(chosen)}.csv")

notes = list(dict.fromkeys(c for cell in spo["caveats"] if cell for c in cell.split(" | ")))
for code in chosen:
    notes += metrics.applicable_caveats(bundle.caveats, code, {"8Q"}, long["mid"].min(), long["mid"].max())
notes = list(dict.fromkeys(notes))
with st.expander(f"Caveats that apply to these forces and figures ({len(notes)})"):
    st.markdown("\n".join(f"- {n}" for n in notes))

st.caption(attribution.BBC_ATTRIBUTION)
widgets.attribution(bundle, [attribution.SPO_SURVEY, *sorted(bundle.crime["source_id"].unique()), "ONS_MYE_2023"])
