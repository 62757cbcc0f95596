"""Uploading through the real page in headless Chromium, then seeing the figure on the map in the same tab."""
from __future__ import annotations

import urllib.parse

import pytest
from conftest import shot, wait_for_maps, wait_idle

from spodash import uploads

pytestmark = pytest.mark.browser

CSV = "text/csv"
MIXED = (b"force,order_type,measure,period_start,period_end,count,note\n"
         b"E23000013,SPO,granted,2022-01-01,2022-12-31,6,From our 2022 return\n"
         b"Clevland,SPO,granted,2022-01-01,2022-12-31,-1,\n"
         b"E23000014,SPOs,grantd,31/12/2022,01/01/2022,2.5,\n"
         b"E23000015,SPO,granted,2022-01-01,2022-12-31,=SUM(A1:A3),\n")

# A point inside a force's area on the first (orders) map, in page coordinates.
POINT_IN_AREA = """code => {
  const chart = document.querySelectorAll('.js-plotly-plot')[0];
  const path = [...chart.querySelectorAll('path.choroplethlocation')].find(p => p.__data__ && p.__data__.loc === code);
  if (!path) return null;
  const box = path.getBBox(), m = path.getScreenCTM();
  for (let fy = 0.5, step = 0; step < 40; step++) {
    for (let fx = 0.1; fx < 0.95; fx += 0.05) {
      const pt = new DOMPoint(box.x + fx * box.width, box.y + fy * box.height);
      if (path.isPointInFill(pt)) { const s = pt.matrixTransform(m); return [s.x, s.y]; }
    }
    fy = 0.5 + ((step % 2) ? -1 : 1) * 0.025 * Math.ceil((step + 1) / 2);
  }
  return null;
}"""


def upload(pg, name: str, data: bytes, mime: str = CSV) -> None:
    pg.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])


def grid_text(pg) -> list[str]:
    """Cell texts of the dataframes on screen (Streamlit's grid keeps an accessible copy in the DOM)."""
    return pg.evaluate("[...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
                       ".map(c => c.textContent)")


def hover_text(pg, code: str) -> str:
    pg.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    xy = pg.evaluate(POINT_IN_AREA, code)
    assert xy, f"no drawn area for {code}"
    pg.mouse.move(xy[0] - 6, xy[1] - 6)
    pg.mouse.move(*xy, steps=5)  # plotly needs the pointer to move over the area, not jump onto it
    pg.wait_for_function("document.querySelector('.js-plotly-plot .hoverlayer .hovertext')", timeout=10_000)
    return pg.evaluate("document.querySelector('.js-plotly-plot .hoverlayer .hovertext').textContent")


def test_upload_through_the_page_then_see_it_on_the_map_in_the_same_session(server, page, browser):
    page.goto(server + "/")
    wait_for_maps(page)
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name="Add your own figures").click()
    page.get_by_role("heading", name="Add your own figures").wait_for()
    wait_idle(page)
    page.set_viewport_size({"width": 1400, "height": 1500})

    # A file with problems on several rows: the report names each row, column and value.
    upload(page, "our_returns.csv", MIXED)
    page.get_by_text("1 of 4 rows accepted from our_returns.csv; 3 rows not accepted").wait_for(timeout=30_000)
    wait_idle(page)
    cells = page.locator("[data-testid=stTable] td, [data-testid=stTable] th").all_inner_texts()
    for expected in ("Clevland", "is not a police force in England and Wales (did you mean “Cleveland”?)",
                     "-1", "is negative", "SPOs", "is not one of the allowed values (did you mean “SPO”?)",
                     "is before period_start (31 Dec 2022)", "2.5", "is not a whole number",
                     "=SUM(A1:A3)", "is a formula"):
        assert expected in cells, expected
    shot(page, "upload_error_report.png")

    # A file refused as a whole: one message, and the row already accepted is kept.
    upload(page, "latin1.csv", "force,order_type,measure\nYnys Môn,SPO,granted\n".encode("latin-1"))
    page.get_by_text("latin1.csv was not accepted.").wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("it looks like Latin-1/Windows-1252").is_visible()
    assert "E23000013" in grid_text(page) and "user-supplied" in grid_text(page)
    shot(page, "upload_refused.png")

    # Over the dashboard's own 2 MB limit but under the server's 5 MB: our message, not the browser's.
    upload(page, "big.csv", b"x" * (3 * 1024 * 1024))
    page.get_by_text("This file is 3.0 MB, over the 2 MB limit.").wait_for(timeout=30_000)
    wait_idle(page)

    upload(page, "template.csv", uploads.template_csv())
    page.get_by_text("2 of 2 rows accepted from template.csv.").wait_for(timeout=30_000)
    wait_idle(page)
    cells = grid_text(page)
    assert cells.count("user-supplied") == 3 and "Devon & Cornwall" in cells and "21" in cells
    shot(page, "upload_accepted.png")

    page.get_by_role("button", name="Show on the map: SPO granted, calendar year 2020 (Devon & Cornwall)").click()
    page.set_viewport_size({"width": 1400, "height": 1000})
    wait_for_maps(page)
    url = urllib.parse.urlparse(page.url)
    assert url.path == "/"  # the map is the default page, so its address is the app's own
    # The period is always in the link (a default worked out from the data must not drift after a rebuild).
    assert urllib.parse.parse_qs(url.query) == {"basis": ["cy"], "period": ["2020"], "metric": ["count"],
                                                 "force": ["E23000035"]}
    assert page.get_by_text("SPO granted, calendar year 2020").first.is_visible()
    assert page.get_by_text("SPO granted: 21 (1 Jan 2020 to 31 Dec 2020)").is_visible()
    hover = hover_text(page, "E23000035")
    assert "Devon & Cornwall" in hover and "21" in hover
    assert "user-supplied" in hover and "Figures uploaded in this browser session" in hover
    shot(page, "map_user_supplied.png")

    # The same tab keeps the figures when going back to the upload page by the sidebar link.
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name="Add your own figures").click()
    page.get_by_role("heading", name="Your figures in this session (user-supplied)").wait_for()
    wait_idle(page)
    assert "Lancashire" in grid_text(page)

    # Another browser (another session) sees only the published figure.
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.bring_to_front()  # a background tab does not run plotly's hover
    other.goto(server + "/?basis=cy&period=2020&metric=count&force=E23000035")  # the map is the default page
    wait_for_maps(other)
    theirs = hover_text(other, "E23000035")
    assert "user-supplied" not in theirs and "17" in theirs
    other.context.close()
