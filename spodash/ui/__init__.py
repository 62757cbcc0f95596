"""The thin Streamlit layer: cached loaders (``cache``), URL-bound widgets, page CSS, the map element,
the quick exit, the help line, the rerun budget and the upload helpers that touch session state.

The only part of ``spodash`` that imports Streamlit; the pages in ``app_pages/`` call it.
"""
