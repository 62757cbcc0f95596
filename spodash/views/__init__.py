"""View models: one map view (its figures, maps, tables and caveats) and the words around it (headline,
citation), the plain objects that the app's page, the static site and the briefing all render from.

Imports ``charts``, ``figures`` and ``data``.
"""
