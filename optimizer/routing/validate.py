"""Independent plan checker: recomputes every rule and the cost from the raw problem data.

It deliberately shares no code with the engines or their model builders: it
only reads :class:`RoutingProblem` fields and walks each route stop by stop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from optimizer.routing.problem import RoutingProblem, VehicleType
from optimizer.routing.solution import Route, RoutingSolution


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of checking a plan: feasibility, readable violations and the recomputed cost."""

    feasible: bool
    violations: tuple[str, ...]
    cost: int
    distance: int
    duration: int
    uncollected_prizes: int


@dataclass
class _Walk:
    """What one pass over a route found for a given start time."""

    end_time: int
    distance: int
    violations: list[str]


def validate(problem: RoutingProblem, plan: RoutingSolution | Sequence[Route]) -> ValidationReport:
    """Check every rule of ``problem`` on ``plan`` and recompute its cost."""
    routes = plan.routes if isinstance(plan, RoutingSolution) else tuple(plan)
    violations: list[str] = []
    total_cost = total_distance = total_duration = 0
    used_per_type: Counter[int] = Counter()
    visits: Counter[int] = Counter()

    for r, route in enumerate(routes):
        if not 0 <= route.vehicle_type < len(problem.vehicle_types):
            violations.append(f"route {r}: unknown vehicle type {route.vehicle_type}")
            continue
        if not route.stops:
            continue
        vt = problem.vehicle_types[route.vehicle_type]
        used_per_type[route.vehicle_type] += 1
        where = f"route {r} (vehicle type {vt.name or route.vehicle_type})"
        stop_errors = _check_stop_kinds(problem, vt, route, where)
        violations += stop_errors
        if stop_errors:
            continue
        for stop in route.stops:
            if stop.kind == "client":
                visits[problem.client_index(stop.location)] += 1
        walk, duration = _schedule(problem, vt, route, where)
        violations += walk.violations
        violations += _check_loads(problem, vt, route, where)
        total_distance += walk.distance
        total_duration += duration
        total_cost += vt.fixed_cost + vt.unit_distance_cost * walk.distance + vt.unit_duration_cost * duration

    for t, used in sorted(used_per_type.items()):
        vt = problem.vehicle_types[t]
        if used > vt.count:
            violations.append(f"vehicle type {vt.name or t}: {used} routes but only {vt.count} vehicles")

    violations += _check_coverage(problem, visits)
    prizes = sum(c.prize for i, c in enumerate(problem.clients) if not c.required and visits[i] == 0)
    return ValidationReport(
        feasible=not violations,
        violations=tuple(violations),
        cost=total_cost + prizes,
        distance=total_distance,
        duration=total_duration,
        uncollected_prizes=prizes,
    )


def _check_stop_kinds(problem: RoutingProblem, vt: VehicleType, route: Route, where: str) -> list[str]:
    """Each stop must point at the right kind of location for its vehicle type."""
    errors = []
    for k, stop in enumerate(route.stops):
        if stop.kind == "client" and not problem.is_client_location(stop.location):
            errors.append(f"{where}: stop {k} visits location {stop.location}, which is not a client")
        elif stop.kind == "reload" and stop.location not in vt.reload_depots:
            errors.append(f"{where}: stop {k} reloads at location {stop.location}, not one of its reload depots {vt.reload_depots}")
        elif stop.kind == "break" and (vt.break_rule is None or stop.location not in vt.break_rule.locations):
            errors.append(f"{where}: stop {k} takes a break at location {stop.location}, which is not allowed")
        elif stop.kind not in ("client", "reload", "break"):
            errors.append(f"{where}: stop {k} has unknown kind {stop.kind!r}")
    breaks = sum(1 for s in route.stops if s.kind == "break")
    if vt.break_rule is not None and breaks != 1:
        errors.append(f"{where}: takes {breaks} breaks, expected exactly 1")
    reloads = sum(1 for s in route.stops if s.kind == "reload")
    if reloads > vt.max_reloads:
        errors.append(f"{where}: reloads {reloads} times, at most {vt.max_reloads} allowed")
    return errors


def _walk(problem: RoutingProblem, vt: VehicleType, route: Route, start: int, where: str) -> _Walk:
    """Follow the route from ``start`` (waiting where early), noting each late arrival."""
    errors: list[str] = []
    t = start + problem.depots[vt.start_depot].service_duration
    here = vt.start_depot
    distance = 0
    for k, stop in enumerate(route.stops):
        arrival = t + int(problem.duration[here, stop.location])
        distance += int(problem.distance[here, stop.location])
        here = stop.location
        if stop.kind == "client":
            client = problem.clients[problem.client_index(stop.location)]
            begin = max(arrival, client.tw_early)
            if begin > client.tw_late:
                errors.append(f"{where}: stop {k} (client {client.name or stop.location}) starts service at "
                              f"{begin}, after its time window ends at {client.tw_late}")
            t = begin + client.service_duration
        elif stop.kind == "reload":
            t = arrival + problem.depots[stop.location].service_duration
        else:
            rule = vt.break_rule
            assert rule is not None  # checked by _check_stop_kinds
            begin = max(arrival, rule.tw_early)
            if begin > rule.tw_late:
                errors.append(f"{where}: break at stop {k} starts at {begin}, after its window ends at {rule.tw_late}")
            t = begin + rule.duration
    end = t + int(problem.duration[here, vt.end_depot])
    distance += int(problem.distance[here, vt.end_depot])
    return _Walk(end, distance, errors)


def _schedule(problem: RoutingProblem, vt: VehicleType, route: Route, where: str) -> tuple[_Walk, int]:
    """Check timing and return the walk plus the shortest feasible route duration.

    Starting later never makes a route feasible and never makes it longer, so
    the shortest duration comes from the latest start that keeps every window
    (found by bisection over the shift window).
    """
    walk = _walk(problem, vt, route, vt.shift_early, where)
    if walk.end_time > vt.shift_late:
        walk.violations.append(f"{where}: returns at {walk.end_time}, after the shift ends at {vt.shift_late}")
    if walk.violations:
        return walk, walk.end_time - vt.shift_early

    def keeps_every_window(start: int) -> bool:
        later = _walk(problem, vt, route, start, where)
        return not later.violations and later.end_time <= vt.shift_late

    lo, hi = vt.shift_early, vt.shift_late
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if keeps_every_window(mid):
            lo = mid
        else:
            hi = mid - 1
    duration = _walk(problem, vt, route, lo, where).end_time - lo
    if duration > vt.max_duration:
        walk.violations.append(f"{where}: lasts {duration}, longer than the maximum {vt.max_duration}")
    return walk, duration


def _check_loads(problem: RoutingProblem, vt: VehicleType, route: Route, where: str) -> list[str]:
    """Load collected between two depot visits must fit the vehicle's capacity."""
    errors = []
    load, trip = 0, 0
    for stop in [*route.stops, None]:
        if stop is None or stop.kind == "reload":
            if load > vt.capacity:
                errors.append(f"{where}: trip {trip} carries {load}, more than the capacity {vt.capacity}")
            load, trip = 0, trip + 1
        elif stop.kind == "client":
            load += problem.clients[problem.client_index(stop.location)].demand
    return errors


def _check_coverage(problem: RoutingProblem, visits: Counter[int]) -> list[str]:
    """Required clients once, optional ones at most once, groups by their own rule."""
    errors = []
    for i, client in enumerate(problem.clients):
        label = client.name or f"{i} (location {client.location})"
        if client.required and visits[i] != 1:
            errors.append(f"required client {label} is served {visits[i]} times, expected exactly 1")
        elif not client.required and visits[i] > 1:
            errors.append(f"optional client {label} is served {visits[i]} times, expected at most 1")
    for g, group in enumerate(problem.groups):
        served = sum(visits[c] for c in group.clients)
        label = group.name or str(g)
        if group.required and served != 1:
            errors.append(f"required group {label} has {served} members served, expected exactly 1")
        elif not group.required and served > 1:
            errors.append(f"optional group {label} has {served} members served, expected at most 1")
    return errors
