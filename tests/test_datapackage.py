"""The data contract as a Frictionless Data Package: one source, valid bundle, bad rows found by file and line.

`frictionless validate` is what a journalist runs on the download; the app's own fast check reads the
same contract, so both must find the same planted problems.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import frictionless
import pytest

from spodash.build.docs import columns_table
from spodash.data.datasets import DataFileError, load_bundle
from spodash.data.paths import DATA_DIR, GEO_DIR
from spodash.data.schema import COLUMNS, DATAPACKAGE, TABLES, datapackage
from spodash.publish import downloads

#: (file, text to replace, replacement, file line): one bad row in each of four tables.
PLANTED = [
    ("orders.csv", "E23000036,SPO,granted,2020-01-20,2021-04-30,8,",
     "E23000036,SPO,granted,2020-01-20,2021-04-30,eight,", 2),
    ("recorded_crime.csv", "E23000001,2012/13,1,2012-04-01,2012-06-30,8L,Harassment,",
     "E23000001,2012/13,5,2012-04-01,2012-06-30,8L,Harassment,", 2),
    ("caveats.csv", "8L|8M|stalking_harassment", "8L|8Z", 2),
    ("disagreements.csv", ",133,BBC_SDU_SPO_2021,", ",134,BBC_SDU_SPO_2021,", 2),
]


def test_committed_package_is_the_contract():
    """data/datapackage.json is written from spodash/data/schema.py by the build: the two never differ."""
    text = (DATA_DIR / DATAPACKAGE).read_text(encoding="utf-8")
    assert text == json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n"
    package = json.loads(text)
    assert [r["path"] for r in package["resources"]] == list(COLUMNS)
    for resource in package["resources"]:
        assert [f["name"] for f in resource["schema"]["fields"]] == list(COLUMNS[resource["path"]])
        assert all(f["description"] for f in resource["schema"]["fields"]), resource["path"]


def test_package_says_the_contracts_rules():
    tables = {r["path"]: r["schema"] for r in datapackage()["resources"]}
    fields = {(name, f["name"]): f for name, s in tables.items() for f in s["fields"]}
    assert fields[("orders.csv", "order_type")]["constraints"]["enum"] == [
        "SPO", "interim SPO", "full SPO", "DVPN", "DVPO", "DAPN", "DAPO"]
    assert "granted" in fields[("orders.csv", "measure")]["constraints"]["enum"]
    assert fields[("sources.csv", "source_type")]["constraints"]["enum"][0] == "official statistics"
    assert fields[("disagreements.csv", "kind")]["constraints"]["enum"][0] == "running_total_falls"
    for name in ("orders.csv", "orders_context.csv", "recorded_crime_ons_p1.csv"):
        assert fields[(name, "count")]["constraints"]["minimum"] == 0
    # 8M net adjustments are negative as published: no minimum on recorded crime (the app checks the rest).
    assert "minimum" not in fields[("recorded_crime.csv", "count")].get("constraints", {})
    assert tables["forces.csv"]["primaryKey"] == ["force_code"]
    assert tables["sources.csv"]["primaryKey"] == ["source_id"]
    links = {(name, tuple(k["fields"]), k["reference"]["resource"]) for name, s in tables.items()
             for k in s.get("foreignKeys", [])}
    for name in ("orders.csv", "recorded_crime.csv", "recorded_crime_ons_p1.csv", "caveats.csv", "disagreements.csv"):
        assert (name, ("force_code",), "forces") in links
    for name in ("orders.csv", "orders_context.csv", "recorded_crime.csv", "caveats.csv"):
        assert (name, ("source_id",), "sources") in links
    assert ("disagreements.csv", ("a_source_id",), "sources") in links


def test_readme_column_tables_are_the_contracts():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for t in TABLES:
        assert columns_table(t.name) in readme, f"data/README.md's table for {t.name} is not the contract's"


def test_frictionless_validates_the_downloaded_bundle(tmp_path):
    """What a journalist does: unzip the download and run `frictionless validate datapackage.json`."""
    blob = downloads.build_zip(downloads.bundled_files(), dt.date(2026, 11, 28))
    target = tmp_path / "download"
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        zf.extractall(target)
    cli = Path(sys.executable).with_name("frictionless")
    run = subprocess.run([str(cli), "validate", "--json", DATAPACKAGE], cwd=target / "data",
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    assert run.returncode == 0 and report["valid"], run.stdout[-3000:] + run.stderr[-3000:]
    assert {t["name"] for t in report["tasks"]} == {t.resource for t in TABLES}


@pytest.fixture
def planted(tmp_path) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(GEO_DIR, tmp_path / "geo")
    for file, old, new, _ in PLANTED:
        path = tmp_path / "data" / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_frictionless_and_the_app_report_planted_rows_by_file_and_line(planted):
    report = frictionless.validate(str(planted / "data" / DATAPACKAGE))
    assert not report.valid
    found = {(f"{task.name}.csv", e.row_number) for task in report.tasks for e in task.errors}
    for file, _, _, line in PLANTED:
        assert (file, line) in found, (file, line, sorted(found))
    # The app's own check finds every one of them in the same pass, as "file, line N: problem".
    with pytest.raises(DataFileError) as err:
        load_bundle(planted / "data", planted / "geo")
    lines = {(p.file, p.line) for p in err.value.problems}
    assert {(file, line) for file, _, _, line in PLANTED} <= lines
    text = str(err.value)
    assert text.startswith("recorded_crime.csv, line 2: quarter '5' is not one of [1, 2, 3, 4]")
    for expected in ("orders.csv, line 2: count 'eight' is not a whole number",
                     "caveats.csv, line 2: topic '8Z' is not one of",
                     "disagreements.csv, line 2: figure a (GUARDIAN_HO_REVIEW_FORCES_VIA_COPY, applied_for, 134) "
                     "is not a figure in orders.csv"):
        assert expected in text
