"""Repairing garbage routes that end too late too often: the route gives up its last points to other trucks.

The robust check (``simulation.reliability``) says by how many minutes a route must end earlier than
planned to end within its shift on the target share of days. The route is laid out again to end that
much earlier, dropping its last points (its unloads stay). The points it drops, their windows closing
as many minutes earlier (the delays that made the route late would make them late too), go to the
subproblem's trucks that have no route today (nearest point next, a reload trip when full), else to
one route with time to spare, which fetches them after its last unload. When no truck can take every
dropped point the route is kept as it was: a late route is better than an uncollected point.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from optimizer.common.network import network_for, router_for
from optimizer.common.plan import Route, RoutePlan, Stop
from optimizer.common.timeline import Router, Work
from optimizer.garbage.layout import (
    break_stations,
    fit_in_shift,
    idle_trucks_take,
    point_work,
    reload_where_full,
    truck_spec,
    unload_work,
)
from optimizer.garbage.model import SECOND, Subproblem, make_subproblems
from scenarios.model import Scenario


@dataclass(frozen=True)
class RouteRepair:
    """What the repair did to one route: minutes taken off, points moved and the trucks that took them."""

    route: str
    minutes: float
    moved: tuple[str, ...]
    to_routes: tuple[str, ...]


def shorten_routes(scenario: Scenario, part: RoutePlan, minutes: dict[str, float], day: dt.date,
                   spare: dict[str, float] | None = None) -> tuple[RoutePlan, list[RouteRepair]]:
    """The garbage part with each route of ``minutes`` ending that much earlier than planned, where other
    trucks can take the points it drops; and what was repaired.

    The points go to trucks with no route today first, then to the routes of ``spare`` (route → minutes
    it may end later and still be reliable), which fetch them after their last unload.
    """
    subs, _ = make_subproblems(scenario, network_for(scenario), day)
    used = {r.vehicle for r in part.routes if r.vehicle}
    uses = Counter(r.vehicle for r in part.routes if r.vehicle)  # routes sharing a vehicle share its fixed cost
    spare = dict(spare or {})
    routes = list(part.routes)
    done: list[RouteRepair] = []
    for route_id, need in sorted(minutes.items()):
        at = next((i for i, r in enumerate(routes) if r.id == route_id), None)
        if at is None or need <= 0:
            continue
        route = routes[at]
        sub = _subproblem_of(subs, route)
        if sub is None:
            continue
        assert route.vehicle is not None  # _subproblem_of found sub by this route's vehicle
        cut = _shorter(scenario, sub, route, need, uses[route.vehicle])
        if cut is None:
            continue
        shorter, dropped = cut
        left = set(dropped)
        free = {t: [v for v in ids if v not in used] for t, ids in sub.vehicles.items()}
        wary = _with_margin(sub, dropped, need)
        extra = idle_trucks_take(scenario, wary, free, left)
        changed: dict[int, Route] = {}
        for k, other in sorted(enumerate(routes), key=lambda kr: (-spare.get(kr[1].id, 0.0), kr[1].id)):
            if not left:
                break
            if spare.get(other.id, 0.0) <= 0 or k == at or _subproblem_of(subs, other) is not sub:
                continue
            assert other.vehicle is not None  # _subproblem_of found sub by this route's vehicle
            longer = _fetch_after(scenario, wary, other, left, spare[other.id], uses[other.vehicle])
            if longer is not None:
                changed[k] = longer
                left.clear()
        if left:
            continue  # a late route is better than an uncollected point
        routes[at] = shorter
        for k, longer in changed.items():
            routes[k] = longer
            spare.pop(longer.id, None)
        routes += extra
        used |= {r.vehicle for r in extra if r.vehicle}
        done.append(RouteRepair(route_id, round(need, 1), tuple(sorted(dropped)),
                                tuple(r.id for r in extra) + tuple(routes[k].id for k in changed)))
    if not done:
        return part, []
    notes = list(part.notes) + [
        f"robust repair: {len(done)} late routes end earlier; {sum(len(d.moved) for d in done)} points moved "
        f"to {len({t for d in done for t in d.to_routes})} other trucks"]
    return part.model_copy(update={"routes": routes, "cost": round(sum(r.cost for r in routes), 2),
                                   "distance_m": round(sum(r.distance_m for r in routes), 3), "notes": notes}), done


def _with_margin(sub: Subproblem, points: set[str], margin_min: float) -> Subproblem:
    """The subproblem with the moved points' windows closing ``margin_min`` earlier: a truck taking them on
    is as exposed to the day's delays as the late route was, and a point reached after its window is skipped."""
    windows = dict(sub.windows)
    for p in points:
        lo, hi = windows[p]
        windows[p] = (lo, max(lo, hi - margin_min))
    return replace(sub, windows=windows)


def _subproblem_of(subs: list[Subproblem], route: Route) -> Subproblem | None:
    for sub in subs:
        if sub.shift.id == route.shift and any(route.vehicle in ids for ids in sub.vehicles.values()):
            return sub
    return None


def _shorter(scenario: Scenario, sub: Subproblem, route: Route, need_min: float,
             uses: int) -> tuple[Route, set[str]] | None:
    """The route laid out again to end ``need_min`` earlier, and the points it drops (None: nothing to drop)."""
    vt = scenario.index.vehicle_types[route.vehicle_type or ""]
    router = router_for(scenario, vt)
    works = _works_of(scenario, router, sub, route)
    spec = truck_spec(scenario, router, route.vehicle or "", vt, sub.depot, sub.shift.id)
    # The route must end need_min before it does now (the simulated days spread around the planned end).
    cut = sub.shift.end - (route.stops[-1].arrival_min - need_min)
    if cut <= 0:
        return None
    short_shift = sub.shift.model_copy(update={"duration_min": sub.shift.duration_min - cut})
    short_sub = replace(sub, shift=short_shift)
    shorter, dropped = fit_in_shift(router, spec, works, short_sub, break_stations(scenario, router))
    if shorter is None or not dropped:
        return None
    if any(p + SECOND in sub.windows for p in dropped):
        return None  # another truck would not know which of its two collections it takes
    # Same id and the same share of the vehicle's fixed cost as before (it may drive other shifts too).
    shorter = shorter.model_copy(update={"id": route.id, "cost": round(shorter.cost - vt.fixed_cost_per_day
                                                                       + vt.fixed_cost_per_day / max(1, uses), 2)})
    return shorter, dropped


def _fetch_after(scenario: Scenario, sub: Subproblem, route: Route, points: set[str], spare_min: float,
                 uses: int) -> Route | None:
    """The route with one more trip after its last unload for ``points``, ending at most ``spare_min`` later."""
    vt = scenario.index.vehicle_types[route.vehicle_type or ""]
    router = router_for(scenario, vt)
    works = _works_of(scenario, router, sub, route)
    order: list[Work] = []
    left, here = sorted(points), works[-1].exit if works else router.index[scenario.index.depots[sub.depot].node]
    while left:  # nearest point next
        row = router.row(here)
        p_id = min(left, key=lambda p: (row[router.index[scenario.index.points[p].node]], p))
        left.remove(p_id)
        order.append(point_work(scenario, router, p_id, sub))
        here = order[-1].exit
    trip = reload_where_full(scenario, router, sub, order, vt.capacity_kg) + [unload_work(scenario, router, sub.end_station)]
    end = min(sub.shift.end, route.stops[-1].arrival_min + spare_min)
    spec = truck_spec(scenario, router, route.vehicle or "", vt, sub.depot, sub.shift.id)
    short_sub = replace(sub, shift=sub.shift.model_copy(update={"duration_min": sub.shift.duration_min - (sub.shift.end - end)}))
    longer, dropped = fit_in_shift(router, spec, works + trip, short_sub, break_stations(scenario, router))
    if longer is None or dropped:
        return None
    return longer.model_copy(update={"id": route.id, "cost": round(longer.cost - vt.fixed_cost_per_day
                                                                     + vt.fixed_cost_per_day / max(1, uses), 2)})


def _works_of(scenario: Scenario, router: Router, sub: Subproblem, route: Route) -> list[Work]:
    return [w for w in (_work_of(scenario, router, sub, s) for s in route.stops) if w is not None]


def _work_of(scenario: Scenario, router: Router, sub: Subproblem, stop: Stop) -> Work | None:
    """The work item a planned stop was laid out from (points and unloads; the break is placed again)."""
    if stop.kind == "unload":
        return unload_work(scenario, router, stop.ref)
    if stop.kind != "point":
        return None
    p = scenario.index.points[stop.ref]
    client = stop.ref
    begin = stop.start_min if stop.start_min is not None else stop.arrival_min
    second = stop.ref + SECOND
    if second in sub.windows and begin >= sub.windows[second][0]:
        client = second  # the second collection of a point collected twice
    return Work("point", p.id, router.index[p.node], router.index[p.node], p.service_min,
                window=sub.windows[client], load_kg=sub.demand_kg[client])
