"""The bundle in: where it lives, its contract (schema), loading and validating it, periods, names.

The bottom floor: imports nothing else of ``spodash`` (nor Streamlit, plotly or the build).
"""
