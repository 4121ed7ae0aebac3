"""Vehicles and crews following their routes: travel, service, reload trips, breaks, breakdowns.

One SimPy process per route (crews on foot that touch nothing shared run in batches instead,
crew_batch.py). Service and the following leg are one timeout, so a stop that waits for the clock
costs one event, and stops that may go ahead of it (batching.py) cost none; a bin changes at the
stop's own simulated time, sweeps and toilet cleans are recorded and applied at midnight
(deferred.py). A breakdown is an ``interrupt()`` from the vehicle's breakdown process; the
reassignment policy decides what happens next (spare vehicle, neighbour absorbs, or skip).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from scenarios.model.common import MINUTES_PER_DAY

from . import eventlog as ev
from .deferred import KEY_STOPS
from .route_events import WORK as _WORK
from .route_events import StationsAndBreakdowns, horizon_of, window_delay
from .routes import CompiledRoute

if TYPE_CHECKING:
    from .model import Sim
    from .patrols import Officer

INF = math.inf
DayDraws = tuple[list[float], list[float], int, float, float]  # travel, service noise, present, crew factor, failure u


class RouteRun(StationsAndBreakdowns):
    """A vehicle or crew working one route day after day (its process lives in ``run``)."""

    def __init__(self, sim: Sim, r: CompiledRoute) -> None:
        self.sim = sim
        self.r = r
        self.day = -1
        self.working = False
        self.in_station = False
        self.pending_breakdown: float | None = None
        self.broken = False
        self.process: simpy.Process | None = None
        self.actor_name = r.actor
        self.vehicle = r.vehicle
        self.capacity_kg = r.capacity_kg
        self.crew_factor = 1.0
        self.hard_end = 0.0
        self.t = self.load = self.busy = self.km = 0.0
        self.pos = r.start_node
        self.actor = -1
        self.current_route = r
        self.next_stop = 0
        self.officer: Officer | None = None  # the officer or chief walking this patrol beat, when dispatch knows them
        self.me = r.index
        self.breakdown_at = INF  # today's drawn breakdown time, if the shift has one
        self.todo: dict[int, DayDraws] = {}  # the days' draws and staffing, pushed at each midnight

    def run(self, days: int) -> Generator[simpy.Event, Any, None]:
        """Each day it runs (a dated beat: its days only, schedule.py): wait for the shift, follow the stops,
        then absorb handed-over work."""
        date, plan_dates = self.r.date, self.sim.plan_dates
        for day in range(days):
            if date is None or plan_dates[day] == date:
                yield from self.day_run(day)

    def day_run(self, day: int, draws: DayDraws | None = None) -> Generator[simpy.Event, Any, None]:
        """One day of the route (``draws``: the day's noise and staffing, else the ones pushed at midnight)."""
        sim, r, env = self.sim, self.r, self.sim.env
        start = day * MINUTES_PER_DAY + r.start_clock
        if r.vehicle is not None:
            start = max(start, sim.vehicle_free_at.get(r.vehicle, 0.0))
        sim.lbs[self.me] = start  # nothing of this day's run arrives before its start
        if start > env.now:
            yield env.timeout(max(0.0, start - env.now))
        if r.vehicle is not None and sim.vehicle_free_at.get(r.vehicle, 0.0) > env.now:
            # The vehicle is still out on another route (or in repair): start when it is back.
            yield env.timeout(max(0.0, sim.vehicle_free_at[r.vehicle] - env.now))
            start = env.now
        tn, sn, present, self.crew_factor, failure_u = draws if draws is not None else self.todo.pop(day)
        self.day = day
        self.actor_name, self.vehicle, self.broken, self.pending_breakdown = r.actor, r.vehicle, False, None
        if present == 0:
            sim.count.skipped_stops += sum(1 for c in r.code if c in _WORK)
            sim.route_skips[self.me] += sum(1 for c in r.code if c in _WORK)
            sim.route_days[self.me] += 1
            sim.count.skipped_routes += 1
            return
        self.working = True
        self.officer = None
        if r.kind == "patrols":
            # A walker goes to a case as the beat goes: by e-bike, or on foot at walking pace.
            self.officer = sim.dispatch.start_beat(r.crew or r.actor, start, start + r.paid_min + r.break_min,
                                                   r.beat_kmh or sim.params.walk_kmh)
        sim.count.duties_planned += r.duties  # the beat runs today: its duty stops are due
        self.breakdown_at = INF
        if r.vehicle is not None:
            sim.maybe_breakdown(self, failure_u)
        self.hard_end = start + r.paid_min + r.break_min + sim.max_overtime_min
        self.t, self.pos, self.load, self.busy, self.km = start, r.start_node, 0.0, 0.0, 0.0
        self.actor = sim.log.actor_id(self.actor_name) if sim.log is not None else -1
        if sim.log is not None:
            sim.log.add(start, start, ev.START, self.actor, self.pos, -1, 0.0)
        yield from self._follow(r, tn, sn)
        while sim.policy == "neighbour" and not self.broken:
            extra = sim.take_extra_work(self)
            if extra is None:
                break
            n = len(extra)
            yield from self._follow(extra, sim.travel_noise(extra.id).take(n), sim.service_noise(extra.id).take(n))
        self.working = False
        sim.lbs[self.me] = INF if day == sim.days - 1 else (day + 1) * MINUTES_PER_DAY + r.start_clock
        sim.route_done(self, start, present)
        if sim.log is not None:
            sim.log.add(self.t, self.t, ev.END, self.actor, self.pos, -1, self.load)

    def _follow(self, r: CompiledRoute, tn: list[float],  # noqa: C901 - one loop reads best
                sn: list[float]) -> Generator[simpy.Event, Any, None]:
        """Visit the stops of r in order from the current position (one event per stop, or look-ahead).

        The loop keeps its state in locals (this is the model's hot path) and writes it back to
        self before anything that reads it (breakdowns, unloading, the end of the route).
        """
        sim, env, p = self.sim, self.sim.env, self.sim.params
        POINT, UNLOAD, SWEEP, TOILET, BREAK, START, END, SKIP, DUTY, CHECK = (  # noqa: N806 - fast locals
            ev.POINT, ev.UNLOAD, ev.SWEEP, ev.TOILET, ev.BREAK, ev.START, ev.END, ev.SKIP, ev.DUTY_CODES, ev.CHECK)
        n = len(r)
        # Rush hours slow motor traffic only; rain slows everyone (Sim.start_day).
        cf = sim.clock_factor if r.rush else sim.foot_clock_factor
        bins, litter, toilets = sim.bins, sim.litter, sim.toilets
        ready, day_base = r.ready, self.day * MINUTES_PER_DAY  # the timetable: no work starts before its planned minute
        log = sim.log
        add = log.rows.append if log is not None else None
        # Sweeps and toilet cleans are recorded and applied at midnight (deferred.py), unless every
        # stop waits for the clock (lookahead=False), which applies them at once as the reference.
        # visit is called only when defer (the fast paths run only with look-ahead, which defers).
        defer, visit = sim.defer, sim.deferred.rows.append
        key0 = self.me * KEY_STOPS
        code, entry, exit_, item, leg_from, refs = r.code, r.entry, r.exit, r.item, r.leg_from, r.ref
        leg_min, leg_km_of, service_min = r.leg_min, r.leg_km, r.service_min
        windows = sim.world.point_windows
        timeout = env.timeout
        capacity, hard_end, actor, crew_factor = self.capacity_kg, self.hard_end, self.actor, self.crew_factor
        reload_at = capacity * p.reload_threshold
        t, pos, load = self.t, self.pos, self.load
        now = env.now
        busy = km = 0.0
        self.current_route = r
        # Look-ahead (batching.py): a stop may be applied before the clock reaches its arrival.
        lbs, me = sim.lbs, self.me
        ahead = r.ahead if r.ahead and me not in sim.lookahead_off else None
        fast = r.fast if ahead is not None else None
        others = r.others
        sweep, clean = litter.sweep, toilets.clean
        point, reload_station, collect_unless_reload = r.point, r.reload_station, bins.collect_unless_reload
        bd = self.breakdown_at
        horizon = horizon_of(now, bd)
        due = now  # the latest arrival applied ahead of the clock
        i = 0
        while i < n:
            if fast is not None and point[i] and pos == leg_from[i]:
                # Fast path for a collection point applied ahead of the clock (no reload trip, access
                # window open today, inside the shift); anything else falls through to the general code.
                travel = leg_min[i] * tn[i] * cf[int(t) % MINUTES_PER_DAY]
                arrive = t + travel
                pi = item[i]
                w = None
                if arrive < horizon:
                    clock = arrive % MINUTES_PER_DAY
                    for a, b in windows[pi]:  # (window_delay inlined)
                        if clock <= b:
                            w = a - clock if a > clock else 0.0
                            break
                if w is not None and arrive + w <= hard_end:
                    for o in others[i]:
                        if lbs[o] <= arrive:
                            break
                    else:
                        begin = arrive + w
                        planned = day_base + ready[i]
                        if planned > begin:
                            begin = planned
                        value = collect_unless_reload(pi, begin, capacity - load, load,
                                                      reload_at if reload_station[i] >= 0 else INF)
                        if value is not None:  # (else the general code makes the reload trip)
                            busy += travel
                            km += leg_km_of[i]
                            pos = exit_[i]
                            service = service_min[i] * sn[i]
                            service *= crew_factor
                            load += value
                            t = begin + service
                            busy += service
                            if add is not None:
                                add((arrive, t, POINT, actor, pos, refs[i], value))
                            due = arrive
                            i += 1
                            continue
            elif fast is not None and fast[i] and pos == leg_from[i]:
                # Fast path for the most common stops (sweeps, toilet cleans, breaks) applied ahead
                # of the clock; anything else falls through to the general code below, which
                # recomputes the same numbers.
                travel = leg_min[i] * tn[i] * cf[int(t) % MINUTES_PER_DAY]
                arrive = t + travel
                if arrive <= hard_end and arrive < horizon:
                    for o in others[i]:
                        if lbs[o] <= arrive:
                            break
                    else:
                        c = code[i]
                        busy += travel
                        km += leg_km_of[i]
                        pos = exit_[i]
                        service = service_min[i] * sn[i]
                        begin = day_base + ready[i]
                        if begin < arrive:
                            begin = arrive
                        t = begin + service
                        if c != BREAK:
                            busy += service
                        if c == SWEEP or c == TOILET:
                            visit((begin, t, c, actor, pos, refs[i], item[i], key0 + i))
                        elif add is not None and c != START and c != END:  # day_run logs those (one each)
                            add((arrive, t, c, actor, pos, refs[i], 0.0))
                        due = arrive
                        i += 1
                        continue
            c = code[i]
            if self.officer is not None:  # the beat's next timetabled zone check: the walker is kept for it
                self.officer.next_check = next((day_base + ready[j] for j in range(i, n) if code[j] == CHECK), INF)
            if pos == leg_from[i]:
                leg, leg_km = leg_min[i], leg_km_of[i]
            else:
                leg, leg_km = self._leg(pos, entry[i])
            if leg == INF:
                sim.count.skipped_stops += c in _WORK
                sim.route_skips[me] += c in _WORK
                if add is not None:
                    add((t, t, SKIP, actor, pos, refs[i], 0.0))
                i += 1
                continue
            travel = leg * tn[i] * cf[int(t) % MINUTES_PER_DAY]
            arrive = t + travel
            window_wait = 0.0
            if c == POINT:
                w = window_delay(windows[item[i]], arrive)
                if w is None or arrive + w > hard_end:
                    sim.count.skipped_stops += 1
                    sim.route_skips[me] += 1
                    if add is not None:
                        add((t, t, SKIP, actor, pos, refs[i], 0.0))
                    i += 1
                    continue
                window_wait = w
            elif arrive > hard_end and c != UNLOAD and c != END:
                self._skip_rest(r, i)
                break
            wait = ahead is None or arrive >= horizon or not ahead[i]
            if not wait:
                for o in others[i]:
                    if lbs[o] <= arrive:  # another route may still reach this item first
                        wait = True
                        break
            if wait:
                # Until the clock reaches `arrive` this route does nothing (a breakdown comes at bd).
                lbs[me] = arrive if arrive < bd else bd
                gap = arrive - now  # float drift can make a zero-length leg a hair negative
                try:
                    yield timeout(gap if gap > 0.0 else 0.0)
                except simpy.Interrupt:
                    # Broken down on the way (or while serving the previous stop): the policy decides.
                    self.t, self.pos, self.next_stop = t, pos, i
                    ends = yield from self._breakdown(env.now)
                    t, actor, now = self.t, self.actor, env.now
                    bd = self.breakdown_at
                    horizon = horizon_of(now, bd)
                    if me in sim.lookahead_off:
                        ahead = fast = None
                    if ends:
                        self._skip_rest(r, i)
                        break
                    continue
                now = arrive
                horizon = horizon_of(now, bd)
                if ahead is not None and me in sim.lookahead_off:
                    ahead = fast = None  # items of this route were handed over while it waited
            else:
                due = arrive
            busy += travel
            km += leg_km
            pos = exit_[i]
            if c == UNLOAD:
                self.pos, self.load = pos, load
                t, extra_busy, pos = yield from self._unload(item[i], arrive, load, pos)
                now = env.now
                busy += extra_busy
                load = 0.0
                i += 1
                if self.pending_breakdown is not None:
                    self.t, self.next_stop = t, i
                    ends = yield from self._breakdown(max(self.pending_breakdown, env.now))
                    t, actor, now = self.t, self.actor, env.now
                    bd = self.breakdown_at
                    if ends:
                        self._skip_rest(r, i)
                        break
                horizon = horizon_of(now, bd)
                if me in sim.lookahead_off:
                    ahead = fast = None
                continue
            begin = arrive + window_wait
            if day_base + ready[i] > begin:
                begin = day_base + ready[i]
            service = service_min[i] * sn[i]
            value = 0.0
            # Most frequent kinds first (sweeps, then toilet cleans, then collection points).
            if (c == SWEEP or c == TOILET) and defer:
                t = begin + service
                busy += service
                visit((begin, t, c, actor, pos, refs[i], item[i], key0 + i))
                i += 1
                continue
            if c == SWEEP:
                value = sweep(item[i], begin)
            elif c == TOILET:
                value = clean(item[i], begin)
            elif c == POINT:
                service *= crew_factor
                pi = item[i]
                value = bins.collect(pi, begin, capacity - load)
                load += value
                if load >= reload_at and bins.level[pi] > 0 and r.reload_station[i] >= 0:
                    # Reload trip: unload at the nearest station, come back and take the rest.
                    if add is not None:
                        add((arrive, begin + service, c, actor, pos, refs[i], value))
                    busy += service
                    self.pos, self.load = pos, load
                    lbs[me] = t if t < bd else bd
                    arrive = yield from self._reload(r.reload_station[i], begin + service)
                    now = env.now
                    horizon = horizon_of(now, bd)
                    if me in sim.lookahead_off:
                        ahead = fast = None
                    load = self.load
                    begin = arrive
                    value = bins.collect(pi, begin, capacity - load)
                    load += value
            elif c == BREAK and self.officer is not None and self.officer.busy:
                # Called away to an incident on the way to the break: the break is taken there, not logged apart.
                pos = self.officer.node
                t = arrive
                i += 1
                continue
            elif c in DUTY:
                # A beat's duty (hotspot, walk, check, inspect): the walker may be called away meanwhile.
                officer = self.officer
                if begin > now and (officer is None or not officer.busy):
                    # Timetabled (a zone check in the zone's hours): there, and dispatchable, until it begins.
                    yield timeout(begin - now)
                    now = begin
                    horizon = horizon_of(now, bd)
                if officer is not None and officer.busy:
                    # Called away to a case: the beat resumes from where the case was, once it is done, with
                    # this duty (a zone check done after the zone's hours finds nothing and does not count).
                    while officer.busy and env.now < hard_end:
                        yield timeout(max(officer.free_at - env.now, 1.0))
                    now = env.now
                    horizon = horizon_of(now, bd)
                    if officer.busy:
                        self._skip_rest(r, i)
                        break
                    pos, t = officer.node, now
                    continue
                t = begin + service
                busy += service
                self._duty_done(c, item[i], refs[i], pos, arrive, begin, t)
                i += 1
                continue
            t = begin + service
            if c != BREAK:
                busy += service
            # Sweeps and cleanings are logged when the work begins (EVENTLOG.md); a plan's own start and end
            # stops are not logged again here: day_run logs the route's one start and one end row.
            if add is not None and c != START and c != END:
                add((begin if c == SWEEP or c == TOILET else arrive, t, c, actor, pos, refs[i], value))
            i += 1
        if due > now:
            # Stops were applied ahead: the route's day ends when the clock reaches the last of them.
            lbs[me] = t if t < bd else bd
            yield timeout(due - now)
        self.t, self.pos, self.load = t, pos, load
        self.busy += busy
        self.km += km

    # Seven parameters: the stop-by-stop hot path passes its locals (no object per stop).
    def _duty_done(self, c: int, item: int, ref: int, pos: int, arrive: float, begin: float, end: float) -> None:
        """A duty stop made at `begin`: cases found there (patrols.py, vendors.py), then its log row.

        A walker who takes a case found there on the spot leaves the duty at once (the row ends then).
        """
        sim = self.sim
        sim.count.duties_done += 1
        officer = self.officer
        if officer is not None:
            officer.node = pos
        found, took = sim.dispatch.patrol_pass(officer, c, item, pos, begin)
        log = sim.log
        if log is not None:
            if officer is not None and not took:
                officer.beat_row = log.next_index()  # cut short if the walker is dispatched during it
            log.add(arrive, begin if took else end, c, self.actor, pos, ref, float(found))
