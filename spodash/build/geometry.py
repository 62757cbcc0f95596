"""Simplified force boundaries for the web: shared borders simplified together, WGS84, 4 decimals."""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import mapping, shape

from spodash.build import BuildError

#: Metres in British National Grid. 800 m keeps City of London (2.9 km²) and the coast readable.
TOLERANCE_M = 800
OUTLINE_TOLERANCE_M = 2500
#: Backdrop only: islands under 20 km² are dropped from the Scotland / Northern Ireland outline.
OUTLINE_MIN_AREA_M2 = 20e6
DECIMALS = 4


def _round(coords, ndigits: int):
    if isinstance(coords, (float, int)):
        return round(float(coords), ndigits)
    return [_round(c, ndigits) for c in coords]


def _feature_collection(features: list[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"), ensure_ascii=False) + "\n"


def _rounded(geom, where: str) -> dict:
    """Round to DECIMALS, wind exteriors clockwise, and check the shape is still a valid polygon.

    d3-geo (inside plotly.js) reads a counter-clockwise ring as "everything but this area",
    which paints the whole map; so rings are wound the way the browser needs.
    """
    geom = shapely.orient_polygons(geom, exterior_cw=True)
    gj = mapping(geom)
    gj = {"type": gj["type"], "coordinates": _round(gj["coordinates"], DECIMALS)}
    rounded = shape(gj)
    if not rounded.is_valid or rounded.is_empty:
        # Rounding can pinch a thin spit; snapping back to a valid shape keeps neighbours aligned.
        rounded = shapely.make_valid(rounded)
        polys = [g for g in getattr(rounded, "geoms", [rounded]) if g.geom_type in ("Polygon", "MultiPolygon")]
        rounded = shapely.orient_polygons(shapely.union_all(polys), exterior_cw=True)
        gj = mapping(rounded)
        gj = {"type": gj["type"], "coordinates": _round(gj["coordinates"], DECIMALS)}
        if not shape(gj).is_valid:
            raise BuildError(f"{where}: geometry is invalid after rounding")
    return gj


def build_force_areas(raw: Path, names: dict[str, str]) -> str:
    path = raw / "boundaries" / "ons_pfa_dec2023_ew_bsc" / "PFA_DEC_2023_EW_BSC.shp"
    gdf = gpd.read_file(path)
    if gdf.crs is None or gdf.crs.to_epsg() != 27700:
        raise BuildError(f"{path.name}: expected British National Grid (EPSG:27700), found {gdf.crs}")
    codes = set(gdf["PFA23CD"])
    if codes != set(names):
        raise BuildError(f"{path.name}: force codes differ from the population file: {sorted(codes ^ set(names))}")
    simplified = shapely.coverage_simplify(gdf.geometry.values, TOLERANCE_M)
    gdf = gdf.set_geometry(gpd.GeoSeries(simplified, crs=gdf.crs)).to_crs(4326).sort_values("PFA23CD")
    features = [
        {
            "type": "Feature",
            "id": row.PFA23CD,
            "properties": {"force_code": row.PFA23CD, "force_name": names[row.PFA23CD]},
            "geometry": _rounded(row.geometry, f"{path.name} {row.PFA23CD}"),
        }
        for row in gdf.itertuples()
    ]
    return _feature_collection(features)


def build_outline(raw: Path) -> str:
    """Scotland and Northern Ireland as a grey backdrop: no data is drawn on them."""
    path = raw / "boundaries" / "scotland_ni_outlines_wgs84.geojson"
    gdf = gpd.read_file(path).to_crs(27700).sort_values("CTRY_CD")
    simplified = gdf.geometry.simplify(OUTLINE_TOLERANCE_M, preserve_topology=True).apply(
        lambda g: shapely.MultiPolygon([p for p in getattr(g, "geoms", [g]) if p.area >= OUTLINE_MIN_AREA_M2])
    )
    gdf = gdf.set_geometry(simplified).to_crs(4326)
    features = [
        {
            "type": "Feature",
            "id": row.CTRY_CD,
            "properties": {"country_code": row.CTRY_CD, "country_name": row.CTRY_NM},
            "geometry": _rounded(row.geometry, f"{path.name} {row.CTRY_CD}"),
        }
        for row in gdf.itertuples()
    ]
    return _feature_collection(features)
