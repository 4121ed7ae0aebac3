"""Independent check of a sweeping plan, recomputed from the scenario alone.

Shares no code with the planners (``optimizer.sweeping``); it reads only the scenario, the plan
and the working norms (numbers) of ``optimizer.common.norms``. Route-level checks (path, order,
times, shift, break, distance and cost) are in :mod:`optimizer.checks.common`.
"""

from __future__ import annotations

from collections import Counter

from optimizer.checks.common import EPS_MIN, route_vehicle_type, route_violations, wage
from optimizer.common.norms import LITTER_KG_PER_M2, MANUAL_SWEEP_M2_PER_H, WATER_L_PER_KM_SWEPT
from optimizer.common.plan import RoutePlan
from scenarios.model import Scenario, Segment


def required_sweeps(scenario: Scenario) -> dict[str, list[tuple[float, float]]]:
    """Segment id → the window of each required pass (recomputed from the cleaning grades)."""
    grades = {g.grade: g for g in scenario.standards.cleaning_grades}
    out = {}
    for g in scenario.street_graph.segments:
        grade = grades.get(g.cleaning_grade)
        if grade is None:
            continue
        mechanical = g.street_class in ("arterial", "secondary")
        count = (grade.mechanical_sweeps_per_day or grade.sweeps_per_day) if mechanical else grade.sweeps_per_day
        windows = grade.sweep_windows
        out[g.id] = [(windows[min(k, len(windows) - 1)].start, windows[min(k, len(windows) - 1)].end) for k in range(count)]
    return out


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
                       else g.length_m * g.width_m / g.sides / MANUAL_SWEEP_M2_PER_H * 60)
            service[k] = minutes
            visits.setdefault((g.id, stop.from_node or "", stop.node), []).append(
                [stop.departure_min - minutes, stop.departure_min, route.id, False])
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
    for seg_id, windows in required_sweeps(scenario).items():
        g = segs[seg_id]
        mechanical = g.street_class in ("arterial", "secondary")
        for k, (early, late) in enumerate(windows):
            ref = f"{seg_id}#{k + 1}"
            if ref in unserved:
                continue
            for options in _kerbs(g, mechanical):
                if not any(_take(visits.get((seg_id, a, b), []), early, late) for a, b in options):
                    errors.append(f"pass {ref} ({g.street_class}, window {early // 60:02.0f}:{early % 60:02.0f}-"
                                  f"{late // 60:02.0f}:{late % 60:02.0f}) is neither swept "
                                  f"{' or '.join(f'{a}->{b}' for a, b in options)} in its window nor listed unserved")
    total_m = sum(r.distance_m for r in part.routes)
    if abs(total_m - part.distance_m) > 1.0 + 1e-6 * total_m:
        errors.append(f"plan distance {part.distance_m:.1f} m != sum of routes {total_m:.1f} m")
    return errors


def _kerbs(g: Segment, mechanical: bool) -> list[list[tuple[str, str]]]:
    forward, backward = (g.from_node, g.to_node), (g.to_node, g.from_node)
    if g.one_way and mechanical:
        return [[forward]]
    return [[forward], [backward]] if g.sides == 2 else [[forward, backward]]


def _take(visits: list[list], early: float, late: float) -> bool:
    """Use up one visit that starts and ends inside [early, late]."""
    for visit in visits:
        if not visit[3] and visit[0] + EPS_MIN >= early and visit[1] <= late + EPS_MIN:
            visit[3] = True
            return True
    return False
