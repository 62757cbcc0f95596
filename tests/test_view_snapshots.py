"""Value snapshots of the view models: the plain objects that the map page, the static site and the
briefing all render from, for a few fixed filter states, as small readable JSON in tests/snapshots/.

A change to any figure, word, period, caveat or colour class behind a view shows up here as a diff to
review. When the change is meant, rewrite the files and read the diff before committing:

    SPODASH_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_view_snapshots.py
"""
from __future__ import annotations

import difflib
import json
import math
import os
from dataclasses import asdict

import pandas as pd
import pytest

from spodash.charts.maps import label_points
from spodash.data.paths import ROOT
from spodash.figures.profile import build_profile, sections
from spodash.views import cite, headlines, mapview

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = os.environ.get("SPODASH_UPDATE_SNAPSHOTS") == "1"

#: name -> filter state: the default first view, a region and a force picked, each force's latest
#: figure, a DVPO view per 100,000 residents, and the ONS basis.
MAP_STATES = {
    "map_default": mapview.MapState(),
    "map_north_east_cleveland": mapview.MapState(region="North East", force="E23000013"),
    "map_latest_count": mapview.MapState(year="latest", metric="count"),
    "map_dvpo_per_100k_2017_18": mapview.MapState(order_type="DVPO", measure="granted", year="2017/18",
                                                  metric="per_100k", report_metric="count"),
    "map_ons_year_ending_jun_2025": mapview.MapState(basis="ons", year="Jun 2025", offence="group", metric="count"),
}
PROFILE_FORCES = {"profile_cleveland": "E23000013", "profile_dyfed_powys": "W15000004"}


def _plain(value):
    """JSON-ready: NaN and NA as null (never 0), numpy and pandas scalars as Python ones."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    return value


#: Long words (a source's full title, a caveat's text) are held once elsewhere in a snapshot (``caveats``,
#: ``source_ids``) or by other tests; the rows keep what a figure is: its number, period, measure and source.
LONG_TEXT = {"Caveats", "Order source", "Other figures for this force and period", "caveat", "text", "note",
             "title", "url", "licence", "attribution", "publisher", "notes", "source_title"}


def _records(frame: pd.DataFrame | None) -> list[dict] | None:
    if frame is None:
        return None
    frame = frame.drop(columns=[c for c in frame.columns if c in LONG_TEXT])
    return [_plain(row) for row in frame.astype(object).where(frame.notna(), None).to_dict(orient="records")]


def _dumps(snapshot: dict) -> str:
    """Indented JSON with each table row on one line, so a changed figure is a one-line diff."""
    def rows_inline(value, depth: int) -> str:
        pad = " " * depth
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            inner = ",\n".join(pad + " " + json.dumps(v, ensure_ascii=False) for v in value)
            return "[\n" + inner + "\n" + pad + "]"
        if isinstance(value, dict):
            items = [f'{pad} {json.dumps(k)}: {rows_inline(v, depth + 1)}' for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}" if items else "{}"
        return json.dumps(value, ensure_ascii=False)
    return rows_inline(snapshot, 0) + "\n"


def _figure_words(figure) -> dict:
    """What a reader takes from a map without its shapes: the title, the source line, the legend's classes."""
    layout = figure.layout
    legend = [t.name for t in figure.data if t.name]
    classes = [list(t.colorbar.ticktext) for t in figure.data if t.type == "choropleth" and t.colorbar.ticktext]
    frame = [list(layout.geo.lonaxis.range), list(layout.geo.lataxis.range)]  # the whole country, or a zoom
    return {"title": layout.title.text, "annotations": [a.text for a in layout.annotations], "legend": legend,
            "classes": classes, "frame": frame}


def map_snapshot(bundle, quarters, points, state: mapview.MapState) -> dict:
    view = mapview.build(bundle, quarters, points, state)
    offence = state.offence
    return {
        "state": state._asdict(),
        "order_label": view.order_label,
        "period_label": view.period_label,
        "latest": view.latest,
        "annualised": _plain(view.annualised),
        "order_value_label": view.order_value_label,
        "national": _plain(view.national),
        "national_reports": _plain(view.national_reports),
        "region": _plain(view.region),
        "region_reports": _plain(view.region_reports),
        "cards": [_plain(asdict(c)) for c in (headlines.latest_cards(view, offence) if view.latest
                                              else headlines.year_cards(view, offence))],
        "one_line": headlines.one_line(view, offence),
        "cite": cite.sentence(bundle, view),
        "orders_map": _figure_words(view.orders_figure),
        "reports_map": _figure_words(view.reports_figure),
        "caveats": view.caveats,
        "source_ids": view.source_ids,
        "table": _records(view.table),
    }


def profile_snapshot(bundle, quarters, force: str) -> dict:
    p = build_profile(bundle, quarters, force)
    return {
        "force": {"code": p.code, "name": p.name, "region": p.region, "population": p.population,
                  "population_year": p.population_year},
        "headlines": [_plain({**asdict(h), "text": h.text}) for h in p.headlines],
        "sections": {key: _plain(asdict(s)) for key, s in sections(p).items()},
        "yearly": _records(p.yearly),
        "orders": _records(p.orders),
        "context": _records(p.context),
        "caveats": _records(p.caveats),
        "source_ids": p.source_ids,
    }


def check(name: str, snapshot: dict) -> None:
    path = SNAPSHOTS / f"{name}.json"
    text = _dumps(snapshot)
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"no snapshot {path.name}: write it with SPODASH_UPDATE_SNAPSHOTS=1 and review it")
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    stored = path.read_text(encoding="utf-8")
    if stored != text:
        diff = "".join(list(difflib.unified_diff(stored.splitlines(True), text.splitlines(True), path.name,
                                                 "now", n=1))[:80])
        pytest.fail(f"{path.name} changed (rewrite with SPODASH_UPDATE_SNAPSHOTS=1 if meant):\n{diff}")


@pytest.fixture(scope="module")
def points(bundle):
    return label_points(bundle.geo)


@pytest.mark.parametrize("name", MAP_STATES)
def test_map_view_snapshot(bundle, quarters, points, name):
    check(name, map_snapshot(bundle, quarters, points, MAP_STATES[name]))


@pytest.mark.parametrize("name", PROFILE_FORCES)
def test_profile_snapshot(bundle, quarters, name):
    check(name, profile_snapshot(bundle, quarters, PROFILE_FORCES[name]))


def test_snapshots_hold_known_published_figures():
    """The stored snapshots are not just whatever the code printed: they hold figures read off the sources."""
    default = json.loads((SNAPSHOTS / "map_default.json").read_text(encoding="utf-8"))
    rows = {r["ONS code"]: r for r in default["table"]}
    met = rows["E23000001"]  # the Met: 59 SPOs granted, 20 Jan 2020 to 12 May 2021 (BBC SDU survey)
    assert (met["SPO granted (count)"], met["Order figure period"]) == (59, "20 Jan 2020 to 12 May 2021")
    assert met["Stalking (8Q) (count)"] == 8081  # recorded stalking, financial year 2020/21
    no_figure = [code for code, r in rows.items() if r["SPO granted (count)"] is None]
    assert len(rows) == 43 and len(no_figure) == 3  # drawn as "no data", stored as null, never as 0
    assert sorted(p.stem for p in SNAPSHOTS.glob("*.json")) == sorted([*MAP_STATES, *PROFILE_FORCES])
