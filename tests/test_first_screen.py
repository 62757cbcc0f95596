"""The first screen: maps that carry their own words, a sentence to cite, a phone, a projector, an embed."""
from __future__ import annotations

import struct

import pytest
from conftest import headline_line, open_page

from spodash.charts.maps import PLOTLY_CONFIG, label_points
from spodash.data.paths import ROOT
from spodash.views import cite, mapview


@pytest.fixture(scope="module")
def points(bundle):
    return label_points(bundle.geo)


@pytest.fixture(scope="module")
def default_view(bundle, quarters, points):
    return mapview.build(bundle, quarters, points, mapview.MapState())


def test_each_map_figure_holds_its_title_period_and_source(default_view):
    orders, reports = default_view.orders_figure, default_view.reports_figure
    assert "SPO granted per 100 recorded stalking offences" in orders.layout.title.text
    assert "financial year 2020/21 (1 Apr 2020 to 31 Mar 2021)" in orders.layout.title.text
    source = orders.layout.annotations[0].text.replace("<br>", " ")
    assert source.startswith("Source of orders: BBC Shared Data Unit") and "Home Office" in source
    assert "no published figure (not zero)" in source
    assert "Stalking (8Q), per 100,000 residents" in reports.layout.title.text
    assert reports.layout.annotations[0].text.replace("<br>", " ").startswith("Source of reports: Home Office")
    # The toolbar's PNG is at least 1600 px wide.
    png = PLOTLY_CONFIG["toImageButtonOptions"]
    assert png["format"] == "png" and png["width"] * png["scale"] >= 1600


def test_cite_sentence_default_view(bundle, default_view):
    text = cite.sentence(bundle, default_view)
    assert text == ("In England and Wales, 40 of 43 police forces published an SPO granted figure assigned to "
                    "financial year 2020/21 (1 Apr 2020 to 31 Mar 2021), 294 in all, for periods from 20 Jan 2020 "
                    "to between 30 Dec 2020 and 26 May 2021: 0.28 per 100 stalking offences recorded in the "
                    "matching quarters. Sources: BBC Shared Data Unit; Home Office.")


def test_cite_sentence_north_east(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState(region="North East"))
    text = cite.sentence(bundle, view)
    assert text.startswith("In the North East, 3 of 3 police forces published an SPO granted figure")
    assert "8 in all" in text and "0.09 per 100 stalking offences" in text and "(England and Wales 0.28)" in text


def test_cite_sentence_for_a_force_and_the_latest_view(bundle, quarters, points):
    view = mapview.build(bundle, quarters, points, mapview.MapState(force="E23000013"))
    assert cite.sentence(bundle, view).startswith("Cleveland: 1 SPO granted, 20 Jan 2020 to 6 May 2021 "
                                                  "(BBC Shared Data Unit), 0.08 per 100 stalking offences")
    latest = mapview.build(bundle, quarters, points, mapview.MapState(year="latest", metric="count"))
    text = cite.sentence(bundle, latest)
    assert "42 of 43 police forces have published an SPO granted figure" in text and "not added up" in text


def test_link_and_embed_snippet():
    link = cite.link("http://127.0.0.1:8501/?x=1", {"order": "SPO", "period": "2020/21", "force": ""})
    assert link == "http://127.0.0.1:8501/?order=SPO&period=2020%2F21"
    snippet = cite.embed_snippet(link, 'SPO "granted"')
    assert snippet.startswith('<iframe src="http://127.0.0.1:8501/?order=SPO&amp;period=2020%2F21&amp;embed=true"')
    assert 'title="SPO &quot;granted&quot;"' in snippet
    assert cite.article("SPO granted") == "an" and cite.article("DVPO granted") == "a"
    assert cite.article("interim SPO granted") == "an" and cite.article("full SPO granted") == "a"


def test_page_offers_cite_and_presentation_mode():
    at = open_page("map", {"present": "1", "region": "North East"})
    assert not at.exception
    assert at.toggle(key="map_present").value is True
    codes = [c.value for c in at.code]
    assert any(c.startswith("In the North East, 3 of 3 police forces") for c in codes)
    assert any(c.startswith("<iframe src=") and "embed=true" in c for c in codes)
    import json

    from spodash.data.periods import fmt_date

    built = json.loads((ROOT / "data" / "build_info.json").read_text(encoding="utf-8"))["built"]
    assert any(f"Data built {fmt_date(built)}." in m.value for m in at.markdown)
    line = headline_line(at)
    assert line.startswith("SPO granted, financial year 2020/21") and "294" in line and "40 of 43 forces" in line


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]
