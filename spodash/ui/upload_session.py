"""The upload page's actions on this browser session: add a file's figures, remove them, open the map.

The figures live in Streamlit's session state under ``cache.USER_ORDERS`` (never shared between
sessions); the last file's report under :data:`REPORT`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from spodash.ui import cache, upload_loss
from spodash.uploads.checks import Report, parse
from spodash.uploads.rows import merge

#: The file uploader's widget key, and the session key of the last file's (report, figures replaced).
UPLOADER, REPORT = "upload_file", "upload_report"
#: The map page's filters, set afresh when the map is opened from the upload page.
MAP_KEYS = ("order", "measure", "basis", "period", "metric", "force")


def add_file(name: str, data: bytes, forces: pd.DataFrame) -> None:
    """Check one file and add its valid rows to this session's figures; a refused file loses nothing."""
    report = parse(data, name, forces)
    replaced = 0
    if report.accepted:
        merged, replaced = merge(st.session_state.get(cache.USER_ORDERS), report.rows)
        st.session_state[cache.USER_ORDERS] = merged
        upload_loss.remember_file(name)  # named in the warning if the figures are lost
    st.session_state[REPORT] = (report, replaced)


def on_file(forces: pd.DataFrame) -> None:
    """The uploader's callback: add the file just chosen."""
    uploaded = st.session_state.get(UPLOADER)
    if uploaded is not None:
        add_file(uploaded.name, uploaded.getvalue(), forces)


def last_report() -> tuple[Report, int] | None:
    """The last file's report and how many earlier figures it replaced, if a file was uploaded."""
    return st.session_state.get(REPORT)


def figures() -> pd.DataFrame | None:
    """This session's uploaded figures, if any."""
    return st.session_state.get(cache.USER_ORDERS)


def clear() -> None:
    """Remove every uploaded figure (and the last report) from this session."""
    st.session_state.pop(cache.USER_ORDERS, None)
    st.session_state.pop(REPORT, None)


def open_map(params: dict[str, str]) -> None:
    """Go to the map in this same session (a fresh page load would start a session without the figures)."""
    for key in MAP_KEYS:
        st.session_state.pop(key, None)
    for key, value in params.items():
        st.session_state[key] = value
    st.switch_page("app_pages/map.py", query_params=params)
