"""Shared fixtures: the bundle, a running dashboard server, and headless Chromium; and the layer markers."""
from __future__ import annotations

import ast
import functools
import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from spodash.data.datasets import load_bundle
from spodash.data.paths import ROOT, default_raw_dir
from spodash.figures.metrics import quarterly

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


# ---- a marker per layer ---------------------------------------------------------------------
#: The layers a test can guard (pyproject.toml registers them): spodash's subpackages, and ``pages`` for a
#: test that opens the app (AppTest or a running server). ``pytest -m figures`` runs the tests of a layer.
LAYERS = ("data", "figures", "charts", "views", "publish", "uploads", "ui", "build", "pages", "bench", "deploy")
OPENS_THE_APP = {"open_page", "AppTest", "server", "page", "cluster"}


@functools.cache
def layers_of(path: Path) -> tuple[str, ...]:
    """The layers a test module imports (``spodash.<layer>``, ``bench``, ``deploy``), and ``pages`` if it
    opens the app: read from its source, so a new test file is marked without being listed anywhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "spodash" and len(parts) > 1 and parts[1] in LAYERS:
                found.add(parts[1])
            elif parts[0] in ("bench", "deploy"):
                found.add(parts[0])
        if isinstance(node, ast.Name | ast.arg) and (node.id if isinstance(node, ast.Name) else node.arg) \
                in OPENS_THE_APP:
            found.add("pages")
    return tuple(layer for layer in LAYERS if layer in found)


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        for layer in layers_of(Path(item.fspath)):
            item.add_marker(layer)


def pytest_terminal_summary(terminalreporter) -> None:
    """Says which layers the run covered (``make test-fast`` leaves out the browser), and how many tests each."""
    ran = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, []) if r.when == "call"]
    counts = {layer: sum(layer in r.keywords for r in ran) for layer in LAYERS}
    if ran:
        terminalreporter.write_line("layers covered (tests run): " + ", ".join(
            f"{layer} {n}" for layer, n in counts.items()) + "; a test counts for each layer it imports or opens")


@pytest.fixture(scope="session")
def bundle():
    return load_bundle()


@pytest.fixture(scope="session")
def quarters(bundle):
    return quarterly(bundle.crime)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw public sources; CI always has them beside the checkout, so their absence fails there."""
    raw = default_raw_dir()
    if not raw.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"raw sources not found at {raw}: CI must have ../shared/data/raw")
        pytest.skip(f"raw sources not found at {raw}")
    return raw


class _TableParser(HTMLParser):
    """The tables of an st.html body: caption, header cells (with their scope) and cells, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[tuple[str, str, str]] = []
        self._kind = ("", "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": [], "scopes": []})
        elif tag == "caption":
            self._cell, self._kind = [], ("caption", "")
        elif tag in ("th", "td"):
            self._cell, self._kind = [], (tag, a.get("scope") or a.get("class") or "")
        elif tag == "tr":
            self._row = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        table = self.tables[-1] if self.tables else None
        if tag == "caption" and table is not None and self._cell is not None:
            table["caption"], self._cell = "".join(self._cell).strip(), None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append((tag, self._kind[1], "".join(self._cell).strip()))
            self._cell = None
        elif tag == "tr" and table is not None:
            if all(tag == "th" and scope == "col" for tag, scope, _ in self._row):
                table["head"] = [text for _, _, text in self._row]
            else:
                table["rows"].append(self._row)


def _cell_value(kind: str, text: str):
    """A numeric cell back to its number ("8,081" -> 8081); "no published figure" -> NA, never 0."""
    if kind != "n":
        return text
    if text == "no published figure":
        return pd.NA
    number = text.replace(",", "")
    return float(number) if "." in number else int(number)


def html_tables(at) -> list[pd.DataFrame]:
    """Every HTML table on an AppTest page, as DataFrames (``.attrs``: caption, row-header scopes)."""
    out = []
    for element in at.get("html"):
        body = element.proto.body
        if "<table" not in body:
            continue
        parser = _TableParser()
        parser.feed(body)
        for table in parser.tables:
            frame = pd.DataFrame([[_cell_value(kind, text) for _, kind, text in row] for row in table["rows"]],
                                 columns=table["head"])
            frame.attrs = {"caption": table["caption"],
                           "row_scopes": [row[0][1] if row[0][0] == "th" else "" for row in table["rows"]]}
            out.append(frame)
    return out


def _headline_block(at) -> str:
    """The HTML of the map page's one headline block."""
    return next(h.proto.body for h in at.get("html") if 'class="map-headline"' in h.proto.body)


def headline_cards(at) -> dict[str, str]:
    """The map page's headline cards (label -> value as shown), from its one headline block."""
    pairs = re.findall(r'<p class="mh-label">(.*?)</p><p class="mh-value">(.*?)</p>', _headline_block(at))
    return {html.unescape(label): html.unescape(value) for label, value in pairs}


def headline_line(at) -> str:
    """The map page's one-line headline (a phone's and a projector's), as text."""
    body = _headline_block(at)
    return html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="mh-line">(.*?)</p>', body, re.S).group(1)))


def map_table(at) -> pd.DataFrame:
    """The map page's "figures on the maps" table."""
    return next(t for t in html_tables(at) if "ONS code" in t.columns)


#: Seconds an AppTest run may take (a page's first run loads the bundle).
APP_TIMEOUT = 90


def open_page(page: str = "map", params: dict | None = None, *, timeout: float = APP_TIMEOUT):
    """A page as a visitor's link opens it: through the router (dashboard.py, with its shared CSS, quick
    exit and checks), with the link's query. The one way the AppTest tests open a page.

    ``page`` is the page's URL path (``dashboard.PAGES``), which is also its file's name in app_pages/.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    at.query_params.update(params or {})
    if page != "map":
        # Before the first run AppTest knows a page by its file name, which is each page's URL path here.
        at.switch_page(f"app_pages/{page}.py")
    return at.run()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, cwd: Path = ROOT, extra_env: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"dashboard did not start on port {port}: {proc.stdout.read().decode()[-2000:]}")


@pytest.fixture(scope="session")
def server():
    """Base URL of a dashboard started for this test session."""
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page (1400x1000) that records every request it makes in ``page.requests``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def wait_for_maps(pg, count: int = 2, timeout: int = 60_000) -> None:
    """Wait until ``count`` plotly maps have drawn their areas and Streamlit has stopped running."""
    pg.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .choroplethlayer').length >= {count} && "
        "[...document.querySelectorAll('.js-plotly-plot .choroplethlayer')]"
        ".every(l => l.querySelectorAll('path').length > 0)",
        timeout=timeout,
    )
    wait_idle(pg)


def force_centre(pg, code: str, index: int = 0) -> tuple[float, float]:
    """The centre, on screen, of the path plotly drew for a force on a map (its data carries the location)."""
    x, y = pg.evaluate("""([code, index]) => {
        const chart = document.querySelectorAll('.js-plotly-plot')[index];
        const path = [...chart.querySelectorAll('path.choroplethlocation')].find(
            p => p.__data__ && p.__data__.loc === code);
        const b = path.getBoundingClientRect();
        return [b.left + b.width / 2, b.top + b.height / 2];
    }""", [code, index])
    return x, y


def map_words(pg, index: int = 0) -> dict[str, list[str]]:
    """A drawn map's title lines and colour-key labels, wherever they are: in the figure on a wide map,
    in the text around it on a narrow one (static/geo_map.js moves them out below 560 px)."""
    box = pg.locator(".spodash-geo-map").nth(index).locator("xpath=..")
    return {"title": box.locator(".gtitle").all_text_contents()
            + box.locator(".spodash-map-title > *").all_text_contents(),
            "key": box.locator(".colorbar text").all_text_contents()
            + box.locator(".spodash-map-key li").all_text_contents()}


def wait_idle(pg, timeout: int = 60_000) -> None:
    """Wait for the app's script run to finish (the status widget disappears)."""
    pg.wait_for_timeout(300)
    pg.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout)
    pg.wait_for_timeout(300)


def shot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    pg.screenshot(path=str(path), full_page=True)
    return path


# ---- replicas behind nginx (tests/test_deploy*.py) ---------------------------------------------
@pytest.fixture(scope="module")
def nginx_bin() -> str:
    """Debian's nginx, which `make test` installs; its absence fails rather than skips."""
    from deploy.run_replicas import find_nginx

    try:
        return find_nginx()
    except FileNotFoundError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def cluster(nginx_bin):
    """Two replicas behind nginx, started for one test module."""
    from deploy.run_replicas import Cluster

    with Cluster(2) as c:
        yield c
