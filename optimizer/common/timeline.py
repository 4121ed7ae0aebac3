"""Turning an ordered list of work into a timed Route: fastest paths, waiting, a break at a 驿站, cost.

Shared by the sweeping, toilet and patrol planners. The solvers decide *what* a crew does in which
order; this module lays it out on the street graph: the path between stops (fastest path for the
crew's speeds), arrival and start times (waiting for a window to open), and the unpaid break
inserted at a micro-service station (驿站) where it keeps every later window, as close to the
middle of the work as possible. Breaks are inserted afterwards so both routing engines can run
(PyVRP has no per-vehicle break); the solvers keep ``BREAK_DETOUR_RESERVE_MIN`` free for the detour.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from optimizer.common.network import Router
from optimizer.common.plan import Route, Stop, StopKind, WorkKind
from optimizer.routing.portfolio import PortfolioParams
from scenarios.model import Scenario, VehicleType

_SOLVER_OVERHEAD_S = 2.5  # starting the engine processes and collecting results, per portfolio solve


@dataclass(frozen=True)
class Work:
    """One stop of a crew's day: where it starts and ends, how long it takes, its window and load."""

    kind: StopKind
    ref: str
    entry: int
    exit: int
    service_min: float
    serve_nodes: tuple[int, ...] = ()
    serve_m: float = 0.0
    window: tuple[float, float] | None = None  # allowed start of service, minutes after midnight
    load_kg: float = 0.0


@dataclass(frozen=True)
class Timed:
    """A work item with the leg driven or walked to reach it and its times."""

    work: Work
    leg: tuple[list[int], float, float]
    arrival: float
    start: float
    departure: float


def _lay_out(router: Router, works: Sequence[Work], start_node: int, depart_min: float) -> Iterator[Timed | None]:
    """Each work item timed in turn (earliest, waiting for windows); None, then nothing, once one fails."""
    here, clock = start_node, depart_min
    for work in works:
        leg = router.leg(here, work.entry)
        if leg is None:
            yield None
            return
        arrival = clock + leg[2] * router.factor_at(clock)
        start = arrival if work.window is None else max(arrival, work.window[0])
        if work.window is not None and start > work.window[1] + 1e-6:
            yield None
            return
        clock = start + work.service_min
        yield Timed(work, leg, arrival, start, clock)
        here = work.exit


def schedule(router: Router, works: Sequence[Work], start_node: int, end_node: int,
             depart_min: float) -> tuple[list[Timed], tuple[list[int], float, float], float] | None:
    """Earliest times of every work item (waiting for windows); None when a window or a path fails."""
    timed: list[Timed] = []
    for t in _lay_out(router, works, start_node, depart_min):
        if t is None:
            return None
        timed.append(t)
    here, clock = (timed[-1].work.exit, timed[-1].departure) if timed else (start_node, depart_min)
    last = router.leg(here, end_node)
    if last is None:
        return None
    return timed, last, clock + last[2] * router.factor_at(clock)


def departure_for(router: Router, works: Sequence[Work], start_node: int, shift_start_min: float) -> float:
    """Leave at the shift start, or later when the first window opens later (no idle start)."""
    if not works or works[0].window is None:
        return shift_start_min
    leg = router.leg(start_node, works[0].entry)
    travel = leg[2] if leg is not None else 0.0
    return max(shift_start_min, works[0].window[0] - travel)


# Callers lay out from different places and ends (garbage, patrols, baselines, route_in_shift): no common object.
def with_break(router: Router, works: list[Work], start_node: int, end_node: int, depart_min: float,
               stations: Sequence[tuple[str, int]], break_min: float, latest_end_min: float) -> list[Work]:
    """Insert the break at the station nearest the route where every window and the shift end still hold.

    Positions are tried from the middle of the working time outwards; when none fits, the break goes last
    (the plan checker then reports the overrun instead of the plan hiding it).
    """
    if break_min <= 0 or not stations:
        return works
    station_nodes = [node for _, node in stations]
    plain = schedule(router, works, start_node, end_node, depart_min)
    # When each gap between stops happens (the end of the previous stop), to aim at the middle of the day.
    # A gap's time is the middle of any waiting in it, so a break fills idle time when it can.
    ends = [depart_min] + ([t.departure for t in plain[0]] if plain else [depart_min] * len(works))
    starts = ([t.start for t in plain[0]] if plain else [depart_min] * len(works)) + [ends[-1]]
    gap_min = [(a + b) / 2 for a, b in zip(ends, starts, strict=True)]
    middle_min = (depart_min + latest_end_min) / 2
    fallback: list[Work] | None = None
    for position in sorted(range(len(works) + 1), key=lambda p: (abs(gap_min[p] - middle_min), p)):
        here = start_node if position == 0 else works[position - 1].exit
        minutes = router.minutes_matrix([here], station_nodes)[0]
        k = int(np.argmin(minutes))
        if not np.isfinite(minutes[k]):
            continue
        rest = Work("break", stations[k][0], station_nodes[k], station_nodes[k], break_min)
        candidate = [*works[:position], rest, *works[position:]]
        if position == len(works):
            fallback = candidate
        timed = schedule(router, candidate, start_node, end_node, depart_min)
        if timed is not None and timed[2] <= latest_end_min + 1e-6:
            return candidate
    return fallback or works


def route_cost(distance_m: float, duration_min: float, vehicle_type: VehicleType | None,
               wage_per_h: float, fixed_cost: float) -> float:
    """Fixed share of the vehicle's day + running cost per km + vehicle and crew cost per hour."""
    per_km = vehicle_type.cost_per_km if vehicle_type is not None else 0.0
    per_h = (vehicle_type.cost_per_hour if vehicle_type is not None else 0.0) + wage_per_h
    return fixed_cost + per_km * distance_m / 1000.0 + per_h * duration_min / 60.0


def crew_wage_per_h(scenario: Scenario, skill: str, count: int = 1) -> float:
    """Hourly wage of ``count`` workers of a skill (0 when the scenario lists no wage for it)."""
    rates: dict[str, float] = {w.skill: w.cost_per_hour for w in scenario.costs.wages}
    return rates.get(skill, 0.0) * count


@dataclass(frozen=True)
class RouteSpec:
    """Who does a route and from where: ids for the Route and its start/end places."""

    id: str
    kind: WorkKind
    start_node: int
    end_node: int
    start_ref: str
    end_ref: str
    vehicle: str | None = None
    vehicle_type: VehicleType | None = None
    crew: str | None = None
    shift: str | None = None
    wage_per_h: float = 0.0
    fixed_cost: float = 0.0


def make_route(router: Router, spec: RouteSpec, works: Sequence[Work], depart_min: float) -> Route | None:
    """The timed Route with its full path, distance, duration and cost; None when a window fails."""
    laid_out = schedule(router, works, spec.start_node, spec.end_node, depart_min)
    if laid_out is None:
        return None
    timed, last_leg, end_min = laid_out
    ids = router.node_ids
    path = [spec.start_node]
    distance_m = 0.0
    stops = [Stop(kind="start", ref=spec.start_ref, node=ids[spec.start_node], arrival_min=depart_min,
                  departure_min=depart_min)]
    for t in timed:
        path += t.leg[0][1:]
        distance_m += t.leg[1]
        if t.work.serve_nodes:
            path += list(t.work.serve_nodes[1:])
            distance_m += t.work.serve_m
        waits = t.start > t.arrival + 1e-6
        stops.append(Stop(kind=t.work.kind, ref=t.work.ref, node=ids[t.work.exit], arrival_min=round(t.arrival, 3),
                          start_min=round(t.start, 3) if waits else None,
                          departure_min=round(t.departure, 3), load_kg=round(t.work.load_kg, 3),
                          from_node=ids[t.work.entry] if t.work.kind in ("segment", "walk") else None))
    path += last_leg[0][1:]
    distance_m += last_leg[1]
    stops.append(Stop(kind="end", ref=spec.end_ref, node=ids[spec.end_node], arrival_min=round(end_min, 3),
                      departure_min=round(end_min, 3)))
    duration_min = end_min - depart_min
    return Route(id=spec.id, kind=spec.kind, vehicle=spec.vehicle,
                 vehicle_type=spec.vehicle_type.id if spec.vehicle_type is not None else None, crew=spec.crew,
                 shift=spec.shift, stops=stops, path=[ids[n] for n in path], distance_m=round(distance_m, 3),
                 duration_min=round(duration_min, 3),
                 cost=round(route_cost(distance_m, duration_min, spec.vehicle_type, spec.wage_per_h, spec.fixed_cost), 2))


def budget_for(left_s: float, sizes: list[int]) -> float:
    """Seconds for the first of the remaining solves: the time left after each solve's start-up
    overhead, shared in proportion to size (at least one second)."""
    usable = left_s - _SOLVER_OVERHEAD_S * len(sizes)
    return max(1.0, usable * sizes[0] / max(1, sum(sizes)))


def _longest_prefix_in_shift(router: Router, works: Sequence[Work], start_node: int, end_node: int,
                             depart_min: float, shift_end_min: float) -> int:
    """How many of the first works a route can do and be back by the shift's end (no break counted)."""
    best = 0
    for i, t in enumerate(_lay_out(router, works, start_node, depart_min)):
        if t is None:
            break
        home = router.leg(t.work.exit, end_node)
        if home is not None and t.departure + home[2] * router.factor_at(t.departure) <= shift_end_min + 1e-6:
            best = i + 1
    return best


# The end is often not the shift template's (repairs and leftovers pass an earlier one): the times stay loose.
def route_in_shift(router: Router, spec: RouteSpec, works: Sequence[Work], shift_start_min: float,
                   shift_end_min: float, break_min: float, stations: Sequence[tuple[str, int]]
                   ) -> tuple[Route | None, list[Work]]:
    """Insert the break, lay the route out and, while it would end after the shift, drop work from its end.

    Returns the route (None when nothing fits) and the work items dropped, for the caller to report.
    """
    kept = list(works)
    dropped: list[Work] = []
    # Work beyond the longest start that ends in the shift even without a break cannot stay: drop it at once
    # (one pass) instead of trying the break at every place for each shorter route in turn.
    if kept:
        fits = _longest_prefix_in_shift(router, kept, spec.start_node, spec.end_node,
                                        departure_for(router, kept, spec.start_node, shift_start_min), shift_end_min)
        for last in reversed(kept[max(fits, 1):]):
            if last.kind != "refill":
                dropped.insert(0, last)
        kept = kept[:max(fits, 1)]
    while kept:
        depart = departure_for(router, kept, spec.start_node, shift_start_min)
        rested = with_break(router, kept, spec.start_node, spec.end_node, depart, stations, break_min, shift_end_min)
        route = make_route(router, spec, rested, departure_for(router, rested, spec.start_node, shift_start_min))
        if route is not None and route.stops[-1].arrival_min <= shift_end_min + 1e-6:
            return route, dropped
        last = kept.pop()
        if last.kind != "refill":
            dropped.insert(0, last)
    return None, dropped


#: With an iteration budget, each solve's time limit is raised to at least this: only a safety net, so that
#: the iterations, not a busy machine's clock, end every solve and the same seed gives the same plan.
ITERATION_SAFETY_S = 300.0


@dataclass(frozen=True)
class SolveBudget:
    """One portfolio solve's seconds, seed, engines and repeatability limit (``max_iterations``)."""

    time_limit_s: float
    seed: int
    engines: tuple[str, ...]
    max_iterations: int | None = None

    def params(self) -> PortfolioParams:
        return portfolio_params(self.time_limit_s, self.seed, self.engines, self.max_iterations)

    def retry_params(self, retry_s: float) -> PortfolioParams:
        """The one longer try when no engine answered: at least ``retry_s`` and twice the budget."""
        return portfolio_params(max(retry_s, 2 * self.time_limit_s), self.seed, self.engines, self.max_iterations)


def portfolio_params(time_limit_s: float, seed: int, engines: tuple[str, ...],
                     max_iterations: int | None) -> PortfolioParams:
    """Portfolio parameters; ``max_iterations`` is only passed when set (repeatable plans)."""
    if max_iterations is None:
        return PortfolioParams(time_limit_s=time_limit_s, seed=seed, engines=engines)
    return PortfolioParams(time_limit_s=max(time_limit_s, ITERATION_SAFETY_S), seed=seed, engines=engines,
                           max_iterations=max_iterations)


def share_fixed_costs(scenario: Scenario, routes: list[Route]) -> list[Route]:
    """A vehicle used on several shifts pays its daily fixed cost once, shared between its routes."""
    uses = Counter(r.vehicle for r in routes if r.vehicle)
    out = []
    for r in routes:
        if r.vehicle and r.vehicle_type and uses[r.vehicle] > 1:
            fixed = scenario.index.vehicle_types[r.vehicle_type].fixed_cost_per_day
            r = r.model_copy(update={"cost": round(r.cost - fixed + fixed / uses[r.vehicle], 2)})
        out.append(r)
    return out
