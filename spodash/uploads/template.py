"""The upload format as the upload page documents it: the columns, the limits, what to put in each
column, and the template file with two example rows."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

from spodash.data.schema import MEASURES, ORDER_TYPES

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


def template_table() -> pd.DataFrame:
    return pd.DataFrame(list(TEMPLATE_ROWS), columns=list(UPLOAD_COLUMNS))


def template_csv() -> bytes:
    """The template: header plus two example rows (published figures, so nothing in it is invented)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UPLOAD_COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue().encode("utf-8")


def column_help_table() -> pd.DataFrame:
    """The format's columns, what to put in each, and whether it is required (indexed by column)."""
    return pd.DataFrame({"Column": list(COLUMN_HELP), "What to put in it": list(COLUMN_HELP.values()),
                         "Required": ["yes"] * 6 + ["no"]}).set_index("Column")
