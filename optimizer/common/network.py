"""The street network as the planners see it: directed graphs per vehicle type, travel matrices, paths.

One-way streets are arcs in one direction only; a vehicle type never uses a street class it is not
allowed on (speed 0). Matrices follow the fastest path and report its length, so the distance a
plan pays for is the distance of the path drawn on the map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from scenarios.cache import per_scenario
from scenarios.model import Scenario, VehicleType
from scenarios.model.common import MINUTES_PER_DAY

WALKING_KMH = 4.0
CLASSES = ("arterial", "secondary", "branch", "back_alley")
INF = float("inf")


@dataclass(frozen=True)
class Arc:
    segment: str
    tail: int
    head: int
    length_m: float
    street_class: str


class StreetNetwork:
    """Node index and arcs of a scenario's street graph (built once per scenario)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.node_ids = [n.id for n in scenario.street_graph.nodes]
        self.index = {n: i for i, n in enumerate(self.node_ids)}
        arcs = []
        for g in scenario.street_graph.segments:
            a, b = self.index[g.from_node], self.index[g.to_node]
            arcs.append(Arc(g.id, a, b, g.length_m, g.street_class))
            if not g.one_way:
                arcs.append(Arc(g.id, b, a, g.length_m, g.street_class))
        self.arcs = arcs
        self._graphs: dict[str, tuple[csr_matrix, csr_matrix, dict[tuple[int, int], Arc]]] = {}

    @property
    def size(self) -> int:
        return len(self.node_ids)

    def _graph(self, speeds_kmh: tuple[float, float, float, float]) -> tuple[csr_matrix, csr_matrix, dict]:
        key = ",".join(map(str, speeds_kmh))
        if key not in self._graphs:
            by_class = dict(zip(CLASSES, speeds_kmh, strict=True))
            best: dict[tuple[int, int], tuple[float, Arc]] = {}
            for arc in self.arcs:
                speed = by_class[arc.street_class]
                if speed <= 0:
                    continue
                seconds = arc.length_m / (speed / 3.6)
                if (arc.tail, arc.head) not in best or seconds < best[(arc.tail, arc.head)][0]:
                    best[(arc.tail, arc.head)] = (seconds, arc)
            rows = [k[0] for k in best]
            cols = [k[1] for k in best]
            n = self.size
            time_graph = csr_matrix(([v[0] for v in best.values()], (rows, cols)), shape=(n, n))
            length_graph = csr_matrix(([v[1].length_m for v in best.values()], (rows, cols)), shape=(n, n))
            self._graphs[key] = (time_graph, length_graph, {k: v[1] for k, v in best.items()})
        return self._graphs[key]

    def travel(self, speeds_kmh: tuple[float, float, float, float], sources: list[int],
               targets: list[int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(metres, seconds, predecessors) of the fastest paths from sources (rows) to targets (columns).

        Unreachable pairs are inf. Predecessors are over all nodes (rows = sources) for path().
        """
        time_graph, length_graph, _ = self._graph(speeds_kmh)
        unique = sorted(set(sources))
        row_of = {s: i for i, s in enumerate(unique)}
        seconds, pred = dijkstra(time_graph, directed=True, indices=unique, return_predecessors=True)
        metres = _lengths_along(pred, unique, length_graph)
        rows = [row_of[s] for s in sources]
        cols = list(range(self.size)) if targets is None else targets
        return metres[np.ix_(rows, cols)], seconds[np.ix_(rows, cols)], pred[rows]

    def path(self, speeds_kmh: tuple[float, float, float, float], pred_row: np.ndarray, source: int, target: int) -> list[int]:
        """Node indices of the fastest path from source to target (given that source's predecessor row)."""
        out = [target]
        while out[-1] != source:
            p = int(pred_row[out[-1]])
            if p < 0:
                raise ValueError(f"node {self.node_ids[target]} cannot be reached from {self.node_ids[source]}")
            out.append(p)
        return out[::-1]

    def arc(self, speeds_kmh: tuple[float, float, float, float], tail: int, head: int) -> Arc | None:
        return self._graph(speeds_kmh)[2].get((tail, head))


def _lengths_along(pred: np.ndarray, sources: list[int], length_graph: csr_matrix) -> np.ndarray:
    """Length of each fastest path, summed along the predecessor trees (pointer doubling, vectorized)."""
    n = pred.shape[1]
    lengths = np.asarray(length_graph.todense())
    parent = pred.copy()
    root = parent < 0
    step = np.where(root, 0.0, lengths[np.where(root, 0, parent), np.arange(n)[None, :]])
    for r, s in enumerate(sources):
        step[r, s] = 0.0
    unreachable = root.copy()
    for r, s in enumerate(sources):
        unreachable[r, s] = False
    parent = np.where(root, np.arange(n)[None, :], parent)
    total = step.copy()
    rows = np.arange(pred.shape[0])[:, None]
    # Pointer doubling: after k rounds each node has summed 2^k steps towards its source.
    for _ in range(int(np.ceil(np.log2(max(n, 2)))) + 1):
        total = total + np.where(parent == np.arange(n)[None, :], 0.0, total[rows, parent])
        parent = parent[rows, parent]
        if (parent == parent[rows, parent]).all():
            break
    total[unreachable] = np.inf
    return total


def speeds_of(vehicle_type: VehicleType | None) -> tuple[float, float, float, float]:
    """Speeds by class for a vehicle type, or walking pace on every street for crews on foot."""
    if vehicle_type is None:
        return (WALKING_KMH,) * 4
    s = vehicle_type.speed_kmh
    return (s.arterial, s.secondary, s.branch, s.back_alley)


@per_scenario
def network_for(scenario: Scenario) -> StreetNetwork:
    """The network of a scenario, built once for each of the few scenarios in use."""
    return StreetNetwork(scenario)


def mean_rush_factor(scenario: Scenario, start_min: float, end_min: float) -> float:
    """The average travel-time factor of motor traffic over [start, end) (the solvers' static matrices are
    scaled by it; the routes are then laid out minute by minute)."""
    factors = rush_factors(scenario)
    minutes = range(int(start_min), max(int(start_min) + 1, int(end_min)))
    return sum(factors[m % MINUTES_PER_DAY] for m in minutes) / len(minutes)


def rush_factors(scenario: Scenario) -> tuple[float, ...]:
    """Travel-time multiplier of motor traffic for each minute of the day (1 / rush_speed_factor in rush hours)."""
    factors = [1.0] * MINUTES_PER_DAY
    slow = 1.0 / scenario.simulation.rush_speed_factor
    for w in scenario.simulation.rush_hours:
        for m in range(w.start, w.end):
            factors[m % MINUTES_PER_DAY] = slow
    return tuple(factors)


class Router:
    """Fastest paths for one speed profile (a vehicle type, or on foot); per-source trees are cached.

    Vehicles keep to one-way streets and to the street classes they may use; people on foot walk
    every street in both directions (one-way signs bind vehicles, not pedestrians).
    """

    def __init__(self, scenario: Scenario, vehicle_type: VehicleType | None) -> None:
        network = network_for(scenario)
        # Motor traffic slows down in rush hours; people on foot and on e-bikes do not.
        self.rush = vehicle_type is not None and vehicle_type.kind != "ebike"
        self.factors = rush_factors(scenario) if self.rush else None
        self.node_ids = network.node_ids
        self.index = network.index
        self.on_foot = vehicle_type is None
        speeds = dict(zip(CLASSES, speeds_of(vehicle_type), strict=True))
        best: dict[tuple[int, int], tuple[float, float, str]] = {}
        for g in scenario.street_graph.segments:
            speed = WALKING_KMH if self.on_foot else speeds[g.street_class]
            if speed <= 0:
                continue
            a, b = self.index[g.from_node], self.index[g.to_node]
            seconds = g.length_m / (speed / 3.6)
            for arc in ((a, b),) if g.one_way and not self.on_foot else ((a, b), (b, a)):
                if arc not in best or seconds < best[arc][0]:
                    best[arc] = (seconds, g.length_m, g.id)
        self.arcs = best
        n = len(self.node_ids)
        rows, cols = [k[0] for k in best], [k[1] for k in best]
        self._graph = csr_matrix(([v[0] + 1e-6 for v in best.values()], (rows, cols)), shape=(n, n))
        self._trees: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._legs: dict[tuple[int, int], tuple[list[int], float, float] | None] = {}

    def trees(self, sources: Sequence[int]) -> None:
        """Compute (and cache) the shortest-path trees of many sources at once."""
        todo = sorted({s for s in sources if s not in self._trees})
        if not todo:
            return
        seconds, pred = dijkstra(self._graph, directed=True, indices=todo, return_predecessors=True)
        for i, s in enumerate(todo):
            self._trees[s] = (seconds[i], pred[i])

    def minutes_matrix(self, sources: Sequence[int], targets: Sequence[int]) -> np.ndarray:
        """Travel minutes from each source to each target (inf when unreachable)."""
        self.trees(sources)
        return np.array([self._trees[s][0][list(targets)] for s in sources]) / 60.0

    def matrices(self, nodes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(metres, seconds) of the fastest paths between every pair of ``nodes`` (inf when unreachable)."""
        self.trees(nodes)
        metres = np.full((len(nodes), len(nodes)), np.inf)
        seconds = np.full((len(nodes), len(nodes)), np.inf)
        for i, source in enumerate(nodes):
            time_s, pred = self._trees[source]
            along = np.full(len(time_s), np.inf)
            along[source] = 0.0
            for node in np.argsort(time_s, kind="stable"):  # parents come before children
                parent = pred[node]
                if parent >= 0 and np.isfinite(time_s[node]):
                    along[node] = along[parent] + self.arcs[(int(parent), int(node))][1]
            metres[i] = along[list(nodes)]
            seconds[i] = time_s[list(nodes)]
        return metres, seconds

    def leg(self, a: int, b: int) -> tuple[list[int], float, float] | None:
        """(nodes, metres, minutes) of the fastest path from a to b, or None when b cannot be reached."""
        key = (a, b)
        if key not in self._legs:
            self.trees([a])
            seconds, pred = self._trees[a]
            if not np.isfinite(seconds[b]):
                self._legs[key] = None
            else:
                nodes = [b]
                while nodes[-1] != a:
                    nodes.append(int(pred[nodes[-1]]))
                nodes.reverse()
                metres = sum(self.arcs[(u, v)][1] for u, v in zip(nodes, nodes[1:], strict=False))
                minutes = sum(self.arcs[(u, v)][0] for u, v in zip(nodes, nodes[1:], strict=False)) / 60.0
                self._legs[key] = (nodes, metres, minutes)
        return self._legs[key]

    # --- time of day ---------------------------------------------------------------------------

    def factor_at(self, clock_min: float) -> float:
        """Travel-time multiplier for a leg leaving at ``clock_min`` (rush hours slow motor traffic)."""
        return 1.0 if self.factors is None else self.factors[int(clock_min) % MINUTES_PER_DAY]

    def travel_min(self, a: int, b: int, depart_min: float) -> float:
        """Minutes from a to b leaving at ``depart_min``: free-flow time × the departure minute's factor."""
        leg = self.leg(a, b)
        return INF if leg is None else leg[2] * self.factor_at(depart_min)

    # --- the tables the simulation reads (free-flow minutes and metres) -------------------------------

    def ensure(self, sources: Sequence[int]) -> None:
        """Compute the shortest-path trees of any sources not known yet (one Dijkstra call)."""
        self.trees([int(s) for s in sources])

    def row(self, source: int) -> np.ndarray:
        """Free-flow minutes from source to every node (inf = unreachable)."""
        self.trees([source])
        return self._trees[source][0] / 60.0

    def minutes(self, a: int, b: int) -> float:
        """Free-flow minutes of the fastest path a → b, as laid out by the planners (inf = unreachable)."""
        leg = self.leg(a, b)
        return INF if leg is None else leg[2]

    def metres(self, a: int, b: int) -> float:
        """Length of the fastest path a → b (inf = unreachable)."""
        leg = self.leg(a, b)
        return INF if leg is None else leg[1]

    def metres_of(self, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Lengths of the fastest paths of many (a, b) pairs."""
        self.trees([a for a, _ in pairs])
        return np.array([self.metres(a, b) for a, b in pairs])


_ROUTERS: dict[tuple[int, str | None], tuple[Scenario, Router]] = {}


def router_for(scenario: Scenario, vehicle_type: VehicleType | None) -> Router:
    """The router of a vehicle type (None: on foot), shared by every planner and the simulation."""
    key = (id(scenario), vehicle_type.id if vehicle_type is not None else None)
    hit = _ROUTERS.get(key)
    if hit is None or hit[0] is not scenario:
        if len(_ROUTERS) >= 32:
            _ROUTERS.pop(next(iter(_ROUTERS)))
        hit = _ROUTERS[key] = (scenario, Router(scenario, vehicle_type))
    return hit[1]
