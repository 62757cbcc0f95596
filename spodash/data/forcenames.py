"""Resolving the many spellings of a police force name to its ONS code.

Names are only ever used to *find* a code; everything joins on `PFA23CD`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_NOTE = re.compile(r"\[note \d+\]", re.IGNORECASE)
_TRAILING_FOOTNOTE = re.compile(r"(?<=[a-z])\s*\d+(,\d+)*$")
_SUFFIXES = (" police force", " police service", " constabulary", " police")


class UnknownForce(ValueError):
    """A force name that matches no known spelling."""


def normalise(name: str) -> str:
    """Fold case, footnote markers, punctuation and the usual suffixes away."""
    s = _NOTE.sub("", str(name)).strip().lower()
    s = _TRAILING_FOOTNOTE.sub("", s)
    s = s.replace("&", " and ").replace("-", " ").replace(",", " ").replace("(pfa)", " ")
    s = re.sub(r"\s+", " ", s).strip()
    for suffix in _SUFFIXES:
        if s.endswith(suffix) and s != "metropolitan police":
            s = s[: -len(suffix)].strip()
    return s


#: Spellings the sources use that normalising alone does not reach.
EXTRA_SPELLINGS: dict[str, str] = {
    "city of london": "E23000034",
    "metropolitan service": "E23000001",
    "metropolitan": "E23000001",
    "metropolitan police service": "E23000001",
    "hampshire and isle of wight": "E23000030",
    "devon and cornwall": "E23000035",
}


def build_lookup(names: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map normalised spelling -> code from ``{code: name}`` pairs plus the extra spellings."""
    pairs = names.items() if isinstance(names, Mapping) else names
    lookup = {normalise(k): v for k, v in EXTRA_SPELLINGS.items()}
    for code, name in pairs:
        key = normalise(name)
        if key in lookup and lookup[key] != code:
            raise ValueError(f"spelling {name!r} would name two forces: {lookup[key]} and {code}")
        lookup[key] = code
    return lookup


def resolve(name: str, lookup: Mapping[str, str]) -> str:
    """The ONS code for a spelling, or :class:`UnknownForce`."""
    key = normalise(name)
    if key in lookup:
        return lookup[key]
    if key.replace(" ", "").isalnum() and name.strip().upper() in lookup.values():
        return name.strip().upper()
    raise UnknownForce(f"unknown police force name {name!r}")
