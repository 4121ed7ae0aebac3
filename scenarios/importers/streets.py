"""Turn imported street geometry into scenario nodes and segments (shared by the OSM and GeoJSON readers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geo import haversine_m

# OSM highway tags → our street classes (unknown tags are not streets we serve).
HIGHWAY_CLASS = {
    "motorway": "arterial", "trunk": "arterial", "primary": "arterial",
    "secondary": "secondary", "tertiary": "secondary",
    "residential": "branch", "unclassified": "branch", "living_street": "branch", "road": "branch",
    "service": "back_alley", "alley": "back_alley", "pedestrian": "back_alley", "footway": "back_alley",
}
DEFAULT_GRADE = {"arterial": 1, "secondary": 2, "branch": 3, "back_alley": 4}
DEFAULT_WIDTH_M = {"arterial": 30.0, "secondary": 18.0, "branch": 8.0, "back_alley": 4.0}


@dataclass
class StreetBuilder:
    """Collects polylines and splits them into segments at shared vertices."""

    nodes: dict[str, tuple[float, float]] = field(default_factory=dict)
    segments: list[dict] = field(default_factory=list)

    def add_node(self, node_id: str, lon: float, lat: float) -> None:
        self.nodes.setdefault(node_id, (lon, lat))

    def add_way(self, way_id: str, node_ids: list[str], street_class: str, name: str, one_way: bool,
                reverse: bool = False) -> None:
        """One segment per consecutive pair of vertices (vertex ids must be in self.nodes)."""
        ids = list(reversed(node_ids)) if reverse else node_ids
        for k, (a, b) in enumerate(zip(ids, ids[1:], strict=False)):
            if a == b:
                continue
            (lon1, lat1), (lon2, lat2) = self.nodes[a], self.nodes[b]
            length = max(0.1, round(haversine_m(lon1, lat1, lon2, lat2), 1))
            self.segments.append({
                "id": f"{way_id}-{k + 1}", "name_zh": name, "name_en": name, "from_node": a, "to_node": b,
                "length_m": length, "width_m": DEFAULT_WIDTH_M[street_class], "street_class": street_class,
                "one_way": one_way, "sides": 2 if street_class != "back_alley" else 1,
                "cleaning_grade": DEFAULT_GRADE[street_class],
            })

    def street_graph(self) -> dict:
        """Only vertices used by a segment become nodes."""
        used = {s["from_node"] for s in self.segments} | {s["to_node"] for s in self.segments}
        nodes = [{"id": n, "lon": lon, "lat": lat} for n, (lon, lat) in self.nodes.items() if n in used]
        return {"nodes": nodes, "segments": self.segments}
