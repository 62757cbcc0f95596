"""Methods and caveats page: what the orders are, how each figure is worked out, and every caveat."""
import pandas as pd
import streamlit as st

from spodash.data.periods import fmt_date
from spodash.data.schema import SOURCE_TYPES
from spodash.figures import metrics, sourcelist
from spodash.publish.exports import to_csv_bytes
from spodash.ui import cache

bundle, quarters, _ = cache.data()
forces = bundle.forces.set_index("force_code")
city = forces.loc[metrics.CITY_OF_LONDON]
assert isinstance(city, pd.Series)  # one row: force codes are unique
last_quarter = quarters.table.reset_index()["period_end"].max()
first_quarter = quarters.table.reset_index()["period_start"].min()

st.title("Methods and caveats")
st.caption("What the orders are, how every number on the maps is worked out, and what to watch for.")

# ---- the orders ---------------------------------------------------------------------------------
st.header("What the orders are")
st.subheader("Stalking Protection Orders (SPO and interim SPO)")
st.markdown(
    "- Made under the **Stalking Protection Act 2019**, in force since **20 January 2020**.\n"
    "- The **police apply** (the chief officer of police) **to a magistrates' court**. It is a civil order.\n"
    "- The order can forbid things (such as contacting the victim or going near their home) and require things "
    "(such as attending a perpetrator programme or a mental health assessment).\n"
    "- A full order lasts at least **two years**. An **interim SPO** protects the victim while the court decides "
    "on the full order.\n"
    "- **Breaking an order is a criminal offence**, with up to **five years** in prison.\n"
    "- Some sources count interim and full orders together, some separately: the dashboard shows what each "
    "source published and says which.")
st.subheader("Domestic Violence Protection Notices and Orders (DVPN and DVPO)")
st.markdown(
    "- A **DVPN** is an emergency **notice issued by the police** after a domestic abuse incident; it takes effect "
    "straight away.\n"
    "- Within 48 hours the police ask a **magistrates' court** for a **DVPO**, which can keep the abuser away from "
    "the home and the victim for **up to 28 days**.\n"
    "- Available in **all 43 forces since March 2014**, after a pilot in Greater Manchester, West Mercia and "
    "Wiltshire (2011–12).")
st.subheader("Domestic Abuse Protection Notices and Orders (DAPN and DAPO)")
st.markdown(
    "- Created by the **Domestic Abuse Act 2021**, to bring the existing protective orders together into a single, "
    "more flexible order.\n"
    "- **Piloted from 27 November 2024** in Greater Manchester and in three London boroughs of the Metropolitan "
    "Police (**Croydon, Bromley and Sutton**), with British Transport Police; **Cleveland** joined on **5 March "
    "2025**, and **North Wales** was announced in April 2025.\n"
    "- Pilot figures cover only some districts of those forces, so they are not whole-force figures, and forces "
    "outside the pilot have none.")
st.subheader("Non-molestation orders")
st.markdown(
    "Non-molestation orders are made by the **family courts**. The "
    "Ministry of Justice publishes them for England and Wales and by court, **not by police force area**, so "
    "they are not shown per force. The few national figures in the bundle are context only (see the downloads).")
with st.expander("Where these facts come from"):
    st.markdown(
        "- Stalking Protection Act 2019, section 1 (applications to a magistrates' court; in force 20 January 2020) "
        "and section 8 (breach): https://www.legislation.gov.uk/ukpga/2019/9\n"
        "- The two-year minimum: Northumbria Police FOI 1215/20 (“the statutory minimum period of 2 years”), "
        "in the bundle as `NORTHUMBRIA_FOI_1215_20`.\n"
        "- Home Office, DVPN and DVPO guidance (rolled out across all 43 forces from 8 March 2014; up to 28 days): "
        "https://www.gov.uk/government/publications/domestic-violence-protection-orders\n"
        "- DAPO pilot areas and dates: the bundle's caveats (sources `MOJ_HO_NORTH_WALES_DAPO_2025`, "
        "`CLEVELAND_POLICE_DAPO_2025_06`, `MET_NEWS_DAPO_2025`) and the ministerial statement of 27 November 2024 "
        "(HCWS254): https://questions-statements.parliament.uk/written-statements/detail/2024-11-27/hcws254\n"
        "- Non-molestation orders: the raw sources' notes (“MoJ publishes these nationally and by court/DFJ area, "
        "not by police force”).")

# ---- the measures ---------------------------------------------------------------------------------
st.header("How each figure is worked out")
st.markdown(
    f"""
**Count.** The number exactly as the source published it. A number given only in words such as "fewer than
five", "more than 200" or "around 270" is kept as the source's wording and has no count.

**Per 100,000 residents.** The count divided by the force area's resident population (ONS mid-2023
estimates, built from local authorities), times 100,000.

**Orders per 100 recorded stalking offences.** The order figure divided by the stalking offences (8Q) the
same force recorded in the **quarters of which at least half the days fall inside the order figure's own
period**, times 100. For example, a figure for 20 January 2020 to 6 May 2021 is compared with the offences
recorded from January 2020 to March 2021. The rate is left out if any matched quarter has no published 8Q
figure, or if no quarter matches (the Home Office file runs from {fmt_date(first_quarter)} to
{fmt_date(last_quarter)}). It is not offered for measures that count orders at a date (in force, pending).

**Which year a figure belongs to.** Order figures come for all sorts of periods. A figure is shown for the
financial or calendar year that holds **more than half of its own days**; a figure of orders in force or
pending at a date is shown for the year of that date. A figure with no published start or end date is not
placed in any year (it is still in the downloads and on the Sources page's coverage grid). The exact period
is always shown beside the figure.

**When several sources give a figure for the same force and year**, one is shown and the table says how many
others there are. Published numbers come first; then figures you uploaded yourself (in your session only);
then the source covering the most forces that year (a survey of every force beats a one-off report); then the
stronger kind of evidence ({", ".join(SOURCE_TYPES)}, strongest first); then the figure lying most inside the
year; then the latest. Figures are never added up across sources.

**Reports of stalking and harassment.** Offences recorded by the police (Home Office open data, by quarter).
A year's figure needs all four quarters. "All stalking and harassment offences" is the sum of the offence
codes in each quarter (8L, 8M, 8Q, 8R and 8U where they exist). For the ONS rolling years the total is taken
from ONS Table P1.

**Totals for England and Wales or a region** add up the published figures shown for the forces that have
one, and say how many forces that is. National and regional totals published by others are context only and
are never added to force figures.
""")

st.header('What "no data" means')
st.markdown(
    "Grey with a cross (×) on the maps, and \"no published figure\" or \"did not answer\" in the tables, means "
    "**no number was published** for that force and period: the force did not answer a request, the source "
    "suppressed a small number, gave only an approximate one, or nobody has published one. **It is not zero.** "
    "A zero is shown only where a source said zero.")

st.header("City of London")
st.markdown(
    f"The City of London has only **{int(city['population']):,} residents** (mid-{int(city['population_year'])}) but a "
    "large daytime and working population, so any rate per resident is extreme. On the maps of rates (per "
    "100,000 residents, or per 100 recorded offences) the **colour classes are worked out from the other 42 "
    "forces**, and City of London is **drawn in the top class**, marked as off the scale, with its own value in "
    "the hover and the table. Compare it by count, or read it alongside the Metropolitan Police.")

# ---- caveats ---------------------------------------------------------------------------------------
caveats = sourcelist.caveat_table(bundle)
st.header(f"Every caveat ({len(caveats)})")
st.subheader("Changes to the counting rules for recorded crime")
st.markdown("These are step changes in how crimes are recorded, not changes in offending.")
st.markdown("\n".join(sourcelist.counting_rule_lines(caveats)))
for title, lines in sourcelist.caveat_sections(bundle, caveats):
    st.subheader(title)
    st.markdown("\n".join(lines))

shown = caveats.drop(columns=["Applies from (date)"])
with st.expander("All caveats as a table"):
    st.dataframe(shown, hide_index=True, width="stretch")
st.download_button("Download the caveats (CSV)", to_csv_bytes(shown), file_name="stalking-orders_caveats.csv",
                   mime="text/csv")
