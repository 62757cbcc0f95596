"""SPODASH_DATA_DIR / SPODASH_GEO_DIR (spodash.data.paths) point every reader of the bundle at the same copy."""
from __future__ import annotations

import shutil

from spodash import uploads
from spodash.data.paths import DATA_DIR


def test_uploads_resolve_force_names_from_the_folder_the_app_reads(tmp_path, monkeypatch):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "forces.csv"
    text = path.read_text(encoding="utf-8")
    row = "E23000013,Cleveland,North East,588369,2023,Cleveland\n"
    assert row in text
    path.write_text(text.replace(row, row.replace(",Cleveland\n", ",Cleveland|Teesside Constabulary\n")),
                    encoding="utf-8")
    data = (b"force,order_type,measure,period_start,period_end,count,note\n"
            b"Teesside Constabulary,SPO,granted,2020-01-01,2020-12-31,21,\n")
    assert uploads.parse(data, "figures.csv").problems  # the repository's bundle knows no such spelling
    monkeypatch.setenv("SPODASH_DATA_DIR", str(tmp_path / "data"))
    report = uploads.parse(data, "figures.csv")
    assert report.problems == [] and list(report.rows["force_code"])[0] == "E23000013"
