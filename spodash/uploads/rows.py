"""The session's uploaded figures: rows shaped exactly like ``Bundle.orders``, a new file's rows merged
into earlier ones, and the rows written back out in the upload format or as the page lists them."""
from __future__ import annotations

import pandas as pd

from spodash.data.periods import fmt_period
from spodash.data.schema import COLUMNS
from spodash.figures.metrics import MEASURE_LABELS
from spodash.uploads.template import UPLOAD_COLUMNS

ORDERS_COLUMNS = COLUMNS["orders.csv"]
#: Every uploaded row's note starts with this.
NOTE_PREFIX = "User-supplied."
#: One figure per force, order type, measure and period: a newer upload of the same replaces it.
KEY = ["force_code", "order_type", "measure", "period_start", "period_end"]


def empty_rows() -> pd.DataFrame:
    """No rows, with the columns and types of ``Bundle.orders``."""
    return orders_frame([])


def orders_frame(records: list[dict]) -> pd.DataFrame:
    """Order rows (dicts) with the columns and types of ``Bundle.orders``."""
    df = pd.DataFrame(records, columns=list(ORDERS_COLUMNS))
    for col in ("force_code", "order_type", "measure", "count_as_published", "source_id", "note"):
        df[col] = df[col].astype("str")
    df["period_start"] = pd.to_datetime(df["period_start"]).astype("datetime64[ns]")
    df["period_end"] = pd.to_datetime(df["period_end"]).astype("datetime64[ns]")
    df["count"] = df["count"].astype("Int64")
    return df


def merge(existing: pd.DataFrame | None, new: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Earlier uploads plus a new one; a new row replaces an earlier one for the same force, order,
    measure and period (it is the newer figure). Returns the rows and how many were replaced."""
    if existing is None or len(existing) == 0:
        return new.reset_index(drop=True), 0
    keys = set(map(tuple, new[KEY].astype(str).to_numpy()))
    old_keys = existing[KEY].astype(str).apply(tuple, axis=1)
    replaced = old_keys.isin(keys)
    merged = pd.concat([existing[~replaced], new], ignore_index=True)
    return orders_frame(merged.to_dict("records")), int(replaced.sum())


def to_upload_format(rows: pd.DataFrame) -> pd.DataFrame:
    """Session rows in the upload format, so a download can be uploaded again next time."""
    return pd.DataFrame({
        "force": rows["force_code"], "order_type": rows["order_type"], "measure": rows["measure"],
        "period_start": rows["period_start"].dt.strftime("%Y-%m-%d"),
        "period_end": rows["period_end"].dt.strftime("%Y-%m-%d"),
        "count": rows["count"].astype("Int64").astype(str), "note": rows["note"],
    }, columns=list(UPLOAD_COLUMNS))


def listed(rows: pd.DataFrame, forces: pd.DataFrame) -> pd.DataFrame:
    """Session rows as the upload page lists them, every one labelled user-supplied."""
    names = forces.set_index("force_code")["force_name"]
    return pd.DataFrame({
        "Force": rows["force_code"].map(names), "ONS code": rows["force_code"],
        "Order type": rows["order_type"], "Measure": rows["measure"].map(MEASURE_LABELS),
        "Period": [fmt_period(s, e) for s, e in zip(rows["period_start"], rows["period_end"], strict=True)],
        "Count": rows["count"], "As written in your file": rows["count_as_published"],
        "Source": "user-supplied", "Note": rows["note"],
    })
