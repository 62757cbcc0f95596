"""Assemble every bundle file from the raw sources, in memory, so a rebuild can be compared."""
from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from pathlib import Path

from spodash.build import BuildError, catalogue
from spodash.build.areas import build_authorities
from spodash.build.common import Resolver, csv_text
from spodash.build.crime import build_ons_p1, build_recorded_crime
from spodash.build.disagreements import find_disagreements
from spodash.build.docs import render_readme
from spodash.build.forces import build_forces
from spodash.build.geometry import build_force_areas, build_outline
from spodash.build.orders import build_orders, build_orders_context
from spodash.data.datasets import DataFileError, load_bundle
from spodash.data.schema import CAVEAT_TOPICS, COLUMNS, COPY_TYPES, DATAPACKAGE, SOURCE_TYPES, datapackage

#: Sources behind the population and geometry files, which carry no source_id column.
BASE_SOURCES = ("ONS_MYE_2023", "ONS_PFA_BOUNDARIES_DEC2023", "ONS_UK_TOPOJSON_LAD2016")


def _sources(used: set[str]) -> list[dict]:
    by_id = {s["source_id"]: s for s in catalogue.load().sources}
    missing = sorted(used - set(by_id))
    if missing:
        raise BuildError(f"sources.toml: no [[source]] for {missing}")
    rows = [by_id[i] for i in sorted(used)]
    for row in rows:
        if row["source_type"] not in SOURCE_TYPES:
            raise BuildError(f"sources.toml: {row['source_id']} has source_type {row['source_type']!r}")
        if bool(row["copy_of"]) != (row["source_type"] in COPY_TYPES):
            raise BuildError(f"sources.toml: {row['source_id']} is graded {row['source_type']!r}: copy_of must name "
                             "what it copies exactly when the grade is a 'copy of …'")
        if bool(row["url_note"]) == bool(row["url"]):
            raise BuildError(f"sources.toml: {row['source_id']} needs a url or, without one, a url_note reason "
                             "(not both)")
    return rows


def _caveats(codes: set[str], source_ids: set[str]) -> list[dict]:
    rows = []
    for c in catalogue.load().caveats:
        if c["force_code"] and c["force_code"] not in codes:
            raise BuildError(f"caveats.toml: caveat {c['caveat_id']} names unknown force {c['force_code']}")
        bad = [t for t in c["topic"].split("|") if t not in CAVEAT_TOPICS]
        if bad:
            raise BuildError(f"caveats.toml: caveat {c['caveat_id']} has unknown topic {bad}")
        if c["applies_to_source"] and c["applies_to_source"] not in source_ids:
            raise BuildError(f"caveats.toml: caveat {c['caveat_id']} is bound to unknown source "
                             f"{c['applies_to_source']}")
        if c["marker_date"] and c["force_code"]:
            raise BuildError(f"caveats.toml: caveat {c['caveat_id']} has a chart marker but one force: markers are "
                             "drawn on every force's chart, so only a caveat for all forces has one")
        rows.append(dict(c))
    return sorted(rows, key=lambda r: r["caveat_id"])


def build_bundle(raw: Path) -> tuple[dict[str, str], list[str]]:
    """Return ({relative path: file text}, report lines)."""
    names, forces = build_forces(raw)
    resolve = Resolver(names)
    crime = build_recorded_crime(raw, resolve)
    p1 = build_ons_p1(raw, resolve)
    orders = build_orders(raw, resolve)
    context = build_orders_context(raw)
    for row in forces:
        row["aliases"] = "|".join(sorted(resolve.seen[row["force_code"]]))
    caveats = _caveats(set(names), {s['source_id'] for s in catalogue.load().sources})
    used = {r["source_id"] for rows in (crime, p1, orders, context, caveats) for r in rows} | set(BASE_SOURCES)
    used |= {s for c in caveats for s in [c["applies_to_source"]] if s}
    sources = _sources(used)
    disagreements = find_disagreements(orders, names, {s["source_id"]: s["publisher"] for s in sources})

    tables = {
        "forces.csv": forces,
        "local_authorities.csv": build_authorities(raw, names),
        "recorded_crime.csv": crime,
        "recorded_crime_ons_p1.csv": p1,
        "orders.csv": orders,
        "orders_context.csv": context,
        "sources.csv": sources,
        "caveats.csv": caveats,
        "disagreements.csv": disagreements,
    }
    files = {f"data/{name}": csv_text(rows, COLUMNS[name]) for name, rows in tables.items()}
    # The contract itself ships beside the tables, so `frictionless validate` works on a download.
    files[f"data/{DATAPACKAGE}"] = json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n"
    files["data/README.md"] = render_readme(tables)
    files["geo/police_force_areas.geojson"] = build_force_areas(raw, names)
    files["geo/scotland_ni_outline.geojson"] = build_outline(raw)
    # The browser fetches the shapes once from the app's static folder instead of with every chart.
    for name in ("police_force_areas.geojson", "scotland_ni_outline.geojson"):
        files[f"static/{name}"] = files[f"geo/{name}"]
    _check_contract(files)
    report = [f"{name}: {len(rows):,} rows" for name, rows in tables.items()]
    blank = sum(r["count"] is None for r in orders)
    report.append(f"orders.csv: {blank} figures not published (count left empty)")
    kinds = Counter(r["kind"] for r in disagreements)
    report.append("disagreements.csv: " + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none"))
    unused = sorted({s["source_id"] for s in catalogue.load().sources} - used)
    if unused:
        report.append(f"sources.toml: sources not used by any figure (left out of sources.csv): {unused}")
    return files, report


def _check_contract(files: dict[str, str]) -> None:
    """The app must accept what the build writes: the new bundle is loaded, with every check, from a scratch folder."""
    with tempfile.TemporaryDirectory() as scratch:
        write_bundle(files, Path(scratch))
        try:
            load_bundle(Path(scratch) / "data", Path(scratch) / "geo")
        except DataFileError as exc:
            raise BuildError(f"the built bundle breaks the data contract: {exc}") from None


def write_bundle(files: dict[str, str], root: Path) -> list[tuple[str, int]]:
    written = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written.append((rel, len(data)))
    return written


def compare(files: dict[str, str], root: Path) -> list[str]:
    """Paths whose committed bytes differ from a fresh build (empty when the bundle is current)."""
    out = []
    for rel, text in files.items():
        path = root / rel
        if not path.exists():
            out.append(f"{rel} is missing")
        elif path.read_bytes() != text.encode("utf-8"):
            out.append(f"{rel} differs from a fresh build")
    return out


#: Records when the bundle was last built with different contents ("Data built …" in "Cite this view").
BUILD_INFO = "data/build_info.json"


def with_build_info(files: dict[str, str], root: Path, today: str) -> dict[str, str]:
    """The files plus ``data/build_info.json``: the day the bundle's contents last changed, and their digest.

    A rebuild that reproduces the committed files keeps the committed date, so the byte-for-byte
    check holds on any later day; a rebuild that changes anything records ``today``.
    """
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode("utf-8") + b"\0" + files[rel].encode("utf-8") + b"\0")
    sha = digest.hexdigest()
    path = root / BUILD_INFO
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    built = current.get("built") if current.get("sha256") == sha else today
    return {**files, BUILD_INFO: json.dumps({"built": built, "sha256": sha}, indent=1) + "\n"}
