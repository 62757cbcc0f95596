"""The source list as readers see it: citations, evidence grades and licence lines.

Everything is read from ``sources.csv``; a blank date is said as "date not stated", never guessed.
"""
from __future__ import annotations

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.offences import TOPIC_WORDS  # caveat topics in words, from the one table of offence labels
from spodash.data.schema import SOURCE_TYPES

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
NO_DATE = "date not stated"
#: Plain words for each evidence grade (how `catalogue.py` graded the sources), strongest first.
GRADE_NOTES = {
    "official statistics": "Home Office, ONS or Ministry of Justice statistical releases, and ONS geography.",
    "copy of official statistics": "Official figures read from a third party's compilation of them (the ONS years "
                                   "ending September 2023 and 2024), not from the official file.",
    "FOI disclosure": "A police force's own answer to a Freedom of Information request, or the BBC Shared Data "
                      "Unit's compiled FOI answers from the forces.",
    "police or PCC statement": "A press release or news page from a force, a Police and Crime Commissioner or the "
                               "National Police Chiefs' Council, including such a statement reproduced elsewhere.",
    "news report": "A news outlet's own article, even when it quotes an officer, an FOI answer or Home Office "
                   "figures.",
    "charity summary": "A charity's own summary of someone else's figures (for example of an ONS table): check "
                       "against the original.",
    "campaign statement": "A political party's or candidate's campaign statement quoting a figure: not verified.",
    "copy of a statement or record": "A police statement or the parliamentary record (Hansard) read only on a "
                                     "third party's site, not where it was first published: check the original.",
    "copy of a news report": "A third-party, aggregator or machine-rewritten copy of someone else's article: the "
                             "weakest evidence for a figure; check against the original before reuse.",
    "project note": "This dashboard's own notes (warnings that are the project's, not a source's): never the source "
                    "of a figure.",
}
#: The licence statement for the public-sector information in the bundle, and the sources it names.
OGL_STATEMENT = "Contains public sector information licensed under the Open Government Licence v3.0."
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_SOURCES = ("ONS_MYE_2023", "ONS_PFA_BOUNDARIES_DEC2023", "HO_PRC_PFA_2023_10", "ONS_PFA_P1_YE_JUN2025")
BBC_SDU = "BBC_SDU_SPO_2021"


def fmt_published(value: str) -> str:
    """'2023-10-19' -> '19 October 2023', '2021-06' -> 'June 2021', '2025' -> '2025', '' -> 'date not stated'."""
    value = (value or "").strip()
    if not value:
        return NO_DATE
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def source_lines(bundle: Bundle) -> dict[str, str]:
    """source_id -> 'title (kind of source)', the line shown beside a figure."""
    src = bundle.sources
    return {s: f"{t} ({k})" for s, t, k in zip(src["source_id"], src["title"], src["source_type"], strict=True)}


def with_source_lines(bundle: Bundle, table: pd.DataFrame) -> pd.DataFrame:
    """The table plus each row's source line ("" where a row has no source)."""
    return table.assign(source_line=table["source_id"].map(source_lines(bundle)).fillna("").astype(str))


def citation(row) -> str:
    """Title, publisher, date: the order a journalist would cite them in."""
    return f"{row['title']}. {row['publisher']}, {fmt_published(row['published'])}."


def figures_per_source(bundle: Bundle) -> pd.Series:
    """How many rows of the bundle's data files each source stands behind."""
    parts = [bundle.crime["source_id"], bundle.crime_p1["source_id"], bundle.orders["source_id"],
             bundle.orders_context["source_id"], bundle.caveats["source_id"]]
    return pd.concat(parts).value_counts()


def source_table(bundle: Bundle, grades: list[str] | None = None) -> pd.DataFrame:
    """One row per source (optionally only some evidence grades), strongest grade first, then by title."""
    s = bundle.sources.copy()
    if grades is not None:
        s = s[s["source_type"].isin(grades)]
    rank = {g: i for i, g in enumerate(SOURCE_TYPES)}
    s = s.assign(_rank=s["source_type"].map(rank).fillna(len(rank))).sort_values(["_rank", "title"])
    counts = figures_per_source(bundle)
    return pd.DataFrame({
        "Source id": s["source_id"],
        "Title": s["title"],
        "Publisher": s["publisher"],
        "Date": s["published"].map(fmt_published),
        "URL": s["url"].where(s["url"] != "", None),
        "Evidence grade": s["source_type"],
        "Licence": s["licence"],
        "Required attribution": s["attribution"],
        "Rows in the bundle": s["source_id"].map(counts).fillna(0).astype(int),
    }).reset_index(drop=True)


def licence_lines(bundle: Bundle) -> list[str]:
    """The attribution lines of the OGL sources (ONS population and boundaries, Home Office, ONS tables)."""
    src = bundle.sources.set_index("source_id")
    return list(dict.fromkeys(src["attribution"].loc[s] for s in OGL_SOURCES if s in src.index))


RULE_PREFIX = "rule-"


def caveat_table(bundle: Bundle) -> pd.DataFrame:
    """Every caveat with the force, dates and topics it applies to, and its source, in words."""
    from spodash.data.periods import fmt_date

    names = bundle.forces.set_index("force_code")["force_name"]
    titles = bundle.sources.set_index("source_id")["title"]
    c = bundle.caveats
    return pd.DataFrame({
        "Caveat id": c["caveat_id"],
        "Counting-rule change": c["caveat_id"].str.startswith(RULE_PREFIX),
        "Force": c["force_code"].map(lambda f: names.get(f, f) if f else "All forces"),
        "Applies from": c["applies_from"].map(lambda d: fmt_date(d) or "no start date"),
        "Applies to": c["applies_to"].map(lambda d: fmt_date(d) or "no end date"),
        "Applies from (date)": c["applies_from"],
        "Topics": c["topic"].map(lambda t: ", ".join(TOPIC_WORDS.get(x, x) for x in t.split("|"))),
        "Caveat": c["text"],
        "Source id": c["source_id"],
        "Source": c["source_id"].map(titles),
    }).reset_index(drop=True)


#: Plain words for each kind of disagreement (data/README.md, `disagreements.csv`).
DISAGREEMENT_WORDS = {
    "running_total_falls": "A running total falls",
    "part_exceeds_whole": "Part of a period exceeds the whole",
    "same_period_differs": "Two figures for the same period",
    "refusals_vs_successful_applications": "Refusals where all applications succeeded",
}


def disagreement_table(bundle: Bundle) -> pd.DataFrame:
    """Every pair of order figures that cannot both be true, one row per pair, in words."""
    from spodash.data.periods import fmt_period

    names = bundle.forces.set_index("force_code")["force_name"]
    d = bundle.disagreements

    def figure(side: str, measure: pd.Series) -> pd.Series:
        return pd.Series([f"{int(n):,} ({m.replace('_', ' ')}), {fmt_period(s, e)}, {src}" for n, m, s, e, src in zip(
            d[f"{side}_count"], measure, d[f"{side}_period_start"], d[f"{side}_period_end"], d[f"{side}_source_id"],
            strict=True)],
            index=d.index, dtype=object)

    return pd.DataFrame({
        "Force": d["force_code"].map(lambda c: names.get(c, c)),
        "Force code": d["force_code"],
        "Order": d["order_type"],
        "Kind": d["kind"].map(lambda k: DISAGREEMENT_WORDS.get(k, k)),
        "Figure A": figure("a", d["measure"]),
        "Figure B": figure("b", d["b_measure"]),
        "Why both cannot be true": d["reason"],
    }).reset_index(drop=True)


def counting_rule_lines(caveats: pd.DataFrame) -> list[str]:
    """The counting-rule changes of ``caveat_table``, oldest first, as Markdown list items."""
    rules = caveats[caveats["Counting-rule change"]].sort_values("Applies from (date)")
    return [f"- **{r['Applies from']}** ({r['Caveat id']}): {r['Caveat']} _Source: {r['Source']}_"
            for _, r in rules.iterrows()]


def caveat_sections(bundle: Bundle, caveats: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Every other caveat of ``caveat_table``, grouped by what it is about (recorded crime, protective
    orders, or both; an empty group left out), as (heading, Markdown list items)."""
    others = caveats[~caveats["Counting-rule change"]]
    topics = bundle.caveats.loc[others.index, "topic"].map(lambda t: set(t.split("|")))
    crime_topics = set(TOPIC_WORDS)
    is_crime = topics.map(lambda t: bool(t & crime_topics))
    is_orders = topics.map(lambda t: bool(t - crime_topics))

    def lines(rows: pd.DataFrame) -> list[str]:
        return [f"- **{r['Force']}**, {r['Applies from']} to {r['Applies to']} ({r['Caveat id']}; {r['Topics']}): "
                f"{r['Caveat']} _Source: {r['Source']} (`{r['Source id']}`)_" for _, r in rows.iterrows()]

    groups = [("Recorded crime", others[is_crime & ~is_orders]), ("Protective orders", others[is_orders & ~is_crime]),
              ("Both", others[is_orders & is_crime])]
    return [(title, lines(rows)) for title, rows in groups if len(rows) or title != "Both"]
