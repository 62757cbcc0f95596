"""Each validation rule rejects a deliberately broken copy of a bundled file with a clear message."""
from __future__ import annotations

import shutil

import pytest

from spodash.data.datasets import DataFileError, load_bundle
from spodash.data.paths import DATA_DIR, GEO_DIR


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(GEO_DIR, tmp_path / "geo")
    return tmp_path


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _load(root):
    return load_bundle(root / "data", root / "geo")


def test_intact_copy_loads(copy):
    bundle = _load(copy)
    assert len(bundle.forces) == 43
    # An empty recorded-crime count is a figure not published (the 8U cells before 2020/21), never a zero.
    assert bundle.crime["count"].isna().sum() == 3 and len(bundle.disagreements) == 7


@pytest.mark.parametrize("file, old, new, expected", [
    ("orders.csv", "force_code,order_type", "force,order_type", "orders.csv: columns must be"),
    ("orders.csv", "E23000036,SPO,granted,2020-01-20,2021-04-30,8,",
     "E23000036,SPO,granted,2020-01-20,2021-04-30,eight,", "orders.csv, line 2: count 'eight' is not a whole number"),
    ("orders.csv", "E23000036,SPO,granted,2020-01-20,2021-04-30,8,",
     "E23000036,SPO,granted,2020-01-20,2021-04-30,-8,", "orders.csv, line 2: count '-8' is negative"),
    ("orders.csv", "E23000036,SPO,granted,2020-01-20,", "E23000036,SPO,granted,20/01/2020,",
     "orders.csv, line 2: period_start '20/01/2020' is not a date (YYYY-MM-DD)"),
    ("orders.csv", "E23000036,SPO,granted,2020-01-20,2021-04-30", "E23000036,SPO,granted,2022-01-20,2021-04-30",
     "orders.csv, line 2: period_end is before period_start"),
    ("orders.csv", "E23000036,SPO,granted", "E23000099,SPO,granted",
     "orders.csv, line 2: force_code 'E23000099' is not in forces.csv"),
    ("orders.csv", "E23000036,SPO,granted", "E23000036,ASBO,granted",
     "orders.csv, line 2: order_type 'ASBO' is not one of"),
    ("orders.csv", "E23000036,SPO,granted", "E23000036,SPO,given", "orders.csv, line 2: measure 'given' is not one of"),
    ("orders.csv", ",BBC_SDU_SPO_2021,", ",NO_SUCH_SOURCE,",
     "orders.csv, line 2: source_id 'NO_SUCH_SOURCE' is not in sources.csv"),
    ("recorded_crime.csv", "E23000001,2012/13,1,2012-04-01,2012-06-30,8L,Harassment,",
     "E23000001,2012/13,5,2012-04-01,2012-06-30,8L,Harassment,",
     "recorded_crime.csv, line 2: quarter '5' is not one of"),
    ("recorded_crime.csv", ",8L,Harassment,", ",8Z,Harassment,",
     "recorded_crime.csv, line 2: offence_code '8Z' is not one of"),
    ("forces.csv", "E23000013,Cleveland", "X23000013,Cleveland", "forces.csv, line"),
    ("forces.csv", "E23000013,Cleveland,North East,588369", "E23000013,Cleveland,North East,",
     "forces.csv, line"),
    ("sources.csv", "official statistics", "rumour", "sources.csv, line"),
    ("caveats.csv", "8L|8M|stalking_harassment", "8L|8Z", "caveats.csv, line 2: topic '8Z' is not one of"),
    ("sources.csv", "A 2024 news report quoting Nottinghamshire Police (original publisher not identified)", "",
     "NOTTS_2024_AGGREGATOR: copy_of must be filled exactly when source_type is a copy"),
    ("sources.csv", "The provenance notes give no web address for the ONS release: the table was read from an "
                    "unchanged copy in the GitHub repository burysek/immigration_and_crime (commit b3d2ba0).", "",
     "ONS_MYE_2023 has no url and no url_note saying why"),
    ("disagreements.csv", "running_total_falls", "rumour", "disagreements.csv, line 2: kind 'rumour' is not one of"),
    ("disagreements.csv", ",133,BBC_SDU_SPO_2021,", ",134,BBC_SDU_SPO_2021,",
     "disagreements.csv, line 2: figure a (GUARDIAN_HO_REVIEW_FORCES_VIA_COPY, applied_for, 134) "
     "is not a figure in orders.csv"),
    ("disagreements.csv", "2020-01-20,2021-05-12,123,", "2020-01-20,2021-05-12,,",
     "disagreements.csv, line 2: b_count is empty"),
])
def test_rule_rejects_broken_file(copy, file, old, new, expected):
    _edit(copy / "data" / file, old, new)
    with pytest.raises(DataFileError) as err:
        _load(copy)
    assert expected in str(err.value)
    assert err.value.file == file


def test_missing_force_row(copy):
    path = copy / "data" / "forces.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(DataFileError, match="must list the 43 territorial forces once each"):
        _load(copy)


def test_missing_file(copy):
    (copy / "data" / "caveats.csv").unlink()
    with pytest.raises(DataFileError, match="caveats.csv: file is missing"):
        _load(copy)


def test_not_utf8(copy):
    path = copy / "data" / "sources.csv"
    path.write_bytes(path.read_bytes() + "Ynys Môn\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="sources.csv: not UTF-8 text"):
        _load(copy)


def test_geometry_must_match_forces(copy):
    path = copy / "geo" / "police_force_areas.geojson"
    _edit(path, '"force_code":"E23000013"', '"force_code":"E23000999"')
    with pytest.raises(DataFileError, match=r"police_force_areas.geojson: areas do not match forces.csv: "
                                            r"\['E23000013', 'E23000999'\]"):
        _load(copy)


def test_geometry_must_be_geojson(copy):
    (copy / "geo" / "police_force_areas.geojson").write_text("{not json")
    with pytest.raises(DataFileError, match="not a GeoJSON FeatureCollection"):
        _load(copy)


@pytest.mark.parametrize("file, old, new, expected", [
    # Chart markers (chart_label, marker_date) are national and come in pairs.
    ("caveats.csv", "ONS_APPENDIX_A4_YE_MAR2022,,8L widened,2015-04-01", "ONS_APPENDIX_A4_YE_MAR2022,,8L widened,",
     "caveats.csv, line 43: chart_label and marker_date go together"),
    ("caveats.csv", "ONS_APPENDIX_A4_YE_MAR2022,,8L widened,", "ONS_APPENDIX_A4_YE_MAR2022,,8L widened and widened and "
     "widened,", "caveats.csv, line 43: chart_label '8L widened and widened and widened' is longer than 30 characters"),
    ("caveats.csv", "rule-2015-harassment-added,,", "rule-2015-harassment-added,E23000013,",
     "caveats.csv, line 43: marker_date is only for caveats about all forces"),
    ("caveats.csv", "8L widened,2015-04-01", "8L widened,April 2015",
     "caveats.csv, line 43: marker_date 'April 2015' is not a date (YYYY-MM-DD)"),
    ("sources.csv", "ABOUTMANCHESTER_GMP_DAPO_2025,Over", "AVON_FOI_830_23,Over",
     "sources.csv, line 3: source_id 'AVON_FOI_830_23' appears twice (first on line 2)"),
    ("recorded_crime.csv", "E23000001,2012/13,1,2012-04-01,2012-06-30,8L,Harassment,",
     "E23000001,2012/13,1,2012-04-01,2012-06-30,8L,Harassment,-", "recorded_crime.csv, line 2: count '-"),
])
def test_contract_rules_for_new_columns_and_keys(copy, file, old, new, expected):
    test_rule_rejects_broken_file(copy, file, old, new, expected)


def test_only_8m_counts_may_be_negative(copy):
    path = copy / "data" / "recorded_crime.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if ",8L,Harassment," in line)
    head, _, tail = lines[i].rpartition(",8L,Harassment,")
    count, source = tail.split(",", 1)
    lines[i] = f"{head},8L,Harassment,-{count},{source}"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"recorded_crime.csv, line {i + 1}: count '-{count}' is negative"):
        _load(copy)


def test_every_problem_is_found_in_one_pass(copy):
    """All broken files at once: one error, its message led by the first problem, every problem listed."""
    _edit(copy / "data" / "orders.csv", "E23000036,SPO,granted", "E23000036,SPO,gifted")
    _edit(copy / "data" / "orders.csv", "E23000036,SPO,refused", "E23000036,ASBO,refused")
    _edit(copy / "data" / "sources.csv", "official statistics", "rumour")
    (copy / "data" / "disagreements.csv").unlink()
    with pytest.raises(DataFileError) as err:
        _load(copy)
    found = {str(p) for p in err.value.problems}
    assert "orders.csv, line 2: measure 'gifted' is not one of" in " ".join(found)
    assert "orders.csv, line 3: order_type 'ASBO' is not one of" in " ".join(found)
    assert "disagreements.csv: file is missing" in found
    assert any(p.startswith("sources.csv, line ") and "source_type 'rumour'" in p for p in found)
    text = str(err.value)
    assert text.startswith("sources.csv, line ")  # sources come before the files that join to them
    assert "more problems:" in text and "disagreements.csv: file is missing" in text
    assert "orders.csv, line 2: measure 'gifted' is not one of" in text
    assert err.value.file == "sources.csv"
