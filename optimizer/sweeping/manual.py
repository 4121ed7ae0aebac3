"""Manual sweeping: beats (责任区) of branch streets and back alleys, one crew per beat and shift.

Beats are grown over the street graph from a seed segment (west to east), breadth first through
segments of the same cleaning grade that share a node, until they reach about the grade's
``manual_m2_per_shift`` — or less when the grade's shortest sweep window (cut to its shift) could
not fit that much sweeping at ``MANUAL_SWEEP_M2_PER_H``; a leftover beat under half that size
then joins a touching beat when both fit. Each beat is swept by one crew on foot
per shift, who does every pass of that shift (e.g. the late crew of a grade-1 beat sweeps it at
13:30 and again at 20:00) and walks from and back to the nearest micro-service station (驿站).

The walking order of a beat's kerbs is a small arc-routing tour solved here by a deterministic
construction and local search, not by the routing portfolio (hundreds of beats of 5–30 kerbs
would spend most of their time starting solver processes): nearest-neighbour construction, then
relocate and direction-flip moves with exact cost deltas until no move improves the walk.
Beats without a crew left on the shift are reported unserved, higher grades staffed first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from optimizer.common.network import router_for
from optimizer.common.norms import MANUAL_SWEEP_M2_PER_H
from optimizer.common.plan import Route, Unserved
from optimizer.common.timeline import (
    Router,
    RouteSpec,
    Work,
    crew_wage_per_h,
    departure_for,
    make_route,
    route_in_shift,
)
from optimizer.common.work_times import kerb_area_m2, manual_sweep_min
from optimizer.sweeping.packing import BeatDay, pack_beats
from optimizer.sweeping.passes import SweepPass, effective_window
from scenarios.model import Scenario, Segment

WALK_ALLOWANCE = 0.85


def swept_m2(segment: Segment) -> float:
    """Area a crew on foot sweeps on one pass of a segment (every kerb lane)."""
    return kerb_area_m2(segment) * segment.sides  # share of a window left for sweeping once the walk between kerbs is counted


@dataclass(frozen=True)
class Beat:
    """A contiguous set of segments of one grade swept by one crew per shift."""

    id: str
    grade: int
    segments: tuple[str, ...]
    area_m2: float


def _target_area(scenario: Scenario, grade: int, passes: list[SweepPass]) -> float:
    standard = scenario.index.cleaning_grades[grade].manual_m2_per_shift
    windows = [w for w in (effective_window(scenario, p) for p in passes) if w is not None]
    if not windows:
        return standard
    shortest_min = min(end - start for start, end in windows)
    return min(standard, MANUAL_SWEEP_M2_PER_H * shortest_min / 60.0 * WALK_ALLOWANCE)


def build_beats(scenario: Scenario, passes: list[SweepPass]) -> list[Beat]:
    """Partition the segments of the manual passes into contiguous beats, grade by grade."""
    segs = scenario.index.segments
    nodes = scenario.index.nodes
    by_grade: dict[int, list[SweepPass]] = {}
    for p in passes:
        by_grade.setdefault(segs[p.segment].cleaning_grade, []).append(p)
    beats: list[Beat] = []
    for grade in sorted(by_grade):
        members = sorted({p.segment for p in by_grade[grade]},
                         key=lambda s: (nodes[segs[s].from_node].lon, nodes[segs[s].from_node].lat, s))
        at_node: dict[str, list[str]] = {}
        for s in members:
            for node in (segs[s].from_node, segs[s].to_node):
                at_node.setdefault(node, []).append(s)
        target = _target_area(scenario, grade, by_grade[grade])
        free = set(members)
        grown: list[tuple[list[str], float]] = []
        for seed in members:
            if seed not in free:
                continue
            beat: list[str] = []
            area, queue = 0.0, deque([seed])
            free.discard(seed)
            while queue:
                s = queue.popleft()
                if beat and area + swept_m2(segs[s]) > target:
                    free.add(s)  # leave it for the next beat
                    continue
                beat.append(s)
                area += swept_m2(segs[s])
                for node in (segs[s].from_node, segs[s].to_node):
                    for t in at_node[node]:
                        if t in free:
                            free.discard(t)
                            queue.append(t)
            for s in list(queue):
                free.add(s)
            grown.append((beat, area))
        for beat, area in _merge_near(_merge_small(grown, segs, target), segs, nodes, target):
            beats.append(Beat(f"B{grade}-{len(beats) + 1:04d}", grade, tuple(beat), area))
    return beats


def _merge_small(grown: list[tuple[list[str], float]], segs: dict, target: float) -> list[tuple[list[str], float]]:
    """Merge each beat under half the target into its smallest touching beat when both fit the target."""
    beats = [(list(b), a) for b, a in grown]
    alive = [True] * len(beats)
    for i in sorted(range(len(beats)), key=lambda i: (beats[i][1], i)):
        if not alive[i] or beats[i][1] >= target / 2:
            continue
        nodes = {n for s in beats[i][0] for n in (segs[s].from_node, segs[s].to_node)}
        touching = [j for j in range(len(beats)) if j != i and alive[j] and beats[j][1] + beats[i][1] <= target
                    and any(n in nodes for s in beats[j][0] for n in (segs[s].from_node, segs[s].to_node))]
        if touching:
            j = min(touching, key=lambda j: (beats[j][1], j))
            beats[j] = (beats[j][0] + beats[i][0], beats[j][1] + beats[i][1])
            alive[i] = False
    return [b for b, keep in zip(beats, alive, strict=True) if keep]


MERGE_REACH_M = 800.0  # beats further apart than this are not given to one crew (walking eats the window)
MERGE_FILL = 0.9  # a merged beat keeps a tenth of the target for walking between its parts


def _merge_near(beats: list[tuple[list[str], float]], segs: dict, nodes: dict,
                target: float) -> list[tuple[list[str], float]]:
    """Give fragments (streets of a grade that touch no other street of that grade) to one crew with
    their nearest beat when both fit: smallest first, nearest centre within ``MERGE_REACH_M``."""
    def centre(beat: list[str]) -> tuple[float, float]:
        points = [nodes[n] for s in beat for n in (segs[s].from_node, segs[s].to_node)]
        lat = sum(p.lat for p in points) / len(points)
        lon = sum(p.lon for p in points) / len(points)
        return lon * 111_320.0 * np.cos(np.radians(lat)), lat * 110_540.0

    beats = [(list(b), a) for b, a in beats]
    centres = np.array([centre(b) for b, _ in beats]) if beats else np.zeros((0, 2))
    alive = [True] * len(beats)
    for i in sorted(range(len(beats)), key=lambda i: (beats[i][1], i)):
        if not alive[i] or beats[i][1] >= 0.75 * target:
            continue
        distance = np.hypot(*(centres - centres[i]).T)
        fits = [j for j in np.argsort(distance, kind="stable") if j != i and alive[j]
                and distance[j] <= MERGE_REACH_M and beats[j][1] + beats[i][1] <= MERGE_FILL * target]
        if fits:
            j = int(fits[0])
            beats[j] = (beats[j][0] + beats[i][0], beats[j][1] + beats[i][1])
            centres[j] = centre(beats[j][0])
            alive[i] = False
    return [b for b, keep in zip(beats, alive, strict=True) if keep]


@dataclass(frozen=True)
class Kerb:
    """One kerb a beat's pass sweeps: its segment and the direction(s) it may be walked."""

    segment: str
    options: tuple[tuple[int, int], ...]  # (entry, exit) node indices, two when the direction is free
    length_m: float
    area_m2: float


def beat_tasks(scenario: Scenario, beat: Beat, sample: dict[str, SweepPass], index: dict[str, int]) -> list[Kerb]:
    """The kerbs of one pass of the beat (identical for every pass)."""
    segs = scenario.index.segments
    tasks = []
    for s in beat.segments:
        g = segs[s]
        for options in sample[s].tasks:
            tasks.append(Kerb(s, tuple((index[a], index[b]) for a, b in options), g.length_m, kerb_area_m2(g)))
    return tasks


def _beat_distances(scenario: Scenario, tasks: list[Kerb], start: int, index: dict[str, int]
                    ) -> Callable[[int, int], float]:
    """Metres between two nodes of the beat (``start`` and the kerbs' ends) along the beat's own segments."""
    nodes = sorted({start} | {n for t in tasks for o in t.options for n in o})
    local = {n: i for i, n in enumerate(nodes)}
    segs = scenario.index.segments
    rows, cols, data = [], [], []
    for task in tasks:
        g = segs[task.segment]
        a, b = local[index[g.from_node]], local[index[g.to_node]]
        rows += [a, b]
        cols += [b, a]
        data += [g.length_m, g.length_m]
    dist = dijkstra(csr_matrix((data, (rows, cols)), shape=(len(nodes), len(nodes))), directed=True)
    # Kerbs of a beat are connected through the beat's own segments; anything else would be a bug.
    dist = np.where(np.isfinite(dist), dist, 1e9)

    def d(u: int, v: int) -> float:
        return float(dist[local[u], local[v]])

    return d


def order_tasks(scenario: Scenario, tasks: list[Kerb], start: int, index: dict[str, int]) -> list[tuple[int, int]]:
    """A short closed walk from ``start`` over every task: [(task, option)] in order (deterministic)."""
    d = _beat_distances(scenario, tasks, start, index)
    tour: list[tuple[int, int]] = []
    here, left = start, set(range(len(tasks)))
    while left:
        t, o = min(((t, o) for t in left for o in range(len(tasks[t].options))),
                   key=lambda to: (d(here, tasks[to[0]].options[to[1]][0]), to))
        tour.append((t, o))
        left.discard(t)
        here = tasks[t].options[o][1]

    def entry(k: int) -> int:
        return start if k < 0 or k >= len(tour) else tasks[tour[k][0]].options[tour[k][1]][0]

    def leave(k: int) -> int:
        return start if k < 0 or k >= len(tour) else tasks[tour[k][0]].options[tour[k][1]][1]

    improved = True
    while improved:
        improved = False
        for k in range(len(tour)):  # flip the direction of a free kerb
            t, o = tour[k]
            for o2 in range(len(tasks[t].options)):
                if o2 == o:
                    continue
                a2, b2 = tasks[t].options[o2]
                delta = d(leave(k - 1), a2) + d(b2, entry(k + 1)) - d(leave(k - 1), entry(k)) - d(leave(k), entry(k + 1))
                if delta < -1e-6:
                    tour[k] = (t, o2)
                    improved = True
        for k in range(len(tour)):  # move one kerb to a better place
            removed = d(leave(k - 1), entry(k)) + d(leave(k), entry(k + 1)) - d(leave(k - 1), entry(k + 1))
            item = tour.pop(k)
            a, b = tasks[item[0]].options[item[1]]
            best_gain, best_pos = 1e-6, None
            for pos in range(len(tour) + 1):
                prev = start if pos == 0 else tasks[tour[pos - 1][0]].options[tour[pos - 1][1]][1]
                nxt = start if pos == len(tour) else tasks[tour[pos][0]].options[tour[pos][1]][0]
                gain = removed - (d(prev, a) + d(b, nxt) - d(prev, nxt))
                if gain > best_gain:
                    best_gain, best_pos = gain, pos
            tour.insert(k if best_pos is None else best_pos, item)
            improved |= best_pos is not None
    return tour


@dataclass(frozen=True)
class _Walk:
    """A beat's kerbs to sweep and the order (and direction) the crew walks them in."""

    tasks: list[Kerb]
    tour: list[tuple[int, int]]  # (index in tasks, option of that kerb)


@dataclass
class _Crews:
    """What every beat of a day's manual sweeping draws on: the router, the passes, crews left, bases."""

    scenario: Scenario
    router: Router
    by_segment: dict[str, list[SweepPass]]
    left: dict[str, int]
    at_start: dict[str, int]
    stations: list[tuple[str, int]]
    bases: list[tuple[str, int]]
    wage: float
    beats: int


def plan_manual(scenario: Scenario, passes: list[SweepPass], *, stop: Callable[[], bool],
                progress: Callable[[float], None]) -> tuple[list[Route], list[Unserved], list[str], bool]:
    """Routes of the manual crews, unserved passes with reasons, notes, and whether stop() cut it short."""
    router = router_for(scenario, None)
    index = router.index
    beats = build_beats(scenario, passes)
    by_segment: dict[str, list[SweepPass]] = {}
    for p in passes:
        by_segment.setdefault(p.segment, []).append(p)
    left = _crews_per_shift(scenario, {p.shift for p in passes if p.shift})
    stations = [(st.id, index[st.node]) for st in scenario.facilities.service_stations]
    crews = _Crews(scenario, router, by_segment, left, dict(left), stations,
                   stations or [(d.id, index[d.node]) for d in scenario.facilities.depots],
                   crew_wage_per_h(scenario, "manual_sweeper"), len(beats))
    routes: list[Route] = []
    unserved: list[Unserved] = []
    needed: dict[str | None, int] = {}
    days: dict[str, list[BeatDay]] = {}
    stopped = False
    todo = deque(beats)
    done = 0
    while todo:
        beat = todo.popleft()
        if stop():
            stopped = True
            for s in [x for b in (beat, *todo) for x in b.segments]:
                unserved += [Unserved(kind="sweeping", ref=p.ref, reason="planning stopped by the user")
                             for p in by_segment[s]]
            break
        progress(done / max(1, done + len(todo) + 1))
        done += 1
        shifts, beat_days, beat_missed = _plan_beat(crews, beat)
        if len(beat.segments) > 1 and any(m.reason.startswith("window too short") for m in beat_missed):
            # One crew cannot sweep it in the window: two crews take a half each.
            todo.extendleft(reversed(_halves(beat, scenario.index.segments)))
            continue
        for shift_id in shifts:
            needed[shift_id] = needed.get(shift_id, 0) + 1
        unserved += beat_missed
        for shift_id, day in beat_days:
            days.setdefault(shift_id, []).append(day)
            crews.left[shift_id] -= 1
    for shift_id, shift_days in sorted(days.items()):
        routes += pack_beats(router, scenario.index.shifts[shift_id], shift_days, stations)
    used = {k: sum(r.shift == k for r in routes) for k in crews.at_start}
    notes = [f"manual sweeping: {len(beats)} beats; crews needed per shift {needed}, available {crews.at_start}, "
             f"used {used} after packing beats that fit one after the other (beats of higher grades staffed first)"]
    return routes, unserved, notes, stopped


def _plan_beat(crews: _Crews, beat: Beat) -> tuple[list[str | None], list[tuple[str, BeatDay]], list[Unserved]]:
    """The beat's shifts, a crew's day on it for each shift with a crew left, and the passes it misses."""
    scenario, router, by_segment = crews.scenario, crews.router, crews.by_segment
    index, segs = router.index, scenario.index.segments
    entry_node = index[segs[beat.segments[0]].from_node]
    minutes = router.minutes_matrix([n for _, n in crews.bases], [entry_node])[:, 0]
    base = crews.bases[int(np.argmin(minutes))]
    shifts = sorted({p.shift for s in beat.segments for p in by_segment[s]}, key=lambda x: (x is None, x or ""))
    if any(crews.left.get(x, 0) > 0 for x in shifts if x is not None):  # else no walk to plan
        tasks = beat_tasks(scenario, beat, {s: by_segment[s][0] for s in beat.segments}, index)
        walk = _Walk(tasks, order_tasks(scenario, tasks, entry_node, index))
    beat_days: list[tuple[str, BeatDay]] = []
    missed: list[Unserved] = []
    for shift_id in shifts:
        refs = [p.ref for s in beat.segments for p in by_segment[s] if p.shift == shift_id]
        if shift_id is None:
            missed += [Unserved(kind="sweeping", ref=r, reason="no shift for manual_sweeper overlaps the sweep window")
                       for r in refs]
        elif crews.left.get(shift_id, 0) <= 0:
            missed += [Unserved(kind="sweeping", ref=r, reason=(
                f"no manual crew left on shift {shift_id} ({crews.at_start.get(shift_id, 0)} crews for "
                f"{crews.beats} beats; beat {beat.id})")) for r in refs]
        else:
            beat_passes = sorted({p.index for s in beat.segments for p in by_segment[s] if p.shift == shift_id})
            day, lost = _beat_route(crews, beat, walk, beat_passes, shift_id, base)
            missed += lost
            if day is not None:
                beat_days.append((shift_id, day))
    return shifts, beat_days, missed


def _beat_route(crews: _Crews, beat: Beat, walk: _Walk, pass_indices: list[int], shift_id: str,
                base: tuple[str, int]) -> tuple[BeatDay | None, list[Unserved]]:
    """One crew's shift on a beat: every pass of the shift in its window, a break, back to base."""
    scenario, router, by_segment = crews.scenario, crews.router, crews.by_segment
    stations, wage = crews.stations, crews.wage
    tasks, tour = walk.tasks, walk.tour
    shift = scenario.index.shifts[shift_id]
    works: list[Work] = []
    missed: list[Unserved] = []
    passes_on_route: list[tuple[list[SweepPass], list[Work]]] = []
    for k in pass_indices:
        pass_of = {s: next(p for p in by_segment[s] if p.index == k) for s in beat.segments
                   if any(p.index == k for p in by_segment[s])}
        window = effective_window(scenario, next(iter(pass_of.values())))
        extra = []
        for t, o in tour:
            task = tasks[t]
            if task.segment not in pass_of or window is None:
                continue
            minutes = manual_sweep_min(scenario.index.segments[task.segment])
            a, b = task.options[o]
            extra.append(Work("segment", task.segment, a, b, minutes, (a, b), task.length_m,
                              (window[0], window[1] - minutes)))
        trial = works + extra
        depart = departure_for(router, trial, base[1], float(shift.start))
        if extra and make_route(router, _spec(beat, shift_id, base, wage), trial, depart) is not None:
            works = trial
            passes_on_route.append((list(pass_of.values()), extra))
        else:
            reason = (f"window too short: beat {beat.id} ({beat.area_m2:.0f} m²) cannot be swept by one crew "
                      f"within {window} at {MANUAL_SWEEP_M2_PER_H:.0f} m²/h") if window else \
                "the sweep window does not overlap the working time of the shift"
            missed += [Unserved(kind="sweeping", ref=p.ref, reason=reason) for p in pass_of.values()]
    if not works:
        return None, missed
    spec = _spec(beat, shift_id, base, wage)
    route, dropped = route_in_shift(router, spec, works, float(shift.start), float(shift.end), shift.break_min, stations)
    for sweeps, pass_works in passes_on_route:
        if route is None or any(w is d for w in pass_works for d in dropped):
            missed += [Unserved(kind="sweeping", ref=p.ref, reason=(
                f"no time left in shift {shift_id} for this pass of beat {beat.id} and the "
                f"{shift.break_min:.0f} min break")) for p in sweeps]
    if route is None:
        return None, missed
    kept = [w for w in works if not any(w is d for d in dropped)]
    return BeatDay(route, kept, spec), missed


def _halves(beat: Beat, segs: dict) -> list[Beat]:
    """A beat split in two along its order of growth (each half stays connected as far as it was grown)."""
    half = len(beat.segments) // 2
    parts = (beat.segments[:half], beat.segments[half:])
    return [Beat(f"{beat.id}{tag}", beat.grade, part, sum(swept_m2(segs[s]) for s in part))
            for tag, part in zip("ab", parts, strict=True)]


def _spec(beat: Beat, shift_id: str, base: tuple[str, int], wage: float) -> RouteSpec:
    return RouteSpec(id=f"manual-{shift_id}-{beat.id}", kind="sweeping", start_node=base[1], end_node=base[1],
                     start_ref=base[0], end_ref=base[0], crew=f"crew-{beat.id}-{shift_id}", shift=shift_id,
                     wage_per_h=wage)


def _crews_per_shift(scenario: Scenario, shifts: set[str]) -> dict[str, int]:
    """Crews on each shift: the scenario's demand rules for manual_sweeper when given (today's weekday),
    else the workers with the skill shared evenly over the shifts that need them."""
    weekday = scenario.simulation.start_date.weekday()
    out = {s: 0 for s in sorted(shifts)}  # sorted: the same order (and notes) in every run
    ruled = set()
    for rule in scenario.shifts.demand:
        if rule.skill == "manual_sweeper" and rule.shift in out and weekday in rule.weekdays:
            out[rule.shift] += rule.count
            ruled.add(rule.shift)
    if not ruled and shifts:
        workers = sum("manual_sweeper" in w.skills for w in scenario.workforce.workers)
        out = {s: workers // len(shifts) for s in sorted(shifts)}
    return out
