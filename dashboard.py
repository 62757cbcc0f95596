"""Entry point: the page router, and what every page shares (quick exit, CSS, lost-upload notice)."""
import streamlit as st

from spodash.ui import page_style, quick_exit, rerun_budget, upload_loss

#: The screens in menu order, as (file, title, URL path); the first opens at the site's root.
#: They live in app_pages/, not pages/: Streamlit treats a pages/ folder as an old-style multipage
#: app until the router first runs, so a shared deep link opened first would bypass this file.
PAGES = (
    ("app_pages/map.py", "Map: orders and reports", "map"),
    ("app_pages/profile.py", "Force profile", "profile"),
    ("app_pages/compare.py", "Compare forces", "compare"),
    ("app_pages/upload.py", "Add your own figures", "upload"),
    ("app_pages/sources.py", "Sources and coverage", "sources"),
    ("app_pages/methods.py", "Methods and caveats", "methods"),
    ("app_pages/downloads.py", "Download the data", "downloads"),
    ("app_pages/help.py", "Help and about", "help"),
)

# First, before anything is drawn: a tab asking for runs faster than a person does waits here
# (spodash/ui/rerun_budget.py), so one client flooding reruns cannot take the CPU from everyone else.
rerun_budget.pace()
st.set_page_config(page_title="Stalking and protective orders, England and Wales", page_icon="🗺️", layout="wide")
# The quick exit's script, the shared CSS and the upload-loss component are element types the browser
# draws only once their code has loaded; until then each is a 40 px placeholder, and everything under it
# moved up when they went (a layout shift, measured with Lighthouse). In a box of fixed height they move
# nothing, and in the sidebar (folded away on a phone) the box takes no room above the page's title.
# What they do is page-wide: the script builds its button on the page itself, CSS applies everywhere.
with st.sidebar.container(height=1, border=False, key="page_setup"):
    quick_exit.render()  # "Emergency Exit this page" on every page, and Shift pressed three times
    st.html(page_style.BASE_CSS)  # readable captions, a visible focus ring and the headline cards
    lost = upload_loss.check()  # this tab's note of uploaded figures, kept in step with the session
upload_loss.warn(lost)  # says so at the top of every page if this tab's uploaded figures were lost

st.navigation([st.Page(file, title=title, url_path=path, default=i == 0)
               for i, (file, title, path) in enumerate(PAGES)]).run()
