"""The Sources page lists every pair of order figures that cannot both be true, in words."""
from __future__ import annotations

from conftest import open_page

from spodash.figures import sourcelist


def test_disagreement_table_in_words(bundle):
    t = sourcelist.disagreement_table(bundle)
    assert len(t) == len(bundle.disagreements) == 7
    met = t.set_index("Force code").loc["E23000001"]
    assert met["Force"] == "Metropolitan Police" and met["Kind"] == "A running total falls"
    assert met["Figure A"] == "133 (applied for), 1 Jan 2020 to 31 Jan 2021, GUARDIAN_HO_REVIEW_FORCES_VIA_COPY"
    assert met["Figure B"] == "123 (applied for), 20 Jan 2020 to 12 May 2021, BBC_SDU_SPO_2021"
    avon = t.set_index("Force code").loc["E23000036"]
    assert avon["Kind"] == "Refusals where all applications succeeded" and avon["Figure B"].startswith("10 (granted)")


def test_sources_page_lists_the_disagreements():
    at = open_page("sources")
    assert not at.exception, [e.value for e in at.exception]
    assert "Where sources disagree" in [h.value for h in at.header]
    table = next(d.value for d in at.dataframe if "Why both cannot be true" in d.value.columns)
    assert len(table) == 7 and set(table["Force"]) >= {"Metropolitan Police", "Sussex", "Northumbria", "Cleveland"}
    assert any("**7 pairs**" in m.value for m in at.markdown)
