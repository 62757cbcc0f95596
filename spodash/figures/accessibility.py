"""The accessibility statement's facts: what was tested, and what is known not to work.

``KNOWN_ISSUES`` names every serious or critical axe-core rule that still fails on some page,
with the reason; tests/test_accessibility.py fails if the engine finds one not named here, or
if one named here no longer fails, so the statement on the Help page stays true.
"""
from __future__ import annotations

AXE_VERSION = "4.14.1"  # pinned in package.json / package-lock.json

#: axe-core rule id -> (pages, why it fails and what to do instead).
KNOWN_ISSUES: dict[str, tuple[str, str]] = {}

#: Things an automated check cannot find, found by using the app.
KNOWN_LIMITS = (
    "The maps and the coverage grid are pictures drawn in the browser: a screen reader cannot read the areas or "
    "cells one by one. Every map and grid has a table beside it with the same figures, and the tables can be "
    "downloaded as CSV.",
    "The details that appear when you hover over a map area or grid cell need a mouse or touch; the same details "
    "are in the tables.",
    "Clicking a force on a map selects it; with a keyboard, use the 'Find your area' box or the 'Select a force' "
    "list instead.",
    "The map page's and force profiles' tables are HTML tables with a caption and header cells, and a wide table "
    "scrolls sideways inside its own box (reach it with Tab, then use the arrow keys). The tables on the compare, "
    "sources, methods, upload and download pages are still interactive grids, which take several presses of Tab "
    "to pass through (their toolbar, then their cells); the same figures download as CSV.",
)
