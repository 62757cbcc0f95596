"""The map page in Streamlit's AppTest: defaults, every filter, bad URL parameters, a broken data file."""
from __future__ import annotations

import shutil

import pytest
from conftest import headline_cards, map_table, open_page
from streamlit.testing.v1 import AppTest

from spodash.data.paths import DATA_DIR, GEO_DIR

TIMEOUT = 90


def run(params: dict | None = None) -> AppTest:
    at = open_page("map", params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric_values(at) -> dict[str, str]:
    return headline_cards(at)


def test_default_view():
    at = run()
    assert {s.key for s in at.selectbox} >= {"order", "measure", "period", "offence", "region", "force"}
    assert {r.key for r in at.radio} >= {"basis", "metric", "rmetric"}
    assert at.selectbox(key="order").value == "SPO" and at.selectbox(key="measure").value == "granted"
    assert at.radio(key="basis").value == "fy" and at.selectbox(key="period").value == "2020/21"
    assert at.radio(key="metric").value == "per_100_reports" and at.selectbox(key="offence").value == "8Q"
    values = metric_values(at)
    assert values["SPO granted, England and Wales"] == "294"
    assert values["Forces with a published figure"] == "40 of 43"
    assert values["Per 100 recorded stalking offences"] == "0.28"
    assert values["Stalking (8Q), England and Wales"] == "98,634"
    assert not at.warning
    table = map_table(at)
    assert len(table) == 43
    cleveland = table.set_index("ONS code").loc["E23000013"]
    assert cleveland["SPO granted (count)"] == 1 and cleveland["Order figure period"] == "20 Jan 2020 to 6 May 2021"
    assert table.set_index("ONS code").loc["E23000020", "Order figure status"] == "Did not answer the FOI request"
    assert any("BBC" in e.label or "Caveats" in e.label for e in at.expander)


def test_region_answers_the_north_east_question():
    at = run({"region": "North East"})
    info = " ".join(i.value for i in at.info)
    assert "North East" in info and "SPO granted: 8" in info
    assert "0.09 per 100 stalking offences (England and Wales 0.28)" in info
    assert "figures for 3 of 3 forces" in info


@pytest.mark.parametrize("key, value, check", [
    ("order", "DVPO", lambda at: "DVPO granted, England and Wales" in metric_values(at)),
    ("measure", "applied_for", lambda at: metric_values(at)["SPO applied for, England and Wales"] == "427"),
    ("metric", "count", lambda at: "Per 100 recorded stalking offences" not in metric_values(at)),
    ("offence", "8L", lambda at: metric_values(at)["Harassment (8L), England and Wales"] != "98,634"),
    ("rmetric", "count", lambda at: at.radio(key="rmetric").value == "count"),
    ("force", "E23000013", lambda at: any("Cleveland" in s.value and "SPO granted: 1" in s.value for s in at.success)),
])
def test_each_filter_changes_the_view(key, value, check):
    at = run()
    widget = at.radio(key=key) if key in ("basis", "metric", "rmetric") else at.selectbox(key=key)
    widget.set_value(value).run()
    assert not at.exception
    assert check(at)


def test_calendar_year_basis():
    at = run()
    at.radio(key="basis").set_value("cy").run()
    assert not at.exception
    assert at.selectbox(key="period").value == "2020"
    assert "2022 (reports only)" in at.selectbox(key="period").options  # no SPO figure belongs to 2022


def test_ons_basis_uses_the_whole_group():
    at = run({"basis": "ons", "period": "Jun 2025", "rmetric": "count"})
    assert at.selectbox(key="offence").options == ["All stalking and harassment offences"]
    # ONS published 605,728 for England and Wales including British Transport Police (408): the 43 forces sum
    # to 605,320.
    assert metric_values(at)["All stalking and harassment offences, England and Wales"] == "605,320"


def test_url_reproduces_a_view():
    at = run({"order": "SPO", "measure": "applied_for", "basis": "cy", "period": "2020", "metric": "count",
              "offence": "8L", "region": "Wales", "force": "W15000004"})
    assert not at.warning
    assert at.selectbox(key="measure").value == "applied_for" and at.selectbox(key="period").value == "2020"
    assert at.selectbox(key="force").value == "W15000004" and at.selectbox(key="region").value == "Wales"
    assert "Wales" in " ".join(i.value for i in at.info)


@pytest.mark.parametrize("params, bad", [
    ({"force": "E99999999"}, "E99999999"),
    ({"period": "1999/00"}, "1999/00"),
    ({"order": "<script>"}, "<script>"),
    ({"basis": "lunar"}, "lunar"),
    ({"region": "Atlantis"}, "Atlantis"),
    ({"metric": "per_capita"}, "per_capita"),
])
def test_invalid_url_parameters_warn_and_fall_back(params, bad):
    at = run(params)
    warnings = " ".join(w.value for w in at.warning)
    assert bad in warnings and "not available" in warnings
    assert metric_values(at)["SPO granted, England and Wales"] == "294"  # defaults still drawn


def test_broken_data_file_gives_one_clear_message(tmp_path, monkeypatch):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "orders.csv"
    path.write_text(path.read_text().replace("E23000036,SPO,granted", "E23000036,SPO,gifted", 1))
    monkeypatch.setenv("SPODASH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPODASH_GEO_DIR", str(GEO_DIR))
    from spodash.ui import cache

    cache._load.clear()
    try:
        at = open_page()
        assert not at.exception
        errors = " ".join(e.value for e in at.error)
        assert "orders.csv, line 2: measure 'gifted' is not one of" in errors
        assert "Traceback" not in errors
    finally:
        cache._load.clear()


def test_a_reloaded_bundle_is_never_answered_from_views_of_the_old_one(tmp_path, monkeypatch):
    """Map views are shared across sessions; they are keyed by the bundle's load as well as the filters."""
    assert len(map_table(run())) == 43  # the default view of the committed bundle is now cached
    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "orders.csv"
    old = "E23000013,SPO,granted,2020-01-20,2021-05-06,1,1,"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, "E23000013,SPO,granted,2020-01-20,2021-05-06,2,2,", 1))
    monkeypatch.setenv("SPODASH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPODASH_GEO_DIR", str(GEO_DIR))
    from spodash.ui import cache

    cache._load.clear()
    try:
        at = run()
        table = map_table(at).set_index("ONS code")
        assert table.at["E23000013", "SPO granted (count)"] == 2
        assert metric_values(at)["SPO granted, England and Wales"] == "295"
    finally:
        cache._load.clear()


def test_period_without_order_figures_says_so():
    at = run({"period": "2022/23"})
    values = metric_values(at)
    assert (values["SPO granted, England and Wales"] == "no data"
            and values["Forces with a published figure"] == "0 of 43")
    assert values["Stalking (8Q), England and Wales"] == "117,266"
    info = " ".join(i.value for i in at.info)
    assert "No force has a published SPO granted figure" in info and "2020/21" in info


def test_dvpo_is_not_shown_per_stalking_offence():
    at = run({"order": "DVPO", "metric": "per_100_reports"})
    assert at.radio(key="metric").options == ["per 100,000 residents", "count"]
    assert at.radio(key="metric").value == "per_100k"
    assert "per_100_reports" in " ".join(w.value for w in at.warning)


def test_table_numbers_caveats_into_the_list():
    at = run()
    table = map_table(at)
    listed = next(e for e in at.expander if e.label.startswith("⚠️ Caveats")).markdown[0].value
    lincs = table.set_index("ONS code").loc["E23000020", "Caveats (numbers in the list above)"]
    numbers = [int(n) for n in lincs.split(", ")]
    items = listed.split("\n")
    assert any("Lincolnshire" in items[n - 1] for n in numbers)


def test_the_map_credits_its_sources_as_the_static_site_does():
    """The attribution under the maps: the Open Government Licence, the boundaries, the BBC Shared Data
    Unit for its survey's figures, and City of London's residents as published (13,462)."""
    at = run()
    captions = "\n".join(c.value for c in at.caption)
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in captions
    assert "Contains OS data © Crown copyright and database right 2024." in captions
    assert "Stalking Protection Order survey figures (2021): BBC Shared Data Unit." in captions
    assert "City of London has 13,462 residents" in captions


def test_a_force_picked_by_link_gets_its_own_line():
    """The Met: 59 SPOs granted (BBC Shared Data Unit survey, 20 Jan 2020 to 12 May 2021) and 8,081 recorded
    stalking offences in 2020/21 (Home Office quarters 1,286 + 2,110 + 2,197 + 2,488)."""
    at = run({"force": "E23000001"})
    assert [s.value for s in at.success] == [
        "**Metropolitan Police** (London): SPO granted: 59 (20 Jan 2020 to 12 May 2021). "
        "Stalking (8Q): 8,081 in financial year 2020/21 (1 Apr 2020 to 31 Mar 2021)."]


def test_an_empty_period_names_the_periods_that_have_figures():
    at = run({"period": "2022/23"})
    note = next(i.value for i in at.info if i.value.startswith("No force has a published SPO granted figure"))
    assert "for financial year 2022/23 (1 Apr 2022 to 31 Mar 2023), so the orders map is all grey." in note
    assert note.endswith("Periods with figures on this basis: Latest published figure (42 forces), 2021/22 (1 force), "
                         "2020/21 (40 forces).")
