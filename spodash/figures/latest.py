"""Each force's latest published order figure, and how recent those figures are.

No official yearly series of order figures by force exists in public: each force's figures
come from different sources over different periods. The "latest published figure" view
shows every force's newest figure side by side, with its own period, and never adds
figures of different periods together.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.periods import fmt_date
from spodash.data.schema import SOURCE_TYPES
from spodash.figures.colour_bins import SEQUENTIAL, Classes

#: The period choice (``?period=latest``) that shows each force's latest figure.
LATEST = "latest"
LATEST_LABEL = "Latest published figure"
#: The orders map coloured by the year each force's latest figure ends (``?metric=recency``).
RECENCY = "recency"


def figure_date(frame: pd.DataFrame) -> pd.Series:
    """The date that places a figure in time: its end, or its start where the end was not published.

    A figure "so far this year" from 1 January 2024 is at least as recent as that start, so it
    ranks after a figure that ended in December 2023.
    """
    return frame["period_end"].fillna(frame["period_start"])


def latest_figures(bundle: Bundle, order_type: str, measure: str) -> pd.DataFrame:
    """One figure per force: the published count with the latest period end.

    Ties on the date are settled as for a year (:func:`metrics.choose_order_figures`): the
    source covering most forces, then the stronger kind of evidence. A force with no
    published count keeps its latest unpublished entry, so the map can say why. Columns as
    :func:`metrics.choose_order_figures` gives, plus ``figure_date``.
    """
    o = bundle.orders
    rows = o[(o["order_type"] == order_type) & (o["measure"] == measure)].copy()
    if rows.empty:
        return rows.assign(source_type=pd.Series(dtype=str), other_figures=pd.Series(dtype=int),
                           figure_date=pd.Series(dtype="datetime64[ns]"))
    types = bundle.sources.set_index("source_id")["source_type"]
    rank = {t: i for i, t in enumerate(SOURCE_TYPES)}
    rows["source_type"] = rows["source_id"].map(types)
    rows["figure_date"] = figure_date(rows)
    rows["_published"] = rows["count"].notna()
    rows["_user"] = rows["source_type"] == "user-supplied"
    rows["_coverage"] = rows["source_id"].map(rows.groupby("source_id")["force_code"].nunique())
    rows["_rank"] = rows["source_type"].map(rank).fillna(-1)
    rows["other_figures"] = rows.groupby("force_code")["force_code"].transform("size") - 1
    rows = rows.sort_values(["_published", "_user", "figure_date", "_coverage", "_rank"],
                            ascending=[False, False, False, False, True], na_position="last", kind="stable")
    return rows.drop_duplicates("force_code").drop(columns=["_published", "_user", "_coverage", "_rank"])


def forces_with_latest(bundle: Bundle, order_type: str, measure: str) -> int:
    """How many forces have any published count of this kind (what the latest view can show)."""
    o = bundle.orders
    sel = (o["order_type"] == order_type) & (o["measure"] == measure) & o["count"].notna()
    return int(o.loc[sel, "force_code"].nunique())


def end_years(table: pd.DataFrame) -> pd.Series:
    """The year each published figure of an orders table ends (its start year where no end was published)."""
    have = table[table["count"].notna()]
    return figure_date(have).dt.year.astype("Int64")


def period_mix(table: pd.DataFrame) -> dict[int, int]:
    """End year -> how many forces' figures end in it, oldest first."""
    return dict(sorted(Counter(int(y) for y in end_years(table).dropna()).items()))


def date_range(table: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The earliest and latest date placing the published figures in time (None without figures)."""
    have = table[table["count"].notna()]
    dates = figure_date(have).dropna()
    return (dates.min(), dates.max()) if len(dates) else None


def mix_sentence(table: pd.DataFrame) -> str:
    """'Of 42 figures, 1 ends in 2020, 28 in 2021, ...': how many figures fall in each year."""
    mix = period_mix(table)
    if not mix:
        return "No force has a published figure of this kind."
    n = sum(mix.values())
    parts = [f"{k} {'ends' if i == 0 and k == 1 else 'end'} in {y}" if i == 0 else f"{k} in {y}"
             for i, (y, k) in enumerate(mix.items())]
    return f"Of {n} forces' figures, " + ", ".join(parts) + "."


def finding(table: pd.DataFrame) -> str:
    """The plain finding about recency: the year most forces' latest public figure ends in."""
    mix = period_mix(table)
    if not mix:
        return ""
    n = sum(mix.values())
    year, k = max(mix.items(), key=lambda kv: (kv[1], kv[0]))
    text = f"For {k} of {n} forces the latest published figure ends in {year}"
    last = max(mix)
    if year < last:
        text += f"; the newest figure for any force ends in {last}"
    return text + "."


def recency_classes(table: pd.DataFrame) -> Classes:
    """One colour class per end year, newest darkest, each labelled with its count of forces."""
    mix = period_mix(table)
    years = list(mix)
    if len(years) > len(SEQUENTIAL) - 1:  # fold the oldest years into one class
        keep = years[-(len(SEQUENTIAL) - 2):]
        mix = {years[0]: sum(mix[y] for y in years if y < keep[0]), **{y: mix[y] for y in keep}}
        years = list(mix)
        first_label = f"{keep[0] - 1} or earlier"
    else:
        first_label = None
    labels = tuple((first_label if i == 0 and first_label else str(y)) + f" ({k} force{'s' * (k != 1)})"
                   for i, (y, k) in enumerate(mix.items()))
    colours = SEQUENTIAL[1:][-len(years):] if years else ()
    return Classes(tuple(float(y) for y in years), False, labels, tuple(colours))


def recency_text(count, measure_label: str, period: str, year) -> str:
    """Hover and table words for a force on the recency map."""
    return f"latest figure ends in {year}: {int(count):,} {measure_label} ({period})"


def range_text(table: pd.DataFrame) -> str:
    """'periods ending from 30 Dec 2020 to 22 Oct 2024' for the published figures of a table."""
    span = date_range(table)
    if span is None:
        return ""
    first, last = span
    if first == last:
        return f"periods ending {fmt_date(last)}"
    return f"periods ending from {fmt_date(first)} to {fmt_date(last)}"
