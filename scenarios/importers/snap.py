"""Coordinates of a list's rows → the nearest node of the scenario's street graph, with the distance."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..geo import haversine_m, to_metres
from ..model import Scenario
from .china_crs import Crs, to_wgs84


@dataclass(frozen=True)
class Snap:
    """Where one row's point went: the node and how far it is (metres, great-circle) from the WGS-84 point."""

    node: str
    distance_m: float
    lon: float  # WGS-84
    lat: float


def snap_points(scenario: Scenario, lonlat: list[tuple[float, float]], crs: Crs) -> list[Snap]:
    """Each (lon, lat) in the datum ``crs``, converted to WGS-84 and moved to its nearest street node."""
    from scipy.spatial import cKDTree

    if not lonlat:
        return []
    nodes = scenario.street_graph.nodes
    c_lon, c_lat = scenario.district.center_lon, scenario.district.center_lat
    node_xy = np.column_stack(to_metres(np.array([n.lon for n in nodes]), np.array([n.lat for n in nodes]),
                                        c_lon, c_lat))
    wgs = [to_wgs84(lon, lat, crs) for lon, lat in lonlat]
    xy = np.column_stack(to_metres(np.array([p[0] for p in wgs]), np.array([p[1] for p in wgs]), c_lon, c_lat))
    # The local projection finds the nearest node; the distance reported is the great-circle one.
    _, nearest = cKDTree(node_xy).query(xy)
    out = []
    for (lon, lat), j in zip(wgs, nearest, strict=True):
        n = nodes[int(j)]
        out.append(Snap(n.id, haversine_m(lon, lat, n.lon, n.lat), lon, lat))
    return out
