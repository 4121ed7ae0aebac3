"""Independent check of a patrol plan: territories, beats, who walks them and the posts' duties.

Shares no code with ``optimizer.patrols``: the partition, each territory's connectivity, each post's
busiest spot, the streets' walking cycles, the facilities to inspect and the vendor zones' hours are
recomputed here from the scenario and its standards; route paths, times, shifts and costs use the route
checks of :mod:`optimizer.checks.common`. A duty the plan lists as undone (an ``Unserved`` entry
``date|post|kind|ref`` with a reason, or ``date|*`` for a whole day) is excused.
"""

from __future__ import annotations

from collections import Counter

from optimizer.checks.common import route_violations, wage
from optimizer.common.norms import HOTSPOT_STOP_MIN
from optimizer.common.plan import Route, RoutePlan
from scenarios.model import Scenario

WALK_KMH = 4.0


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


def _busiest_spot(scenario: Scenario, segment_ids: list[str]) -> set[str]:
    """Both ends of the territory's street with the most incidents (ties: longest, then smallest id)."""
    segs = scenario.index.segments
    if not segment_ids:
        return set()
    top = max(segs[s].incident_weight for s in segment_ids)
    chosen = min((s for s in segment_ids if segs[s].incident_weight == top), key=lambda s: (-segs[s].length_m, s))
    return {segs[chosen].from_node, segs[chosen].to_node}


def _territory_errors(scenario: Scenario, territories: dict[str, list[str]]) -> list[str]:
    errors: list[str] = []
    owners: dict[str, list[str]] = {}
    for chief, segment_ids in territories.items():
        if chief not in scenario.index.chiefs:
            errors.append(f"territory of unknown chief {chief}")
        for s in segment_ids:
            owners.setdefault(s, []).append(chief)
    for s in scenario.index.segments:
        if s not in owners:
            errors.append(f"segment {s} is in no territory")
        elif len(owners[s]) > 1:
            errors.append(f"segment {s} is in several territories: {owners[s]}")
    errors += [f"territory lists unknown segment {s}" for s in owners if s not in scenario.index.segments]
    for chief, segment_ids in territories.items():
        if not _connected(scenario, [s for s in segment_ids if s in scenario.index.segments]):
            errors.append(f"territory of {chief} is not connected")
    return errors


def _service(scenario: Scenario, route: Route) -> dict[int, float]:
    """Minutes each duty stop takes at least, after the standards (walks at foot or e-bike patrol pace)."""
    d = scenario.standards.patrol_duties
    vt = scenario.index.vehicle_types.get(route.vehicle_type or "")
    pace = vt.work_speed_kmh if vt is not None else WALK_KMH
    out: dict[int, float] = {}
    for k, stop in enumerate(route.stops):
        if stop.kind == "hotspot":
            out[k] = HOTSPOT_STOP_MIN
        elif stop.kind == "check":
            out[k] = d.vendor_check_min
        elif stop.kind == "inspect":
            out[k] = d.inspection_min
        elif stop.kind == "walk" and stop.ref in scenario.index.segments:
            out[k] = scenario.index.segments[stop.ref].length_m / 1000 / pace * 60 - 0.01
    return out


class _Excuses:
    """The plan's undone duties, looked up by date, post, kind and ref."""

    def __init__(self, part: RoutePlan) -> None:
        self.entries = {u.ref for u in part.unserved if u.reason.strip()}
        self.days = {u.ref.split("|")[0] for u in part.unserved if u.ref.endswith("|*") and u.reason.strip()}
        self.any_post = Counter((r.split("|")[0], r.split("|")[2], r.split("|")[3])
                                for r in self.entries if r.count("|") == 3)

    def has(self, date: str, post: str, kind: str, ref: str) -> bool:
        return date in self.days or f"{date}|{post}|{kind}|{ref}" in self.entries

    def count(self, date: str, kind: str, ref: str) -> int:
        return 10**6 if date in self.days else self.any_post[(date, kind, ref)]


def check_patrols(scenario: Scenario, part: RoutePlan) -> list[str]:
    """Readable violations of a patrol plan (empty = valid)."""
    errors = _territory_errors(scenario, part.territories)
    chief_workers = {c.worker for c in scenario.workforce.chiefs}
    for route in part.routes:
        skill = "chief" if route.crew in chief_workers else "enforcement_officer"
        errors += route_violations(scenario, route, service_min=_service(scenario, route),
                                   wage_per_h=wage(scenario, skill), fixed_cost=0.0)
    excuses = _Excuses(part)
    dates = sorted(part.on_duty)
    for date in dates:
        routes = [r for r in part.routes if r.date in (date, None)]
        errors += _who_walks(scenario, part, date, routes)
        errors += _zone_checks(scenario, date, routes, excuses)
        errors += _hotspot_passes(scenario, part, date, routes, excuses)
        errors += _officer_beats(scenario, part, date, routes)
    errors += _cycles(scenario, part, dates, excuses)
    return errors


def _who_walks(scenario: Scenario, part: RoutePlan, date: str, routes: list[Route]) -> list[str]:
    """Beats only for people on duty on their shift, one each; each chief post held by its holder when on duty."""
    errors: list[str] = []
    on_duty = part.on_duty.get(date, {})
    walkers = Counter(r.crew for r in routes)
    errors += [f"{date}: {w} walks {n} beats" for w, n in walkers.items() if n > 1]
    for r in routes:
        if on_duty.get(r.crew or "") != r.shift:
            errors.append(f"{date}: route {r.id} is walked by {r.crew} on shift {r.shift}, who is not on duty on it "
                          f"(roster: {on_duty.get(r.crew or '', 'off')})")
    covering = {p: r for r in routes for p in r.posts}
    chief_workers = {c.worker for c in scenario.workforce.chiefs}
    held = part.holders.get(date, {})
    for chief in scenario.workforce.chiefs:
        route = covering.get(chief.id)
        if chief.worker in on_duty and (route is None or route.crew != chief.worker):
            errors.append(f"{date}: post {chief.id}'s holder {chief.worker} is on duty but does not walk it")
        if route is not None and route.crew not in chief_workers:
            errors.append(f"{date}: post {chief.id} is covered by {route.crew}, who is not a chief")
        if held.get(chief.id, "") != (route.crew if route is not None else ""):
            errors.append(f"{date}: post {chief.id} is said to be held by {held.get(chief.id)!r}, "
                          f"but walked by {route.crew if route is not None else 'nobody'}")
    return errors


def _zone_checks(scenario: Scenario, date: str, routes: list[Route], excuses: _Excuses) -> list[str]:
    """Each vendor zone checked the standard's number of times in its hours, the standard's gap apart."""
    d = scenario.standards.patrol_duties
    starts: dict[str, list[float]] = {}
    for r in routes:
        for s in r.stops:
            if s.kind == "check":
                starts.setdefault(s.ref, []).append(s.start_min if s.start_min is not None else s.arrival_min)
    errors = []
    for zone in scenario.incidents.vendor_zones:
        kept, last = 0, None
        for t in sorted(starts.get(zone.id, [])):
            inside = zone.window.start - 1e-6 <= t and t + d.vendor_check_min <= zone.window.end + 1e-6
            if inside and (last is None or t - last >= d.vendor_check_gap_min - 1e-6):
                kept, last = kept + 1, t
        if kept + excuses.count(date, "check", zone.id) < d.vendor_zone_checks:
            errors.append(f"{date}: vendor zone {zone.id} ({zone.window}) is checked {kept} times in its hours, "
                          f"needs {d.vendor_zone_checks} at least {d.vendor_check_gap_min:.0f} min apart")
    return errors


def _hotspot_passes(scenario: Scenario, part: RoutePlan, date: str, routes: list[Route],
                    excuses: _Excuses) -> list[str]:
    """Each chief post's busiest spot passed ``hotspot_visits_per_day`` times by the beat covering the post."""
    needed = scenario.incidents.hotspot_visits_per_day
    errors = []
    for r in routes:
        want: Counter[str] = Counter()
        for post in r.posts:
            if post in part.territories:
                for node in _busiest_spot(scenario, part.territories[post]):
                    want[node] += needed
        got = Counter(s.node for s in r.stops if s.kind == "hotspot")
        for node, n in sorted(want.items()):
            if got[node] + excuses.count(date, "hotspot", node) < n:
                errors.append(f"{date}: hotspot {node} on route {r.id} is passed {got[node]} times, needs {n}")
    for chief, segment_ids in sorted(part.territories.items()):
        if needed and segment_ids and not any(chief in r.posts for r in routes):
            for node in sorted(_busiest_spot(scenario, segment_ids)):
                if not excuses.has(date, chief, "hotspot", node):
                    errors.append(f"{date}: hotspot {node} of {chief}'s territory is passed 0 times, needs {needed}")
    return errors


def _officer_beats(scenario: Scenario, part: RoutePlan, date: str, routes: list[Route]) -> list[str]:
    """Each enforcement unit keeps its response reserve: beats on a shift ≤ officers on it less the reserve."""
    share = scenario.standards.patrol_duties.response_reserve_share
    workers = scenario.index.workers
    on_duty = part.on_duty.get(date, {})
    chief_workers = {c.worker for c in scenario.workforce.chiefs}
    officers = Counter((workers[w].team, s) for w, s in on_duty.items() if w in workers and w not in chief_workers)
    beats = Counter((workers[r.crew].team, r.shift or "") for r in routes if r.crew in workers and r.crew not in chief_workers)
    return [f"{date}: unit {team} has {n} beats on shift {shift} of {officers[(team, shift)]} officers on duty, "
            f"keeping fewer in reserve than {share:.0%}"
            for (team, shift), n in sorted(beats.items())
            if n > officers[(team, shift)] - int(officers[(team, shift)] * share + 0.5)]


def _cycles(scenario: Scenario, part: RoutePlan, dates: list[str], excuses: _Excuses) -> list[str]:
    """Every street walked, every toilet and 驿站 inspected, once in each run of its cycle's days."""
    d = scenario.standards.patrol_duties
    segs = scenario.index.segments
    done: dict[tuple[str, str], set[str]] = {}
    for r in part.routes:
        for day in ([r.date] if r.date else dates):
            for s in r.stops:
                if s.kind in ("walk", "inspect"):
                    done.setdefault((s.kind, s.ref), set()).add(day)
    duties: list[tuple[str, str, str, int]] = []  # (post, kind, ref, every N days)
    for chief, segment_ids in sorted(part.territories.items()):
        duties += [(chief, "walk", s, d.walk_every_days[segs[s].cleaning_grade - 1]) for s in segment_ids if s in segs]
    owner = _node_owner(scenario, part.territories)
    places = [(t.id, t.node) for t in scenario.facilities.toilets] + [
        (s.id, s.node) for s in scenario.facilities.service_stations]
    duties += [(owner[node], "inspect", ref, d.inspect_every_days) for ref, node in places if node in owner]
    errors = []
    for post, kind, ref, every in duties:
        for first in range(0, len(dates) - every + 1):
            run = dates[first:first + every]
            if not any(day in done.get((kind, ref), ()) or excuses.has(day, post, kind, ref) for day in run):
                errors.append(f"{run[0]}..{run[-1]}: {kind} of {ref} ({post}) is not done once in {every} days")
                break
    return errors


def _node_owner(scenario: Scenario, territories: dict[str, list[str]]) -> dict[str, str]:
    """Each node → the territory with most streets at it (ties: smaller id): whose post inspects what is there."""
    segs = scenario.index.segments
    count: dict[str, Counter[str]] = {}
    for post, segment_ids in territories.items():
        for s in segment_ids:
            if s in segs:
                for node in (segs[s].from_node, segs[s].to_node):
                    count.setdefault(node, Counter())[post] += 1
    return {node: min(c, key=lambda p: (-c[p], p)) for node, c in count.items()}
