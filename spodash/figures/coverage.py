"""Where published figures exist: a force-by-period grid for each dataset in the bundle.

Each cell says one of three things, so a reader can tell "the source gave no number"
from "there is no source": PUBLISHED (at least one exact number), WITHHELD (a source
covered this force and period but gave no exact number: it did not answer, suppressed a
small number, or gave only an approximate one), NONE (no figure of this kind at all).
The grids describe the bundle only; nothing here is counted, filled or estimated.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.periods import fmt_period, fy_key, window
from spodash.figures.metrics import MEASURE_LABELS, Quarterly, missing_reason

PUBLISHED, WITHHELD, NONE = "published", "withheld", "none"
#: Each status in words; the grid also shows SYMBOLS, so colour is never the only cue.
SHORT_LABELS = {PUBLISHED: "Published", WITHHELD: "No number published", NONE: "No figure"}
SYMBOLS = {PUBLISHED: "✓", WITHHELD: "?", NONE: "–"}
#: Analysis Function dark blue and orange (distinct under every common colour-vision deficiency),
#: and a pale grey for "nothing": the symbol in each cell carries the same meaning.
COLOURS = {PUBLISHED: "#12436D", WITHHELD: "#F46A25", NONE: "#F2F2F2"}
ORDER = (PUBLISHED, WITHHELD, NONE)

#: Datasets offered by the coverage chart: key -> (label, order types counted).
ORDER_DATASETS = {
    "spo": ("Stalking Protection Orders (SPO, interim and full)", ("SPO", "interim SPO", "full SPO")),
    "dvpo": ("Domestic violence protection notices and orders (DVPN, DVPO)", ("DVPN", "DVPO")),
    "dapo": ("Domestic abuse protection notices and orders (DAPN, DAPO; pilot areas only)", ("DAPN", "DAPO")),
}
DATASETS = {
    "crime": "Recorded stalking offences (8Q), by financial year (Home Office)",
    "p1": "Stalking and harassment, ONS Table P1 editions (12 months to …)",
    **{k: v[0] for k, v in ORDER_DATASETS.items()},
}
NO_END = "end date not published"


@dataclass(frozen=True)
class Coverage:
    """A grid of statuses: one row per force (ONS code), one column per period or source."""

    title: str
    status: pd.DataFrame  # index force_code, columns = column keys, values in ORDER
    detail: pd.DataFrame  # same shape: the figures or the reason, in words
    columns: dict[str, str]  # column key -> label shown on the chart and table
    column_notes: dict[str, str]  # column key -> what the column is (e.g. a source's title)

    def counts(self) -> pd.DataFrame:
        """Forces in each status, per column (for a one-line summary under the chart)."""
        return pd.DataFrame({s: (self.status == s).sum() for s in ORDER}).reindex(self.status.columns)

    def long(self, forces: pd.DataFrame) -> pd.DataFrame:
        """The same grid as a long table: force, column, status in words, detail."""
        names = dict(zip(forces["force_code"], forces["force_name"], strict=True))
        status, detail = self.status.to_numpy(), self.detail.to_numpy()
        rows = []
        for i, code in enumerate(self.status.index):
            for j, col in enumerate(self.status.columns):
                s = status[i, j]
                rows.append({"Force": names.get(code, code), "ONS code": code, "Column": self.columns[col],
                             "Status": SHORT_LABELS[s], "Symbol": SYMBOLS[s], "Detail": detail[i, j]})
        return pd.DataFrame(rows)

    def wide(self, forces: pd.DataFrame) -> pd.DataFrame:
        """Forces as rows and columns as columns, each cell a symbol and a word (screen-reader friendly)."""
        names = forces.set_index("force_code")["force_name"]
        out = self.status.apply(lambda col: col.map(lambda s: f"{SYMBOLS[s]} {SHORT_LABELS[s]}"))
        out.columns = [self.columns[c] for c in self.status.columns]
        out.insert(0, "Force", [names.get(c, c) for c in out.index])
        out.insert(1, "ONS code", out.index)
        return out.reset_index(drop=True)


def _grid(codes: list[str], columns: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    status = pd.DataFrame(NONE, index=pd.Index(codes, name="force_code"), columns=columns, dtype=object)
    detail = pd.DataFrame("No figure of this kind in the bundle", index=status.index, columns=columns, dtype=object)
    return status, detail


def _force_order(bundle: Bundle) -> list[str]:
    return list(bundle.forces.sort_values("force_name")["force_code"])


def crime_coverage(bundle: Bundle, q: Quarterly, offence: str = "8Q") -> Coverage:
    """Financial years with all four quarters of an offence code published for a force.

    A year with only some quarters (the latest year in the Home Office file) is not offered
    as a column, because no force has a full year for it.
    """
    every = q.table.reset_index()
    every["fy"] = every["period_start"].map(fy_key)
    quarters_in_year = every.groupby("fy")["period_start"].nunique()
    full_years = sorted(str(y) for y, n in quarters_in_year.items() if n == 4)  # keys are fy_key strings
    table = every[every[offence].notna()] if offence in every else every.iloc[0:0]
    status, detail = _grid(_force_order(bundle), full_years)
    detail.loc[:, :] = f"No {offence} figure in the Home Office file for this year"
    for (code, year), rows in table.groupby(["force_code", "fy"]):
        if year not in status.columns or code not in status.index:
            continue
        if len(rows) == 4:
            status.at[code, year] = PUBLISHED
            detail.at[code, year] = f"{int(rows[offence].sum()):,} offences recorded ({offence}), 4 quarters"
        else:
            detail.at[code, year] = f"Only {len(rows)} of 4 quarters published"
    columns = {y: y for y in full_years}
    notes = {y: f"Financial year {y} ({window('fy', y).label})" for y in full_years}
    return Coverage(DATASETS["crime"] if offence == "8Q" else f"Recorded offences ({offence}), by financial year",
                    status, detail, columns, notes)


def p1_coverage(bundle: Bundle) -> Coverage:
    """ONS Table P1 editions: a published total, a published 'not available' marker, or no row."""
    p1 = bundle.crime_p1.sort_values("period_end")
    editions = list(dict.fromkeys(p1["year_ending"]))
    status, detail = _grid(_force_order(bundle), editions)
    for code, year, count, as_published in zip(p1["force_code"], p1["year_ending"], p1["count"],
                                               p1["count_as_published"], strict=True):
        if code not in status.index:
            continue
        if pd.notna(count):
            status.at[code, year] = PUBLISHED
            detail.at[code, year] = f"{int(count):,} stalking and harassment offences"
        else:
            status.at[code, year] = WITHHELD
            detail.at[code, year] = f"Not available in the table (shown as {as_published!r})"
    columns = {e: f"YE {e}" for e in editions}
    sources = p1.drop_duplicates("year_ending").set_index("year_ending")["source_id"]
    notes = {e: f"12 months to {e} ({sources[e]})" for e in editions}
    return Coverage(DATASETS["p1"], status, detail, columns, notes)


def _figure_text(rows: pd.DataFrame) -> str:
    """Each published number with its measure and period; a missing one once per reason and period."""
    parts: dict[str, list[str]] = {}
    r: Any  # an orders.csv row: pandas-stubs types its fields as any scalar (and r.count as tuple.count)
    for r in rows.itertuples():
        what = f"{r.order_type} {MEASURE_LABELS.get(r.measure, r.measure)}"
        period = fmt_period(r.period_start, r.period_end)
        if pd.notna(r.count):
            parts[f"{what}: {int(r.count):,} ({period})"] = []
        else:
            parts.setdefault(f"{missing_reason(r.count_as_published, r.note)} [{period}]", []).append(what)
    return "; ".join(k if not whats else f"{', '.join(whats)}: {k}" for k, whats in parts.items())


def _status_of(rows: pd.DataFrame) -> str:
    return PUBLISHED if rows["count"].notna().any() else WITHHELD


def _end_year(row) -> str:
    return str(row.period_end.year) if pd.notna(row.period_end) else NO_END


def orders_coverage(bundle: Bundle, dataset: str, by: str = "source") -> Coverage:
    """Order figures for one family of orders, a column per source (``by='source'``) or per year.

    By year, a figure sits in the calendar year its period ends (the date it runs to);
    figures whose source gave no end date have a column of their own.
    """
    if dataset not in ORDER_DATASETS:
        raise ValueError(f"unknown orders dataset {dataset!r}; choose one of {sorted(ORDER_DATASETS)}")
    if by not in ("source", "year"):
        raise ValueError(f"coverage columns must be by 'source' or 'year', not {by!r}")
    label, types = ORDER_DATASETS[dataset]
    o = bundle.orders[bundle.orders["order_type"].isin(types)].copy()
    sources = bundle.sources.set_index("source_id")
    if by == "source":
        first = o.assign(_d=o["period_start"].fillna(o["period_end"])).groupby("source_id")["_d"].min()
        keys = sorted(first.index, key=lambda s: (pd.isna(first[s]), first[s] if pd.notna(first[s]) else 0, s))
        o["_col"] = o["source_id"]
        columns = {}
        for s in keys:
            rows = o[o["source_id"] == s]
            ends = rows["period_end"].dropna()
            starts = rows["period_start"].dropna()
            years = sorted({d.year for d in list(starts) + list(ends)})
            span = ((f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}") if years
                    else "period not published")
            columns[s] = f"{s} ({span})"
        notes = {s: f"{sources.loc[s, 'title']} ({sources.loc[s, 'publisher']}; {sources.loc[s, 'source_type']})"
                 for s in keys}
    else:
        o["_col"] = [_end_year(r) for r in o.itertuples()]
        years = sorted(k for k in set(o["_col"]) if k != NO_END)
        keys = years + ([NO_END] if NO_END in set(o["_col"]) else [])
        columns = {k: (k if k != NO_END else "End date not published") for k in keys}
        notes = {k: (f"Figures whose period ends in {k}" if k != NO_END else
                     "Figures whose source gave no end date (e.g. 'since March 2014', or a stock with no date)")
                 for k in keys}
    status, detail = _grid(_force_order(bundle), keys)
    for (code, col), rows in o.groupby(["force_code", "_col"]):
        status.at[code, col] = _status_of(rows)
        detail.at[code, col] = _figure_text(rows)
    return Coverage(label + (" by source" if by == "source" else " by year the figure's period ends"),
                    status, detail, columns, notes)


def coverage(bundle: Bundle, q: Quarterly, dataset: str, by: str = "source") -> Coverage:
    """The grid for a dataset key of :data:`DATASETS`."""
    if dataset == "crime":
        return crime_coverage(bundle, q)
    if dataset == "p1":
        return p1_coverage(bundle)
    return orders_coverage(bundle, dataset, by)


def _ticks(labels: list[str], limit: int = 30) -> list[str]:
    """Axis labels short enough to read, still one per column; the full label is in the hover and the table."""
    out: list[str] = []
    for label in labels:
        short = label if len(label) <= limit else label[: limit - 1] + "…"
        while short in out:  # two long labels that start alike must stay two columns
            short += "·"
        out.append(short)
    return out


def figure(cov: Coverage, forces: pd.DataFrame, *, height_per_row: int = 19):
    """A heatmap-like grid: fill colour AND a symbol in every cell; the words are in the hover and the table."""
    import plotly.graph_objects as go

    names = dict(zip(forces["force_code"], forces["force_name"], strict=True))
    value = {NONE: 0, WITHHELD: 1, PUBLISHED: 2}
    cols = list(cov.status.columns)
    rows = list(cov.status.index)
    status, detail = cov.status.to_numpy().tolist(), cov.detail.to_numpy().tolist()
    notes = [cov.column_notes.get(c, cov.columns[c]) for c in cols]
    z = [[value[s] for s in line] for line in status]
    text = [[SYMBOLS[s] for s in line] for line in status]
    custom = [[[names.get(r, r), note, SHORT_LABELS[s], d[:400]]
               for note, s, d in zip(notes, line, details, strict=True)]
              for r, line, details in zip(rows, status, detail, strict=True)]
    scale = [[0, COLOURS[NONE]], [1 / 3, COLOURS[NONE]], [1 / 3, COLOURS[WITHHELD]], [2 / 3, COLOURS[WITHHELD]],
             [2 / 3, COLOURS[PUBLISHED]], [1, COLOURS[PUBLISHED]]]
    fig = go.Figure(go.Heatmap(
        z=z, x=_ticks([cov.columns[c] for c in cols]), y=[names.get(r, r) for r in rows], text=text,
        texttemplate="%{text}", textfont=dict(size=12), zmin=-0.5, zmax=2.5, colorscale=scale, showscale=False,
        xgap=1, ygap=1, customdata=custom,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
    ))
    longest = max((len(t) for t in fig.data[0].x), default=4)
    bottom = 40 if longest <= 9 else int(34 + 7.5 * longest)
    fig.update_layout(
        height=len(rows) * height_per_row + bottom + 20, margin=dict(l=150, r=10, t=20, b=bottom),
        xaxis=dict(side="bottom", tickangle=0 if longest <= 9 else -90, automargin=False, fixedrange=True,
                   type="category"),
        yaxis=dict(autorange="reversed", automargin=False, fixedrange=True, type="category"),
        font=dict(family="sans-serif", size=12, color="#0b0c0c"), plot_bgcolor="#ffffff",
    )
    return fig


@dataclass(frozen=True)
class CoverageView:
    """One dataset's grid with everything the sources page shows of it (read-only: shared by sessions)."""

    grid: Coverage
    figure: object  # plotly Figure
    wide: pd.DataFrame
    long: pd.DataFrame
    counts: pd.DataFrame


def view(bundle: Bundle, q: Quarterly, dataset: str, by: str = "source") -> CoverageView:
    cov = coverage(bundle, q, dataset, by)
    return CoverageView(cov, figure(cov, bundle.forces), cov.wide(bundle.forces), cov.long(bundle.forces), cov.counts())
