"""Route checks every independent checker shares: path on real streets, stops in order, times, shift, cost.

Shares no code with the planners; it reads only the scenario, the plan and the working norms
(numbers) of ``optimizer.common.norms``.
"""

from __future__ import annotations

from optimizer.common.plan import Route
from scenarios.model import Scenario, Segment, VehicleType
from scenarios.model.common import MINUTES_PER_DAY

WALK_KMH = 4.0
EPS_MIN = 0.02


def _speed(vt: VehicleType | None, street_class: str) -> float:
    return WALK_KMH if vt is None else vt.speed_kmh.of(street_class)


def _arc_options(scenario: Scenario, vt: VehicleType | None, a: str, b: str) -> list[Segment]:
    """Segments a route may use to go from node a to node b (direction and class rules applied)."""
    out = []
    for g in _segments_between(scenario).get(frozenset((a, b)), []):
        forward = (g.from_node, g.to_node) == (a, b)
        if vt is not None and (g.one_way and not forward or vt.speed_kmh.of(g.street_class) <= 0):
            continue
        out.append(g)
    return out


_PAIRS: dict[int, tuple[Scenario, dict]] = {}


def _segments_between(scenario: Scenario) -> dict[frozenset, list[Segment]]:
    hit = _PAIRS.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        table: dict[frozenset, list[Segment]] = {}
        for g in scenario.street_graph.segments:
            table.setdefault(frozenset((g.from_node, g.to_node)), []).append(g)
        _PAIRS[id(scenario)] = hit = (scenario, table)
    return hit[1]


def route_vehicle_type(scenario: Scenario, route: Route) -> VehicleType | None:
    return scenario.index.vehicle_types.get(route.vehicle_type) if route.vehicle_type else None


def route_violations(scenario: Scenario, route: Route, *, service_min: dict[int, float],
                     wage_per_h: float, fixed_cost: float) -> list[str]:
    """Path, order, times, shift, break, distance and cost of one route.

    ``service_min`` gives, by stop position, the minimum time the stop itself takes (a sweep, a
    cleaning); the route must allow it between arrival and departure.
    """
    where = f"route {route.id}"
    vt = route_vehicle_type(scenario, route)
    errors: list[str] = []
    path, stops = route.path, route.stops
    if len(stops) < 2 or stops[0].kind != "start" or stops[-1].kind != "end":
        return [f"{where}: must begin with a start stop and finish with an end stop"]
    if not path or path[0] != stops[0].node or path[-1] != stops[-1].node:
        errors.append(f"{where}: path must run from the start node {stops[0].node} to the end node {stops[-1].node}")
    nodes = scenario.index.nodes
    for node in path:
        if node not in nodes:
            return errors + [f"{where}: path node {node} is not in the street graph"]
    cum_m, cum_min, bad_steps = _path_profile(scenario, vt, path, where)
    errors += bad_steps
    stop_errors, swept_extra_m, complete = _match_stops(scenario, vt, route, (cum_m, cum_min), service_min)
    if not complete:
        return errors + stop_errors
    errors += stop_errors
    distance_m = cum_m[-1] + swept_extra_m
    if abs(distance_m - route.distance_m) > 1.0:
        errors.append(f"{where}: distance recomputed along the path is {distance_m:.1f} m, reported {route.distance_m:.1f} m")
    duration = stops[-1].arrival_min - stops[0].departure_min
    if abs(duration - route.duration_min) > EPS_MIN:
        errors.append(f"{where}: duration is {duration:.2f} min by its stops, reported {route.duration_min:.2f}")
    errors += _shift_violations(scenario, route)
    per_km = vt.cost_per_km if vt else 0.0
    per_h = (vt.cost_per_hour if vt else 0.0) + wage_per_h
    cost = fixed_cost + per_km * route.distance_m / 1000 + per_h * route.duration_min / 60
    if abs(cost - route.cost) > 0.05:
        errors.append(f"{where}: cost recomputed is {cost:.2f}, reported {route.cost:.2f}")
    return errors


def _path_profile(scenario: Scenario, vt: VehicleType | None, path: list[str], where: str
                  ) -> tuple[list[float], list[float], list[str]]:
    """Metres and minutes from the path's start to each of its nodes (fastest allowed segment per step),
    and the steps that are not allowed."""
    errors: list[str] = []
    cum_m, cum_min = [0.0], [0.0]
    for i, (a, b) in enumerate(zip(path, path[1:], strict=False)):
        step_m, step_min, bad = _walk(scenario, vt, [a, b])
        errors += [f"{where}: path step {i} {x}" for x in bad]
        cum_m.append(cum_m[-1] + step_m)
        cum_min.append(cum_min[-1] + step_min)
    return cum_m, cum_min, errors


def _match_stops(scenario: Scenario, vt: VehicleType | None, route: Route,
                 profile: tuple[list[float], list[float]], service_min: dict[int, float]) -> tuple[list[str], float, bool]:
    """Each stop's place on the path, travel time and duration: the errors, the extra metres of swept segments
    longer than the fastest twin, and False when a stop cannot be placed (the errors then end the check)."""
    where, path, stops = f"route {route.id}", route.path, route.stops
    cum_m, cum_min = profile
    errors: list[str] = []
    swept_extra_m = 0.0  # a swept segment may be a longer twin of the fastest segment between its two nodes
    # Match each stop to its place on the path, in order. A node or arc can occur more than once
    # (passing by before stopping): take the last occurrence the travel time allows.
    position, clock = 0, stops[0].departure_min
    for k, stop in enumerate(stops[1:], start=1):
        if stop.kind in ("segment", "walk"):
            segment = scenario.index.segments.get(stop.ref)
            if segment is None or {stop.from_node, stop.node} != {segment.from_node, segment.to_node}:
                return errors + [f"{where}: stop {k} sweeps {stop.ref} from {stop.from_node} to {stop.node}, "
                                 "which are not that segment's ends"], swept_extra_m, False
            assert stop.from_node is not None  # it is one of the segment's ends (checked just above)
            if segment not in _arc_options(scenario, vt, stop.from_node, stop.node):
                errors.append(f"{where}: stop {k} sweeps {segment.id} ({segment.street_class}"
                              f"{', one-way' if segment.one_way else ''}) {stop.from_node}->{stop.node}: not allowed")
            found = [j for j in range(position, len(path) - 1) if (path[j], path[j + 1]) == (stop.from_node, stop.node)]
        elif stop.kind == "end":
            found = [len(path) - 1] if path[-1] == stop.node else []
        else:
            found = [j for j in range(position, len(path)) if path[j] == stop.node]
        if not found:
            return errors + [f"{where}: stop {k} ({stop.kind} {stop.ref} at {stop.node}) is not on the path in order"], \
                swept_extra_m, False
        budget = stop.arrival_min - clock + EPS_MIN
        slow = _rush_factor(scenario, vt, clock)
        fitting = [j for j in found if (cum_min[j] - cum_min[position]) * slow <= budget]
        target = fitting[-1] if fitting else found[0]
        travel_min = (cum_min[target] - cum_min[position]) * slow
        if not fitting:
            errors.append(f"{where}: stop {k} ({stop.kind} {stop.ref}) reached at {stop.arrival_min:.1f}, but the path "
                          f"from the previous stop takes {travel_min:.1f} min after {clock:.1f}")
        needed = service_min.get(k, 0.0)
        begin = stop.arrival_min if stop.start_min is None else stop.start_min
        if begin + EPS_MIN < stop.arrival_min:
            errors.append(f"{where}: stop {k} ({stop.kind} {stop.ref}) starts at {begin:.1f}, before it is reached "
                          f"at {stop.arrival_min:.1f}")
        if stop.departure_min + EPS_MIN < begin + needed:
            errors.append(f"{where}: stop {k} ({stop.kind} {stop.ref}) lasts {stop.departure_min - begin:.1f} "
                          f"min, needs {needed:.1f}")
        if stop.kind in ("segment", "walk") and segment is not None:
            swept_extra_m += segment.length_m - (cum_m[target + 1] - cum_m[target])
        position = target + 1 if stop.kind in ("segment", "walk") else target
        clock = stop.departure_min
    return errors, swept_extra_m, True


def _walk(scenario: Scenario, vt: VehicleType | None, nodes: list[str]) -> tuple[float, float, list[str]]:
    """Metres and minutes along consecutive nodes (fastest allowed parallel segment), and illegal steps."""
    metres = minutes = 0.0
    bad = []
    for a, b in zip(nodes, nodes[1:], strict=False):
        options = _arc_options(scenario, vt, a, b)
        if not options:
            known = _segments_between(scenario).get(frozenset((a, b)))
            bad.append(f"{a}->{b} " + ("uses a street the vehicle may not use in that direction" if known
                                        else "is not a street segment"))
            continue
        best = min(options, key=lambda g: (g.length_m / _speed(vt, g.street_class), g.length_m))
        metres += best.length_m
        minutes += best.length_m / 1000 / _speed(vt, best.street_class) * 60
    return metres, minutes, bad


def _shift_violations(scenario: Scenario, route: Route) -> list[str]:
    where = f"route {route.id}"
    shift = scenario.index.shifts.get(route.shift or "")
    if shift is None:
        return [f"{where}: unknown shift {route.shift!r}"]
    errors = []
    start, end = route.stops[0].departure_min, route.stops[-1].arrival_min
    if start + EPS_MIN < shift.start or end > shift.end + EPS_MIN:
        errors.append(f"{where}: works {start:.1f}-{end:.1f}, outside shift {shift.id} {shift.start}-{shift.end:.0f}")
    if end - start > shift.duration_min + shift.break_min + EPS_MIN:
        errors.append(f"{where}: lasts {end - start:.1f} min, longer than shift {shift.id} "
                      f"({shift.duration_min:.0f} min + {shift.break_min:.0f} min break)")
    if shift.break_min > 0:
        breaks = [s for s in route.stops if s.kind == "break"]
        stations = scenario.index.service_stations
        if not breaks and stations:
            errors.append(f"{where}: no {shift.break_min:.0f} min break at a service station")
        for s in breaks:
            if s.ref not in stations or stations[s.ref].node != s.node:
                errors.append(f"{where}: break at {s.ref} ({s.node}) is not at a service station")
            if s.departure_min - s.arrival_min + EPS_MIN < shift.break_min:
                errors.append(f"{where}: break at {s.ref} lasts {s.departure_min - s.arrival_min:.1f} min, "
                              f"needs {shift.break_min:.0f}")
    return errors


def wage(scenario: Scenario, skill: str) -> float:
    rates: dict[str, float] = {w.skill: w.cost_per_hour for w in scenario.costs.wages}
    return rates.get(skill, 0.0)


def _rush_factor(scenario: Scenario, vt: VehicleType | None, clock: float) -> float:
    """How much longer a leg leaving at ``clock`` takes: motor vehicles are slowed in rush hours."""
    if vt is None or vt.kind == "ebike":
        return 1.0
    minute = int(clock) % MINUTES_PER_DAY
    for w in scenario.simulation.rush_hours:
        if w.start <= minute < w.end or w.start <= minute + MINUTES_PER_DAY < w.end:
            return 1.0 / scenario.simulation.rush_speed_factor
    return 1.0
