"""A user's own order figures (a force's SPO returns, an FOI reply), read from an uploaded file.

PCC offices hold figures newer than any public release. They upload them as a small
CSV or Excel (.xlsx) table in one documented format; this module reads the bytes in
memory (nothing is written to disk), checks every cell and returns the valid rows
shaped exactly like ``Bundle.orders`` plus a precise list of problems, each naming the
row as the user sees it in their file (header = row 1), the column, the value, what is
wrong and what is allowed. Whole-file problems (too big, wrong encoding, wrong columns,
no header) refuse the file with one message. :func:`parse` never raises.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from spodash.datasets import USER_SOURCE_ID, load_forces
from spodash.forcenames import UnknownForce, build_lookup, normalise, resolve
from spodash.paths import data_dir
from spodash.periods import fmt_date
from spodash.schema import COLUMNS, MEASURES, ORDER_TYPES

#: The upload format, in the order the template uses. ``note`` may be left out.
UPLOAD_COLUMNS = ("force", "order_type", "measure", "period_start", "period_end", "count", "note")
REQUIRED_COLUMNS = UPLOAD_COLUMNS[:-1]
#: Below the server's own limit (``server.maxUploadSize = 5`` MB) so this message, not the browser's, explains it.
MAX_BYTES = 2 * 1024 * 1024
#: Data rows (the header not counted). Far more than any force's returns, small enough to check quickly.
MAX_ROWS = 5_000
#: An .xlsx is a zip; refuse one that would unpack to more than this (a "zip bomb").
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
#: No force's order count comes near this; it also keeps counts inside a 64-bit integer.
MAX_COUNT = 1_000_000
MAX_NOTE = 1_000
EARLIEST = dt.date(2000, 1, 1)
NOTE_PREFIX = "User-supplied."
ORDERS_COLUMNS = COLUMNS["orders.csv"]

TEMPLATE_ROWS = (
    ("E23000035", "SPO", "granted", "2020-01-01", "2020-12-31", "21",
     "Example row: Devon & Cornwall Police's 2020 figure as reported by Exmouth Nub News. "
     "Replace with your own figures."),
    ("E23000003", "DVPO", "granted", "2018-01-01", "2018-12-31", "53",
     "Example row: Lancashire Police's 2018 figure as reported by the Lancashire Evening Post (FOI). "
     "Replace with your own figures."),
)

COLUMN_HELP = {
    "force": "The police force: its ONS code (E23000013) or its name (Cleveland, Cleveland Police).",
    "order_type": "One of: " + ", ".join(ORDER_TYPES) + ".",
    "measure": "One of: " + ", ".join(MEASURES) + ".",
    "period_start": "First day the figure covers: YYYY-MM-DD or DD/MM/YYYY (or an Excel date).",
    "period_end": "Last day the figure covers (on or after period_start, not in the future). "
                  "For a count in force on a date, give that date as both start and end.",
    "count": f"The number: a whole number from 0 to {MAX_COUNT:,}. Required: leave out rows without an exact figure.",
    "note": f"Optional: where the figure comes from (e.g. FOI reference). Up to {MAX_NOTE:,} characters.",
}


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


def empty_rows() -> pd.DataFrame:
    """No rows, with the columns and types of ``Bundle.orders``."""
    return _frame([])


def _frame(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(records, columns=list(ORDERS_COLUMNS))
    for col in ("force_code", "order_type", "measure", "count_as_published", "source_id", "note"):
        df[col] = df[col].astype("str")
    df["period_start"] = pd.to_datetime(df["period_start"]).astype("datetime64[ns]")
    df["period_end"] = pd.to_datetime(df["period_end"]).astype("datetime64[ns]")
    df["count"] = df["count"].astype("Int64")
    return df


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
    pairs = [(r.force_code, r.force_name) for r in forces.itertuples()]
    pairs += [(r.force_code, a) for r in forces.itertuples() for a in str(r.aliases).split("|") if a.strip()]
    return build_lookup(pairs)


# ---- reading the bytes ---------------------------------------------------------------------

def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, None) for UTF-8, else (None, why it is refused)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, ("This file is saved as UTF-16 text (Excel's 'Unicode Text'). Save it as "
                      "'CSV UTF-8 (Comma delimited)' and upload it again.")
    if b"\x00" in data:
        return None, "This file contains binary data, so it is not a CSV text file. Upload a .csv or .xlsx file."
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return None, (f"This file is not UTF-8 text (unreadable byte 0x{data[exc.start]:02X} at position "
                          f"{exc.start:,}) and not a text encoding the dashboard recognises. Save it as "
                          "'CSV UTF-8 (Comma delimited)' and upload it again.")
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        end = data.find(b"\n", exc.start)
        snippet = data[start:end if end != -1 else len(data)].decode("cp1252").strip()[:60]
        return None, (f"This file is not UTF-8 text: it looks like Latin-1/Windows-1252 (byte 0x{data[exc.start]:02X} "
                      f"on line {line:,}: “{snippet}”). In Excel use Save As > 'CSV UTF-8 (Comma delimited)', "
                      "or choose the UTF-8 encoding when saving, and upload it again.")
    return text, None


def _csv_table(text: str) -> tuple[list[list[object]] | None, str | None]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        return None, f"This CSV file could not be read: {exc}. Check for a stray quote mark (\") in a cell."
    return rows, None


def _xlsx_sheets(data: bytes, named_xlsx: bool) -> tuple[list[tuple[str, list[list[object]]]] | None, str | None]:
    """Each sheet's name and cells (a formula cell becomes a :class:`_Formula`); or why it is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None, ("This file is named .xlsx but is not a readable Excel workbook. Save it again as .xlsx or CSV."
                      if named_xlsx else "This file is not a CSV text file or a readable Excel workbook. "
                                         "Upload a .csv or .xlsx file.")
    if unpacked > MAX_XLSX_UNPACKED:
        return None, (f"This workbook unpacks to {_size(unpacked)}, more than the {_size(MAX_XLSX_UNPACKED)} "
                      "the dashboard reads. Copy the figures into a new workbook or a CSV file.")
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        return None, (f"This Excel file could not be opened ({type(exc).__name__}). Save it again as .xlsx "
                      "(Excel Workbook) or CSV and upload it again.")
    sheets = []
    try:
        for ws in book.worksheets:
            rows: list[list[object]] = []
            for n, row in enumerate(ws.iter_rows(), start=1):
                if n > MAX_ROWS + 50:
                    break
                cells = []
                for cell in row[:60]:
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f":
                        value = _Formula(str(value))
                    cells.append(value)
                rows.append(cells)
            sheets.append((ws.title, rows))
    except Exception as exc:
        return None, (f"This Excel file could not be read ({type(exc).__name__}). Save it again as .xlsx "
                      "(Excel Workbook) or CSV and upload it again.")
    finally:
        book.close()
    return sheets, None


class _Formula(str):
    """An Excel cell that holds a formula rather than a typed value."""


# ---- header and layout ---------------------------------------------------------------------

def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


def _blank(row: Sequence[object]) -> bool:
    return all(_cell_text(v) == "" for v in row)


def _header_key(value: object) -> str:
    return _cell_text(value).replace("\ufeff", "").strip().lower()


def _is_header(row: Sequence[object]) -> bool:
    names = {_header_key(v) for v in row}
    return set(REQUIRED_COLUMNS) <= names


def _closest(value: str, options: Sequence[str]) -> str | None:
    lowered = {o.lower(): o for o in options}
    hit = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[hit[0]] if hit else None


def _check_header(header: Sequence[object], where: str) -> tuple[dict[str, int] | None, str | None]:
    """Column name -> position, or one message naming every missing, extra and misspelled column."""
    names = [_header_key(v) for v in header]
    while names and names[-1] == "":
        names.pop()
    positions: dict[str, int] = {}
    duplicated, unknown, blank_at = [], [], []
    for i, name in enumerate(names):
        if name == "":
            blank_at.append(i + 1)
        elif name in UPLOAD_COLUMNS:
            if name in positions:
                duplicated.append(name)
            positions.setdefault(name, i)
        else:
            unknown.append(_cell_text(header[i]))
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if not (missing or unknown or duplicated or blank_at):
        return positions, None
    if len(names) == 1 and any(sep in names[0] for sep in (";", "\t", "|")):
        sep = next(s for s in (";", "\t", "|") if s in names[0])
        shown = {"\t": "tabs", ";": "semicolons", "|": "'|' characters"}[sep]
        return None, (f"The columns in {where} are separated by {shown}, not commas. Save the file as "
                      "'CSV UTF-8 (Comma delimited)' and upload it again.")
    parts = []
    free = [c for c in UPLOAD_COLUMNS if c not in positions]
    for name in unknown:
        key = name.lower().replace(" ", "_")
        guess = _closest(name, free) or _closest(key, free) or next(
            (c for c in free if len(key) >= 3 and (key in c or c in key)), None)
        parts.append(f"column “{name}” is not one of the format's columns"
                     + (f" (did you mean “{guess}”?)" if guess else ""))
    if missing:
        parts.append("missing column" + "s" * (len(missing) != 1) + ": " + ", ".join(f"“{m}”" for m in missing))
    if duplicated:
        parts.append("column" + "s" * (len(duplicated) != 1) + " given twice: " + ", ".join(f"“{d}”" for d in duplicated))
    if blank_at:
        parts.append("column" + "s" * (len(blank_at) != 1) + " with no name at position "
                     + ", ".join(str(b) for b in blank_at))
    return None, (f"The header row of {where} does not match the upload format: " + "; ".join(parts)
                  + ". The columns must be exactly: " + ", ".join(UPLOAD_COLUMNS) + " (note is optional).")


def _locate_header(rows: list[list[object]], where: str) -> tuple[dict[str, int] | None, str | None]:
    if not rows or all(_blank(r) for r in rows):
        return None, f"{where[0].upper()}{where[1:]} is empty: it needs a header row and at least one row of figures."
    if _is_header(rows[0]):
        return _check_header(rows[0], where)
    for n, row in enumerate(rows[:50], start=1):
        if _is_header(row):
            return None, (f"The header row must be row 1 of {where}, but it is on row {n}. Delete the "
                          f"{'row' if n == 2 else f'{n - 1} rows'} above it and upload the file again.")
    first_col = {_header_key(r[0]) for r in rows[:20] if r}
    if set(REQUIRED_COLUMNS) <= first_col:
        return None, (f"The column names in {where} run down column A instead of across row 1. Put them "
                      "across the first row, one figure per row below, and upload the file again.")
    if _blank(rows[0]):
        return None, (f"Row 1 of {where} is blank; it must be the header row ("
                      + ", ".join(UPLOAD_COLUMNS) + ").")
    return _check_header(rows[0], where)


# ---- cells ---------------------------------------------------------------------------------

_FORMULA = re.compile(r"^\s*(=|@|[+\-]\s*[A-Za-z(])")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_WHOLE = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")
_FORMULA_ADVICE = ("A typed value, not a formula: copy the cells and use Paste Special > Values; "
                   "text must not start with =, +, - or @")


def _is_formula(value: object) -> bool:
    return isinstance(value, _Formula) or (isinstance(value, str) and bool(_FORMULA.match(value)))


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
        text = _cell_text(value)
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
        text = _cell_text(value)
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
    text = _cell_text(value)
    if text == "":
        return None, "is empty"
    folded = {o.lower(): o for o in options}
    key = re.sub(r"\s+", " ", text.lower())
    if key in folded:
        return folded[key], ""
    if key.replace(" ", "_") in folded:
        return folded[key.replace(" ", "_")], ""
    guess = _closest(text, options) or _closest(text.replace(" ", "_"), options)
    return None, "is not one of the allowed values" + (f" (did you mean “{guess}”?)" if guess else "")


def _force(value: object, lookup: dict[str, str], names: dict[str, str]) -> tuple[str | None, str]:
    text = _cell_text(value)
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
    return None, "is not a police force in England and Wales" + (f" (did you mean “{by_name[guess[0]]}”?)" if guess else "")


def _shown(value: object) -> str:
    text = value if isinstance(value, _Formula) else _cell_text(value)
    text = str(text)
    return text if len(text) <= 80 else text[:77] + "..."


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
    if not isinstance(data, (bytes, bytearray, memoryview)):
        return _refuse(filename, "No file was received.")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        return _refuse(filename, f"This file is {_size(len(data))}, over the {MAX_BYTES // 2**20} MB limit. "
                                 "Upload fewer rows at a time.")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return _refuse(filename, "This file is empty: it needs a header row and at least one row of figures.")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _refuse(filename, "This is an older Excel .xls workbook. Save it as .xlsx (Excel Workbook) "
                                 "or as CSV UTF-8 and upload it again.")
    if data.startswith(b"PK\x03\x04") or suffix == "xlsx":
        sheets, why = _xlsx_sheets(data, suffix == "xlsx")
        if why:
            return _refuse(filename, why)
        return _from_sheets(sheets, filename, forces, today)
    if suffix and suffix not in ("csv", "txt"):
        return _refuse(filename, f"Files ending .{suffix} are not read: upload a .csv or .xlsx file.")
    text, why = _decode(data)
    if why:
        return _refuse(filename, why)
    rows, why = _csv_table(text)
    if why:
        return _refuse(filename, why)
    return _from_rows(rows, filename, "the file", None, forces, today)


def _from_sheets(sheets, filename, forces, today) -> Report:
    if not sheets:
        return _refuse(filename, "This workbook has no sheets.")
    used = [(name, rows) for name, rows in sheets if not all(_blank(r) for r in rows)]
    if not used:
        return _refuse(filename, "This workbook is empty: it needs a header row and at least one row of figures.")
    if len(sheets) == 1 or len(used) == 1:
        name, rows = used[0]
        return _from_rows(rows, filename, f"sheet “{name}”", name, forces, today)
    with_header = [(name, rows) for name, rows in used if rows and _is_header(rows[0])]
    if len(with_header) == 1:
        name, rows = with_header[0]
        return _from_rows(rows, filename, f"sheet “{name}”", name, forces, today)
    names = ", ".join(f"“{n}”" for n, _ in sheets)
    if not with_header:
        later = [(n, next((i for i, r in enumerate(rows[:50], 1) if _is_header(r)), None)) for n, rows in used]
        later = [(n, i) for n, i in later if i]
        if later:
            n, i = later[0]
            return _refuse(filename, f"The header row must be row 1, but on sheet “{n}” it is on row {i}. "
                                     "Delete the rows above it and upload the file again.")
        return _refuse(filename, f"None of this workbook's {len(sheets)} sheets ({names}) has the header row "
                                 f"in row 1: " + ", ".join(UPLOAD_COLUMNS) + ". Put the figures on one sheet "
                                 "under that header (download the template to start from).")
    both = ", ".join(f"“{n}”" for n, _ in with_header)
    return _refuse(filename, f"Sheets {both} all have the header row, so it is not clear which to read. "
                             "Put all the figures on one sheet, or upload each sheet as its own file.")


def _from_rows(rows: list[list[object]], filename: str, where: str, sheet: str | None,
               forces: pd.DataFrame | None, today: dt.date) -> Report:
    positions, why = _locate_header(rows, where)
    if why:
        return _refuse(filename, why)
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if not _blank(r)]
    if not body:
        return _refuse(filename, f"{where[0].upper()}{where[1:]} has a header row but no rows of figures.")
    if len(body) > MAX_ROWS:
        truncated = sheet is not None and len(rows) >= MAX_ROWS + 50  # the sheet was not read to its end
        found = f"more than {MAX_ROWS:,}" if truncated else f"{len(body):,}"
        return _refuse(filename, f"This file has {found} rows of figures; the limit is {MAX_ROWS:,}. "
                                 "Upload them in smaller files.", len(body))
    forces = _bundled_forces() if forces is None else forces
    lookup = force_lookup(forces)
    names = dict(zip(forces["force_code"], forces["force_name"]))
    header_width = len([c for c in rows[0] if _cell_text(c) != ""])
    records, problems, seen = [], [], {}
    for n, row in body:
        found: list[Problem] = []

        def bad(column: str, value: object, problem: str, allowed: str) -> None:
            found.append(Problem(n, column, _shown(value), problem, allowed))

        extra = [v for v in row[header_width:] if _cell_text(v) != ""]
        if extra:
            bad("", extra[0], f"this row has {header_width + len(extra)}+ values but the header has "
                              f"{header_width} columns (a stray comma or an unquoted comma in a note?)",
                "One value per column; put a note containing commas in double quotes")
        cells = {c: (row[i] if i < len(row) else None) for c, i in positions.items()}
        formulas = [c for c in UPLOAD_COLUMNS if c in cells and _is_formula(cells[c])]
        for column in formulas:
            bad(column, cells[column], "is a formula", _FORMULA_ADVICE)

        def check(column: str, result: tuple[object, str], allowed: str) -> object:
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
        note = _cell_text(cells["note"]) if "note" in cells and "note" not in formulas else ""
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
        raw = cells["count"]
        as_published = _cell_text(raw)
        note = note if note.startswith(NOTE_PREFIX) else f"{NOTE_PREFIX} {note}".strip()
        records.append({"force_code": code, "order_type": order_type, "measure": measure,
                        "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end), "count": count,
                        "count_as_published": as_published, "source_id": USER_SOURCE_ID, "note": note})
    return Report(filename, _frame(records), problems, None, len(body), sheet)


# ---- the session's figures -----------------------------------------------------------------

KEY = ["force_code", "order_type", "measure", "period_start", "period_end"]


def merge(existing: pd.DataFrame | None, new: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Earlier uploads plus a new one; a new row replaces an earlier one for the same force, order,
    measure and period (it is the newer figure). Returns the rows and how many were replaced."""
    if existing is None or len(existing) == 0:
        return new.reset_index(drop=True), 0
    keys = set(map(tuple, new[KEY].astype(str).to_numpy()))
    old_keys = existing[KEY].astype(str).apply(tuple, axis=1)
    replaced = old_keys.isin(keys)
    merged = pd.concat([existing[~replaced], new], ignore_index=True)
    return _frame(merged.to_dict("records")), int(replaced.sum())


def to_upload_format(rows: pd.DataFrame) -> pd.DataFrame:
    """Session rows in the upload format, so a download can be uploaded again next time."""
    return pd.DataFrame({
        "force": rows["force_code"], "order_type": rows["order_type"], "measure": rows["measure"],
        "period_start": rows["period_start"].dt.strftime("%Y-%m-%d"),
        "period_end": rows["period_end"].dt.strftime("%Y-%m-%d"),
        "count": rows["count"].astype("Int64").astype(str), "note": rows["note"],
    }, columns=list(UPLOAD_COLUMNS))


def template_table() -> pd.DataFrame:
    return pd.DataFrame(list(TEMPLATE_ROWS), columns=list(UPLOAD_COLUMNS))


def template_csv() -> bytes:
    """The template: header plus two example rows (published figures, so nothing in it is invented)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UPLOAD_COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue().encode("utf-8")

