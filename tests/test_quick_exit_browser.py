"""The quick exit in headless Chromium: the button on every page at phone size, and the button, Enter and
Shift pressed three times each leaving the dashboard for the neutral page, which takes the dashboard's one
entry in the tab's history.

The neutral page (BBC Weather) is never fetched: every request to it is answered here with a small local
page, so the tests make no request outside the test server.
"""
from __future__ import annotations

import base64
import urllib.parse

import pytest
from conftest import ARTIFACTS, wait_for_maps, wait_idle

from spodash.ui.quick_exit import NEUTRAL_URL

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NEUTRAL_HTML = "<!doctype html><html lang=en><title>Weather</title><h1>Weather (stand-in page)</h1></html>"
BUTTON = "#quick-exit"
WAIT = 30_000  # ms: generous, for a busy machine

BOX = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                  return {x: r.left, y: r.top, right: r.right, bottom: r.bottom}; }"""


def open_context(browser, requests: list[str], pending: list | None = None, **options):
    """A browser context whose requests to the neutral site are answered locally (or held in ``pending``)."""
    context = browser.new_context(**(options or {"viewport": {"width": 1400, "height": 1000}}))
    context.on("request", lambda r: requests.append(r.url))

    def neutral(route):
        if pending is not None:
            pending.append(route)
        else:
            route.fulfill(status=200, content_type="text/html", body=NEUTRAL_HTML)

    context.route(NEUTRAL_URL + "*", neutral)
    return context


def outside(requests: list[str], base: str) -> list[str]:
    """Requests that left the test server, other than the (intercepted) neutral page."""
    host = urllib.parse.urlparse(base).netloc
    return [u for u in requests if urllib.parse.urlparse(u).netloc not in (host, "") and not u.startswith(NEUTRAL_URL)
            and not u.startswith(("data:", "blob:", "about:"))]


def open_page(pg, url: str, maps: bool = False) -> None:
    pg.goto(url)
    pg.wait_for_selector("h1", timeout=60_000)
    if maps:
        wait_for_maps(pg)
    else:
        wait_idle(pg)
    pg.wait_for_selector(BUTTON, state="visible", timeout=30_000)


def first_screen(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name))


def contrast(fg: str, bg: str) -> float:
    def luminance(css: str) -> float:
        r, g, b = (int(v) / 255 for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


@pytest.mark.parametrize("path", ["", "help", "sources"])
def test_button_is_on_every_page_at_phone_size(browser, server, path):
    """Visible in the phone's first screen, named for a screen reader, readable, and off the content."""
    requests: list[str] = []
    context = open_context(browser, requests, **PHONE)
    try:
        pg = context.new_page()
        open_page(pg, f"{server}/{path}", maps=path == "")
        button = pg.get_by_role("button", name="Emergency Exit this page")
        assert button.count() == 1 and button.is_visible()
        # It reads "Exit this page"; "Emergency" is there for screen readers only (clipped to one pixel).
        assert button.inner_text().split()[-3:] == ["Exit", "this", "page"]
        hidden = pg.evaluate(BOX, BUTTON + " .qx-vh")
        assert hidden["right"] - hidden["x"] <= 1 and pg.locator(BUTTON + " .qx-vh").inner_text() == "Emergency"
        box = pg.evaluate(BOX, BUTTON)
        assert 0 <= box["x"] and box["right"] <= 390 and 0 <= box["y"] and box["bottom"] <= 844
        assert box["bottom"] - box["y"] >= 44 and box["right"] - box["x"] >= 44  # a thumb-sized target
        # It sits in Streamlit's header bar, clear of the header's own buttons and of the page's content.
        header = pg.evaluate(BOX, "[data-testid=stHeader]")
        assert box["bottom"] <= header["bottom"]
        for sel in ("[data-testid=stExpandSidebarButton]", "[data-testid=stMainMenu]", "h1"):
            assert not overlaps(box, pg.evaluate(BOX, sel)), sel
        # White on red, and black on yellow when focused: both well over WCAG AA's 4.5:1.
        colours = pg.evaluate("""sel => { const s = getComputedStyle(document.querySelector(sel));
                                          return [s.color, s.backgroundColor]; }""", BUTTON)
        assert contrast(*colours) >= 4.5, colours
        # It is the first thing the Tab key reaches, ahead of the page.
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.id") == "quick-exit"
        focused = pg.evaluate("""sel => { const s = getComputedStyle(document.querySelector(sel));
                                          return [s.color, s.backgroundColor]; }""", BUTTON)
        assert focused != colours and contrast(*focused) >= 4.5, focused
        pg.keyboard.press("Shift+Tab")
        # The element st.html adds to hold the script takes no room on the page.
        assert pg.evaluate("""() => getComputedStyle(document.querySelector('.qx-holder')
                                    .closest('[data-testid=stElementContainer]')).display""") == "none"
        assert pg.locator(BUTTON).count() == 1
        if path == "help":
            # The numbers are links a phone dials, opened in place (not in a new, empty tab).
            calls = pg.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] a[href^="tel:"]')]
                                        .map(a => [a.getAttribute('href'), a.target, a.innerText])""")
            assert ["tel:999", "_self", "999"] in calls and ["tel:08088020300", "_self", "0808 802 0300"] in calls
            assert pg.locator('a[href="tel:08088020300"]').first.is_visible()  # in the first screen
        if path in ("", "help"):
            first_screen(pg, f"quick_exit_phone_{path or 'map'}.png")
        # A tap leaves for the neutral page, which takes this page's place in the tab's history.
        before = pg.evaluate("history.length")
        button.tap()
        pg.wait_for_url(NEUTRAL_URL, timeout=WAIT)
        assert pg.title() == "Weather" and pg.evaluate("history.length") == before
        assert outside(requests, server) == []
    finally:
        context.close()


def test_button_hides_the_page_then_replaces_it_with_the_neutral_one(browser, server):
    """The map page, opened from a shared link on a phone: the button blanks it at once, and the neutral page
    takes its place in the tab's history instead of being added after it."""
    requests: list[str] = []
    pending: list = []
    context = open_context(browser, requests, pending, **PHONE)
    try:
        pg = context.new_page()
        open_page(pg, server + "/", maps=True)
        assert pg.url.startswith(server + "/?")  # the map has written its filters to the address
        before = pg.evaluate("history.length")
        # Clicked and read in one go: while the neutral page loads (held here), Playwright's own calls would
        # wait for that navigation to finish.
        hidden, overlay, url = pg.evaluate("""() => {
            document.getElementById('quick-exit').click();
            const shown = [...document.body.children].filter(e => getComputedStyle(e).display !== 'none');
            return [shown.length === 1 && shown[0].classList.contains('qx-overlay'),
                    document.querySelector('[role=alert].qx-overlay').textContent, location.href]; }""")
        assert hidden and overlay == "Loading." and url.startswith(server + "/")  # not left yet
        for _ in range(WAIT // 100):
            if pending:
                break
            pg.wait_for_timeout(100)
        assert [r.request.url for r in pending] == [NEUTRAL_URL]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        png = context.new_cdp_session(pg).send("Page.captureScreenshot", {"format": "png"})["data"]
        (ARTIFACTS / "quick_exit_overlay.png").write_bytes(base64.b64decode(png))
        pending[0].fulfill(status=200, content_type="text/html", body=NEUTRAL_HTML)
        pg.wait_for_url(NEUTRAL_URL, timeout=WAIT)
        assert pg.url == NEUTRAL_URL and pg.title() == "Weather"
        # location.replace: the same number of history entries as before the exit, so the dashboard's one
        # entry is now the neutral page's. Back leads to what came before it: here, the tab's start.
        assert pg.evaluate("history.length") == before
        pg.go_back()
        assert pg.url == "about:blank"
        assert outside(requests, server) == []
    finally:
        context.close()


def test_shift_three_times_leaves_and_back_does_not_return_to_the_dashboard(browser, server):
    """On a desktop, after moving between pages: Shift pressed three times on its own leaves; Shift used for
    typing, or interrupted by another key, does not. Streamlit would add a history entry for each page
    visited (history.pushState), which the exit cannot remove: the quick exit makes it update the dashboard's
    one entry instead, so Back from the neutral page does not reach any page of the dashboard."""
    requests: list[str] = []
    context = open_context(browser, requests)
    try:
        pg = context.new_page()
        start = pg.evaluate("history.length")
        open_page(pg, server + "/methods")
        pg.locator("[data-testid=stSidebarNav]").get_by_text("Help and about").click()
        pg.wait_for_url(server + "/help")
        wait_idle(pg)
        assert pg.locator("h1").first.inner_text() == "Help and about"
        assert pg.evaluate("history.length") == start + 1  # two pages seen, one entry
        # Shift held for capitals, then a Shift press interrupted by another key: neither counts to three.
        pg.keyboard.press("Shift+A")
        pg.keyboard.press("Shift")
        pg.keyboard.press("Shift")
        pg.keyboard.press("a")
        pg.keyboard.press("Shift")
        pg.wait_for_timeout(700)
        assert pg.url == server + "/help"
        assert pg.locator(".qx-light.qx-lit").count() == 1  # the button shows the one press that counts
        pg.keyboard.press("Shift")
        pg.keyboard.press("Shift")
        pg.wait_for_url(NEUTRAL_URL, timeout=WAIT)
        assert pg.evaluate("history.length") == start + 1
        pg.go_back()
        assert pg.url == "about:blank"  # neither the Help page that was open nor the Methods page before it
        assert outside(requests, server) == []
    finally:
        context.close()


def test_enter_on_the_button_leaves(browser, server):
    """Keyboard alone: Tab reaches the button first, and Enter leaves."""
    requests: list[str] = []
    context = open_context(browser, requests)
    try:
        pg = context.new_page()
        open_page(pg, server + "/downloads")
        pg.keyboard.press("Tab")
        pg.keyboard.press("Enter")
        pg.wait_for_url(NEUTRAL_URL, timeout=WAIT)
        assert outside(requests, server) == []
    finally:
        context.close()


def test_entries_made_within_the_page_are_stepped_back_over(browser, server):
    """A link within the Help page (to "Browsing safely") adds an entry to the tab's history, as Streamlit's
    first write of a page's filters to the address can before the quick exit's script has started. The exit
    steps back to the page's first entry before replacing it, so Back still does not reach the dashboard.
    The entries stepped over stay ahead of the neutral page (no page can remove them): Forward would reach
    them, which the Help page's advice (a private window, or clearing the history) covers."""
    requests: list[str] = []
    context = open_context(browser, requests)
    try:
        pg = context.new_page()
        start = pg.evaluate("history.length")
        open_page(pg, server + "/help")
        pg.get_by_role("link", name="Browsing safely").click()
        pg.wait_for_url(server + "/help#browsing-safely")
        assert pg.evaluate("history.length") == start + 2
        pg.get_by_role("button", name="Emergency Exit this page").click()
        pg.wait_for_url(NEUTRAL_URL, timeout=WAIT)
        assert pg.evaluate("history.length") == start + 2
        pg.go_back()
        assert pg.url == "about:blank"
        pg.go_forward()
        assert pg.url == NEUTRAL_URL
        pg.go_forward()
        assert pg.url == server + "/help#browsing-safely"  # what is left, ahead of the neutral page
        assert outside(requests, server) == []
    finally:
        context.close()
