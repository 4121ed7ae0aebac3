"""Today's patrols: each chief walks the hotspots of his or her own streets, three rounds a day.

The streets are those the scenario gives each chief (no rebalancing of territories); a round passes
every hotspot in a fixed order from the nearest 驿站, on foot, by e-bike when the rounds do not fit
on foot. Officers have no beats: they respond to incidents only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from optimizer.common.network import router_for
from optimizer.common.norms import BREAK_DETOUR_RESERVE_MIN, HOTSPOT_STOP_MIN
from optimizer.common.plan import Route, RoutePlan
from optimizer.common.timeline import Router, RouteSpec, Work, crew_wage_per_h, make_route, with_break
from optimizer.patrols.posts import chief_shift
from scenarios.model import Chief, Scenario, ShiftTemplate, VehicleType

from .common import NOTE


def patrols_today(scenario: Scenario) -> RoutePlan:
    territories: dict[str, list[str]] = {}
    for g in scenario.street_graph.segments:
        if g.chief:
            territories.setdefault(g.chief, []).append(g.id)
    walk = router_for(scenario, None)
    ebike_type = next((t for t in scenario.fleet.vehicle_types if t.kind == "ebike"), None)
    stations = [(s.id, walk.index[s.node]) for s in scenario.facilities.service_stations]
    day = _Day(chief_shift(scenario), scenario.incidents.hotspot_visits_per_day,
               stations or [(d.id, walk.index[d.node]) for d in scenario.facilities.depots], stations,
               crew_wage_per_h(scenario, "chief"))
    routes: list[Route] = []
    for chief in scenario.workforce.chiefs:
        spots = hotspots(scenario, territories.get(chief.id, []))
        if not spots or day.rounds == 0:
            continue
        for vt in (None, ebike_type):
            route = chief_beat(router_for(scenario, vt), vt, chief, spots, day)
            if route is not None:
                routes.append(route.model_copy(update={"id": f"P-{chief.id}"}))
                break
    return RoutePlan(kind="patrols", routes=routes, status="feasible", engine="baseline", territories=territories,
                     notes=[NOTE, "chiefs walk their own streets' hotspots; officers respond to incidents only"])


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


@dataclass(frozen=True)
class _Day:
    """The chiefs' shift, hotspot rounds, the places a beat starts from and breaks at, and the wage."""

    shift: ShiftTemplate
    rounds: int
    bases: list[tuple[str, int]]
    stations: list[tuple[str, int]]
    wage: float


def chief_beat(router: Router, vehicle_type: VehicleType | None, chief: Chief, spots: list[str],
               day: _Day) -> Route | None:
    """The chief's day on one means of travel, or None when a round does not fit its window."""
    shift, rounds, bases, stations = day.shift, day.rounds, day.bases, day.stations
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
    spec = RouteSpec(id=f"patrol-{chief.id}", kind="patrols", start_node=base, end_node=base, start_ref=base_id,
                     end_ref=base_id, vehicle_type=vehicle_type, crew=chief.worker, shift=shift.id, wage_per_h=day.wage)
    route = make_route(router, spec, works, start)
    if route is None or route.stops[-1].arrival_min > shift.end + 1e-6:
        return None
    return route
