"""What the map draws, as arrays in metres: nodes, segments and facilities (Qt-free).

Built once per scenario: lon/lat projected with scenarios.geo.to_metres about the district centre.
Picking (which street or facility is under the cursor) is vectorised numpy over these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.geo import to_metres

FACILITY_LAYERS = ("points", "toilets", "stations", "depots", "transfer", "vendor_zones")


@dataclass
class FacilityLayer:
    ids: list[str]
    xy: np.ndarray  # (n, 2) metres
    labels: list[str] = field(default_factory=list)  # written beside each symbol on the map ([] = none)


def clock_text(minutes: float) -> str:
    """'18:00' (a time past midnight reads as the next day's clock: 29:00 is 05:00)."""
    whole = int(round(minutes))
    return f"{whole // 60 % 24:02d}:{whole % 60:02d}"


def hours_text(window: Any) -> str:
    """A daily window as '18:00–23:00'."""
    return f"{clock_text(window.start)}–{clock_text(window.end)}"


@dataclass
class MapGeometry:
    node_index: dict[str, int]
    xy: np.ndarray  # (nodes, 2): x east, y north, metres
    segment_ids: list[str]
    segment_from: np.ndarray  # node indices
    segment_to: np.ndarray
    segment_class: list[str]
    segment_grade: np.ndarray
    segment_chief: list[str | None]
    # A street's course between its nodes (metres), for segments imported with their real shape.
    segment_shapes: dict[int, np.ndarray] = field(default_factory=dict)
    facilities: dict[str, FacilityLayer] = field(default_factory=dict)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) in metres."""
        lo, hi = self.xy.min(axis=0), self.xy.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def node_xy(self, node_ids: list[str]) -> np.ndarray:
        """Coordinates of known nodes in order (unknown ids are skipped)."""
        rows = [self.node_index[n] for n in node_ids if n in self.node_index]
        return self.xy[rows] if rows else np.zeros((0, 2))

    def nearest_segment(self, x: float, y: float) -> tuple[int, float]:
        """Index of the segment closest to (x, y) and its distance in metres."""
        a, b = self.xy[self.segment_from], self.xy[self.segment_to]
        ab = b - a
        p = np.array([x, y])
        length2 = np.maximum((ab * ab).sum(axis=1), 1e-9)
        t = np.clip(((p - a) * ab).sum(axis=1) / length2, 0.0, 1.0)
        closest = a + ab * t[:, None]
        dist = np.hypot(*(closest - p).T)
        best = int(np.argmin(dist))
        return best, float(dist[best])

    def nearest_facility(self, x: float, y: float, layers: list[str]) -> tuple[str, int, float] | None:
        """(layer, index, distance m) of the closest facility in the given layers, or None."""
        best: tuple[str, int, float] | None = None
        for name in layers:
            layer = self.facilities.get(name)
            if layer is None or not len(layer.ids):
                continue
            dist = np.hypot(layer.xy[:, 0] - x, layer.xy[:, 1] - y)
            i = int(np.argmin(dist))
            if best is None or dist[i] <= best[2]:  # a tie goes to the layer drawn on top (later)
                best = (name, i, float(dist[i]))
        return best


def build_geometry(scenario) -> MapGeometry:
    """Project the scenario's street graph and facilities to metres."""
    district = scenario.district
    nodes = scenario.street_graph.nodes
    lon = np.array([n.lon for n in nodes])
    lat = np.array([n.lat for n in nodes])
    x, y = to_metres(lon, lat, district.center_lon, district.center_lat)
    xy = np.column_stack([x, y])
    node_index = {n.id: i for i, n in enumerate(nodes)}
    segments = scenario.street_graph.segments
    geometry = MapGeometry(
        node_index=node_index,
        xy=xy,
        segment_ids=[s.id for s in segments],
        segment_from=np.array([node_index[s.from_node] for s in segments], dtype=int),
        segment_to=np.array([node_index[s.to_node] for s in segments], dtype=int),
        segment_class=[s.street_class for s in segments],
        segment_grade=np.array([s.cleaning_grade for s in segments], dtype=int),
        segment_chief=[s.chief for s in segments],
    )
    for i, s in enumerate(segments):
        if s.shape:
            sx, sy = to_metres(np.array(s.shape[0::2]), np.array(s.shape[1::2]), district.center_lon, district.center_lat)
            geometry.segment_shapes[i] = np.column_stack([sx, sy])
    f = scenario.facilities
    for name, items in (
        ("points", scenario.collection_points),
        ("toilets", f.toilets),
        ("stations", f.service_stations),
        ("depots", f.depots),
        ("transfer", f.transfer_stations),
        ("vendor_zones", scenario.incidents.vendor_zones),
    ):
        ids = [item.id for item in items]
        coords = xy[[node_index[item.node] for item in items]] if items else np.zeros((0, 2))
        geometry.facilities[name] = FacilityLayer(ids, coords)
    # A vendor zone (定时定点定区域) is known by its id and its hours: 'VZ05 18:00–23:00'.
    geometry.facilities["vendor_zones"].labels = [f"{zone.id} {hours_text(zone.window)}"
                                                  for zone in scenario.incidents.vendor_zones]
    return geometry
