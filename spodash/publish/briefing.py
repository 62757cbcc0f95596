"""The force briefing: one self-contained HTML file with the profile page's sections, figures and sources.

It is rendered from ``templates/briefing.html`` with the same :class:`profile.ForceProfile`, the
same section titles (:func:`profile.sections`) and the same tables the page shows, so a figure on
the screen in a scrutiny session is the figure in the file sent round afterwards. Nothing in the
file points at another server: plotly.js is inlined once (or, on the static site, referenced as
the site's shared copy through plotly's ``include_plotlyjs``) and the base map is given inline.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from spodash.charts.profile_charts import Chart
from spodash.data.periods import fmt_date
from spodash.figures import timeline
from spodash.figures.attribution import attribution_lines
from spodash.figures.crime_series import SERIES_LABELS, ons_table, series_table
from spodash.figures.force_context import context_display
from spodash.figures.profile import ForceProfile, orders_display, sections, slug
from spodash.publish import render


def briefing_filename(p: ForceProfile, day) -> str:
    return f"briefing_{slug(p.name)}_{p.code}_{pd.Timestamp(day):%Y-%m-%d}.html"


def briefing_html(p: ForceProfile, charts: Sequence[Chart], *, generated, plotly_config: dict, app_url: str = "",
                  plotlyjs: bool | str = True, home: str = "") -> str:
    """The briefing page. ``charts`` come from :func:`profile_charts.briefing_figures`, in page order.

    ``plotlyjs`` is plotly's ``include_plotlyjs`` for the first chart: True inlines plotly.js (a file that
    opens anywhere), a relative path references a shared copy. ``home`` adds a link back to an index page.
    """
    day = pd.Timestamp(generated)
    plots: dict[str, list[dict]] = {s: [] for s in sections(p)}
    for i, c in enumerate(charts):
        config = render.plot_config(plotly_config, f"{slug(p.name)}_{slug(c.heading)[:40]}")
        plots[c.section].append({"heading": c.heading, "caption": c.caption,
                                 "plot": render.plot(c.figure, f"chart-{i + 1}", config,
                                                     plotlyjs if i == 0 else False)})
    numeric = [SERIES_LABELS[c] for c in SERIES_LABELS]
    return render.render(
        "briefing.html", title=f"{p.name}: stalking, harassment and protective orders (briefing, {fmt_date(day)})",
        home=home, p=p, generated=fmt_date(day), app_url=app_url, sections=sections(p), charts=plots,
        geo_assets=render.geo_assets_script(),
        rules=[{"date": fmt_date(r.date), "label": r.label, "text": r.text} for r in p.rules],
        yearly=render.table(series_table(p.yearly, p.crime_source), numeric=numeric),
        ons=(render.table(ons_table(p.ons), numeric=["All stalking and harassment offences"])
             if not p.ons.empty else None),
        timeline=render.table(timeline.table(timeline.figures(p.orders)), numeric=["Count"]),
        orders=render.table(orders_display(p.orders), numeric=()),
        context=render.table(context_display(p.context, p.name), numeric=()),
        attribution_lines=attribution_lines(p.sources))
