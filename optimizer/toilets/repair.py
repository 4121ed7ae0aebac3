"""Repairing toilet rounds that end too late too often: the round hands its last visits to rounds with time to spare.

The robust check says by how many minutes a round must end earlier than planned to end within its
shift on the target share of days. The round is laid out again to end that much earlier, dropping
its last visits; each dropped visit keeps its slot (so the toilet's interval still holds) and goes to
a round of the same zone, on any shift working then, that still ends by its own limit (its planned
end plus the time it can spare and stay reliable). When some visit finds no such round, the round
is kept as it was: a late round is better than a missed cleaning.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from optimizer.common.network import Router, router_for
from optimizer.common.plan import Route, RoutePlan
from optimizer.common.timeline import RouteSpec, Work, crew_wage_per_h, route_in_shift
from optimizer.toilets.leftovers import Leftover, Round, place_leftovers, window_on
from optimizer.toilets.planner import (
    SKILL,
    required_visits,
    toilet_phases,
    toilet_shifts,
    work_span,
    zone_of_node,
)
from scenarios.model import Scenario, ShiftTemplate

ROUNDING_MIN = 0.01  # plan.json keeps times to a thousandth of a minute


@dataclass(frozen=True)
class RoundRepair:
    """What the repair did to one round: minutes taken off and the visits it handed on."""

    route: str
    minutes: float
    moved: tuple[str, ...]


def shorten_rounds(scenario: Scenario, part: RoutePlan, minutes: dict[str, float],
                   spare: dict[str, float]) -> tuple[RoutePlan, list[RoundRepair]]:
    """The toilets part with each round of ``minutes`` ending that much earlier than planned, where rounds
    of ``spare`` (round → minutes it may end later and stay reliable) take its last visits."""
    ebike = next((t for t in scenario.fleet.vehicle_types if t.kind == "ebike"), None)
    router = router_for(scenario, ebike)
    shifts = {s.id: s for s in toilet_shifts(scenario)}
    work_end = {sid: work_span(s)[1] for sid, s in shifts.items()}
    stations = [(s.id, router.index[s.node]) for s in scenario.facilities.service_stations]
    slots = _slots(scenario, router)
    zones = zone_of_node(scenario)
    rounds = [_round_of(scenario, router, r, shifts, work_end, slots, ebike, zones) for r in part.routes]
    known = [r for r in rounds if r is not None]
    done: list[RoundRepair] = []
    for route_id, need in sorted(minutes.items()):
        late = next((r for r in known if r.spec.id == route_id), None)
        if late is None or need <= 0:
            continue
        shift = shifts[late.spec.shift or ""]
        end = late.route.stops[-1].arrival_min - need
        shorter, dropped = route_in_shift(router, late.spec, late.works, float(shift.start), end, shift.break_min,
                                          stations)
        if shorter is None or not dropped:
            continue
        leftovers = [_leftover(w, late.zone, slots) for w in dropped]
        end_by = {r.spec.id: r.route.stops[-1].arrival_min + spare[r.spec.id] for r in known
                  if spare.get(r.spec.id, 0.0) > 0 and r is not late}
        trial = [Round(r.route, list(r.works), r.spec, r.zone) for r in known]
        _, still = place_leftovers(router, leftovers, trial, {}, shifts, work_end, stations, end_by)
        if still:
            continue  # a late round is better than a missed cleaning
        known = trial
        mine = next(r for r in known if r.spec.id == route_id)
        mine.route, mine.works = shorter, [w for w in late.works if not any(w is d for d in dropped)]
        done.append(RoundRepair(route_id, round(need, 1), tuple(v.ref for v in leftovers)))
    if not done:
        return part, []
    by_id = {r.spec.id: r.route for r in known}
    routes = [by_id.get(r.id, r) for r in part.routes]
    notes = list(part.notes) + [f"robust repair: {len(done)} late rounds end earlier; "
                                f"{sum(len(d.moved) for d in done)} visits moved to rounds with time to spare"]
    return part.model_copy(update={"routes": routes, "cost": round(sum(r.cost for r in routes), 2),
                                   "distance_m": round(sum(r.distance_m for r in routes), 3), "notes": notes}), done


def _slots(scenario: Scenario, router: Router) -> dict[str, list[tuple[float, float]]]:
    """Each toilet's slots today, as the planner made them."""
    visits, _ = required_visits(scenario, toilet_phases(scenario, router))
    out: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for v in visits:
        out[v.toilet].append(v.slot)
    return out


# One stored route back into a Round; the rest are the repair's lookups, built once for every route.
def _round_of(scenario: Scenario, router: Router, route: Route, shifts: dict[str, ShiftTemplate],
              work_end: dict[str, float], slots: dict[str, list[tuple[float, float]]],
              ebike: object, zones: dict[str, str]) -> Round | None:
    """The round as it was laid out: its visits with their windows on its shift (None when a visit matches
    no slot, e.g. a plan made with other standards)."""
    shift = shifts.get(route.shift or "")
    if shift is None or len(route.stops) < 2:
        return None
    works: list[Work] = []
    for stop in route.stops:
        if stop.kind != "toilet":
            continue
        begin = stop.start_min if stop.start_min is not None else stop.arrival_min
        slot = next((s for s in slots.get(stop.ref, []) if s[0] - ROUNDING_MIN <= begin <= s[1] + ROUNDING_MIN), None)
        clean = stop.departure_min - begin
        window = window_on(shift, slot, clean, work_end[shift.id]) if slot is not None else None
        if window is None:
            return None
        node = router.index[stop.node]
        works.append(Work("toilet", stop.ref, node, node, clean, window=window))
    first, last = route.stops[0], route.stops[-1]
    spec = RouteSpec(id=route.id, kind="toilets", start_node=router.index[first.node], end_node=router.index[last.node],
                     start_ref=first.ref, end_ref=last.ref, vehicle_type=ebike,  # type: ignore[arg-type]
                     crew=route.crew, shift=route.shift, wage_per_h=crew_wage_per_h(scenario, SKILL))
    if not works:
        return None
    # The zone the planner solved this round in: that of its toilets (all of one zone).
    zone = zones.get(next(s.node for s in route.stops if s.kind == "toilet"), "-")
    return Round(route, works, spec, zone)


def _leftover(work: Work, zone: str, slots: dict[str, list[tuple[float, float]]]) -> Leftover:
    """A dropped visit, with the slot its window came from; any shift may take it (its own too)."""
    assert work.window is not None
    slot = next(s for s in slots[work.ref] if s[0] - ROUNDING_MIN <= work.window[0] <= s[1] + ROUNDING_MIN)
    return Leftover(f"{work.ref}@{slot[0]:.0f}", work.ref, work.entry, zone, slot, work.service_min, shift="")
