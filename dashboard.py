"""Entry point: page router and the settings every page shares."""
import streamlit as st

from spodash import quick_exit

st.set_page_config(page_title="Stalking and protective orders, England and Wales", page_icon="🗺️", layout="wide")
quick_exit.render()  # "Emergency Exit this page" on every page, and Shift pressed three times
from spodash import upload_loss  # noqa: E402 (beside its one call)
upload_loss.check()  # says so at the top of every page if this tab's uploaded figures were lost

pages = [
    st.Page("app_pages/map.py", title="Map: orders and reports", url_path="map", default=True),
    st.Page("app_pages/profile.py", title="Force profile", url_path="profile"),
    st.Page("app_pages/compare.py", title="Compare forces", url_path="compare"),
    st.Page("app_pages/upload.py", title="Add your own figures", url_path="upload"),
    st.Page("app_pages/sources.py", title="Sources and coverage", url_path="sources"),
    st.Page("app_pages/methods.py", title="Methods and caveats", url_path="methods"),
    st.Page("app_pages/downloads.py", title="Download the data", url_path="downloads"),
    st.Page("app_pages/help.py", title="Help and about", url_path="help"),
]
st.navigation(pages).run()
