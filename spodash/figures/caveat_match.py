"""Which caveats apply to a figure: by force, topic, period and source."""
from __future__ import annotations

import pandas as pd


def caveat_records(caveats: pd.DataFrame) -> list[tuple]:
    """The caveats as plain tuples (force, topics, from, to, text): read once, matched many times."""
    key = id(caveats)
    hit = _CAVEAT_CACHE.get(key)
    if hit is not None and hit[0] is caveats:
        return hit[1]
    bound = caveats["applies_to_source"] if "applies_to_source" in caveats else [""] * len(caveats)
    records = [(force, frozenset(topic.split("|")), applies_from, applies_to, text, b)
               for force, topic, applies_from, applies_to, text, b
               in zip(caveats["force_code"], caveats["topic"], caveats["applies_from"], caveats["applies_to"],
                      caveats["text"], bound, strict=True)]
    _CAVEAT_CACHE[key] = (caveats, records)
    return records


_CAVEAT_CACHE: dict[int, tuple[pd.DataFrame, list[tuple]]] = {}


def applicable_caveats(caveats: pd.DataFrame, force: str, topics: set[str], start, end,
                       source_id: str | None = None) -> list[str]:
    """Caveat texts for a force, a set of topics and a period (missing dates overlap everything).

    A caveat bound to one source (``applies_to_source``) is about that source's method: it is
    kept for that source's figures, and where ``source_id`` is None (no figure), but not beside
    another source's figure, such as a user's own upload.
    """
    out = []
    for c_force, c_topics, c_from, c_to, text, c_source in caveat_records(caveats):
        if c_force and c_force != force:
            continue
        if c_source and source_id is not None and c_source != source_id:
            continue
        if not topics & c_topics:
            continue
        if pd.notna(c_to) and pd.notna(start) and start > c_to:
            continue
        if pd.notna(c_from) and pd.notna(end) and end < c_from:
            continue
        out.append(text)
    return out


def force_caveats(caveats: pd.DataFrame, force: str) -> set[str]:
    return {r[4] for r in caveat_records(caveats) if r[0] == force}
