"""Independent check of a patrol plan: territories and beats, recomputed from the scenario alone.

Shares no code with ``optimizer.patrols.planner`` or ``optimizer.patrols.territories``: the partition, each
territory's connectivity and its hotspots are recomputed here; route paths, times, shifts and
costs use the route checks of :mod:`optimizer.checks.sweeping`.
"""

from __future__ import annotations

from collections import Counter

from optimizer.checks.common import route_violations, wage
from optimizer.common.norms import HOTSPOT_STOP_MIN
from optimizer.common.plan import RoutePlan
from scenarios.model import Scenario


def _connected(scenario: Scenario, segment_ids: list[str]) -> bool:
    """True when the segments form one piece of street (sharing end nodes, direction ignored)."""
    if not segment_ids:
        return True
    segs = scenario.index.segments
    parent = {s: s for s in segment_ids}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    first_at: dict[str, str] = {}
    for s in segment_ids:
        for node in (segs[s].from_node, segs[s].to_node):
            if node in first_at:
                parent[root(s)] = root(first_at[node])
            else:
                first_at[node] = s
    return len({root(s) for s in segment_ids}) == 1


def _hotspots(scenario: Scenario, segment_ids: list[str]) -> set[str]:
    segs = scenario.index.segments
    if not segment_ids:
        return set()
    ends = {n for s in segment_ids for n in (segs[s].from_node, segs[s].to_node)}
    top = max(segs[s].incident_weight for s in segment_ids)
    busiest = [s for s in segment_ids if segs[s].incident_weight == top]
    chosen = max(busiest, key=lambda s: (segs[s].length_m, s))
    return {v.node for v in scenario.incidents.vendor_zones if v.node in ends} | {segs[chosen].from_node,
                                                                               segs[chosen].to_node}


def check_patrols(scenario: Scenario, part: RoutePlan) -> list[str]:
    """Readable violations of a patrol plan (empty = valid)."""
    errors: list[str] = []
    chiefs = scenario.index.chiefs
    territories = part.territories
    owners: dict[str, list[str]] = {}
    for chief, segment_ids in territories.items():
        if chief not in chiefs:
            errors.append(f"territory of unknown chief {chief}")
        for s in segment_ids:
            owners.setdefault(s, []).append(chief)
    for s in scenario.index.segments:
        if s not in owners:
            errors.append(f"segment {s} is in no territory")
        elif len(owners[s]) > 1:
            errors.append(f"segment {s} is in several territories: {owners[s]}")
    for s in owners:
        if s not in scenario.index.segments:
            errors.append(f"territory lists unknown segment {s}")
    for chief, segment_ids in territories.items():
        known = [s for s in segment_ids if s in scenario.index.segments]
        if not _connected(scenario, known):
            errors.append(f"territory of {chief} is not connected")

    by_worker = {c.worker: c.id for c in scenario.workforce.chiefs}
    visits: dict[str, Counter] = {}
    for route in part.routes:
        route_chief = by_worker.get(route.crew or "")
        if route_chief is None:
            errors.append(f"route {route.id}: crew {route.crew} is not a chief")
            continue
        service = {k: HOTSPOT_STOP_MIN for k, stop in enumerate(route.stops) if stop.kind == "hotspot"}
        visits.setdefault(route_chief, Counter()).update(stop.node for stop in route.stops if stop.kind == "hotspot")
        errors += route_violations(scenario, route, service_min=service, wage_per_h=wage(scenario, "chief"),
                                   fixed_cost=0.0)
    excused = Counter(u.ref.split("#")[0] for u in part.unserved if u.reason.strip())
    needed = scenario.incidents.hotspot_visits_per_day
    for chief, segment_ids in territories.items():
        known = [s for s in segment_ids if s in scenario.index.segments]
        for node in sorted(_hotspots(scenario, known)):
            got = visits.get(chief, Counter())[node] + excused[f"{chief}:{node}"]
            if got < needed:
                errors.append(f"hotspot {node} of {chief}'s territory is passed {got} times, needs {needed}")
    return errors
