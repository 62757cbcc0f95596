"""A shared deep link opened first on a freshly started server still goes through the router."""
from __future__ import annotations

import pytest
from conftest import free_port, start_server, wait_idle

pytestmark = pytest.mark.browser


def test_first_request_to_a_deep_link_runs_the_router(browser):
    port = free_port()
    proc = start_server(port)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/profile?force=E23000013")
        page.get_by_text("Cleveland: stalking, harassment and protective orders").first.wait_for(timeout=60_000)
        wait_idle(page)
        nav = page.locator("[data-testid=stSidebarNav]").inner_text()
        # The router's page titles, not file names (which Streamlit's old pages/ mode would list).
        assert "Map: orders and reports" in nav and "Force profile" in nav and "dashboard" not in nav
        assert page.title() == "Stalking and protective orders, England and Wales"  # set by dashboard.py
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
