"""Force profile: its numbers against the bundle, every force's page, bad links, and presentation mode."""
from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from spodash.data.paths import DATA_DIR, ROOT
from spodash.figures import crime_series, force_context, profile
from tests.conftest import ARTIFACTS, wait_idle

PAGE = str(ROOT / "app_pages" / "profile.py")
CLEVELAND, DURHAM, NORTHUMBRIA, MET = "E23000013", "E23000008", "E23000007", "E23000001"
NORTH_EAST = (CLEVELAND, DURHAM, NORTHUMBRIA)
FORCE_CODES = [row["force_code"] for row in csv.DictReader(open(DATA_DIR / "forces.csv", encoding="utf-8"))]


@pytest.fixture(scope="module")
def specs(bundle, quarters):
    return force_context.context_tables(bundle, quarters)


@pytest.fixture(scope="module")
def cleveland(bundle, quarters, specs):
    return profile.build_profile(bundle, quarters, CLEVELAND, specs)


def crime_sum(bundle, force: str, offence: str, fy: str) -> int:
    """Straight from recorded_crime.csv: the four quarters of a financial year added up."""
    c = bundle.crime
    rows = c[(c["force_code"] == force) & (c["offence_code"] == offence) & (c["financial_year"] == fy)]
    assert len(rows) == 4, (force, offence, fy, len(rows))
    return int(rows["count"].sum())


# ---- pure: the series -------------------------------------------------------------------------
def test_cleveland_financial_year_matches_published_figures(bundle, cleveland):
    y = cleveland.yearly.set_index("key")
    # Published Home Office figures for 2022/23 (raw/recorded_crime/PROVENANCE.md, check 6).
    assert (y.at["2022/23", "8Q"], y.at["2022/23", "8L"], y.at["2022/23", "8R"], y.at["2022/23", "8U"]) == \
        (2348, 5555, 4208, 451)
    assert y.at["2022/23", "group"] == 12715
    for code in ("8Q", "8L", "8R", "8U", "8M"):
        assert y.at["2022/23", code] == crime_sum(bundle, CLEVELAND, code, "2022/23")
    # 2021/22 from the same provenance check 4.
    assert (y.at["2021/22", "8Q"], y.at["2021/22", "8L"]) == (1758, 4549)


def test_metropolitan_police_series(bundle, quarters):
    y = crime_series.force_series(quarters, MET, "fy").set_index("key")
    assert y.at["2022/23", "8Q"] == 11723
    assert y.at["2022/23", "group"] == 61548
    assert y.at["2022/23", "8L"] == crime_sum(bundle, MET, "8L", "2022/23") == 14935


def test_missing_is_not_zero_in_the_series(cleveland):
    y = cleveland.yearly.set_index("key")
    # Stalking has no code of its own before 2014/15, coercive control none before 2020/21.
    assert y.loc[["2012/13", "2013/14"], "8Q"].isna().all()
    assert y.loc[["2018/19", "2019/20"], "8U"].isna().all()
    assert y.at["2014/15", "8Q"] > 0
    # 2023/24 has only its first quarter in the file, so it is not a year on the chart...
    assert "2023/24" not in y.index and list(y.index)[-1] == "2022/23"
    # ...but the quarter is in the quarterly view.
    q = cleveland.quarterly
    assert q.iloc[-1]["key"] == "Apr to Jun 2023"
    last = q.iloc[-1]
    assert last["group"] == sum(int(last[c]) for c in ("8L", "8M", "8Q", "8R", "8U"))


def test_ons_series_is_kept_apart(cleveland):
    ons = cleveland.ons.set_index("year_ending")
    assert ons.at["Jun 2025", "count"] == 8429
    assert ons.at["Jun 2025", "source_id"] == "ONS_PFA_P1_YE_JUN2025"
    assert ons.at["Mar 2019", "count"] == 8060


def test_headline_figures_carry_period_and_source(cleveland):
    h = {f.label: f for f in cleveland.headlines}
    stalking = h["Stalking (8Q) offences recorded"]
    assert (stalking.value, stalking.text, stalking.source_id) == (2348, "2,348", "HO_PRC_PFA_2023_10")
    assert stalking.period == "financial year 2022/23 (1 Apr 2022 to 31 Mar 2023)"
    assert h["Stalking and harassment offences recorded"].value == 12715
    ons = h["Stalking and harassment offences recorded (ONS)"]
    assert (ons.value, ons.source_id) == (8429, "ONS_PFA_P1_YE_JUN2025")
    assert "30 Jun 2025" in ons.period and ons.source_title.startswith("Crime in England and Wales")
    granted = h["SPOs granted: latest figure"]
    # The latest period end among Cleveland's published SPO grants is 31 Dec 2024 (3, a copied news report,
    # year inferred); the card shows the strongest figure for that latest period, the force's own FOI (5),
    # and names the newer, weaker figure and the disagreement.
    assert (granted.value, granted.period, granted.source_type) == (5, "1 Jan 2024 to 30 Sep 2024", "FOI disclosure")
    assert granted.warning == ("A newer figure from a weaker source (copy of a news report) says 3 for "
                               "1 Jan 2024 to 31 Dec 2024, and the two disagree.")
    assert all(f.period and f.source_id and f.source_title for f in cleveland.headlines)


# ---- pure: the orders table ---------------------------------------------------------------------
def test_every_order_figure_for_the_force_and_none_invented(bundle, cleveland):
    own = bundle.orders[bundle.orders["force_code"] == CLEVELAND]
    shown = cleveland.orders[cleveland.orders["source_id"] != ""]
    assert len(shown) == len(own) == 11
    assert sorted(shown["count"].dropna().astype(int)) == sorted(own["count"].dropna().astype(int))
    suppressed = shown[shown["count_as_published"] == "fewer than five"].iloc[0]
    assert pd.isna(suppressed["count"])
    assert suppressed["shown"] == "No published figure: Suppressed by the source (fewer than five)"
    dapo = shown[shown["order_type"] == "DAPO"].iloc[0]
    assert (dapo["count"], dapo["period"], dapo["source_type"]) == (124, "from 5 Mar 2025 (end date not published)",
                                                                     "police or PCC statement")
    nothing = cleveland.orders[cleveland.orders["source_id"] == ""]
    assert set(nothing["order_type"]) == {"full SPO", "DVPN", "DVPO", "DAPN"}
    assert (nothing["shown"] == "No published figure").all() and nothing["count"].isna().all()
    assert list(profile.orders_display(cleveland.orders).columns)[:4] == ["Order type", "Measure", "Period", "Count"]


# ---- pure: region and England and Wales, by hand ------------------------------------------------------
def test_north_east_spo_rates_by_hand(bundle, cleveland):
    o = bundle.orders
    bbc = o[(o["source_id"] == "BBC_SDU_SPO_2021") & (o["measure"] == "granted") & (o["order_type"] == "SPO")]
    ne = bbc[bbc["force_code"].isin(NORTH_EAST)].set_index("force_code")
    assert [int(ne.at[c, "count"]) for c in NORTH_EAST] == [1, 2, 5]
    # Each NE answer runs 20 Jan 2020 to mid-April/mid-May 2021: more than half of Jan-Mar 2020 is inside,
    # less than half of Apr-Jun 2021, so the matching stalking quarters are Jan 2020 to Mar 2021.
    assert all(pd.Timestamp("2021-04-01") <= ne.at[c, "period_end"] <= pd.Timestamp("2021-05-15") for c in NORTH_EAST)
    c = bundle.crime
    starts = pd.to_datetime(["2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01"])
    stalking = c[(c["offence_code"] == "8Q") & c["period_start"].isin(starts)]
    reports = {f: int(stalking.loc[stalking["force_code"] == f, "count"].sum()) for f in NORTH_EAST}
    assert all(len(stalking[stalking["force_code"] == f]) == 5 for f in NORTH_EAST)
    orders = 1 + 2 + 5
    row = cleveland.context.set_index(["measure", "metric"]).loc[("SPO granted", "per_100_reports")]
    assert row["region_count"] == orders and row["region_denominator"] == sum(reports.values())
    assert row["region_value"] == pytest.approx(orders / sum(reports.values()) * 100)
    assert row["force_value"] == pytest.approx(1 / reports[CLEVELAND] * 100)
    assert row["region_forces"] == "3 of 3 forces"

    pops = bundle.forces.set_index("force_code")["population"]
    per_person = cleveland.context.set_index(["measure", "metric"]).loc[("SPO granted", "per_100k")]
    assert per_person["region_value"] == pytest.approx(orders / sum(int(pops[f]) for f in NORTH_EAST) * 100_000)
    # England and Wales: only the 40 forces with a figure from the same survey, over their own residents.
    with_figure = bbc[bbc["count"].notna()]
    assert per_person["national_forces"] == f"{len(with_figure)} of 43 forces" == "40 of 43 forces"
    assert per_person["national_count"] == int(with_figure["count"].sum()) == 294
    assert per_person["national_value"] == pytest.approx(
        294 / sum(int(pops[f]) for f in with_figure["force_code"]) * 100_000)


def test_recorded_crime_rates_by_hand(bundle, cleveland):
    pops = bundle.forces.set_index("force_code")["population"]
    ctx = cleveland.context.set_index(["measure", "metric"])
    row = ctx.loc[("Stalking (8Q) recorded", "per_100k")]
    assert row["force_value"] == pytest.approx(2348 / 588369 * 100_000)
    ne = sum(crime_sum(bundle, f, "8Q", "2022/23") for f in NORTH_EAST)
    assert row["region_value"] == pytest.approx(ne / sum(int(pops[f]) for f in NORTH_EAST) * 100_000)
    assert row["national_count"] == 117266  # PROVENANCE check 5: England and Wales 8Q, 2022/23
    assert row["national_forces"] == "43 of 43 forces"
    assert not any("rank" in c.lower() for c in cleveland.context.columns)
    shown = force_context.context_display(cleveland.context, "Cleveland")
    assert not any("rank" in c.lower() for c in shown.columns)


def test_a_force_without_a_survey_figure_says_why(bundle, quarters, specs):
    lincs = profile.build_profile(bundle, quarters, "E23000020", specs)
    row = lincs.context.set_index(["measure", "metric"]).loc[("SPO granted", "per_100_reports")]
    assert row["force_value"] is None or pd.isna(row["force_value"])
    assert row["force_detail"] == "Did not answer the FOI request"
    assert row["region_forces"] == "4 of 5 forces"  # East Midlands without Lincolnshire


# ---- pure: rule changes and caveats -------------------------------------------------------------
def test_rule_change_markers_come_from_the_caveats(bundle):
    rules = crime_series.rule_changes(bundle.caveats)
    assert [r.date for r in rules] == list(pd.to_datetime(
        ["2014-04-01", "2015-04-01", "2017-04-01", "2018-04-01", "2020-04-01", "2023-05-31"]))
    cav = bundle.caveats.set_index("caveat_id")
    for r in rules:
        assert cav.at[r.caveat_id, "force_code"] == "" and r.text == cav.at[r.caveat_id, "text"]
        assert r.label and len(r.label) <= 30
        if r.caveat_id != "rule-2014-stalking-8q":
            assert r.date == cav.at[r.caveat_id, "applies_from"]


def test_rule_markers_are_drawn_on_the_chart(cleveland):
    from spodash.charts.profile_charts import trend_chart

    for view in ("fy", "quarter"):
        fig = trend_chart(cleveland, view)
        lines = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dot"]
        assert sorted(pd.Timestamp(s.x0) for s in lines) == [r.date for r in cleveland.rules]
        texts = [a.text for a in fig.layout.annotations]
        for r in cleveland.rules:
            assert any(r.label in t and f"{r.date:%b %Y}" in t for t in texts), r.label


def test_caveats_for_the_force_and_only_that_force(bundle, cleveland):
    ids = list(cleveland.caveats["caveat_id"])
    own = list(cleveland.caveats.loc[cleveland.caveats["scope"] == "This force", "caveat_id"])
    assert ids[:len(own)] == own and "dapo-pilot-cleveland" in own  # the force's own caveats come first
    assert "ho-spo-review-fewer-than-five-cleveland" in own and "cleveland-spo-2023-2024-years-inferred" in own
    assert {"rule-2020-former-partner-stalking", "bbc2021-interim-full-combined",
            "not-national-statistics", "dapo-pilot-partial-coverage"} <= set(ids)
    others = bundle.caveats[(bundle.caveats["force_code"] != "") & (bundle.caveats["force_code"] != CLEVELAND)]
    assert not set(others["caveat_id"]) & set(ids)


def test_force_from_link():
    forces = pd.read_csv(DATA_DIR / "forces.csv", dtype=str, keep_default_na=False)
    assert profile.force_from_link("e23000013", forces) == CLEVELAND
    assert profile.force_from_link("Cleveland Police", forces) == CLEVELAND
    assert profile.force_from_link("Devon and Cornwall", forces) == "E23000035"
    for junk in (None, "", "E99", "<script>", "E2300001"):
        assert profile.force_from_link(junk, forces) is None


# ---- the page, for every force ------------------------------------------------------------------
def run_page(**params) -> AppTest:
    return open_page("profile", params)


def html_text(at) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


@pytest.fixture(scope="module")
def session():
    """One app session for the all-forces check (a new AppTest costs seconds of start-up each)."""
    at = run_page(force=FORCE_CODES[0])
    assert not at.exception
    return at


@pytest.mark.parametrize("code", FORCE_CODES)
def test_profile_renders_for_every_force(code, bundle, session):
    name = bundle.forces.set_index("force_code").at[code, "force_name"]
    at = session
    if at.selectbox(key="force").value != code:
        at.selectbox(key="force").set_value(code).run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert at.title[0].value == f"{name}: stalking, harassment and protective orders"
    assert not at.warning
    # trend, context bars, locator map, and orders over time where the force has any published order figure
    has_orders = bundle.orders[(bundle.orders["force_code"] == code) & bundle.orders["count"].notna()].shape[0] > 0
    assert len(at.get("plotly_chart")) == 3 + has_orders
    assert "hl-card" in html_text(at) and at.query_params["force"] == code


def test_every_force_opens_from_its_link():
    """The URL path for a sample spanning England, Wales and City of London (all 43 go through the selector)."""
    for code in (FORCE_CODES[0], "E23000034", "W15000004"):
        at = run_page(force=code, present="1")
        assert not at.exception and at.query_params["force"] == code and not at.warning


@pytest.mark.parametrize("bad", ["E99999999", "<script>alert(1)</script>", "W15"])
def test_unknown_force_in_the_link_is_reported_with_a_selector(bad):
    at = run_page(force=bad)
    assert not at.exception
    assert any(bad in w.value and "not available" in w.value for w in at.warning)
    assert any("Choose a police force area" in i.value for i in at.info)
    box = at.selectbox(key="force")
    assert box.value == "" and len(box.options) == 44
    assert at.title[0].value == "Force profile" and not at.get("plotly_chart")


def test_a_force_named_in_the_link_is_found_by_name():
    at = run_page(force="cleveland")
    assert not at.exception and not at.warning
    assert at.title[0].value.startswith("Cleveland:") and at.query_params["force"] == CLEVELAND


def test_choosing_a_force_and_presentation_mode_update_the_url():
    at = run_page()
    at.selectbox(key="force").set_value(DURHAM).run()
    assert at.title[0].value.startswith("Durham:") and at.query_params["force"] == DURHAM
    assert '[data-testid="stSidebar"]' not in html_text(at)  # not presenting yet
    at.toggle(key="profile_present").set_value(True).run()
    assert at.query_params["present"] == "1"
    assert '[data-testid="stSidebar"]' in html_text(at) and "display: none" in html_text(at)
    at.radio(key="trend").set_value("quarter").run()
    assert at.query_params["trend"] == "quarter" and not at.exception
    at.toggle(key="profile_present").set_value(False).run()
    assert "present" not in at.query_params and '[data-testid="stSidebar"]' not in html_text(at)


def test_bad_present_value_is_reported():
    at = run_page(force=CLEVELAND, present="yes")
    assert any("present=1" in w.value for w in at.warning)
    assert at.toggle(key="profile_present").value is False


# ---- the page in a browser: presentation mode on a 1280x720 projector -----------------------------------
@pytest.mark.browser
def test_presentation_mode_at_1280x720(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # Open the app's root first, as a visitor arriving from the home page would.
    pg.goto(server + "/")
    wait_idle(pg)
    pg.goto(server + f"/profile?force={CLEVELAND}&present=1")
    pg.wait_for_selector("h1", timeout=60_000)
    wait_idle(pg)
    pg.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3 && "
                         "document.querySelectorAll('.choroplethlayer path').length === 43", timeout=30_000)
    pg.wait_for_timeout(500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "profile_cleveland_present.png"))

    assert not pg.locator("[data-testid=stSidebar]").is_visible()
    assert not pg.locator("[data-testid=stHeader]").is_visible()
    title = pg.locator("h1").first
    assert title.inner_text().startswith("Cleveland:")
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 38
    # The whole headline section is on the first screen: five cards, bottoms above the fold.
    cards = pg.locator(".hl-card")
    assert cards.count() == 5
    assert all(cards.nth(i).bounding_box()["y"] + cards.nth(i).bounding_box()["height"] <= 720 for i in range(5))
    assert pg.get_by_text("2,348", exact=True).first.is_visible()
    assert pg.get_by_text("12,715", exact=True).first.is_visible()
    # Body text is enlarged; each section is a full-width block marked by its rule.
    assert float(pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")) >= 19
    sections = pg.locator("[class*=st-key-sec_]")
    assert sections.count() == 6
    main_width = pg.locator("[data-testid=stMainBlockContainer]").bounding_box()["width"]
    assert all(sections.nth(i).bounding_box()["width"] >= main_width * 0.9 for i in range(6))

    # Keyboard only: Tab reaches the folded controls and the section links; Enter follows a link.
    focused = []
    for _ in range(30):
        pg.keyboard.press("Tab")
        focused.append(pg.evaluate("document.activeElement.innerText || ''"))
        if focused[-1] == "Over time":
            break
    assert focused[-1] == "Over time", focused
    assert any("Change force" in f for f in focused) and "Headline figures" in focused
    pg.keyboard.press("Enter")
    pg.wait_for_timeout(800)
    top = pg.locator(".st-key-sec_over_time").bounding_box()["y"]
    assert -5 <= top <= 150, top
    pg.screenshot(path=str(ARTIFACTS / "profile_cleveland_present_over_time.png"))
    assert errors == []
    context.close()


@pytest.mark.browser
def test_briefing_download_button(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.goto(server + "/")
    wait_idle(pg)
    pg.goto(server + f"/profile?force={CLEVELAND}")
    pg.wait_for_selector("h1", timeout=60_000)
    wait_idle(pg)
    with pg.expect_download(timeout=60_000) as info:
        pg.get_by_role("button", name="Download briefing (HTML)").click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith(f"briefing_cleveland_{CLEVELAND}_") and name.endswith(".html")
    pd.Timestamp(name.removesuffix(".html").rsplit("_", 1)[1])  # a date
    path = tmp_path / name
    download.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert "2,348" in text and "Contains public sector information licensed under the Open Government" in text
    context.close()
