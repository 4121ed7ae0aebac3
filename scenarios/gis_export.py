"""A scenario's streets and facilities as GeoJSON (WGS-84), to check them in QGIS or any GIS tool.

Streets are LineStrings along their real course (the segment's shape when it has one) with class,
cleaning grade, chief and zone; facilities and collection points are Points with their kind.
"""

from __future__ import annotations

from typing import Any

from .model import Scenario

FACILITY_KINDS = (("depots", "depot", "环卫停车场"), ("transfer_stations", "station", "中转站/处置场"),
                  ("service_stations", "service_station", "环卫驿站"), ("toilets", "toilet", "公厕"))


def _street_features(scenario: Scenario) -> list[dict[str, Any]]:
    nodes = {n.id: (n.lon, n.lat) for n in scenario.street_graph.nodes}
    out = []
    for g in scenario.street_graph.segments:
        middle = [[g.shape[k], g.shape[k + 1]] for k in range(0, len(g.shape), 2)]
        coords = [list(nodes[g.from_node]), *middle, list(nodes[g.to_node])]
        props = {"layer": "street", "id": g.id, "name_zh": g.name_zh, "name_en": g.name_en,
                 "street_class": g.street_class, "cleaning_grade": g.cleaning_grade, "one_way": g.one_way,
                 "length_m": g.length_m, "width_m": g.width_m, "chief": g.chief, "zone": g.zone}
        out.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords}, "properties": props})
    return out


def _point(lonlat: tuple[float, float], props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(lonlat)}, "properties": props}


def scenario_geojson(scenario: Scenario) -> dict[str, Any]:
    """One FeatureCollection: streets, facilities and collection points (``layer`` tells them apart)."""
    nodes = {n.id: (n.lon, n.lat) for n in scenario.street_graph.nodes}
    features = _street_features(scenario)
    f = scenario.facilities
    for table, layer, layer_zh in FACILITY_KINDS:
        for item in getattr(f, table):
            props = {"layer": layer, "layer_zh": layer_zh, "id": item.id, "name_zh": item.name_zh,
                     "name_en": item.name_en, "node": item.node}
            plain = item.model_dump(mode="json")
            props |= {extra: plain[extra] for extra in ("kind", "grade", "opening") if extra in plain}
            features.append(_point(nodes[item.node], props))
    for p in scenario.collection_points:
        features.append(_point(nodes[p.node], {"layer": "collection_point", "layer_zh": "垃圾收集点", "id": p.id,
                                               "name_zh": p.name_zh, "name_en": p.name_en, "node": p.node,
                                               "kind": p.kind, "mean_kg_per_day": p.mean_kg_per_day}))
    return {"type": "FeatureCollection", "name": scenario.district.name_en, "features": features}
