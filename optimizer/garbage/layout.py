"""Laying a garbage truck's solver route out on the street graph: paths, windows, unloads, the break, the shift.

Shared by the planner and the re-planning pins (``optimizer.garbage.pins``).
"""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.common.network import router_for
from optimizer.common.plan import Route, Stop
from optimizer.common.timeline import (
    Router,
    RouteSpec,
    Work,
    crew_wage_per_h,
    departure_for,
    make_route,
    with_break,
)
from optimizer.garbage.model import SECOND, Subproblem, point_id
from optimizer.routing.solution import RoutingSolution
from scenarios.model import Scenario, VehicleType
from scenarios.model.common import MINUTES_PER_DAY


def lay_out_routes(scenario: Scenario, sub: Subproblem, solution: RoutingSolution) -> tuple[list[Route], set[str]]:
    """Timed routes on the street graph for the solver's routes; and the points dropped to fit the shift."""
    problem = sub.problem
    assert problem is not None
    free = {t: list(v) for t, v in sub.vehicles.items()}
    routes: list[Route] = []
    dropped: set[str] = set()
    routers: dict[str, Router] = {}
    for solver_route in solution.routes:
        vt = sub.vehicle_types[solver_route.vehicle_type]
        vehicle = free[vt.id].pop(0)
        router = routers.setdefault(vt.id, router_for(scenario, vt))
        works: list[Work] = []
        for stop in solver_route.stops:
            if stop.kind == "client":
                p = sub.points[problem.client_index(stop.location)]
                works.append(Work("point", point_id(p.id), router.index[p.node], router.index[p.node], p.service_min,
                                  window=sub.windows[p.id], load_kg=sub.demand_kg[p.id]))
            elif stop.kind == "reload":
                works.append(unload_work(scenario, router, sub.stations[stop.location - 1]))
        works.append(unload_work(scenario, router, sub.end_station))
        spec = truck_spec(scenario, router, vehicle, vt, sub.depot, sub.shift.id)
        route, lost = fit_in_shift(router, spec, works, sub, break_stations(scenario, router))
        dropped |= lost
        if route is not None:
            routes.append(route)
    routes += idle_trucks_take(scenario, sub, free, dropped)
    return routes, dropped


def idle_trucks_take(scenario: Scenario, sub: Subproblem, free: dict[str, list[str]], dropped: set[str]) -> list[Route]:
    """Points a route dropped to end in time (rush hours are slower than the solver's average) go on the
    subproblem's idle trucks: nearest point next, a reload trip when full. ``dropped`` keeps what is still left."""
    routes: list[Route] = []
    for vt in sorted(sub.vehicle_types, key=lambda t: -t.capacity_kg):
        router = router_for(scenario, vt)
        home = router.index[scenario.index.depots[sub.depot].node]
        while dropped and free.get(vt.id):
            left = sorted(dropped)
            order: list[Work] = []
            here = home
            while left:  # nearest point next, by the window it opens in
                row = router.row(here)
                p_id = min(left, key=lambda p: (sub.windows[p][0], row[router.index[scenario.index.points[p].node]], p))
                left.remove(p_id)
                order.append(point_work(scenario, router, p_id, sub))
                here = order[-1].exit
            works = reload_where_full(scenario, router, sub, order, vt.capacity_kg)
            works.append(unload_work(scenario, router, sub.end_station))
            spec = truck_spec(scenario, router, free[vt.id].pop(0), vt, sub.depot, sub.shift.id)
            route, lost = fit_in_shift(router, spec, works, sub, break_stations(scenario, router))
            if route is None:
                break
            routes.append(route)
            dropped -= {s.ref for s in route.stops if s.kind == "point"}
    return routes


def reload_where_full(scenario: Scenario, router: Router, sub: Subproblem, points: list[Work],
                       capacity_kg: float) -> list[Work]:
    out: list[Work] = []
    load = 0.0
    stations = sub.stations or [sub.end_station]
    for w in points:
        if load + w.load_kg > capacity_kg and out:
            row = router.row(out[-1].exit)  # the station nearest the last point
            nearest = min(stations, key=lambda st: (row[router.index[scenario.index.transfer_stations[st].node]], st))
            out.append(unload_work(scenario, router, nearest))
            load = 0.0
        out.append(w)
        load += w.load_kg
    return out


def truck_spec(scenario: Scenario, router: Router, vehicle: str, vt: VehicleType, depot: str, shift_id: str) -> RouteSpec:
    """Who drives a garbage route and from where (its home depot, there and back)."""
    home = router.index[scenario.index.depots[depot].node]
    return RouteSpec(id=f"garbage-{shift_id}-{vehicle}", kind="garbage", start_node=home, end_node=home,
                     start_ref=depot, end_ref=depot, vehicle=vehicle, vehicle_type=vt, crew=None, shift=shift_id,
                     wage_per_h=_crew_wage(scenario, vt), fixed_cost=vt.fixed_cost_per_day)


def break_stations(scenario: Scenario, router: Router) -> list[tuple[str, int]]:
    return [(s.id, router.index[s.node]) for s in scenario.facilities.service_stations]


def point_work(scenario: Scenario, router: Router, point_id: str, sub: Subproblem) -> Work:
    p = scenario.index.points[point_id]
    return Work("point", p.id, router.index[p.node], router.index[p.node], p.service_min,
                window=sub.windows.get(p.id, sub.windows.get(p.id + SECOND, (0, MINUTES_PER_DAY))), load_kg=sub.demand_kg[p.id])


def lay_out(router: Router, spec: RouteSpec, works: list[Work], shift, stations: list[tuple[str, int]]) -> Route | None:
    """The timed route with its break, or None when a window fails or it ends after the shift."""
    depart = departure_for(router, works, spec.start_node, shift.start)
    rested = with_break(router, works, spec.start_node, spec.end_node, depart, stations, shift.break_min, shift.end)
    route = make_route(router, spec, rested, departure_for(router, rested, spec.start_node, shift.start))
    return route if route is not None and route.stops[-1].arrival_min <= shift.end + 1e-6 else None


def unload_work(scenario: Scenario, router: Router, station_id: str) -> Work:
    st = scenario.index.transfer_stations[station_id]
    return Work("unload", st.id, router.index[st.node], router.index[st.node], st.unload_min,
                window=(float(st.opening.start), float(st.opening.end) - st.unload_min))


def _crew_wage(scenario: Scenario, vt: VehicleType) -> float:
    return sum(crew_wage_per_h(scenario, c.skill, c.count) for c in vt.crew)


def fit_in_shift(router: Router, spec: RouteSpec, works: list[Work], sub: Subproblem,
                  stations: list[tuple[str, int]]) -> tuple[Route | None, set[str]]:
    """Lay the route out with its break; while it ends too late, drop the last point (unloads stay)."""
    shift = sub.shift
    kept = list(works)
    dropped: set[str] = set()
    while any(w.kind == "point" for w in kept):
        kept = _tidy_unloads(kept)
        route = lay_out(router, spec, kept, shift, stations)
        if route is not None:
            return with_loads(route, sub.demand_kg), dropped
        last = max(i for i, w in enumerate(kept) if w.kind == "point")
        dropped.add(kept.pop(last).ref)
    return None, dropped


def _tidy_unloads(works: list[Work]) -> list[Work]:
    """No two unloads in a row (a dropped point can leave an empty trip)."""
    out: list[Work] = []
    for w in works:
        if w.kind == "unload" and out and out[-1].kind == "unload":
            out[-1] = w  # keep the later one: it is the trip's real end station
            continue
        out.append(w)
    return out


def with_loads(route: Route, demand_kg: Mapping[str, float]) -> Route:
    """Load on board after each stop: points add their waste, unloads empty the truck."""
    load = 0.0
    stops: list[Stop] = []
    for s in route.stops:
        if s.kind == "point":
            load += demand_kg[s.ref]
        elif s.kind == "unload":
            load = 0.0
        stops.append(s.model_copy(update={"load_kg": round(load, 3)}))
    return route.model_copy(update={"stops": stops})
