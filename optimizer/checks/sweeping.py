"""Independent check of a sweeping plan, recomputed from the scenario alone.

Shares no code with the planners (``optimizer.sweeping``); it reads only the scenario, the plan
and the working norms (numbers) of ``optimizer.common.norms``. Route-level checks (path, order,
times, shift, break, distance and cost) are in :mod:`optimizer.checks.common`.
"""

from __future__ import annotations

from collections import Counter

from optimizer.checks.common import EPS_MIN, route_vehicle_type, route_violations, wage
from optimizer.common.norms import (
    LITTER_KG_PER_M2,
    MANUAL_STRIP_M,
    MANUAL_SWEEP_M2_PER_H,
    WATER_L_PER_KM_SWEPT,
)
from optimizer.common.plan import RoutePlan
from scenarios.model import Scenario, Segment, format_clock
from scenarios.model.common import MINUTES_PER_DAY


def check_sweeping(scenario: Scenario, part: RoutePlan) -> list[str]:
    """Readable violations of a sweeping plan (empty = valid)."""
    errors: list[str] = []
    segs = scenario.index.segments
    uses = Counter(r.vehicle for r in part.routes if r.vehicle)
    visits: dict[tuple[str, str, str], list[list]] = {}
    for route in part.routes:
        vt = route_vehicle_type(scenario, route)
        if route.vehicle_type and vt is None:
            errors.append(f"route {route.id}: unknown vehicle type {route.vehicle_type}")
            continue
        service: dict[int, float] = {}
        litter_kg = water_l = 0.0
        for k, stop in enumerate(route.stops):
            if stop.kind == "refill":
                litter_kg = water_l = 0.0
            if stop.kind != "segment" or stop.ref not in segs:
                continue
            g = segs[stop.ref]
            if vt is not None and g.street_class not in ("arterial", "secondary"):
                errors.append(f"route {route.id}: a sweeper sweeps {g.id}, a {g.street_class} street swept by hand")
            minutes = (g.length_m / 1000 / vt.work_speed_kmh * 60 if vt is not None
                       else g.length_m * min(g.width_m / g.sides, MANUAL_STRIP_M) / MANUAL_SWEEP_M2_PER_H * 60)
            service[k] = minutes
            begin = stop.start_min if stop.start_min is not None else stop.arrival_min
            visits.setdefault((g.id, stop.from_node or "", stop.node), []).append([begin, stop.departure_min, route.id])
            if vt is not None:
                litter_kg += g.length_m * g.width_m / g.sides * LITTER_KG_PER_M2
                water_l += g.length_m / 1000 * WATER_L_PER_KM_SWEPT
                if litter_kg > vt.capacity_kg + 1e-6:
                    errors.append(f"route {route.id}: hopper holds {litter_kg:.0f} kg after {g.id}, "
                                  f"capacity {vt.capacity_kg:.0f} kg (no refill stop before)")
                if vt.water_l > 0 and water_l > vt.water_l + 1e-6:
                    errors.append(f"route {route.id}: {water_l:.0f} l of water used by {g.id}, tank {vt.water_l:.0f} l")
        crew_wage = sum(wage(scenario, n.skill) * n.count for n in vt.crew) if vt else wage(scenario, "manual_sweeper")
        fixed = vt.fixed_cost_per_day / uses[route.vehicle] if vt and route.vehicle else 0.0
        errors += route_violations(scenario, route, service_min=service, wage_per_h=crew_wage, fixed_cost=fixed)
    unserved = {u.ref: u.reason for u in part.unserved}
    for ref, reason in unserved.items():
        if not reason.strip():
            errors.append(f"unserved pass {ref} gives no reason")
    excused = {ref.partition("#")[0] for ref in unserved}
    for g in scenario.street_graph.segments:
        if g.id in excused or g.cleaning_grade not in scenario.index.cleaning_grades:
            continue
        mechanical = g.street_class in ("arterial", "secondary")
        for options in _kerbs(g, mechanical):
            begins = sorted(v[0] for a, b in options for v in visits.get((g.id, a, b), []))
            problem = _standard_problem(scenario, g, begins)
            if problem:
                errors.append(f"segment {g.id} ({g.street_class}, grade {g.cleaning_grade}) kerb "
                              f"{' or '.join(f'{a}->{b}' for a, b in options)}: {problem}, and no pass of it is "
                              "listed unserved")
    total_m = sum(r.distance_m for r in part.routes)
    if abs(total_m - part.distance_m) > 1.0 + 1e-6 * total_m:
        errors.append(f"plan distance {part.distance_m:.1f} m != sum of routes {total_m:.1f} m")
    return errors


def _kerbs(g: Segment, mechanical: bool) -> list[list[tuple[str, str]]]:
    forward, backward = (g.from_node, g.to_node), (g.to_node, g.from_node)
    if g.one_way and mechanical:
        return [[forward]]
    return [[forward], [backward]] if g.sides == 2 else [[forward, backward]]


def _standard_problem(scenario: Scenario, g: Segment, begins: list[float]) -> str:
    """What of its grade's standard a kerb's passes (their start times) break: count, morning deadline, gaps."""
    grade = scenario.index.cleaning_grades[g.cleaning_grade]
    if len(begins) < grade.sweeps_per_day:
        return f"{len(begins)} passes, its grade needs {grade.sweeps_per_day}"
    if not begins:
        return ""
    deadline, end = grade.patrol_window.start, min(grade.patrol_window.end, MINUTES_PER_DAY)
    if begins[0] > deadline + EPS_MIN:
        return f"first pass at {format_clock(round(begins[0]))}, after the morning deadline {format_clock(deadline)}"
    if grade.max_gap_min is not None:
        times = [t for t in begins if t <= end] + [end]
        for a, b in zip(times, times[1:], strict=False):
            if b > deadline and b - a > grade.max_gap_min + EPS_MIN:
                return (f"{format_clock(round(a))}-{format_clock(round(b))} passes without a pass "
                        f"({b - a:.0f} min; its grade allows {grade.max_gap_min:.0f})")
    return ""
