"""Who to credit: the licence and attribution lines, and the sources every page leans on.

Shared by the profile and compare pages, the static site and the briefing, so each says the same.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from spodash.data.datasets import Bundle
from spodash.figures.sourcelist import BBC_SDU, OGL_STATEMENT

#: The one survey that asked every force the same SPO question; the comparison and context figures use it.
SPO_SURVEY = BBC_SDU
SPO_SURVEY_WINDOW = ("fy", "2020/21")
OGL = OGL_STATEMENT
BOUNDARY_ATTRIBUTION = ("Boundaries and population: Source: Office for National Statistics licensed under the Open "
                        "Government Licence v.3.0. Contains OS data © Crown copyright and database right 2024.")
BBC_ATTRIBUTION = "Stalking Protection Order survey figures (2021): BBC Shared Data Unit."
#: Sources behind the map geometry and the populations used in every rate.
BACKGROUND_SOURCES = ("ONS_PFA_BOUNDARIES_DEC2023", "ONS_MYE_2023")


def source_only(bundle: Bundle, source_id: str) -> Bundle:
    """The bundle with order figures from one source only, so sums never mix sources."""
    return replace(bundle, orders=bundle.orders[bundle.orders["source_id"] == source_id])


def used_sources(bundle: Bundle, ids: Iterable[str]) -> pd.DataFrame:
    """The rows of sources.csv for these ids, each once, in first-use order (unknown ids left out)."""
    src = bundle.sources.set_index("source_id")
    wanted = [i for i in dict.fromkeys(x for x in ids if x) if i in src.index]
    return src.loc[wanted].reset_index()


def attribution_lines(sources: pd.DataFrame) -> list[str]:
    """OGL, boundary and BBC lines, then each source's own attribution column (with its licence)."""
    lines = [OGL, BOUNDARY_ATTRIBUTION]
    if SPO_SURVEY in set(sources["source_id"]):
        lines.append(BBC_ATTRIBUTION)
    for text, licence in zip(sources["attribution"], sources["licence"], strict=True):
        lines.append(f"{text} ({licence})" if licence else text)
    return list(dict.fromkeys(lines))
