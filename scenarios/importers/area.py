"""Keep only the streets inside a district's boundary (a GeoJSON polygon), as `import osm --area` asks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DataError
from .text import read_user_text


def read_polygon(path: Path) -> list[np.ndarray]:
    """Outer rings (lon, lat arrays) of the Polygon or MultiPolygon in a GeoJSON file (the first one found)."""
    text = read_user_text(path, "GeoJSON")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    geometry = _first_polygon(data)
    if geometry is None:
        raise DataError(f"{path}: no Polygon or MultiPolygon found (expected the district's boundary as a GeoJSON "
                        f"Polygon, Feature or FeatureCollection)")
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    rings = []
    for polygon in polygons:
        try:
            ring = np.array(polygon[0], dtype=float)[:, :2]
        except (ValueError, IndexError, TypeError):
            raise DataError(f"{path}: polygon ring must be a list of [lon, lat] positions (got {str(polygon)[:60]!r})") from None
        if len(ring) < 4 or not np.isfinite(ring).all():
            raise DataError(f"{path}: polygon ring needs at least 4 finite [lon, lat] positions (got {len(ring)})")
        rings.append(ring)
    return rings


def _first_polygon(data: Any) -> dict | None:
    if not isinstance(data, dict):
        return None
    kind = data.get("type")
    if kind in ("Polygon", "MultiPolygon"):
        return data
    if kind == "Feature":
        return _first_polygon(data.get("geometry"))
    if kind == "FeatureCollection":
        for feature in data.get("features") or []:
            found = _first_polygon(feature)
            if found is not None:
                return found
    return None


def clip_to_area(osm: Any, path: Path) -> Any:
    """The district with only the segments whose both ends lie inside the polygon, largest
    strongly connected part again; facilities and buildings outside are dropped too."""
    from matplotlib.path import Path as Polygon

    from .osm import largest_strong_part

    rings = [Polygon(r) for r in read_polygon(path)]

    def inside(lonlat: np.ndarray) -> np.ndarray:
        lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
        hit = np.zeros(len(lonlat), dtype=bool)
        for ring in rings:
            hit |= ring.contains_points(lonlat)
        return hit

    graph = osm.street_graph
    ids = [n["id"] for n in graph["nodes"]]
    keep_node = dict(zip(ids, inside(np.array([[n["lon"], n["lat"]] for n in graph["nodes"]])), strict=True))
    segments = [g for g in graph["segments"] if keep_node[g["from_node"]] and keep_node[g["to_node"]]]
    if not segments:
        raise DataError(f"{path}: no street of the OSM file lies inside this polygon (check that it is lon/lat, WGS-84)")
    kept, dropped, dropped_km = largest_strong_part(segments)
    used = {g["from_node"] for g in kept} | {g["to_node"] for g in kept}
    nodes = [n for n in graph["nodes"] if n["id"] in used]
    features = [f for f, ok in zip(osm.features, inside(np.array([[f.lon, f.lat] for f in osm.features])), strict=True) if ok]
    buildings = np.asarray(osm.buildings, dtype=float).reshape(-1, 2)
    outside = len(graph["segments"]) - len(segments)
    return dataclasses.replace(osm, street_graph={"nodes": nodes, "segments": kept}, features=features,
                               buildings=buildings[inside(buildings)] if len(buildings) else buildings,
                               dropped_segments=osm.dropped_segments + dropped + outside,
                               dropped_km=osm.dropped_km + dropped_km)
