"""One line of help for a visitor at risk, for pages other than Help: 999, the National Stalking
Helpline (both tappable to call on a phone), and a link to the Help page."""
from __future__ import annotations

EMERGENCY = "999"
HELPLINE = "0808 802 0300"
HELP_PAGE = "app_pages/help.py"
#: The Help page's address, for when the page list is not there to link through (a page run alone).
HELP_URL = "help"


def tel_href(number: str) -> str:
    """``tel:`` link target for a number as written (spaces dropped): 0808 802 0300 -> tel:08088020300."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if not digits:
        raise ValueError(f"no digits in {number!r}")
    return f"tel:{digits}"


def tel_link(number: str, label: str | None = None) -> str:
    """An HTML link that dials ``number`` when tapped. ``target="_self"``: Streamlit would otherwise
    open it in a new tab, which a phone may leave behind as an empty page."""
    return f'<a href="{tel_href(number)}" target="_self">{label or number}</a>'


def line_html() -> str:
    """The line's text, with the two numbers as call links."""
    return (f"If you are in danger, call {tel_link(EMERGENCY)}. "
            f"National Stalking Helpline: {tel_link(HELPLINE)} (tap to call) ·")


def render_help_line() -> None:
    """Show the line, then a "More help" link to the Help page, on one row (it wraps on a phone)."""
    import streamlit as st
    from streamlit.errors import StreamlitAPIException

    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        # st.html, not markdown with HTML allowed: the first screen then loads no markdown-HTML parser
        # (rehype-raw, 59 KB gzipped); st.html's sanitiser is already loaded for the shared CSS. It
        # drops ``target="_self"``, and a link without a target opens in the same tab, as wanted.
        st.html(f"<p class='help-line'>{line_html()}</p>", width="content")
        try:
            st.page_link(HELP_PAGE, label="More help")
        except StreamlitAPIException:  # the page run on its own, without the router's page list
            st.markdown(f'<a href="{HELP_URL}" target="_self">More help</a>', unsafe_allow_html=True,
                        width="content")
