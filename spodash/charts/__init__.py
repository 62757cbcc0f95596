"""plotly figures: the choropleth maps (``maps``) and the profile's and compare page's charts.

Imports ``figures`` and ``data``; knows nothing of Streamlit or HTML pages.
"""
