"""Load and validate the bundled datasets.

Every file is checked on load: its columns, the type and allowed values of each cell,
and that every force code joins to `forces.csv` and to the geometry, and every source
id to `sources.csv`. A problem raises :class:`DataFileError` naming the file, the row
(its line number in the file) and what is wrong, so the app can say so in one line.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from spodash.paths import data_dir as default_data_dir, geo_dir as default_geo_dir
from spodash.schema import (
    CAVEAT_TOPICS, COLUMNS, CONTEXT_ORDER_TYPES, COPY_TYPES, DISAGREEMENT_KINDS, MEASURES, N_FORCES, OFFENCES,
    ORDER_TYPES, SOURCE_TYPES,
)


class DataFileError(ValueError):
    """A bundled file that breaks the data contract."""

    def __init__(self, file: str, problem: str, line: int | None = None):
        self.file, self.problem, self.line = file, problem, line
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Bundle:
    forces: pd.DataFrame
    crime: pd.DataFrame
    crime_p1: pd.DataFrame
    orders: pd.DataFrame
    orders_context: pd.DataFrame
    sources: pd.DataFrame
    caveats: pd.DataFrame
    geo: dict
    outline: dict
    #: Pairs of order figures that cannot both be true (empty by default, so older callers still build one).
    disagreements: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COLUMNS["disagreements.csv"])))


def _read(path: Path) -> pd.DataFrame:
    name = path.name
    if not path.exists():
        raise DataFileError(name, "file is missing")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(name, f"not a readable CSV ({str(exc).strip()})") from None
    expected = list(COLUMNS[name])
    if list(df.columns) != expected:
        missing = [c for c in expected if c not in df.columns]
        extra = [c for c in df.columns if c not in expected]
        detail = f"missing {missing}" if missing else ""
        detail += ("; " if detail and extra else "") + (f"unexpected {extra}" if extra else "")
        raise DataFileError(name, f"columns must be {expected} ({detail or 'wrong order'})")
    return df


def _line(i: int) -> int:
    return i + 2  # header is line 1


def _ints(df: pd.DataFrame, name: str, col: str, *, blank_ok: bool, negative_ok=lambda row: False) -> pd.Series:
    out = []
    for i, value in enumerate(df[col]):
        value = value.strip()
        if value == "":
            if not blank_ok:
                raise DataFileError(name, f"{col} is empty", _line(i))
            out.append(pd.NA)
            continue
        try:
            number = int(value)
        except ValueError:
            raise DataFileError(name, f"{col} {value!r} is not a whole number", _line(i)) from None
        if number < 0 and not negative_ok(df.iloc[i]):
            raise DataFileError(name, f"{col} {value!r} is negative", _line(i))
        out.append(number)
    return pd.Series(out, index=df.index, dtype="Int64")


def _dates(df: pd.DataFrame, name: str, col: str, *, blank_ok: bool) -> pd.Series:
    out = []
    for i, value in enumerate(df[col]):
        if value == "" and blank_ok:
            out.append(pd.NaT)
            continue
        try:
            out.append(pd.Timestamp(dt.date.fromisoformat(value)))
        except ValueError:
            raise DataFileError(name, f"{col} {value!r} is not a date (YYYY-MM-DD)", _line(i)) from None
    return pd.Series(out, index=df.index, dtype="datetime64[ns]")


def _allowed(df: pd.DataFrame, name: str, col: str, allowed, *, split: str | None = None) -> None:
    allowed = set(allowed)
    for i, value in enumerate(df[col]):
        tokens = value.split(split) if split else [value]
        bad = [t for t in tokens if t not in allowed]
        if bad:
            raise DataFileError(name, f"{col} {bad[0]!r} is not one of {sorted(allowed)}", _line(i))


def _joins(df: pd.DataFrame, name: str, col: str, known: set[str], what: str, *, blank_ok=False) -> None:
    for i, value in enumerate(df[col]):
        if value == "" and blank_ok:
            continue
        if value not in known:
            raise DataFileError(name, f"{col} {value!r} is not in {what}", _line(i))


def _period_order(df: pd.DataFrame, name: str, start: str, end: str) -> None:
    bad = df[start].notna() & df[end].notna() & (df[end] < df[start])
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFileError(name, f"{end} is before {start}", _line(i))


def _load_geo(path: Path, codes: set[str] | None, key: str) -> dict:
    name = path.name
    if not path.exists():
        raise DataFileError(name, "file is missing")
    try:
        geo = json.loads(path.read_text(encoding="utf-8"))
        features = geo["features"]
        found = [f["properties"][key] for f in features]
        for f in features:
            if f["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
                raise DataFileError(name, f"{f['properties'][key]} is a {f['geometry']['type']}, not an area")
    except (ValueError, KeyError, TypeError) as exc:
        raise DataFileError(name, f"not a GeoJSON FeatureCollection with a {key!r} property ({exc})") from None
    if codes is not None and set(found) != codes:
        raise DataFileError(name, f"areas do not match forces.csv: {sorted(set(found) ^ codes)}")
    if len(found) != len(set(found)):
        raise DataFileError(name, "an area appears twice")
    return geo


def load_forces(data_dir: Path) -> pd.DataFrame:
    name = "forces.csv"
    df = _read(data_dir / name)
    if len(df) != N_FORCES or df["force_code"].duplicated().any():
        raise DataFileError(name, f"must list the {N_FORCES} territorial forces once each (found {df['force_code'].nunique()} codes in {len(df)} rows)")
    for i, code in enumerate(df["force_code"]):
        if not (len(code) == 9 and code[:3] in ("E23", "W15") and code[3:].isdigit()):
            raise DataFileError(name, f"force_code {code!r} is not an ONS police force area code (E23…/W15…)", _line(i))
    df["population"] = _ints(df, name, "population", blank_ok=False)
    df["population_year"] = _ints(df, name, "population_year", blank_ok=False)
    return df


def load_bundle(data_dir: Path | None = None, geo_dir: Path | None = None) -> Bundle:
    """Read and check every bundled file; raise DataFileError on the first problem found."""
    data_dir = data_dir or default_data_dir()
    geo_dir = geo_dir or default_geo_dir()
    forces = load_forces(data_dir)
    codes = set(forces["force_code"])
    geo = _load_geo(geo_dir / "police_force_areas.geojson", codes, "force_code")
    outline = _load_geo(geo_dir / "scotland_ni_outline.geojson", None, "country_code")

    sources = _read(data_dir / "sources.csv")
    _allowed(sources, "sources.csv", "source_type", SOURCE_TYPES)
    if sources["source_id"].duplicated().any():
        raise DataFileError("sources.csv", f"source_id {sources['source_id'][sources['source_id'].duplicated()].iloc[0]!r} appears twice")
    _sources_say_copies_and_missing_urls(sources)
    source_ids = set(sources["source_id"])

    name = "recorded_crime.csv"
    crime = _read(data_dir / name)
    _joins(crime, name, "force_code", codes, "forces.csv")
    _allowed(crime, name, "offence_code", OFFENCES)
    _allowed(crime, name, "quarter", ("1", "2", "3", "4"))
    _joins(crime, name, "source_id", source_ids, "sources.csv")
    crime["quarter"] = crime["quarter"].astype(int)
    # Empty = not published (the 8U cells before 8U was identifiable): missing, never zero.
    crime["count"] = _ints(crime, name, "count", blank_ok=True, negative_ok=lambda r: r["offence_code"] == "8M")
    for col in ("period_start", "period_end"):
        crime[col] = _dates(crime, name, col, blank_ok=False)
    _period_order(crime, name, "period_start", "period_end")

    name = "recorded_crime_ons_p1.csv"
    p1 = _read(data_dir / name)
    _joins(p1, name, "force_code", codes, "forces.csv")
    _joins(p1, name, "source_id", source_ids, "sources.csv")
    p1["count"] = _ints(p1, name, "count", blank_ok=True)
    for col in ("period_start", "period_end"):
        p1[col] = _dates(p1, name, col, blank_ok=False)

    orders = load_orders(data_dir / "orders.csv", codes, source_ids)

    context = _figures(_read(data_dir / "orders_context.csv"), "orders_context.csv", CONTEXT_ORDER_TYPES, source_ids)

    name = "caveats.csv"
    caveats = _read(data_dir / name)
    _joins(caveats, name, "force_code", codes, "forces.csv", blank_ok=True)
    _joins(caveats, name, "source_id", source_ids, "sources.csv")
    _joins(caveats, name, "applies_to_source", source_ids, "sources.csv", blank_ok=True)
    _allowed(caveats, name, "topic", CAVEAT_TOPICS, split="|")
    for col in ("applies_from", "applies_to"):
        caveats[col] = _dates(caveats, name, col, blank_ok=True)
    _period_order(caveats, name, "applies_from", "applies_to")

    disagreements = load_disagreements(data_dir / "disagreements.csv", orders, source_ids)
    return Bundle(forces, crime, p1, orders, context, sources, caveats, geo, outline, disagreements)


def _sources_say_copies_and_missing_urls(sources: pd.DataFrame) -> None:
    """A copy names what it copies (and only a copy does); a source without a URL says why."""
    name = "sources.csv"
    for i, r in enumerate(sources.itertuples()):
        if bool(r.copy_of) != (r.source_type in COPY_TYPES):
            raise DataFileError(name, f"{r.source_id}: copy_of must be filled exactly when source_type is a copy "
                                      f"({', '.join(COPY_TYPES)})", _line(i))
        if not r.url and not r.url_note:
            raise DataFileError(name, f"{r.source_id} has no url and no url_note saying why", _line(i))


def load_disagreements(path: Path, orders: pd.DataFrame, source_ids: set[str]) -> pd.DataFrame:
    """Conflicting pairs; each side must be a published figure in orders.csv."""
    name = path.name
    df = _read(path)
    _allowed(df, name, "kind", DISAGREEMENT_KINDS)
    _allowed(df, name, "order_type", ORDER_TYPES)
    _allowed(df, name, "measure", MEASURES)
    _allowed(df, name, "b_measure", MEASURES)
    for side in ("a", "b"):
        _joins(df, name, f"{side}_source_id", source_ids, "sources.csv")
        df[f"{side}_count"] = _ints(df, name, f"{side}_count", blank_ok=False)
        for col in (f"{side}_period_start", f"{side}_period_end"):
            df[col] = _dates(df, name, col, blank_ok=False)
    figures = set(zip(orders["force_code"], orders["order_type"], orders["measure"], orders["source_id"],
                      orders["period_start"], orders["period_end"], orders["count"]))
    for i, r in enumerate(df.itertuples()):
        for side, measure in (("a", r.measure), ("b", r.b_measure)):
            key = (r.force_code, r.order_type, measure, getattr(r, f"{side}_source_id"),
                   getattr(r, f"{side}_period_start"), getattr(r, f"{side}_period_end"), getattr(r, f"{side}_count"))
            if key not in figures:
                raise DataFileError(name, f"figure {side} ({key[3]}, {measure}, {key[6]}) is not a figure in orders.csv",
                                    _line(i))
    return df


#: Figures a user uploads carry this source id and are labelled "user-supplied" wherever shown.
USER_SOURCE_ID = "USER_SUPPLIED"
USER_SOURCE_TYPE = "user-supplied"


def with_user_orders(bundle: Bundle, extra: pd.DataFrame) -> Bundle:
    """A copy of the bundle with a session's uploaded order rows added (source ``USER_SUPPLIED``)."""
    from dataclasses import replace

    user_source = pd.DataFrame([{
        "source_id": USER_SOURCE_ID, "title": "Figures uploaded in this browser session", "publisher": "You",
        "published": "", "url": "", "source_type": USER_SOURCE_TYPE, "licence": "",
        "attribution": "Includes user-supplied figures uploaded in this session (not checked by the dashboard).",
    }])
    orders = pd.concat([bundle.orders, extra.assign(source_id=USER_SOURCE_ID)[bundle.orders.columns]], ignore_index=True)
    return replace(bundle, orders=orders, sources=pd.concat([bundle.sources, user_source], ignore_index=True))


def load_orders(path: Path, codes: set[str], source_ids: set[str]) -> pd.DataFrame:
    orders = _read(path)
    _joins(orders, path.name, "force_code", codes, "forces.csv")
    return _figures(orders, path.name, ORDER_TYPES, source_ids)


def _figures(df: pd.DataFrame, name: str, order_types, source_ids: set[str]) -> pd.DataFrame:
    """Checks shared by per-force order figures and the national context totals."""
    _allowed(df, name, "order_type", order_types)
    _allowed(df, name, "measure", MEASURES)
    _joins(df, name, "source_id", source_ids, "sources.csv")
    df["count"] = _ints(df, name, "count", blank_ok=True)
    for col in ("period_start", "period_end"):
        df[col] = _dates(df, name, col, blank_ok=True)
    _period_order(df, name, "period_start", "period_end")
    return df
