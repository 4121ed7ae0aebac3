"""Patrol beats of the chiefs (街长/路长/巷长): territories, then a day's round past every hotspot.

Territories come from :mod:`optimizer.patrols.territories`. A territory's hotspots are the vendor zones
(定时定点定区域) at its streets' nodes and both ends of its segment with the highest incident
weight. The chief's shift (the one listing the 'chief' skill) is split into
``incidents.hotspot_visits_per_day`` equal rounds; in each round the chief passes every hotspot
(``HOTSPOT_STOP_MIN`` at each), so the passes are spread over the day; the day starts and ends at
the micro-service station (驿站) nearest the hotspots. A round's order is the shortest tour of its few hotspots
(exact enumeration up to 7, nearest neighbour beyond). Chiefs walk when the rounds fit on foot,
else ride an e-bike. The break is inserted at a service station.
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from optimizer.common.network import router_for
from optimizer.common.norms import BREAK_DETOUR_RESERVE_MIN, HOTSPOT_STOP_MIN
from optimizer.common.plan import Route, RoutePlan, Unserved
from optimizer.common.timeline import Router, RouteSpec, Work, crew_wage_per_h, make_route, with_break
from optimizer.patrols.territories import plan_territories
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario, ShiftTemplate


def hotspots(scenario: Scenario, segments: list[str]) -> list[str]:
    """Hotspot nodes of a territory: vendor zones on it, then the ends of its busiest segment."""
    if not segments:
        return []
    segs = scenario.index.segments
    nodes = {n for s in segments for n in (segs[s].from_node, segs[s].to_node)}
    found = [v.node for v in scenario.incidents.vendor_zones if v.node in nodes]
    busiest = max(segments, key=lambda s: (segs[s].incident_weight, segs[s].length_m, s))
    for node in (segs[busiest].from_node, segs[busiest].to_node):
        if node not in found:
            found.append(node)
    return list(dict.fromkeys(found))


def patrol_shift(scenario: Scenario) -> ShiftTemplate:
    """The chiefs' shift: the first listing the 'chief' skill (else the first day shift)."""
    for shift in sorted(scenario.shifts.templates, key=lambda s: s.start):
        if "chief" in shift.skills:
            return shift
    return min(scenario.shifts.templates, key=lambda s: (s.night, s.start))


def _tour(router: Router, base: int, nodes: list[int]) -> list[int]:
    """Shortest closed tour from base over nodes (exact up to 7 nodes, nearest neighbour beyond)."""
    if len(nodes) <= 1:
        return list(nodes)
    minutes = router.minutes_matrix([base, *nodes], [base, *nodes])
    minutes = np.where(np.isfinite(minutes), minutes, 1e6)
    ids = list(range(1, len(nodes) + 1))
    if len(nodes) <= 7:
        best = min(itertools.permutations(ids),
                   key=lambda p: (minutes[0, p[0]] + sum(minutes[a, b] for a, b in zip(p, p[1:], strict=False))
                                  + minutes[p[-1], 0], p))
        return [nodes[i - 1] for i in best]
    order, here, left = [], 0, set(ids)
    while left:
        here = min(left, key=lambda i: (minutes[here, i], i))
        order.append(here)
        left.discard(here)
    return [nodes[i - 1] for i in order]


def plan_patrols(scenario: Scenario, *, time_limit_s: float = 60.0, seed: int = 0, stop: StopFn = never_stop,
                 progress: ProgressFn = no_progress, previous: dict[str, list[str]] | None = None) -> RoutePlan:
    """Territories and each chief's patrol beat for the day (kind 'patrols').

    Deterministic: ``time_limit_s`` and ``seed`` are accepted for a uniform interface; the
    territory search stops early only when ``stop()`` says so.
    """
    del time_limit_s, seed
    started = time.monotonic()
    territories = plan_territories(scenario, previous, stop=stop)
    shift = patrol_shift(scenario)
    rounds = scenario.incidents.hotspot_visits_per_day
    walk = router_for(scenario, None)
    ebike_type = next((t for t in scenario.fleet.vehicle_types if t.kind == "ebike"), None)
    ebike = router_for(scenario, ebike_type) if ebike_type is not None else None
    stations = [(s.id, walk.index[s.node]) for s in scenario.facilities.service_stations]
    bases = stations or [(d.id, walk.index[d.node]) for d in scenario.facilities.depots]
    wage = crew_wage_per_h(scenario, "chief")
    routes: list[Route] = []
    unserved: list[Unserved] = []
    stopped = False
    chiefs = scenario.workforce.chiefs
    for n, chief in enumerate(chiefs):
        if stop():
            stopped = True
            unserved += [Unserved(kind="patrols", ref=f"{c.id}:{h}#{r + 1}", reason="planning stopped by the user")
                         for c in chiefs[n:] for h in hotspots(scenario, territories.assignment[c.id]) for r in range(rounds)]
            break
        if n % 20 == 0:
            progress(ProgressInfo(n / max(1, len(chiefs)), sum(r.cost for r in routes), "patrol beats"))
        spots = hotspots(scenario, territories.assignment[chief.id])
        if not spots or rounds == 0:
            continue
        route = None
        for router, vt in ((walk, None), (ebike, ebike_type)):
            if router is None:
                continue
            route = chief_beat(scenario, router, vt, chief.id, chief.worker, spots, bases, stations, shift, rounds, wage)
            if route is not None:
                break
        if route is None:
            unserved += [Unserved(kind="patrols", ref=f"{chief.id}:{h}#{r + 1}", reason=(
                f"the hotspots of {chief.id} cannot all be passed {rounds} times within shift {shift.id}, "
                "even by e-bike")) for h in spots for r in range(rounds)]
        else:
            routes.append(route)
    progress(ProgressInfo(1.0, sum(r.cost for r in routes), "patrol beats planned"))
    notes = [territories.summary(), f"chiefs on shift {shift.id}: {len(routes)} beats, "
             f"{sum(r.vehicle_type is not None for r in routes)} by e-bike"]
    if territories.disconnected:
        notes.append(f"territories left in pieces (street network not connected): {list(territories.disconnected)}")
    return RoutePlan(kind="patrols", routes=routes, unserved=unserved,
                     status="stopped" if stopped else ("feasible" if routes else "empty"),
                     engine="territories: local search; beats: exact tours", cost=round(sum(r.cost for r in routes), 2),
                     distance_m=round(sum(r.distance_m for r in routes), 3),
                     solve_time_s=round(time.monotonic() - started, 3), territories=territories.assignment, notes=notes)


def chief_beat(scenario: Scenario, router: Router, vehicle_type: object, chief: str, worker: str, spots: list[str],
          bases: list[tuple[str, int]], stations: list[tuple[str, int]], shift: ShiftTemplate, rounds: int,
          wage: float) -> Route | None:
    """The chief's day on one means of travel, or None when a round does not fit its window."""
    nodes = [router.index[h] for h in spots]
    to_spots = router.minutes_matrix([b for _, b in bases], nodes)
    base_id, base = bases[int(np.argmin(np.where(np.isfinite(to_spots), to_spots, 1e6).sum(axis=1)))]
    order = _tour(router, base, nodes)
    start = float(shift.start)
    end = float(shift.end) - shift.break_min - BREAK_DETOUR_RESERVE_MIN
    length = (end - start) / rounds
    works = []
    for r in range(rounds):
        window = (start + r * length, start + (r + 1) * length - HOTSPOT_STOP_MIN)
        works += [Work("hotspot", router.node_ids[node], node, node, HOTSPOT_STOP_MIN, window=window) for node in order]
    works = with_break(router, works, base, base, start, stations, shift.break_min, float(shift.end))
    spec = RouteSpec(id=f"patrol-{chief}", kind="patrols", start_node=base, end_node=base, start_ref=base_id,
                     end_ref=base_id, vehicle_type=vehicle_type, crew=worker, shift=shift.id,  # type: ignore[arg-type]
                     wage_per_h=wage)
    route = make_route(router, spec, works, start)
    if route is None or route.stops[-1].arrival_min > shift.end + 1e-6:
        return None
    return route
