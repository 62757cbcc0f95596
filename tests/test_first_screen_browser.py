"""The first screen in headless Chromium: a phone, a projector, the map's PNG, and the embed snippet."""
from __future__ import annotations

import pytest
from conftest import ARTIFACTS, wait_for_maps
from test_first_screen import png_width

pytestmark = pytest.mark.browser

CHART_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(c => {
    const r = c.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })"""


def test_phone_first_screen_shows_the_top_of_the_orders_map(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + "/")
    wait_for_maps(page)
    boxes = page.evaluate(CHART_BOXES)
    assert boxes[0]["top"] < 844 - 200  # the orders map starts well inside the first screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways
    assert page.locator(".mh-line").is_visible()  # the headline figure in one line
    assert not page.locator(".mh-cards").is_visible()
    assert "294" in page.locator(".mh-line").inner_text()
    assert page.locator("a[href='tel:999']").first.is_visible() and page.locator("a[href='tel:08088020300']").count()
    # The filters are one tap away: the sidebar's open button.
    assert page.locator("[data-testid=stExpandSidebarButton], "
                        "[data-testid=stSidebarCollapsedControl]").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "phone_390x844_map.png"))
    context.close()


def test_presentation_mode_fits_both_maps_on_a_projector(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(server + "/?present=1")
    wait_for_maps(page)
    boxes = page.evaluate(CHART_BOXES)
    assert len(boxes) == 2 and all(b["top"] >= 0 and b["bottom"] <= 720 for b in boxes), boxes
    assert boxes[0]["right"] <= boxes[1]["left"]  # side by side
    legends = page.locator(".js-plotly-plot .colorbar")
    assert legends.count() == 2 and all(legends.nth(i).bounding_box()["y"] + legends.nth(i).bounding_box()["height"]
                                        <= 720 for i in range(2))
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    line = page.locator(".mh-line")
    assert line.is_visible() and "294" in line.inner_text() and "40 of 43 forces" in line.inner_text()
    assert "present=1" in page.url
    page.screenshot(path=str(ARTIFACTS / "present_1280x720_map.png"))
    # The latest-figure view on a projector: the banner folds into the one line, the maps stay whole.
    page.goto(server + "/?present=1&period=latest&metric=recency")
    wait_for_maps(page)
    boxes = page.evaluate(CHART_BOXES)
    assert all(b["top"] >= 0 and b["bottom"] <= 720 for b in boxes), boxes
    assert "27 of them in 2021" in page.locator(".mh-line").inner_text()
    page.screenshot(path=str(ARTIFACTS / "present_1280x720_latest_recency.png"))
    context.close()


def test_download_map_png_gives_the_quotable_image(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(server + "/")
    wait_for_maps(page)
    button = page.locator("button.png-dl[data-chart=orders_map]")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "orders_SPO_granted_2020-21_per_100_reports.png"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert png_width(path.read_bytes()) >= 1600
    context.close()


def test_embed_snippet_renders_the_view_inside_an_iframe(server, browser, tmp_path):
    from spodash.views import cite

    link = cite.link(server + "/", {"order": "SPO", "measure": "granted", "period": "latest", "metric": "count"})
    host = tmp_path / "article.html"
    host.write_text(f"<!doctype html><html><body><h1>Local news</h1>{cite.embed_snippet(link, 'SPOs')}</body></html>",
                    encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator(".js-plotly-plot .choroplethlayer path").first.wait_for(timeout=60_000)
    inner = next(f for f in page.frames if "embed=true" in f.url)
    inner.wait_for_function("document.querySelectorAll('.js-plotly-plot .choroplethlayer path').length >= 90",
                            timeout=60_000)
    assert "periods differ: not added up" in inner.locator(".mh-line").inner_text()
    assert not inner.locator("[data-testid=stSidebar]").is_visible()  # embed mode: the view without the menus
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "embed_in_iframe.png"))
    context.close()
