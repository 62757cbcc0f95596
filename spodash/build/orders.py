"""Protective-order figures: every published per-force figure, mapped onto the bundle's vocabulary.

Each source's own wording for the order and the measure is kept in `note`. The maps
below are exhaustive on purpose: a new wording in a raw file stops the build.
"""
from __future__ import annotations

from pathlib import Path

from spodash.build import BuildError, catalogue
from spodash.build.common import Resolver, iso_date, read_csv, whole_count
from spodash.build.review import annotate_review_figures

FORCE_FILES = ("spo_by_force.csv", "spo_by_force_other_sources.csv", "dvpo_by_force.csv", "dapo_by_force.csv")
CONTEXT_FILE = "orders_national_regional_context.csv"

ORDER_TYPE = {
    "Stalking Protection Order (SPO)": "SPO",
    "Stalking Protection Order (SPO) or interim SPO": "SPO",
    "Stalking Protection Order (SPO) (interim or full)": "SPO",
    "Stalking Protection Order (SPO) (interim and full combined)": "SPO",
    "Interim and full SPO": "SPO",
    "Interim SPO": "interim SPO",
    "Full SPO": "full SPO",
    "Domestic Violence Protection Notice (DVPN)": "DVPN",
    "Domestic Violence Protection Order (DVPO)": "DVPO",
    "Domestic Abuse Protection Notice (DAPN)": "DAPN",
    "Domestic Abuse Protection Order (DAPO)": "DAPO",
    "Non-molestation order (Family Law Act 1996)": "non-molestation order",
    "Domestic violence remedy orders (non-molestation + occupation)": "non-molestation and occupation orders",
}

_GRANTED = (
    "granted", "granted (cumulative)", "granted (cumulative; first order)", "granted (year to date)",
    "granted since responding to BBC FOI", "granted (month to date)", "granted (Tameside district)",
    "granted (pilot running total)", "granted by magistrates", "granted/issued", "agreed by courts",
    "successful applications", "police applications granted",
    "issued", "issued (cumulative)", "issued (cumulative; first order)", "issued (first 12 months)",
    "issued (cumulative, Croydon/Bromley/Sutton pilot)", "issued by courts", "orders issued/granted",
    "full_granted (issued)", "full_granted (obtained, cumulative)",
    "interim_granted (issued)", "interim_granted (issued, cumulative)", "interim_granted (obtained, cumulative)",
    "interim_granted (cumulative; first order)",
    "imposed", "imposed (year to date)", "obtained (cumulative)", "obtained (year to date)", "obtained (court orders)",
    "secured (cumulative)", "secured/issued (cumulative)", "secured (cumulative, Bury 12 weeks + Wigan 6 weeks)",
    "secured (cumulative, Croydon/Bromley/Sutton pilot)", "secured in first week of Wigan pilot",
    "victims safeguarded / orders secured (cumulative)", "used (cumulative)", "given out", "made",
    "orders (category 1 in response)", "orders (category 2 in response)",
)
_APPLIED = (
    "applied_for", "applied_for (unique occasions)", "applied_for (people)", "applied for",
    "applied for (cumulative)", "applications", "applications (month to date)", "sought",
)
MEASURE: dict[str, str] = {
    **{m: "granted" for m in _GRANTED},
    **{m: "applied_for" for m in _APPLIED},
    "rejected": "refused",
    "applications refused (cumulative)": "refused",
    "applications declined by courts (pilot running total)": "refused",
    "not_yet_heard": "pending",
    "applications awaiting court hearing (stock)": "pending",
    "applications in progress (stock)": "pending",
    "breached": "breaches",
    "breached (year to date)": "breaches",
    "live orders in place (stock)": "in_force",
    "live orders in force (stock)": "in_force",
    "orders in place (stock)": "in_force",
    "in force (stock)": "in_force",
    "people subject to an order (stock)": "in_force",
    # One person who had both an interim and a full order: neither a count of orders nor of grants.
    "orders (category 3 in response)": "other",
    "renewals": "other",
    "variations, discharges or appeals": "other",
}


def _note(row: dict[str, str]) -> str:
    parts = [f"Order as published: {row['order_type']}.", f"Measure as published: {row['measure']}."]
    extra = (row.get("notes") or "").strip()
    if extra:
        parts.append(extra)
    return " ".join(parts)


def _mapped(row: dict[str, str], where: str) -> tuple[str, str]:
    if row["order_type"] not in ORDER_TYPE:
        raise BuildError(f"{where}: unknown order type {row['order_type']!r}")
    if row["measure"] not in MEASURE:
        raise BuildError(f"{where}: unknown measure {row['measure']!r}")
    return ORDER_TYPE[row["order_type"]], MEASURE[row["measure"]]


def _figure(row: dict[str, str], where: str) -> dict:
    order_type, measure = _mapped(row, where)
    start = iso_date(row["period_start"], where)
    end = iso_date(row["period_end"], where)
    if start and end and end < start:
        raise BuildError(f"{where}: period ends ({end}) before it starts ({start})")
    count = whole_count(row["count"], where)
    published = row["count_as_published"].strip()
    if count is None and published.replace(",", "").isdigit() and row.get("source_id") != "BBC_SDU_SPO_2021":
        raise BuildError(f"{where}: count is blank but the source published {published!r}")
    return {
        "order_type": order_type,
        "measure": measure,
        "period_start": start,
        "period_end": end,
        "count": count,
        "count_as_published": published,
        "source_id": row["source_id"].strip(),
        "note": _note(row),
    }


def build_orders(raw: Path, resolve: Resolver) -> list[dict]:
    rows = []
    for name in FORCE_FILES:
        for i, row in enumerate(read_csv(raw / "orders" / name), start=2):
            where = f"{name} row {i}"
            code = resolve(row["force_name"], where)
            if row.get("force_name_as_published"):
                resolve(row["force_name_as_published"], where)
            if row.get("pfa_code") and row["pfa_code"] != code:
                raise BuildError(f"{where}: {row['force_name']!r} is {code} but the row's code is {row['pfa_code']}")
            rows.append({"force_code": code, **_figure(row, where)})
    return annotate_review_figures(rows)


def build_orders_context(raw: Path) -> list[dict]:
    """National and regional totals: context only, never summed with force figures."""
    rows = []
    for i, row in enumerate(read_csv(raw / "orders" / CONTEXT_FILE), start=2):
        rows.append(_labelled({"geography": row["geography"].strip(), **_figure(row, f"{CONTEXT_FILE} row {i}")}))
    unused = set(catalogue.load().context_labels) - {(r["geography_as_published"], r["source_id"]) for r in rows}
    if unused:
        raise BuildError(f"context_labels.toml: no context row matches {sorted(unused)}")
    return [{k: v for k, v in r.items() if k != "geography_as_published"} for r in annotate_review_figures(rows)]


def _labelled(row: dict) -> dict:
    """A context row whose source's area is less precise than its label gets a label that says so."""
    relabel = catalogue.load().context_labels.get((row["geography"], row["source_id"]))
    out = {**row, "geography_as_published": row["geography"]}
    if relabel:
        label, note = relabel
        out.update(geography=label, note=f"{row['note']} The raw data labels this area '{row['geography']}'. {note}")
    return out
