"""Small helpers shared by the build steps."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from spodash.build import BuildError
from spodash.data.forcenames import UnknownForce, build_lookup, resolve


class Resolver:
    """Resolves force spellings to codes and remembers every spelling it met, for `aliases`."""

    def __init__(self, names: Mapping[str, str]):
        self.names = dict(names)
        self.lookup = build_lookup(names)
        self.seen: dict[str, set[str]] = {code: {name} for code, name in names.items()}

    def __call__(self, name: str, where: str) -> str:
        try:
            code = resolve(name, self.lookup)
        except UnknownForce as exc:
            raise BuildError(f"{where}: {exc}") from None
        self.seen[code].add(" ".join(name.split()) if name.strip() != name else name)
        return code


def iso_date(value: str, where: str, *, blank_ok: bool = True) -> str:
    """An ISO date as text, '' for blank; anything else that does not parse is an error."""
    value = (value or "").strip()
    if not value:
        if blank_ok:
            return ""
        raise BuildError(f"{where}: missing date")
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BuildError(f"{where}: date {value!r} does not parse as YYYY-MM-DD") from None


def whole_count(value: str, where: str, *, negative_ok: bool = False) -> int | None:
    """A published whole number, or None when the source gave none."""
    value = (value or "").strip().replace(",", "")
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise BuildError(f"{where}: count {value!r} is not a number") from None
    if number != int(number):
        raise BuildError(f"{where}: count {value!r} is not a whole number")
    if number < 0 and not negative_ok:
        raise BuildError(f"{where}: negative count {value!r} where none is expected")
    return int(number)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def csv_text(rows: Iterable[Mapping[str, object]], columns: tuple[str, ...]) -> str:
    """Deterministic CSV text (LF line ends, None as empty) so rebuilds compare byte for byte."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else row[c] for c in columns])
    return buf.getvalue()
