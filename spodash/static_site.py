"""A static copy of the dashboard: national maps by year and a briefing per force, as plain files.

    python -m spodash.static_site --out site/

Why: a link shared widely can bring more visitors than any set of Python processes will
hold, and a folder of HTML files can be served by any web server or CDN, attached to an
email, or opened from a USB stick. The pages make no request to any other server:
plotly.js is written once to ``plotly.min.js`` beside ``index.html`` and referenced by a
relative path, the police force area geometry is inline in each map page, and plotly's
base-map stub is given inline as ``window.PlotlyGeoAssets``. Every link between pages is
relative. (The sources' own web addresses are listed as citations, as links a reader can
follow; nothing is loaded from them.)

The figures are the dashboard's own: :func:`spodash.metrics.orders_table` and
:func:`spodash.metrics.reports_table` for the maps, and :mod:`spodash.profile`'s briefing
for each force, so a number in the export is the number on the screen.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from spodash import charts, metrics, profile, profile_charts
from spodash.classes import fmt_number
from spodash.datasets import Bundle, load_bundle
from spodash.exports import to_csv_bytes
from spodash.periods import Window, fmt_date, window
from spodash.sourcelist import with_source_lines

PLOTLY_FILE = "plotly.min.js"
AREAS_REF, OUTLINE_REF = "spodash:areas", "spodash:outline"
OFF_SCALE = "off the scale: tiny resident population, drawn in the top class"
HELP = ("<strong>If you are in danger now, call 999.</strong> National Stalking Helpline: "
        "<strong>0808 802 0300</strong> (run by the Suzy Lamplugh Trust), advice and support for anyone "
        "affected by stalking. To report stalking to the police when it is not an emergency, call 101.")

CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:1150px;margin:0 auto;padding:1.5rem;line-height:1.45}
h1{font-size:2rem;margin-bottom:.2rem}h2{border-top:4px solid #12436D;padding-top:.6rem;margin-top:2.2rem}
a{color:#1d70b8}a:visited{color:#4c2c92}a:focus{outline:3px solid #ffdd00;background:#ffdd00;color:#0b0c0c}
.sub{color:#505a5f;margin-top:0}.note{color:#505a5f;font-size:.92rem}
.help{border:2px solid #12436D;padding:.6rem .9rem;margin:1rem 0}
.headline{font-size:1.15rem;border-left:6px solid #12436D;padding:.4rem .8rem;background:#f3f2f1}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.8rem 0}th,td{border:1px solid #b1b4b6;
padding:.3rem .45rem;text-align:left;vertical-align:top}th{background:#f3f2f1}td.n{text-align:right;white-space:nowrap}
caption{text-align:left;font-weight:700;padding:.3rem 0}.map{width:100%;height:640px}
nav.crumbs{font-size:.95rem;margin-bottom:1rem}footer{margin-top:2.5rem;border-top:1px solid #b1b4b6;font-size:.9rem}
ul.cols{columns:3 16rem}
"""


def _e(x) -> str:
    return html.escape("" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x))


def _js(obj) -> str:
    """JSON for a <script> block: '</' can never close the block early."""
    text = obj if isinstance(obj, str) else json.dumps(obj, separators=(",", ":"))
    return text.replace("</", "<\\/")


def _page(title: str, body: str, *, head: str = "", plotly_from: str = "") -> str:
    """A whole page; ``plotly_from`` is the relative path of the shared plotly.min.js, if the page draws charts."""
    scripts = f'<script src="{plotly_from}" charset="utf-8"></script>' if plotly_from else ""
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{_e(title)}</title>"
            f"<style>{CSS}</style>{scripts}{head}</head><body><main>{body}</main></body></html>")


# ---- which maps ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MapSpec:
    """One national map: what it shows and for which year."""

    kind: str  # "spo" (SPO granted per 100 recorded stalking offences) or "stalking" (8Q per 100,000)
    year: str  # financial year key, e.g. '2020/21'
    forces_with_figure: int

    @property
    def win(self) -> Window:
        return window("fy", self.year)

    @property
    def slug(self) -> str:
        stem = "spo-granted-per-100-stalking-offences" if self.kind == "spo" else "stalking-8q-per-100k-residents"
        return f"{stem}-{self.year.replace('/', '-')}"

    @property
    def title(self) -> str:
        if self.kind == "spo":
            return f"Stalking Protection Orders granted per 100 recorded stalking offences, {self.year}"
        return f"Stalking offences (8Q) recorded per 100,000 residents, {self.year}"


def map_specs(bundle: Bundle, q: metrics.Quarterly) -> tuple[list[MapSpec], list[str]]:
    """The maps to draw (newest first) and the financial years with no stalking (8Q) figures at all."""
    years = metrics.year_windows(q, "fy")
    spo = metrics.order_years(bundle.orders, "SPO", "granted", "fy", years)
    specs = [MapSpec("spo", y, n) for y, n in spo.items()]
    empty = []
    for y in years:
        n = metrics.totals(metrics.reports_table(bundle, q, "8Q", window("fy", y), "per_100k"))["with_figure"]
        if n:
            specs.append(MapSpec("stalking", y, n))
        else:
            empty.append(y)
    return specs, empty


def map_table(bundle: Bundle, q: metrics.Quarterly, spec: MapSpec) -> pd.DataFrame:
    """The dashboard's table for the map: one row per force, with a readable source line."""
    if spec.kind == "spo":
        t = metrics.orders_table(bundle, q, "SPO", "granted", spec.win, "per_100_reports")
    else:
        t = metrics.reports_table(bundle, q, "8Q", spec.win, "per_100k")
    return with_source_lines(bundle, t)


# ---- one map page -------------------------------------------------------------------------
def map_figure(bundle: Bundle, spec: MapSpec, table: pd.DataFrame, points: dict) -> go.Figure:
    """charts.choropleth, as on the map page, with the geometry swapped for inline references."""
    off_scale = {metrics.CITY_OF_LONDON: OFF_SCALE}
    classes = charts.map_classes(table, integer=False, exclude={metrics.CITY_OF_LONDON})
    if spec.kind == "spo":
        fig = charts.choropleth(table, classes, value_label=metrics.METRICS["per_100_reports"],
                                measure_label="SPO granted", legend_title="SPO granted<br>per 100 stalking offences",
                                points=points, off_scale=off_scale, height=620)
    else:
        fig = charts.choropleth(table, classes, value_label=metrics.METRICS["per_100k"],
                                measure_label="Stalking (8Q) recorded by the police",
                                legend_title="Stalking (8Q) offences<br>per 100,000 residents",
                                points=points, off_scale=off_scale, height=620)
    for trace in fig.data:
        if getattr(trace, "geojson", None) == charts.AREAS_URL:
            trace.geojson = AREAS_REF
        elif getattr(trace, "geojson", None) == charts.OUTLINE_URL:
            trace.geojson = OUTLINE_REF
    return fig


def _plot_script(div_id: str, fig: go.Figure, config: dict) -> str:
    """Draw a figure whose geometry references point at the page's inline GeoJSON."""
    return ("<script>(function(){var fig=" + _js(fig.to_json()) + ";"
            "fig.data.forEach(function(t){if(t.geojson===" + json.dumps(AREAS_REF) + ")t.geojson=SPODASH_AREAS;"
            "else if(t.geojson===" + json.dumps(OUTLINE_REF) + ")t.geojson=SPODASH_OUTLINE;});"
            f"Plotly.newPlot({json.dumps(div_id)},fig.data,fig.layout,{_js(config)});}})();</script>")


def _num(v, *, integer: bool = False, missing: str = "no published figure") -> str:
    if v is None or pd.isna(v):
        return missing
    return f"{int(v):,}" if integer else fmt_number(float(v))


def _caveat_numbers(table: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Every caveat once, numbered; and for each row the numbers of its caveats."""
    notes = list(dict.fromkeys(c for cell in table["caveats"] if cell for c in cell.split(" | ")))
    index = {n: i + 1 for i, n in enumerate(notes)}
    refs = [", ".join(str(n) for n in sorted({index[c] for c in cell.split(" | ")})) if cell else ""
            for cell in table["caveats"]]
    return notes, refs


def _rows(cells: list[list[tuple[str, bool]]]) -> str:
    return "".join("<tr>" + "".join(f"<td class=\"n\">{v}</td>" if n else f"<td>{v}</td>" for v, n in row) + "</tr>"
                   for row in cells)


def figure_table(spec: MapSpec, table: pd.DataFrame) -> tuple[pd.DataFrame, str, list[str]]:
    """The map's numbers as a DataFrame (for CSV), as HTML rows, and the numbered caveats."""
    notes, refs = _caveat_numbers(table)
    if spec.kind == "spo":
        df = pd.DataFrame({
            "Force": table["force_name"], "ONS code": table["force_code"], "Region": table["region"],
            "SPO granted (count)": table["count"], "Stalking offences (8Q) matched": table["reports"],
            "SPO granted per 100 stalking offences": table["value"].round(3),
            "Order figure period": table["period"], "Stalking offences, quarters matched": table["reports_period"],
            "Status": table["status"], "Source id": table["source_id"], "Source": table["source_line"],
            "Caveats": table["caveats"]})
        head = ["Force", "ONS code", "Region", "SPO granted", "Stalking offences (8Q) matched",
                "Per 100 stalking offences", "Order figure period", "Stalking offences: quarters matched", "Status",
                "Source", "Caveats (see list)"]
        cells = [[(_e(r.force_name), False), (_e(r.force_code), False), (_e(r.region), False),
                  (_num(r.count, integer=True), True), (_num(r.reports, integer=True, missing=""), True),
                  (_num(r.value), True), (_e(r.period), False), (_e(r.reports_period), False), (_e(r.status), False),
                  (f"{_e(r.source_line)} [{_e(r.source_id)}]" if r.source_id else "", False), (ref, False)]
                 for r, ref in zip(table.itertuples(), refs)]
    else:
        df = pd.DataFrame({
            "Force": table["force_name"], "ONS code": table["force_code"], "Region": table["region"],
            "Stalking offences (8Q) recorded": table["count"], "Residents (mid-2023)": table["population"],
            "Per 100,000 residents": table["value"].round(2), "Period": table["period"], "Status": table["status"],
            "Source id": table["source_id"], "Caveats": table["caveats"]})
        head = ["Force", "ONS code", "Region", "Stalking offences (8Q) recorded", "Residents (mid-2023)",
                "Per 100,000 residents", "Period", "Status", "Source", "Caveats (see list)"]
        cells = [[(_e(r.force_name), False), (_e(r.force_code), False), (_e(r.region), False),
                  (_num(r.count, integer=True), True), (_num(r.population, integer=True), True),
                  (_num(r.value), True), (_e(r.period), False), (_e(r.status), False),
                  (f"{_e(r.source_line)} [{_e(r.source_id)}]" if r.source_id else "", False), (ref, False)]
                 for r, ref in zip(table.itertuples(), refs)]
    thead = "".join(f"<th scope=\"col\">{_e(h)}</th>" for h in head)
    html_table = (f"<table><caption>The figures on the map: all 43 police force areas</caption>"
                  f"<thead><tr>{thead}</tr></thead><tbody>{_rows(cells)}</tbody></table>")
    return df, html_table, notes


def headline(spec: MapSpec, table: pd.DataFrame) -> str:
    t = metrics.totals(table)
    if spec.kind == "spo":
        if t["count"] is None:
            return "No force has a published figure for this year."
        text = (f"{t['count']:,} SPOs granted, in the figures of the {t['with_figure']} of {t['forces']} forces "
                f"with a published figure whose period falls mostly in {spec.year}")
        if t.get("per_100_reports") is not None:
            text += (f": {t['per_100_reports']:.2f} per 100 stalking offences recorded in the matching quarters "
                     f"({t['count']:,} orders / {t['reports']:,} offences, {t['with_reports']} forces)")
        return text + ". Each force's own period is in the table."
    return (f"{t['count']:,} stalking offences (8Q) recorded by the {t['with_figure']} of {t['forces']} forces with "
            f"figures, {spec.win.label}: {t['per_100k']:.1f} per 100,000 residents.")


def sources_html(bundle: Bundle, ids) -> str:
    src = bundle.sources.set_index("source_id")
    items = []
    for sid in dict.fromkeys(i for i in ids if i):
        if sid not in src.index:
            continue
        s = src.loc[sid]
        link = f' <a href="{_e(s["url"])}">{_e(s["url"])}</a>' if isinstance(s["url"], str) and s["url"] else ""
        published = f", {_e(s['published'])}" if isinstance(s["published"], str) and s["published"] else ""
        items.append(f"<li>[{_e(sid)}] <strong>{_e(s['title'])}</strong>, {_e(s['publisher'])}{published} "
                     f"({_e(s['source_type'])}).{link} Licence: {_e(s['licence']) or 'not stated'}.</li>")
    return "<ul>" + "".join(items) + "</ul>"


def attribution_html(bundle: Bundle, ids) -> str:
    src = bundle.sources.set_index("source_id")
    lines = [profile.OGL, profile.BOUNDARY_ATTRIBUTION]
    if profile.SPO_SURVEY in ids:
        lines.append(profile.BBC_ATTRIBUTION)
    for sid in dict.fromkeys(i for i in ids if i):
        if sid in src.index:
            lines.append(f"{src.at[sid, 'attribution']} ({src.at[sid, 'licence']})")
    return "".join(f"<p>{_e(line)}</p>" for line in dict.fromkeys(lines))


def geometry_script(bundle: Bundle) -> str:
    return (f"<script>var SPODASH_AREAS={_js(bundle.geo)};var SPODASH_OUTLINE={_js(bundle.outline)};</script>"
            + profile.geo_assets_script())


def map_page(bundle: Bundle, spec: MapSpec, table: pd.DataFrame, points: dict, generated: dt.date) -> tuple[str, pd.DataFrame]:
    fig = map_figure(bundle, spec, table, points)
    df, html_table, notes = figure_table(spec, table)
    config = profile.briefing_config(charts.PLOTLY_CONFIG, spec.slug)
    ids = list(table["source_id"]) + list(profile.BACKGROUND_SOURCES)
    have = int(table["value"].notna().sum())
    alt = (f"Map of the 43 police force areas of England and Wales: {spec.title}. {have} areas have a value and are "
           f"shaded from light (low) to dark blue (high); areas with no published figure are grey with a cross. "
           f"The same figures are in the table below the map.")
    what = ("Orders granted by the courts on police applications, per 100 stalking offences (8Q) the same force "
            "recorded in the quarters matching that figure's own period. Order figures come from freedom-of-"
            "information answers and other publications, so periods differ by force." if spec.kind == "spo" else
            "Stalking offences (Home Office code 8Q) recorded by each police force in the financial year, per "
            "100,000 residents (mid-2023 population estimates).")
    body = (f"<nav class=\"crumbs\"><a href=\"../index.html\">All maps and force briefings</a></nav>"
            f"<h1>{_e(spec.title)}</h1><p class=\"sub\">{_e(spec.win.label)}. England and Wales, by police force "
            f"area. Static copy made {fmt_date(pd.Timestamp(generated))}.</p>"
            f"<p>{_e(what)}</p><p class=\"headline\">{_e(headline(spec, table))}</p>"
            f"<p class=\"help\">{HELP}</p>"
            "<p class=\"note\">Every figure was published by the source named beside it, or is arithmetic on "
            "published figures. Grey with a cross means no published figure, which is not the same as zero.</p>"
            f"<div id=\"map\" class=\"map\" role=\"img\" aria-label=\"{_e(alt)}\"></div>"
            + _plot_script("map", fig, config) +
            "<p class=\"note\">City of London has 13,462 residents but a large daytime population, so its rates per "
            "resident are off the scale: the colour classes are set from the other 42 forces and City of London is "
            "drawn in the top class, with its own value in the hover and the table.</p>"
            f"<h2>The figures on the map</h2><p><a href=\"{spec.slug}.csv\">Download this table (CSV)</a></p>"
            + html_table +
            f"<h2>Caveats that apply to these figures ({len(notes)})</h2><ol>"
            + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ol>"
            "<h2>Sources</h2>" + sources_html(bundle, ids)
            + "<footer><h2>Attribution</h2>" + attribution_html(bundle, ids) + "</footer>")
    return _page(spec.title, body, head=geometry_script(bundle), plotly_from=f"../{PLOTLY_FILE}"), df


# ---- force pages ----------------------------------------------------------------------------
def force_page(bundle: Bundle, q: metrics.Quarterly, force: str, specs, generated: dt.date, plotly_js: str) -> str:
    """The force profile's briefing, with plotly.js taken out to the shared file and a link home."""
    p = profile.build_profile(bundle, q, force, specs)
    text = profile.briefing_html(p, profile_charts.briefing_figures(p, bundle.forces, bundle.geo),
                                 generated=generated, plotly_config=charts.PLOTLY_CONFIG)
    at = text.find(plotly_js)
    if at < 0:
        raise RuntimeError("the briefing no longer inlines plotly.js where expected; update static_site.force_page")
    start = text.rfind("<script", 0, at)
    end = text.find("</script>", at) + len("</script>")
    text = text[:start] + f'<script src="../{PLOTLY_FILE}" charset="utf-8"></script>' + text[end:]
    anchor = "<body><main>"
    if anchor not in text:
        raise RuntimeError("the briefing's page structure changed; update static_site.force_page")
    return text.replace(anchor, anchor + "<nav class=\"crumbs\" style=\"margin-bottom:1rem\">"
                        "<a href=\"../index.html\">All maps and force briefings</a></nav>", 1)


def force_file(bundle: Bundle, force: str) -> str:
    name = bundle.forces.set_index("force_code").at[force, "force_name"]
    return f"{profile.slug(name)}.html"


# ---- index ----------------------------------------------------------------------------------
def index_page(bundle: Bundle, specs: list[MapSpec], empty_years: list[str], forces: list[str],
               generated: dt.date) -> str:
    names = bundle.forces.set_index("force_code")
    spo = [s for s in specs if s.kind == "spo"]
    stalking = [s for s in specs if s.kind == "stalking"]

    def item(s: MapSpec) -> str:
        return (f"<li><a href=\"maps/{s.slug}.html\">{_e(s.year)}</a> "
                f"<span class=\"note\">({s.forces_with_figure} of 43 forces with a figure)</span></li>")

    force_items = "".join(
        f"<li><a href=\"forces/{force_file(bundle, c)}\">{_e(names.at[c, 'force_name'])}</a></li>"
        for c in sorted(forces, key=lambda c: names.at[c, "force_name"]))
    ids = ["HO_PRC_PFA_2023_10", profile.SPO_SURVEY, *profile.BACKGROUND_SOURCES]
    body = (
        "<h1>Stalking and protective orders in England and Wales</h1>"
        f"<p class=\"sub\">Maps and police force briefings: a static copy of the dashboard, made "
        f"{fmt_date(pd.Timestamp(generated))}. These pages work offline and load nothing from the internet.</p>"
        f"<div class=\"help\">{HELP}</div>"
        "<p>How often police forces have used Stalking Protection Orders (SPOs), beside the stalking offences they "
        "recorded. Every number was published by the source named beside it, or is simple arithmetic on published "
        "numbers; a missing figure is never shown as zero. Each map has its table, sources and caveats.</p>"
        "<h2>SPOs granted per 100 recorded stalking offences</h2>"
        "<p class=\"note\">Financial years (April to March) with published SPO figures. An order figure belongs to "
        "the year that holds more than half of its own period.</p>"
        f"<ul>{''.join(item(s) for s in spo)}</ul>"
        "<h2>Stalking offences (8Q) recorded per 100,000 residents</h2>"
        f"<ul>{''.join(item(s) for s in stalking)}</ul>"
        + (f"<p class=\"note\">No stalking (8Q) figures in the Home Office file for {', '.join(empty_years)}: no map "
           f"is drawn for {'that year' if len(empty_years) == 1 else 'those years'}.</p>" if empty_years else "")
        + f"<h2>Police force briefings ({len(forces)})</h2>"
        "<p class=\"note\">Each force's figures over time, every published order figure, the force beside its "
        "region and England and Wales, caveats and sources.</p>"
        f"<ul class=\"cols\">{force_items}</ul>"
        "<footer><h2>Attribution</h2>" + attribution_html(bundle, ids)
        + "<p>Other figures: the police forces, Police and Crime Commissioners and news organisations named on each "
          "page's list of sources.</p></footer>")
    return _page("Stalking and protective orders in England and Wales: maps and force briefings", body)


# ---- the whole site -------------------------------------------------------------------------
@dataclass(frozen=True)
class BuildReport:
    out: Path
    maps: list[str]
    forces: list[str]
    files: int
    bytes: int
    seconds: float


def build(out: Path, *, forces: list[str] | None = None, generated: dt.date | None = None,
          bundle: Bundle | None = None, log=print) -> BuildReport:
    """Write the site into ``out`` (emptied first if it holds an earlier export)."""
    t0 = time.time()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not (out / "index.html").exists() or not (out / PLOTLY_FILE).exists():
            raise FileExistsError(f"{out} is not empty and does not look like an earlier export: choose another --out")
        shutil.rmtree(out)
    (out / "maps").mkdir(parents=True)
    (out / "forces").mkdir()
    bundle = bundle or load_bundle()
    q = metrics.quarterly(bundle.crime)
    generated = generated or dt.date.today()
    codes = list(bundle.forces["force_code"])
    if forces:
        unknown = [f for f in forces if f not in codes]
        if unknown:
            raise ValueError(f"not ONS police force area codes in forces.csv: {unknown}")
        codes = [c for c in codes if c in set(forces)]
    plotly_js = plotly.offline.get_plotlyjs()
    (out / PLOTLY_FILE).write_text(plotly_js, encoding="utf-8")
    points = charts.label_points(bundle.geo)
    specs, empty = map_specs(bundle, q)
    for spec in specs:
        table = map_table(bundle, q, spec)
        page, df = map_page(bundle, spec, table, points, generated)
        (out / "maps" / f"{spec.slug}.html").write_text(page, encoding="utf-8")
        (out / "maps" / f"{spec.slug}.csv").write_bytes(to_csv_bytes(df))
    log(f"{len(specs)} maps written ({time.time() - t0:.1f} s)")
    context = profile.context_tables(bundle, q)
    for i, code in enumerate(codes, 1):
        (out / "forces" / force_file(bundle, code)).write_text(
            force_page(bundle, q, code, context, generated, plotly_js), encoding="utf-8")
        if i % 10 == 0 or i == len(codes):
            log(f"{i} of {len(codes)} force briefings written ({time.time() - t0:.1f} s)")
    (out / "index.html").write_text(index_page(bundle, specs, empty, codes, generated), encoding="utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    return BuildReport(out, [s.slug for s in specs], codes, len(files), sum(p.stat().st_size for p in files),
                       round(time.time() - t0, 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m spodash.static_site", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="folder to write (emptied first if it holds an earlier export)")
    ap.add_argument("--forces", nargs="+", metavar="ONS_CODE", help="only these forces' briefings (default: all 43)")
    ap.add_argument("--date", type=dt.date.fromisoformat, help="date printed on the pages (default: today)")
    args = ap.parse_args(argv)
    try:
        report = build(args.out, forces=args.forces, generated=args.date)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {report.files} files, {report.bytes:,} bytes, to {report.out} in {report.seconds} s: "
          f"{len(report.maps)} maps, {len(report.forces)} force briefings. Open {report.out / 'index.html'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
