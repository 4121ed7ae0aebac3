"""Today's street sweeping: sweepers and crews on foot take the streets in id order until their shift is full.

Sweeper vehicles take the mechanical streets (one pass per mechanical sweep a day, one shift of the
sweeper operators each); the crews on foot take the remaining sweeps of every street in id order,
both kerbs at a time, with a break at the nearest 驿站 half-way. How long a sweep takes is the
planners' own norm (``optimizer.common.work_times``), so both ways of working are timed alike.
"""

from __future__ import annotations

from optimizer.common.network import router_for
from optimizer.common.plan import Route, RoutePlan, Stop, Unserved
from optimizer.common.work_times import manual_sweep_min, mechanical_sweep_min
from scenarios.model import Scenario, Segment, ShiftTemplate

from .common import Clock, part, shift_for, shifts_with_demand


def sweeping_today(scenario: Scenario) -> RoutePlan:
    ix = scenario.index
    sweepers = [v for v in scenario.fleet.vehicles if not v.spare and ix.vehicle_types[v.type].kind == "sweeper"]
    segs = scenario.street_graph.segments
    manual_sweeps: dict[str, int] = {}
    mech: dict[str, int] = {}
    for g in segs:
        grade = ix.cleaning_grades[g.cleaning_grade]
        can_drive = any(ix.vehicle_types[v.type].allows(g.street_class) for v in sweepers)
        m = grade.mechanical_sweeps_per_day if grade.method != "manual" and can_drive else 0
        if grade.method == "mechanical" and can_drive:
            m = max(m, 1)
        mech[g.id] = min(m, grade.sweeps_per_day)
    routes: list[Route] = []
    unserved: list[Unserved] = []
    mech_shifts = (shifts_with_demand(scenario, "sweeper_operator")
                   or [(shift_for(scenario, "early", "sweeper_operator"), len(sweepers))])
    for g in segs:
        # Sweeps beyond the sweeper shifts fall to the manual crews.
        mech[g.id] = min(mech[g.id], len(mech_shifts))
        manual_sweeps[g.id] = ix.cleaning_grades[g.cleaning_grade].sweeps_per_day - mech[g.id]
    for k, (shift, _) in enumerate(mech_shifts):
        todo = [g for g in segs if mech[g.id] > k]
        routes += _split(scenario, todo, [(v.id, v.type) for v in sweepers], shift, f"S{k + 1}", unserved)
    manual = (shifts_with_demand(scenario, "manual_sweeper")
              or [(shift_for(scenario, "early", "manual_sweeper"), 0)])
    workers = [w.id for w in scenario.workforce.workers if "manual_sweeper" in w.skills]
    used = 0
    for k, (shift, count) in enumerate(manual):
        crew = workers[used:used + (count or len(workers))]
        used += len(crew)
        todo = [g for g in segs if manual_sweeps[g.id] > k]
        routes += _split(scenario, todo, [(w, None) for w in crew], shift, f"M{k + 1}", unserved)
    return part("sweeping", routes, unserved)


def _split(scenario: Scenario, todo: list[Segment], crews: list[tuple[str, str | None]], shift: ShiftTemplate,
           tag: str, unserved: list[Unserved]) -> list[Route]:
    """Give each crew the next segments in id order until its shift is full."""
    ix = scenario.index
    todo = sorted(todo, key=lambda g: g.id)
    routes = []
    pos = 0
    for crew, vtype_id in crews:
        if pos >= len(todo):
            break
        vt = ix.vehicle_types[vtype_id] if vtype_id else None
        router = router_for(scenario, vt)
        end = shift.start + shift.duration_min
        clock: Clock | None = None
        stops: list[Stop] = []
        took_break = shift.break_min <= 0
        while pos < len(todo):
            g = todo[pos]
            if vt is not None and not vt.allows(g.street_class):
                unserved.append(Unserved(kind="sweeping", ref=g.id, reason="sweeper cannot drive this street class"))
                pos += 1
                continue
            a, b = router.index[g.from_node], router.index[g.to_node]
            work = g.sides * (mechanical_sweep_min(g, vt) if vt is not None else manual_sweep_min(g))
            if clock is None:
                clock = Clock(router, a, float(shift.start))
            arrive = clock.arrive(a)
            if arrive + work > end and stops:
                break
            stops.append(clock.stop("segment", g.id, b, work, from_node=a))
            pos += 1
            if vt is None and not took_break and clock.t >= shift.start + shift.duration_min / 2:
                stops.append(clock.take_break(scenario, shift.break_min))
                took_break = True
        if clock is not None:
            routes.append(Route(id=f"{tag}-{crew}", kind="sweeping", vehicle=crew if vt else None,
                                vehicle_type=vtype_id, crew=None if vt else crew, shift=shift.id, stops=stops,
                                duration_min=round(clock.t - shift.start, 3)))
    unserved += [Unserved(kind="sweeping", ref=g.id, reason=f"no crew left on shift {shift.id}") for g in todo[pos:]]
    return routes
