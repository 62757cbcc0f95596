"""The hand-curated catalogue, read from the TOML files in ``metadata/`` beside this module.

Who published each figure (``sources.toml``), what to say beside it (``caveats.toml``), how the
reports of the Home Office SPO review date its figures (``review.toml``) and which context labels
say more than their source (``context_labels.toml``) are data, not code: they are edited as text,
with their comments, and this module only reads and checks them. A record with a missing or unknown
key stops the build, naming the file and the record.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spodash.build import BuildError

METADATA_DIR = Path(__file__).resolve().parent / "metadata"

#: Keys of a [[source]] record: required, then optional ("" when left out).
SOURCE_REQUIRED = ("source_id", "title", "publisher", "published", "url", "source_type", "licence", "attribution")
SOURCE_OPTIONAL = ("copy_of", "url_note")
#: Keys of a [[caveat]] record, in the order of caveats.csv's columns.
CAVEAT_REQUIRED = ("caveat_id", "topic", "text", "source_id")
CAVEAT_OPTIONAL = ("force_code", "applies_from", "applies_to", "applies_to_source", "chart_label", "marker_date")
CAVEAT_DATES = ("applies_from", "applies_to", "marker_date")


@dataclass(frozen=True)
class Catalogue:
    """Everything the build takes from the metadata files, as plain strings."""

    sources: tuple[dict[str, str], ...]
    caveats: tuple[dict[str, str], ...]
    #: Report source_id -> the report's own words for the review's period.
    review_reports: dict[str, str]
    #: (period_start, period_end) of the review's first-year figures, ISO dates.
    review_periods: frozenset[tuple[str, str]]
    #: The note added to each review figure; ``{words}`` is the report's own words.
    review_note: str
    #: (geography as published, source_id) -> (label, note).
    context_labels: dict[tuple[str, str], tuple[str, str]]


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{path.name}: metadata file is missing ({path})") from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{path.name}: not valid TOML ({exc})") from None


def _records(path: Path, table: str, required: tuple[str, ...], optional: tuple[str, ...], key: str) -> list[dict]:
    """The [[table]] records of a file, each checked for missing and unknown keys."""
    records = _read(path).get(table)
    if not isinstance(records, list) or not records:
        raise BuildError(f"{path.name}: no [[{table}]] records")
    for i, rec in enumerate(records, start=1):
        name = rec.get(key, f"record {i}")
        missing = [k for k in required if k not in rec]
        unknown = sorted(set(rec) - set(required) - set(optional))
        if missing or unknown:
            raise BuildError(f"{path.name}: [[{table}]] {name}: " + "; ".join(
                ([f"missing {missing}"] if missing else []) + ([f"unknown keys {unknown}"] if unknown else [])))
    ids = [r[key] for r in records]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise BuildError(f"{path.name}: {key} appears twice: {twice}")
    return records


def _text(value: object, where: str) -> str:
    """A TOML value as the bundle's text: dates ISO, lists '|'-joined, strings as they are."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    if isinstance(value, str):
        return value
    raise BuildError(f"{where}: {value!r} is not text, a date or a list of text")


def _sources(folder: Path) -> tuple[dict[str, str], ...]:
    path = folder / "sources.toml"
    rows = []
    for rec in _records(path, "source", SOURCE_REQUIRED, SOURCE_OPTIONAL, "source_id"):
        where = f"sources.toml: {rec['source_id']}"
        rows.append({k: _text(rec.get(k, ""), f"{where} {k}") for k in SOURCE_REQUIRED + SOURCE_OPTIONAL})
    return tuple(rows)


def _caveats(folder: Path) -> tuple[dict[str, str], ...]:
    path = folder / "caveats.toml"
    rows = []
    for rec in _records(path, "caveat", CAVEAT_REQUIRED, CAVEAT_OPTIONAL, "caveat_id"):
        where = f"caveats.toml: {rec['caveat_id']}"
        for k in CAVEAT_DATES:
            if k in rec and not isinstance(rec[k], dt.date):
                raise BuildError(f"{where}: {k} must be a TOML date (YYYY-MM-DD, unquoted)")
        if ("chart_label" in rec) != ("marker_date" in rec):
            raise BuildError(f"{where}: a chart marker needs both chart_label and marker_date")
        rows.append({k: _text(rec.get(k, ""), f"{where} {k}") for k in CAVEAT_REQUIRED + CAVEAT_OPTIONAL})
    return tuple(rows)


@lru_cache(maxsize=4)
def load(folder: Path = METADATA_DIR) -> Catalogue:
    """Read and check every metadata file (once per folder per process)."""
    review = _read(folder / "review.toml")
    try:
        periods = frozenset((s.isoformat(), e.isoformat()) for s, e in review["periods"])
        reports, note = dict(review["reports"]), review["note"]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BuildError(f"review.toml: needs periods (pairs of dates), note and [reports] ({exc!r})") from None
    labels = {}
    for rec in _records(folder / "context_labels.toml", "context_label", ("geography", "source_id", "label", "note"),
                        (), "label"):
        labels[(rec["geography"], rec["source_id"])] = (rec["label"], rec["note"])
    return Catalogue(_sources(folder), _caveats(folder), reports, periods, note, labels)
