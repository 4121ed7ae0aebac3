"""Incidents and patrol dispatch: arrivals by zone, hour and type; nearest free officer or the chief.

Officers of each zone's enforcement team go on duty per the scenario's shift demand for
'enforcement_officer' (chiefs per the demand for 'chief'), rotating through the team day by day,
with absent officers replaced from the rest of the team. Walkers of the day's patrol beats are on
duty through their beats: they are left out of the rotation and count towards the demand of their
shift (and zone). An incident goes to the nearest free officer on duty in its zone or to the chief
owning its segment; otherwise it waits in the zone's queue (by priority, then report) until
someone becomes free or comes on duty.

A case occurs at its drawn time and the public reports it after an exponential delay (the type's
``public_report_mean_min``); a beat walker whose duty stop passes it first (cases.py) finds it and,
if free, takes it on the spot. Response and closing times count from the report or the finding.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.assessment import off_hours_min
from scenarios.model.common import MINUTES_PER_DAY

from . import eventlog as ev
from .cases import Pending
from .kpis import Cases

if TYPE_CHECKING:
    import simpy

    from .model import Sim
    from .world import World

#: Straight-line metres an officer on a beat counts as farther than one kept in reserve when a case is dispatched
#: (assumed: the reserve exists to answer cases, so a walker leaves the beat only for a case about a kilometre
#: nearer, in a dense district about 12 minutes on foot saved).
BEAT_PENALTY_M = 1000.0

#: A walker whose timetabled zone check starts within this many minutes is not sent to a case (定时: the zone's
#: check is kept; assumed: a case takes about an hour with the way there).
CHECK_GUARD_MIN = 60.0

#: What Dispatch builds once per world (World.cache["dispatch"]): each zone's segments with their incident
#: weights, the same with the weights cumulated, the officers (worker, zone, base node) and the chiefs
#: (worker, zone, chief, node).
DispatchTables = tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict[str, tuple[np.ndarray, np.ndarray]],
                       list[tuple[str, str, int]], list[tuple[str, str | None, str, int]]]


@dataclass
class Officer:
    id: str
    zone: str | None
    chief: str | None
    node: int
    base: int
    duty_start: float = -1.0
    duty_end: float = -1.0
    busy: bool = False
    actor: int = -1
    on_beat: bool = False
    beat_row: int = -1  # global index of the log row of the duty stop being made (-1: none)
    free_at: float = 0.0  # when the case in hand will be done (a beat resumes then)
    next_check: float = math.inf  # planned start of the zone check the walker is heading for (定时: kept)
    speed_kmh: float | None = None  # on a beat: its pace to a case (e-bike or on foot); None: the officers' vehicles


@dataclass
class Incident:
    t: float  # when it is reported by the public or found by a patrol (response and closing count from here)
    type_index: int
    zone: str | None
    segment: int
    node: int
    handling_min: float
    occurred: float = math.nan  # when it happened (nan: when reported)
    found: bool = False  # found by a patrol before the public reported it


class Dispatch:
    """Officers, chiefs, queues and the incident processes of one replication."""

    def __init__(self, sim: Sim, rng: np.random.Generator, duty_rng: np.random.Generator,
                 report_rng: np.random.Generator) -> None:
        self.sim = sim
        self.rng = rng  # incidents only, so that staffing changes do not shift the incident stream
        self.duty_rng = duty_rng
        self.report_rng = report_rng  # the public's report delays: a stream of their own leaves the cases as before
        w = sim.world
        s = w.scenario
        self.types = s.incidents.types
        self.zone_ids = [z.id for z in s.incidents.zones]
        weights = np.array([z.weight for z in s.incidents.zones])
        self.zone_p = weights / weights.sum()
        share = np.array([t.share for t in self.types])
        self.type_p = share / share.sum()
        hourly = np.array(s.incidents.hourly_profile, dtype=float)
        self.hour_p = hourly / hourly.sum() if hourly.sum() > 0 else np.full(24, 1 / 24)
        # Per-zone segment weights and officer bases depend only on the world: computed once per world.
        static = w.cache.get("dispatch")
        if static is None:
            static = w.cache["dispatch"] = self._static(w)
        self.zone_segments, self.zone_cum, officers, chiefs = static
        self.officers_by_zone: dict[str | None, list[Officer]] = {zone: [] for zone in self.zone_ids}
        for worker, zone, base in officers:
            self.officers_by_zone.setdefault(zone, []).append(Officer(worker, zone, None, base, base))
        self.chiefs = [Officer(worker, zone, chief, node, node) for worker, zone, chief, node in chiefs]
        self.chief_of: dict[str, Officer] = {o.chief: o for o in self.chiefs if o.chief is not None}
        self.by_worker: dict[str, Officer] = {o.id: o for group in self.officers_by_zone.values() for o in group}
        self.by_worker.update({o.id: o for o in self.chiefs})
        self.queues: dict[str | None, list[tuple[int, float, int, Incident]]] = {}
        self._seq = itertools.count()
        self.cases = Cases.of_types([t.id for t in self.types])  # the run's and the day's cases (kpis.py)
        self.day_cases = Cases()
        self.pending = Pending()  # occurred, not yet reported nor found
        self.report_mean = np.array([t.public_report_mean_min for t in self.types])
        self.in_progress = 0
        self.rotation: dict[str, int] = {}
        self.speed_kmh = sim.params.officer_kmh

    def _static(self, w: World) -> DispatchTables:
        """Each zone's segments with their incident weights (and cumulated), the officers and the chiefs."""
        all_segments = np.arange(len(w.segment_ids))
        zone_segments: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for z in self.zone_ids:
            segs = np.array([i for i, zone in enumerate(w.segment_zone) if zone == z], dtype=int)
            if len(segs) == 0 or w.segment_incident_weight[segs].sum() <= 0:
                segs = all_segments
            wts = w.segment_incident_weight[segs]
            zone_segments[z] = (segs, wts / wts.sum() if wts.sum() > 0 else np.full(len(segs), 1 / len(segs)))
        zone_cum = {z: (segs, np.cumsum(p)) for z, (segs, p) in zone_segments.items()}
        bases = {z: self._zone_base(w, z) for z in self.zone_ids}
        s = w.scenario
        team_zone = {t.id: t.zone for t in s.workforce.teams}
        officers: list[tuple[str, str, int]] = []  # (worker, zone, base) of every enforcement officer, in workforce order
        for worker in s.workforce.workers:
            if "enforcement_officer" in worker.skills and s.index.teams[worker.team].kind == "enforcement":
                zone = team_zone.get(worker.team) or self.zone_ids[0]
                officers.append((worker.id, zone, bases.get(zone, 0)))
        territory: dict[str, list[int]] = {}
        for i, c in enumerate(w.segment_chief):
            if c is not None:
                territory.setdefault(c, []).append(i)
        chiefs: list[tuple[str, str | None, str, int]] = []  # (worker, zone, chief, node): a chief's zone is the one most of the territory is in
        for chief in s.workforce.chiefs:
            owned = territory.get(chief.id, [])
            zones = [seg_zone for i in owned if (seg_zone := w.segment_zone[i])]
            chief_zone = max(sorted(set(zones)), key=zones.count) if zones else None  # sorted: ties break the same way in every process
            chiefs.append((chief.worker, chief_zone, chief.id,
                           w.segment_from[owned[0]] if owned else bases.get(chief_zone or "", 0)))
        return zone_segments, zone_cum, officers, chiefs

    def _zone_base(self, w: World, zone: str) -> int:
        """The node of the zone nearest to the zone's centre (where officers start a shift)."""
        nodes = sorted({w.segment_from[i] for i, z in enumerate(w.segment_zone) if z == zone})
        if not nodes:
            return 0
        xy = w.network.xy_m[nodes]
        return nodes[int(np.argmin(((xy - xy.mean(axis=0)) ** 2).sum(axis=1)))]

    # --- arrivals ---------------------------------------------------------------------------

    def start_day(self, day: int, walkers: list[tuple[str, str | None]] | None = None) -> None:
        """Draw the day's incidents (count, hour, zone, type, segment, handling, report delay) and start the
        processes; `walkers`: (worker, shift) of the day's patrol beats."""
        w, rng = self.sim.world, self.rng
        s = w.scenario
        count = int(rng.poisson(s.incidents.per_day)) if s.incidents.per_day > 0 else 0
        hours = rng.choice(24, size=count, p=self.hour_p)
        minutes = rng.random(count) * 60
        zones = rng.choice(len(self.zone_ids), size=count, p=self.zone_p)
        kinds = rng.choice(len(self.types), size=count, p=self.type_p)
        picks = rng.random(count)
        handling = rng.exponential(1.0, size=count)
        delay = (self.report_rng.exponential(1.0, size=count) * self.report_mean[kinds]).tolist()
        times = (day * MINUTES_PER_DAY + hours * 60 + minutes).tolist()
        incidents = []
        for k, (z, kind) in enumerate(zip(zones.tolist(), kinds.tolist(), strict=True)):
            zone = self.zone_ids[z]
            segs, cum = self.zone_cum[zone]
            seg = int(segs[min(int(np.searchsorted(cum, picks[k])), len(segs) - 1)])
            t_type = self.types[kind]
            inc = Incident(times[k] + delay[k], kind, zone, seg, w.segment_from[seg],
                           float(handling[k] * t_type.handling_min), occurred=times[k])
            incidents.append(inc)
            self.pending.add(inc)
        incidents.sort(key=lambda x: x.t)
        self.sim.env.process(self._arrivals(incidents))
        self._schedule_duty(day, walkers or [])

    def _arrivals(self, incidents: list[Incident]) -> Generator[simpy.Event, Any, None]:
        """The public reports each case no patrol has found by then."""
        env = self.sim.env
        for inc in incidents:
            if inc.t > env.now:
                yield env.timeout(max(0.0, inc.t - env.now))
            if not inc.found:
                self.pending.remove(inc)
                self.receive(inc)

    def receive(self, inc: Incident) -> None:
        """A case the public reports now: count and log it, then send someone (or queue it)."""
        self.report(inc)
        self._dispatch(inc)

    def report(self, inc: Incident, finder: Officer | None = None) -> None:
        """A case becomes known now (reported by the public, or found by `finder`): count and log it."""
        t_type = self.types[inc.type_index]
        for cases in (self.cases, self.day_cases):
            cases.add(t_type.id, inc.found)
        log = self.sim.log
        if log is not None:
            actor = log.actor_id(finder.id) if finder is not None else -1
            log.add(inc.t, inc.t, ev.INCIDENT, actor, inc.node, self.sim.refs.incident_type + inc.type_index,
                    float(t_type.priority))

    def patrol_pass(self, walker: Officer | None, code: int, item: int, node: int, t: float) -> tuple[int, bool]:
        """A beat's duty stop made at t (now): what the walker finds there. Returns (cases found, whether
        the walker took one on the spot).

        A zone check, or a hotspot pass at a zone's node, finds the zone's open violations (vendors.py) when
        the zone is open; a hotspot or a check finds the cases
        occurred at its node and not yet reported, a walk those on its segment. The walker, if free, takes
        the most urgent on the spot (its response time is 0); the others are dispatched as reported.
        """
        vendors = self.sim.vendors
        found = vendors.check(item, t) if code == ev.CHECK else 0
        if code == ev.HOTSPOT:  # today's way: a chief passing a zone in its hours looks at it, which is a check
            found += sum(vendors.check(z, t) for z in vendors.at_node.get(node, ()))
        if code == ev.INSPECT:
            return found, False
        cases = self.pending.take_segment(item, t) if code == ev.WALK else self.pending.take_node(node, t)
        if not cases:
            return found, False
        cases.sort(key=lambda x: (self.types[x.type_index].priority, x.occurred))
        took = False
        for inc in cases:
            inc.found, inc.t = True, t
            self.report(inc, walker)
            if not took and walker is not None and not walker.busy:
                self._start(walker, inc, on_spot=True)
                took = True
            else:
                self._dispatch(inc)
        return found + len(cases), took

    # --- duty ---------------------------------------------------------------------------------

    def _schedule_duty(self, day: int, walkers: list[tuple[str, str | None]]) -> None:
        """Put officers and chiefs on duty for the day's shifts (rotating, absences replaced); the day's beat
        walkers are on duty through their beats and count towards their shift's (and zone's) demand."""
        sim = self.sim
        s = sim.world.scenario
        weekday = sim.world.weekday(day)
        beats = self._mark_walkers(walkers)
        rules = [(d.skill, d.shift, d.count) for d in s.shifts.demand
                 if weekday in d.weekdays and d.skill in ("enforcement_officer", "chief")]
        if not any(d.skill == "enforcement_officer" for d in s.shifts.demand):
            # No demand given: every officer works the patrol day shift (or the first template).
            default = s.index.shifts.get("patrol_day") or s.shifts.templates[0]
            rules.append(("enforcement_officer", default.id, 10**9))
        absent = sim.absence_rate
        for skill, shift_id, count in rules:
            shift = s.index.shifts[shift_id]
            start = day * MINUTES_PER_DAY + shift.start
            end = start + shift.duration_min + shift.break_min
            if skill == "chief":
                # Chiefs with a beat in the plan today are on duty through their beat route instead.
                free = [c for c in self.chiefs if not c.on_beat]
                chosen = self._rotate("chiefs", free, count - beats.get((shift_id, None), 0), absent)
            else:
                chosen = []
                pools = [z for z in self.officers_by_zone if self.officers_by_zone[z]]
                total = sum(len(self.officers_by_zone[z]) for z in pools)
                for z in pools:
                    n = round(min(count, total) * len(self.officers_by_zone[z]) / total) if total else 0
                    free = [o for o in self.officers_by_zone[z] if not o.on_beat]
                    chosen += self._rotate(f"zone:{z}", free, n - beats.get((shift_id, z), 0), absent)
            sim.count.work_min += shift.duration_min * len(chosen)
            for officer in chosen:
                sim.utilization_min.setdefault(officer.id, [0.0, 0.0])[1] += shift.duration_min
            sim.count.cost += len(chosen) * shift.duration_min / 60 * sim.world.wage_per_hour.get(skill, 0.0)
            sim.env.process(self._go_on_duty(chosen, start, end))

    def _mark_walkers(self, walkers: list[tuple[str, str | None]]) -> dict[tuple[str | None, str | None], int]:
        """Flag today's beat walkers; count their beats by (shift, zone) for officers, (shift, None) for chiefs."""
        for everyone in self.by_worker.values():
            everyone.on_beat = False
        beats: dict[tuple[str | None, str | None], int] = {}
        for worker, shift in walkers:
            o = self.by_worker.get(worker)
            if o is not None and not o.on_beat:
                o.on_beat = True
                key = (shift, None if o.chief is not None else o.zone)
                beats[key] = beats.get(key, 0) + 1
        return beats

    def _rotate(self, key: str, pool: list[Officer], n: int, absent: float) -> list[Officer]:
        """The next n people of the pool in rotation, skipping absent ones while others remain."""
        if not pool or n <= 0:
            return []
        k = self.rotation.get(key, 0)
        chosen: list[Officer] = []
        tried = 0
        while len(chosen) < min(n, len(pool)) and tried < len(pool):
            officer = pool[(k + tried) % len(pool)]
            tried += 1
            if absent > 0 and self.duty_rng.random() < absent:
                self.sim.count.absences += 1
                continue
            chosen.append(officer)
        self.rotation[key] = (k + tried) % len(pool)
        return chosen

    def _go_on_duty(self, officers: list[Officer], start: float, end: float) -> Generator[simpy.Event, Any, None]:
        env = self.sim.env
        if start > env.now:
            yield env.timeout(max(0.0, start - env.now))
        for o in officers:
            if o.duty_end < start:  # a new shift starts at the base; a continuing one stays where it is
                o.duty_start = start
                if not o.busy:
                    o.node = o.base
            o.duty_end = max(o.duty_end, end)
            if not o.busy:
                self._next_job(o)

    # --- dispatch -----------------------------------------------------------------------------

    def _on_duty(self, o: Officer, now: float) -> bool:
        return o.duty_start <= now < o.duty_end

    def _dispatch(self, inc: Incident) -> None:
        now = self.sim.env.now
        candidates = [o for o in self.officers_by_zone.get(inc.zone, ())
                      if not o.busy and o.duty_start <= now < o.duty_end and o.next_check - now > CHECK_GUARD_MIN]
        chief = self.chief_of.get(self.sim.world.segment_chief[inc.segment] or "")
        if chief is not None and not chief.busy and self._on_duty(chief, now) and chief.next_check - now > CHECK_GUARD_MIN:
            candidates.append(chief)
        if not candidates:
            t_type = self.types[inc.type_index]
            heapq.heappush(self.queues.setdefault(inc.zone, []), (t_type.priority, inc.t, next(self._seq), inc))
            return
        net = self.sim.world.network
        # Officers kept in reserve answer first; a walker is taken off a beat only when clearly nearer.
        # The soonest there (an e-bike comes from farther); a case on a chief's own streets is the chief's first.
        best = min(candidates, key=lambda o: (net.straight_m(o.node, inc.node)
                                              + (BEAT_PENALTY_M if o.on_beat and o.chief is None else 0.0))
                   / (o.speed_kmh or self.speed_kmh))
        self._start(best, inc)

    def _start(self, o: Officer, inc: Incident, on_spot: bool = False) -> None:
        """`o` takes `inc` now (on_spot: found by o where o stands, so there is no way to go)."""
        if o.beat_row >= 0:
            self.sim.cut_log_row(o.beat_row, self.sim.env.now)  # leaves the duty stop early
            o.beat_row = -1
        o.busy = True
        self.in_progress += 1
        self.sim.env.process(self._handle(o, inc, on_spot))

    def _handle(self, o: Officer, inc: Incident, on_spot: bool = False) -> Generator[simpy.Event, Any, None]:
        sim = self.sim
        env = sim.env
        p = sim.params
        speed = o.speed_kmh or self.speed_kmh
        travel = 0.0 if on_spot else sim.world.network.foot_minutes(o.node, inc.node, speed, p.detour_factor)
        travel *= sim.clock_factor[int(env.now) % MINUTES_PER_DAY]
        o.free_at = env.now + travel + inc.handling_min
        if travel > 0:
            yield env.timeout(travel)
        arrived = env.now
        t_type = self.types[inc.type_index]
        response = arrived - inc.t
        scenario = sim.world.scenario
        # The target counts working minutes only (scenarios.assessment): the night's minutes extend it.
        target = t_type.response_target_min + off_hours_min(scenario, inc.t, arrived)
        for cases in (self.cases, self.day_cases):
            cases.responses.append((t_type.id, response, target))
        yield env.timeout(inc.handling_min)
        # Closed when handled; the closing time counts working minutes only, as the response target does.
        closing = env.now - inc.t - off_hours_min(scenario, inc.t, env.now)
        closing_target = t_type.closing_target_min if t_type.closing_target_min is not None else math.nan
        for cases in (self.cases, self.day_cases):
            cases.closings.append((t_type.id, closing, closing_target))
        busy = sim.utilization_min.setdefault(o.id, [0.0, 0.0])
        busy[0] += travel + inc.handling_min
        o.node = inc.node
        o.busy = False
        self.in_progress -= 1
        if sim.log is not None:
            if o.actor < 0:
                o.actor = sim.log.actor_id(o.id)
            sim.log.add(arrived, env.now, ev.RESPONSE, o.actor, inc.node, sim.refs.incident_type + inc.type_index, response)
        if env.now >= o.duty_end:
            sim.count.overtime_min += env.now - o.duty_end
            return
        self._next_job(o)

    def _next_job(self, o: Officer) -> None:
        """Give a free officer the most urgent queued incident it may take (zone, or own territory for a chief)."""
        queue = self.queues.get(o.zone)
        if not queue or o.next_check - self.sim.env.now <= CHECK_GUARD_MIN:
            return
        if o.chief is None:
            _, _, _, inc = heapq.heappop(queue)
            self._start(o, inc)
            return
        segment_chief = self.sim.world.segment_chief
        mine = [entry for entry in queue if segment_chief[entry[3].segment] == o.chief]
        if mine:
            entry = min(mine)
            queue.remove(entry)
            heapq.heapify(queue)
            self._start(o, entry[3])

    def start_beat(self, worker: str, start: float, end: float, speed_kmh: float | None = None) -> Officer | None:
        """A plan's patrol beat begins: its walker is on duty (and dispatchable) until the beat's shift ends;
        ``speed_kmh``: the beat's pace (e-bike or on foot), at which the walker also goes to cases."""
        o = self.by_worker.get(worker)
        if o is None:
            return None
        o.on_beat = True
        o.speed_kmh = speed_kmh
        if o.duty_end < start:
            o.duty_start = start
        o.duty_end = max(o.duty_end, end)
        return o

    def open_incidents(self) -> int:
        return sum(len(q) for q in self.queues.values()) + self.in_progress

    def take_day(self) -> Cases:
        """The day's cases (and a fresh record for the next day)."""
        out, self.day_cases = self.day_cases, Cases()
        return out
