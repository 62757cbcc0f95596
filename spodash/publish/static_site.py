"""A static copy of the dashboard: national maps by year and a briefing per force, as plain files.

    python -m spodash.publish.static_site --out site/

Why: a link shared widely can bring more visitors than any set of Python processes will
hold, and a folder of HTML files can be served by any web server or CDN, attached to an
email, or opened from a USB stick. The pages make no request to any other server:
plotly.js is written once to ``plotly.min.js`` beside ``index.html`` and referenced by a
relative path, the police force area geometry is inline in each map page, and plotly's
base-map stub is given inline as ``window.PlotlyGeoAssets``. Every link between pages is
relative. (The sources' own web addresses are listed as citations, as links a reader can
follow; nothing is loaded from them.)

The pages are rendered from the view objects the app's pages show: a map page is one
:func:`spodash.views.mapview.build` view (its figure, table and caveats; its CSV is the app's download
for the same view, byte for byte), and a force page is :mod:`spodash.publish.briefing` for that force's
profile. All HTML comes from the Jinja2 templates in ``spodash/publish/templates/`` (autoescaped), and
plotly.js is referenced through plotly's own ``include_plotlyjs`` option.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.offline

from spodash.charts import maps, profile_charts
from spodash.data.datasets import Bundle, load_bundle
from spodash.data.periods import Window, fmt_date, window
from spodash.figures import metrics, profile
from spodash.figures.attribution import BACKGROUND_SOURCES, SPO_SURVEY, attribution_lines, used_sources
from spodash.figures.force_context import context_tables
from spodash.publish import briefing, render
from spodash.publish.exports import to_csv_bytes
from spodash.views import mapview

PLOTLY_FILE = "plotly.min.js"
#: The map pages load plotly's geo bundle (1.4 MB), as the app's maps do; the briefings' charts need plotly.js.
GEO_FILE = Path(maps.GEO_LIBRARY).name


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
    def state(self) -> mapview.MapState:
        """The map page's view this map is: SPO granted per 100 stalking offences beside 8Q per 100,000."""
        return mapview.MapState(order_type="SPO", measure="granted", basis="fy", year=self.year,
                                metric="per_100_reports", offence="8Q", report_metric="per_100k")

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


# ---- one map page -------------------------------------------------------------------------
def headline(spec: MapSpec, view: mapview.MapView) -> str:
    if spec.kind == "spo":
        t = view.national
        if t["count"] is None:
            return "No force has a published figure for this year."
        text = (f"{t['count']:,} SPOs granted, in the figures of the {t['with_figure']} of {t['forces']} forces "
                f"with a published figure whose period falls mostly in {spec.year}")
        if t.get("per_100_reports") is not None:
            text += (f": {t['per_100_reports']:.2f} per 100 stalking offences recorded in the matching quarters "
                     f"({t['count']:,} orders / {t['reports']:,} offences, {t['with_reports']} forces)")
        return text + ". Each force's own period is in the table."
    t = view.national_reports
    return (f"{t['count']:,} stalking offences (8Q) recorded by the {t['with_figure']} of {t['forces']} forces with "
            f"figures, {spec.win.label}: {t['per_100k']:.1f} per 100,000 residents.")


def screen_table(spec: MapSpec, view: mapview.MapView) -> pd.DataFrame:
    """The app's on-screen table for the view (here the caveats list is below it); a stalking map keeps the
    force and reports columns."""
    t = view.screen_table.rename(columns=lambda c: c.replace("in the list above", "in the list below"))
    if spec.kind == "spo":
        return t
    first = list(t.columns).index(f"{metrics.OFFENCE_CHOICES[view.state.offence]} (count)")
    return t[[*t.columns[:3], *t.columns[first:]]]


WHAT = {"spo": "Orders granted by the courts on police applications, per 100 stalking offences (8Q) the same force "
               "recorded in the quarters matching that figure's own period. Order figures come from freedom-of-"
               "information answers and other publications, so periods differ by force. Where the offence data do "
               "not cover a figure's whole period, no rate is given.",
        "stalking": "Stalking offences (Home Office code 8Q) recorded by each police force in the financial year, "
                    "per 100,000 residents (mid-2023 population estimates)."}


def map_page(bundle: Bundle, spec: MapSpec, view: mapview.MapView, generated: dt.date) -> str:
    """One map: the view's figure (geometry inline), its table, caveats, sources and attribution."""
    fig = view.orders_figure if spec.kind == "spo" else view.reports_figure
    fig = render.inline_geometry(fig, {maps.AREAS_URL: bundle.geo, maps.OUTLINE_URL: bundle.outline})
    config = render.plot_config(maps.png_config(spec.slug), spec.slug)
    shown = view.orders if spec.kind == "spo" else view.reports
    have = int(shown["value"].notna().sum())
    alt = (f"Map of the 43 police force areas of England and Wales: {spec.title}. {have} areas have a value and are "
           f"shaded from light (low) to dark blue (high); areas with no published figure are grey with a cross. "
           f"The same figures are in the table below the map.")
    sources = used_sources(bundle, [*view.source_ids, *BACKGROUND_SOURCES])
    return render.render(
        "map.html", title=spec.title, home="../index.html", geo_assets=render.geo_assets_script(),
        period=spec.win.label, generated=fmt_date(pd.Timestamp(generated)), what=WHAT[spec.kind],
        headline=headline(spec, view), alt=alt, city_note=mapview.city_of_london_note(bundle),
        map=render.plot(fig, "map", config, f"../{GEO_FILE}"), csv=f"{spec.slug}.csv",
        figures=render.table(screen_table(spec, view), caption="The figures on the map: all 43 police force areas"),
        caveats=view.caveats, sources=sources, attribution_lines=attribution_lines(sources))


def map_csv(view: mapview.MapView) -> bytes:
    """The map's table as the app's download for the same view: the same bytes."""
    return to_csv_bytes(view.table)


# ---- force pages ----------------------------------------------------------------------------
def force_page(bundle: Bundle, q: metrics.Quarterly, force: str, specs, generated: dt.date) -> str:
    """The force's briefing, referencing the shared plotly.js and linking home."""
    p = profile.build_profile(bundle, q, force, specs)
    return briefing.briefing_html(p, profile_charts.briefing_figures(p, bundle.forces, bundle.geo),
                                  generated=generated, plotly_config=maps.PLOTLY_CONFIG,
                                  plotlyjs=f"../{PLOTLY_FILE}", home="../index.html")


def force_file(bundle: Bundle, force: str) -> str:
    name = bundle.forces.set_index("force_code")["force_name"].loc[force]
    return f"{profile.slug(name)}.html"


# ---- index ----------------------------------------------------------------------------------
def index_page(bundle: Bundle, specs: list[MapSpec], empty_years: list[str], forces: list[str],
               generated: dt.date) -> str:
    names = bundle.forces.set_index("force_code")["force_name"]
    sources = used_sources(bundle, ["HO_PRC_PFA_2023_10", SPO_SURVEY, *BACKGROUND_SOURCES])
    return render.render(
        "index.html", title="Stalking and protective orders in England and Wales: maps and force briefings", home="",
        generated=fmt_date(pd.Timestamp(generated)), spo=[s for s in specs if s.kind == "spo"],
        stalking=[s for s in specs if s.kind == "stalking"], empty_years=empty_years,
        forces=[(force_file(bundle, c), names[c]) for c in sorted(forces, key=lambda c: names[c])],
        attribution_lines=attribution_lines(sources))


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
    (out / PLOTLY_FILE).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    shutil.copyfile(maps.GEO_LIBRARY_FILE, out / GEO_FILE)
    points = maps.label_points(bundle.geo)
    specs, empty = map_specs(bundle, q)
    for spec in specs:
        view = mapview.build(bundle, q, points, spec.state)
        (out / "maps" / f"{spec.slug}.html").write_text(map_page(bundle, spec, view, generated), encoding="utf-8")
        (out / "maps" / f"{spec.slug}.csv").write_bytes(map_csv(view))
    log(f"{len(specs)} maps written ({time.time() - t0:.1f} s)")
    context = context_tables(bundle, q)
    for i, code in enumerate(codes, 1):
        (out / "forces" / force_file(bundle, code)).write_text(
            force_page(bundle, q, code, context, generated), encoding="utf-8")
        if i % 10 == 0 or i == len(codes):
            log(f"{i} of {len(codes)} force briefings written ({time.time() - t0:.1f} s)")
    (out / "index.html").write_text(index_page(bundle, specs, empty, codes, generated), encoding="utf-8")
    files = [p for p in out.rglob("*") if p.is_file()]
    return BuildReport(out, [s.slug for s in specs], codes, len(files), sum(p.stat().st_size for p in files),
                       round(time.time() - t0, 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m spodash.publish.static_site", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True,
                    help="folder to write (emptied first if it holds an earlier export)")
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
