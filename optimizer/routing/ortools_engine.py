"""OR-Tools routing engine: solves every problem type of the model (the only module importing pywrapcp).

Modelling: one node per depot used as a start or end, one per client, optional
copies of each reload depot (capacity dimension with slack resets the load
there, as in OR-Tools' reload example), and per vehicle one optional node per
break location (exactly one of them is visited when the vehicle is used).
Optional clients and groups are disjunctions; required clients carry a very
large drop penalty so an infeasible problem still yields a plan the validator
can explain. The seed is unused: OR-Tools' search has no random seed, and a
wall-clock limit makes the amount of search (hence the result) vary slightly.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from optimizer.routing.problem import UNBOUNDED, RoutingProblem
from optimizer.routing.solution import Route, RoutingSolution, Stop, StopKind

ENGINE = "ortools"
_SNAPSHOT_EVERY_S = 0.2
_PROGRESS_EVERY_S = 0.25


@dataclass
class _Nodes:
    """OR-Tools node layout: the location and stop kind of each node, plus the vehicles' types."""

    location: list[int] = field(default_factory=list)
    kind: list[StopKind | None] = field(default_factory=list)  # None for start/end depot nodes
    vehicle_type: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    reload_nodes: dict[int, list[int]] = field(default_factory=dict)
    break_nodes: dict[int, list[int]] = field(default_factory=dict)

    def add(self, location: int, kind: StopKind | None) -> int:
        self.location.append(location)
        self.kind.append(kind)
        return len(self.location) - 1


def _layout(problem: RoutingProblem) -> _Nodes:
    """Decide the node of every depot, client, reload copy and break place."""
    nodes = _Nodes()
    for t, vt in enumerate(problem.vehicle_types):
        nodes.vehicle_type += [t] * vt.count
    used_depots = sorted({d for t in nodes.vehicle_type
                          for d in (problem.vehicle_types[t].start_depot, problem.vehicle_types[t].end_depot)})
    depot_node = {d: nodes.add(d, None) for d in used_depots}
    for client in problem.clients:
        nodes.add(client.location, "client")
    total_demand = sum(c.demand for c in problem.clients)
    for depot in range(len(problem.depots)):
        users = [problem.vehicle_types[t] for t in nodes.vehicle_type if depot in problem.vehicle_types[t].reload_depots]
        if not users or total_demand == 0:
            continue
        min_capacity = max(1, min(vt.capacity for vt in users))
        copies = min(sum(vt.max_reloads for vt in users), math.ceil(total_demand / min_capacity) + len(users), 500)
        nodes.reload_nodes[depot] = [nodes.add(depot, "reload") for _ in range(copies)]
    for v, t in enumerate(nodes.vehicle_type):
        rule = problem.vehicle_types[t].break_rule
        if rule is not None:
            nodes.break_nodes[v] = [nodes.add(loc, "break") for loc in rule.locations]
        nodes.starts.append(depot_node[problem.vehicle_types[t].start_depot])
        nodes.ends.append(depot_node[problem.vehicle_types[t].end_depot])
    return nodes


def _service(problem: RoutingProblem, nodes: _Nodes, node: int, vehicle_type_of_break: int | None) -> int:
    """Time spent at a node before travelling on."""
    kind, loc = nodes.kind[node], nodes.location[node]
    if kind == "client":
        return problem.clients[problem.client_index(loc)].service_duration
    if kind == "break":
        # Break nodes exist only for vehicles whose type has a break rule (see _layout).
        assert vehicle_type_of_break is not None
        rule = problem.vehicle_types[vehicle_type_of_break].break_rule
        assert rule is not None
        return rule.duration
    return problem.depots[loc].service_duration  # start depot or reload


def _needs_time(problem: RoutingProblem) -> bool:
    """False when nothing depends on time, so the time dimension can be left out."""
    clients_timed = any(c.tw_early > 0 or c.tw_late < UNBOUNDED for c in problem.clients)
    vehicles_timed = any(vt.shift_early > 0 or vt.shift_late < UNBOUNDED or vt.max_duration < UNBOUNDED
                         or vt.unit_duration_cost or vt.break_rule is not None for vt in problem.vehicle_types)
    return clients_timed or vehicles_timed


def _allow_only(routing: pywrapcp.RoutingModel, vehicles: list[int], index: int) -> None:
    """Restrict a node to some vehicles (-1 keeps it droppable).

    SetAllowedVehiclesForIndex does not accept Python lists in the 9.15 wheel.
    """
    routing.VehicleVar(index).SetValues([-1, *vehicles])


class _Model:
    """Builds the OR-Tools routing model for one problem."""

    def __init__(self, problem: RoutingProblem):
        self.problem = problem
        self.nodes = nodes = _layout(problem)
        self.manager = pywrapcp.RoutingIndexManager(len(nodes.location), len(nodes.vehicle_type), nodes.starts, nodes.ends)
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.big_penalty = self._big_penalty()
        self._add_costs()
        self._add_load()
        if _needs_time(problem):
            self._add_time()
        self._add_disjunctions()

    def _big_penalty(self) -> int:
        p = self.problem
        worst_route = (int(p.distance.max()) * max(vt.unit_distance_cost for vt in p.vehicle_types)
                       + min(int(p.duration.max()), UNBOUNDED) * max(vt.unit_duration_cost for vt in p.vehicle_types)
                       + max(vt.fixed_cost for vt in p.vehicle_types))
        return min(2**50, 100 * (worst_route + 1) * (len(p.clients) + 2))

    def _add_costs(self) -> None:
        p, nodes, routing = self.problem, self.nodes, self.routing
        locs = nodes.location
        per_unit_cost: dict[int, int] = {}
        for v, t in enumerate(nodes.vehicle_type):
            vt = p.vehicle_types[t]
            unit = vt.unit_distance_cost
            if unit not in per_unit_cost:
                matrix = (p.distance[locs][:, locs] * unit).tolist()
                per_unit_cost[unit] = routing.RegisterTransitMatrix(matrix)
            routing.SetArcCostEvaluatorOfVehicle(per_unit_cost[unit], v)
            routing.SetFixedCostOfVehicle(vt.fixed_cost, v)

    def _add_load(self) -> None:
        p, nodes, routing = self.problem, self.nodes, self.routing
        if not any(c.demand for c in p.clients):
            return
        capacities = [p.vehicle_types[t].capacity for t in nodes.vehicle_type]
        max_capacity = max(capacities)
        demand = [0] * len(nodes.location)
        for node, (kind, loc) in enumerate(zip(nodes.kind, nodes.location, strict=True)):
            if kind == "client":
                demand[node] = p.clients[p.client_index(loc)].demand
            elif kind == "reload":
                demand[node] = -max_capacity
        callback = routing.RegisterUnaryTransitVector(demand)
        has_reloads = bool(nodes.reload_nodes)
        routing.AddDimensionWithVehicleCapacity(callback, max_capacity if has_reloads else 0, capacities, True, "load")
        load = routing.GetDimensionOrDie("load")
        for node, kind in enumerate(nodes.kind):
            if has_reloads and kind != "reload" and node not in nodes.starts and node not in nodes.ends:
                load.SlackVar(self.manager.NodeToIndex(node)).SetValue(0)
        if has_reloads:
            ones = [1 if kind == "reload" else 0 for kind in nodes.kind]
            limits = [p.vehicle_types[t].max_reloads for t in nodes.vehicle_type]
            routing.AddDimensionWithVehicleCapacity(routing.RegisterUnaryTransitVector(ones), 0, limits, True, "reloads")
            for depot, copies in nodes.reload_nodes.items():
                allowed = [v for v, t in enumerate(nodes.vehicle_type) if depot in p.vehicle_types[t].reload_depots]
                for node in copies:
                    _allow_only(routing, allowed, self.manager.NodeToIndex(node))

    def _add_time(self) -> None:
        p, nodes, routing, manager = self.problem, self.nodes, self.routing, self.manager
        horizon = min(UNBOUNDED, max(vt.shift_late for vt in p.vehicle_types))
        break_type = {node: nodes.vehicle_type[v] for v, ns in nodes.break_nodes.items() for node in ns}
        service = [_service(p, nodes, node, break_type.get(node)) for node in range(len(nodes.location))]
        locs = nodes.location
        transit = (p.duration[locs][:, locs] + [[s] for s in service]).tolist()
        routing.AddDimension(routing.RegisterTransitMatrix(transit), horizon, horizon, False, "time")
        time_dim = routing.GetDimensionOrDie("time")
        for node, (kind, loc) in enumerate(zip(nodes.kind, locs, strict=True)):
            if kind == "client":
                client = p.clients[p.client_index(loc)]
                time_dim.CumulVar(manager.NodeToIndex(node)).SetRange(client.tw_early, min(client.tw_late, horizon))
        for v, t in enumerate(nodes.vehicle_type):
            vt = p.vehicle_types[t]
            for index in (routing.Start(v), routing.End(v)):
                time_dim.CumulVar(index).SetRange(vt.shift_early, min(vt.shift_late, horizon))
            if vt.max_duration < UNBOUNDED:
                time_dim.SetSpanUpperBoundForVehicle(vt.max_duration, v)
            time_dim.SetSpanCostCoefficientForVehicle(vt.unit_duration_cost, v)
            routing.AddVariableMaximizedByFinalizer(time_dim.CumulVar(routing.Start(v)))
            routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.End(v)))
            if v in nodes.break_nodes:
                rule = vt.break_rule
                assert rule is not None
                indices = [manager.NodeToIndex(n) for n in nodes.break_nodes[v]]
                for index in indices:
                    _allow_only(routing, [v], index)
                    time_dim.CumulVar(index).SetRange(rule.tw_early, min(rule.tw_late, horizon))
                routing.AddDisjunction(indices, 0, 1)
                # A used vehicle takes exactly one break; an unused one takes none.
                solver = routing.solver()
                solver.Add(solver.Sum([routing.ActiveVar(i) for i in indices]) == routing.ActiveVehicleVar(v))

    def _add_disjunctions(self) -> None:
        p, nodes, routing, manager = self.problem, self.nodes, self.routing, self.manager
        first_client = nodes.kind.index("client") if "client" in nodes.kind else 0
        for i, client in enumerate(p.clients):
            if client.group is None:
                penalty = self.big_penalty if client.required else client.prize
                routing.AddDisjunction([manager.NodeToIndex(first_client + i)], penalty)
        for group in p.groups:
            indices = [manager.NodeToIndex(first_client + c) for c in group.clients]
            routing.AddDisjunction(indices, self.big_penalty if group.required else 0, 1)
        for copies in nodes.reload_nodes.values():
            for node in copies:
                routing.AddDisjunction([manager.NodeToIndex(node)], 0)

    def routes(self, next_of: Callable[[int], int]) -> tuple[Route, ...]:
        """Read the routes, using ``next_of(index)`` to follow each vehicle's path."""
        routes = []
        for v, t in enumerate(self.nodes.vehicle_type):
            index, stops = next_of(self.routing.Start(v)), []
            while not self.routing.IsEnd(index):
                node = self.manager.IndexToNode(index)
                stops.append(Stop(self.nodes.kind[node], self.nodes.location[node]))  # type: ignore[arg-type]
                index = next_of(index)
            if stops:
                routes.append(Route(t, tuple(stops)))
        return tuple(routes)

    def all_required_served(self, routes: tuple[Route, ...]) -> bool:
        served = {s.location for r in routes for s in r.stops if s.kind == "client"}
        p = self.problem
        clients_ok = all(c.location in served for c in p.clients if c.required)
        groups_ok = all(any(p.clients[c].location in served for c in g.clients) for g in p.groups if g.required)
        return clients_ok and groups_ok


def _search_parameters(time_limit_s: float, max_iterations: int | None) -> pywrapcp.DefaultRoutingSearchParameters:
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    if max_iterations is not None:
        params.solution_limit = max_iterations  # solutions found: a deterministic amount of search
    return params


class _SearchState(TypedDict):
    """What the solution callback remembers between calls."""

    stopped: bool
    last_snapshot: float
    last_report: float
    best: int | None


def solve(problem: RoutingProblem, time_limit_s: float, seed: int = 0,
          stop: Callable[[], bool] = lambda: False,
          progress: Callable[[float | dict], None] = lambda _: None,
          max_iterations: int | None = None) -> RoutingSolution:
    """Solve with OR-Tools (guided local search) until the time limit, ``max_iterations`` solutions or ``stop()``.

    Progress dicts carry the best cost and, about once a second, a ``routes``
    snapshot so a caller that kills this process can still keep a plan.
    """
    started = time.monotonic()
    model = _Model(problem)
    routing = model.routing
    state: _SearchState = {"stopped": False, "last_snapshot": 0.0, "last_report": 0.0, "best": None}

    def on_solution() -> None:
        if stop():
            state["stopped"] = True
            routing.CancelSearch()
        now = time.monotonic()
        cost = routing.CostVar().Value()
        previous_best = state["best"]
        improved = previous_best is None or cost < previous_best
        if not improved and now - state["last_report"] < _PROGRESS_EVERY_S:
            return
        best = cost if improved or previous_best is None else previous_best
        state["best"] = best
        state["last_report"] = now
        fraction = min(1.0, (now - started) / max(time_limit_s, 1e-9))
        report: dict = {"engine": ENGINE, "fraction": fraction}
        # A cost at or above the drop penalty leaves a required client out: no plan to show a cost for yet.
        if best < model.big_penalty:
            report["best_cost"] = best
        # Guided local search also visits worse plans: only snapshot new bests.
        if improved and now - state["last_snapshot"] >= _SNAPSHOT_EVERY_S:
            state["last_snapshot"] = now
            routes = model.routes(lambda index: routing.NextVar(index).Value())
            if model.all_required_served(routes):
                report["routes"], report["cost"] = routes, cost
        progress(report)

    routing.AddAtSolutionCallback(on_solution)
    assignment = routing.SolveWithParameters(_search_parameters(max(0.01, time_limit_s - (time.monotonic() - started)), max_iterations))
    runtime = time.monotonic() - started
    if assignment is None:
        return RoutingSolution.empty(ENGINE, stopped=state["stopped"], runtime_s=runtime)
    routes = model.routes(lambda index: assignment.Value(routing.NextVar(index)))
    feasible = model.all_required_served(routes)
    return RoutingSolution(routes, int(assignment.ObjectiveValue()) if feasible else None,
                           "feasible" if feasible else "infeasible", ENGINE, state["stopped"], runtime)
