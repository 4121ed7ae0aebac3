"""Independent check of a toilet-round plan, recomputed from the scenario alone.

Shares no code with ``optimizer.toilets``: for every toilet the cleanings of the plan are put in
time order and every interval of its assessed hours (``scenarios.assessment``: the standard) is
checked; an interval longer than the class allows must be explained by an unserved visit of that
toilet listed with a reason. Route paths, times, shifts and costs are checked by
:mod:`optimizer.checks.common`.
"""

from __future__ import annotations

from optimizer.checks.common import EPS_MIN, route_violations, wage
from optimizer.common.plan import RoutePlan
from scenarios.assessment import toilet_assessed_hours, toilet_cleaning_min, toilet_interval_min
from scenarios.model import Scenario, format_clock


def check_toilets(scenario: Scenario, part: RoutePlan) -> list[str]:
    """Readable violations of a toilet-round plan (empty = valid)."""
    errors: list[str] = []
    toilets = scenario.index.toilets
    cleanings: dict[str, list[float]] = {}
    for route in part.routes:
        service = {}
        for k, stop in enumerate(route.stops):
            if stop.kind != "toilet":
                continue
            toilet = toilets.get(stop.ref)
            if toilet is None or toilet.node != stop.node:
                errors.append(f"route {route.id}: stop {k} cleans {stop.ref} at {stop.node}, which is not that toilet")
                continue
            needed = toilet_cleaning_min(scenario, toilet.id)
            service[k] = needed
            begin = stop.start_min if stop.start_min is not None else stop.arrival_min
            if stop.departure_min + EPS_MIN < begin + needed:
                errors.append(f"route {route.id}: cleans {toilet.id} for {stop.departure_min - begin:.1f} min, "
                              f"its class needs {needed:.0f}")
            if begin + EPS_MIN < toilet.opening.start or stop.departure_min > toilet.opening.end + EPS_MIN:
                errors.append(f"route {route.id}: cleans {toilet.id} at {begin:.0f}-{stop.departure_min:.0f} min, "
                              f"outside its opening hours {toilet.opening}")
            cleanings.setdefault(toilet.id, []).append(begin)
        errors += route_violations(scenario, route, service_min=service, wage_per_h=wage(scenario, "toilet_cleaner"),
                                   fixed_cost=0.0)
    unserved: dict[str, list[float]] = {}
    for u in part.unserved:
        if not u.reason.strip():
            errors.append(f"unserved visit {u.ref} gives no reason")
        toilet_id, _, clock = u.ref.partition("@")
        if toilet_id not in toilets or len(clock) != 5:
            errors.append(f"unserved visit {u.ref} does not name a toilet and a time as TOILET@HH:MM")
            continue
        unserved.setdefault(toilet_id, []).append(int(clock[:2]) * 60 + int(clock[3:]))
    for toilet in scenario.facilities.toilets:
        errors += _interval_violations(scenario, toilet.id, cleanings.get(toilet.id, []), unserved.get(toilet.id, []))
    total_m = sum(r.distance_m for r in part.routes)
    if abs(total_m - part.distance_m) > 1.0 + 1e-6 * total_m:
        errors.append(f"plan distance {part.distance_m:.1f} m != sum of routes {total_m:.1f} m")
    return errors


def _interval_violations(scenario: Scenario, toilet_id: str, begins: list[float], excused: list[float]) -> list[str]:
    """Intervals longer than the standard with no unserved visit of the toilet listed inside them."""
    hours = toilet_assessed_hours(scenario, toilet_id)
    if hours is None:
        return []
    start, end = hours
    limit = toilet_interval_min(scenario, toilet_id)
    times = [start, *sorted(t for t in begins if start <= t <= end), end]
    out = []
    for a, b in zip(times, times[1:], strict=False):
        if b - a > limit + EPS_MIN and not any(a - limit <= x <= b for x in excused):
            out.append(f"toilet {toilet_id}: {format_clock(round(a))}-{format_clock(round(b))} passes without a cleaning "
                       f"({b - a:.0f} min, its standard allows {limit:.0f}) and no unserved visit explains it")
    return out
