"""The street network as the planners see it: directed graphs per vehicle type, travel matrices, paths.

One-way streets are arcs in one direction only; a vehicle type never uses a street class it is not
allowed on (speed 0). Matrices follow the fastest path and report its length, so the distance a
plan pays for is the distance of the path drawn on the map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from scenarios.cache import per_scenario
from scenarios.model import Scenario, VehicleType

WALKING_KMH = 4.0


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
            by_class = dict(zip(("arterial", "secondary", "branch", "back_alley"), speeds_kmh, strict=True))
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
