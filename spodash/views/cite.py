"""'Cite this view': one plain sentence with a view's headline figures, periods and sources, its
link, and an embed snippet, ready to paste into a report or an article."""
from __future__ import annotations

import html
import urllib.parse

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.data.periods import fmt_date, fmt_period
from spodash.figures import latest
from spodash.figures.metrics import OFFENCE_CHOICES
from spodash.views.mapview import ENGLAND_AND_WALES, MapView


def _periods(rows: pd.DataFrame) -> str:
    """'from 20 Jan 2020 to between 30 Dec 2020 and 26 May 2021' for the published figures in rows."""
    have = rows[rows["count"].notna()]
    starts, ends = have["period_start"].dropna(), have["period_end"].dropna()
    if starts.empty or ends.empty:
        return "over periods given in the table"
    start = f"from {fmt_date(starts.min())}" if starts.min() == starts.max() else \
        f"from between {fmt_date(starts.min())} and {fmt_date(starts.max())}"
    end = f"to {fmt_date(ends.max())}" if ends.min() == ends.max() else \
        f"to between {fmt_date(ends.min())} and {fmt_date(ends.max())}"
    return f"{start} {end}"


def _sources(bundle: Bundle, ids) -> str:
    names = bundle.sources.set_index("source_id")["publisher"]
    publishers = list(dict.fromkeys(names.get(i, i) for i in ids if i))
    if len(publishers) > 4:
        publishers = publishers[:3] + [f"{len(publishers) - 3} other publishers named in the table"]
    return "; ".join(publishers)


def article(label: str) -> str:
    """'an' before a sound starting with a vowel: an SPO, an interim SPO; a DVPO, a full SPO."""
    first = label.split()[0] if label else ""
    if first.isupper():  # an abbreviation is read letter by letter
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


def sentence(bundle: Bundle, view: MapView) -> str:
    """The view in one sentence: the area, its figures with their periods and measure, and the sources."""
    s, label = view.state, view.order_label
    orders = view.orders
    if s.force:
        return _force_sentence(bundle, view)
    if s.region != ENGLAND_AND_WALES:
        rows, totals, area = orders[orders["region"] == s.region], view.region, f"the {s.region}"
    else:
        rows, totals, area = orders, view.national, "England and Wales"
    assert totals is not None  # a highlighted region has forces, so the view has its totals
    n, of = totals["with_figure"], totals["forces"]
    shown = rows[rows["count"].notna()]
    sources = _sources(bundle, list(shown["source_id"])
                       + (["HO_PRC_PFA_2023_10"] if s.metric == "per_100_reports" else []))
    if n == 0:
        return f"No police force in {area} has a published {label} figure for {view.period_label}."
    if view.latest:
        mix = latest.period_mix(shown)
        return (f"In {area}, {n} of {of} police forces have published {article(label)} {label} figure; "
                f"each force's latest figure covers its own period, {_periods(shown)} "
                f"({latest.mix_sentence(shown)[:-1].lower()}), "
                f"so they are not added up. Sources: {sources}.") if mix else ""
    text = (f"In {area}, {n} of {of} police forces published {article(label)} {label} figure assigned to "
            f"{view.win.label}, {totals['count']:,} in all, for periods {_periods(shown)}")
    if s.metric == "per_100_reports" and totals.get("per_100_reports") is not None:
        text += (f": {totals['per_100_reports']:.2f} per 100 stalking offences recorded in the matching quarters"
                 + (f" (England and Wales {view.national['per_100_reports']:.2f})" if totals is view.region else ""))
    return text + f". Sources: {sources}."


def _force_sentence(bundle: Bundle, view: MapView) -> str:
    s = view.state
    row = view.orders.set_index("force_code").loc[s.force]
    rep = view.reports.set_index("force_code").loc[s.force]
    name = row["force_name"]
    if pd.isna(row["count"]):
        text = f"{name} has no published {view.order_label} figure for {view.period_label} ({row['status'].lower()})"
    else:
        text = (f"{name}: {int(row['count']):,} {view.order_label}, "
                f"{fmt_period(row['period_start'], row['period_end'])} ({_sources(bundle, [row['source_id']])})")
        if s.metric == "per_100_reports" and pd.notna(row["value"]):
            text += f", {row['value']:.2f} per 100 stalking offences recorded in the matching quarters"
    if pd.notna(rep["count"]):
        text += (f"; {OFFENCE_CHOICES[s.offence]} offences recorded: {int(rep['count']):,} in "
                 f"{view.win.label} ({_sources(bundle, [rep['source_id']])})")
    return text + "."


def link(base_url: str, params: dict[str, str]) -> str:
    """The view's shareable link: the app's address with every filter in the query."""
    base = base_url.split("?")[0].split("#")[0]
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{base}?{query}" if query else base


def embed_snippet(view_link: str, title: str, height: int = 720) -> str:
    """An <iframe> for a news site: Streamlit's own embed mode shows the page without its menus."""
    sep = "&" if "?" in view_link else "?"
    src = f"{view_link}{sep}embed=true"
    return (f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
            f'width="100%" height="{height}" style="border:0" loading="lazy"></iframe>')
