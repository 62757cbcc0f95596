"""Add your own figures: a PCC office's newer order figures, drawn on the maps for this browser session only."""
import streamlit as st

from spodash.data.schema import MEASURES, ORDER_TYPES
from spodash.figures import metrics
from spodash.publish.exports import to_csv_bytes
from spodash.ui import cache
from spodash.ui import upload_session as session
from spodash.uploads import rows as session_rows
from spodash.uploads import template
from spodash.views import mapview

bundle, quarters, _ = cache.data()

st.title("Add your own figures")
st.markdown("Put your force's newer figures (its own SPO returns, an FOI reply) on the same maps as the "
            "published ones. Fill in the template below, save it as CSV or Excel (.xlsx), and upload it.")
st.info("**Your figures stay in this browser tab.** They are not saved, not sent to anyone, not checked "
        "against any source and not seen by any other user. They are labelled “user-supplied” wherever they "
        "appear, and are gone when you close or reload the tab: download them below to keep them.", icon="🔒")

st.file_uploader("Upload a CSV or Excel (.xlsx) file in the format below", type=["csv", "xlsx"],
                 key=session.UPLOADER, on_change=session.on_file, args=(bundle.forces,),
                 help=f"Up to {template.MAX_BYTES // (1024 * 1024)} MB and {template.MAX_ROWS:,} rows. "
                      "A file with problems adds only its valid rows.")

# ---- what happened to the last file ---------------------------------------------------------
last = session.last_report()
if last is not None:
    report, replaced = last
    if report.refused:
        st.error(f"**{report.filename} was not accepted.** {report.refused}\n\n"
                 "Nothing from this file was added. Figures you added earlier in this session are kept.")
    else:
        extra = f" {replaced} replaced figures you had uploaded before for the same force, order, measure " \
                f"and period." if replaced else ""
        (st.warning if report.problems else st.success)(report.summary() + extra)
        if report.problems:
            st.markdown(f"**Problems found in {report.filename}** (row numbers as in your file; "
                        "the header is row 1). Fix these rows and upload the file again.")
            problems = report.problems_table()
            if len(problems) <= 30:  # short enough to show whole, every word visible
                st.table(problems.set_index("Row"))
            else:
                st.dataframe(problems, hide_index=True, width="stretch")
                st.download_button("Download the list of problems (CSV)", to_csv_bytes(problems),
                                   file_name="upload_problems.csv", mime="text/csv")

# ---- this session's figures ----------------------------------------------------------------
rows = session.figures()
st.subheader("Your figures in this session (user-supplied)")
if rows is None or len(rows) == 0:
    st.markdown("None yet. Upload a file above.")
else:
    st.dataframe(session_rows.listed(rows, bundle.forces), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button("Download these figures (CSV, in the upload format)",
                         to_csv_bytes(session_rows.to_upload_format(rows)), file_name="my_figures_user_supplied.csv",
                         mime="text/csv", help="Upload this file again next time to bring the figures back.")
    right.button("Remove all my figures from this session", on_click=session.clear)

    st.markdown("**See them on the map.** Each button opens the map in this tab, with the order type, "
                "measure and year that draw your figure (your figure takes the place of any published one "
                "for the same force and year, in this session only).")
    on_map = mapview.uploads_on_map(bundle, quarters, rows)
    for i, link in enumerate(on_map.links):
        if st.button(f"Show on the map: {link.label}", key=f"upload_map_{i}"):
            session.open_map(link.params)
    if on_map.more:
        st.caption(f"{on_map.more} more combinations: choose them with the map's filters.")
    if on_map.warning:
        st.warning(on_map.warning)

# ---- the format ----------------------------------------------------------------------------
st.subheader("The format")
st.markdown("One row per figure, under a header row with exactly these column names (in any order). "
            "An Excel workbook should have the figures on one sheet, header in row 1. The example rows are "
            "published figures, so uploading the template as it is shows them as if they were yours.")
st.dataframe(template.template_table(), hide_index=True, width="stretch")
st.download_button("Download the template (CSV)", template.template_csv(), file_name="spo_figures_template.csv",
                   mime="text/csv")
st.table(template.column_help_table())
with st.expander("Order types and measures"):
    st.markdown("**order_type**: " + ", ".join(f"`{t}`" for t in ORDER_TYPES) + ". Use `SPO` when your figure "
                "counts interim and full Stalking Protection Orders together.\n\n"
                "**measure**: " + ", ".join(f"`{m}` ({metrics.MEASURE_LABELS[m]})" for m in MEASURES) + ".")
with st.expander("Police forces and their ONS codes"):
    st.dataframe(bundle.forces[["force_code", "force_name"]].rename(
        columns={"force_code": "ONS code", "force_name": "Force"}), hide_index=True, width="stretch")
st.markdown(
    f"**Limits and checks.** Files up to {template.MAX_BYTES // (1024 * 1024)} MB and {template.MAX_ROWS:,} rows; "
    "CSV saved as UTF-8 (Excel: 'CSV UTF-8 (Comma delimited)'); typed values only (no formulas, and no text "
    "starting with =, +, - or @); counts are whole numbers, not blank, ranges or '<5' (leave out a figure you do "
    "not have: missing is not zero); dates from 1 Jan 2000 to today, period_end on or after period_start. "
    "A row with a problem is listed with its row number and left out; the other rows are added. A file that "
    "cannot be read as a whole (wrong columns, wrong encoding, too big) adds nothing. A figure for the same "
    "force, order type, measure and period as one you uploaded earlier replaces it.")
