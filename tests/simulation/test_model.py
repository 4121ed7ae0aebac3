"""One replication's shared state and day clock (simulation.model.Sim): determinism, common random
numbers, midnight bookkeeping, weather, breakdowns, overtime pay by day type."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from optimizer.common.plan import Plan
from scenarios import Scenario
from scenarios.model.common import MINUTES_PER_DAY
from simulation import SimParams, baseline_plan, run_replication
from simulation import eventlog as ev
from simulation.model import Sim
from simulation.replication import compiled

from .test_validity import quiet, variant


def _sim(scenario: Scenario, plan: Plan, days: int = 1, seed: int = 1) -> Sim:
    world, routes = compiled(scenario, plan, SimParams())
    sim = Sim(world, routes, seed, 0, log=True)
    sim.days = days
    sim.env.process(sim.day_clock())
    return sim


def test_the_same_seed_and_replication_repeat_exactly_and_another_replication_differs(training):
    plan = baseline_plan(training)
    a = run_replication(training, plan, days=1, seed=9, replication=1, log_events=True)
    b = run_replication(training, plan, days=1, seed=9, replication=1, log_events=True)
    c = run_replication(training, plan, days=1, seed=9, replication=2, log_events=True)
    assert a.kpis == pytest.approx(b.kpis, nan_ok=True) and a.daily == b.daily
    assert np.array_equal(a.log_events, b.log_events) and a.log_actors == b.log_actors
    assert c.kpis["waste_generated_kg"] != a.kpis["waste_generated_kg"]


def test_removing_a_truck_leaves_waste_weather_and_incidents_unchanged(training):
    """Common random numbers: only the removed route's own stream goes; the variants' difference is the truck's."""
    plan = baseline_plan(training)
    garbage = plan.parts["garbage"]
    fewer = plan.with_part(garbage.model_copy(update={"routes": garbage.routes[:-1]}))
    full = run_replication(training, plan, days=3, seed=4, replication=0, log_events=True)
    less = run_replication(training, fewer, days=3, seed=4, replication=0, log_events=True)
    # (a sum over bins: the order of the additions may change the last digits)
    assert less.kpis["waste_generated_kg"] == pytest.approx(full.kpis["waste_generated_kg"], rel=1e-12)
    assert [d["rain_days"] for d in less.daily] == [d["rain_days"] for d in full.daily]
    assert less.kpis["waste_collected_kg"] < full.kpis["waste_collected_kg"]
    incidents = [log[log["event"] == ev.INCIDENT][["t_min", "node", "ref"]] for log in (full.log_events, less.log_events)]
    assert len(incidents[0]) > 0 and np.array_equal(*incidents)


def test_each_midnight_closes_the_day_and_applies_its_sweeps_and_cleans(training):
    sim = _sim(training, baseline_plan(training), days=2)
    sim.env.run(until=MINUTES_PER_DAY + 1e-6)
    assert [d["day"] for d in sim.daily] == [0.0]
    assert not sim.deferred.rows and all((b["t"] >= MINUTES_PER_DAY).all() for b in sim.deferred.blocks)
    assert sim.litter.sweeps > 0 and sim.toilets.cleans > 0
    sim.env.run(until=2 * MINUTES_PER_DAY + 1e-6)
    assert [d["day"] for d in sim.daily] == [0.0, 1.0]


@pytest.mark.parametrize(("probability", "rain_days"), [(0.0, 0), (1.0, 2)])
def test_rain_falls_with_the_scenarios_probability_and_slows_everyone(training, probability, rain_days):
    def edit(d):
        d["disruptions"]["rain_probability"] = probability
        d["disruptions"]["rain_speed_factor"] = 0.8
    sim = _sim(variant(training, edit), Plan(), days=2)
    sim.env.run(until=MINUTES_PER_DAY / 2)
    slow = 1.25 if probability else 1.0
    assert sim.foot_clock_factor[3 * 60] == pytest.approx(slow)
    assert sim.clock_factor[3 * 60] == pytest.approx(slow) and sim.clock_factor[8 * 60] == pytest.approx(slow / 0.6)
    sim.env.run(until=2 * MINUTES_PER_DAY + 1e-6)
    assert sim.count.rain_days == rain_days


def test_a_vehicle_breaks_down_at_most_once_a_route_day_and_never_without_a_rule(training):
    def frequent(d):
        quiet(d)
        d["disruptions"]["breakdowns"] = [{"vehicle_type": "compactor_5t", "mean_hours_between": 0.2,
                                           "mean_repair_min": 30.0}]
    plan = baseline_plan(variant(training, quiet))
    never = _sim(variant(training, quiet), plan)
    often = _sim(variant(training, frequent), plan)
    for sim in (never, often):
        sim.env.run(until=MINUTES_PER_DAY + 1e-6)
    assert never.count.breakdowns == 0
    compactor_route_days = sum(1 for r in often.routes if r.vehicle_type and r.vehicle_type.id == "compactor_5t")
    assert often.count.breakdowns == compactor_route_days == 2


@pytest.mark.parametrize(("date", "factor"), [("2017-06-05", 1.5), ("2017-06-11", 2.0), ("2017-10-02", 3.0)])
def test_overtime_is_paid_by_the_days_type(training, date, factor):
    """Workday (Monday), rest day (Sunday), public holiday (National Day week): the labour rules' factors."""
    scenario = variant(training, lambda d: d["simulation"].update(start_date=dt.date.fromisoformat(date)))
    sim = _sim(scenario, Plan())
    sim.env.run(until=1.0)
    assert sim.overtime_factor == factor
