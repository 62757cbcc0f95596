"""The latest-figure view and a force's orders over time, in headless Chromium."""
from __future__ import annotations

import pytest
from conftest import map_words, shot, wait_for_maps, wait_idle
from test_map_browser import FILLS, local_only

pytestmark = pytest.mark.browser


def test_latest_view_draws_a_figure_for_every_force_that_has_one(server, page):
    page.goto(server + "/?order=SPO&measure=granted&period=latest&metric=count")
    wait_for_maps(page)
    fills = page.evaluate(FILLS)
    assert [len(f) for f in fills] == [45, 45]
    grey = [f for f in fills[0] if f == "rgb(166, 166, 166)"]
    assert len(grey) == 1  # only City of London has no published SPO granted figure at all
    assert page.get_by_text("Periods differ by force").first.is_visible()
    assert page.get_by_text("42 of 43").first.is_visible()
    assert "period=latest" in page.url
    assert local_only(page.requests, server) == []
    shot(page, "map_latest_count.png")


def test_recency_map_and_a_selected_force_over_time(server, page):
    page.goto(server + "/?order=SPO&measure=granted&period=latest&metric=recency&force=E23000032")
    wait_for_maps(page)
    legend = " ".join(map_words(page)["key"])
    assert "2021 (27 forces)" in legend and "2024 (3 forces)" in legend
    # Kent's running totals 18, 23, 100 and 112 as bars on one time axis, under the map.
    timeline = page.locator(".js-plotly-plot").nth(2)
    timeline.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot')[2]"
                           "?.querySelectorAll('.barlayer .point').length >= 6", timeout=60_000)
    labels = timeline.locator(".barlayer text").all_text_contents()
    assert {"18 granted", "23 granted", "100 granted", "112 granted"} <= set(labels)
    shot(page, "map_latest_recency_kent.png")


def test_kent_profile_shows_its_running_totals_as_spans(server, page):
    page.goto(server + "/profile?force=E23000032")
    page.wait_for_selector(".st-key-sec_protective_orders .js-plotly-plot .barlayer .point", timeout=60_000)
    wait_idle(page)
    chart = page.locator(".st-key-sec_protective_orders .js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    bars = chart.locator(".barlayer .point path")
    widths = sorted(b["width"] for b in bars.evaluate_all("ps => ps.map(p => p.getBoundingClientRect())"))
    assert len(widths) == 6  # 25 applied for, 18, 23, 100 and 112 granted, 0 refused; pending is a marker
    assert widths[-1] > 2 * widths[0]  # the 2023 running total spans over twice the 2021 ones
    page.wait_for_timeout(300)
    page.screenshot(path=str(shot.__globals__["ARTIFACTS"] / "profile_kent_orders_over_time.png"))


def test_strong_evidence_view_and_copies_marked(server, page):
    page.goto(server + "/?order=SPO&measure=granted&period=latest&metric=count&evidence=strong")
    wait_for_maps(page)
    fills = page.evaluate(FILLS)
    grey = [f for f in fills[0] if f == "rgb(166, 166, 166)"]
    table_forces = page.evaluate("""() => document.body.innerText.match(/(\\d+) of 43/)[1]""")
    assert len(grey) == 43 - int(table_forces) > 1  # more forces without a figure once copies and news are left out
    legend = page.locator(".js-plotly-plot").first.locator(".legend text").all_text_contents()
    assert "Rests on a copy of its source" not in legend  # no copies in this view
    shot(page, "map_latest_strong_evidence.png")
    page.goto(server + "/?order=SPO&measure=granted&period=latest&metric=count")
    wait_for_maps(page)
    legend = page.locator(".js-plotly-plot").first.locator(".legend text").all_text_contents()
    # One key each, its mark drawn once by the legend (it read "◇ ◇ Rests…" and "× × No data" before).
    assert "Rests on a copy of its source" in legend and "No data (grey)" in legend
