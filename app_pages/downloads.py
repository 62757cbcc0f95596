"""Downloads page: every bundled file exactly as published, the data dictionary, and one zip of all."""
import datetime as dt

import pandas as pd
import streamlit as st

from spodash.publish import downloads
from spodash.ui import cache

cache.data()  # the same check as every page: a broken bundle is reported, not served
files = downloads.bundled_files()
today = dt.date.today()

st.title("Download the data")
st.caption("Every file behind the dashboard, byte for byte as it is in the project's repository. Reuse it with "
           "the attribution on the Sources page.")
st.info(f"File names carry **today's date ({today.isoformat()})**, the day you download them, so saved copies can "
        "be told apart. It is not the date the figures were published: each row of the data gives its own "
        "source and period.", icon="ℹ️")

by_name = {f.name: f for f in files}
dictionary = by_name.get(downloads.DICTIONARY)

st.header("Everything in one file")
st.download_button(f"Download all {len(files)} files (zip)", downloads.build_zip(files, today),
                   file_name=downloads.zip_name(today), mime="application/zip", type="primary")
st.caption("The zip keeps the repository's folders: data/ for the tables and the data dictionary, geo/ for the "
           "boundaries.")

st.header("The files one by one")
listing = []
for f in files:
    data = f.read()
    listing.append({"File": f.archive_name, "What it holds": f.description,
                    "Records": downloads.records(f, data),
                    "Size (KB)": round(len(data) / 1024, 1), "SHA-256": downloads.sha256(data)})
st.dataframe(pd.DataFrame(listing), hide_index=True, width="stretch")
st.caption("The SHA-256 checksum lets you confirm a copy is unchanged.")

for f in files:
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(f"**{f.archive_name}**: {f.description}")
    right.download_button(f"Download {f.name}", f.read(), file_name=downloads.download_name(f, today), mime=f.mime,
                          key=f"download_{f.archive_name}")

st.header("Data dictionary")
st.markdown("What every column means, its type and the values it may take, from the bundle's `datapackage.json` "
            "(the data contract as a [Frictionless Data Package](https://datapackage.org/)). To check a copy of "
            "the data against it, unzip the bundle, install the `frictionless` Python package and run "
            "`frictionless validate datapackage.json` in the `data` folder.")
about = downloads.descriptions()
table = st.selectbox("Table", downloads.tables(), format_func=lambda n: f"{n}: {about[n]}")
st.dataframe(downloads.columns(table), hide_index=True, width="stretch",
             column_config={"Meaning": st.column_config.TextColumn(width="large")})
if dictionary is None:
    st.warning("The data dictionary (data/README.md) is missing from this copy of the project.")
else:
    st.markdown("The full data dictionary, with the rules the data follow and how each table was built:")
    with st.expander("Read the data dictionary here", expanded=False):
        st.markdown(dictionary.read().decode("utf-8"))

st.header("Good to know")
st.markdown(
    "- A blank count means **no published number**, never zero; `count_as_published` keeps the source's own "
    "words (for example \"fewer than five\").\n"
    "- Join tables on the ONS force code (`force_code`), not on names.\n"
    "- Do not add up order figures across sources: measures and periods differ (see Methods).\n"
    "- `orders_context.csv` holds national and regional totals for context: never add them to force figures.\n"
    "- The GeoJSON files are in longitude/latitude (WGS84) and join to the tables on `force_code`.")
