"""Checking an uploaded file's figures: every cell of every row, each problem named where the user finds it.

:func:`parse` reads one file (:mod:`spodash.uploads.read`), checks every cell and returns a
:class:`Report`: the valid rows, shaped exactly like ``Bundle.orders``, and a precise list of
problems, each naming the row as the user sees it in their file (header = row 1), the column, the
value, what is wrong and what is allowed. Whole-file problems (too big, wrong encoding, wrong
columns, no header) refuse the file with one message. :func:`parse` never raises.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pandas as pd

from spodash.data.datasets import USER_SOURCE_ID, load_forces
from spodash.data.forcenames import UnknownForce, build_lookup, normalise, resolve
from spodash.data.paths import data_dir
from spodash.data.periods import fmt_date
from spodash.data.schema import MEASURES, ORDER_TYPES
from spodash.uploads.read import Formula, Refused, Table, cell_text, closest, read
from spodash.uploads.rows import NOTE_PREFIX, empty_rows, orders_frame
from spodash.uploads.template import EARLIEST, MAX_COUNT, MAX_NOTE, UPLOAD_COLUMNS

_T = TypeVar("_T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where the user can find it. ``row`` is None for the whole file."""

    row: int | None
    column: str
    value: str
    problem: str
    allowed: str


@dataclass(frozen=True)
class Report:
    """What came of one file: the rows that passed, and every problem found."""

    filename: str
    rows: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    refused: str | None = None  # one message when the whole file is refused
    data_rows: int = 0  # data rows read from the file (blank rows not counted)
    sheet: str | None = None

    def __iter__(self):
        """``rows, problems = parse(...)`` also works."""
        return iter((self.rows, self.problems))

    @property
    def accepted(self) -> int:
        return len(self.rows)

    def problems_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"Row": p.row if p.row is not None else "whole file", "Column": p.column, "Value": p.value,
              "Problem": p.problem, "Allowed": p.allowed} for p in self.problems],
            columns=["Row", "Column", "Value", "Problem", "Allowed"])

    def summary(self) -> str:
        if self.refused:
            return self.refused
        bad = len({p.row for p in self.problems})
        text = f"{self.accepted:,} of {self.data_rows:,} rows accepted from {self.filename or 'the file'}"
        if bad:
            text += f"; {bad:,} row{'s' * (bad != 1)} not accepted (see the problems below)"
        return text + "."


def _refuse(filename: str, message: str, data_rows: int = 0) -> Report:
    return Report(filename, empty_rows(), [Problem(None, "", "", message, "")], message, data_rows)


# ---- force names ---------------------------------------------------------------------------

def _bundled_forces() -> pd.DataFrame:
    return _forces_in(data_dir())  # the folder the app reads (SPODASH_DATA_DIR when set)


@lru_cache(maxsize=2)
def _forces_in(folder: Path) -> pd.DataFrame:
    return load_forces(folder)


def force_lookup(forces: pd.DataFrame) -> dict[str, str]:
    """Every spelling in forces.csv (name and aliases) -> ONS code."""
    pairs = list(zip(forces["force_code"], forces["force_name"], strict=True))
    pairs += [(code, a) for code, aliases in zip(forces["force_code"], forces["aliases"], strict=True)
              for a in str(aliases).split("|") if a.strip()]
    return build_lookup(pairs)


# ---- the whole file ------------------------------------------------------------------------

def parse(data: bytes, filename: str = "", forces: pd.DataFrame | None = None,
          today: dt.date | None = None) -> Report:
    """Read one uploaded file (its bytes) into valid order rows and a list of problems. Never raises."""
    try:
        return _parse(data, filename, forces, today or dt.date.today())
    except Exception as exc:  # a safety net: the tests check that it is never needed
        return _refuse(filename, f"The file could not be read because of an unexpected error "
                                 f"({type(exc).__name__}). Check it matches the template and try again.")


def _parse(data: bytes, filename: str, forces: pd.DataFrame | None, today: dt.date) -> Report:
    try:
        table = read(data, filename)
    except Refused as refused:
        return _refuse(filename, refused.message, refused.data_rows)
    return _check(table, filename, forces, today)


def _check(table: Table, filename: str, forces: pd.DataFrame | None, today: dt.date) -> Report:
    """Every row of a file's table checked: the rows that pass, and every problem found."""
    positions, header_width, body = table.positions, table.header_width, table.body
    forces = _bundled_forces() if forces is None else forces
    lookup = force_lookup(forces)
    names = dict(zip(forces["force_code"], forces["force_name"], strict=True))
    records: list[dict] = []
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    for n, row in body:
        found: list[Problem] = []

        def bad(column: str, value: object, problem: str, allowed: str,
                found: list[Problem] = found, n: int = n) -> None:
            found.append(Problem(n, column, _shown(value), problem, allowed))

        extra = [v for v in row[header_width:] if cell_text(v) != ""]
        if extra:
            bad("", extra[0], f"this row has {header_width + len(extra)}+ values but the header has "
                              f"{header_width} columns (a stray comma or an unquoted comma in a note?)",
                "One value per column; put a note containing commas in double quotes")
        cells = {c: (row[i] if i < len(row) else None) for c, i in positions.items()}
        formulas = [c for c in UPLOAD_COLUMNS if c in cells and _is_formula(cells[c])]
        for column in formulas:
            bad(column, cells[column], "is a formula", _FORMULA_ADVICE)

        def check(column: str, result: tuple[_T | None, str], allowed: str,
                  formulas: list[str] = formulas, cells: dict[str, object] = cells) -> _T | None:
            if column in formulas:
                return None
            value, why = result
            if why:
                bad(column, cells[column], why, allowed)
            return value

        code = check("force", _force(cells["force"], lookup, names),
                     "An ONS code (E23000013) or a force name, as in the list of forces")
        order_type = check("order_type", _choice(cells["order_type"], ORDER_TYPES), ", ".join(ORDER_TYPES))
        measure = check("measure", _choice(cells["measure"], MEASURES), ", ".join(MEASURES))
        start = check("period_start", _date(cells["period_start"], today),
                      f"A date from {fmt_date(EARLIEST)} to today: YYYY-MM-DD (2024-04-01) or DD/MM/YYYY (01/04/2024)")
        end = check("period_end", _date(cells["period_end"], today),
                    f"A date from {fmt_date(EARLIEST)} to today: YYYY-MM-DD (2025-03-31) or DD/MM/YYYY (31/03/2025)")
        if start and end and end < start:
            bad("period_end", cells["period_end"], f"is before period_start ({fmt_date(start)})",
                "A date on or after period_start")
        count = check("count", _count(cells["count"]),
                      f"A whole number from 0 to {MAX_COUNT:,} (no blanks, ranges or '<5')")
        note = cell_text(cells["note"]) if "note" in cells and "note" not in formulas else ""
        if len(note) > MAX_NOTE:
            bad("note", note, f"is {len(note):,} characters long", f"Up to {MAX_NOTE:,} characters")
        if not found:
            key = (code, order_type, measure, start, end)
            if key in seen:
                bad("", f"{names.get(code, code)} {order_type} {measure}",
                    f"repeats row {seen[key]} (same force, order type, measure and period)",
                    "One figure per force, order type, measure and period")
            else:
                seen[key] = n
        if found:
            problems += found
            continue
        assert start is not None and end is not None  # no problem found, so every check gave a value
        raw = cells["count"]
        as_published = cell_text(raw)
        note = note if note.startswith(NOTE_PREFIX) else f"{NOTE_PREFIX} {note}".strip()
        records.append({"force_code": code, "order_type": order_type, "measure": measure,
                        "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end), "count": count,
                        "count_as_published": as_published, "source_id": USER_SOURCE_ID, "note": note})
    return Report(filename, orders_frame(records), problems, None, len(body), table.sheet)


# ---- cells ---------------------------------------------------------------------------------

_FORMULA = re.compile(r"^\s*(=|@|[+\-]\s*[A-Za-z(])")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_WHOLE = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")
_FORMULA_ADVICE = ("A typed value, not a formula: copy the cells and use Paste Special > Values; "
                   "text must not start with =, +, - or @")


def _is_formula(value: object) -> bool:
    return isinstance(value, Formula) or (isinstance(value, str) and bool(_FORMULA.match(value)))


def _date(value: object, today: dt.date) -> tuple[dt.date | None, str]:
    """The date, or None and what is wrong with it."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return None, "is a date with a time of day"
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return None, "is a number, not a date (format the cell as a date, or type it as YYYY-MM-DD)"
    else:
        text = cell_text(value)
        if text == "":
            return None, "is empty"
        m = _ISO.match(text)
        parts = (int(m[1]), int(m[2]), int(m[3])) if m else None
        if not m:
            m = _DMY.match(text)
            parts = (int(m[3]), int(m[2]), int(m[1])) if m else None
        if parts is None:
            return None, "is not a date in a format the dashboard reads"
        try:
            day = dt.date(*parts)
        except ValueError:
            return None, "is not a real date (check the day and month; DD/MM/YYYY is day first)"
    if day < EARLIEST:
        return None, f"is before {fmt_date(EARLIEST)}"
    if day > today:
        return None, "is in the future"
    return day, ""


def _count(value: object) -> tuple[int | None, str]:
    if isinstance(value, bool):
        return None, "is TRUE/FALSE, not a number"
    if isinstance(value, int):
        if value < 0:
            return None, "is negative"
        number = value
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None, "is not a number"
        if value < 0:
            return None, "is negative"
        if not value.is_integer():
            return None, "is not a whole number"
        number = int(value)
    else:
        text = cell_text(value)
        if text == "":
            return None, "is empty"
        if re.fullmatch(r"-\s*\d+([.,]\d+)?", text):
            return None, "is negative"
        if re.fullmatch(r"\d+\.0+", text):
            text = text.split(".")[0]
        elif re.fullmatch(r"\d*\.\d+", text):
            return None, "is not a whole number"
        if not _WHOLE.match(text):
            return None, "is not a number"
        if len(text) > 12:
            return None, f"is larger than {MAX_COUNT:,}"
        number = int(text.replace(",", ""))
    if number > MAX_COUNT:
        return None, f"is larger than {MAX_COUNT:,}"
    return number, ""


def _choice(value: object, options: Sequence[str]) -> tuple[str | None, str]:
    text = cell_text(value)
    if text == "":
        return None, "is empty"
    folded = {o.lower(): o for o in options}
    key = re.sub(r"\s+", " ", text.lower())
    if key in folded:
        return folded[key], ""
    if key.replace(" ", "_") in folded:
        return folded[key.replace(" ", "_")], ""
    guess = closest(text, options) or closest(text.replace(" ", "_"), options)
    return None, "is not one of the allowed values" + (f" (did you mean “{guess}”?)" if guess else "")


def _force(value: object, lookup: dict[str, str], names: dict[str, str]) -> tuple[str | None, str]:
    text = cell_text(value)
    if text == "":
        return None, "is empty"
    try:
        return resolve(text, lookup), ""
    except (UnknownForce, ValueError):
        pass
    by_name = {normalise(n): n for n in names.values()}
    guess = difflib.get_close_matches(normalise(text), list(by_name), n=1, cutoff=0.6)
    if re.fullmatch(r"[EW]\d{8}", text.strip().upper()):
        return None, "is not the ONS code of a police force area in England and Wales"
    return None, ("is not a police force in England and Wales"
                  + (f" (did you mean “{by_name[guess[0]]}”?)" if guess else ""))


def _shown(value: object) -> str:
    text = value if isinstance(value, Formula) else cell_text(value)
    text = str(text)
    return text if len(text) <= 80 else text[:77] + "..."
