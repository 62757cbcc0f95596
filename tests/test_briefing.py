"""The briefing file: one self-contained HTML page that opens with no network and holds its sources."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from plotly.offline import get_plotlyjs

from spodash.charts import maps, profile_charts
from spodash.figures import profile
from spodash.publish import briefing as briefing_module
from tests.conftest import ARTIFACTS

CLEVELAND = "E23000013"
DAY = "2025-11-28"


class Collect(HTMLParser):
    """Every tag with its attributes, the text a reader sees, and the contents of style and script blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.styles.append(data)
        elif self._in == "script":
            self.scripts.append(data)
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def cleveland(bundle, quarters):
    return profile.build_profile(bundle, quarters, CLEVELAND)


@pytest.fixture(scope="module")
def briefing(bundle, cleveland) -> str:
    figs = profile_charts.briefing_figures(cleveland, bundle.forces, bundle.geo)
    return briefing_module.briefing_html(cleveland, figs, generated=DAY, plotly_config=maps.PLOTLY_CONFIG)


@pytest.fixture(scope="module")
def parsed(briefing) -> Collect:
    p = Collect()
    p.feed(briefing)
    return p


@pytest.fixture(scope="module")
def briefing_file(briefing, cleveland, tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / briefing_module.briefing_filename(cleveland, DAY)
    path.write_text(briefing, encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / path.name).write_text(briefing, encoding="utf-8")
    return path


def newplot_configs(doc: str) -> list[tuple[str, dict]]:
    """(div id, config) of every Plotly.newPlot(id, data, layout, config) call, parsed as JSON."""
    decoder, out = json.JSONDecoder(), []
    for m in re.finditer(r"Plotly\.newPlot\(\s*", doc):
        i = m.end()
        args = []
        for _ in range(4):
            value, i = decoder.raw_decode(doc, i)
            args.append(value)
            i = re.compile(r"\s*,?\s*").match(doc, i).end()
        out.append((args[0], args[3]))
    return out


def test_file_name(cleveland):
    assert briefing_module.briefing_filename(cleveland, DAY) == "briefing_cleveland_E23000013_2025-11-28.html"


def test_nothing_is_fetched_from_another_server(parsed, briefing):
    external = re.compile(r"^\s*(https?:)?//", re.I)
    for tag, attrs in parsed.tags:
        assert not (tag == "script" and "src" in attrs), f"<script src={attrs['src']}>"
        assert not (tag == "link" and "href" in attrs), f"<link href={attrs['href']}>"
        for attr in ("src", "srcset", "data", "poster"):
            assert not external.match(attrs.get(attr) or ""), (tag, attrs)
    css = "\n".join(parsed.styles) + "\n".join(a.get("style", "") for _, a in parsed.tags)
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css, re.I)
    assert not re.search(r"<script[^>]+src\s*=", briefing, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*['\"]?(https?:)?//", briefing, re.I)


def test_plotly_inlined_once_and_every_chart_can_save_a_png(briefing, parsed):
    banner = get_plotlyjs()[:200]
    assert briefing.count(banner) == 1
    assert briefing.count("Plotly.newPlot(") == 5  # trend by year and quarter, orders over time, context, map
    assert briefing.index("window.PlotlyGeoAssets") < briefing.index(banner) < briefing.index("Plotly.newPlot(")
    configs = newplot_configs(briefing)
    assert [c[0] for c in configs] == ["chart-1", "chart-2", "chart-3", "chart-4", "chart-5"]
    for _, cfg in configs:
        assert cfg["toImageButtonOptions"]["format"] == "png"
        assert cfg["toImageButtonOptions"]["filename"].startswith("cleveland_")
        assert "topojsonURL" not in cfg
    # The map's geometry is in the file, not the app's /app/static URL.
    assert "/app/static/" not in briefing
    assert '"features"' in briefing and CLEVELAND in briefing


def test_figures_sources_caveats_and_attribution(parsed, bundle, cleveland):
    text = " ".join(" ".join(parsed.text).split())
    for figure in ("2,348", "12,715", "8,429", "5,555", "11,164"):  # 8Q, group, ONS, 8L 2022/23, group 2021/22
        assert figure in text, figure
    assert "financial year 2022/23 (1 Apr 2022 to 31 Mar 2023)" in text
    assert "12 months to 30 Jun 2025" in text
    assert "No published figure: Suppressed by the source (fewer than five)" in text
    sources = bundle.sources.set_index("source_id")
    for sid in ("HO_PRC_PFA_2023_10", "ONS_PFA_P1_YE_JUN2025", "BBC_SDU_SPO_2021", "CLEVELAND_FOI_900_24",
                "ONS_PFA_BOUNDARIES_DEC2023", "ONS_MYE_2023"):
        assert sid in cleveland.source_ids
        for col in ("title", "publisher", "attribution"):
            assert " ".join(sources.at[sid, col].split()) in text, (sid, col)
        if sources.at[sid, "url"]:
            assert sources.at[sid, "url"] in text
    assert "Contains public sector information licensed under the Open Government Licence v3.0" in text
    assert ("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
            "Contains OS data © Crown copyright and database right 2024.") in text
    assert "BBC Shared Data Unit" in text
    for caveat in cleveland.caveats["text"]:
        assert " ".join(caveat.split()) in text
    for rule in cleveland.rules:
        assert rule.label in text
    # Orders over time, with its table: Cleveland's two 2024 figures stand side by side.
    assert "Protective orders over time" in text and "running total since SPOs began" in text
    assert "1 Jan 2024 to 30 Sep 2024" in text and "1 Jan 2024 to 31 Dec 2024" in text
    # No league table: the only 'rank' in the file is the sentence saying there is none.
    assert text.lower().count("rank") == text.lower().count("not a ranking") >= 1


@pytest.mark.browser
def test_opens_offline_in_chromium(browser, briefing_file):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    blocked, errors = [], []

    def only_local(route):
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    pg.route("**/*", only_local)
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(briefing_file.as_uri())
    pg.wait_for_function("document.querySelectorAll('.plot-container').length === 5 && "
                         "document.querySelectorAll('.choroplethlayer path').length === 43", timeout=30_000)
    pg.wait_for_timeout(500)
    assert pg.locator(".plot-container").count() == 5
    assert pg.locator("svg.main-svg").count() >= 10  # each chart draws a main and an overlay svg
    # Orders over time: a bar per published flow with both dates (8 for Cleveland); the pending stock and
    # the DAPO figure with no end date are markers.
    assert pg.locator("#chart-3 .barlayer .point").count() == 8
    assert pg.locator("#chart-3 .scatterlayer .point").count() == 2
    # The trend chart drew its lines and its six rule markers.
    assert pg.locator("#chart-1 .scatterlayer .trace").count() >= 5
    assert pg.locator("#chart-1 .shapelayer path").count() >= 6
    assert blocked == [] and errors == []
    pg.screenshot(path=str(ARTIFACTS / "briefing_cleveland_offline.png"))

    chart = pg.locator("#chart-1")
    chart.scroll_into_view_if_needed()
    chart.hover()
    with pg.expect_download(timeout=30_000) as info:
        chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    png = info.value
    assert png.suggested_filename.startswith("cleveland_") and png.suggested_filename.endswith(".png")
    path = briefing_file.parent / png.suggested_filename
    png.save_as(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
    assert blocked == [] and errors == []
    context.close()
