"""Known published figures come out of the bundle; every code and source id joins."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from spodash.paths import DATA_DIR, GEO_DIR, ROOT
from spodash.schema import COLUMNS


def test_forty_three_forces(bundle):
    f = bundle.forces
    assert len(f) == 43 and f["force_code"].is_unique
    assert f["population"].sum() == 60_854_727  # ONS mid-2023, England and Wales
    row = f.set_index("force_code").loc["E23000013"]
    assert (row["force_name"], row["region"], row["population"]) == ("Cleveland", "North East", 588_369)
    north_east = set(f.loc[f["region"] == "North East", "force_name"])
    assert north_east == {"Cleveland", "Durham", "Northumbria"}
    assert f.loc[f["region"] == "Wales", "force_code"].str.startswith("W15").all()
    assert len(f.loc[f["region"] == "Wales"]) == 4


def test_aliases_hold_every_spelling(bundle):
    aliases = bundle.forces.set_index("force_code")["aliases"].str.split("|")
    assert {"Metropolitan  Service", "Metropolitan Police"} <= set(aliases["E23000001"])
    assert {"London, City of", "City of London"} <= set(aliases["E23000034"])
    assert {"Devon & Cornwall", "Devon and Cornwall"} <= set(aliases["E23000035"])
    assert {"Dyfed Powys", "Dyfed-Powys"} <= set(aliases["W15000004"])


def _fy(bundle, year, codes):
    c = bundle.crime
    return int(c.loc[(c["financial_year"] == year) & c["offence_code"].isin(codes), "count"].sum())


def test_known_recorded_crime_figures(bundle):
    assert _fy(bundle, "2022/23", ["8Q"]) == 117_266
    assert _fy(bundle, "2022/23", ["8L", "8M", "8Q", "8R", "8U"]) == 707_210
    assert _fy(bundle, "2014/15", ["8Q"]) == 2_878
    assert _fy(bundle, "2020/21", ["8Q"]) == 98_634
    c = bundle.crime
    cleveland = c[(c["force_code"] == "E23000013") & (c["financial_year"] == "2022/23")]
    assert cleveland.groupby("offence_code")["count"].sum().to_dict() == {
        "8L": 5_555, "8M": 153, "8Q": 2_348, "8R": 4_208, "8U": 451}
    assert "British Transport Police" not in set(bundle.forces["force_name"])


def test_latest_ons_year_is_kept(bundle):
    p1 = bundle.crime_p1.set_index(["force_code", "year_ending"])
    assert p1.at[("E23000013", "Jun 2025"), "count"] == 8_429
    assert p1.at[("E23000005", "Jun 2025"), "count"] == 43_435
    assert p1.at[("E23000013", "Jun 2025"), "period_start"] == pd.Timestamp("2024-07-01")
    # ONS printed '..' for Greater Manchester: missing, not zero.
    assert pd.isna(p1.at[("E23000005", "Dec 2019"), "count"])
    assert p1.at[("E23000005", "Dec 2019"), "count_as_published"] == ".."


def test_spo_survey_blanks_are_not_zero(bundle):
    o = bundle.orders
    bbc = o[(o["source_id"] == "BBC_SDU_SPO_2021") & (o["order_type"] == "SPO")]
    for code in ("E23000020", "E23000009"):  # Lincolnshire, North Yorkshire: no FOI answer
        rows = bbc[bbc["force_code"] == code]
        assert len(rows) == 4 and rows["count"].isna().all()
    assert bbc.loc[bbc["measure"] == "granted", "count"].sum() == 294  # England 292 + Wales 2
    assert "E23000034" not in set(bbc["force_code"])  # City of London is absent from the shared file
    notts = bbc[(bbc["force_code"] == "E23000019") & (bbc["measure"] == "refused")]
    assert notts["count"].isna().all() and (notts["count_as_published"] == "n/a").all()
    cleveland = bbc[(bbc["force_code"] == "E23000013") & (bbc["measure"] == "granted")].iloc[0]
    assert (cleveland["count"], cleveland["period_start"], cleveland["period_end"]) == (
        1, pd.Timestamp("2020-01-20"), pd.Timestamp("2021-05-06"))


def test_suppressed_figures_stay_blank(bundle):
    o = bundle.orders
    suppressed = o[o["count_as_published"].str.contains("fewer than five", case=False)]
    assert len(suppressed) >= 4 and suppressed["count"].isna().all()
    met = o[(o["force_code"] == "E23000001") & (o["measure"] == "in_force")]
    assert met["count"].isna().all()  # "around 270": approximate, so not a count


def test_every_code_and_source_joins(bundle):
    codes = set(bundle.forces["force_code"])
    geo_codes = {f["properties"]["force_code"] for f in bundle.geo["features"]}
    assert geo_codes == codes
    for name in ("crime", "crime_p1", "orders"):
        assert set(getattr(bundle, name)["force_code"]) <= codes, name
    assert set(bundle.caveats["force_code"]) - {""} <= codes
    ids = set(bundle.sources["source_id"])
    for name in ("crime", "crime_p1", "orders", "orders_context", "caveats"):
        assert set(getattr(bundle, name)["source_id"]) <= ids, name


def test_files_have_exactly_the_documented_columns():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name, columns in COLUMNS.items():
        header = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(columns)
        assert f"`{name}`" in readme, f"{name} is not documented in data/README.md"
        for col in columns:
            assert f"`{col}`" in readme, f"column {col} of {name} is not documented"


def test_caveats_cover_rule_changes_and_force_problems(bundle):
    c = bundle.caveats
    starts = set(c.loc[c["force_code"] == "", "applies_from"].dt.strftime("%Y-%m"))
    assert {"2015-04", "2017-04", "2018-04", "2020-04", "2023-05"} <= starts
    assert any(c["text"].str.contains("April 2014") | c["text"].str.contains("2014"))
    for code in ("E23000005", "E23000035", "W15000004"):  # Greater Manchester, Devon & Cornwall, Dyfed-Powys
        assert (c["force_code"] == code).any(), code


def test_source_types_grade_the_evidence(bundle):
    s = bundle.sources.set_index("source_id")
    assert s.at["HO_PRC_PFA_2023_10", "source_type"] == "official statistics"
    assert s.at["DORSET_FOI_2022_125", "source_type"] == "FOI disclosure"
    assert s.at["NOTTS_2024_AGGREGATOR", "source_type"] == "copy of a news report"
    assert (s["attribution"].str.len() > 0).all()


def test_geometry_is_light_valid_and_seamless():
    path = GEO_DIR / "police_force_areas.geojson"
    assert path.stat().st_size <= 200_000
    geo = json.loads(path.read_text())
    shapes = [shape(f["geometry"]) for f in geo["features"]]
    assert len(shapes) == 43 and all(s.is_valid and not s.is_empty for s in shapes)
    assert all(set(f["properties"]) == {"force_code", "force_name"} for f in geo["features"])
    union = shapely.union_all(shapes)
    # No overlaps: the areas add up to their union (to rounding).
    assert sum(s.area for s in shapes) == pytest.approx(union.area, rel=1e-9)
    # No gaps between neighbours: the union has no holes bigger than rounding noise.
    holes = [h for p in getattr(union, "geoms", [union]) for h in p.interiors]
    assert all(shapely.Polygon(h).area < 1e-6 for h in holes)
    city = next(s for s, f in zip(shapes, geo["features"]) if f["properties"]["force_code"] == "E23000034")
    assert city.area > 0
    coords = json.dumps(geo["features"][0]["geometry"]["coordinates"][:1])[:200]
    assert all(len(x.split(".")[1]) <= 4 for x in coords.replace("[", "").replace("]", "").split(",") if "." in x)


def test_static_copies_match_the_geo_contract():
    for name in ("police_force_areas.geojson", "scotland_ni_outline.geojson"):
        assert (ROOT / "static" / name).read_bytes() == (GEO_DIR / name).read_bytes()
