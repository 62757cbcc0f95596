"""Render once, export many: the static site and the briefing are built from the app's own view objects."""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from markupsafe import escape

from spodash.charts import maps, profile_charts
from spodash.data.paths import ROOT
from spodash.figures import profile
from spodash.publish import briefing, render, static_site
from spodash.publish.exports import to_csv_bytes
from spodash.views import mapview

CLEVELAND = "E23000013"


@pytest.fixture(scope="module")
def site(tmp_path_factory, bundle) -> Path:
    out = tmp_path_factory.mktemp("render_once") / "site"
    static_site.build(out, forces=[CLEVELAND], generated=dt.date(2026, 11, 28), bundle=bundle, log=lambda *a: None)
    return out


def app_download(bundle, quarters, state: mapview.MapState) -> bytes:
    """What the map page's "Download this table (CSV)" button sends for a view (app_pages/map.py)."""
    return to_csv_bytes(mapview.build(bundle, quarters, maps.label_points(bundle.geo), state).table)


def test_the_map_page_downloads_its_view_table():
    """The download the test above compares with is the one the map page offers."""
    source = (ROOT / "app_pages" / "map.py").read_text()
    assert "lambda: to_csv_bytes(view.table)" in source and "file_name=mapview.csv_name(view.state)" in source


@pytest.mark.parametrize("slug, state", [
    ("spo-granted-per-100-stalking-offences-2020-21", mapview.MapState(year="2020/21")),
    ("stalking-8q-per-100k-residents-2022-23", mapview.MapState(year="2022/23")),
])
def test_static_csv_is_the_app_download_byte_for_byte(site, bundle, quarters, slug, state):
    static = (site / "maps" / f"{slug}.csv").read_bytes()
    assert static == app_download(bundle, quarters, state)
    met = next(line for line in static.decode("utf-8").splitlines() if ",E23000001," in line)
    if state.year == "2020/21":  # BBC Shared Data Unit survey: the Met granted 59 SPOs, 8,603 offences matched
        assert met.startswith("Metropolitan Police,E23000001,London,59,0.686,")


def test_static_table_is_the_app_screen_table(site, bundle, quarters):
    view = mapview.build(bundle, quarters, maps.label_points(bundle.geo), mapview.MapState(year="2020/21"))
    page = (site / "maps" / "spo-granted-per-100-stalking-offences-2020-21.html").read_text()
    table = re.search(r"<caption>The figures on the map.*?</table>", page, re.S).group(0)
    heads = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert heads == [render.text(c).replace("&", "&amp;").replace("list above", "list below")
                     for c in view.screen_table.columns]
    assert heads[-1] == "Caveats (numbers in the list below)"
    assert table.count("<tr><td>") == 43
    # The caveats are numbered as on the app's page: the list holds the view's caveats in order.
    listed = re.search(r"Caveats that apply to these figures \((\d+)\)</h2>\s*<ol>(.*?)</ol>", page, re.S)
    assert int(listed.group(1)) == len(view.caveats) == listed.group(2).count("<li>")


def test_every_page_is_autoescaped(bundle, quarters):
    figure = profile.Figure("<script>alert(1)</script>", 5, "2020/21", "X", "Title & co", "FOI disclosure")
    cards = str(render.headline_cards_html([figure]))
    assert "<script>" not in cards and "&lt;script&gt;alert(1)&lt;/script&gt;" in cards and "Title &amp; co" in cards
    t = render.table(pd.DataFrame({"Name": ["<b>bold</b>"], "Count": [pd.NA]}))
    doc = str(render.environment().get_template("macros.html").module.table(t))
    assert "&lt;b&gt;bold&lt;/b&gt;" in doc and "<b>" not in doc
    assert '<td class="n">no published figure</td>' in doc  # missing is said, never 0


def test_briefing_follows_the_profile_sections(bundle, quarters):
    p = profile.build_profile(bundle, quarters, CLEVELAND)
    html = briefing.briefing_html(p, profile_charts.briefing_figures(p, bundle.forces, bundle.geo),
                                  generated="2025-11-28", plotly_config=maps.PLOTLY_CONFIG)
    found = re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', html)
    assert [k for k, _ in found] == list(profile.sections(p))
    assert [t for _, t in found] == [s.title.replace("&", "&amp;") for s in profile.sections(p).values()]
    # The words under the sections and charts are the page's own.
    notes = [s.note for s in profile.sections(p).values() if s.note]
    notes += [profile_charts.trend_caption("fy"), profile_charts.locator_caption(p)]
    assert len(notes) == 4 and all(str(escape(n)) in html for n in notes)


def test_the_profile_page_uses_the_same_sections():
    tree = ast.parse((ROOT / "app_pages" / "profile.py").read_text())
    keys = [c.args[0].value for c in ast.walk(tree) if isinstance(c, ast.Call)
            and getattr(c.func, "id", "") == "section" and c.args and isinstance(c.args[0], ast.Constant)]
    assert keys == ["headline", "over-time", "protective-orders", "in-context", "caveats", "sources"]
    assert keys == [s.key for s in profile.sections(profile.ForceProfile(*[None] * 14)).values()]
    source = ast.unparse(tree)
    for used in ("sections['protective-orders'].note", "sections['in-context'].note",
                 "profile_charts.trend_caption(view)", "profile_charts.locator_caption(p)"):
        assert used in source, used


def test_one_template_folder_one_stylesheet_no_html_strings():
    folder = ROOT / "spodash" / "publish" / "templates"
    assert [p.name for p in folder.glob("*.css")] == ["style.css"]
    for module in ("publish/static_site", "publish/briefing", "figures/profile"):
        source = (ROOT / "spodash" / f"{module}.py").read_text()
        assert "html.escape" not in source and "<td" not in source and "<h2" not in source, module


@pytest.mark.parametrize("module", ["publish/static_site", "publish/briefing", "figures/profile",
                                    "charts/profile_charts", "publish/render", "figures/crime_series",
                                    "figures/attribution", "figures/force_context", "figures/compare"])
def test_modules_stay_small(module):
    assert len((ROOT / "spodash" / f"{module}.py").read_text().splitlines()) <= 400


def test_static_map_page_says_what_the_app_says_of_city_of_london(site, bundle):
    """One sentence, from forces.csv's 13,462 residents, on the app's map page and the static one."""
    note = mapview.city_of_london_note(bundle)
    assert note.startswith("City of London has 13,462 residents but a large daytime population")
    page = (site / "maps" / "spo-granted-per-100-stalking-offences-2020-21.html").read_text()
    assert f'<p class="note">{note}</p>' in page
