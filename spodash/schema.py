"""The bundle's public data contract: files, columns and allowed values.

`data/README.md` documents the same contract for people; tests check the two agree.
"""
from __future__ import annotations

ORDER_TYPES = ("SPO", "interim SPO", "full SPO", "DVPN", "DVPO", "DAPN", "DAPO")
MEASURES = ("applied_for", "granted", "refused", "pending", "breaches", "in_force", "other")
#: Evidence grades, strongest first (data/README.md says what each means). A figure read only from a
#: third party's copy is graded as a copy ("copy of …"), below what it copies, and names it in `copy_of`.
SOURCE_TYPES = (
    "official statistics",
    "copy of official statistics",
    "FOI disclosure",
    "police or PCC statement",
    "news report",
    "charity summary",
    "campaign statement",
    "copy of a statement or record",
    "copy of a news report",
    "project note",
)
#: Grades whose sources are someone else's copy: each such source names what it copies in `copy_of`.
COPY_TYPES = tuple(t for t in SOURCE_TYPES if t.startswith("copy of "))
OFFENCES = {
    "8L": "Harassment",
    "8M": "Racially or religiously aggravated harassment",
    "8Q": "Stalking",
    "8R": "Malicious communications",
    "8U": "Controlling or coercive behaviour",
}
#: Caveat topics: offence codes, the whole group, or order types.
GROUP_TOPIC = "stalking_harassment"
CAVEAT_TOPICS = (*OFFENCES, GROUP_TOPIC, *ORDER_TYPES)
CONTEXT_ORDER_TYPES = (*ORDER_TYPES, "non-molestation order", "non-molestation and occupation orders")

#: file name -> ordered columns. Every bundled CSV has exactly these columns.
COLUMNS: dict[str, tuple[str, ...]] = {
    "forces.csv": ("force_code", "force_name", "region", "population", "population_year", "aliases"),
    "recorded_crime.csv": (
        "force_code", "financial_year", "quarter", "period_start", "period_end",
        "offence_code", "offence", "count", "source_id",
    ),
    "recorded_crime_ons_p1.csv": (
        "force_code", "year_ending", "period_start", "period_end", "offence_group",
        "count", "count_as_published", "source_id",
    ),
    "orders.csv": (
        "force_code", "order_type", "measure", "period_start", "period_end",
        "count", "count_as_published", "source_id", "note",
    ),
    "orders_context.csv": (
        "geography", "order_type", "measure", "period_start", "period_end",
        "count", "count_as_published", "source_id", "note",
    ),
    "sources.csv": ("source_id", "title", "publisher", "published", "url", "source_type", "licence", "attribution",
                    "copy_of", "url_note"),
    "caveats.csv": ("caveat_id", "force_code", "applies_from", "applies_to", "topic", "text", "source_id",
                    "applies_to_source"),
    "disagreements.csv": (
        "force_code", "order_type", "measure", "kind",
        "a_source_id", "a_period_start", "a_period_end", "a_count",
        "b_source_id", "b_measure", "b_period_start", "b_period_end", "b_count", "reason",
    ),
}
#: Why two order figures cannot both be true (see spodash/build/disagreements.py).
DISAGREEMENT_KINDS = ("running_total_falls", "part_exceeds_whole", "same_period_differs",
                      "refusals_vs_successful_applications")

GEO_FILES = ("police_force_areas.geojson", "scotland_ni_outline.geojson")
N_FORCES = 43
