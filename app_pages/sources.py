"""Sources page: every source with its citation and licence, and where published figures exist."""
import streamlit as st

from spodash.data.schema import SOURCE_TYPES
from spodash.figures import coverage, sourcelist
from spodash.publish.exports import to_csv_bytes
from spodash.ui import cache, widgets

bundle, quarters, _ = cache.data()
sources = bundle.sources.set_index("source_id")

st.title("Sources: where every figure comes from")
st.caption(f"{len(bundle.sources)} sources. Each figure on the maps names its source id; look it up here. "
           "The evidence grade says what kind of source it is, strongest first.")

# ---- licences and credits -------------------------------------------------------------------
st.header("Licences and credits")
with st.container(border=True):
    st.markdown(f"**{sourcelist.OGL_STATEMENT}** ([Open Government Licence v3.0]({sourcelist.OGL_URL}))")
    st.markdown("\n".join(f"- {line}" for line in sourcelist.licence_lines(bundle)))
    bbc = sources.loc[sourcelist.BBC_SDU]
    st.markdown(f"**BBC Shared Data Unit.** {bbc['attribution']}. The survey's Freedom of Information answers "
                f"from the police forces were compiled and shared by the BBC Shared Data Unit "
                f"([{bbc['url']}]({bbc['url']})). Licence: {bbc['licence']}; credit the BBC Shared Data Unit when "
                "you reuse these figures.")
    foi = bundle.sources[bundle.sources["source_type"] == "FOI disclosure"]
    st.markdown("**Freedom of Information answers** used directly:\n"
                + "\n".join(f"- {r.publisher}: [{r.title}]({r.url}) ({sourcelist.fmt_published(str(r.published))}). "
                            f"{r.licence}." for r in foi.itertuples()))
    st.markdown("News reports and statements are the copyright of their publishers: only the factual figures "
                "are used here, each with its attribution below.")

# ---- the list ---------------------------------------------------------------------------------
st.header("All sources")
grade_counts = bundle.sources["source_type"].value_counts()
grades = ["all", *[g for g in SOURCE_TYPES if g in grade_counts.index]]
grade = widgets.bound_select("Evidence grade", grades, "grade", default="all",
                        format_func=lambda g: f"All grades ({len(bundle.sources)})" if g == "all"
                        else f"{g} ({grade_counts[g]})",
                        help="Official statistics are the strongest evidence; a copy of a news report the weakest. "
                             "A project note is this dashboard's own warning, not evidence.")
link_column = st.column_config.LinkColumn("URL", help="The source's own web address", width="medium")
for g in (grades[1:] if grade == "all" else [grade]):
    table = cache.source_table(g)
    st.subheader(f"{g[0].upper()}{g[1:]} ({len(table)})")
    st.caption(sourcelist.GRADE_NOTES.get(g, ""))
    st.dataframe(table, hide_index=True, width="stretch", column_config={"URL": link_column})
st.download_button("Download the source list (CSV)", lambda: to_csv_bytes(sourcelist.source_table(bundle)),
                   file_name="stalking-orders_sources.csv", mime="text/csv")
with st.expander("Citations, one per line (for copying)"):
    st.markdown("\n".join(f"- `{sid}`: {sourcelist.citation(row)} {row['url'] or 'No URL stored.'} "
                          f"({row['source_type']}; {row['licence']})"
                          for sid, row in sources.sort_index().iterrows()))

# ---- disagreements ----------------------------------------------------------------------------
st.header("Where sources disagree")
conflicts = sourcelist.disagreement_table(bundle)
st.markdown(f"**{len(conflicts)} pairs** of published order figures for the same force cannot both be true: a "
            "running total that falls, a figure for part of a period larger than the figure for the whole, or "
            "refusals where a force says every application succeeded. Both figures are kept as published; check "
            "both sources before quoting either.")
st.dataframe(conflicts, hide_index=True, width="stretch")
st.download_button("Download the disagreements (CSV)", lambda: to_csv_bytes(conflicts),
                   file_name="stalking-orders_disagreements.csv", mime="text/csv")

# ---- coverage -----------------------------------------------------------------------------------
st.header("Where published figures exist")
st.markdown("Each row is a police force area, each column a period or a source. "
            f"**{coverage.SYMBOLS[coverage.PUBLISHED]}** (dark blue): at least one published number. "
            f"**{coverage.SYMBOLS[coverage.WITHHELD]}** (orange): a source covered the force but published no number "
            "(it did not answer, suppressed a small number, or gave only an approximate one). "
            f"**{coverage.SYMBOLS[coverage.NONE]}** (pale grey): no figure of this kind. "
            "No figure is not the same as zero.")
dataset = widgets.bound_select("Dataset", list(coverage.DATASETS), "dataset", default="spo",
                          format_func=coverage.DATASETS.__getitem__)
by = "source"
if dataset in coverage.ORDER_DATASETS:
    by_options = {"source": "One per source", "year": "One per year the figure's period ends"}
    by = widgets.bound_select("Columns", list(by_options), "by", default="source", radio=True,
                              format_func=by_options.__getitem__)
shown = cache.coverage_view(dataset, by)
cov, counts = shown.grid, shown.counts
st.subheader(cov.title)
with_any = int((cov.status == coverage.PUBLISHED).any(axis=1).sum())
st.caption(f"{with_any} of {len(cov.status)} forces have at least one published figure here; "
           f"{len(cov.status.columns)} columns. Hover over a cell for the figures or the reason; "
           "the same grid is in the table below. Figures you uploaded yourself are not included.")
st.plotly_chart(shown.figure, width="stretch", theme=None, config={"displaylogo": False},
                key="coverage_chart")
if dataset == "crime":
    st.caption("Stalking (8Q) became a separate crime classification in April 2014; before then stalking offences "
               "were counted within harassment (8L), so 2012/13 and 2013/14 have no 8Q figure.")
if dataset in coverage.ORDER_DATASETS and by == "source":
    notes = "\n".join(f"- `{k}`: {v}" for k, v in cov.column_notes.items())
    with st.expander(f"What each column is ({len(cov.column_notes)} sources)"):
        st.markdown(notes)

st.markdown("**The same grid as a table** (one row per force; each cell a symbol and a word)")
st.dataframe(shown.wide, hide_index=True, width="stretch")
summary = counts.rename(columns=coverage.SHORT_LABELS)
summary.index = [cov.columns[c] for c in summary.index]
with st.expander("Forces in each status, per column"):
    st.dataframe(summary, width="stretch")
st.download_button("Download the coverage grid with details (CSV)", lambda: to_csv_bytes(shown.long), mime="text/csv",
                   file_name=f"stalking-orders_coverage_{dataset}"
                             f"{'_by-' + by if dataset in coverage.ORDER_DATASETS else ''}.csv")
