"""Accessibility, measured: axe-core on every page in dashboard.py, keyboard reach, and a phone-width screen.

The axe-core engine (npm package, pinned in package-lock.json; `make test` runs `npm ci`) is
injected into each page of the running app. Any serious or critical violation must be named,
with its reason, in the accessibility statement on the Help page (spodash/figures/accessibility.py),
and every issue named there must still occur, so the statement stays true both ways.
"""
from __future__ import annotations

import json

import pytest

from spodash.data.paths import ROOT
from spodash.figures import accessibility
from tests.conftest import ARTIFACTS, shot, wait_idle

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def registered_pages() -> list[str]:
    """url_path of every page in dashboard.py's PAGES, as the app registers them right now.

    The default (first) page is served at the app's root, so it is visited there ("").
    """
    from test_router import PAGES

    paths = ["" if i == 0 else path for i, (_, _, path) in enumerate(PAGES)]
    assert paths, "no pages found in dashboard.py's PAGES"
    return paths


def open_page(pg, server: str, path: str) -> None:
    pg.goto(f"{server}/{path}")
    pg.wait_for_selector("h1", timeout=60_000)
    wait_idle(pg)
    if pg.query_selector(".js-plotly-plot"):
        pg.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')]"
                             ".every(c => c.querySelector('.main-svg'))", timeout=30_000)
        pg.wait_for_timeout(500)
    assert not pg.query_selector("[data-testid=stException]"), f"/{path} shows an exception"
    assert not pg.query_selector("[role=dialog]"), f"/{path} opens a dialog: {pg.inner_text('[role=dialog]')[:200]}"


def run_axe(pg) -> list[dict]:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does)"
    pg.add_script_tag(path=str(AXE))
    return pg.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                                           targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""")


@pytest.fixture(scope="module")
def axe_results(server, browser) -> dict[str, list[dict]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    results = {}
    try:
        # Open the app at its root first, as a visitor does: that runs dashboard.py's router. (With a pages/
        # folder beside dashboard.py, Streamlit 1.67 serves a deep link opened first on a fresh server as an
        # old-style page list of file names until the router has run once.)
        first = context.new_page()
        open_page(first, server, "")
        first.close()
        for path in registered_pages():
            pg = context.new_page()
            try:
                open_page(pg, server, path)
            except Exception as exc:  # a page that does not render is reported by the test, after the others
                results[path] = {"error": str(exc).splitlines()[0]}
                shot(pg, f"axe_failed_{path or 'map-root'}.png")
            else:
                shot(pg, f"page_{path or 'map-root'}.png")
                results[path] = run_axe(pg)
            pg.close()
    finally:
        context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe_results.json").write_text(json.dumps(results, indent=2))
    return results


@pytest.mark.browser
def test_axe_finds_nothing_serious_that_the_statement_does_not_name(axe_results, server, page):
    assert set(axe_results) == set(registered_pages())
    for path, violations in axe_results.items():
        if isinstance(violations, dict):
            print(f"/{path}: DID NOT RENDER: {violations['error']}")
            continue
        print(f"/{path}: " + (", ".join(f"{v['id']} ({v['impact']}, {v['nodes']})" for v in violations) or "none"))
    broken = {path: r["error"] for path, r in axe_results.items() if isinstance(r, dict)}
    assert not broken, f"pages that did not render, so could not be checked: {broken}"
    blocking = {v["id"]: path for path, vs in axe_results.items() for v in vs if v["impact"] in BLOCKING}
    unnamed = {rule: path for rule, path in blocking.items() if rule not in accessibility.KNOWN_ISSUES}
    assert not unnamed, (f"serious/critical axe-core violations not in the accessibility statement: {unnamed}; "
                         f"details in {ARTIFACTS / 'axe_results.json'}")
    stale = set(accessibility.KNOWN_ISSUES) - set(blocking)
    assert not stale, f"the accessibility statement names {stale}, which no longer fail: remove them"
    # The statement on the Help page, as a visitor sees it, names each remaining rule and its reason.
    open_page(page, server, "help")
    shown = page.inner_text("[data-testid=stMain]")
    for rule, (_, reason) in accessibility.KNOWN_ISSUES.items():
        assert rule in shown and reason[:60] in shown, rule


def tab_through(pg, stop_at: str, limit: int = 300) -> list[tuple[str, str]]:
    """Press Tab until an element inside ``[data-testid=stop_at]`` has focus; (testid, label) of each stop."""
    reached = []
    for _ in range(limit):
        pg.keyboard.press("Tab")
        testids, label = pg.evaluate(
            """() => { const e = document.activeElement; const ids = [];
                       for (let x = e; x; x = x.parentElement) {
                         const t = x.getAttribute && x.getAttribute('data-testid');
                         if (t) ids.push(t);
                       }
                       return [ids.slice(0, 4), (e.getAttribute('aria-label') || e.innerText || '').slice(0, 80)]; }""")
        for testid in testids:
            reached.append((testid, label))
        if stop_at in testids:
            reached.append((stop_at, label))
            return reached
    raise AssertionError(f"{stop_at} not reached in {limit} presses of Tab; reached {sorted({t for t, _ in reached})}")


@pytest.mark.browser
def test_keyboard_reaches_the_controls_and_downloads(server, page):
    """Tab alone reaches the page list, the lists, the tables and the download buttons; Enter works a list."""
    open_page(page, server, "sources")
    reached = tab_through(page, "stDownloadButton")
    testids = {t for t, _ in reached}
    assert {"stSkipToContent", "stSidebarNavLink", "stSelectbox", "stDataFrameResizable"} <= testids, testids
    # The first download button Tab reaches (the page's download buttons are all keyboard-reachable).
    assert reached[-1][0] == "stDownloadButton" and reached[-1][1].startswith("Download the "), reached[-1]
    assert any(label == "Evidence grade" for t, label in reached if t == "stSelectbox")
    # A list opens and changes with the keyboard alone, and the change travels in the link.
    box = page.locator("[data-testid=stSelectbox]").filter(has_text="Dataset").locator("input")
    box.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert "dataset=" in page.url
    # On the Downloads page the zip is a few presses away.
    open_page(page, server, "downloads")
    reached = tab_through(page, "stDownloadButton", limit=40)
    assert reached[-1][1].startswith("Download all")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["help", "sources", "methods", "downloads"])
def test_pages_fit_a_phone_screen(browser, server, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        pg = context.new_page()
        open_page(pg, server, path)
        overflow = pg.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth - window.innerWidth")
        shot(pg, f"phone_{path}.png")
        assert overflow <= 1, f"/{path} is {overflow}px wider than a 390px screen"
    finally:
        context.close()
