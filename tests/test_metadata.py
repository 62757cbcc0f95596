"""The build's metadata files (spodash/build/metadata/*.toml): read as data, checked, and stopping on mistakes."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from spodash.build import BuildError, catalogue
from spodash.build.docs import render_readme
from spodash.data.paths import DATA_DIR


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "metadata"
    shutil.copytree(catalogue.METADATA_DIR, copy)
    return copy


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_metadata_is_what_the_bundle_carries():
    """Every caveat in caveats.toml is in caveats.csv exactly, and every source in sources.csv is in sources.toml."""
    cat = catalogue.load()
    caveats = pd.read_csv(DATA_DIR / "caveats.csv", dtype=str, keep_default_na=False)
    assert sorted(cat.caveats, key=lambda c: c["caveat_id"]) == caveats.to_dict("records")
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)
    by_id = {s["source_id"]: s for s in cat.sources}
    assert all(by_id[r["source_id"]] == r for r in sources.to_dict("records"))
    # The counting-rule markers are the caveats' own fields now, not a pattern over their ids.
    marked = {c["caveat_id"]: (c["chart_label"], c["marker_date"]) for c in cat.caveats if c["marker_date"]}
    assert marked["rule-2014-stalking-8q"] == ("8Q separate", "2014-04-01")
    assert len(marked) == 6 and all(i.startswith("rule-") for i in marked)


def test_comments_are_kept():
    text = (catalogue.METADATA_DIR / "sources.toml").read_text(encoding="utf-8")
    assert "# Graded \"FOI disclosure\" (the lead's suggestion, which I agree with)" in text
    assert 'published = "2022-03-04"  # version date on the disclosure-log entry' in text


@pytest.mark.parametrize("file, old, new, message", [
    ("sources.toml", 'source_type = "official statistics"', 'source_kind = "official statistics"',
     "sources.toml: [[source]] HO_PRC_PFA_2023_10: missing ['source_type']; unknown keys ['source_kind']"),
    ("caveats.toml", "applies_from = 2015-04-01", 'applies_from = "2015-04-01"',
     "caveats.toml: rule-2015-harassment-added: applies_from must be a TOML date"),
    ("caveats.toml", "marker_date = 2015-04-01\n", "",
     "caveats.toml: rule-2015-harassment-added: a chart marker needs both chart_label and marker_date"),
    ("caveats.toml", 'caveat_id = "rule-2015-harassment-added"', 'caveat_id = "rule-2014-stalking-8q"',
     "caveats.toml: caveat_id appears twice: ['rule-2014-stalking-8q']"),
    ("review.toml", "[reports]", "[reprts]", "review.toml: needs periods (pairs of dates), note and [reports]"),
    ("context_labels.toml", "[[context_label]]", "[[context_label]", "context_labels.toml: not valid TOML"),
])
def test_a_mistake_in_the_metadata_stops_the_build(folder, file, old, new, message):
    _edit(folder / file, old, new)
    with pytest.raises(BuildError) as err:
        catalogue.load(folder)
    assert message in str(err.value)


def test_readme_facts_come_from_the_built_tables():
    tables = {"forces.csv": [{"force_code": "E23000034", "population": 13_462}],
              "sources.csv": [{"source_id": "HO_PRC_PFA_2023_10", "published": "2023-10-19"}]}
    text = render_readme(tables)
    assert "City of London has 13,462 residents" in text and "released\n19 October 2023" in text
    assert text == (DATA_DIR / "README.md").read_text(encoding="utf-8")
    with pytest.raises(BuildError, match="names no cell of the built tables"):
        render_readme({"forces.csv": [], "sources.csv": tables["sources.csv"]})
