"""Read a street network from GeoJSON LineStrings (properties: name, class or highway, oneway)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import DataError
from .streets import HIGHWAY_CLASS, StreetBuilder
from .text import read_user_text

CLASSES = {"arterial", "secondary", "branch", "back_alley"}


def _vertex_id(lon: float, lat: float) -> str:
    # Vertices shared by two lines (same coordinates to ~1 cm) become one node.
    return f"g{round(lon * 1e7)}_{round(lat * 1e7)}"


def read_geojson(path: Path) -> dict:
    """Streets of a GeoJSON FeatureCollection as a street_graph section."""
    try:
        data = json.loads(read_user_text(path, "GeoJSON"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(f"{path}: must be a GeoJSON FeatureCollection (got type {data.get('type') if isinstance(data, dict) else type(data).__name__!r})")
    builder = StreetBuilder()
    for i, feature in enumerate(data.get("features", [])):
        geometry = feature.get("geometry") or {}
        props = feature.get("properties") or {}
        lines = {"LineString": [geometry.get("coordinates")], "MultiLineString": geometry.get("coordinates")}.get(
            str(geometry.get("type")))
        if lines is None:
            continue
        raw_class = props.get("class") or props.get("street_class") or props.get("highway")
        street_class = raw_class if raw_class in CLASSES else HIGHWAY_CLASS.get(str(raw_class))
        if street_class is None:
            raise DataError(f"{path}: features[{i}].properties.class must be one of {sorted(CLASSES)} or an OSM "
                            f"highway value (got {raw_class!r})")
        for j, coords in enumerate(lines):
            ids = []
            for lon, lat, *_ in coords:
                vid = _vertex_id(float(lon), float(lat))
                builder.add_node(vid, float(lon), float(lat))
                ids.append(vid)
            name = str(props.get("name_zh") or props.get("name") or f"feature {i}")
            oneway = str(props.get("oneway", "no")).lower() in ("yes", "true", "1")
            builder.add_way(f"F{i + 1}" + (f"_{j + 1}" if len(lines) > 1 else ""), ids, street_class, name, oneway)
    if not builder.segments:
        raise DataError(f"{path}: no LineString features found")
    return builder.street_graph()
