"""Independent check of a toilet-round plan, recomputed from the scenario alone.

Shares no code with ``optimizer.toilets.planner``: the slots are recomputed here from each toilet's
opening hours and interval; route paths, times, shifts and costs are checked with the route
checks of :mod:`optimizer.checks.sweeping`.
"""

from __future__ import annotations

from optimizer.checks.common import route_violations, wage
from optimizer.common.norms import TOILET_CLEANING_MIN, TOILET_ROUND_HOURS_MIN
from optimizer.common.plan import RoutePlan
from scenarios.model import Scenario

_EPS_MIN = 0.02


def _slots(scenario: Scenario, toilet_id: str) -> list[tuple[float, float]]:
    toilet = scenario.index.toilets[toilet_id]
    grade = {g.grade: g.cleaning_interval_min for g in scenario.standards.toilet_grades}
    interval = toilet.cleaning_interval_min or grade[toilet.grade]
    first = max(toilet.opening.start, TOILET_ROUND_HOURS_MIN[0])
    last = min(toilet.opening.end, TOILET_ROUND_HOURS_MIN[1])
    out = []
    begin = float(first)
    while begin < last:
        out.append((begin, min(begin + interval, float(last))))
        begin += interval
    return out


def check_toilets(scenario: Scenario, part: RoutePlan) -> list[str]:
    """Readable violations of a toilet-round plan (empty = valid)."""
    errors: list[str] = []
    toilets = scenario.index.toilets
    cleanings: dict[str, list[list]] = {}
    for route in part.routes:
        service = {}
        for k, stop in enumerate(route.stops):
            if stop.kind != "toilet":
                continue
            toilet = toilets.get(stop.ref)
            if toilet is None or toilet.node != stop.node:
                errors.append(f"route {route.id}: stop {k} cleans {stop.ref} at {stop.node}, which is not that toilet")
                continue
            service[k] = TOILET_CLEANING_MIN
            begin = stop.departure_min - TOILET_CLEANING_MIN
            if begin + _EPS_MIN < toilet.opening.start or stop.departure_min > toilet.opening.end + _EPS_MIN:
                errors.append(f"route {route.id}: cleans {toilet.id} at {begin:.0f}-{stop.departure_min:.0f} min, "
                              f"outside its opening hours {toilet.opening}")
            cleanings.setdefault(toilet.id, []).append([begin, False])
        errors += route_violations(scenario, route, service_min=service, wage_per_h=wage(scenario, "toilet_cleaner"),
                                   fixed_cost=0.0)
    unserved = {u.ref: u.reason for u in part.unserved}
    for ref, reason in unserved.items():
        if not reason.strip():
            errors.append(f"unserved slot {ref} gives no reason")
    for toilet in scenario.facilities.toilets:
        for begin, end in _slots(scenario, toilet.id):
            ref = f"{toilet.id}@{int(begin) // 60:02d}:{int(begin) % 60:02d}"
            if ref in unserved:
                continue
            match = next((c for c in cleanings.get(toilet.id, []) if not c[1] and begin - _EPS_MIN <= c[0] < end), None)
            if match is None:
                errors.append(f"toilet {toilet.id}: slot {ref}-{int(end) // 60:02d}:{int(end) % 60:02d} has no "
                              "cleaning visit and is not listed unserved")
            else:
                match[1] = True
    total_m = sum(r.distance_m for r in part.routes)
    if abs(total_m - part.distance_m) > 1.0 + 1e-6 * total_m:
        errors.append(f"plan distance {part.distance_m:.1f} m != sum of routes {total_m:.1f} m")
    return errors
