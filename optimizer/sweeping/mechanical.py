"""Mechanical sweeping: one capacitated arc-routing problem per (home depot, sweeper type, shift).

Each kerb a pass must sweep is a task of the CARP transform (``optimizer.routing.carp``): sweepers
deadhead along shortest paths (one-way streets respected, only street classes they may drive),
sweep at their work speed inside the pass window, carry litter in the hopper and spray water, and
empty/refill at their depot or a transfer station (reload depots). Tasks are optional with a large
prize, so when the windows are too tight for the fleet the solver drops the fewest and they are
reported unserved instead of the whole plan failing. A sides=1 two-way street is a required
direction-choice group (groups cannot carry a prize).

Hopper and tank share one capacity dimension: a task's load is the larger of its litter share of
the hopper and its water share of the tank (in 1/10,000 of a full vehicle), which is conservative:
a plan that fits never overfills either.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from optimizer.common.network import mean_rush_factor
from optimizer.common.norms import (
    BREAK_DETOUR_RESERVE_MIN,
    LITTER_KG_PER_M2,
    REFILL_MIN,
    WATER_L_PER_KM_SWEPT,
)
from optimizer.common.plan import Route, Unserved
from optimizer.common.timeline import (
    Router,
    RouteSpec,
    SolveBudget,
    Work,
    crew_wage_per_h,
    route_in_shift,
)
from optimizer.routing.builder import Scaling
from optimizer.routing.carp import CarpModel, StreetEdge, carp_to_routing
from optimizer.routing.portfolio import solve_portfolio
from optimizer.routing.problem import RoutingProblem
from optimizer.routing.problem import VehicleType as SolverVehicleType
from optimizer.routing.solution import Route as SolverRoute
from optimizer.sweeping.passes import SweepPass, effective_window
from scenarios.model import Scenario, ShiftTemplate, VehicleType

SCALING = Scaling(distance_scale=1.0, time_scale=1.0, load_scale=1.0, cost_scale=10_000.0)
CAPACITY_UNITS = 10_000
UNSERVED_PENALTY = 5_000.0  # CNY per dropped kerb pass: far above any routing saving
MAX_RELOADS = 6
RETRY_S = 10.0  # budget of the one retry when no engine answered in time


@dataclass(frozen=True)
class MechanicalGroup:
    """The passes one depot's sweepers of one type do in one shift."""

    depot: str
    vehicle_type: VehicleType
    vehicles: tuple[str, ...]
    shift: str
    passes: tuple[SweepPass, ...]

    @property
    def size(self) -> int:
        return sum(len(p.tasks) for p in self.passes)


@dataclass(frozen=True)
class _TaskInfo:
    sweep: SweepPass
    task: int
    entry: str
    exit: str
    sweep_min: float
    litter_kg: float


def task_demand(vt: VehicleType, length_m: float, litter_kg: float) -> int:
    """A kerb's share of the sweeper's hopper or tank (the fuller one), in whole capacity units rounded up,
    so that kerbs the solver fits in one load never overfill the real hopper or tank."""
    water_share = (length_m / 1000.0 * WATER_L_PER_KM_SWEPT) / vt.water_l if vt.water_l > 0 else 0.0
    return math.ceil(max(litter_kg / vt.capacity_kg, water_share) * CAPACITY_UNITS - 1e-9)


@dataclass(frozen=True)
class _GroupModel:
    """A group's arc-routing model with what is needed to read its solution back."""

    model: CarpModel
    problem: RoutingProblem
    info_of_edge: dict[int, _TaskInfo]
    windows: dict[int, tuple[float, float]]
    reload_sites: list[tuple[str, str]]


def solve_group(scenario: Scenario, group: MechanicalGroup, router: Router, budget: SolveBudget, *,
                stop: Callable[[], bool], progress: Callable[[float | dict], None]
                ) -> tuple[list[Route], list[Unserved], str, bool]:
    """Routes, unserved passes, engine name and whether the solve was stopped, for one group."""
    vt = group.vehicle_type
    shift = scenario.index.shifts[group.shift]
    edges = _street_edges(scenario, vt, router, shift)
    info_of_edge, windows, unserved = _task_edges(scenario, group, router, edges)
    if not info_of_edge:
        return [], unserved, "", False
    depot = scenario.index.depots[group.depot]
    reload_sites = [(depot.id, depot.node), *_open_stations(scenario, shift)]
    depot_nodes = [router.index[depot.node]] + [router.index[node] for _, node in reload_sites]
    try:
        model = carp_to_routing(len(router.node_ids), edges, depot_nodes,
                                [_solver_vehicle_type(scenario, group, len(depot_nodes))],
                                depot_service_durations=[0] + [SCALING.time(REFILL_MIN * 60.0)] * len(reload_sites),
                                name=f"sweeping {depot.id} {shift.id}")
    except ValueError as error:
        reason = f"cannot be reached from depot {depot.id} and back by {vt.id} ({error})"
        return [], unserved + [Unserved(kind="sweeping", ref=p.ref, reason=reason) for p in _passes(info_of_edge)], "", False
    problem = _with_windows(model, info_of_edge, windows)
    solution = solve_portfolio(problem, budget.params(), stop=stop, progress=progress)
    if solution.status == "no_solution" and not solution.stopped:
        # Engines that start slowly on a busy machine may not answer within a short budget: one longer try.
        solution = solve_portfolio(problem, budget.retry_params(RETRY_S), stop=stop, progress=progress)
    failure = None
    if solution.status != "feasible":  # never keep routes the validator rejects
        failure = "; ".join(solution.violations[:2]) or solution.status
        solution = solution.with_changes(routes=())
    solved = _GroupModel(model, problem, info_of_edge, windows, reload_sites)
    routes, served = _timed_routes(scenario, group, router, solved, solution.routes)
    unserved += _missed_passes(group, info_of_edge, served, failure)
    return routes, unserved, solution.engine, solution.stopped


def _street_edges(scenario: Scenario, vt: VehicleType, router: Router, shift: ShiftTemplate) -> list[StreetEdge]:
    """The streets the sweeper may drive, as deadheading edges timed at its speed."""
    s, index = SCALING, router.index
    edges: list[StreetEdge] = []
    # Rush hours slow the sweepers between kerbs: the solver sees the shift's average (sweeping itself is not slowed).
    slow = mean_rush_factor(scenario, shift.start, shift.end) if router.rush else 1.0
    for g in scenario.street_graph.segments:
        speed = vt.speed_kmh.of(g.street_class)
        if speed > 0:
            edges.append(StreetEdge(index[g.from_node], index[g.to_node], s.distance(g.length_m),
                                    one_way=g.one_way, duration=s.time(g.length_m / (speed / 3.6) * slow)))
    return edges


def _task_edges(scenario: Scenario, group: MechanicalGroup, router: Router, edges: list[StreetEdge]
                ) -> tuple[dict[int, _TaskInfo], dict[int, tuple[float, float]], list[Unserved]]:
    """Appends each kerb to sweep to ``edges`` as a required edge; its task info and window by edge number,
    and the passes whose window is shorter than their sweep."""
    s, vt, index = SCALING, group.vehicle_type, router.index
    info_of_edge: dict[int, _TaskInfo] = {}
    windows: dict[int, tuple[float, float]] = {}
    unserved: list[Unserved] = []
    for sweep in group.passes:
        segment = scenario.index.segments[sweep.segment]
        window = effective_window(scenario, sweep)
        sweep_min = segment.length_m / 1000.0 / vt.work_speed_kmh * 60.0
        if window is None or window[1] - window[0] < sweep_min:
            unserved.append(Unserved(kind="sweeping", ref=sweep.ref, reason=(
                f"window {window or sweep.window} of shift {sweep.shift} is shorter than the {sweep_min:.0f} min sweep")))
            continue
        litter = segment.length_m * segment.width_m / segment.sides * LITTER_KG_PER_M2
        speed = vt.speed_kmh.of(segment.street_class)
        for t, directions in enumerate(sweep.tasks):
            a, b = directions[0]
            info_of_edge[len(edges)] = _TaskInfo(sweep, t, a, b, sweep_min, litter)
            windows[len(edges)] = window
            edges.append(StreetEdge(index[a], index[b], s.distance(segment.length_m),
                                    demand=task_demand(vt, segment.length_m, litter), required=True,
                                    one_way=len(directions) == 1, duration=s.time(segment.length_m / (speed / 3.6))))
    return info_of_edge, windows, unserved


def _open_stations(scenario: Scenario, shift: ShiftTemplate) -> list[tuple[str, str]]:
    """Transfer stations open during the shift (id, node): where a sweeper may also empty and refill."""
    return [(d.id, d.node) for d in scenario.facilities.transfer_stations
            if d.opening.start < shift.end and d.opening.end > shift.start]


def _solver_vehicle_type(scenario: Scenario, group: MechanicalGroup, depot_count: int) -> SolverVehicleType:
    """The group's sweepers for the solver: costs, shift (less the break's reserve) and reload depots."""
    s, vt = SCALING, group.vehicle_type
    shift = scenario.index.shifts[group.shift]
    work_end_min = shift.end - shift.break_min - BREAK_DETOUR_RESERVE_MIN
    # A sweeper that goes out pays its day's fixed cost and is paid for its whole shift.
    shift_cost = vt.fixed_cost_per_day + (vt.cost_per_hour + crew_wage_per_h(scenario, "sweeper_operator")) \
        * shift.duration_min / 60
    return SolverVehicleType(
        count=len(group.vehicles), capacity=CAPACITY_UNITS, start_depot=0, end_depot=0, fixed_cost=s.cost(shift_cost),
        unit_distance_cost=s.cost(vt.cost_per_km / 1000.0 / s.distance_scale),
        unit_duration_cost=s.cost((vt.cost_per_hour + crew_wage_per_h(scenario, "sweeper_operator")) / 3600.0 / s.time_scale),
        shift_early=s.time(shift.start * 60.0), shift_late=s.time(work_end_min * 60.0),
        max_duration=s.time((shift.duration_min - BREAK_DETOUR_RESERVE_MIN) * 60.0),
        reload_depots=tuple(range(1, depot_count)), max_reloads=MAX_RELOADS, name=f"{vt.id}@{group.depot}")


def _with_windows(model: CarpModel, info_of_edge: dict[int, _TaskInfo], windows: dict[int, tuple[float, float]]
                  ) -> RoutingProblem:
    """The model's problem with each kerb's sweep time and window; ungrouped kerbs become optional, at a prize."""
    s = SCALING
    clients = []
    for client, task in zip(model.problem.clients, model.tasks, strict=True):
        info = info_of_edge[task.edge]
        early, late = windows[task.edge]
        optional = client.group is None  # an ungrouped pass becomes optional, at a prize
        clients.append(dataclasses.replace(
            client, service_duration=s.time(info.sweep_min * 60.0), tw_early=s.time(early * 60.0),
            tw_late=s.time((late - info.sweep_min) * 60.0),
            required=False if optional else client.required,
            prize=s.cost(UNSERVED_PENALTY) if optional else client.prize))
    return dataclasses.replace(model.problem, clients=tuple(clients))


def _timed_routes(scenario: Scenario, group: MechanicalGroup, router: Router, solved: _GroupModel,
                  solver_routes: Sequence[SolverRoute]) -> tuple[list[Route], set[tuple[str, int, int]]]:
    """The solver's routes laid out in the shift with a break, and the (segment, pass, task) keys they sweep."""
    vt, index = group.vehicle_type, router.index
    depot = scenario.index.depots[group.depot]
    shift = scenario.index.shifts[group.shift]
    served: set[tuple[str, int, int]] = set()
    routes: list[Route] = []
    stations_for_break = [(st.id, index[st.node]) for st in scenario.facilities.service_stations]
    home = index[depot.node]
    wage = sum(crew_wage_per_h(scenario, need.skill, need.count) for need in vt.crew)
    for number, route in enumerate(solver_routes):
        works, on_route = _route_works(scenario, router, solved, route)
        vehicle = group.vehicles[number] if number < len(group.vehicles) else f"{vt.id}-extra-{number}"
        spec = RouteSpec(id=f"sweep-{group.shift}-{vehicle}", kind="sweeping", start_node=home, end_node=home,
                         start_ref=depot.id, end_ref=depot.id, vehicle=vehicle, vehicle_type=vt, shift=group.shift,
                         wage_per_h=wage, fixed_cost=vt.fixed_cost_per_day)
        built, dropped = route_in_shift(router, spec, works, float(shift.start), float(shift.end), shift.break_min,
                                        stations_for_break)
        if built is not None:
            routes.append(built)
            kept = [key for key, work in zip(on_route, (w for w in works if w.kind == "segment"), strict=True)
                    if not any(work is d for d in dropped)]
            served.update(kept)
    return routes, served


def _route_works(scenario: Scenario, router: Router, solved: _GroupModel, route: SolverRoute
                 ) -> tuple[list[Work], list[tuple[str, int, int]]]:
    """One solver route as work items (kerbs swept, refills) and the (segment, pass, task) keys of its kerbs."""
    index = router.index
    works: list[Work] = []
    on_route: list[tuple[str, int, int]] = []
    load = 0.0
    for stop_ in route.stops:
        if stop_.kind == "client":
            task = solved.model.tasks[solved.problem.client_index(stop_.location)]
            info = solved.info_of_edge[task.edge]
            g = scenario.index.segments[info.sweep.segment]
            load += info.litter_kg
            works.append(Work("segment", g.id, task.tail, task.head, info.sweep_min, (task.tail, task.head),
                              g.length_m, solved.windows[task.edge], load))
            on_route.append((info.sweep.segment, info.sweep.index, info.task))
        elif stop_.kind == "reload":
            ref, node = solved.reload_sites[stop_.location - 1]
            load = 0.0
            works.append(Work("refill", ref, index[node], index[node], REFILL_MIN))
    return works, on_route


def _missed_passes(group: MechanicalGroup, info_of_edge: dict[int, _TaskInfo], served: set[tuple[str, int, int]],
                   failure: str | None) -> list[Unserved]:
    """The passes with a kerb no route sweeps, and why: the solve failed or the fleet's time ran out."""
    vt = group.vehicle_type
    unserved: list[Unserved] = []
    for sweep in _passes(info_of_edge):
        missing = [t for t in range(len(sweep.tasks)) if (sweep.segment, sweep.index, t) not in served]
        if missing and failure is not None:
            unserved.append(Unserved(kind="sweeping", ref=sweep.ref, reason=(
                f"no valid plan found for depot {group.depot} on shift {group.shift} ({failure})")))
        elif missing:
            kerbs = ", ".join("->".join(sweep.tasks[t][0]) for t in missing)
            unserved.append(Unserved(kind="sweeping", ref=sweep.ref, reason=(
                f"fleet time exhausted: the {len(group.vehicles)} {vt.id} of depot {group.depot} on shift {group.shift} "
                f"cannot also sweep kerb {kerbs} within {sweep.window[0] // 60:02.0f}:{sweep.window[0] % 60:02.0f}-"
                f"{sweep.window[1] // 60:02.0f}:{sweep.window[1] % 60:02.0f}")))
    return unserved


def _passes(info_of_edge: dict[int, _TaskInfo]) -> list[SweepPass]:
    seen: dict[str, SweepPass] = {}
    for info in info_of_edge.values():
        seen.setdefault(info.sweep.ref, info.sweep)
    return list(seen.values())


def vehicles_by_depot(scenario: Scenario) -> dict[str, dict[str, list[str]]]:
    """Non-spare sweepers by home depot and vehicle type."""
    out: dict[str, dict[str, list[str]]] = {}
    for v in scenario.fleet.vehicles:
        vt = scenario.index.vehicle_types[v.type]
        if vt.kind == "sweeper" and not v.spare:
            out.setdefault(v.depot, {}).setdefault(vt.id, []).append(v.id)
    return out
