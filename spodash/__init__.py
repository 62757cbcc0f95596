"""Pure logic for the stalking and protective orders dashboard.

Only the thin Streamlit helpers import Streamlit (:mod:`spodash.ui`, :mod:`spodash.geo_map` and
:mod:`spodash.uploads.session` at the top; ``help_line``, ``quick_exit``, ``upload_loss`` and
``rerun_budget`` inside their functions), so every loader, metric and figure builder can be tested
without a running app.
"""
