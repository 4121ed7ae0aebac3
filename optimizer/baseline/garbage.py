"""Today's garbage collection: each truck sweeps the points nearest its depot in bearing order.

A truck takes points in order while its shift lasts (planned to 90 % of it: slack for randomness,
queues and reloads), unloading at the nearest open station when the expected load nears capacity;
kitchen-waste trucks take the restaurants on the restaurant shift. Amounts are the points' mean
daily waste, as a dispatcher would reckon. Points no truck reaches or fits are unserved.
"""

from __future__ import annotations

import math

import numpy as np

from optimizer.common.network import Router, router_for
from optimizer.common.plan import Route, RoutePlan, Stop, Unserved
from scenarios.model import CollectionPoint, Scenario, ShiftTemplate, TransferStation, VehicleType
from scenarios.model.common import MINUTES_PER_DAY

from .common import Clock, angle_order, part, shift_for

PLANNING_SLACK = 0.9
MAX_WAIT_MIN = 30.0


def garbage_today(scenario: Scenario) -> RoutePlan:
    ix = scenario.index
    trucks = [v for v in scenario.fleet.vehicles
              if not v.spare and ix.vehicle_types[v.type].kind in ("compactor", "kitchen_waste")]
    has_kitchen = any(ix.vehicle_types[v.type].kind == "kitchen_waste" for v in trucks)
    routes: list[Route] = []
    unserved: list[Unserved] = []
    groups = [("kitchen_waste", "restaurant", lambda p: p.kind == "restaurant")] if has_kitchen else []
    groups.append(("compactor", "collection", (lambda p: p.kind != "restaurant") if has_kitchen else (lambda p: True)))
    for kind, shift_id, wanted in groups:
        shift = shift_for(scenario, shift_id, "driver")
        points = [p for p in scenario.collection_points if wanted(p) and p.mean_kg_per_day > 0]
        fleet = [v for v in trucks if ix.vehicle_types[v.type].kind == kind]
        depots = [d for d in scenario.facilities.depots if any(v.depot == d.id for v in fleet)]
        if not depots:
            unserved += [Unserved(kind="garbage", ref=p.id, reason="no truck of this kind") for p in points]
            continue
        by_depot: dict[str, list[CollectionPoint]] = {}
        for p in points:
            # The nearest depot as the crow flies (a dispatcher's map).
            pn = ix.nodes[p.node]
            k = int(np.argmin([(ix.nodes[d.node].lon - pn.lon) ** 2 + (ix.nodes[d.node].lat - pn.lat) ** 2
                               for d in depots]))
            by_depot.setdefault(depots[k].id, []).append(p)
        for depot in depots:
            pool = by_depot.get(depot.id, [])
            any_router = router_for(scenario, ix.vehicle_types[fleet[0].type])
            order = angle_order(any_router, scenario, depot.node, [p.node for p in pool]) if pool else []
            pool = [pool[i] for i in order]
            mine = [v for v in fleet if v.depot == depot.id]
            # Contiguous chunks of the sweep order, sized by each truck's share of the depot's capacity.
            caps = np.array([ix.vehicle_types[v.type].capacity_kg for v in mine])
            bounds = np.round(np.cumsum(caps) / caps.sum() * len(pool)).astype(int) if len(mine) else []
            left_over: list[CollectionPoint] = []
            lo = 0
            for v, hi in zip(mine, bounds, strict=True):
                chunk = left_over + pool[lo:hi]
                lo = hi
                route, left_over = _truck_route(scenario, v.id, ix.vehicle_types[v.type], depot.node, shift, chunk)
                if len(route.stops) > 2:
                    routes.append(route)
            unserved += [Unserved(kind="garbage", ref=p.id, reason="no truck capacity or time left") for p in left_over]
    return part("garbage", routes, unserved)


def _truck_route(scenario: Scenario, vehicle: str, vt: VehicleType, depot_node: str, shift: ShiftTemplate,
                 pool: list[CollectionPoint]) -> tuple[Route, list[CollectionPoint]]:
    """Take points from the pool in order while the shift lasts; unload at the nearest station when full."""
    router = router_for(scenario, vt)
    stations = scenario.facilities.transfer_stations
    station_nodes = [router.index[s.node] for s in stations]
    depot = router.index[depot_node]
    router.ensure([depot, *station_nodes, *(router.index[p.node] for p in pool)])
    end = shift.start + PLANNING_SLACK * shift.duration_min + shift.break_min
    clock = Clock(router, depot, float(shift.start))
    stops = [Stop(kind="start", ref=vehicle, node=depot_node, arrival_min=clock.t, departure_min=clock.t)]
    load, left = 0.0, []
    took_break = shift.break_min <= 0
    queue = [(p, False) for p in pool]
    k = 0
    while k < len(queue):
        p, retried = queue[k]
        k += 1
        node = router.index[p.node]
        if not math.isfinite(router.minutes(clock.here, node)) or not math.isfinite(router.minutes(node, depot)):
            left.append(p)
            continue
        if load + p.mean_kg_per_day > vt.capacity_kg * 0.9:
            stops.append(_unload(clock, stations, station_nodes))
            load = 0.0
        s_i = _nearest(router, station_nodes, node)
        back = router.minutes(node, station_nodes[s_i]) + stations[s_i].unload_min + router.minutes(station_nodes[s_i], depot)
        arrive = clock.arrive(node)
        if arrive + p.service_min + back > end:
            left.append(p)
            continue
        wait = _access_wait(p, arrive)
        if wait is not None and wait > MAX_WAIT_MIN and not retried:
            queue.append((p, True))  # closed now: come back at the end of the round
            continue
        if wait is None or arrive + wait + p.service_min + back > end:
            left.append(p)
            continue
        load += p.mean_kg_per_day
        stops.append(clock.stop("point", p.id, node, p.service_min, not_before=arrive + wait, load_kg=load))
        if not took_break and clock.t >= shift.start + shift.duration_min / 2:
            stops.append(clock.take_break(scenario, shift.break_min))
            took_break = True
    if load > 0:
        stops.append(_unload(clock, stations, station_nodes))
    stops.append(clock.stop("end", vehicle, depot, 0.0))
    route = Route(id=f"G-{vehicle}", kind="garbage", vehicle=vehicle, vehicle_type=vt.id, shift=shift.id,
                  stops=stops, duration_min=round(clock.t - shift.start, 3))
    return route, left


def _access_wait(point: CollectionPoint, t: float) -> float | None:
    """Minutes until the point's next access window opens (None: none left today)."""
    clock = t % MINUTES_PER_DAY
    for w in point.access_windows:
        if clock <= w.end:
            return max(0.0, w.start - clock)
    return None


def _nearest(router: Router, station_nodes: list[int], node: int) -> int:
    row = router.row(node)
    return int(np.argmin([row[s] for s in station_nodes]))


def _unload(clock: Clock, stations: list[TransferStation], station_nodes: list[int]) -> Stop:
    """Unload at the nearest station open on arrival (the nearest one when none is)."""
    row = clock.router.row(clock.here)
    open_now = [k for k, st in enumerate(stations)
                if st.opening.start <= (clock.t + row[station_nodes[k]]) % MINUTES_PER_DAY <= st.opening.end]
    k = min(open_now, key=lambda j: row[station_nodes[j]]) if open_now else _nearest(clock.router, station_nodes, clock.here)
    return clock.stop("unload", stations[k].id, station_nodes[k], stations[k].unload_min)
