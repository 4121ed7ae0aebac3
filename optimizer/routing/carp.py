"""Arc routing (CARP) as node routing: every required street edge becomes a task to serve.

A two-way required edge becomes two optional clients (one per direction) in
a required mutually exclusive group, so the solver chooses the direction; a
one-way required edge becomes one required client. The distance from any
stop to a task is the shortest path (one-way edges respected) to the task's
tail plus the task's own cost, so a route's node-routing distance equals its
arc-routing cost (serving plus deadheading). The task's traversal duration is
its service duration. Solutions expand back into full paths of graph edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from optimizer.routing.problem import Client, ClientGroup, Depot, RoutingProblem, VehicleType
from optimizer.routing.solution import RoutingSolution


@dataclass(frozen=True)
class StreetEdge:
    """An edge of the street graph; ``duration`` defaults to ``cost``."""

    u: int
    v: int
    cost: int
    demand: int = 0
    required: bool = False
    one_way: bool = False
    duration: int | None = None

    @property
    def travel_duration(self) -> int:
        """Time to traverse the edge."""
        return self.cost if self.duration is None else self.duration


@dataclass(frozen=True)
class Task:
    """Serving ``edge`` from ``tail`` to ``head``."""

    edge: int
    tail: int
    head: int


@dataclass(frozen=True)
class Traversal:
    """One pass over a graph edge, serving it or deadheading."""

    tail: int
    head: int
    edge: int
    serving: bool


@dataclass(frozen=True)
class CarpModel:
    """The node-routing problem plus what is needed to map its plans back onto the street graph."""

    problem: RoutingProblem
    tasks: tuple[Task, ...]  # one per client, in client order
    depot_nodes: tuple[int, ...]
    edges: tuple[StreetEdge, ...]
    _sources: dict
    _predecessors: np.ndarray
    _arc_edge: dict


def _arcs(num_nodes: int, edges: Sequence[StreetEdge]) -> tuple[dict[tuple[int, int], int], csr_matrix]:
    """Cheapest edge for each directed arc, and the sparse cost graph."""
    arc_edge: dict[tuple[int, int], int] = {}
    for e, edge in enumerate(edges):
        if not (0 <= edge.u < num_nodes and 0 <= edge.v < num_nodes):
            raise ValueError(f"edge {e} ({edge.u}, {edge.v}) has a node outside 0..{num_nodes - 1}")
        if edge.cost < 0:
            raise ValueError(f"edge {e} ({edge.u}, {edge.v}) has negative cost {edge.cost}")
        for a, b in ((edge.u, edge.v),) if edge.one_way else ((edge.u, edge.v), (edge.v, edge.u)):
            if (a, b) not in arc_edge or edge.cost < edges[arc_edge[a, b]].cost:
                arc_edge[a, b] = e
    rows = [a for a, _ in arc_edge]
    cols = [b for _, b in arc_edge]
    # Zero-cost arcs would vanish from a sparse matrix, so shift every cost by a tiny epsilon.
    data = [edges[e].cost + 1e-9 for e in arc_edge.values()]
    return arc_edge, csr_matrix((data, (rows, cols)), shape=(num_nodes, num_nodes))


def _durations_along(pred: np.ndarray, dist: np.ndarray, source: int, arc_duration: dict) -> np.ndarray:
    """Travel time along the cheapest paths of one shortest-path tree."""
    out = np.zeros(len(dist), dtype=np.int64)
    for node in np.argsort(dist, kind="stable"):
        if node != source and np.isfinite(dist[node]):
            out[node] = out[pred[node]] + arc_duration[pred[node], node]
    return out


def carp_to_routing(num_nodes: int, edges: Sequence[StreetEdge], depot_nodes: Sequence[int],
                    vehicle_types: Sequence[VehicleType], *, depot_service_durations: Sequence[int] | None = None,
                    name: str = "") -> CarpModel:
    """Build the node-routing problem; depot ``i`` of the vehicle types sits at graph node ``depot_nodes[i]``."""
    edges = tuple(edges)
    arc_edge, graph = _arcs(num_nodes, edges)
    tasks = []
    group_of_task: list[int | None] = []
    groups: list[tuple[int, ...]] = []
    for e, edge in enumerate(edges):
        if not edge.required:
            continue
        if edge.one_way:
            tasks.append(Task(e, edge.u, edge.v))
            group_of_task.append(None)
        else:
            groups.append((len(tasks), len(tasks) + 1))
            tasks += [Task(e, edge.u, edge.v), Task(e, edge.v, edge.u)]
            group_of_task += [len(groups) - 1] * 2

    sources = sorted(set(depot_nodes) | {t.head for t in tasks})
    index_of = {node: i for i, node in enumerate(sources)}
    raw_dist, pred = dijkstra(graph, directed=True, indices=sources, return_predecessors=True)
    arc_duration = {arc: edges[e].travel_duration for arc, e in arc_edge.items()}
    durations = np.array([_durations_along(pred[i], raw_dist[i], s, arc_duration) for i, s in enumerate(sources)])
    dist = np.rint(raw_dist)

    # Locations: the depots, then one per task. "Where a stop leaves from" and "where it starts".
    leave = [*depot_nodes, *(t.head for t in tasks)]
    enter = [*depot_nodes, *(t.tail for t in tasks)]
    entry_cost = [0] * len(depot_nodes) + [edges[t.edge].cost for t in tasks]
    rows = [index_of[node] for node in leave]
    distance = dist[np.ix_(rows, enter)]
    if not np.isfinite(distance).all():
        i, j = np.argwhere(~np.isfinite(distance))[0]
        raise ValueError(f"graph node {enter[j]} cannot be reached from node {leave[i]} (one-way streets?)")
    distance = distance.astype(np.int64) + np.array(entry_cost, dtype=np.int64)[None, :]
    duration = durations[np.ix_(rows, enter)]
    np.fill_diagonal(distance, 0)
    np.fill_diagonal(duration, 0)

    service = depot_service_durations or [0] * len(depot_nodes)
    first = len(depot_nodes)
    clients = tuple(
        Client(location=first + k, demand=edges[t.edge].demand, service_duration=edges[t.edge].travel_duration,
               required=group_of_task[k] is None, group=group_of_task[k], name=f"edge {t.edge} {t.tail}->{t.head}")
        for k, t in enumerate(tasks))
    problem = RoutingProblem(
        distance=distance, duration=duration,
        depots=tuple(Depot(i, service[i], f"node {n}") for i, n in enumerate(depot_nodes)),
        clients=clients, vehicle_types=tuple(vehicle_types),
        groups=tuple(ClientGroup(g, True, f"edge {tasks[g[0]].edge}") for g in groups), name=name)
    return CarpModel(problem, tuple(tasks), tuple(depot_nodes), edges, index_of, pred, arc_edge)


def _deadhead(model: CarpModel, start: int, goal: int) -> list[Traversal]:
    """Cheapest path between two graph nodes as deadheading traversals."""
    pred = model._predecessors[model._sources[start]]
    nodes = [goal]
    while nodes[-1] != start:
        nodes.append(int(pred[nodes[-1]]))
    nodes.reverse()
    return [Traversal(a, b, model._arc_edge[a, b], False) for a, b in zip(nodes, nodes[1:], strict=False)]


def routes_to_paths(model: CarpModel, solution: RoutingSolution) -> list[list[Traversal]]:
    """Expand each route into the full edge sequence it drives: deadheading and serving."""
    problem = model.problem
    paths = []
    for route in solution.routes:
        vt = problem.vehicle_types[route.vehicle_type]
        here = model.depot_nodes[vt.start_depot]
        path: list[Traversal] = []
        for stop in route.stops:
            if stop.kind == "client":
                task = model.tasks[problem.client_index(stop.location)]
                path += _deadhead(model, here, task.tail)
                path.append(Traversal(task.tail, task.head, task.edge, True))
                here = task.head
            elif stop.kind == "reload":
                path += _deadhead(model, here, model.depot_nodes[stop.location])
                here = model.depot_nodes[stop.location]
        path += _deadhead(model, here, model.depot_nodes[vt.end_depot])
        paths.append(path)
    return paths


def path_cost(edges: Sequence[StreetEdge], paths: Sequence[Sequence[Traversal]]) -> int:
    """Arc-routing cost: the listed cost of every traversal, serving or deadheading."""
    return sum(edges[t.edge].cost for path in paths for t in path)


def path_violations(edges: Sequence[StreetEdge], paths: Sequence[Sequence[Traversal]],
                    depot_node: int) -> list[str]:
    """Check expanded paths directly on the graph: connected, legal directions, each required edge served once."""
    errors = []
    served = [0] * len(edges)
    for r, path in enumerate(paths):
        here = depot_node
        for k, t in enumerate(path):
            edge = edges[t.edge]
            if t.tail != here:
                errors.append(f"path {r}: traversal {k} starts at node {t.tail}, but the vehicle is at {here}")
            if {t.tail, t.head} != {edge.u, edge.v} or (edge.one_way and (t.tail, t.head) != (edge.u, edge.v)):
                errors.append(f"path {r}: traversal {k} drives {t.tail}->{t.head} on edge {t.edge}, not allowed")
            served[t.edge] += t.serving
            here = t.head
        if path and here != depot_node:
            errors.append(f"path {r}: ends at node {here}, not at the depot {depot_node}")
    for e, edge in enumerate(edges):
        if edge.required and served[e] != 1:
            errors.append(f"required edge {e} ({edge.u}, {edge.v}) served {served[e]} times, expected 1")
        elif not edge.required and served[e]:
            errors.append(f"edge {e} ({edge.u}, {edge.v}) is not required but served {served[e]} times")
    return errors
