"""What today's way of working shares: shifts from the demand rules, the nearest 驿站, stops in time."""

from __future__ import annotations

import numpy as np

from optimizer.common.network import Router
from optimizer.common.plan import Route, RoutePlan, Stop, StopKind, Unserved, WorkKind
from scenarios.model import Scenario, ServiceStation, ShiftTemplate

NOTE = "baseline plan (today's way): optimizer.baseline"


def shift_for(scenario: Scenario, preferred: str, skill: str) -> ShiftTemplate:
    """The named shift, else the first shift of the skill, else the first shift."""
    ix = scenario.index
    if preferred in ix.shifts:
        return ix.shifts[preferred]
    for t in sorted(scenario.shifts.templates, key=lambda t: t.start):
        if not t.skills or skill in t.skills:
            return t
    return scenario.shifts.templates[0]


def shifts_with_demand(scenario: Scenario, skill: str) -> list[tuple[ShiftTemplate, int]]:
    """(shift, workers) from the demand rules of a skill (Monday's), in start order."""
    counts: dict[str, int] = {}
    for d in scenario.shifts.demand:
        if d.skill == skill and 0 in d.weekdays:
            counts[d.shift] = counts.get(d.shift, 0) + d.count
    out = [(scenario.index.shifts[s], n) for s, n in counts.items() if n > 0]
    return sorted(out, key=lambda x: x[0].start)


def angle_order(router: Router, scenario: Scenario, centre: str, nodes: list[str]) -> list[int]:
    """Indices of ``nodes`` in order of their bearing from ``centre`` (a sweep around it)."""
    ix = scenario.index.nodes
    c = ix[centre]
    xy = np.array([(ix[n].lon - c.lon, ix[n].lat - c.lat) for n in nodes]).reshape(len(nodes), 2)
    return list(np.argsort(np.arctan2(xy[:, 1], xy[:, 0]), kind="stable"))


def nearest_service_station(scenario: Scenario, router: Router, here: int) -> ServiceStation | None:
    """The micro-service station (驿站) nearest by travel time, where crews take their break."""
    stations = scenario.facilities.service_stations
    if not stations:
        return None
    row = router.row(here)
    return min(stations, key=lambda s: (row[router.index[s.node]], s.id))


class Clock:
    """A crew's position and time while today's way lays its stops out (legs leave at the current minute)."""

    def __init__(self, router: Router, node: int, t: float) -> None:
        self.router = router
        self.here = node
        self.t = t

    def arrive(self, node: int) -> float:
        """Arrival time at ``node`` leaving now (inf when it cannot be reached)."""
        return self.t + self.router.travel_min(self.here, node, self.t)

    # The keywords are the Stop's own fields (kind, ref, node, service, earliest start, load, entry node).
    def stop(self, kind: StopKind, ref: str, node: int, service_min: float, not_before: float | None = None,
             load_kg: float = 0.0, from_node: int | None = None) -> Stop:
        """Go to ``node`` (entering at ``from_node`` for a swept kerb), wait until ``not_before``, work."""
        entry = node if from_node is None else from_node
        arrival = self.arrive(entry)
        start = max(arrival, not_before) if not_before is not None else arrival
        ids = self.router.node_ids
        stop = Stop(kind=kind, ref=ref, node=ids[node], arrival_min=round(arrival, 3),
                    start_min=round(start, 3) if start > arrival + 1e-6 else None,
                    departure_min=round(start + service_min, 3), load_kg=round(load_kg, 3),
                    from_node=ids[from_node] if from_node is not None else None)
        self.t, self.here = start + service_min, node
        return stop

    def take_break(self, scenario: Scenario, minutes: float) -> Stop:
        station = nearest_service_station(scenario, self.router, self.here)
        if station is None:
            here = self.router.node_ids[self.here]
            stop = Stop(kind="break", ref="", node=here, arrival_min=round(self.t, 3),
                        departure_min=round(self.t + minutes, 3))
            self.t += minutes
            return stop
        return self.stop("break", station.id, self.router.index[station.node], minutes)


def part(kind: WorkKind, routes: list[Route], unserved: list[Unserved]) -> RoutePlan:
    return RoutePlan(kind=kind, routes=routes, unserved=unserved, status="feasible", engine="baseline", notes=[NOTE])
