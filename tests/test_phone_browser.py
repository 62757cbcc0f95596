"""The public on a phone, in headless Chromium: find your area, maps that fill the screen, no sideways
scroll, tap targets, an embed in a news column."""
from __future__ import annotations

import pytest
from conftest import ARTIFACTS, force_centre, wait_for_maps, wait_idle

pytestmark = pytest.mark.browser

CLEVELAND = "E23000013"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

MAP_BOXES = """() => [...document.querySelectorAll('.spodash-geo-map')].map(c => {
    const b = c.getBoundingClientRect(); return {left: b.left, top: b.top, width: b.width, height: b.height}; })"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def search(pg, text: str) -> None:
    pg.get_by_role("textbox", name="Find your area").fill(text)
    pg.get_by_role("button", name="Find", exact=True).click()


def test_a_council_finds_its_force_zooms_the_maps_and_keeps_the_words_out_of_the_url(server, phone):
    phone.goto(server + "/")
    wait_for_maps(phone)
    search(phone, "Hartlepool")
    phone.wait_for_function(f"location.search.includes('force={CLEVELAND}')", timeout=60_000)
    wait_idle(phone)
    wait_for_maps(phone)
    assert "hartlepool" not in phone.url.lower()
    card = phone.locator(".st-key-area_card")
    assert card.get_by_text("Hartlepool is in the Cleveland police force area.").is_visible()
    assert card.locator("a[href='tel:08088020300']").count() == 1
    # Both maps frame Cleveland, not the whole country.
    ranges = phone.evaluate("""() => [...document.querySelectorAll('.spodash-geo-map')].map(
        c => c.layout.geo.lonaxis.range)""")
    assert len(ranges) == 2 and all(r[1] - r[0] < 1.5 for r in ranges), ranges
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(ARTIFACTS / "phone_390_search_hartlepool.png"))
    # The way back to the whole country.
    phone.get_by_role("button", name="Whole of England and Wales").click()
    phone.wait_for_function("!location.search.includes('force=')", timeout=60_000)
    wait_idle(phone)
    ranges = phone.evaluate("() => [...document.querySelectorAll('.spodash-geo-map')].map(c => "
                            "c.layout.geo.lonaxis.range)")
    assert all(r == [-6, 2] for r in ranges), ranges


def test_a_search_that_matches_nothing_says_so(server, phone):
    phone.goto(server + "/")
    wait_for_maps(phone)
    search(phone, "Glasgow")
    message = phone.get_by_text("No council or police force area of England and Wales matches “Glasgow”")
    message.wait_for(timeout=60_000)
    assert "glasgow" not in phone.url.lower() and "force=" not in phone.url
    phone.screenshot(path=str(ARTIFACTS / "phone_390_search_no_match.png"))


def test_each_map_takes_the_phone_width_with_its_key_underneath(server, phone):
    phone.goto(server + "/")
    wait_for_maps(phone)
    boxes = phone.evaluate(MAP_BOXES)
    assert all(b["width"] >= 340 for b in boxes), boxes  # was about 150 px beside a half-screen legend
    assert boxes[1]["top"] > boxes[0]["top"] + boxes[0]["height"] - 1  # one under the other
    # The colour key is text under the map (a swatch and words a class), not a cramped colour bar.
    key = phone.locator(".st-key-orders_map_box .spodash-map-key li").all_inner_texts()
    assert key[0] == "0" and key[-1] == "0.7 and over" and len(key) == 6, key
    assert phone.locator(".st-key-orders_map_box .colorbar").count() == 0
    title = phone.locator(".st-key-orders_map_box .spodash-map-title").inner_text()
    assert title.startswith("SPO granted per 100 recorded stalking offences")
    legend = phone.locator(".js-plotly-plot").first.locator(".legend text").all_text_contents()
    assert legend == ["No data (grey)"]  # the mark is drawn once, by the legend
    phone.locator(".st-key-reports_map_box").scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "phone_390_reports_map.png"))


def test_tapping_a_force_on_a_phone_still_selects_it(server, phone):
    phone.goto(server + "/")
    wait_for_maps(phone)
    phone.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    phone.mouse.click(*force_centre(phone, "E23000021"))
    phone.wait_for_function("location.search.includes('force=E23000021')", timeout=60_000)
    wait_idle(phone)
    assert phone.get_by_text("Leicestershire (East Midlands)").first.is_visible()


@pytest.mark.parametrize(("width", "path"), [(320, "/"), (320, "/profile?force=E23000013"),
                                             (640, "/")])  # 640 CSS px: a 1280 px screen at 200% zoom
def test_no_sideways_scroll(server, browser, width, path):
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    pg.goto(server + path)
    if path == "/":
        wait_for_maps(pg)
    else:
        wait_idle(pg)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    # A wide table scrolls inside its own box, which a keyboard can reach.
    box = pg.locator(".spodash-table .scroll").first
    assert box.get_attribute("tabindex") == "0"
    context.close()


def test_main_controls_are_big_enough_to_tap(server, phone):
    phone.goto(server + "/?force=E23000013")
    wait_for_maps(phone)
    sizes = {
        "find": phone.get_by_role("button", name="Find", exact=True).bounding_box(),
        "whole map": phone.get_by_role("button", name="Whole of England and Wales").bounding_box(),
        "png": phone.locator("button.png-dl").first.bounding_box(),
        "search box": phone.get_by_role("textbox", name="Find your area").bounding_box(),
        "exit": phone.get_by_role("button", name="Exit this page").first.bounding_box(),
    }
    small = {k: (round(b["width"]), round(b["height"])) for k, b in sizes.items()
             if b is None or b["height"] < 44 or b["width"] < 44}
    assert not small, small


def test_an_embed_in_a_news_column_stacks_the_maps_and_keeps_the_title_clear(server, browser):
    context = browser.new_context(viewport={"width": 700, "height": 900})
    pg = context.new_page()
    pg.goto(server + "/?embed=true")
    wait_for_maps(pg)
    boxes = pg.evaluate(MAP_BOXES)
    assert all(b["width"] >= 450 for b in boxes), boxes
    exit_box = pg.get_by_role("button", name="Exit this page").first.bounding_box()
    title = pg.locator("h1").first.bounding_box()
    assert exit_box["y"] + exit_box["height"] <= title["y"] + 2, (exit_box, title)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 700
    pg.screenshot(path=str(ARTIFACTS / "embed_700x900.png"))
    context.close()
