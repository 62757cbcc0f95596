"""Find your area on the map page and the force profile (AppTest), and the pages' tables as real HTML.

Privacy: what a visitor types (a town, a council) must never reach the URL, the cite sentence or the
embed link; only the force code it resolves to travels.
"""
from __future__ import annotations

from conftest import html_tables, map_table, open_page

CLEVELAND, DYFED_POWYS, WEST_MIDLANDS = "E23000013", "W15000004", "E23000014"


def find(at, text: str):
    at.text_input(key="area_text").input(text)
    next(b for b in at.button if b.label == "Find").click()
    return at.run()


def everything_said(at) -> str:
    """Every text a visitor could copy or share from the page: the URL's query, code blocks, links."""
    parts = [f"{k}={v}" for k, v in at.query_params.items()]
    parts += [c.value for c in at.code]
    return " ".join(str(p) for p in parts)


def test_a_council_name_selects_its_force_and_says_where_it_is():
    at = find(open_page("map"), "Hartlepool")
    assert not at.exception
    assert at.query_params["force"] == [CLEVELAND] or at.query_params["force"] == CLEVELAND
    assert at.selectbox(key="force").value == CLEVELAND
    said = " ".join(m.value for m in at.markdown)
    assert "**Hartlepool is in the Cleveland police force area.**" in said
    assert "Its newest published Stalking Protection Order figure: 5 (SPOs granted), 1 Jan 2024 to 30 Sep 2024" in said
    assert "8,429, 12 months to 30 Jun 2025" in said  # ONS Table P1, Cleveland
    # The zoom's way back: one button to the whole country, which clears the force.
    whole = next(b for b in at.button if b.label == "Whole of England and Wales")
    at = whole.click().run()
    assert at.selectbox(key="force").value == "" and "force" not in at.query_params


def test_what_is_typed_is_never_in_the_url_or_the_links():
    at = find(open_page("map"), "Hartlepool")
    shared = everything_said(at)
    assert CLEVELAND in shared  # the force code travels (the view's link names it)
    assert "hartlepool" not in shared.lower()
    assert "area_text" not in shared
    at = find(open_page("map"), "Glasgow")
    assert "glasgow" not in everything_said(at).lower()


def test_a_welsh_council_on_the_profile_opens_its_force():
    at = find(open_page("profile"), "Powys")
    assert not at.exception
    assert at.selectbox(key="force").value == DYFED_POWYS
    assert any(s.value == "Powys is in the Dyfed-Powys police force area." for s in at.success)
    assert any("Dyfed-Powys: stalking, harassment and protective orders" in t.value for t in at.title)
    assert "powys" not in " ".join(f"{k}={v}" for k, v in at.query_params.items()).replace(DYFED_POWYS, "").lower()


def test_a_partial_name_offers_choices_and_a_choice_selects_the_force():
    at = find(open_page("map"), "Hull")
    assert any(i.value == "2 places match: choose yours." for i in at.info)
    labels = [b.label for b in at.button if b.key and b.key.startswith("area_pick_")]
    assert labels == ["City of Kingston upon Hull (council, Humberside)", "Solihull (council, West Midlands)"]
    at = next(b for b in at.button if b.label.startswith("Solihull")).click().run()
    assert at.selectbox(key="force").value == WEST_MIDLANDS
    assert "**Solihull is in the West Midlands police force area.**" in " ".join(m.value for m in at.markdown)


def test_a_name_that_matches_nothing_says_so_and_changes_nothing():
    at = find(open_page("map", {"force": CLEVELAND}), "Glasgow")
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "No council or police force area of England and Wales matches “Glasgow”" in warning
    assert "council that collects your council tax" in warning
    assert at.selectbox(key="force").value == CLEVELAND  # the view already shown is kept


def test_the_default_view_says_why_this_period_and_links_to_the_latest():
    at = open_page("map")
    why = " ".join(c.value for c in at.caption)
    assert ("Why 2020/21: the most forces (40 of 43) published SPO granted figures for it; 1 later year has "
            "fewer.") in why
    assert "Why" not in " ".join(c.value for c in open_page("map", {"period": "2019/20"}).caption)


def test_the_map_table_is_an_html_table_with_caption_and_header_cells():
    at = open_page("map")
    assert not at.dataframe  # no canvas grid on the map page's first view
    table = map_table(at)
    assert table.attrs["caption"] == ("SPO granted, financial year 2020/21 (1 Apr 2020 to 31 Mar 2021), and "
                                      "Stalking (8Q) recorded by the police, by police force area")
    assert len(table) == 43 and table.attrs["row_scopes"] == ["row"] * 43  # each force names its row
    met = table.set_index("ONS code").loc["E23000001"]
    assert met["Force"] == "Metropolitan Police" and met["SPO granted (count)"] == 59
    assert met["Stalking (8Q) (count)"] == 8081
    body = next(h.proto.body for h in at.get("html") if "ONS code" in h.proto.body)
    assert '<th scope="col">ONS code</th>' in body and '<td class="n">8,081</td>' in body
    assert 'role="region"' in body and 'tabindex="0"' in body  # a keyboard can scroll the wide table


def test_the_profile_tables_are_html_tables_with_captions():
    at = open_page("profile", {"force": CLEVELAND})
    assert not at.exception
    captions = [t.attrs["caption"] for t in html_tables(at)]
    assert "Cleveland: every published protective-order figure" in captions
    assert "Cleveland beside North East and England and Wales" in captions
    assert any(c.startswith("Cleveland: recorded offences by") for c in captions)
