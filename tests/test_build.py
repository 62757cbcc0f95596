"""The build: a rebuild reproduces the committed bundle, and it fails loudly on what it cannot place."""
from __future__ import annotations

import shutil

import pytest

from spodash.build import BuildError
from spodash.build.__main__ import main
from spodash.build.bundle import build_bundle, compare
from spodash.data.paths import ROOT


@pytest.fixture(scope="module")
def rebuilt(raw_dir):
    return build_bundle(raw_dir)


def test_rebuild_reproduces_committed_bundle(rebuilt):
    files, _ = rebuilt
    assert set(files) >= {"data/forces.csv", "data/recorded_crime.csv", "data/orders.csv", "data/sources.csv",
                          "data/caveats.csv", "geo/police_force_areas.geojson",
                          "data/datapackage.json", "data/README.md"}
    assert compare(files, ROOT) == []


def test_build_report_counts_rows(rebuilt):
    _, report = rebuilt
    assert "forces.csv: 43 rows" in report
    assert "recorded_crime.csv: 7,098 rows" in report  # 7,263 Home Office rows less 165 for British Transport Police
    assert any(line.startswith("orders.csv: 18 figures not published") for line in report)
    assert "recorded_crime_ons_p1.csv: 473 rows" in report  # 9 ONS editions + the 2 compiled Sep years, 43 forces
    assert ("disagreements.csv: part_exceeds_whole 1, refusals_vs_successful_applications 1, running_total_falls 5"
            in report)


def test_check_flag_reports_a_stale_bundle(raw_dir, tmp_path, capsys):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "geo", tmp_path / "geo")
    shutil.copytree(ROOT / "static", tmp_path / "static")
    assert main(["--raw", str(raw_dir), "--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "data" / "orders.csv").write_text("force_code\n")
    assert main(["--raw", str(raw_dir), "--out", str(tmp_path), "--check"]) == 1
    assert "data/orders.csv differs from a fresh build" in capsys.readouterr().err


def _broken_raw(raw_dir, tmp_path, rel: str, old: str, new: str):
    """A copy of the raw folder with one substitution in one file."""
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    path = copy / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize("rel, old, new, message", [
    ("orders/dvpo_by_force.csv", "Lancashire,2016-01-01", "Lancashshire,2016-01-01",
     "unknown police force name 'Lancashshire'"),
    ("orders/dvpo_by_force.csv", "sought,99,99", "sought,-99,-99", "negative count '-99' where none is expected"),
    ("orders/dvpo_by_force.csv", "Lancashire,2016-01-01,2016-12-31", "Lancashire,2016-13-01,2016-12-31",
     "date '2016-13-01' does not parse as YYYY-MM-DD"),
    ("orders/dvpo_by_force.csv", "Lancashire,2016-01-01,2016-12-31", "Lancashire,2017-01-01,2016-12-31",
     "period ends (2016-12-31) before it starts (2017-01-01)"),
    ("orders/dvpo_by_force.csv", ",sought,99", ",wished for,99", "unknown measure 'wished for'"),
    ("orders/dvpo_by_force.csv", "Lancashire,2016-01-01,2016-12-31,Domestic Violence Protection Order (DVPO)",
     "Lancashire,2016-01-01,2016-12-31,Restraining order", "unknown order type 'Restraining order'"),
    ("orders/dvpo_by_force.csv", "sought,99,99", "sought,9.5,9.5", "count '9.5' is not a whole number"),
    ("recorded_crime/homeoffice_prc_pfa/prc_pfa_stalking_harassment_extract_191023.csv",
     "2012/13,1,Avon and Somerset", "2012-13,1,Avon and Somerset", "financial year '2012-13' does not parse"),
    ("recorded_crime/homeoffice_prc_pfa/prc_pfa_stalking_harassment_extract_191023.csv",
     "Harassment,Violence against the person,Violence without injury,8L,283",
     "Harassment,Violence against the person,Violence without injury,8L,-283", "negative count '-283'"),
    # An 8U cell before 8U is identifiable: only the three named zeros are blanked, anything else stops.
    ("recorded_crime/homeoffice_prc_pfa/prc_pfa_stalking_harassment_extract_191023.csv",
     "2019/20,2,Greater Manchester,Controlling and coercive behaviour,Violence against the person,"
     "Stalking and harassment,8U,0",
     "2019/20,2,Greater Manchester,Controlling and coercive behaviour,Violence against the person,"
     "Stalking and harassment,8U,4",
     "8U for Greater Manchester in 2019/20 Q2 is 4, not the 0 the build blanks"),
    ("recorded_crime/homeoffice_prc_pfa/prc_pfa_stalking_harassment_extract_191023.csv",
     "2019/20,3,Greater Manchester,Controlling", "2019/20,3,Cheshire,Controlling",
     "8U for Cheshire in 2019/20 Q3, before 8U is identifiable"),
    ("recorded_crime/ons_pfa_tables_compiled/ons_table_p1_ye_sep_2015_2024_compiled.csv",
     "2023,Cleveland,", "2023,Clevelandshire,", "unknown police force name 'Clevelandshire'"),
])
def test_build_fails_loudly(raw_dir, tmp_path, rel, old, new, message):
    broken = _broken_raw(raw_dir, tmp_path, rel, old, new)
    with pytest.raises(BuildError) as err:
        build_bundle(broken)
    assert message in str(err.value)
    assert rel.rsplit("/", 1)[-1] in str(err.value)  # names the file (and row)


def test_cli_prints_failure_without_traceback(raw_dir, tmp_path, capsys):
    broken = _broken_raw(raw_dir, tmp_path, "orders/dvpo_by_force.csv", "Lancashire,2016-01-01", "Atlantis,2016-01-01")
    assert main(["--raw", str(broken), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("build failed: dvpo_by_force.csv row 2: unknown police force name 'Atlantis'")
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "data").exists()


def test_cli_missing_raw_folder(tmp_path, capsys):
    assert main(["--raw", str(tmp_path / "nowhere")]) == 2
    assert "raw sources folder" in capsys.readouterr().err


def test_build_refuses_a_bundle_the_app_would_refuse(raw_dir, tmp_path, monkeypatch):
    """The built files are loaded with the app's own checks before anything is written."""
    from spodash.build import catalogue

    folder = tmp_path / "metadata"
    shutil.copytree(catalogue.METADATA_DIR, folder)
    path = folder / "caveats.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('chart_label = "8L widened"',
                                                             'chart_label = "8L widened, a label far too long"'))
    real = catalogue.load
    monkeypatch.setattr(catalogue, "load", lambda folder=folder: real(folder))
    with pytest.raises(BuildError, match="the built bundle breaks the data contract: caveats.csv, line 43: "
                                         "chart_label '8L widened, a label far too long' is longer than 30"):
        build_bundle(raw_dir)


def test_build_info_keeps_its_date_until_the_contents_change(rebuilt):
    """'Data built' is the day the bundle's contents last changed: a rebuild of the same data keeps it."""
    import json

    from spodash.build.bundle import BUILD_INFO, with_build_info

    files, _ = rebuilt
    committed = (ROOT / BUILD_INFO).read_text(encoding="utf-8")
    same = with_build_info(files, ROOT, "2099-01-01")
    assert same[BUILD_INFO] == committed and compare(same, ROOT) == []
    changed = dict(files, **{"data/forces.csv": files["data/forces.csv"] + "\n"})
    info = json.loads(with_build_info(changed, ROOT, "2099-01-01")[BUILD_INFO])
    assert info["built"] == "2099-01-01" and info["sha256"] != json.loads(committed)["sha256"]
