"""Put imported tables into a base scenario; the result is validated as a whole before anything is written."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..files.load import _Locator, scenario_from_data
from ..geo import to_metres
from ..model import Scenario


def _nearest(from_xy: np.ndarray, to_xy: np.ndarray) -> np.ndarray:
    from scipy.spatial import cKDTree

    return cKDTree(to_xy).query(from_xy)[1]


def with_street_graph(base: Scenario, graph: dict[str, Any], source: str) -> Scenario:
    """Replace the streets; facilities and points move to the nearest new node; segments inherit chief and zone."""
    data = base.model_dump(mode="json")
    c_lon, c_lat = base.district.center_lon, base.district.center_lat
    old_nodes = {n.id: n for n in base.street_graph.nodes}
    new_ids = [n["id"] for n in graph["nodes"]]
    new_xy = np.column_stack(to_metres(np.array([n["lon"] for n in graph["nodes"]]),
                                       np.array([n["lat"] for n in graph["nodes"]]), c_lon, c_lat))
    old_ids = list(old_nodes)
    old_xy = np.column_stack(to_metres(np.array([old_nodes[i].lon for i in old_ids]),
                                       np.array([old_nodes[i].lat for i in old_ids]), c_lon, c_lat))
    snap = dict(zip(old_ids, (new_ids[j] for j in _nearest(old_xy, new_xy)), strict=True))
    for table in ("depots", "transfer_stations", "service_stations", "toilets"):
        for item in data["facilities"][table]:
            item["node"] = snap[item["node"]]
    for item in data["collection_points"]:
        item["node"] = snap[item["node"]]
    for item in data["incidents"]["vendor_zones"]:
        item["node"] = snap[item["node"]]
    # Each new segment takes the chief and zone of the nearest old segment.
    index = {n: i for i, n in enumerate(new_ids)}
    old_index = {n: i for i, n in enumerate(old_ids)}
    old_segs = base.street_graph.segments
    old_mid = np.array([(old_xy[old_index[g.from_node]] + old_xy[old_index[g.to_node]]) / 2 for g in old_segs])
    new_mid = np.array([(new_xy[index[g["from_node"]]] + new_xy[index[g["to_node"]]]) / 2 for g in graph["segments"]])
    for g, j in zip(graph["segments"], _nearest(new_mid, old_mid), strict=True):
        g["chief"], g["zone"] = old_segs[j].chief, old_segs[j].zone
    data["street_graph"] = graph
    data["district"]["description"] = f"Streets imported from {source}; rest from {base.district.name_en}."
    return scenario_from_data(data, _Locator(source, {}))
