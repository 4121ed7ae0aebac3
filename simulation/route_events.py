"""What interrupts a route's stops: unloading at a transfer station, reload trips, breakdowns.

A mixin of ``crews.RouteRun`` (kept apart so the stop loop's module stays small), with the small
helpers of the stop loop (unplanned legs, access windows, the look-ahead horizon, skipped stops);
the station and breakdown methods are SimPy sub-generators the route's process runs with ``yield from``.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from scenarios.model.common import MINUTES_PER_DAY

from . import eventlog as ev

if TYPE_CHECKING:
    import simpy

    from .model import Sim
    from .routes import CompiledRoute

INF = math.inf


def _open(window: tuple[int, int], t: float) -> bool:
    """Whether a daily window (end may pass midnight, e.g. 22:00-29:00) is open at time t."""
    clock = t % MINUTES_PER_DAY
    a, b = window
    return a <= clock <= b or a <= clock + MINUTES_PER_DAY <= b


def window_delay(windows: list[tuple[int, int]], t: float) -> float | None:
    """Minutes to wait at t until an access window is open today (None: no window left today)."""
    clock = t % MINUTES_PER_DAY
    for a, b in windows:
        if clock <= b:
            return max(0.0, a - clock)
    return None


def horizon_of(now: float, breakdown_at: float) -> float:
    """Stops arriving before this time may go ahead of the clock: the next midnight or the breakdown."""
    midnight = (now // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY
    return midnight if midnight < breakdown_at else breakdown_at


WORK = {ev.POINT, ev.SWEEP, ev.TOILET, *ev.DUTY_CODES}


class StationsAndBreakdowns:
    """Station visits and breakdown handling of a route run (see ``crews.RouteRun`` for the state)."""

    # The state of the route run these methods use, set by ``crews.RouteRun`` (the class this is mixed into).
    sim: Sim
    r: CompiledRoute  # the route's own plan
    current_route: CompiledRoute  # what it is following now: r, or work handed over by a broken-down neighbour
    next_stop: int  # index in current_route of the stop it was heading for when it broke down
    me: int  # the route's index in the plan (r.index)
    t: float  # where and when the route is, what it carries, what it did today
    pos: int
    load: float
    busy: float
    km: float
    actor: int  # log actor id of actor_name (-1: no log)
    actor_name: str
    vehicle: str | None
    broken: bool
    in_station: bool
    pending_breakdown: float | None  # a breakdown that came while in a station, handled when it leaves
    breakdown_at: float

    def _leg(self, pos: int, target: int) -> tuple[float, float]:
        """Base (minutes, km) of an unplanned leg."""
        r, net, p = self.r, self.sim.world.network, self.sim.params
        if pos == target:
            return 0.0, 0.0
        if r.table is not None:
            minutes = r.table.minutes(pos, target)
            km = r.table.metres(pos, target) / 1000 if minutes < INF else INF
            return minutes, km
        km = net.straight_m(pos, target) * p.detour_factor / 1000
        return km / r.foot_kmh * 60, km

    def _skip_rest(self, r: CompiledRoute, i: int) -> None:
        """Count the stops from i on as not served (unless a neighbour route was given them)."""
        if self.broken and self.sim.policy == "neighbour":
            return
        skipped = sum(1 for c in r.code[i:] if c in WORK)
        self.sim.count.skipped_stops += skipped
        self.sim.route_skips[self.me] += skipped

    def _unload(self, station: int, arrive: float, load: float,
                pos: int) -> Generator[simpy.Event, Any, tuple[float, float, int]]:
        """Unload at a station: if it is closed drive on to the nearest open one (else wait for opening),
        queue for a bay, unload; returns (departure, busy minutes, position)."""
        sim, env = self.sim, self.sim.env
        w = sim.world
        self.in_station = True  # a breakdown from now on waits until the truck leaves the station
        busy = 0.0
        if not _open(w.station_open[station], arrive):
            options = [(self._leg(pos, w.station_node[k]), k) for k in range(len(w.station_node))
                       if k != station and _open(w.station_open[k], arrive)]
            options = [(leg, k) for leg, k in options if leg[0] < INF]
            if options:
                (leg_min, leg_km), station = min(options)
                drive = leg_min * sim.clock_factor[int(arrive) % MINUTES_PER_DAY]
                arrive += drive
                busy += drive
                self.km += leg_km
                pos = w.station_node[station]
            else:
                a = w.station_open[station][0]
                clock = arrive % MINUTES_PER_DAY
                arrive += (a - clock) if clock < a else (MINUTES_PER_DAY - clock + a)
        if arrive > env.now:
            yield env.timeout(max(0.0, arrive - env.now))
        bay = sim.bays[station]
        with bay.request() as req:
            yield req
            queued = env.now - arrive
            service = w.station_unload_min[station] * sim.unload_noise()
            yield env.timeout(service)
        self.in_station = False
        sim.count.unloaded_kg += load
        sim.count.queue_min += queued
        if sim.log is not None:
            ref = sim.refs.station + station
            if queued > 0:
                sim.log.add(arrive, arrive + queued, ev.QUEUE, self.actor, pos, ref, queued)
            sim.log.add(arrive + queued, env.now, ev.UNLOAD, self.actor, pos, ref, load)
        return env.now, busy + service, pos

    def _reload(self, station: int, t: float) -> Generator[simpy.Event, Any, float]:
        """Unplanned trip from the current stop to a station and back; returns the time back."""
        sim, pos = self.sim, self.pos
        node = sim.world.station_node[station]
        out_min, out_km = self._leg(pos, node)
        back_min, back_km = self._leg(node, pos)
        if out_min == INF or back_min == INF:
            return t
        out = out_min * sim.clock_factor[int(t) % MINUTES_PER_DAY]
        depart, unload_busy, node = yield from self._unload(station, t + out, self.load, node)
        back_min, back_km = self._leg(node, pos)
        if back_min == INF:
            back_min, back_km = 0.0, 0.0
        back = back_min * sim.clock_factor[int(depart) % MINUTES_PER_DAY]
        self.load = 0.0
        self.km += out_km + back_km
        self.busy += out + back + unload_busy
        sim.count.reload_trips += 1
        return depart + back

    def _breakdown(self, when: float) -> Generator[simpy.Event, Any, bool]:
        """Handle a breakdown at `when` by the reassignment policy; returns True when the route ends."""
        sim, env = self.sim, self.sim.env
        self.pending_breakdown = None
        self.breakdown_at = INF
        sim.count.breakdowns += 1
        repair = sim.repair_min(self)
        broken = self.vehicle
        assert broken is not None
        sim.vehicle_free_at[broken] = when + repair
        delay, ends, spare = repair, False, None
        if sim.policy == "spare":
            spare = sim.take_spare(self.r, broken)
            if spare is not None:
                depot_node = sim.world.depot_node[sim.world.scenario.index.vehicles[spare].depot]
                delay = sim.params.handover_min + self._leg(depot_node, self.pos)[0]
                sim.count.spares_used += 1
        else:
            ends = True
            self.broken = True
            if sim.policy == "neighbour":
                sim.hand_over(self)
        if sim.log is not None:
            sim.log.add(when, when + (0.0 if ends else delay), ev.BREAKDOWN, self.actor, self.pos, -1, repair)
        if spare is not None:
            self.vehicle = self.actor_name = spare
            if sim.log is not None:
                self.actor = sim.log.actor_id(spare)
                sim.log.add(when + delay, when + delay, ev.SWAP, self.actor, self.pos, -1, 0.0)
        if ends:
            self.t = max(self.t, when)
            return True
        resume = max(self.t, when + delay)
        if resume > env.now:
            yield env.timeout(max(0.0, resume - env.now))
        self.t = resume
        return False
