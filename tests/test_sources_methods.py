"""Sources, methods, downloads and help pages in AppTest: they run, and they show the real content."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from spodash.data.paths import DATA_DIR, ROOT
from spodash.figures import coverage as cv
from spodash.figures import sourcelist

TIMEOUT = 90
MY_PAGES = ("sources", "methods", "downloads", "help")


def run(page: str, params: dict | None = None) -> AppTest:
    at = open_page(page, params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.title]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader] + [i.value for i in at.info]
    return "\n".join(parts)


@pytest.mark.parametrize("page", MY_PAGES)
def test_page_is_registered_and_runs_through_the_router(page):
    """Each page is in dashboard.py's navigation and runs from it without an exception."""
    from test_router import PAGES

    assert (f"app_pages/{page}.py", page) in {(file, path) for file, _, path in PAGES}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title


def test_sources_page_lists_every_source_with_citation_and_licence():
    at = run("sources")
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)
    tables = [d.value for d in at.dataframe]
    listed = pd.concat([t for t in tables if "Source id" in t.columns])
    assert sorted(listed["Source id"]) == sorted(sources["source_id"])
    assert set(listed.columns) >= {"Title", "Publisher", "Date", "URL", "Evidence grade", "Licence",
                                   "Required attribution"}
    row = listed.set_index("Source id").loc["HO_PRC_PFA_2023_10"]
    assert row["Date"] == "19 October 2023" and row["Evidence grade"] == "official statistics"
    assert listed.set_index("Source id").loc["AVON_FOI_830_23", "Date"] == "date not stated"
    # One table per evidence grade by default, each with its heading, strongest first.
    assert [s.value.split(" (")[0].lower() for s in at.subheader][:10] == [
        "official statistics", "copy of official statistics", "foi disclosure", "police or pcc statement",
        "news report", "charity summary", "campaign statement", "copy of a statement or record",
        "copy of a news report", "project note"]
    text = text_of(at)
    assert sourcelist.OGL_STATEMENT in text
    assert "Source: Office for National Statistics licensed under the Open Government Licence v.3.0." in text
    assert "Source: Home Office, Police recorded crime open data tables" in text
    assert "BBC Shared Data Unit" in text
    for foi in sources[sources["source_type"] == "FOI disclosure"].itertuples():
        assert foi.title in text


def test_sources_page_filters_by_grade_from_the_link():
    at = run("sources", {"grade": "FOI disclosure"})
    listed = [d.value for d in at.dataframe if "Source id" in d.value.columns]
    assert len(listed) == 1 and set(listed[0]["Evidence grade"]) == {"FOI disclosure"} and len(listed[0]) == 5
    bad = run("sources", {"grade": "rumour"})
    assert "rumour" in bad.warning[0].value


def test_sources_page_coverage_grid_and_table():
    at = run("sources")
    assert at.selectbox(key="dataset").value == "spo" and at.radio(key="by").value == "source"
    wide = next(d.value for d in at.dataframe if "ONS code" in d.value.columns)
    assert len(wide) == 43
    bbc = next(c for c in wide.columns if c.startswith("BBC_SDU_SPO_2021 "))
    cells = wide.set_index("ONS code")[bbc]
    assert cells["E23000020"] == cells["E23000009"] == "? No number published"
    assert cells["E23000034"] == "– No figure" and cells["E23000036"] == "✓ Published"
    at.selectbox(key="dataset").set_value("crime").run()
    assert not at.exception
    wide = next(d.value for d in at.dataframe if "ONS code" in d.value.columns)
    assert list(wide.columns[2:]) == [f"{y}/{(y + 1) % 100:02d}" for y in range(2012, 2023)]
    assert "by" not in {r.key for r in at.radio}


def test_methods_page_explains_orders_metrics_and_lists_every_caveat():
    at = run("methods")
    text = text_of(at)
    for fact in ("Stalking Protection Act 2019", "20 January 2020", "magistrates' court", "five years",
                 "up to 28 days", "March 2014", "Domestic Abuse Act 2021", "27 November 2024",
                 "Croydon, Bromley and Sutton", "Cleveland", "North Wales", "family courts", "not by police force area",
                 "mid-2023",
                 "at least half the days", "more than half of its own days", "It is not zero", "13,462",
                 "other 42", "top class"):
        assert fact in text, fact
    caveats = pd.read_csv(DATA_DIR / "caveats.csv", dtype=str, keep_default_na=False)
    for c in caveats.itertuples():
        assert c.caveat_id in text, c.caveat_id
        assert c.text in text, c.caveat_id
    # Counting-rule changes come as a dated list, oldest first.
    rules = re.findall(r"- \*\*([^*]+)\*\* \((rule-[^)]+)\)", text)
    assert [r[1] for r in rules] == sorted(caveats.loc[caveats["caveat_id"].str.startswith("rule-"), "caveat_id"],
                                           key=lambda i: caveats.set_index("caveat_id").at[i, "applies_from"])
    assert rules[0][0] == "25 Nov 2012" and rules[-1][0] == "31 May 2023"
    table = at.dataframe[0].value
    assert len(table) == len(caveats)


def test_help_page_gives_help_numbers_and_accessibility_statement():
    at = run("help")
    text = text_of(at)
    assert "0808 802 0300" in text and "999" in text and "Suzy Lamplugh Trust" in text
    for word in ("**F**ixated", "**O**bsessive", "**U**nwanted", "**R**epeated"):
        assert word in text
    assert "Stalking Protection Order" in text
    assert "Accessibility statement" in text and "axe-core" in text and "screen reader" in text
    assert "Downloads page" in text and "CSV" in text
    assert "Open Government Licence v3.0" in text and "BBC Shared Data Unit" in text


def test_coverage_legend_on_the_page_names_every_symbol():
    text = text_of(run("sources"))
    for status in cv.ORDER:
        assert f"**{cv.SYMBOLS[status]}**" in text
