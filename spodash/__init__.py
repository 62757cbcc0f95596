"""Pure logic for the stalking and protective orders dashboard.

Nothing in this package imports Streamlit except :mod:`spodash.ui`, so every
loader, metric and figure builder can be tested without a running app.
"""
