"""Public toilet (公厕) cleaning rounds that keep each toilet's interval standard.

The standard (``scenarios.assessment``): inside a toilet's assessed hours (opening hours cut to the
round hours; 24-hour toilets have an attendant outside them) no more than the class's interval may
pass between two cleanings, or from opening to the first, or from the last to closing. Each
toilet's day becomes a chain of visits whose windows guarantee that whatever time inside its window
each visit takes (``scenarios.assessment.gap_windows``); a visit is a client with that window (the class's
cleaning minutes, starting inside the window and the crew's working time) on the toilet_cleaner
shift covering the window most; a window no such shift reaches is unserved, with the reason.

Crews ride e-bikes (the scenario's 'ebike' vehicle type speeds; on foot when there is none) from a
base 驿站 near their zone; every crew is assumed to have an e-bike (the fleet's e-bikes are not
allocated between toilet crews and patrols here). The problem is split by zone (the zone of the streets at the toilet)
and shift, each solved on the routing portfolio with optional visits carrying a large prize, so
visits the crews cannot reach in time are reported unserved; the break is inserted afterwards at
a service station. Crews per shift come from the scenario's demand rules for toilet_cleaner (else
the cleaners shared over the shifts) and are shared between zones in proportion to their work.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from optimizer.common.network import router_for
from optimizer.common.norms import BREAK_DETOUR_RESERVE_MIN
from optimizer.common.plan import RoutePlan, Unserved
from optimizer.common.timeline import (
    Router,
    RouteSpec,
    SolveBudget,
    Work,
    budget_for,
    crew_wage_per_h,
    route_in_shift,
)
from optimizer.common.work_times import toilet_clean_min
from optimizer.routing.builder import ProblemBuilder, Scaling
from optimizer.routing.portfolio import solve_portfolio
from optimizer.toilets.leftovers import Leftover, Round, place_leftovers
from scenarios.assessment import planned_toilet_interval_min, toilet_assessed_hours, window_width
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario, ShiftTemplate, format_clock

SCALING = Scaling(distance_scale=1.0, time_scale=1.0, load_scale=1.0, cost_scale=10_000.0)
UNSERVED_PENALTY = 2_000.0  # CNY per missed visit: far above any routing saving
SKILL = "toilet_cleaner"
RETRY_S = 10.0  # budget of the one retry when no engine answered in time


@dataclass(frozen=True)
class Visit:
    toilet: str
    node: str
    slot: tuple[float, float]  # the window the standard's chain gives this visit
    window: tuple[float, float]  # allowed start of cleaning (the slot cut to the shift)
    shift: str
    clean_min: float

    @property
    def ref(self) -> str:
        return slot_ref(self.toilet, self.slot[0])


def slot_ref(toilet: str, start_min: float) -> str:
    """Id of a visit, by the opening of its window, e.g. ``WC001@08:00``."""
    return f"{toilet}@{int(start_min) // 60:02d}:{int(start_min) % 60:02d}"


#: Minutes of a crew's working time (``work_span``) left at its start and end for riding from and back to the base.
SHIFT_EDGE_MIN = (10.0, 15.0)


def toilet_slots(scenario: Scenario, toilet_id: str, phase_min: float = 0.0,
                 usable: list[tuple[float, float]] | None = None) -> list[tuple[float, float]]:
    """The windows of a toilet's cleanings today: any visit inside each keeps every interval.

    ``phase_min`` delays the toilet's chain of windows (kept below one spacing), so the toilets of a
    crew's round fall due one after the other instead of all at once. ``usable``: the spans in which
    crews can be cleaning (shifts less their edges); a window that would fall outside them moves
    earlier, into the span before (its gap to the window before only shrinks), and the chain goes
    on from there.
    """
    hours = toilet_assessed_hours(scenario, toilet_id)
    if hours is None:
        return []
    start, end = hours
    interval = planned_toilet_interval_min(scenario, toilet_id)  # the standard less a reserve for delays
    clean = toilet_clean_min(scenario, toilet_id)
    width = window_width(interval)
    spans = sorted(usable or [(start, end)])
    lo = start + phase_min % (interval - width)
    windows = [_inside(spans, lo, min(lo + width, end - clean), width)]
    while end - windows[-1][0] > interval + 1e-9:
        hi = min(windows[-1][0] + interval, end - clean)
        window = _inside(spans, hi - width, hi, width)
        if window[1] < hi and end - interval <= window[1]:
            window = (max(window[0], end - interval), window[1])  # moved earlier: let it still be the last one
        if window[0] <= windows[-1][0] + 1e-9:  # no usable time between: keep the standard's window
            window = (hi - width, hi)
        windows.append(window)
    # A cleaning begins early enough to end by closing.
    return [(min(a, end - clean), min(b, end - clean)) for a, b in windows]


def _inside(spans: list[tuple[float, float]], lo: float, hi: float, width: float) -> tuple[float, float]:
    """The window [lo, hi], or the last ``width`` minutes of usable time ending before hi when it has none."""
    if any(a <= hi and lo <= b for a, b in spans):
        return lo, hi
    before = [b for a, b in spans if b < lo]
    if not before:
        return lo, hi
    end = max(before)
    return end - width, end


def toilet_phases(scenario: Scenario, router: Router) -> dict[str, float]:
    """Each toilet's phase: its place on a round of its zone (nearest neighbour), in minutes of travel and work.

    Toilets that follow each other on the round fall due one after the other, so one crew can keep
    them all; where a round is longer than a toilet's spacing, the phases wrap around for more crews.
    """
    zone_of = zone_of_node(scenario)
    by_zone: dict[str, list[str]] = {}
    for t in sorted(scenario.facilities.toilets, key=lambda t: t.id):
        by_zone.setdefault(zone_of.get(t.node, "-"), []).append(t.id)
    toilets = scenario.index.toilets
    phases: dict[str, float] = {}
    for members in by_zone.values():
        nodes = [router.index[toilets[t].node] for t in members]
        minutes = router.minutes_matrix(nodes, nodes)
        minutes = np.where(np.isfinite(minutes), minutes, 1e6)
        order, left, clock = [0], set(range(1, len(members))), 0.0
        phases[members[0]] = 0.0
        while left:
            here = order[-1]
            nxt = min(left, key=lambda j: (minutes[here, j], j))
            clock += toilet_clean_min(scenario, members[here]) + float(minutes[here, nxt])
            phases[members[nxt]] = clock
            order.append(nxt)
            left.discard(nxt)
    return phases


def toilet_shifts(scenario: Scenario) -> list[ShiftTemplate]:
    """The shifts toilet cleaners work (those listing the skill, or open to every skill)."""
    return [s for s in scenario.shifts.templates if not s.skills or SKILL in s.skills]


def work_span(shift: ShiftTemplate) -> tuple[float, float]:
    """When a crew of the shift can be cleaning: the shift less its break and the detour to a 驿站 at the end
    (the break is placed between visits afterwards)."""
    return float(shift.start), float(shift.end) - shift.break_min - BREAK_DETOUR_RESERVE_MIN


#: Minutes a visit is reckoned to take a crew when sharing visits out between shifts (cleaning plus the ride).
VISIT_LOAD_RIDE_MIN = 10.0


def required_visits(scenario: Scenario, phases: dict[str, float] | None = None) -> tuple[list[Visit], list[Unserved]]:
    """Every visit the standard needs, on a shift, or unserved when no toilet_cleaner shift reaches it.

    A visit goes to a shift whose comfortable span (away from the edges, where crews ride out and
    back) holds its window; among those, the one least loaded for its crews, so the hand-over hours
    are shared between the shifts on either side.
    """
    candidates: list[tuple[float, str, str, tuple[float, float], float, list[tuple[ShiftTemplate, tuple[float, float], float]]]] = []
    unserved: list[Unserved] = []
    shifts = toilet_shifts(scenario)
    phases = phases or {}
    for toilet in scenario.facilities.toilets:
        clean = toilet_clean_min(scenario, toilet.id)
        usable = [(work_span(s)[0] + SHIFT_EDGE_MIN[0], work_span(s)[1] - SHIFT_EDGE_MIN[1] - clean) for s in shifts]
        for slot in toilet_slots(scenario, toilet.id, phases.get(toilet.id, 0.0), usable):
            options = []
            for shift, (a, b) in zip(shifts, usable, strict=True):
                start, end = work_span(shift)
                window = (max(slot[0], start), min(slot[1], end - clean))
                if window[1] >= window[0]:
                    options.append((shift, window, min(slot[1], b) - max(slot[0], a)))
            if not options:
                unserved.append(Unserved(kind="toilets", ref=slot_ref(toilet.id, slot[0]), reason=(
                    f"staff: no toilet_cleaner shift works between {format_clock(round(slot[0]))} and "
                    f"{format_clock(round(slot[1]))}, when this cleaning is due")))
            else:
                candidates.append((slot[0], toilet.id, toilet.node, slot, clean, options))
    capacity = _shift_capacity(scenario, shifts)
    load = {s.id: 0.0 for s in shifts}
    visits = []
    for _, toilet_id, node, slot, clean, options in sorted(candidates, key=lambda c: (c[0], c[1])):
        comfortable = [o for o in options if o[2] >= 0] or options
        shift, window, _ = min(comfortable, key=lambda o: (_load_ratio(load[o[0].id] + clean, capacity.get(o[0].id, 0.0)),
                                                          -o[2], o[0].start))
        load[shift.id] += clean + VISIT_LOAD_RIDE_MIN
        visits.append(Visit(toilet_id, node, slot, window, shift.id, clean))
    return visits, unserved


def _shift_capacity(scenario: Scenario, shifts: list[ShiftTemplate]) -> dict[str, float]:
    """Crew-minutes each toilet_cleaner shift offers today (its crews from the demand rules × its working time)."""
    weekday = scenario.simulation.start_date.weekday()
    crews = {s.id: 0 for s in shifts}
    for rule in scenario.shifts.demand:
        if rule.skill == SKILL and rule.shift in crews and weekday in rule.weekdays:
            crews[rule.shift] += rule.count
    return {s.id: crews[s.id] * (work_span(s)[1] - work_span(s)[0]) for s in shifts}


def _load_ratio(load_min: float, capacity_min: float) -> float:
    """How full a shift would be; a shift with no crews takes a visit only when no other shift can."""
    return load_min / capacity_min if capacity_min > 0 else float("inf")


def zone_of_node(scenario: Scenario) -> dict[str, str]:
    """Each node's zone: the zone most of its streets belong to (a toilet's round is planned in its node's zone)."""
    votes: dict[str, Counter] = {}
    for g in scenario.street_graph.segments:
        for node in (g.from_node, g.to_node):
            votes.setdefault(node, Counter())[g.zone or "-"] += 1
    return {node: c.most_common(1)[0][0] for node, c in votes.items()}


def _crews(scenario: Scenario, shift_ids: set[str], work_min: dict[tuple[str, str], float]) -> dict[tuple[str, str], int]:
    """Crews per (zone, shift): the shift's cleaners shared by work minutes (largest remainder, >= 1)."""
    weekday = scenario.simulation.start_date.weekday()
    per_shift = {s: 0 for s in shift_ids}
    ruled = False
    for rule in scenario.shifts.demand:
        if rule.skill == SKILL and rule.shift in per_shift and weekday in rule.weekdays:
            per_shift[rule.shift] += rule.count
            ruled = True
    if not ruled and shift_ids:
        cleaners = sum(SKILL in w.skills for w in scenario.workforce.workers)
        per_shift = {s: cleaners // len(shift_ids) for s in shift_ids}
    out: dict[tuple[str, str], int] = {}
    for shift in shift_ids:
        keys = sorted(k for k in work_min if k[1] == shift)
        total = sum(work_min[k] for k in keys) or 1.0
        shares = {k: per_shift[shift] * work_min[k] / total for k in keys}
        for k in keys:
            # Every zone gets a crew when the shift has enough of them for every zone.
            out[k] = max(1, int(shares[k])) if per_shift[shift] >= len(keys) else int(shares[k])
        spare = per_shift[shift] - sum(out[k] for k in keys)
        for k in sorted(keys, key=lambda k: (-(shares[k] - int(shares[k])), k))[:max(0, spare)]:
            out[k] += 1
    return out


# The keywords are the planners' common interface (time, seed, stop, progress, engines, repeatability).
def plan_toilets(scenario: Scenario, *, time_limit_s: float = 60.0, seed: int = 0, stop: StopFn = never_stop,
                 progress: ProgressFn = no_progress, engines: tuple[str, ...] = ("pyvrp", "ortools"),
                 max_iterations: int | None = None) -> RoutePlan:
    """Plan the day's toilet cleaning rounds within about ``time_limit_s`` seconds (kind 'toilets').

    ``engines`` and ``max_iterations``: as in ``plan_sweeping`` (repeatable plans).
    """
    started = time.monotonic()
    ebike = next((t for t in scenario.fleet.vehicle_types if t.kind == "ebike"), None)
    router = router_for(scenario, ebike)
    visits, unserved = required_visits(scenario, toilet_phases(scenario, router))
    slot_count = len(visits) + len(unserved)
    zone_of = zone_of_node(scenario)
    groups: dict[tuple[str, str], list[Visit]] = {}
    for v in visits:
        groups.setdefault((zone_of.get(v.node, "-"), v.shift), []).append(v)
    crews = _crews(scenario, {k[1] for k in groups}, {k: sum(v.clean_min for v in g) for k, g in groups.items()})
    stations = [(s.id, router.index[s.node]) for s in scenario.facilities.service_stations]
    bases = stations or [(d.id, router.index[d.node]) for d in scenario.facilities.depots]
    keys = sorted(groups)
    rounds: list[Round] = []
    leftovers: list[Leftover] = []
    used_engines: set[str] = set()
    trace: list[tuple[float, float]] = []
    stopped = False
    for n, key in enumerate(keys):
        if stopped or stop():
            stopped = True
            unserved += [Unserved(kind="toilets", ref=v.ref, reason="planning stopped by the user") for v in groups[key]]
            continue
        progress(ProgressInfo(n / len(keys), _cost(rounds), f"toilets of zone {key[0]}, shift {key[1]}"))
        if crews[key] == 0:
            unserved += [Unserved(kind="toilets", ref=v.ref, reason=(
                f"staff: no toilet_cleaner of shift {key[1]} is left for zone {key[0]}")) for v in groups[key]]
            continue
        budget = budget_for(time_limit_s - (time.monotonic() - started), [len(groups[k]) for k in keys[n:]])
        found, missed, left, engine, was_stopped = _solve_zone(
            scenario, router, _Zone(key, groups[key], crews[key], bases, stations, ebike),
            SolveBudget(budget, seed, engines, max_iterations), stop)
        rounds += found
        unserved += missed
        leftovers += left
        used_engines |= {engine} if engine else set()
        stopped |= was_stopped
        trace.append((round(time.monotonic() - started, 2), _cost(rounds)))
    rounds, still = _give_leftovers(scenario, router, rounds, leftovers, crews, stations)
    unserved += [Unserved(kind="toilets", ref=v.ref, reason=(
        f"crew time exhausted: the {crews[(v.zone, v.shift)]} crews of zone {v.zone} on shift {v.shift}, and the "
        f"crews of the other shifts then, cannot also reach {v.toilet} in this slot")) for v in still]
    routes = sorted((r.route for r in rounds), key=lambda r: r.id)
    progress(ProgressInfo(1.0, _cost(rounds), "toilet rounds planned"))
    notes = [f"{slot_count} slots over {len(scenario.facilities.toilets)} toilets; "
             f"{len(keys)} zone/shift solves; crews per (zone, shift) {dict(sorted(crews.items()))}",
             f"24-hour toilets have an attendant outside the round hours {scenario.standards.toilet_round_hours}: "
             "no night rounds"]
    return RoutePlan(kind="toilets", routes=routes, unserved=unserved,
                     status="stopped" if stopped else ("feasible" if routes else ("empty" if not visits else "infeasible")),
                     engine="+".join(sorted(used_engines)), cost=round(sum(r.cost for r in routes), 2),
                     distance_m=round(sum(r.distance_m for r in routes), 3),
                     solve_time_s=round(time.monotonic() - started, 3), cost_trace=trace, notes=notes)


def _cost(rounds: list[Round]) -> float:
    return round(sum(r.route.cost for r in rounds), 2)


def _give_leftovers(scenario: Scenario, router: Router, rounds: list[Round], leftovers: list[Leftover],
                    crews: dict[tuple[str, str], int], stations: list[tuple[str, int]]) -> tuple[list[Round], list[Leftover]]:
    """Offer the visits a shift's crews could not reach to the other shifts' crews of the zone."""
    shifts = {s.id: s for s in toilet_shifts(scenario)}
    used = Counter((r.zone, r.spec.shift) for r in rounds)
    idle = {key: count - used[key] for key, count in crews.items()}
    work_end = {sid: work_span(s)[1] for sid, s in shifts.items()}
    return place_leftovers(router, leftovers, rounds, idle, shifts, work_end, stations)


@dataclass(frozen=True)
class _Zone:
    """One zone's visits on one shift, its crews, the bases they may start from and the 驿站 for breaks."""

    key: tuple[str, str]  # (zone, shift)
    visits: list[Visit]
    crews: int
    bases: list[tuple[str, int]]
    stations: list[tuple[str, int]]
    vehicle_type: object  # the e-bike type the crews ride, or None on foot


def _solve_zone(scenario: Scenario, router: Router, zone: _Zone, budget: SolveBudget, stop: StopFn
                ) -> tuple[list[Round], list[Unserved], list[Leftover], str, bool]:
    """The zone's rounds on one shift, the visits it cannot serve (with reasons) and those left for want of
    crew time (for the other shifts' crews to take)."""
    zone_id, shift_id = zone.key
    shift = scenario.index.shifts[shift_id]
    index = router.index
    nodes = [index[v.node] for v in zone.visits]
    base_id, base = _nearest_base(router, zone.bases, nodes)
    metres, seconds = router.matrices([base, *nodes])
    reachable = np.isfinite(seconds[0]) & np.isfinite(seconds[:, 0])
    builder = ProblemBuilder(scaling=SCALING, name=f"toilets {zone_id} {shift_id}")
    builder.add_depot(name=base_id)
    kept: list[Visit] = []
    unserved: list[Unserved] = []
    for v, ok in zip(zone.visits, reachable[1:], strict=True):
        if not ok:
            unserved.append(Unserved(kind="toilets", ref=v.ref, reason=f"toilet {v.toilet} cannot be reached from base {base_id}"))
            continue
        kept.append(v)
        builder.add_client(0.0, v.clean_min * 60, (v.window[0] * 60, v.window[1] * 60), required=False,
                           prize=UNSERVED_PENALTY, name=v.ref)
    if not kept:
        return [], unserved, [], "", False
    start_min, _ = work_span(shift)
    wage = crew_wage_per_h(scenario, SKILL)
    _add_crews(builder, zone, shift, wage)
    keep = [0] + [1 + i for i, ok in enumerate(reachable[1:]) if ok]
    problem = builder.build(metres[np.ix_(keep, keep)], seconds[np.ix_(keep, keep)])
    solution = solve_portfolio(problem, budget.params(), stop=stop)
    if solution.status == "no_solution" and not solution.stopped:
        # Engines that start slowly on a busy machine may not answer within a short budget: one longer try.
        solution = solve_portfolio(problem, budget.retry_params(RETRY_S), stop=stop)
    failure = None
    if solution.status != "feasible":  # never keep routes the validator rejects
        failure = "; ".join(solution.violations[:2]) or solution.status
        solution = solution.with_changes(routes=())
    rounds, served = [], set()
    for number, route in enumerate(solution.routes):
        works = [Work("toilet", v.toilet, index[v.node], index[v.node], v.clean_min, window=v.window)
                 for v in (kept[problem.client_index(s.location)] for s in route.stops if s.kind == "client")]
        spec = RouteSpec(id=f"toilets-{zone_id}-{shift_id}-{number + 1:02d}", kind="toilets", start_node=base,
                         end_node=base, start_ref=base_id, end_ref=base_id,
                         vehicle_type=zone.vehicle_type,  # type: ignore[arg-type]
                         crew=f"toilet-crew-{zone_id}-{shift_id}-{number + 1:02d}", shift=shift_id, wage_per_h=wage)
        built, dropped = route_in_shift(router, spec, works, start_min, float(shift.end), shift.break_min, zone.stations)
        if built is not None:
            done = [w for w in works if not any(w is d for d in dropped)]
            rounds.append(Round(built, done, spec, zone_id))
            served |= {(w.ref, w.window) for w in done}
    missed, left = _not_served(router, zone, kept, served, failure)
    return rounds, unserved + missed, left, solution.engine, solution.stopped


def _nearest_base(router: Router, bases: list[tuple[str, int]], nodes: list[int]) -> tuple[str, int]:
    """The station with the least total travel to the zone's toilets."""
    to_toilets = router.minutes_matrix([b for _, b in bases], sorted(set(nodes)))
    return bases[int(np.argmin(np.where(np.isfinite(to_toilets), to_toilets, 1e6).sum(axis=1)))]


def _add_crews(builder: ProblemBuilder, zone: _Zone, shift: ShiftTemplate, wage: float) -> None:
    """The zone's crews on the shift as one vehicle type (less the break's reserve)."""
    start_min, end_min = work_span(shift)
    vt = zone.vehicle_type
    # A crew that goes out is paid for its whole shift: that is its fixed cost.
    builder.add_vehicle_type(
        zone.crews, 1.0, fixed_cost=((vt.cost_per_hour if vt else 0.0) + wage) * shift.duration_min / 60,  # type: ignore[attr-defined]
        cost_per_m=(vt.cost_per_km / 1000 if vt else 0.0),  # type: ignore[attr-defined]
        cost_per_s=((vt.cost_per_hour if vt else 0.0) + wage) / 3600,  # type: ignore[attr-defined]
        shift_s=(start_min * 60, end_min * 60), max_duration_s=(shift.duration_min - BREAK_DETOUR_RESERVE_MIN) * 60,
        name=f"crew {zone.key[0]} {zone.key[1]}")


def _not_served(router: Router, zone: _Zone, kept: list[Visit], served: set[tuple[str, tuple[float, float] | None]],
                failure: str | None) -> tuple[list[Unserved], list[Leftover]]:
    """The kept visits no round makes: unserved when the solve failed, else left for other shifts' crews."""
    zone_id, shift_id = zone.key
    unserved: list[Unserved] = []
    left: list[Leftover] = []
    for v in kept:
        if (v.toilet, v.window) in served:
            continue
        if failure:
            unserved.append(Unserved(kind="toilets", ref=v.ref,
                                     reason=f"no valid plan found for zone {zone_id} on shift {shift_id} ({failure})"))
        else:
            left.append(Leftover(v.ref, v.toilet, router.index[v.node], zone_id, v.slot, v.clean_min, shift_id))
    return unserved, left

