"""Travel times and distances: fastest paths over the street graph per vehicle speed profile.

Shortest paths are computed once per (scenario, speed profile) with scipy's Dijkstra, only from
the nodes that matter (stops, depots, stations), and cached; rows are added in batches when a
new source is needed. Crews on foot and officers use the straight line times a detour factor.
Rush hours and rain multiply travel times at run time (see ``clock_factors``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from optimizer.common.network import rush_factors
from scenarios.cache import per_scenario
from scenarios.geo import to_metres
from scenarios.model import Scenario, VehicleType

Speeds = tuple[float, float, float, float]
CLASSES = ("arterial", "secondary", "branch", "back_alley")


def speeds_of(vehicle_type: VehicleType) -> Speeds:
    s = vehicle_type.speed_kmh
    return (s.arterial, s.secondary, s.branch, s.back_alley)


class RoadTable:
    """Fastest-path minutes (and metres along those paths) for one speed profile."""

    def __init__(self, network: Network, speeds: Speeds) -> None:
        self.network = network
        self.speeds = speeds
        by_class = dict(zip(CLASSES, speeds, strict=True))
        best: dict[tuple[int, int], tuple[float, float]] = {}
        for tail, head, length_m, street_class in network.arcs:
            kmh = by_class[street_class]
            if kmh <= 0:
                continue
            minutes = length_m / 1000 / kmh * 60
            if (tail, head) not in best or minutes < best[(tail, head)][0]:
                best[(tail, head)] = (minutes, length_m)
        n = network.size
        rows = [k[0] for k in best]
        cols = [k[1] for k in best]
        self.time_graph = csr_matrix(([v[0] for v in best.values()], (rows, cols)), shape=(n, n))
        self.length_graph = csr_matrix(([v[1] for v in best.values()], (rows, cols)), shape=(n, n))
        self._arc_m = {k: v[1] for k, v in best.items()}
        self.row_of: dict[int, int] = {}
        self._minutes = np.zeros((0, n))
        self._pred = np.zeros((0, n), dtype=np.int32)
        self._metres: dict[tuple[int, int], float] = {}

    def ensure(self, sources: Iterable[int]) -> None:
        """Compute the rows of any sources not yet known (one Dijkstra call for all of them)."""
        missing = sorted({int(s) for s in sources} - self.row_of.keys())
        if not missing:
            return
        minutes, pred = dijkstra(self.time_graph, directed=True, indices=missing, return_predecessors=True)
        start = self._minutes.shape[0]
        self._minutes = np.vstack([self._minutes, minutes])
        self._pred = np.vstack([self._pred, pred.astype(np.int32)])
        for k, s in enumerate(missing):
            self.row_of[s] = start + k

    def row(self, source: int) -> np.ndarray:
        """Minutes from source to every node (inf = unreachable)."""
        if source not in self.row_of:
            self.ensure([source])
        return self._minutes[self.row_of[source]]

    def minutes(self, a: int, b: int) -> float:
        return float(self.row(a)[b])

    def metres(self, a: int, b: int) -> float:
        """Length of the fastest path a → b (walks the predecessor tree; cached)."""
        known = self._metres.get((a, b))
        if known is not None:
            return known
        row = self.row_of.get(a)
        if row is None:
            self.ensure([a])
            row = self.row_of[a]
        if not np.isfinite(self._minutes[row, b]):
            total = np.inf
        else:
            pred = self._pred[row]
            total, node = 0.0, b
            while node != a:
                parent = int(pred[node])
                total += self._arc_m[(parent, node)]
                node = parent
        self._metres[(a, b)] = total
        return total

    def metres_of(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        """Length of the fastest path of each (a, b) pair, walking predecessor trees for all pairs at once."""
        todo = [p for p in set(pairs) if p not in self._metres]
        if todo:
            self.ensure(a for a, _ in todo)
            rows = np.array([self.row_of[a] for a, _ in todo])
            sources = np.array([a for a, _ in todo])
            node = np.array([b for _, b in todo])
            total = np.zeros(len(todo))
            reachable = np.isfinite(self._minutes[rows, node])
            active = reachable & (node != sources)
            while active.any():
                idx = np.flatnonzero(active)
                parent = self._pred[rows[idx], node[idx]]
                total[idx] += np.asarray(self.length_graph[parent, node[idx]]).ravel()
                node[idx] = parent
                active[idx] = parent != sources[idx]
            total[~reachable] = np.inf
            self._metres.update(zip(todo, total.tolist(), strict=True))
        return np.array([self._metres[p] for p in pairs])


class Network:
    """Node coordinates and arcs of a scenario's street graph, with road tables per speed profile."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        d = scenario.district
        self.node_ids = [n.id for n in scenario.street_graph.nodes]
        self.index = {nid: i for i, nid in enumerate(self.node_ids)}
        xy = [to_metres(n.lon, n.lat, d.center_lon, d.center_lat) for n in scenario.street_graph.nodes]
        self.xy_m = np.array(xy, dtype=float)
        self._xy = [(float(x), float(y)) for x, y in xy]  # plain floats: straight_m runs per dispatch candidate
        self.arcs: list[tuple[int, int, float, str]] = []
        for g in scenario.street_graph.segments:
            a, b = self.index[g.from_node], self.index[g.to_node]
            self.arcs.append((a, b, g.length_m, g.street_class))
            if not g.one_way:
                self.arcs.append((b, a, g.length_m, g.street_class))
        self._tables: dict[Speeds, RoadTable] = {}

    @property
    def size(self) -> int:
        return len(self.node_ids)

    def table(self, speeds: Speeds) -> RoadTable:
        if speeds not in self._tables:
            self._tables[speeds] = RoadTable(self, speeds)
        return self._tables[speeds]

    def straight_m(self, a: int, b: int) -> float:
        (xa, ya), (xb, yb) = self._xy[a], self._xy[b]
        return math.hypot(xa - xb, ya - yb)

    def foot_minutes(self, a: int, b: int, kmh: float, detour: float) -> float:
        """Minutes on foot (or e-bike) along the straight line times a detour factor."""
        return self.straight_m(a, b) * detour / 1000 / kmh * 60


@per_scenario
def network_of(scenario: Scenario) -> Network:
    """The network of a scenario, built once for each of the few scenarios in use."""
    return Network(scenario)


def clock_factors(scenario: Scenario, rain: bool, rain_speed_factor: float) -> list[float]:
    """Travel-time multiplier of motor traffic for each minute of the day (rush hours as the planners
    see them, ``optimizer.common.network.rush_factors``; rain slows traffic down further)."""
    factors = list(rush_factors(scenario))
    if rain:
        factors = [f / rain_speed_factor for f in factors]
    return factors
