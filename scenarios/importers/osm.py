"""Read a street network from an OpenStreetMap XML file (.osm)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import DataError
from .streets import HIGHWAY_CLASS, StreetBuilder
from .text import read_user_bytes


def read_osm(path: Path) -> dict:
    """Streets of an .osm file as a street_graph section: {nodes, segments}."""
    data = read_user_bytes(path)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        raise DataError(f"{path}:{line}: not valid OSM XML ({exc.msg if hasattr(exc, 'msg') else exc}, column {col})") from None
    if root.tag != "osm":
        raise DataError(f"{path}:1: root element must be <osm> (got <{root.tag}>)")
    builder = StreetBuilder()
    for node in root.iter("node"):
        node_id = node.get("id")
        try:
            lon, lat = float(node.get("lon", "")), float(node.get("lat", ""))
            if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError
            builder.add_node(f"osm{node_id}", lon, lat)
        except ValueError:
            raise DataError(f"{path}: node {node_id} lon/lat must be numbers (got lon={node.get('lon')!r}, "
                            f"lat={node.get('lat')!r}; expected finite degrees, lon -180..180, lat -90..90)") from None
    ways = 0
    for way in root.iter("way"):
        tags = {t.get("k"): t.get("v") for t in way.iter("tag")}
        street_class = HIGHWAY_CLASS.get(tags.get("highway") or "")
        if street_class is None:
            continue
        refs = [f"osm{nd.get('ref')}" for nd in way.iter("nd")]
        missing = [r for r in refs if r not in builder.nodes]
        if missing:
            raise DataError(f"{path}: way {way.get('id')} refers to node {missing[0][3:]} which the file does not contain")
        oneway = tags.get("oneway", "no")
        name = tags.get("name:zh") or tags.get("name") or tags.get("name:en") or f"way {way.get('id')}"
        builder.add_way(f"W{way.get('id')}", refs, street_class, name, one_way=oneway in ("yes", "1", "-1", "true"),
                        reverse=oneway == "-1")
        ways += 1
    if not builder.segments:
        raise DataError(f"{path}: no streets found (expected <way> elements with a highway tag such as "
                        f"{', '.join(sorted(HIGHWAY_CLASS)[:5])} …)")
    return builder.street_graph()
