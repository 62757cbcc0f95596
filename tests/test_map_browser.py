"""The running map page in headless Chromium: areas drawn, filters, shared links, clicks, offline."""
from __future__ import annotations

import urllib.parse

import pytest
from conftest import force_centre, map_words, shot, wait_for_maps, wait_idle

pytestmark = pytest.mark.browser

FILLS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(
    c => [...c.querySelectorAll('path.choroplethlocation')].map(p => getComputedStyle(p).fill))"""


def local_only(requests: list[str], base: str) -> list[str]:
    host = urllib.parse.urlparse(base).netloc
    return [u for u in requests
            if urllib.parse.urlparse(u).netloc not in (host, "") and not u.startswith(("data:", "blob:"))]


def test_both_maps_draw_every_area_offline(server, page):
    page.goto(server + "/")
    wait_for_maps(page)
    fills = page.evaluate(FILLS)
    # 43 force areas per map plus the Scotland and Northern Ireland backdrop (2).
    assert [len(f) for f in fills] == [45, 45]
    grey = [f for f in fills[0] if f in ("rgb(166, 166, 166)",)]
    assert len(grey) == 3  # Lincolnshire, North Yorkshire, City of London: no published figure
    assert page.get_by_text("40 of 43").first.is_visible()
    assert local_only(page.requests, server) == []
    assert any(u.endswith("/app/static/police_force_areas.geojson") for u in page.requests)
    assert shot(page, "map_default.png").exists()


def test_filter_change_redraws_and_link_reproduces_it(server, page, browser):
    page.goto(server + "/")
    wait_for_maps(page)
    before = page.evaluate(FILLS)
    page.locator("[data-testid=stSidebar]").get_by_text("per 100,000 residents").first.click()
    wait_idle(page)
    page.wait_for_function("location.search.includes('metric=per_100k')")
    after = page.evaluate(FILLS)
    assert after[0] != before[0] and after[1] == before[1]  # only the orders map changed
    link = page.url
    assert "metric=per_100k" in link

    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(link)
    wait_for_maps(other)
    assert other.evaluate(FILLS) == after
    checked = other.locator("[data-testid=stSidebar] [role=radiogroup] input:checked").evaluate_all(
        "els => els.map(e => e.closest('label').innerText)")
    assert "per 100,000 residents" in checked
    other.context.close()


def test_url_selection_highlights_region_and_force(server, page):
    page.goto(server + "/?region=North+East&force=E23000013&offence=8L")
    wait_for_maps(page)
    assert page.get_by_text("0.09 per 100 stalking offences (England and Wales 0.28)").first.is_visible()
    outlines = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')[0]
        .querySelectorAll('path.choroplethlocation')].map(p => getComputedStyle(p).stroke)""")
    assert outlines.count("rgb(244, 106, 37)") == 1  # the selected force, in orange
    assert outlines.count("rgb(0, 0, 0)") == 2  # the rest of its region
    # The reports map carries its own title (in the figure, so its PNG says what it shows).
    titles = map_words(page, 1)["title"]
    assert any(t.startswith("Harassment (8L), per 100,000 residents") for t in titles), titles
    shot(page, "map_north_east.png")


def test_clicking_a_force_selects_it(server, page):
    page.goto(server + "/")
    wait_for_maps(page)
    page.mouse.click(*force_centre(page, "E23000013"))  # Cleveland, on the orders map
    page.wait_for_function("location.search.includes('force=E23000013')", timeout=60_000)
    wait_idle(page)
    assert page.get_by_text("Cleveland (North East): SPO granted: 1").first.is_visible()


def test_bad_link_warns_and_still_draws(server, page):
    page.goto(server + "/?period=1850/51&force=NOPE")
    wait_for_maps(page)
    assert page.get_by_text("which is not available").first.is_visible()
    assert [len(f) for f in page.evaluate(FILLS)] == [45, 45]
