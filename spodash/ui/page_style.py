"""The pages' own CSS (every page, the map page, presentation mode for meeting rooms) and the map's
PNG buttons, which that CSS styles. Strings only: the pages and the router inject them."""
from __future__ import annotations

from spodash.publish.render import card_css

#: Hides the sidebar and Streamlit's own header and toolbar, enlarges type, and gives each
#: section (a container keyed ``sec_…``) the full width and at most one screen of a 1280x720 projector.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stMainMenu"],
[data-testid="stStatusWidget"], footer { display: none !important; }
html { font-size: 19px; }
[data-testid="stMain"] { margin-left: 0 !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.8rem 2.2rem 4rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.1rem; line-height: 1.45; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { font-size: 0.95rem !important; \
color: #3d3d3d !important; opacity: 1 !important; }
.hl-value { font-size: 2.5rem; } .hl-period { font-size: 0.95em; } .hl-source, .hl-warn { font-size: 0.78em; }
.hl-note { display: none; }  /* the source's own wording: in the orders table below; the warning stays */
[data-testid="stTable"] table { font-size: 0.95rem; }
h1 { font-size: 2.1rem !important; padding: 0 0 0.3rem 0 !important; }
h2 { font-size: 1.75rem !important; }
[class*="st-key-sec_"] { border-top: 5px solid #12436D; padding-top: 0.4rem; scroll-margin-top: 0.5rem; }
:focus-visible { outline: 3px solid #F46A25 !important; outline-offset: 2px !important; }
</style>
"""

#: The app's HTML tables (``publish.render.table_html``): ruled cells, numbers right-aligned in even
#: figures, a header row that stays in view, and a box that scrolls sideways on a phone (the page never does).
TABLE_CSS = """
.spodash-table .scroll { overflow-x: auto; max-width: 100%; }
.spodash-table table { border-collapse: collapse; width: max-content; min-width: 100%; font-size: 0.88rem;
  margin: 0 0 0.5rem; }
.spodash-table th, .spodash-table td { border: 1px solid #b1b4b6; padding: 0.3rem 0.45rem; text-align: left;
  vertical-align: top; max-width: 16rem; }
.spodash-table thead th { background: #f3f2f1; }
.spodash-table tbody th { font-weight: 600; background: #fff; }
.spodash-table td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.spodash-table caption { text-align: left; font-weight: 700; padding: 0.3rem 0; caption-side: top; }
.spodash-table .scroll:focus-visible { outline: 3px solid #F46A25; }
"""

#: Always on: a visible keyboard focus ring, and section anchors that land below the top edge.
BASE_CSS = f"""
<style>
{card_css()}
:focus-visible {{ outline: 3px solid #F46A25 !important; outline-offset: 2px !important; }}
[class*="st-key-sec_"] {{ scroll-margin-top: 3.5rem; }}
.st-key-trend [role="radiogroup"] {{ flex-direction: row; gap: 0 1.5rem; }}
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: #505a5f !important; }}
.help-line {{ margin: 0; }}
{TABLE_CSS}
</style>
"""


# ---- the map page ------------------------------------------------------------------------
#: Map height in presentation mode: both maps, their legends and a one-line headline fit 1280x720.
MAP_HEIGHT = 455

#: Always on for the map page: the maps' layout and room, the PNG buttons' look and tap sizes. The
#: headline's phone and desktop forms carry their own styles (publish/templates/map_headline.html).
MAP_CSS = """
<style>
.png-dl { font: inherit; font-size: 0.9rem; font-weight: 600; color: #12436D; background: #fff;
  border: 2px solid #12436D; border-radius: 4px; padding: 0.25rem 0.7rem; cursor: pointer; }
.png-dl:hover { background: #eef3f8; }
.png-dl, .st-key-whole_map button, .st-key-area_search button, .st-key-area_search input { min-height: 44px; }
/* Two maps side by side only where each gets 450 px; below that, one under the other. */
.st-key-maps { flex-wrap: wrap !important; }
.st-key-maps > div { flex: 1 1 450px !important; min-width: min(450px, 100%) !important; }
/* Room kept for each map before plotly.js has drawn it, so nothing below jumps as it arrives. */
.st-key-orders_map_box, .st-key-reports_map_box { min-height: 600px; }
/* A narrow map's title, colour key and source, moved out of the figure by static/geo_map.js. */
.spodash-map-title, .spodash-map-key, .spodash-map-source { display: none; }
.spodash-narrow > .spodash-map-title, .spodash-narrow > .spodash-map-key,
.spodash-narrow > .spodash-map-source { display: block; }
.spodash-map-title strong { display: block; font-size: 1.05rem; line-height: 1.3; }
.spodash-map-title span { display: block; font-size: 0.88rem; color: #3d3d3d; }
.spodash-key-title { margin: 0.2rem 0 0; font-size: 0.88rem; font-weight: 600; }
.spodash-map-key ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; padding: 0;
  margin: 0.2rem 0; font-size: 0.88rem; }
.spodash-swatch { display: inline-block; width: 1rem; height: 1rem; border: 1px solid #505a5f;
  margin-right: 0.35rem; vertical-align: -0.15rem; }
.spodash-map-source { font-size: 0.8rem; color: #3d3d3d; margin: 0.2rem 0 0; }
@media (max-width: 640px) {
  /* a narrow map's height before plotly.js draws it (static/geo_map.js sizes it to the width) */
  .st-key-orders_map, .st-key-reports_map { min-height: 440px; }
}
</style>
"""

#: A view embedded in another site's page: the title starts below the fixed "Exit this page" button.
EMBED_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.4rem !important; }
</style>
"""

#: Presentation mode on the map page: the one-line headline, no intro, the maps close under it.
MAP_PRESENT_CSS = """
<style>
.mh-wide, .st-key-help_line,
.st-key-latest_banner { display: none !important; }  /* the one-line headline says it in brief */
.mh-line { display: block !important; font-size: 1.15rem !important; }
h1 { font-size: 1.7rem !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem !important; }
[data-testid="stVerticalBlock"] { gap: 0.45rem; }
</style>
"""


def png_button(chart_key: str, label: str) -> str:
    """A button that saves a chart as PNG through plotly's own toolbar button (the same image it gives).

    The chart is found by its Streamlit key (class ``st-key-<key>``); one listener on the page
    serves every such button, however often the page reruns.
    """
    script = ("(function(){if(window.__pngButtons)return;window.__pngButtons=true;"
              "document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('.png-dl');"
              "if(!b)return;var t=document.querySelector('.st-key-'+b.dataset.chart+"
              "' .modebar-btn[data-title=\"Download plot as a PNG\"]');if(t)t.click();});})();")
    return (f'<button type="button" class="png-dl" data-chart="{chart_key}">{label}</button>'
            f"<script>{script}</script>")
