"""Locked stops when re-planning garbage collection: a point stays with the truck it had.

The routing engines cannot tie one client to one vehicle, so locked points are taken out of the
solve and put back afterwards: each goes into its truck's new route (same shift) at the position
that adds the least distance while every window, the truck's capacity between unloads and the
shift still hold; a truck with no route gets one for its locked points. A point that fits nowhere
in its truck's day is reported unserved with that reason, never moved to another truck.
"""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.common.network import router_for
from optimizer.common.plan import Route, RoutePlan, Unserved
from optimizer.common.timeline import Router, Work
from optimizer.garbage.layout import break_stations, lay_out, point_work, truck_spec, unload_work, with_loads
from optimizer.garbage.model import Subproblem
from scenarios.model import Scenario


def pinned_points(previous: RoutePlan, points: frozenset[str], locked_routes: frozenset[str]) -> dict[str, str]:
    """Point → the truck that collected it in the previous plan (points of locked routes are kept anyway)."""
    out = {}
    for route in previous.routes:
        if route.id in locked_routes or not route.vehicle:
            continue
        for stop in route.stops:
            if stop.kind == "point" and stop.ref in points:
                out[stop.ref] = route.vehicle
    return out


def insert_pinned(scenario: Scenario, routes: list[Route], pins: Mapping[str, str], sub_of_point: Mapping[str, Subproblem],
                  demand_kg: Mapping[str, float]) -> tuple[list[Route], list[Unserved]]:
    """Routes with every pinned point put back on its truck, and the pinned points that did not fit."""
    routes = list(routes)
    missed: list[Unserved] = []
    routers: dict[str, Router] = {}
    vehicles = {v.id: v for v in scenario.fleet.vehicles}
    for point_id, vehicle_id in sorted(pins.items()):
        sub = sub_of_point.get(point_id)
        vehicle = vehicles.get(vehicle_id)
        if sub is None or vehicle is None:
            missed.append(Unserved(kind="garbage", ref=point_id, reason=f"locked to truck {vehicle_id}, which is not in the fleet"))
            continue
        vt = scenario.index.vehicle_types[vehicle.type]
        router = routers.setdefault(vt.id, router_for(scenario, vt))
        at = next((k for k, r in enumerate(routes) if r.vehicle == vehicle_id and r.shift == sub.shift.id), None)
        if at is None:
            works = [unload_work(scenario, router, sub.end_station)]
        else:
            works = [_work_of(scenario, router, s.kind, s.ref, sub_of_point) for s in routes[at].stops
                     if s.kind in ("point", "unload")]
        new = point_work(scenario, router, point_id, sub)
        spec = truck_spec(scenario, router, vehicle_id, vt, vehicle.depot, sub.shift.id)
        best: Route | None = None
        unload = unload_work(scenario, router, sub.end_station)
        for i in range(len(works)):  # never after the last unload
            # As it is, or with a reload trip right after it when the truck is full there.
            for trial in (works[:i] + [new] + works[i:], works[:i] + [new, unload] + works[i:]):
                if not _within_capacity(trial, vt.capacity_kg):
                    continue
                route = lay_out(router, spec, trial, sub.shift, break_stations(scenario, router))
                if route is not None and (best is None or route.distance_m < best.distance_m):
                    best = route
        if best is None:
            missed.append(Unserved(kind="garbage", ref=point_id, reason=(
                f"locked to truck {vehicle_id}, which cannot also take it in its {sub.shift.id} shift "
                "(windows, capacity or shift length)")))
            continue
        best = with_loads(best, demand_kg)
        if at is None:
            routes.append(best)
        else:
            routes[at] = best
    return routes, missed


def _work_of(scenario: Scenario, router: Router, kind: str, ref: str, sub_of_point: Mapping[str, Subproblem]) -> Work:
    if kind == "unload":
        return unload_work(scenario, router, ref)
    return point_work(scenario, router, ref, sub_of_point[ref])


def _within_capacity(works: list[Work], capacity_kg: float) -> bool:
    load = 0.0
    for w in works:
        load = 0.0 if w.kind == "unload" else load + w.load_kg
        if load > capacity_kg + 1e-6:
            return False
    return True
