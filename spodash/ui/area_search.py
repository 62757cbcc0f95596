"""The "Find your area" box on the map page and the force profile: a council's name to its force.

Privacy, for visitors at risk: what is typed stays in this session's memory on the server. It is never
logged, never written to the URL and never in a cite or embed link; only the force code it resolves to
becomes the page's ``force`` filter (and so ``?force=`` in the URL, as choosing the force would).
"""
from __future__ import annotations

import streamlit as st

from spodash.data.datasets import Bundle
from spodash.figures import areas
from spodash.figures.metrics import Quarterly
from spodash.ui import help_line

TEXT_KEY = "area_text"       # the typed words (session memory only)
RESULT_KEY = "area_result"   # the last search's places and message
PLACE_KEY = "area_place"     # the place chosen, for its card
FORCE_KEY = "force"          # the page's "Select a force" / "Police force area" filter


def _choose(place: areas.Place) -> None:
    st.session_state[PLACE_KEY] = place
    st.session_state[FORCE_KEY] = place.force_code
    st.session_state.pop(RESULT_KEY, None)


def _search(bundle: Bundle) -> None:
    result = areas.find(bundle, st.session_state.get(TEXT_KEY, ""))
    st.session_state.pop(PLACE_KEY, None)
    if len(result.places) == 1:
        _choose(result.places[0])
    else:
        st.session_state[RESULT_KEY] = result


def search_box(bundle: Bundle, *, container=None) -> None:
    """The search form, and the choices or the message when a name is not one answer."""
    box = (container if container is not None else st).container(key="area_search")
    with box.form("area_form", border=False, enter_to_submit=True):
        # A row that stays a row on a phone (columns would stack), so the maps still start on the first screen.
        row = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
        row.text_input("Find your area: your council's name", key=TEXT_KEY,
                         placeholder="e.g. Hartlepool, Powys, Milton Keynes", autocomplete="off",
                         help="Type the council that collects your council tax, or a police force's name. "
                              "What you type stays on this page: it is not kept after you leave, and never put in "
                              "the page's link.")
        row.form_submit_button("Find", on_click=_search, args=(bundle,), width="content")
    result: areas.Search | None = st.session_state.get(RESULT_KEY)
    if result is None:
        return
    if not result.places:
        box.warning(result.message, icon=":material/search_off:")
        return
    box.info(result.message, icon=":material/search:")
    for i, place in enumerate(result.places):
        where = f"council, {place.force_name}" if place.kind == "council" else "police force area"
        box.button(f"{areas.plain_name(place.name)} ({where})", key=f"area_pick_{i}", on_click=_choose,
                   args=(place,))


def chosen_place(force: str) -> areas.Place | None:
    """The place found for the force now shown (none once another force is chosen another way)."""
    place: areas.Place | None = st.session_state.get(PLACE_KEY)
    return place if place is not None and place.force_code == force else None


def area_card(bundle: Bundle, q: Quarterly, place: areas.Place, *, container=None) -> None:
    """The plain-words answer: where the place is, the force's newest order figure, its latest reports."""
    card = areas.card(bundle, q, place)
    with container if container is not None else st.container(), st.container(key="area_card", border=True):
        first, *rest = card.lines
        st.markdown(f"**{first}**")
        for line in rest:
            st.markdown(line)
        help_line.render_help_line()
