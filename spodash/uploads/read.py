"""Reading an uploaded file: its bytes into rows of cells under a header row in the upload format.

CSV (UTF-8) and Excel (.xlsx) files are read in memory; nothing is written to disk. A file that cannot
be read as a whole (too big, the wrong encoding, no header, the wrong columns, too many rows) raises
:class:`Refused`, with one message saying what is wrong and what to do. The cells themselves are
checked by :mod:`spodash.uploads.checks`.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from spodash.uploads.template import MAX_BYTES, MAX_ROWS, MAX_XLSX_UNPACKED, REQUIRED_COLUMNS, UPLOAD_COLUMNS


class Refused(Exception):
    """The whole file is refused: ``message`` says why (``data_rows``: its rows of figures, when counted)."""

    def __init__(self, message: str, data_rows: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.data_rows = data_rows


@dataclass(frozen=True)
class Table:
    """The figures of one file as read, under a header row in the upload format."""

    positions: dict[str, int]  # column name -> its position in a row
    header_width: int  # how many cells of the header row are not blank
    body: list[tuple[int, list[object]]]  # (row number as in the file, header = 1; its cells), blank rows left out
    sheet: str | None = None  # the workbook sheet read, if any


def read(data: bytes, filename: str) -> Table:
    """The table in one uploaded file's bytes. Raises :class:`Refused` for a file that cannot be read."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise Refused("No file was received.")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise Refused(f"This file is {_size(len(data))}, over the {MAX_BYTES // 2**20} MB limit. "
                      "Upload fewer rows at a time.")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise Refused("This file is empty: it needs a header row and at least one row of figures.")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused("This is an older Excel .xls workbook. Save it as .xlsx (Excel Workbook) "
                      "or as CSV UTF-8 and upload it again.")
    if data.startswith(b"PK\x03\x04") or suffix == "xlsx":
        sheets, why = _xlsx_sheets(data, suffix == "xlsx")
        if why:
            raise Refused(why)
        assert sheets is not None  # no reason given, so the sheets were read
        return _from_sheets(sheets)
    if suffix and suffix not in ("csv", "txt"):
        raise Refused(f"Files ending .{suffix} are not read: upload a .csv or .xlsx file.")
    text, why = _decode(data)
    if why:
        raise Refused(why)
    assert text is not None  # no reason given, so the bytes were decoded
    rows, why = _csv_table(text)
    if why:
        raise Refused(why)
    assert rows is not None  # no reason given, so the rows were read
    return _from_rows(rows, "the file", None)


def _from_sheets(sheets: list[tuple[str, list[list[object]]]]) -> Table:
    if not sheets:
        raise Refused("This workbook has no sheets.")
    used = [(name, rows) for name, rows in sheets if not all(blank(r) for r in rows)]
    if not used:
        raise Refused("This workbook is empty: it needs a header row and at least one row of figures.")
    if len(sheets) == 1 or len(used) == 1:
        name, rows = used[0]
        return _from_rows(rows, f"sheet “{name}”", name)
    with_header = [(name, rows) for name, rows in used if rows and _is_header(rows[0])]
    if len(with_header) == 1:
        name, rows = with_header[0]
        return _from_rows(rows, f"sheet “{name}”", name)
    names = ", ".join(f"“{n}”" for n, _ in sheets)
    if not with_header:
        later = [(n, next((i for i, r in enumerate(rows[:50], 1) if _is_header(r)), None)) for n, rows in used]
        later = [(n, i) for n, i in later if i]
        if later:
            n, i = later[0]
            raise Refused(f"The header row must be row 1, but on sheet “{n}” it is on row {i}. "
                          "Delete the rows above it and upload the file again.")
        raise Refused(f"None of this workbook's {len(sheets)} sheets ({names}) has the header row "
                      f"in row 1: " + ", ".join(UPLOAD_COLUMNS) + ". Put the figures on one sheet "
                      "under that header (download the template to start from).")
    both = ", ".join(f"“{n}”" for n, _ in with_header)
    raise Refused(f"Sheets {both} all have the header row, so it is not clear which to read. "
                  "Put all the figures on one sheet, or upload each sheet as its own file.")


def _from_rows(rows: list[list[object]], where: str, sheet: str | None) -> Table:
    positions, why = _locate_header(rows, where)
    if why:
        raise Refused(why)
    assert positions is not None  # no reason given, so the header was found
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if not blank(r)]
    if not body:
        raise Refused(f"{where[0].upper()}{where[1:]} has a header row but no rows of figures.")
    if len(body) > MAX_ROWS:
        truncated = sheet is not None and len(rows) >= MAX_ROWS + 50  # the sheet was not read to its end
        found = f"more than {MAX_ROWS:,}" if truncated else f"{len(body):,}"
        raise Refused(f"This file has {found} rows of figures; the limit is {MAX_ROWS:,}. "
                      "Upload them in smaller files.", len(body))
    header_width = len([c for c in rows[0] if cell_text(c) != ""])
    return Table(positions, header_width, body, sheet)


# ---- the bytes -----------------------------------------------------------------------------

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
        rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as exc:
        return None, f"This CSV file could not be read: {exc}. Check for a stray quote mark (\") in a cell."
    return rows, None


def _xlsx_sheets(data: bytes, named_xlsx: bool) -> tuple[list[tuple[str, list[list[object]]]] | None, str | None]:
    """Each sheet's name and cells (a formula cell becomes a :class:`Formula`); or why it is refused."""
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
                        value = Formula(str(value))
                    cells.append(value)
                rows.append(cells)
            sheets.append((ws.title, rows))
    except Exception as exc:
        return None, (f"This Excel file could not be read ({type(exc).__name__}). Save it again as .xlsx "
                      "(Excel Workbook) or CSV and upload it again.")
    finally:
        book.close()
    return sheets, None


class Formula(str):
    """An Excel cell that holds a formula rather than a typed value."""


# ---- cells and the header row -------------------------------------------------------------

def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


def blank(row: Sequence[object]) -> bool:
    return all(cell_text(v) == "" for v in row)


def _header_key(value: object) -> str:
    return cell_text(value).replace("\ufeff", "").strip().lower()


def _is_header(row: Sequence[object]) -> bool:
    names = {_header_key(v) for v in row}
    return set(REQUIRED_COLUMNS) <= names


def closest(value: str, options: Sequence[str]) -> str | None:
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
            unknown.append(cell_text(header[i]))
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
        guess = closest(name, free) or closest(key, free) or next(
            (c for c in free if len(key) >= 3 and (key in c or c in key)), None)
        parts.append(f"column “{name}” is not one of the format's columns"
                     + (f" (did you mean “{guess}”?)" if guess else ""))
    if missing:
        parts.append("missing column" + "s" * (len(missing) != 1) + ": " + ", ".join(f"“{m}”" for m in missing))
    if duplicated:
        parts.append("column" + "s" * (len(duplicated) != 1) + " given twice: "
                     + ", ".join(f"“{d}”" for d in duplicated))
    if blank_at:
        parts.append("column" + "s" * (len(blank_at) != 1) + " with no name at position "
                     + ", ".join(str(b) for b in blank_at))
    return None, (f"The header row of {where} does not match the upload format: " + "; ".join(parts)
                  + ". The columns must be exactly: " + ", ".join(UPLOAD_COLUMNS) + " (note is optional).")


def _locate_header(rows: list[list[object]], where: str) -> tuple[dict[str, int] | None, str | None]:
    if not rows or all(blank(r) for r in rows):
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
    if blank(rows[0]):
        return None, (f"Row 1 of {where} is blank; it must be the header row ("
                      + ", ".join(UPLOAD_COLUMNS) + ").")
    return _check_header(rows[0], where)
