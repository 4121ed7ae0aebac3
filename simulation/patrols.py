"""Incidents and patrol dispatch: arrivals by zone, hour and type; nearest free officer or the chief.

Officers of each zone's enforcement team go on duty per the scenario's shift demand for
'enforcement_officer' (chiefs per the demand for 'chief'), rotating through the team day by day,
with absent officers replaced from the rest of the team. An incident goes to the nearest free
officer on duty in its zone or to the chief owning its segment; otherwise it waits in the zone's
queue (by priority, then arrival) until someone becomes free or comes on duty.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.assessment import off_hours_min
from scenarios.model.common import MINUTES_PER_DAY

from . import eventlog as ev

if TYPE_CHECKING:
    import simpy

    from .model import Sim
    from .world import World

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
    beat_row: int = -1  # global index of the log row of the hotspot stop being made (-1: none)


@dataclass
class Incident:
    t: float
    type_index: int
    zone: str | None
    segment: int
    node: int
    handling_min: float


class Dispatch:
    """Officers, chiefs, queues and the incident processes of one replication."""

    def __init__(self, sim: Sim, rng: np.random.Generator, duty_rng: np.random.Generator) -> None:
        self.sim = sim
        self.rng = rng  # incidents only, so that staffing changes do not shift the incident stream
        self.duty_rng = duty_rng
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
        self.responses: list[tuple[str, float, float]] = []
        self.day_responses: list[tuple[str, float, float]] = []
        self.reported = 0
        self.day_reported = 0
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

    def start_day(self, day: int) -> None:
        """Draw the day's incidents (count, hour, zone, type, segment, handling) and start the processes."""
        w, rng = self.sim.world, self.rng
        s = w.scenario
        count = int(rng.poisson(s.incidents.per_day)) if s.incidents.per_day > 0 else 0
        hours = rng.choice(24, size=count, p=self.hour_p)
        minutes = rng.random(count) * 60
        zones = rng.choice(len(self.zone_ids), size=count, p=self.zone_p)
        kinds = rng.choice(len(self.types), size=count, p=self.type_p)
        picks = rng.random(count)
        handling = rng.exponential(1.0, size=count)
        times = (day * MINUTES_PER_DAY + hours * 60 + minutes).tolist()
        incidents = []
        for k, (z, kind) in enumerate(zip(zones.tolist(), kinds.tolist(), strict=True)):
            zone = self.zone_ids[z]
            segs, cum = self.zone_cum[zone]
            seg = int(segs[min(int(np.searchsorted(cum, picks[k])), len(segs) - 1)])
            t_type = self.types[kind]
            incidents.append(Incident(times[k], kind, zone, seg, w.segment_from[seg],
                                      float(handling[k] * t_type.handling_min)))
        incidents.sort(key=lambda x: x.t)
        self.sim.env.process(self._arrivals(incidents))
        self._schedule_duty(day)

    def _arrivals(self, incidents: list[Incident]) -> Generator[simpy.Event, Any, None]:
        env = self.sim.env
        for inc in incidents:
            if inc.t > env.now:
                yield env.timeout(max(0.0, inc.t - env.now))
            self.reported += 1
            self.day_reported += 1
            log = self.sim.log
            if log is not None:
                log.add(inc.t, inc.t, ev.INCIDENT, -1, inc.node, self.sim.refs.incident_type + inc.type_index,
                        float(self.types[inc.type_index].priority))
            self._dispatch(inc)

    # --- duty ---------------------------------------------------------------------------------

    def _schedule_duty(self, day: int) -> None:
        """Put officers and chiefs on duty for the day's shifts (rotating, absences replaced)."""
        sim = self.sim
        s = sim.world.scenario
        weekday = sim.world.weekday(day)
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
                # Chiefs with a beat in the plan are on duty through their beat route instead.
                free = [c for c in self.chiefs if not c.on_beat]
                chosen = self._rotate("chiefs", free, count, absent)
            else:
                chosen = []
                pools = [z for z in self.officers_by_zone if self.officers_by_zone[z]]
                total = sum(len(self.officers_by_zone[z]) for z in pools)
                for z in pools:
                    n = round(min(count, total) * len(self.officers_by_zone[z]) / total) if total else 0
                    chosen += self._rotate(f"zone:{z}", self.officers_by_zone[z], n, absent)
            sim.count.work_min += shift.duration_min * len(chosen)
            for officer in chosen:
                sim.utilization_min.setdefault(officer.id, [0.0, 0.0])[1] += shift.duration_min
            sim.count.cost += len(chosen) * shift.duration_min / 60 * sim.world.wage_per_hour.get(skill, 0.0)
            sim.env.process(self._go_on_duty(chosen, start, end))

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
        candidates = [o for o in self.officers_by_zone.get(inc.zone, ()) if not o.busy and o.duty_start <= now < o.duty_end]
        chief = self.chief_of.get(self.sim.world.segment_chief[inc.segment] or "")
        if chief is not None and not chief.busy and self._on_duty(chief, now):
            candidates.append(chief)
        if not candidates:
            t_type = self.types[inc.type_index]
            heapq.heappush(self.queues.setdefault(inc.zone, []), (t_type.priority, inc.t, next(self._seq), inc))
            return
        net = self.sim.world.network
        best = min(candidates, key=lambda o: net.straight_m(o.node, inc.node))
        self._start(best, inc)

    def _start(self, o: Officer, inc: Incident) -> None:
        if o.beat_row >= 0:
            self.sim.cut_log_row(o.beat_row, self.sim.env.now)  # leaves the hotspot early
            o.beat_row = -1
        o.busy = True
        self.in_progress += 1
        self.sim.env.process(self._handle(o, inc))

    def _handle(self, o: Officer, inc: Incident) -> Generator[simpy.Event, Any, None]:
        sim = self.sim
        env = sim.env
        p = sim.params
        travel = sim.world.network.foot_minutes(o.node, inc.node, self.speed_kmh, p.detour_factor)
        travel *= sim.clock_factor[int(env.now) % MINUTES_PER_DAY]
        if travel > 0:
            yield env.timeout(travel)
        arrived = env.now
        t_type = self.types[inc.type_index]
        response = arrived - inc.t
        # The target counts working minutes only (scenarios.assessment): the night's minutes extend it.
        record = (t_type.id, response, t_type.response_target_min + off_hours_min(sim.world.scenario, inc.t, arrived))
        self.responses.append(record)
        self.day_responses.append(record)
        yield env.timeout(inc.handling_min)
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
        if not queue:
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

    def start_beat(self, worker: str, start: float, end: float) -> Officer | None:
        """A plan's patrol beat begins: its walker is on duty (and dispatchable) until the beat's shift ends."""
        o = self.by_worker.get(worker)
        if o is None:
            return None
        o.on_beat = True
        if o.duty_end < start:
            o.duty_start = start
        o.duty_end = max(o.duty_end, end)
        return o

    def open_incidents(self) -> int:
        return sum(len(q) for q in self.queues.values()) + self.in_progress

    def take_day(self) -> tuple[list[tuple[str, float, float]], int]:
        out, n = self.day_responses, self.day_reported
        self.day_responses, self.day_reported = [], 0
        return out, n
