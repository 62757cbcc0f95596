"""Outputs outside the app: the Jinja2 templates and renderer, the static site, the force briefing,
CSV exports and the download bundle.

Imports ``views``, ``charts``, ``figures`` and ``data``; never Streamlit.
"""
