"""The bundle's public data contract: files, columns, types and allowed values, in one place.

The tables below are the single source of the contract. The build writes them out as
``data/datapackage.json`` (a Frictionless Data Package, so anyone can run ``frictionless validate``
on the download) and renders ``data/README.md``'s column tables from it; ``spodash.data.datasets``
validates the bundle against the same tables when the app loads it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spodash.data.offences import (  # the offence codes and names: one table, in spodash.data.offences
    GROUP_TOPIC,
    OFFENCES,
)

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
#: Caveat topics: offence codes, the whole group, or order types.
CAVEAT_TOPICS = (*OFFENCES, GROUP_TOPIC, *ORDER_TYPES)
CONTEXT_ORDER_TYPES = (*ORDER_TYPES, "non-molestation order", "non-molestation and occupation orders")
#: ONS regions of England (GSS names), and Wales.
REGIONS = ("North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West", "Wales")
#: Why two order figures cannot both be true (see spodash/build/disagreements.py).
DISAGREEMENT_KINDS = ("running_total_falls", "part_exceeds_whole", "same_period_differs",
                      "refusals_vs_successful_applications")

GEO_FILES = ("police_force_areas.geojson", "scotland_ni_outline.geojson")
N_FORCES = 43
#: The contract as a Frictionless Data Package, written by the build beside the tables.
DATAPACKAGE = "datapackage.json"


# ---- the tables, field by field ---------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type, what it means, and the constraints every cell meets."""

    name: str
    type: str  # "string", "integer" or "date" (ISO YYYY-MM-DD)
    description: str
    required: bool = False
    enum: tuple = ()
    minimum: int | None = None
    pattern: str | None = None
    #: How a cell that misses the pattern is described ("is not <hint>"), for people.
    hint: str = ""
    max_length: int | None = None
    #: A `delimiter`-separated list whose every item is one of `items` (a pattern in the package).
    items: tuple = ()
    delimiter: str = "|"

    def constraints(self) -> dict:
        out: dict = {}
        if self.required:
            out["required"] = True
        if self.enum:
            out["enum"] = list(self.enum)
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        if self.items:
            item = "|".join(re.escape(i) for i in self.items)
            out["pattern"] = f"({item})({re.escape(self.delimiter)}({item}))*"
        elif self.pattern:
            out["pattern"] = self.pattern
        return out


@dataclass(frozen=True)
class ForeignKey:
    """Cells that must be found in another table (an empty cell refers to nothing and passes)."""

    fields: tuple[str, ...]
    resource: str  # the other table's file name
    reference: tuple[str, ...]
    #: How a row whose values are not found is described, formatted with the row's cells.
    message: str = ""


@dataclass(frozen=True)
class Table:
    name: str  # file name in data/
    title: str
    description: str  # one line: what the file holds
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def resource(self) -> str:
        return self.name.removesuffix(".csv")


def _force(fk: bool = True, required: bool = True) -> Field:
    return Field("force_code", "string", "ONS police force area code (PFA23CD)" if not fk else "ONS code",
                 required=required, pattern=r"(E23|W15)[0-9]{6}", hint="an ONS police force area code (E23…/W15…)")


def _source(name: str = "source_id", text: str = "see `sources.csv`", required: bool = True) -> Field:
    return Field(name, "string", text, required=required)


def _period(prefix: str = "", required: bool = False, span: str = "the period",
            example: str = "") -> tuple[Field, Field]:
    return (Field(f"{prefix}period_start", "date", f"first day of {span}{example}", required=required),
            Field(f"{prefix}period_end", "date", f"last day of {span}, on or after `{prefix}period_start`",
                  required=required))


_COUNT_EMPTY = "empty when no number was published, never a zero"
_TO_FORCES = ForeignKey(("force_code",), "forces.csv", ("force_code",))
_TO_SOURCES = ForeignKey(("source_id",), "sources.csv", ("source_id",))
_FIGURE = ("force_code", "order_type", "measure", "source_id", "period_start", "period_end", "count")

#: The columns after `force_code` in orders.csv, shared by orders_context.csv (which has its own order_type).
_ORDER_FIELDS = (
    Field("order_type", "string", "`SPO` (a Stalking Protection Order where the source does not separate "
          "interim and full), `interim SPO`, `full SPO`, `DVPN` / `DVPO` (Domestic Violence Protection "
          "Notice / Order), `DAPN` / `DAPO` (Domestic Abuse Protection Notice / Order)", required=True,
          enum=ORDER_TYPES),
    Field("measure", "string", "`applied_for`, `granted` (also \"issued\", \"obtained\", \"secured\", "
          "\"imposed\" …), `refused`, `pending` (awaiting a court hearing), `breaches`, `in_force` (orders or "
          "people subject to an order at a date: a stock, not a flow), `other` (renewals, variations; one "
          "person with both an interim and a full order)", required=True, enum=MEASURES),
    Field("period_start", "date", "first day of the period the figure covers, as published. A cumulative "
          "figure starts when the orders came in; empty for a stock (`in_force`, some `pending`) or when "
          "the source did not give it"),
    Field("period_end", "date", "last day of the period, or the date of a stock; on or after "
          "`period_start`; empty when the source did not give it"),
    Field("count", "integer", f"the figure; {_COUNT_EMPTY}", minimum=0),
    Field("count_as_published", "string", "the source's own wording, e.g. `fewer than five`, `n/a`, "
          "`around 270 currently in force`"),
    _source(),
    Field("note", "string", "`Order as published: …. Measure as published: ….` followed by the "
          "collector's notes (caveats, conflicts with other sources) and the build's notes (README.md)",
          required=True),
)

TABLES: tuple[Table, ...] = (
    Table("forces.csv", "The 43 territorial police forces",
          "The 43 police force areas: ONS code, name, region, mid-2023 resident population",
          (_force(fk=False),
           Field("force_name", "string", "ONS name, as in the boundary file (`London, City of`, `Devon & Cornwall`)",
                 required=True),
           Field("region", "string", "ONS region of England (GSS names; `East of England` for the table's `EAST`), "
                 "or `Wales`. Derived from the region rows of the ONS mid-2023 population table (MYE2): every "
                 "local authority of a force lies in one region", required=True, enum=REGIONS),
           Field("population", "integer", "ONS mid-2023 resident population (all ages), the sum of the force's "
                 "local authorities", required=True, minimum=0),
           Field("population_year", "integer", "2023. The same population is used for every period's rate per "
                 "100,000", required=True, minimum=0),
           Field("aliases", "string", "Every spelling of the force's name met in the sources, `|`-separated "
                 "(e.g. `Dyfed Powys|Dyfed-Powys`), so uploads and other tables can be resolved to a code",
                 required=True)),
          primary_key=("force_code",)),
    Table("local_authorities.csv", "Local authorities and their police force areas",
          "The 318 local authority districts of England and Wales (2023), each with the police force area it "
          "lies in: how a visitor who knows their council finds their force",
          (Field("lad_code", "string", "ONS local authority district code (LAD23CD)", required=True,
                 pattern=r"(E06|E07|E08|E09|W06)[0-9]{6}", hint="an ONS local authority code (E06…, W06…)"),
           Field("lad_name", "string", "ONS name of the authority (LAD23NM), e.g. `Hartlepool`, "
                 "`Rhondda Cynon Taf`, `Bristol, City of`", required=True),
           Field("geography", "string", "ONS kind of authority: `Unitary Authority`, `Non-metropolitan District`, "
                 "`Metropolitan District`, `London Borough`", required=True,
                 enum=("Unitary Authority", "Non-metropolitan District", "Metropolitan District", "London Borough")),
           _force()),
          primary_key=("lad_code",), foreign_keys=(_TO_FORCES,)),
    Table("recorded_crime.csv", "Police recorded crime by force, quarter and offence",
          "Home Office police recorded crime by force, quarter and offence code (8L, 8M, 8Q, 8R, 8U)",
          (_force(),
           Field("financial_year", "string", "`2022/23` = April 2022 to March 2023", required=True,
                 pattern=r"[0-9]{4}/[0-9]{2}", hint="a financial year (YYYY/YY)"),
           Field("quarter", "integer", "1 = April–June, 2 = July–September, 3 = October–December, "
                 "4 = January–March", required=True, enum=(1, 2, 3, 4)),
           *_period(required=True, span="the quarter"),
           Field("offence_code", "string", "`8L` harassment, `8M` racially or religiously aggravated harassment, "
                 "`8Q` stalking, `8R` malicious communications, `8U` controlling or coercive behaviour. These five "
                 "are the Home Office sub-group \"Stalking and harassment\"; its total for a force and quarter is "
                 "their sum", required=True, enum=tuple(OFFENCES)),
           Field("offence", "string", "the offence's name", required=True, enum=tuple(OFFENCES.values())),
           Field("count", "integer", "offences recorded. A few 8M values are negative: Home Office net "
                 "adjustments, kept as published (no other offence may be negative). Empty where the Home Office "
                 "file has a cell that is not a published figure"),
           _source(text="`HO_PRC_PFA_2023_10`")),
          primary_key=("force_code", "financial_year", "quarter", "offence_code"),
          foreign_keys=(_TO_FORCES, _TO_SOURCES)),
    Table("recorded_crime_ons_p1.csv", "ONS Table P1 \"stalking and harassment\" totals",
          "ONS Table P1 'stalking and harassment' totals by force, eleven rolling years",
          (_force(),
           Field("year_ending", "string", "the edition, e.g. `Jun 2025`", required=True,
                 pattern=r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4}",
                 hint="a month and year (Jun 2025)"),
           *_period(required=True, span="the 12 months covered",
                   example=" (1 July 2024 for `Jun 2025`, which ends on 30 June 2025)"),
           Field("offence_group", "string", "`stalking_harassment`: the whole group, not split by offence",
                 required=True, enum=(GROUP_TOPIC,)),
           Field("count", "integer", "offences; empty where ONS printed `..` (not available: Greater Manchester, "
                 "Sep and Dec 2019)", minimum=0),
           Field("count_as_published", "string", "the cell as published", required=True),
           _source(text="`ONS_PFA_P1_YE_<MONYYYY>`, one per edition; `ONS_PFA_P1_YE_SEP2023_2024_COMPILED` for "
                   "both September editions read from the compiled copy")),
          primary_key=("force_code", "year_ending"),
          foreign_keys=(_TO_FORCES, _TO_SOURCES)),
    Table("orders.csv", "Protective-order figures by force, one row per published figure",
          "SPO, DVPN/DVPO and DAPN/DAPO figures by force, exactly as published, with source and period",
          (_force(), *_ORDER_FIELDS),
          foreign_keys=(_TO_FORCES, _TO_SOURCES)),
    Table("orders_context.csv", "National and regional totals, context only",
          "National and regional order totals, for context only (never add to force figures)",
          (Field("geography", "string", "the area the total covers, as labelled (e.g. `England and Wales`, "
                 "`17 forces`), in place of a force code", required=True),
           Field("order_type", "string", "as in `orders.csv`, and two family-court orders published nationally: "
                 "`non-molestation order`, `non-molestation and occupation orders`", required=True,
                 enum=CONTEXT_ORDER_TYPES),
           *_ORDER_FIELDS[1:]),
          foreign_keys=(_TO_SOURCES,)),
    Table("sources.csv", "Every source used in the bundle",
          "Every source: title, publisher, date, URL, evidence grade, licence, attribution",
          (Field("source_id", "string", "identifier used in the other files", required=True),
           Field("title", "string", "citation: the title", required=True),
           Field("publisher", "string", "citation: who published it", required=True),
           Field("published", "string", "`YYYY-MM-DD`, `YYYY-MM` or `YYYY` as precisely as known, empty when "
                 "not stated", pattern=r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?",
                 hint="a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
           Field("url", "string", "where it was published", pattern=r"https?://\S+", hint="a web address (http…)"),
           Field("source_type", "string", "the grade of evidence (README.md explains each grade, strongest first)",
                 required=True, enum=SOURCE_TYPES),
           Field("licence", "string", "reuse terms as far as known", required=True),
           Field("attribution", "string", "the text to show beside figures from this source", required=True),
           Field("copy_of", "string", "what the source is a copy of, for every `copy of …` grade (e.g. `The "
                 "Guardian, …`, `Hansard, House of Lords …`); empty when the figures were read from the "
                 "publisher's own publication. A figure whose source has a `copy_of` rests only on a copy or an "
                 "aggregator: mark it and verify it before quoting"),
           Field("url_note", "string", "why there is no `url`, for every source without one (e.g. the provenance "
                 "notes give no address for the ONS population release); empty when there is a URL")),
          primary_key=("source_id",)),
    Table("caveats.csv", "Counting-rule changes and force data problems",
          "Caveats with the forces, dates and topics they apply to, and their source",
          (Field("caveat_id", "string", "stable identifier", required=True, pattern=r"[a-z0-9]+(-[a-z0-9]+)*",
                 hint="an identifier of lowercase letters, digits and hyphens"),
           Field("force_code", "string", "the force it concerns; empty = all forces"),
           Field("applies_from", "date", "first day of the data affected; empty = open-ended"),
           Field("applies_to", "date", "last day of the data affected, on or after `applies_from`; empty = "
                 "open-ended"),
           Field("topic", "string", "`|`-separated: offence codes (`8L` …), `stalking_harassment` (the group, "
                 "incl. ONS Table P1), or order types (`SPO`, `interim SPO`, …)", required=True, items=CAVEAT_TOPICS),
           Field("text", "string", "what to tell a reader beside an affected figure", required=True),
           _source(text="where the caveat comes from (`SPODASH_PROJECT` when the warning is the project's own)"),
           _source("applies_to_source", "empty for most caveats; a `source_id` when the caveat is about that one "
                   "source's method (the BBC 2021 survey's dates, a label used by one report): it is then shown "
                   "only beside that source's figures, or beside a force that has no figure at all",
                   required=False),
           Field("chart_label", "string", "for a national counting-rule change only: its short label on the "
                 "recorded-crime charts; empty otherwise", max_length=30),
           Field("marker_date", "date", "for a national counting-rule change only: where the charts draw its "
                 "marker, the date the counting changed (`applies_from`, except for the 2014 change, which "
                 "applies from 25 November 2012 but changed the classification in April 2014); empty otherwise")),
          primary_key=("caveat_id",),
          foreign_keys=(_TO_FORCES, _TO_SOURCES,
                        ForeignKey(("applies_to_source",), "sources.csv", ("source_id",)))),
    Table("disagreements.csv", "Pairs of order figures that cannot both be true",
          "Pairs of published order figures for a force that cannot both be true, and why",
          (_force(),
           Field("order_type", "string", "as in `orders.csv` (both figures have it)", required=True,
                 enum=ORDER_TYPES),
           Field("measure", "string", "figure a's measure", required=True, enum=MEASURES),
           Field("kind", "string", "`running_total_falls` (two totals since the orders came in, the later "
                 "smaller), `part_exceeds_whole` (a figure for part of a period larger than the figure for the "
                 "whole), `same_period_differs` (two figures for the same period), "
                 "`refusals_vs_successful_applications` (more refusals than the applications another figure "
                 "says failed in a period containing them, e.g. \"all 10 were successful\")", required=True,
                 enum=DISAGREEMENT_KINDS),
           _source("a_source_id", "figure a, exactly as in `orders.csv` (with `force_code`, `order_type`, "
                   "`measure`): the larger figure, the part, or the refusals"),
           *_period("a_", required=True, span="figure a's period"),
           Field("a_count", "integer", "figure a's count", required=True, minimum=0),
           _source("b_source_id", "figure b, exactly as in `orders.csv`: the smaller figure, the whole, or the "
                   "successful applications"),
           Field("b_measure", "string", "figure b's measure", required=True, enum=MEASURES),
           *_period("b_", required=True, span="figure b's period"),
           Field("b_count", "integer", "figure b's count", required=True, minimum=0),
           Field("reason", "string", "a plain sentence naming both figures, their periods, sources and own "
                 "wording, and why both cannot be true", required=True)),
          primary_key=("force_code", "order_type", "measure", "a_source_id", "a_period_start", "a_period_end",
                       "b_source_id", "b_measure", "b_period_start", "b_period_end"),
          foreign_keys=(
              _TO_FORCES,
              ForeignKey(("a_source_id",), "sources.csv", ("source_id",)),
              ForeignKey(("b_source_id",), "sources.csv", ("source_id",)),
              ForeignKey(("force_code", "order_type", "measure", "a_source_id", "a_period_start", "a_period_end",
                          "a_count"), "orders.csv", _FIGURE,
                         "figure a ({a_source_id}, {measure}, {a_count}) is not a figure in orders.csv"),
              ForeignKey(("force_code", "order_type", "b_measure", "b_source_id", "b_period_start", "b_period_end",
                          "b_count"), "orders.csv", _FIGURE,
                         "figure b ({b_source_id}, {b_measure}, {b_count}) is not a figure in orders.csv"))),
)
TABLE = {t.name: t for t in TABLES}
#: file name -> ordered columns. Every bundled CSV has exactly these columns.
COLUMNS: dict[str, tuple[str, ...]] = {t.name: tuple(f.name for f in t.fields) for t in TABLES}
#: (start, end) columns of each table: a period never ends before it starts (a rule beyond Table Schema).
PERIODS = {name: tuple((c, c.replace("start", "end").replace("from", "to")) for c in cols
                       if c.endswith("period_start") or c == "applies_from") for name, cols in COLUMNS.items()}


def _field(f: Field) -> dict:
    out: dict[str, object] = {"name": f.name, "type": f.type, "description": f.description}
    if f.constraints():
        out["constraints"] = f.constraints()
    return out


def _resource(t: Table) -> dict:
    schema: dict = {"fields": [_field(f) for f in t.fields], "missingValues": [""]}
    if t.primary_key:
        schema["primaryKey"] = list(t.primary_key)
    if t.foreign_keys:
        schema["foreignKeys"] = [{"fields": list(k.fields), "reference": {
            "resource": TABLE[k.resource].resource, "fields": list(k.reference)}} for k in t.foreign_keys]
    return {"name": t.resource, "path": t.name, "profile": "tabular-data-resource", "title": t.title,
            "description": t.description, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": schema}


def datapackage() -> dict:
    """The contract as a Frictionless Data Package descriptor: what the build writes to data/datapackage.json."""
    return {
        "profile": "tabular-data-package",
        "name": "stalking-protective-orders-england-wales",
        "title": "Stalking and protective orders in England and Wales",
        "description": "Stalking Protection Orders and other civil protective orders by police force area, beside "
                       "police recorded stalking and harassment. Every figure is a published figure: an empty "
                       "count means no number was published, never a zero. Licences and attribution are given "
                       "per source in sources.csv; README.md explains every file.",
        "resources": [_resource(t) for t in TABLES],
    }
