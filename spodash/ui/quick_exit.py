"""The quick exit: an "Emergency Exit this page" button on every page, and Shift pressed three times.

Follows the GOV.UK Design System's "Exit this page" component and "Exit a page quickly" pattern: a
visitor reading about stalking may be watched by the person stalking them. The behaviour lives in
``static/quick_exit.js``; this module fills in the neutral page and hands it to the router, which
calls :func:`render` once, so every page has it.

``st.html(..., unsafe_allow_javascript=True)`` (Streamlit 1.67) runs the script in the page itself,
not in an iframe, so the Shift listener is on the top document and ``location.replace`` acts on the
dashboard's own page. The script builds the button outside Streamlit's elements, once per page load.
"""
from __future__ import annotations

import functools
import json

from spodash.data.paths import STATIC_DIR

#: Where the button goes: a neutral, commonly visited page (GOV.UK's own choice).
NEUTRAL_URL = "https://www.bbc.co.uk/weather"

SCRIPT_FILE = STATIC_DIR / "quick_exit.js"

#: Hides the (empty) element st.html adds to the page, so it leaves no gap at the top.
_HIDE_HOLDER = ('<style>[data-testid="stElementContainer"]:has(.qx-holder){display:none}</style>'
                '<span class="qx-holder"></span>')


@functools.cache
def snippet(url: str = NEUTRAL_URL) -> str:
    """The HTML to insert: the script with the neutral page filled in, and the rule hiding its holder."""
    js = SCRIPT_FILE.read_text(encoding="utf-8").replace("(EXIT_URL)", f"({json.dumps(url)})")
    # Streamlit sanitises the HTML (DOMPurify), which drops a script whose text looks like markup.
    if "<" in js:
        raise ValueError(f"{SCRIPT_FILE} must not contain '<': Streamlit's sanitiser would drop the script")
    return f"{_HIDE_HOLDER}<script>{js}</script>"


def render() -> None:
    """Put the quick exit on the page (call once, from the router, after st.set_page_config)."""
    import streamlit as st

    st.html(snippet(), unsafe_allow_javascript=True)
