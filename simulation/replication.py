"""One replication: build the environment, run it in one-day slices, collect KPIs (picklable entry point)."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import simpy

from optimizer.common.plan import Plan
from scenarios.model import Scenario
from scenarios.model.common import MINUTES_PER_DAY

from .crew_batch import groups_of
from .duty import DutyRoster
from .eventlog import Refs
from .kpis import Counters, kpis_between
from .model import Sim
from .params import SimParams
from .routes import CompiledRoute, compile_plan
from .world import World


@dataclass
class ReplicationResult:
    """KPIs of one replication (picklable: plain data only)."""

    replication: int
    seed: int
    kpis: dict[str, float]
    daily: list[dict[str, float]]
    events_processed: int
    wall_time_s: float
    days_completed: int
    stopped: bool = False
    event_loop_s: float = 0.0
    utilization: dict[str, float] = field(default_factory=dict)
    balance: dict[str, float] = field(default_factory=dict)
    log_events: np.ndarray | None = None
    log_actors: list[str] = field(default_factory=list)
    route_stats: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # route → (days, late, skips)
    route_lateness: dict[str, list[float]] = field(default_factory=dict)  # route → end − shift end per day, minutes


def _run_until(env: simpy.Environment, until: float, check_clock: bool) -> int:
    """Process events strictly before `until`; returns how many."""
    n = 0
    step, peek = env.step, env.peek
    if check_clock:
        last = env.now
        while peek() < until:
            step()
            n += 1
            if env.now < last:
                raise RuntimeError(f"simulation clock ran backwards: {env.now} < {last}")
            last = env.now
        return n
    while peek() < until:
        step()
        n += 1
    return n


_COMPILED: dict[tuple[int, int, SimParams], tuple[Scenario, Plan, World, list[CompiledRoute]]] = {}


def compiled(scenario: Scenario, plan: Plan, params: SimParams) -> tuple[World, list[CompiledRoute]]:
    """World and compiled routes, cached for the few (scenario, plan) pairs in use."""
    key = (id(scenario), id(plan), params)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is scenario and hit[1] is plan:
        return hit[2], hit[3]
    world = World(scenario, params)
    routes = compile_plan(world, plan, Refs(world))
    groups_of(world, routes)  # static tables of the batched crews and the route draws, once per plan
    if len(_COMPILED) >= 4:
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[key] = (scenario, plan, world, routes)
    return world, routes


# Twelve parameters: a public entry point (tests, benchmarks, study tasks); its keywords are its documented interface.
def run_replication(scenario: Scenario, plan: Plan | None, *, days: int, seed: int, replication: int,
                    params: SimParams | None = None, log_events: bool = False,
                    stop: Callable[[], bool] | None = None, on_day: Callable[[int], None] | None = None,
                    check_clock: bool = False, lookahead: bool = True, duty: DutyRoster | None = None
                    ) -> ReplicationResult:
    """Simulate one replication for `days` days (a module-level function: picklable for worker processes).

    `lookahead=False` makes every stop wait for the clock (same results, more SimPy events; for checks).
    `duty`: a roster; each route is staffed from the people it puts on the route's shift that day.
    """
    if days < 1:
        raise ValueError(f"days must be >= 1 (got {days})")
    started = time.perf_counter()
    params = params or SimParams()
    if plan is None:
        from optimizer.baseline import baseline_plan

        plan = baseline_plan(scenario)
    world, routes = compiled(scenario, plan, params)
    sim = Sim(world, routes, seed, replication, log_events, lookahead, duty)
    sim.days = days
    sim.env.process(sim.day_clock())
    events = 0
    stopped = False
    # The model makes no reference cycles per event, but the event log's many small tuples would
    # trigger repeated full garbage collections: pause the cyclic collector while the run goes.
    loop_s = 0.0
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for day in range(days):
            if stop is not None and stop():
                stopped = True
                break
            # Each slice ends just after midnight so that the day's accounts are closed within it.
            loop_started = time.perf_counter()
            events += _run_until(sim.env, (day + 1) * float(MINUTES_PER_DAY) + 1e-6, check_clock)
            loop_s += time.perf_counter() - loop_started
            if on_day is not None:
                on_day(day)
    finally:
        if gc_was_enabled:
            gc.enable()
    result = _result(sim, replication, seed, events, started, stopped)
    result.event_loop_s = loop_s
    return result


def _result(sim: Sim, replication: int, seed: int, events: int, started: float, stopped: bool) -> ReplicationResult:
    end_t = len(sim.daily) * float(MINUTES_PER_DAY)
    sim.deferred.apply(math.inf)  # visits recorded past the last midnight (a stopped run)
    sim.drop_extra_work()
    sim.bins.advance_all(end_t)
    sim.toilets.finish(end_t)
    sim._sync_counters()
    total = sim.count.snapshot()
    zero = Counters().snapshot()
    kpis = kpis_between(zero, total, sim.dispatch.cases, sim.dispatch.open_incidents(), by_type=True)
    balance = {
        "generated_kg": sim.bins.generated_kg, "collected_kg": sim.bins.collected_kg,
        "in_bins_kg": sim.bins.in_bins_kg, "overflow_kg": sim.bins.overflow_kg,
        "unloaded_kg": sim.count.unloaded_kg,
        "on_trucks_kg": sim.bins.collected_kg - sim.count.unloaded_kg,
    }
    busy_duty = dict(sim.utilization_min)
    for r, busy, duty in zip(sim.routes, sim.route_busy.tolist(), sim.route_duty.tolist(), strict=True):
        u = busy_duty.setdefault(r.actor, [0.0, 0.0])
        busy_duty[r.actor] = [u[0] + busy, u[1] + duty]
    util = {a: 100.0 * u[0] / u[1] for a, u in busy_duty.items() if u[1] > 0}
    log_events = sim.log.to_array() if sim.log is not None else None
    return ReplicationResult(
        replication=replication, seed=seed, kpis=kpis, daily=sim.daily, events_processed=events,
        wall_time_s=time.perf_counter() - started, days_completed=len(sim.daily), stopped=stopped,
        utilization=util, balance=balance, log_events=log_events,
        log_actors=list(sim.log.actors) if sim.log is not None else [],
        route_stats={r.id: (float(d), float(late), float(sk)) for r, d, late, sk in
                     zip(sim.routes, sim.route_days.tolist(), sim.route_late.tolist(), sim.route_skips.tolist(),
                         strict=True)},
        route_lateness={r.id: late for r, late in zip(sim.routes, sim.route_lateness, strict=True)},
    )
