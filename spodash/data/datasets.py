"""Load and validate the bundled datasets.

Every file is checked on load against the data contract in ``spodash.data.schema`` (the tables that the
build also writes out as ``data/datapackage.json``): its columns, each cell's type and allowed
values, primary keys, and that every force code, source id and disagreement figure is found where
it points. A few rules that Table Schema cannot say are checked here too (43 forces; only 8M
counts may be negative; no period ends before it starts; copies say what they copy; chart markers
are national). Every problem is collected in one pass and raised as one :class:`DataFileError`,
whose message starts with the first problem ("file, line N: problem"), so the app can say it in a line.

The checks are pandas column operations, not the frictionless library: validating with it takes
seconds, and the app loads the bundle once per process. The tests run ``frictionless validate``
on the same ``datapackage.json`` and check that both report the same planted problems.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from spodash.data.paths import data_dir as default_data_dir
from spodash.data.paths import geo_dir as default_geo_dir
from spodash.data.schema import COLUMNS, COPY_TYPES, GEO_FILES, N_FORCES, PERIODS, TABLE, TABLES, Field, Table

#: The order problems are reported in: what the other files join to (forces, their shapes, sources) first.
_FIRST = ("forces.csv", *GEO_FILES, "sources.csv")
FILE_ORDER = (*_FIRST, *(name for name in COLUMNS if name not in _FIRST))


@dataclass(frozen=True)
class Problem:
    file: str
    problem: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.problem}"


class DataFileError(ValueError):
    """Bundled files that break the data contract: the first problem, then the first of each other file's.

    ``problems`` holds every problem found, in file and line order.
    """

    def __init__(self, file: str, problem: str, line: int | None = None, *, more: Sequence[Problem] = ()):
        self.file, self.problem, self.line = file, problem, line
        self.problems = [Problem(file, problem, line), *more]
        text = str(self.problems[0])
        if more:
            firsts: dict[str, tuple[Problem, int]] = {}
            for p in more:
                first, n = firsts.get(p.file, (p, 0))
                firsts[p.file] = (first, n + 1)
            listed = "; ".join(str(p) + (f" (and {n - 1} more in {p.file})" if n > 1 else "")
                               for p, n in firsts.values())
            text += f" ({len(more)} more problem{'s' if len(more) > 1 else ''}: {listed})"
        super().__init__(text)

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> DataFileError:
        ordered = sorted(problems, key=lambda p: (FILE_ORDER.index(p.file) if p.file in FILE_ORDER else len(FILE_ORDER),
                                                  p.line or 0))
        first, *rest = ordered
        return cls(first.file, first.problem, first.line, more=rest)


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
    disagreements: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(COLUMNS["disagreements.csv"])))
    #: The local authorities and the force each lies in ("find your area").
    authorities: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(COLUMNS["local_authorities.csv"])))


# ---- reading and per-column checks ------------------------------------------------------------
def _read(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """The file as text cells, or None (with the problem noted) when it cannot be checked further."""
    name = path.name
    if not path.exists():
        problems.append(Problem(name, "file is missing"))
        return None
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(name, f"not a readable CSV ({str(exc).strip()})"))
        return None
    expected = list(COLUMNS[name])
    if list(df.columns) != expected:
        missing = [c for c in expected if c not in df.columns]
        extra = [c for c in df.columns if c not in expected]
        detail = f"missing {missing}" if missing else ""
        detail += ("; " if detail and extra else "") + (f"unexpected {extra}" if extra else "")
        problems.append(Problem(name, f"columns must be {expected} ({detail or 'wrong order'})"))
        return None
    return df


def _lines(mask: pd.Series | np.ndarray) -> list[int]:
    """File line numbers of the rows where mask is true (the header is line 1)."""
    return [int(i) + 2 for i in np.asarray(mask).nonzero()[0]]


def _problem(f: Field, value: str) -> str | None:
    """What is wrong with one non-empty cell of the field, or None."""
    typed: object = value
    if f.type == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            return "is not a whole number"
        typed = int(value)
    elif f.type == "date":
        try:
            typed = dt.date.fromisoformat(value) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else None
        except ValueError:
            typed = None
        if typed is None:
            return "is not a date (YYYY-MM-DD)"
    if f.enum and typed not in f.enum:
        return f"is not one of {sorted(f.enum)}"
    if f.minimum is not None and isinstance(typed, int) and typed < f.minimum:  # minimum: integer fields only
        return "is negative" if f.minimum == 0 else f"is below {f.minimum}"
    if f.pattern and not f.items and not re.fullmatch(f.pattern, value):
        return f"is not {f.hint}" if f.hint else f"does not match {f.pattern}"
    if f.max_length is not None and len(value) > f.max_length:
        return f"is longer than {f.max_length} characters"
    return None


def _typed(f: Field, text: pd.Series, name: str, problems: list[Problem]) -> pd.Series:
    """The column converted to its type; cells that break the field's rules are noted as problems.

    Each distinct value is checked once (a column holds few), so a large table checks quickly.
    """
    empty = text == ""
    for line in _lines(empty & f.required):
        problems.append(Problem(name, f"{f.name} is empty", line))
    bad: dict[str, str] = {}
    for value in text.unique():
        if value == "":
            continue
        if f.items:  # a list: name the first item that is not allowed
            wrong = [item for item in value.split(f.delimiter) if item not in f.items]
            if wrong:
                bad[value] = f"{f.name} {wrong[0]!r} is not one of {sorted(f.items)}"
        elif (problem := _problem(f, value)) is not None:
            bad[value] = f"{f.name} {value!r} {problem}"
    broken = text.isin(list(bad)) if bad else pd.Series(False, index=text.index)
    for line in _lines(broken):
        problems.append(Problem(name, bad[text.iloc[line - 2]], line))
    fine = text.where(~empty & ~broken)
    if f.type == "integer":
        return pd.to_numeric(fine, errors="coerce").astype("Int64")
    if f.type == "date":
        return pd.to_datetime(fine, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    return text


def _check_table(t: Table, text: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Every field's rules and the primary key; returns the typed table."""
    typed = text.copy()
    for f in t.fields:
        typed[f.name] = _typed(f, text[f.name], t.name, problems)
    if t.primary_key:
        keys = text[list(t.primary_key)]
        twice = keys.duplicated(keep=False)
        first: dict[tuple, int] = {}
        for line in _lines(twice):
            key = tuple(keys.iloc[line - 2])
            if key not in first:
                first[key] = line
                continue
            shown = repr(key[0]) if len(key) == 1 else repr(key)
            problems.append(Problem(t.name, f"{', '.join(t.primary_key)} {shown} appears twice (first on line "
                                            f"{first[key]})", line))
    return typed


def _check_foreign_keys(text: dict[str, pd.DataFrame | None], problems: list[Problem]) -> None:
    """Cells that must be found in another table; a row with an empty key cell refers to nothing."""
    for t in TABLES:
        df = text.get(t.name)
        for k in t.foreign_keys:
            other = text.get(k.resource)
            if df is None or other is None:
                continue
            cells = df[list(k.fields)]
            found = pd.MultiIndex.from_frame(cells).isin(pd.MultiIndex.from_frame(other[list(k.reference)]))
            for line in _lines(~found & ~(cells == "").any(axis=1)):
                key = dict(zip(k.fields, cells.iloc[line - 2], strict=True))
                problem = (k.message.format(**key) if k.message
                           else f"{k.fields[0]} {key[k.fields[0]]!r} is not in {k.resource}")
                problems.append(Problem(t.name, problem, line))


# ---- rules beyond Table Schema ----------------------------------------------------------------
def _check_rules(typed: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    forces = typed.get("forces.csv")
    if forces is not None and (len(forces) != N_FORCES or forces["force_code"].duplicated().any()):
        problems.append(Problem("forces.csv", f"must list the {N_FORCES} territorial forces once each (found "
                                              f"{forces['force_code'].nunique()} codes in {len(forces)} rows)"))
    crime = typed.get("recorded_crime.csv")
    if crime is not None:  # 8M has published net adjustments below zero; nothing else may.
        negative = (crime["count"] < 0).fillna(False).astype(bool) & (crime["offence_code"] != "8M")
        for line in _lines(negative):
            problems.append(Problem("recorded_crime.csv", f"count '{crime['count'].iloc[line - 2]}' is negative", line))
    for name, pairs in PERIODS.items():
        df = typed.get(name)
        if df is None:
            continue
        for start, end in pairs:
            for line in _lines((df[end] < df[start]).fillna(False).astype(bool)):
                problems.append(Problem(name, f"{end} is before {start}", line))
    sources = typed.get("sources.csv")
    for i, r in enumerate(sources.itertuples() if sources is not None else ()):
        if bool(r.copy_of) != (r.source_type in COPY_TYPES):
            problems.append(Problem("sources.csv", f"{r.source_id}: copy_of must be filled exactly when source_type "
                                                   f"is a copy ({', '.join(COPY_TYPES)})", i + 2))
        if not r.url and not r.url_note:
            problems.append(Problem("sources.csv", f"{r.source_id} has no url and no url_note saying why", i + 2))
    caveats = typed.get("caveats.csv")
    if caveats is not None:
        marked = caveats["marker_date"].notna()
        for line in _lines(marked != (caveats["chart_label"] != "")):
            problems.append(Problem("caveats.csv", "chart_label and marker_date go together (a chart marker "
                                                   "needs both)", line))
        for line in _lines(marked & (caveats["force_code"] != "")):
            problems.append(Problem("caveats.csv", "marker_date is only for caveats about all forces (markers are "
                                                   "drawn on every force's chart)", line))


def _load_geo(path: Path, codes: set[str] | None, key: str, problems: list[Problem]) -> dict:
    name = path.name
    if not path.exists():
        problems.append(Problem(name, "file is missing"))
        return {}
    try:
        geo = json.loads(path.read_text(encoding="utf-8"))
        features = geo["features"]
        found = [f["properties"][key] for f in features]
        kinds = [(f["properties"][key], f["geometry"]["type"]) for f in features]
    except (ValueError, KeyError, TypeError) as exc:
        problems.append(Problem(name, f"not a GeoJSON FeatureCollection with a {key!r} property ({exc})"))
        return {}
    for code, kind in kinds:
        if kind not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(name, f"{code} is a {kind}, not an area"))
    if codes is not None and set(found) != codes:
        problems.append(Problem(name, f"areas do not match forces.csv: {sorted(set(found) ^ codes)}"))
    if len(found) != len(set(found)):
        problems.append(Problem(name, "an area appears twice"))
    return geo


# ---- loading -----------------------------------------------------------------------------------
def _checked(data_dir: Path, names: Sequence[str], problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """Read, type and check the named tables (with keys between them); typed tables by file name."""
    text = {name: _read(data_dir / name, problems) for name in names}
    typed = {name: _check_table(TABLE[name], df, problems) for name, df in text.items() if df is not None}
    _check_foreign_keys(text, problems)
    _check_rules(typed, problems)
    return typed


def load_forces(data_dir: Path) -> pd.DataFrame:
    """forces.csv alone, checked (the uploads page resolves force names with it)."""
    problems: list[Problem] = []
    typed = _checked(data_dir, ["forces.csv"], problems)
    if problems:
        raise DataFileError.of(problems)
    return typed["forces.csv"]


def load_bundle(data_dir: Path | None = None, geo_dir: Path | None = None) -> Bundle:
    """Read and check every bundled file; raise DataFileError listing every problem found."""
    data_dir = data_dir or default_data_dir()
    geo_dir = geo_dir or default_geo_dir()
    problems: list[Problem] = []
    typed = _checked(data_dir, list(COLUMNS), problems)
    forces = typed.get("forces.csv")
    codes = set(forces["force_code"]) if forces is not None else None
    geo = _load_geo(geo_dir / "police_force_areas.geojson", codes, "force_code", problems)
    outline = _load_geo(geo_dir / "scotland_ni_outline.geojson", None, "country_code", problems)
    if problems:
        raise DataFileError.of(problems)
    crime = typed["recorded_crime.csv"]
    crime["quarter"] = crime["quarter"].astype(int)  # never empty: a plain integer column
    return Bundle(typed["forces.csv"], crime, typed["recorded_crime_ons_p1.csv"], typed["orders.csv"],
                  typed["orders_context.csv"], typed["sources.csv"], typed["caveats.csv"], geo, outline,
                  typed["disagreements.csv"], typed["local_authorities.csv"])


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
    orders = pd.concat([bundle.orders, extra.assign(source_id=USER_SOURCE_ID)[bundle.orders.columns]],
                       ignore_index=True)
    return replace(bundle, orders=orders, sources=pd.concat([bundle.sources, user_source], ignore_index=True))
