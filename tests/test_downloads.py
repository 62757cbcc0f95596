"""Downloads: every bundled file served byte for byte, a zip of everything, and the page that offers them."""
from __future__ import annotations

import datetime as dt
import io
import pathlib
import zipfile

import pandas as pd
import pytest
from conftest import open_page

from spodash.data.paths import DATA_DIR, GEO_DIR, ROOT
from spodash.data.schema import COLUMNS, DATAPACKAGE, GEO_FILES, TABLES
from spodash.publish import downloads

DAY = dt.date(2026, 11, 28)
EXPECTED = ({f"data/{n}" for n in COLUMNS} | {f"geo/{n}" for n in GEO_FILES}
            | {"data/README.md", f"data/{DATAPACKAGE}"})


@pytest.fixture(scope="module")
def files():
    return downloads.bundled_files()


def test_every_data_and_geo_file_and_the_dictionary_is_offered(files):
    on_disk = {f"data/{p.name}" for p in DATA_DIR.glob("*.csv")} | {f"geo/{p.name}" for p in GEO_DIR.glob("*.geojson")}
    names = {f.archive_name for f in files}
    assert names == on_disk | {"data/README.md", f"data/{DATAPACKAGE}"}
    assert names >= EXPECTED
    assert all(f.description for f in files), [f.name for f in files if not f.description]


def test_names_say_what_and_when(files):
    by = {f.name: f for f in files}
    assert downloads.download_name(by["orders.csv"], DAY) == "stalking-orders_orders_2026-11-28.csv"
    assert downloads.download_name(by["README.md"], DAY) == "stalking-orders_data-dictionary_2026-11-28.md"
    assert downloads.download_name(by["police_force_areas.geojson"], DAY) == \
        "stalking-orders_police_force_areas_2026-11-28.geojson"
    assert downloads.zip_name(DAY) == "stalking-orders-bundle_2026-11-28.zip"
    assert downloads.download_name(by[DATAPACKAGE], DAY) == "stalking-orders_datapackage_2026-11-28.json"


def test_zip_holds_every_file_with_exact_bytes(files):
    blob = downloads.build_zip(files, DAY)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert zf.testzip() is None
        assert set(zf.namelist()) == {f.archive_name for f in files}
        for f in files:
            assert zf.read(f.archive_name) == (ROOT / f.archive_name).read_bytes()
        assert zf.getinfo("data/orders.csv").date_time[:3] == (2026, 11, 28)
        # The zipped tables read back to the bundle's own tables.
        orders = pd.read_csv(io.BytesIO(zf.read("data/orders.csv")), dtype=str, keep_default_na=False)
    assert orders.equals(pd.read_csv(DATA_DIR / "orders.csv", dtype=str, keep_default_na=False))


def test_row_counts_and_checksums_match_pandas_and_hashlib(files):
    import hashlib

    for f in files:
        data = f.read()
        assert downloads.sha256(data) == hashlib.sha256((ROOT / f.archive_name).read_bytes()).hexdigest()
        if f.path.suffix == ".csv":
            rows = len(pd.read_csv(f.path, dtype=str, keep_default_na=False))
            assert downloads.line_count(data) == rows and downloads.records(f, data) == f"{rows:,} rows"
    by = {f.name: f for f in files}
    assert downloads.records(by["police_force_areas.geojson"], by["police_force_areas.geojson"].read()) == "43 areas"


@pytest.fixture(scope="module")
def served():
    """The downloads page run in AppTest, and every payload its download buttons handed to Streamlit."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    payloads: dict[str, tuple[bytes, str]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        payloads[file_id] = (bytes(path_or_data) if not isinstance(path_or_data, str) else
                             pathlib.Path(path_or_data).read_bytes(), filename)
        return file_id

    mp = pytest.MonkeyPatch()
    mp.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    try:
        at = open_page("downloads")
    finally:
        mp.undo()
    assert not at.exception, [e.value for e in at.exception]
    by_label = {}
    for button in at.get("download_button"):
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        by_label[button.proto.label] = payloads[file_id]
    return at, by_label


def test_page_serves_each_csv_exactly_as_bundled(files, served):
    at, payload = served
    today = dt.date.today()
    labels = list(payload)
    assert f"Download all {len(files)} files (zip)" in labels
    for f in files:
        assert f"Download {f.name}" in labels
    for f in files:
        if f.path.suffix != ".csv":
            continue
        data, name = payload[f"Download {f.name}"]
        assert name == downloads.download_name(f, today)
        assert data == f.path.read_bytes()
        got = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        assert got.equals(pd.read_csv(f.path, dtype=str, keep_default_na=False))
        assert list(got.columns) == list(COLUMNS[f.name])
    blob, name = payload[f"Download all {len(files)} files (zip)"]
    assert name == downloads.zip_name(today)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert set(zf.namelist()) >= EXPECTED
    dictionary, name = payload["Download README.md"]
    assert dictionary == (DATA_DIR / "README.md").read_bytes() and name.endswith(".md")
    # The listing says each file's checksum, and the dictionary is readable on the page itself.
    listing = at.dataframe[0].value
    assert set(listing["File"]) == {f.archive_name for f in files}
    # The data dictionary shows the chosen table's columns from datapackage.json (the first table by default).
    assert list(at.dataframe[1].value["Column"]) == list(COLUMNS["forces.csv"])
    package, name = payload[f"Download {DATAPACKAGE}"]
    assert package == (DATA_DIR / DATAPACKAGE).read_bytes() and name.endswith(".json")
    assert any("orders.csv" in m.value for m in at.markdown)


def test_descriptions_and_columns_come_from_datapackage_json(files):
    import json

    package = json.loads((DATA_DIR / DATAPACKAGE).read_text(encoding="utf-8"))
    by = {f.name: f for f in files}
    for resource in package["resources"]:
        assert by[resource["path"]].description == resource["description"]
        table = downloads.columns(resource["path"])
        assert list(table["Column"]) == [f["name"] for f in resource["schema"]["fields"]]
        assert list(table["Meaning"]) == [f["description"].replace("`", "") for f in resource["schema"]["fields"]]
    assert downloads.tables() == [t.name for t in TABLES]
    orders = downloads.columns("orders.csv").set_index("Column")
    assert orders.at["order_type", "Allowed values"].startswith("SPO, interim SPO, full SPO")
    assert orders.at["count", "Type"] == "whole number, at least 0" and orders.at["count", "Never empty"] == ""


def test_files_come_from_the_folders_the_app_reads(tmp_path, monkeypatch):
    """SPODASH_DATA_DIR / SPODASH_GEO_DIR point the downloads where they point the app (spodash.data.paths)."""
    import shutil

    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(GEO_DIR, tmp_path / "geo")
    (tmp_path / "data" / "orders.csv").write_text("force_code\n", encoding="utf-8")
    monkeypatch.setenv("SPODASH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPODASH_GEO_DIR", str(tmp_path / "geo"))
    files = downloads.bundled_files()
    assert {f.path.parent for f in files} == {tmp_path / "data", tmp_path / "geo"}
    assert next(f for f in files if f.name == "orders.csv").read() == b"force_code\n"
