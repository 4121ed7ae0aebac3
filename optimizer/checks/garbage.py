"""Independent check of a garbage-collection plan, recomputed from the scenario alone.

Shares no code with ``optimizer.garbage.planner`` or ``optimizer.garbage.model``: the day's waste per
point is recomputed from the scenario's generation model, windows from the access windows,
loads from the stops. Path, travel times, shift, break, distance and cost of each route are
checked with the route checks of :mod:`optimizer.checks.sweeping`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from optimizer.checks.common import route_vehicle_type, route_violations, wage
from optimizer.common.plan import Route, RoutePlan
from scenarios.assessment import collections_needed, planned_daily_kg
from scenarios.model import Scenario, format_clock

_EPS_MIN = 0.02
_EPS_KG = 0.01


def expected_kg(scenario: Scenario, day: dt.date) -> dict[str, float]:
    """The waste each collection of a point must have room for: the standard's quantile of its daily waste,
    shared between the collections it needs."""
    return {p.id: daily / collections_needed(p, daily) for p, daily in _daily(scenario, day)}


def _daily(scenario: Scenario, day: dt.date) -> list:
    holiday = day in scenario.calendar.holidays
    return [(p, planned_daily_kg(scenario, p, day.weekday(), holiday)) for p in scenario.collection_points]


def check_garbage(scenario: Scenario, part: RoutePlan, day: dt.date) -> list[str]:
    """Readable violations of a garbage plan made for ``day`` (empty = valid)."""
    errors: list[str] = []
    kg = expected_kg(scenario, day)
    served: Counter[str] = Counter()
    shifts_of_vehicle: dict[str, list[str]] = {}
    uses = Counter(r.vehicle for r in part.routes if r.vehicle)
    for route in part.routes:
        errors += _route_errors(scenario, route, kg, served, uses)
        if route.vehicle:
            shifts_of_vehicle.setdefault(route.vehicle, []).append(route.shift or "")
    for vehicle, shifts in shifts_of_vehicle.items():
        if len(set(shifts)) != len(shifts):
            errors.append(f"truck {vehicle} drives two routes in the same shift")
        errors += _overlaps(part.routes, vehicle)
    unserved = Counter(u.ref for u in part.unserved)
    for u in part.unserved:
        if not u.reason.strip():
            errors.append(f"unserved point {u.ref} gives no reason")
    for p, daily in _daily(scenario, day):
        needed = collections_needed(p, daily)
        times = served[p.id] + unserved[p.id]
        if times == 0:
            errors.append(f"point {p.id} is neither collected nor listed unserved")
        elif times != needed:
            errors.append(f"point {p.id} is collected {served[p.id]} times and listed unserved {unserved[p.id]} times; "
                          f"its standard needs {needed} collection(s) a day")
    total_m = sum(r.distance_m for r in part.routes)
    if abs(total_m - part.distance_m) > 1.0 + 1e-6 * total_m:
        errors.append(f"plan distance {part.distance_m:.1f} m != sum of routes {total_m:.1f} m")
    return errors


def _route_errors(scenario: Scenario, route: Route, kg: dict[str, float], served: Counter[str],
                  uses: Counter) -> list[str]:
    ix = scenario.index
    where = f"route {route.id}"
    vt = route_vehicle_type(scenario, route)
    if vt is None or vt.kind not in ("compactor", "kitchen_waste"):
        return [f"{where}: vehicle type {route.vehicle_type!r} is not a garbage truck"]
    vehicle = next((v for v in scenario.fleet.vehicles if v.id == route.vehicle), None)
    errors: list[str] = []
    if vehicle is None or vehicle.type != vt.id:
        errors.append(f"{where}: vehicle {route.vehicle!r} is not a {vt.id} of the fleet")
    elif route.stops and route.stops[0].node != ix.depots[vehicle.depot].node:
        errors.append(f"{where}: starts at {route.stops[0].node}, not at its home depot {vehicle.depot}")
    service: dict[int, float] = {}
    load = 0.0
    for k, stop in enumerate(route.stops):
        if stop.kind == "point":
            p = ix.points.get(stop.ref)
            if p is None or p.node != stop.node:
                errors.append(f"{where}: stop {k} collects {stop.ref} at {stop.node}, which is not that point")
                continue
            served[p.id] += 1
            service[k] = p.service_min
            begin = stop.departure_min - p.service_min
            if not any(w.start - _EPS_MIN <= begin <= w.end + _EPS_MIN for w in p.access_windows):
                errors.append(f"{where}: collects {p.id} from {format_clock(round(begin))}, outside its access windows "
                              f"{', '.join(f'{format_clock(round(w.start))}-{format_clock(round(w.end))}' for w in p.access_windows)}")
            if p.kind == "restaurant" and vt.kind == "compactor" and _has_kitchen_trucks(scenario):
                errors.append(f"{where}: restaurant {p.id} goes to a kitchen-waste truck, not a {vt.id}")
            load += kg[p.id]
        elif stop.kind == "unload":
            st = ix.transfer_stations.get(stop.ref)
            if st is None or st.node != stop.node:
                errors.append(f"{where}: stop {k} unloads at {stop.ref} ({stop.node}), which is not a transfer station")
                continue
            service[k] = st.unload_min
            begin = stop.departure_min - st.unload_min
            if begin + _EPS_MIN < st.opening.start or stop.departure_min > st.opening.end + _EPS_MIN:
                errors.append(f"{where}: unloads at {st.id} {format_clock(round(begin))}-{format_clock(round(stop.departure_min))}, outside its "
                              f"opening hours {format_clock(round(st.opening.start))}-{format_clock(round(st.opening.end))}")
            load = 0.0
        if load > vt.capacity_kg + _EPS_KG:
            errors.append(f"{where}: carries {load:.0f} kg after stop {k} ({stop.ref}), capacity {vt.capacity_kg:.0f} kg")
        if abs(stop.load_kg - load) > 1.0:
            errors.append(f"{where}: stop {k} reports {stop.load_kg:.0f} kg on board, recomputed {load:.0f} kg")
    if load > _EPS_KG:
        errors.append(f"{where}: returns to the depot with {load:.0f} kg on board (must unload first)")
    crew_wage = sum(wage(scenario, c.skill) * c.count for c in vt.crew)
    fixed = vt.fixed_cost_per_day / uses[route.vehicle] if route.vehicle else vt.fixed_cost_per_day
    errors += route_violations(scenario, route, service_min=service, wage_per_h=crew_wage, fixed_cost=fixed)
    return errors


def _overlaps(routes: list[Route], vehicle: str) -> list[str]:
    mine = sorted((r for r in routes if r.vehicle == vehicle), key=lambda r: r.stops[0].departure_min)
    return [f"truck {vehicle}: route {b.id} starts at {format_clock(round(b.stops[0].departure_min))} before route {a.id} ends "
            f"at {format_clock(round(a.stops[-1].arrival_min))}"
            for a, b in zip(mine, mine[1:], strict=False) if b.stops[0].departure_min + _EPS_MIN < a.stops[-1].arrival_min]


def _has_kitchen_trucks(scenario: Scenario) -> bool:
    kitchen = {t.id for t in scenario.fleet.vehicle_types if t.kind == "kitchen_waste"}
    return any(v.type in kitchen for v in scenario.fleet.vehicles)
