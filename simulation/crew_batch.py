"""Crews on foot that meet nothing shared on their way: a whole shift at once for all crews of a start time.

A crew on foot whose stops are sweeps, toilet cleans, breaks and refills (no vehicle, no bin, no
station, no patrol hotspot) depends on nothing but its own draws, its staffing (decided at
midnight, staffing.py) and the time of day: with look-ahead every one of its stops goes ahead of
the clock, and its sweeps and cleans are applied at midnight anyway (deferred.py). So the routes
that start at the same minute run together, stop k of all of them in one NumPy step, at one SimPy
event per start time and day. A route that would arrive somewhere at or after midnight that day is
left to its own process (the stop-by-stop code in crews.py, from its start); under the
'neighbour' breakdown policy no route is batched (a crew may be handed work when it finishes).
The arithmetic is the stop-by-stop code's, operation for operation, so both give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.assessment import SHIFT_END_TOLERANCE_MIN
from scenarios.model.common import MINUTES_PER_DAY

from . import eventlog as ev
from .deferred import KEY_STOPS, VISIT
from .draws import BLOCK_DAYS, layout_of
from .eventlog import rows_of
from .routes import derived

if TYPE_CHECKING:
    import simpy

    from .model import Sim
    from .routes import CompiledRoute
    from .world import World

CODES = frozenset({ev.SWEEP, ev.TOILET, ev.BREAK, ev.REFILL, ev.START, ev.END})
WORK = (ev.POINT, ev.SWEEP, ev.TOILET, *ev.DUTY_CODES)


def batchable(r: CompiledRoute) -> bool:
    """Whether a route can run in a batch: on foot, one worker, only stops that touch nothing shared."""
    if (r.vehicle is not None or r.kind == "patrols" or len(r.crew_skills) != 1 or not 0 <= r.start_clock < MINUTES_PER_DAY
            or len(r) == 0):
        return False
    chain = [r.start_node, *r.exit[:-1]]
    return (all(c in CODES for c in r.code) and r.leg_from == chain[:len(r)]
            and all(math.isfinite(x) for x in r.leg_min))


class _Group:
    """Static tables of the routes starting at one minute, longest first (stop k: rows [:count_at[k]])."""

    def __init__(self, world: World, routes: list[CompiledRoute], actor: list[int], z_off: np.ndarray) -> None:
        routes = sorted(routes, key=lambda r: -len(r))
        self.start_clock = routes[0].start_clock
        self.date = routes[0].date  # the horizon date the group's routes run on (None: every day)
        m, width = len(routes), max(len(r) for r in routes)
        self.width = width
        self.count_at = [sum(1 for r in routes if len(r) > c) for c in range(width)]
        self.k = np.array([r.index for r in routes], dtype=np.int64)

        def table(name: str, fill: float, dtype: type) -> np.ndarray:
            out: np.ndarray = np.full((m, width), fill, dtype=dtype)
            for row, r in enumerate(routes):
                out[row, :len(r)] = getattr(r, name)
            return out

        self.leg, self.leg_km, self.service = table("leg_min", 0.0, float), table("leg_km", 0.0, float), table("service_min", 0.0, float)
        self.code, self.node = table("code", 0, np.uint8), table("exit", 0, np.int32)
        self.ref, self.item = table("ref", -1, np.int32), table("item", -1, np.int32)
        self.ready = table("ready", -np.inf, float)  # the timetable: earliest start after the day's midnight
        self.is_end, self.is_break = self.code == ev.END, self.code == ev.BREAK
        self.deferred = (self.code == ev.SWEEP) | (self.code == ev.TOILET)
        work = np.isin(self.code, WORK).astype(np.int64)
        self.work_from = np.cumsum(work[:, ::-1], axis=1)[:, ::-1]  # work stops from column c on
        self.work_total = work.sum(axis=1)
        self.key = self.k[:, None] * KEY_STOPS + np.arange(width)[None, :]
        self.shift = np.array([r.paid_min + r.break_min for r in routes])
        self.hard = self.shift + world.scenario.labour_rules.max_overtime_hours_per_day * 60
        self.start_node = np.array([r.start_node for r in routes], dtype=np.int32)
        self.actor = np.array([actor[k] for k in self.k.tolist()], dtype=np.int32)
        self.wage = np.array([world.wage_per_hour.get(r.crew_skills[0], 0.0) for r in routes])
        n = np.array([len(r) for r in routes], dtype=np.int64)
        cols = np.arange(width)[None, :]
        self.z_travel = z_off[self.k][:, None] + np.where(cols < n[:, None], cols, 0)
        self.z_step = n[:, None]
        self.n, self.cols = n, cols
        self.valid = cols < n[:, None]


def actor_ids(routes: list[CompiledRoute]) -> list[int]:
    """Each route's actor index in a log whose actors are registered in plan order (Sim does so)."""
    index: dict[str, int] = {}
    return [index.setdefault(r.actor, len(index)) for r in routes]


def groups_of(world: World, routes: list[CompiledRoute]) -> list[_Group]:
    """The batch groups of a compiled plan (built once per plan, with the plan's travel tables)."""
    z_off = layout_of(routes, world.params.travel_cv, world.params.service_cv)["z_off"]
    return derived(routes, "batch", lambda: _groups(world, routes, z_off))


def _groups(world: World, routes: list[CompiledRoute], z_off: np.ndarray) -> list[_Group]:
    by_start: dict[tuple[float, str], list[CompiledRoute]] = {}
    for r in routes:
        if batchable(r):  # dated routes run in groups of their own date
            by_start.setdefault((r.start_clock, r.date or ""), []).append(r)
    actor = actor_ids(routes)
    return [_Group(world, by_start[s], actor, z_off) for s in sorted(by_start)]


class CrewBatch:
    """The batched foot crews of a replication, one group per start minute (a SimPy process)."""

    def __init__(self, sim: Sim, on: bool) -> None:
        self.sim = sim
        routes = sim.routes
        self.groups = groups_of(sim.world, routes) if on else []
        self.runs = {int(k): sim.runs[int(k)] for g in self.groups for k in g.k}

    def process(self, days: int) -> Generator[simpy.Event, Any, None]:
        env, plan_dates = self.sim.env, self.sim.plan_dates
        for day in range(days):
            for g in self.groups:
                if g.date is not None and g.date != plan_dates[day]:
                    continue  # not its day: the group counts nowhere
                t = day * MINUTES_PER_DAY + g.start_clock
                if t > env.now:
                    yield env.timeout(t - env.now)
                self._shift(g, day)

    def _shift(self, g: _Group, day: int) -> None:
        """Run the day's shift of every route of g that is staffed (same steps as RouteRun._follow).

        Stop by stop only the clock is carried (arrival = departure + travel at the departure
        minute's speed); which stops fall past the shift's hard end, and the running sums of busy
        minutes and km (sequential, as in the stop loop), follow afterwards for the whole table.
        """
        present = self.sim.staffing.present[g.k]
        here = present > 0
        start = day * MINUTES_PER_DAY + g.start_clock
        arrive, begin, travel, service = self._walk(g, day, start)
        depart = begin + service
        # The first stop past the hard end (a route's end stop excepted) and the rest are not served.
        fail = g.valid & (arrive > (start + g.hard)[:, None]) & ~g.is_end
        first_fail = np.where(fail.any(axis=1), fail.argmax(axis=1), g.n)
        ok = (g.cols < first_fail[:, None]) & g.valid & here[:, None]
        late = self._hand_over_late(g, day, ok, arrive, present)
        good = here & ~late
        ok &= good[:, None]
        end, busy, km = self._served_totals(g, ok, start, depart, travel, service)
        self._count_skips(g, here, good, first_fail)
        self._log(g, start, arrive, begin, depart, ok, good, end)
        self._account(g, good, start, end[good], busy[good], km[good])

    def _walk(self, g: _Group, day: int, start: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Carry the clock stop by stop: arrival, begin of service, travel and service minutes per stop."""
        sim = self.sim
        j = day % BLOCK_DAYS
        z = sim.draws.z
        leg_noise = g.leg * z[g.z_travel + j * g.z_step]  # (leg × noise) × clock factor, as in the stop loop
        service = g.service * z[g.z_travel + (BLOCK_DAYS + j) * g.z_step]
        cf = sim.foot_clock_factor_arr  # crews on foot or e-bike: rain slows them, rush hours do not
        ready = day * MINUTES_PER_DAY + g.ready
        m, width = len(g.k), g.width
        t = np.full(m, start)
        arrive, begin, travel = np.zeros((m, width)), np.zeros((m, width)), np.zeros((m, width))
        for col, live in enumerate(g.count_at):  # live: the routes that have a stop `col`
            tc = t[:live]
            tr = leg_noise[:live, col] * cf[tc.astype(np.int64) % MINUTES_PER_DAY]
            a = tc + tr
            b = np.maximum(a, ready[:live, col])
            t[:live] = b + service[:live, col]
            arrive[:live, col], begin[:live, col], travel[:live, col] = a, b, tr
        return arrive, begin, travel, service

    def _hand_over_late(self, g: _Group, day: int, ok: np.ndarray, arrive: np.ndarray,
                        present: np.ndarray) -> np.ndarray:
        """Start the route's own process for the routes arriving somewhere after midnight; which rows those are."""
        sim = self.sim
        midnight = (day + 1) * MINUTES_PER_DAY
        late = np.asarray((ok & (arrive >= midnight)).any(axis=1))
        for row in np.flatnonzero(late).tolist():
            # Arrives somewhere after midnight: the route's own process runs this day from its start.
            k = int(g.k[row])
            tn_k, sn_k = sim.draws.noise(k, day)
            draws = (tn_k, sn_k, int(present[row]), float(sim.staffing.factor[k]), 0.0)
            self.runs[k].process = sim.env.process(self.runs[k].day_run(day, draws))
        return late

    @staticmethod
    def _served_totals(g: _Group, ok: np.ndarray, start: float, depart: np.ndarray, travel: np.ndarray,
                       service: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each route's end minute, busy minutes and km up to its last stop served."""
        m, width = len(g.k), g.width
        last = ok.sum(axis=1) - 1  # the last stop served (-1: none)
        served = last >= 0
        at = np.maximum(last, 0)
        rows = np.arange(m)
        end = np.where(served, depart[rows, at], start)
        # busy += travel, busy += service (not on a break), km += leg: running sums in stop order.
        steps = np.empty((m, 2 * width))
        steps[:, 0::2], steps[:, 1::2] = travel, np.where(g.is_break, 0.0, service)
        busy = np.where(served, np.add.accumulate(steps, axis=1)[rows, 2 * at + 1], 0.0)
        km = np.where(served, np.add.accumulate(g.leg_km, axis=1)[rows, at], 0.0)
        return end, busy, km

    def _count_skips(self, g: _Group, here: np.ndarray, good: np.ndarray, first_fail: np.ndarray) -> None:
        """Count the stops and routes not served: unstaffed routes entirely, the others past their hard end."""
        sim, c = self.sim, self.sim.count
        rows = np.arange(len(g.k))
        skipped = np.where(first_fail < g.n, g.work_from[rows, np.minimum(first_fail, g.width - 1)], 0)
        c.skipped_stops += int(g.work_total[~here].sum()) + int(skipped[good].sum())
        sim.route_skips[g.k[~here]] += g.work_total[~here]
        sim.route_skips[g.k[good]] += skipped[good]
        sim.route_days[g.k[~here]] += 1
        c.skipped_routes += int((~here).sum())

    def _account(self, g: _Group, good: np.ndarray, start: float, end: np.ndarray, busy: np.ndarray,
                 km: np.ndarray) -> None:
        """Book the worked routes' duty, overtime, distance and cost (as Sim.route_done; one worker per route)."""
        sim, c = self.sim, self.sim.count
        shift_end = start + g.shift[good]
        duty = np.maximum(end, shift_end) - start
        overtime = np.maximum(0.0, end - shift_end)
        rate = g.wage[good]
        c.route_days += len(duty)
        c.route_days_in_shift += int((overtime <= SHIFT_END_TOLERANCE_MIN).sum())
        sim.route_days[g.k[good]] += 1
        sim.route_late[g.k[good]] += overtime > SHIFT_END_TOLERANCE_MIN
        for k, late in zip(g.k[good].tolist(), (end - shift_end).tolist(), strict=True):
            sim.route_lateness[k].append(late)
        c.work_min += float(duty.sum())
        c.overtime_min += float(overtime.sum())
        c.distance_km += float(km.sum())
        c.cost += float((rate * duty / 60 + rate * (sim.overtime_factor - 1) * overtime / 60).sum())
        c.crew_busy_min += float(busy.sum())
        c.crew_duty_min += float(duty.sum())
        sim.route_busy[g.k[good]] += busy
        sim.route_duty[g.k[good]] += duty

    # Eight parameters: the tables _shift has just computed for the group, handed over as they are.
    def _log(self, g: _Group, start: float, arrive: np.ndarray, begin: np.ndarray, depart: np.ndarray,
             ok: np.ndarray, good: np.ndarray, t: np.ndarray) -> None:
        """Record the sweeps and cleans (deferred) and log start, breaks, refills and end rows."""
        sim = self.sim
        rows, cols = np.nonzero(ok)
        code = g.code[rows, cols]
        defer = g.deferred[rows, cols]
        r, cl = rows[defer], cols[defer]
        visits = np.empty(len(r), dtype=VISIT)
        visits["t"], visits["end"], visits["event"] = begin[r, cl], depart[r, cl], code[defer]
        visits["actor"], visits["node"], visits["ref"] = g.actor[r], g.node[r, cl], g.ref[r, cl]
        visits["item"], visits["key"] = g.item[r, cl], g.key[r, cl]
        sim.deferred.add_block(visits)
        log = sim.log
        if log is None:
            return
        who = np.flatnonzero(good)
        n = len(who)
        log.add_block(rows_of(np.full(n, start), np.full(n, start), np.full(n, ev.START), g.actor[who],
                              g.start_node[who], np.full(n, -1), np.zeros(n)))
        keep = ~defer & (code != ev.START) & (code != ev.END)  # the group's own start/end rows are logged apart
        r, cl = rows[keep], cols[keep]
        log.add_block(rows_of(arrive[r, cl], depart[r, cl], code[keep], g.actor[r], g.node[r, cl], g.ref[r, cl],
                              np.zeros(len(r))))
        last = ok[who].sum(axis=1) - 1
        pos = np.where(last >= 0, g.node[who, np.maximum(last, 0)], g.start_node[who])
        end = t[who]
        log.add_block(rows_of(end, end, np.full(n, ev.END), g.actor[who], pos, np.full(n, -1), np.zeros(n)))
