"""The shared state of one replication: the SimPy environment, the day clock, crews' and vehicles' bookkeeping."""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from scenarios.assessment import SHIFT_END_TOLERANCE_MIN
from scenarios.model.common import MINUTES_PER_DAY, Skill

from . import eventlog as ev
from .crew_batch import CrewBatch
from .crews import RouteRun
from .deferred import Deferred
from .draws import RouteDraws
from .duty import DutyRoster
from .eventlog import EventLogWriter, Refs
from .kpis import Counters, kpis_between
from .litter import Litter
from .patrols import Dispatch
from .routes import CompiledRoute, continuation, derived, subset
from .schedule import Schedule
from .staffing import PoolKey, Staffing
from .streams import NoiseBuffer, stream
from .toilets import Toilets
from .travel import clock_factors
from .vendors import Vendors
from .waste import Bins
from .world import World

if TYPE_CHECKING:
    from .route_events import StationsAndBreakdowns

_WORK_CODES = (ev.POINT, ev.UNLOAD, ev.SWEEP, ev.TOILET, *ev.DUTY_CODES)


@dataclass(frozen=True)
class _Today:
    """The routes that run on a day standing for one horizon date (all of them without dated routes)."""

    active: np.ndarray  # per route: whether it runs
    seats: dict[Skill, int]  # crew seats of those routes, by skill
    seats_by_shift: dict[tuple[Skill, str], int]  # … and by (skill, shift)
    own: list[RouteRun]  # those with a process of their own (draws pushed at midnight)
    walkers: list[tuple[str, str | None]]  # (worker, shift) of the day's patrol beats


class Sim:
    """Shared state of one replication; processes reach each other through it."""

    # Seven parameters: the replication's identity (seed, replication) and run switches, passed by run_replication only.
    def __init__(self, world: World, routes: list[CompiledRoute], seed: int, replication: int, log: bool,
                 lookahead: bool = True, duty: DutyRoster | None = None) -> None:
        self.world = world
        self.params = world.params
        self.duty = duty  # who is on duty each date (a roster), else the pool of the skill's workers
        self.routes = routes
        self.seed = seed
        self.replication = replication
        self.env = simpy.Environment()
        self.refs = Refs(world)
        self.log = EventLogWriter(replication) if log else None
        self.count = Counters()
        self._init_streams()
        self._init_rules()
        self.draws = RouteDraws(seed, replication, routes, self.params.travel_cv, self.params.service_cv)
        self.staffing = Staffing(routes, self.draws, self.absence_rate, self.params.short_crew_slowdown)
        self.defer = lookahead  # sweeps and toilet cleans applied at midnight (else at once, stop by stop)
        self.deferred = Deferred(self.litter, self.toilets, self.log)
        self._route_rngs: dict[str, np.random.Generator] = {}  # work handed over, and repairs
        self._travel_noise: dict[str, NoiseBuffer] = {}
        self._service_noise: dict[str, NoiseBuffer] = {}
        self._extra: dict[str, list[CompiledRoute]] = {}
        # Look-ahead (batching.py): per route a lower bound on the arrivals it has still to process,
        # and the routes that may no longer go ahead because their items were handed over.
        self.lbs = [r.start_clock for r in routes]
        self.lookahead_off: set[int] = set() if lookahead else set(range(len(routes)))
        self._init_day_state()
        self._init_route_tallies()
        if self.log is not None:
            for r in routes:  # actor ids in plan order, however the routes' days interleave
                self.log.actor_id(r.actor)
        self.runs = [RouteRun(self, r) for r in routes]
        self.batch = CrewBatch(self, lookahead and self.policy != "neighbour")
        self.own_process = [run for run in self.runs if run.me not in self.batch.runs]
        self.daily: list[dict[str, float]] = []
        self._day_snapshot = self.count.snapshot()

    def _init_streams(self) -> None:
        """The replication's random streams and the stores and dispatchers that draw from them."""
        world, seed, replication = self.world, self.seed, self.replication
        self.bins = Bins(world, stream(seed, replication, "waste"), self.log, self.refs.point)
        self.litter = Litter(world, stream(seed, replication, "litter"))
        self.toilets = Toilets(world, stream(seed, replication, "toilet_use"))
        self.weather = stream(seed, replication, "weather")
        self.unload_rng = stream(seed, replication, "unload")
        self.dispatch = Dispatch(self, stream(seed, replication, "incidents"), stream(seed, replication, "duty"),
                                 stream(seed, replication, "incident_reports"))
        self.vendors = Vendors(self, stream(seed, replication, "vendors"))
        self.bays = [simpy.Resource(self.env, capacity=b) for b in world.station_bays]

    def _init_rules(self) -> None:
        """The scenario's disruption and labour rules, and the clock factors (set each day)."""
        s = self.world.scenario
        self.vehicle_free_at: dict[str, float] = {}
        self.policy = s.disruptions.reassignment
        self.absence_rate = s.disruptions.worker_absence_rate
        self.max_overtime_min = s.labour_rules.max_overtime_hours_per_day * 60
        self.breakdown_of = {b.vehicle_type: b for b in s.disruptions.breakdowns}
        self.clock_factor = [1.0] * MINUTES_PER_DAY
        self.clock_factor_arr = np.ones(MINUTES_PER_DAY)
        self.foot_clock_factor = [1.0] * MINUTES_PER_DAY
        self.foot_clock_factor_arr = np.ones(MINUTES_PER_DAY)
        self.overtime_factor = 1.0

    def _init_day_state(self) -> None:
        """The state of the running day: weather, spares, and which routes run on which date."""
        s, routes = self.world.scenario, self.routes
        self.days = 1
        self.day = 0
        self.rain = False
        self.vehicle_days: set[str] = set()
        self._spares_today: dict[str, list[str]] = {}
        self._pool: dict[PoolKey, int] = {}  # the day's spare workers by skill, or by (skill, shift) with a roster
        used = {r.vehicle for r in routes if r.vehicle}
        self._spare_vehicles = [v for v in s.fleet.vehicles if v.spare or v.id not in used]
        # Which routes run on each day (dated beats, schedule.py): the horizon date each day stands for.
        self.schedule = derived(routes, "schedule", lambda: Schedule(routes))
        self.plan_dates: list[str | None] = []
        self._today: dict[str | None, _Today] = {}
        self._workers_by_skill: dict[Skill, int] = {}
        for w in s.workforce.workers:
            for skill in set(w.skills):
                self._workers_by_skill[skill] = self._workers_by_skill.get(skill, 0) + 1

    def _init_route_tallies(self) -> None:
        """Per-route and per-officer tallies of the replication (utilisation and the plan's reliability check)."""
        routes = self.routes
        self.utilization_min: dict[str, list[float]] = {}  # officer → [busy, on duty] minutes
        self.route_busy = np.zeros(len(routes))  # per route: busy and on-duty minutes
        self.route_duty = np.zeros(len(routes))
        # Per route: days run, days ended after the shift, stops not served (the plan's reliability check).
        self.route_days = np.zeros(len(routes))
        self.route_late = np.zeros(len(routes))
        self.route_skips = np.zeros(len(routes))
        self.route_lateness: list[list[float]] = [[] for _ in routes]  # end − shift end, each day (the repair's need)

    # --- streams and draws ----------------------------------------------------------------------

    def route_rng(self, route_id: str) -> np.random.Generator:
        """Stream of work handed over (id ending in '+') or of a route's repairs ('repair:' + id)."""
        rng = self._route_rngs.get(route_id)
        if rng is None:
            rng = self._route_rngs[route_id] = stream(self.seed, self.replication, "route", route_id)
        return rng

    def travel_noise(self, route_id: str) -> NoiseBuffer:
        buf = self._travel_noise.get(route_id)
        if buf is None:
            buf = self._travel_noise[route_id] = NoiseBuffer(self.route_rng(route_id), self.params.travel_cv)
        return buf

    def service_noise(self, route_id: str) -> NoiseBuffer:
        buf = self._service_noise.get(route_id)
        if buf is None:
            buf = self._service_noise[route_id] = NoiseBuffer(self.route_rng(route_id), self.params.service_cv)
        return buf

    def unload_noise(self) -> float:
        cv = self.params.service_cv
        if cv == 0:
            return 1.0
        sigma = math.sqrt(math.log1p(cv * cv))
        return math.exp(sigma * float(self.unload_rng.standard_normal()) - 0.5 * sigma * sigma)

    # --- days -----------------------------------------------------------------------------------

    def day_clock(self) -> Generator[simpy.Event, Any, None]:
        """Start each day at midnight and close the day's accounts at the next."""
        env = self.env
        for day in range(self.days):
            self.start_day(day)
            yield env.timeout(MINUTES_PER_DAY)
            self.end_day(day)

    def start_day(self, day: int) -> None:
        s = self.world.scenario
        self.day = day
        self.rain = bool(self.weather.random() < s.disruptions.rain_probability)
        self.count.rain_days += self.rain
        self.clock_factor = clock_factors(s, self.rain, s.disruptions.rain_speed_factor)
        self.clock_factor_arr = np.array(self.clock_factor)
        slow = 1.0 / s.disruptions.rain_speed_factor if self.rain else 1.0
        self.foot_clock_factor = [slow] * MINUTES_PER_DAY
        self.foot_clock_factor_arr = np.full(MINUTES_PER_DAY, slow)
        self.overtime_factor = self._overtime_factor()
        if len(self.plan_dates) != self.days:
            self.plan_dates = [self.schedule.plan_date(self.world.date(d)) for d in range(self.days)]
        today = self.today(self.plan_dates[day])
        self.bins.start_day(day, self.rain)
        self.litter.start_day(day, self.rain)
        self.toilets.start_day(day)
        self.vehicle_days = set()
        self._spares_today = {}
        for v in self._spare_vehicles:
            self._spares_today.setdefault(v.type, []).append(v.id)
        share = self.params.spare_worker_share
        on_duty = self.duty.of(self.world.date(day)) if self.duty is not None else None
        short: dict[tuple[Skill, str], int] | None = None
        if on_duty is None:
            self._pool = {k: max(0, int(n * share) - today.seats.get(k, 0)) for k, n in self._workers_by_skill.items()}
        else:  # the roster says who is on each shift: spares beyond the seats, seats it leaves empty
            self._pool = {k: max(0, on_duty.get(k, 0) - n) for k, n in today.seats_by_shift.items()}
            short = {k: max(0, n - on_duty.get(k, 0)) for k, n in today.seats_by_shift.items()}
        self.drop_extra_work()
        self.draws.ensure(day)
        absences, unfilled = self.staffing.staff_day(day, self._pool, short, today.active)
        self.count.absences += absences
        self.count.crew_days_short += unfilled
        present, factor = self.staffing.present.tolist(), self.staffing.factor.tolist()
        for run in today.own:  # the day's draws and staffing, for when the route's day starts
            k = run.me
            tn, sn = self.draws.noise(k, day)
            run.todo[day] = (tn, sn, present[k], factor[k], self.draws.failure_uniform(k, day))
        if day == 0:
            if self.log is not None:
                self.log.expected_days = self.days
            for run in self.own_process:
                run.process = self.env.process(run.run(self.days))
            if self.batch.groups:
                self.env.process(self.batch.process(self.days))
        self.dispatch.start_day(day, today.walkers)
        self.vendors.start_day(day)

    def today(self, plan_date: str | None) -> _Today:
        """What starting a day standing for `plan_date` needs of the routes (built once per horizon date)."""
        found = self._today.get(plan_date)
        if found is not None:
            return found
        active = self.schedule.active(plan_date)
        seats: dict[Skill, int] = {}
        by_shift: dict[tuple[Skill, str], int] = {}
        for r in self.routes:
            if active[r.index]:
                for skill in r.crew_skills:
                    seats[skill] = seats.get(skill, 0) + 1
                    by_shift[(skill, r.shift or "")] = by_shift.get((skill, r.shift or ""), 0) + 1
        own = [run for run in self.own_process if active[run.me]]
        walkers = [(r.crew or r.actor, r.shift) for r in self.routes if active[r.index] and r.kind == "patrols"]
        found = self._today[plan_date] = _Today(active, seats, by_shift, own, walkers)
        return found

    def end_day(self, day: int) -> None:
        t = (day + 1) * float(MINUTES_PER_DAY)
        self.deferred.apply(t)
        same_day, due, cleared, counted, overflowing = self.bins.end_day(t)
        self.count.cost += overflowing * self.world.scenario.costs.overflow_penalty
        self.litter.advance_all(t)
        self.litter.end_day()
        self.toilets.end_day(day)
        self._sync_counters(same_day, due, cleared, counted)
        now = self.count.snapshot()
        daily = kpis_between(self._day_snapshot, now, self.dispatch.take_day(), self.dispatch.open_incidents())
        daily["day"] = float(day)
        self.daily.append(daily)
        if self.log is not None:
            self.log.flush()
        self._day_snapshot = now

    def _sync_counters(self, same_day_kg: float = 0.0, due_kg: float = 0.0, cleared: int = 0, counted: int = 0) -> None:
        c, b, lt, tl = self.count, self.bins, self.litter, self.toilets
        c.same_day_kg += same_day_kg
        c.due_kg += due_kg
        c.points_cleared += cleared
        c.point_days += counted
        c.overflow_events, c.overflow_min, c.overflow_kg = b.overflow_events, b.overflow_min, b.overflow_kg
        c.generated_kg, c.collected_kg = b.generated_kg, b.collected_kg
        c.dirty_min, c.window_min = lt.dirty_min, lt.window_min
        c.swept_by_deadline, c.deadline_days = lt.swept_by_deadline, lt.deadline_days
        c.toilet_on_time, c.toilet_missed = tl.on_time, tl.missed
        c.toilet_cleans, c.toilet_uses = tl.cleans, tl.uses_at_clean

    # --- crews and vehicles -----------------------------------------------------------------------

    def maybe_breakdown(self, run: RouteRun, u: float) -> None:
        """Draw the shift's time to failure (exponential, from the route's uniform `u` of the day)."""
        vt = run.r.vehicle_type
        rule = self.breakdown_of.get(vt.id) if vt is not None else None
        if rule is None:
            return
        ttf = -math.log1p(-u) * rule.mean_hours_between * 60
        if ttf < run.r.paid_min + run.r.break_min:
            run.breakdown_at = self.env.now + ttf  # the route does not look ahead past it
            self.env.process(self._break_after(run, ttf))

    def _break_after(self, run: RouteRun, ttf: float) -> Generator[simpy.Event, Any, None]:
        day = run.day
        yield self.env.timeout(ttf)
        if run.day != day or not run.working or run.broken or run.pending_breakdown is not None:
            return  # the route's day is over (or it already broke down)
        if run.in_station:
            run.pending_breakdown = self.env.now
        else:
            # A route with a vehicle runs in its own process (never batched), which called maybe_breakdown.
            assert run.process is not None
            run.process.interrupt("breakdown")

    def repair_min(self, run: StationsAndBreakdowns) -> float:
        vt = run.r.vehicle_type
        rule = self.breakdown_of.get(vt.id) if vt is not None else None
        mean = rule.mean_repair_min if rule is not None else 60.0
        return float(self.route_rng("repair:" + run.r.id).exponential(mean))

    def take_spare(self, r: CompiledRoute, broken: str) -> str | None:
        vt = r.vehicle_type
        if vt is None:
            return None
        pool = self._spares_today.get(vt.id, [])
        while pool:
            candidate = pool.pop(0)
            if self.vehicle_free_at.get(candidate, 0.0) <= self.env.now and candidate != broken:
                return candidate
        return None

    def hand_over(self, run: StationsAndBreakdowns) -> None:
        """Neighbour policy: the broken route's remaining work goes to the next route of its kind that finishes."""
        r = run.current_route
        first = run.next_stop
        keep = [i for i in range(first, len(r)) if r.code[i] in _WORK_CODES]
        if keep:
            self._extra.setdefault(r.kind, []).append(subset(r, keep))
            # Another route will serve these items: no route visiting them may look ahead any more.
            self.lookahead_off.add(r.index)
            for i in keep:
                if i < len(r.others):
                    self.lookahead_off.update(r.others[i])

    def drop_extra_work(self) -> None:
        """Handed-over work no neighbour took by the end of the day is not served."""
        for queue in self._extra.values():
            self.count.skipped_stops += sum(1 for r in queue for c in r.code if c in _WORK_CODES and c != ev.UNLOAD)
        self._extra = {}

    def take_extra_work(self, run: RouteRun) -> CompiledRoute | None:
        queue = self._extra.get(run.r.kind)
        if not queue:
            return None
        return continuation(queue.pop(0), 0, run.r.table, run.r.foot_kmh)

    def cut_log_row(self, index: int, end: float) -> None:
        """Shorten a stop row still waiting in the log buffer (an officer called away from a hotspot)."""
        if self.log is None:
            return
        local = index - self.log.packed
        if 0 <= local < len(self.log.rows):
            row = self.log.rows[local]
            self.log.rows[local] = (row[0], max(row[0], min(row[1], end)), *row[2:])

    def route_done(self, run: RouteRun, start: float, present: int) -> None:
        r = run.r
        c = self.count
        end = run.t
        shift_end = start + r.paid_min + r.break_min
        duty = max(end, shift_end) - start  # paid for the whole shift even when the work ends early
        overtime = max(0.0, end - shift_end)
        c.route_days += 1
        c.route_days_in_shift += overtime <= SHIFT_END_TOLERANCE_MIN
        self.route_days[r.index] += 1
        self.route_late[r.index] += overtime > SHIFT_END_TOLERANCE_MIN
        self.route_lateness[r.index].append(end - shift_end)
        c.work_min += duty * present
        c.overtime_min += overtime * present
        c.distance_km += run.km
        wage = 0.0
        ot_factor = self.overtime_factor
        for skill in r.crew_skills[:present]:
            rate = self.world.wage_per_hour.get(skill, 0.0)
            wage += rate * duty / 60 + rate * (ot_factor - 1) * overtime / 60
        c.cost += wage
        vt = r.vehicle_type
        if vt is not None:
            c.co2_kg += run.km * vt.co2_kg_per_km
            c.cost += run.km * vt.cost_per_km + duty / 60 * vt.cost_per_hour
            if run.vehicle not in self.vehicle_days:
                self.vehicle_days.add(run.vehicle or "")
                c.cost += vt.fixed_cost_per_day
            c.vehicle_busy_min += run.busy
            c.vehicle_duty_min += duty
            if run.vehicle:
                self.vehicle_free_at[run.vehicle] = max(self.vehicle_free_at.get(run.vehicle, 0.0), end)
        else:
            c.crew_busy_min += run.busy
            c.crew_duty_min += duty
        self.route_busy[r.index] += run.busy
        self.route_duty[r.index] += duty

    def _overtime_factor(self) -> float:
        lr = self.world.scenario.labour_rules
        if self.world.is_holiday(self.day):
            return lr.overtime_pay_holiday
        if self.world.is_day_off(self.day):
            return lr.overtime_pay_rest_day
        return lr.overtime_pay_workday
