"""data/README.md, rendered from its template with the contract's column tables and the bundle's own facts.

The template (``metadata/data_readme.md``) holds the prose. ``{{columns FILE}}`` becomes that table's
columns, types and meanings from ``spodash.data.schema`` (the same descriptions as ``datapackage.json``),
and ``{{value FILE KEY COLUMN}}`` the built table's cell for that key, so a figure quoted in the
prose (City of London's residents, a release date) is the bundle's, never a second copy.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from spodash.build import BuildError
from spodash.data.schema import TABLE, Field

TEMPLATE = Path(__file__).resolve().parent / "metadata" / "data_readme.md"
PLACEHOLDER = re.compile(r"\{\{(columns|value) ([^}]*)\}\}")
TYPE_WORDS = {"string": "text", "integer": "whole number", "date": "date"}


def _cell(text: str) -> str:
    """Markdown table cell: a '|' inside would end the cell."""
    return text.replace("|", "\\|")


def _type(f: Field) -> str:
    words = TYPE_WORDS[f.type] + (f" ≥ {f.minimum}" if f.minimum is not None else "")
    return words + (", never empty" if f.required else "")


def columns_table(name: str) -> str:
    """The markdown table of a bundled file's columns."""
    rows = ["| column | type | meaning |", "|---|---|---|"]
    rows += [f"| `{f.name}` | {_type(f)} | {_cell(f.description)} |" for f in TABLE[name].fields]
    return "\n".join(rows)


def _value(args: str, tables: Mapping[str, Sequence[Mapping]]) -> str:
    try:
        name, key, column = args.split()
        key_column = TABLE[name].primary_key[0]
        value = next(r[column] for r in tables[name] if r[key_column] == key)
    except (ValueError, KeyError, IndexError, StopIteration):
        raise BuildError(f"data_readme.md: {{{{value {args}}}}} names no cell of the built tables "
                         "(FILE KEY COLUMN, e.g. forces.csv E23000034 population)") from None
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        day = dt.date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def render_readme(tables: Mapping[str, Sequence[Mapping]], template: Path = TEMPLATE) -> str:
    """data/README.md for the built tables."""
    def fill(m: re.Match) -> str:
        kind, args = m.group(1), m.group(2).strip()
        if kind == "columns":
            if args not in TABLE:
                raise BuildError(f"data_readme.md: {{{{columns {args}}}}} is not a bundled table")
            return columns_table(args)
        return _value(args, tables)

    text = PLACEHOLDER.sub(fill, template.read_text(encoding="utf-8"))
    missing = [name for name in TABLE if f"## `{name}`" not in text]
    if missing:
        raise BuildError(f"data_readme.md: no section for {missing}")
    return text
