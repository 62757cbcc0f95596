"""The static export: files, known figures, relative links, and pages that draw offline in Chromium."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import plotly.offline
import pytest

from spodash.data.paths import ROOT
from spodash.publish import static_site
from tests.conftest import shot

FORCES = ["E23000001", "E23000034"]  # Metropolitan Police; City of London (off the per-resident scale)
SPO_2020 = "maps/spo-granted-per-100-stalking-offences-2020-21.html"
STALKING_2022 = "maps/stalking-8q-per-100k-residents-2022-23.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory, bundle) -> Path:
    out = tmp_path_factory.mktemp("export") / "site"
    report = static_site.build(out, forces=FORCES, generated=dt.date(2026, 11, 28), bundle=bundle, log=lambda *a: None)
    assert report.files == len(list(out.rglob("*.*")))
    return out


def test_layout_and_one_shared_plotly(site):
    assert (site / "plotly.min.js").read_text() == plotly.offline.get_plotlyjs()
    assert (site / "plotly-geo-4.1.1.min.js").read_bytes() == (ROOT / "static" / "vendor" / "plotly-geo-4.1.1.min.js"
                                                               ).read_bytes()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages and SPO_2020 in pages and STALKING_2022 in pages
    # SPO maps for the two financial years with order figures; 8Q maps for 2014/15 to 2022/23.
    assert len([p for p in pages if "spo-granted" in p]) == 2
    assert len([p for p in pages if "stalking-8q" in p]) == 9
    assert pages.count("forces/metropolitan_police.html") == 1 and "forces/london_city_of.html" in pages
    js = plotly.offline.get_plotlyjs()
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert js[:2000] not in text, f"{page} inlines plotly.js"
        assert "/app/static" not in text and "cdn.plot.ly" not in text
        # Nothing is loaded from elsewhere: every src is a relative file in the export.
        for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', text):
            assert not re.match(r"[a-z]+:", src) and (page.parent / src).resolve().is_file(), (page, src)
        if page.parent.name == "forces":  # the briefings' bar and line charts need the whole of plotly.js
            assert re.search(r'<script[^>]*\bsrc="\.\./plotly\.min\.js"', text)
        if page.parent.name == "maps":  # a map page loads the geo bundle (1.4 MB), as the app's maps do
            assert re.search(r'<script[^>]*\bsrc="\.\./plotly-geo-4\.1\.1\.min\.js"', text)
            assert "plotly.min.js" not in text
        if page.parent.name in ("maps", "forces"):
            assert "window.PlotlyGeoAssets" in text


def test_links_between_pages_are_relative_and_resolve(site):
    index = (site / "index.html").read_text()
    links = re.findall(r'href="([^"]+)"', index)
    assert len([h for h in links if h.startswith("maps/")]) == 11
    assert len([h for h in links if h.startswith("forces/")]) == 2
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#]+)"', page.read_text()):
            if re.match(r"https?:", href):
                continue  # a source's own address, listed as a citation
            assert not href.startswith("/"), (page, href)
            assert (page.parent / href).resolve().is_file(), (page, href)


def test_known_published_figures(site):
    spo = (site / SPO_2020).read_text()
    # BBC Shared Data Unit survey: 294 SPOs granted across the 40 forces that answered.
    assert "294 SPOs granted, in the figures of the 40 of 43 forces" in spo
    met_row = re.search(r"<tr><td>Metropolitan Police</td>.*?</tr>", spo).group(0)
    assert met_row.startswith("<tr><td>Metropolitan Police</td><td>E23000001</td><td>London</td>"
                              "<td class=\"n\">59</td>")
    assert "<td class=\"n\">8,603</td>" in met_row
    assert "BBC_SDU_SPO_2021" in spo and "Caveats that apply to these figures" in spo
    assert "Contains OS data © Crown copyright" in spo.replace("&copy;", "©")
    assert "no published figure" in spo  # three forces have none: shown as such, not as zero
    rows = list(csv.DictReader(io.StringIO((site / SPO_2020.replace(".html", ".csv")).read_text())))
    assert len(rows) == 43
    met = next(r for r in rows if r["ONS code"] == "E23000001")
    assert met["SPO granted (count)"] == "59" and met["Stalking offences matched"] == "8603"
    assert met["Orders per 100 recorded stalking offences"] == "0.686"
    stalking = (site / STALKING_2022).read_text()
    assert "117,266 stalking offences (8Q) recorded by the 43 of 43 forces" in stalking
    assert "192.7 per 100,000 residents" in stalking
    met_page = (site / "forces" / "metropolitan_police.html").read_text()
    assert "Metropolitan Police: stalking, harassment and protective orders" in met_page
    assert 'href="../index.html"' in met_page


def test_command_line_refuses_bad_input(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "spodash.publish.static_site", *args],
                              capture_output=True, text=True, cwd=static_site.__file__.rsplit("/spodash/", 1)[0])

    r = run("--out", str(tmp_path / "x"), "--forces", "E99999999")
    assert r.returncode == 2 and "not ONS police force area codes in forces.csv: ['E99999999']" in r.stderr
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    r = run("--out", str(tmp_path / "mine"), "--forces", "E23000034")
    assert r.returncode == 2 and "not empty" in r.stderr and "Traceback" not in r.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


@pytest.mark.browser
def test_pages_draw_offline_in_chromium(site, browser):
    context = browser.new_context(viewport={"width": 1300, "height": 950})
    aborted, errors = [], []
    context.route("**/*", lambda r: (aborted.append(r.request.url), r.abort())
                  if not r.request.url.startswith("file:") else r.continue_())
    pg = context.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto((site / "index.html").as_uri())
        pg.get_by_role("link", name="2020/21").first.click()
        pg.wait_for_function("document.querySelectorAll('#map .choroplethlayer path').length >= 45", timeout=60_000)
        drawn = pg.evaluate("""() => {
            const gd = document.getElementById('map');
            const areas = gd.data.filter(t => t.featureidkey === 'properties.force_code');
            return {areas: areas.reduce((n, t) => n + t.locations.length, 0),
                    geojsonInline: areas.every(t => typeof t.geojson === 'object'),
                    paths: document.querySelectorAll('#map .choroplethlayer path.choroplethlocation').length,
                    crosses: document.querySelectorAll('#map .trace.scattergeo path.point').length};
        }""")
        assert drawn["areas"] == 43 and drawn["geojsonInline"]
        assert drawn["paths"] == 45  # 43 police force areas + Scotland and Northern Ireland in grey
        assert drawn["crosses"] == 3  # the three forces with no published SPO figure for 2020/21
        shot(pg, "static_spo_2020-21.png")
        pg.goto((site / STALKING_2022).as_uri())
        pg.wait_for_function("document.querySelectorAll('#map .choroplethlayer path').length >= 45", timeout=60_000)
        assert pg.evaluate("document.querySelectorAll('#map .choroplethlayer path.choroplethlocation').length") == 45
        pg.goto((site / "forces" / "london_city_of.html").as_uri())
        # Five charts: trends by year and quarter, orders over time (its one DVPO figure), context, locator map.
        pg.wait_for_function("document.querySelectorAll('.js-plotly-plot').length == 5 && "
                             "document.querySelectorAll('.choroplethlayer path').length == 43", timeout=60_000)
        shot(pg, "static_force_city_of_london.png")
    finally:
        context.close()
    assert aborted == [], f"pages asked for something outside the export: {aborted[:5]}"
    assert errors == []
