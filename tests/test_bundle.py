"""Known published figures come out of the bundle; every code and source id joins."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from spodash.data.paths import DATA_DIR, GEO_DIR, ROOT
from spodash.data.schema import COLUMNS


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
    city = next(s for s, f in zip(shapes, geo["features"], strict=True) if f["properties"]["force_code"] == "E23000034")
    assert city.area > 0
    coords = json.dumps(geo["features"][0]["geometry"]["coordinates"][:1])[:200]
    assert all(len(x.split(".")[1]) <= 4 for x in coords.replace("[", "").replace("]", "").split(",") if "." in x)


def test_static_copies_match_the_geo_contract():
    for name in ("police_force_areas.geojson", "scotland_ni_outline.geojson"):
        assert (ROOT / "static" / name).read_bytes() == (GEO_DIR / name).read_bytes()


# ---- issue 12: data truth -------------------------------------------------------------------
def test_no_8u_zero_before_8u_existed(bundle):
    c = bundle.crime
    early = c[(c["offence_code"] == "8U") & (c["financial_year"] < "2020/21")]
    assert not (early["count"] == 0).any()
    # The three Greater Manchester cells of 2019/20 are there, blank, with the caveat that says why.
    assert sorted(early["quarter"]) == [2, 3, 4] and set(early["force_code"]) == {"E23000005"}
    assert early["count"].isna().all()
    cav = bundle.caveats.set_index("caveat_id").loc["gmp-8u-2019-20-blank"]
    assert (cav["force_code"], cav["topic"]) == ("E23000005", "8U")
    assert cav["applies_from"] <= early["period_start"].min() and cav["applies_to"] >= early["period_end"].max()
    # From 2020/21 Greater Manchester's 8U figures are published numbers (3,166 in 2022/23).
    gmp = c[(c["force_code"] == "E23000005") & (c["offence_code"] == "8U") & (c["financial_year"] == "2022/23")]
    assert gmp["count"].sum() == 3_166


def test_weak_sources_are_graded_as_what_they_are(bundle):
    s = bundle.sources.set_index("source_id")
    assert s.at["NORTH_WALES_LIBDEMS_2024", "source_type"] == "campaign statement"
    assert s.at["REDUCINGTHERISK_ONS_Q1_2020", "source_type"] == "charity summary"
    assert s.at["ORDERPAPER_LORDS_SPO", "source_type"] == "copy of a statement or record"
    assert s.at["ORDERPAPER_LORDS_SPO", "copy_of"].startswith("Hansard, House of Lords")
    assert s.at["STAFFS_DVPO_2017", "source_type"] == "copy of a statement or record"
    assert s.at["STAFFS_DVPO_2017", "copy_of"] == "A Staffordshire Police statement"
    from spodash.data.schema import SOURCE_TYPES
    rank = SOURCE_TYPES.index
    assert rank("news report") < rank("charity summary") < rank("campaign statement") < rank("copy of a news report")


def test_copies_say_what_they_copy_and_missing_urls_say_why(bundle):
    from spodash.data.schema import COPY_TYPES
    s = bundle.sources
    assert ((s["copy_of"] != "") == s["source_type"].isin(COPY_TYPES)).all()
    assert s.set_index("source_id").at["GUARDIAN_HO_REVIEW_FORCES_VIA_COPY", "copy_of"].startswith("The Guardian")
    no_url = s[s["url"] == ""].set_index("source_id")
    assert set(no_url.index) == {"ONS_MYE_2023", "ONS_PFA_BOUNDARIES_DEC2023", "SPODASH_PROJECT"}
    assert (no_url["url_note"].str.len() > 20).all()
    assert (s.loc[s["url"] != "", "url_note"] == "").all()
    # A figure resting only on a copy can be told from the sources table.
    o = bundle.orders.merge(s[["source_id", "copy_of"]], on="source_id")
    cleveland_2024 = o[(o["force_code"] == "E23000013") & (o["period_end"] == pd.Timestamp("2024-12-31"))]
    assert (cleveland_2024["copy_of"] != "").all() and len(cleveland_2024) == 1


def test_review_suppression_caveats_belong_to_their_force_and_report(bundle):
    from spodash.figures.metrics import applicable_caveats
    c = bundle.caveats
    review = c[c["caveat_id"].str.startswith("ho-spo-review-fewer-than-five")]
    assert len(review) == 5 and (review["force_code"] != "").all() and (review["applies_to_source"] != "").all()
    texts = set(review["text"])
    o = bundle.orders
    for code in ("E23000031", "E23000032"):  # Surrey 22 and Kent 23 (BBC survey): not beside them
        r = o[(o["force_code"] == code) & (o["source_id"] == "BBC_SDU_SPO_2021") & (o["measure"] == "granted")].iloc[0]
        shown = applicable_caveats(c, code, {"SPO"}, r["period_start"], r["period_end"], source_id=r["source_id"])
        assert not texts & set(shown), code
    # Beside the suppressed figure it is about.
    r = o[(o["force_code"] == "E23000013") & (o["source_id"] == "NORTHERN_ECHO_NE_SPO_2022")].iloc[0]
    shown = applicable_caveats(c, "E23000013", {"SPO"}, r["period_start"], r["period_end"], source_id=r["source_id"])
    assert texts & set(shown)
    assert c.set_index("caveat_id").at["orders-do-not-add-across-sources", "source_id"] == "SPODASH_PROJECT"


def test_inferred_years_are_caveats_on_those_figures(bundle):
    from spodash.figures.metrics import applicable_caveats
    o, c = bundle.orders, bundle.caveats
    inferred = o[o["note"].str.contains(r"Year INFERRED|= \d{4} \(inferred\)", regex=True)]
    assert set(zip(inferred["force_code"], inferred["period_end"].dt.year, inferred["count"], strict=True)) == {
        ("E23000013", 2024, 3), ("E23000013", 2023, 4)}
    text = c.set_index("caveat_id").at["cleveland-spo-2023-2024-years-inferred", "text"]
    for r in inferred.itertuples():
        assert text in applicable_caveats(c, r.force_code, {r.order_type}, r.period_start, r.period_end,
                                          source_id=r.source_id)
    # Not beside the force's own FOI figure for 2024, whose year is stated.
    foi = o[o["source_id"] == "CLEVELAND_FOI_900_24"].iloc[0]
    assert text not in applicable_caveats(c, foi["force_code"], {"SPO"}, foi["period_start"], foi["period_end"],
                                          source_id=foi["source_id"])


def test_labels_say_no_more_than_the_source(bundle):
    ctx = bundle.orders_context
    assert "North East (region)" not in set(ctx["geography"])
    ne = ctx[ctx["source_id"] == "HO_SPO_REVIEW_VIA_HARTLEPOOL_MAIL_2022"].iloc[0]
    assert ne["geography"] == "North East (as reported; forces covered not stated)" and ne["count"] == 25
    assert "Cleveland, Durham, Northumbria and North Yorkshire" in ne["note"]
    # Every figure from the Home Office review says how its report dates it, and that reports differ.
    o = bundle.orders
    review = o[o["note"].str.contains("A Home Office SPO review figure: this report dates it")]
    assert len(review) == 17 and set(review["period_end"].dt.strftime("%Y-%m-%d")) == {
        "2021-01-19", "2021-01-31", "2021-02-28"}
    # Durham's 0 applications, stored from two reports of the review, say they are one figure.
    durham = review[(review["force_code"] == "E23000008") & (review["count"] == 0)]
    assert len(durham) == 2 and durham["note"].str.contains("one figure in two reports, not two figures").all()
    assert sorted(durham["period_end"].dt.strftime("%Y-%m")) == ["2021-01", "2021-02"]
