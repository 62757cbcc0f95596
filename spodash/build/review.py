"""Notes on figures from the Home Office "Review of Stalking Protection Orders", read via reports of it.

Reports date the review's first-year figures four ways and its own tables were not read, so no
period is imposed: each report's dates stay as published, and the note says which words the report
used, that others differ, and when the same review figure is stored from two reports.
"""
from __future__ import annotations

from collections.abc import Sequence

from spodash.build import catalogue


def is_review_figure(row: dict) -> bool:
    """A first-year review figure: from a report of the review, for one of the review's periods."""
    cat = catalogue.load()
    return row["source_id"] in cat.review_reports and (row["period_start"], row["period_end"]) in cat.review_periods


def _place(row: dict) -> str:
    return row.get("force_code") or row.get("geography", "")


def annotate_review_figures(rows: Sequence[dict]) -> list[dict]:
    """The rows with every review figure's note extended (other rows unchanged)."""
    review = [r for r in rows if is_review_figure(r)]
    out = []
    for row in rows:
        if not is_review_figure(row):
            out.append(row)
            continue
        cat = catalogue.load()
        extra = [cat.review_note.format(words=cat.review_reports[row["source_id"]])]
        twins = [r for r in review if r["source_id"] != row["source_id"] and _place(r) == _place(row)
                 and (r["order_type"], r["measure"], r["count"]) == (row["order_type"], row["measure"], row["count"])
                 and r["count"] is not None]
        for twin in twins:
            extra.append(f"The same review figure ({twin['count']}) is also stored from {twin['source_id']}, dated "
                         f"{twin['period_start']} to {twin['period_end']} by that report: one figure in two reports, "
                         "not two figures.")
        out.append({**row, "note": " ".join([row["note"], *extra])})
    return out
