"""Vehicles and crews following their routes (simulation.crews): timetables, rush hours, full trucks,
crews short of people."""

from __future__ import annotations

import numpy as np
import pytest

from optimizer.common.plan import Plan
from scenarios import Scenario
from simulation import SimParams, baseline_plan, run_replication
from simulation import eventlog as ev

from .test_validity import quiet, variant

EXACT = SimParams().deterministic()


def _log(scenario: Scenario, plan: Plan, params: SimParams | None = None, seed: int = 1):
    result = run_replication(scenario, plan, days=1, seed=seed, replication=0, params=params, log_events=True)
    return result, result.log_events, np.array(result.log_actors)


def _rows(log, actors, actor: str, event: int):
    mine = log[(actors[log["actor"]] == actor) & (log["event"] == event)]
    return mine[np.argsort(mine["t_min"], kind="stable")]


@pytest.mark.parametrize("seed", [1, 2])
def test_toilet_cleaners_who_come_early_wait_for_the_planned_start(training, seed):
    scenario = variant(training, quiet)
    plan = baseline_plan(scenario)
    _, log, actors = _log(scenario, plan, seed=seed)
    waited = 0
    for route in plan.parts["toilets"].routes:
        planned = [s.start_min if s.start_min is not None else s.arrival_min for s in route.stops if s.kind == "toilet"]
        done = _rows(log, actors, route.crew, ev.TOILET)
        assert len(done) == len(planned)
        assert (done["t_min"] >= np.array(planned) - 1e-9).all()
        waited += int(np.isclose(done["t_min"], planned).sum())
    assert waited > 10  # travel noise brings many early: they wait rather than start


def test_rush_hours_slow_trucks_and_sweepers_but_not_crews_on_foot_or_e_bikes(training):
    """With the noise off and rush hours all day at factor 0.5, each truck's first leg takes twice as long."""
    plan = baseline_plan(variant(training, quiet))

    def rush(factor: float):
        def edit(d):
            quiet(d)
            d["simulation"]["rush_hours"] = [{"start": 0, "end": 1440}]
            d["simulation"]["rush_speed_factor"] = factor
        return variant(training, edit)

    _, free, actors_free = _log(rush(1.0), plan, EXACT)
    _, slow, actors_slow = _log(rush(0.5), plan, EXACT)
    for route in plan.parts["garbage"].routes:
        start = _rows(free, actors_free, route.vehicle, ev.START)["t_min"][0]
        leg_free = _rows(free, actors_free, route.vehicle, ev.POINT)["t_min"][0] - start
        leg_slow = _rows(slow, actors_slow, route.vehicle, ev.POINT)["t_min"][0] - start
        assert leg_free > 0 and leg_slow == pytest.approx(2 * leg_free)
    on_foot = [r.crew for kind in ("sweeping", "toilets") for r in plan.parts[kind].routes if r.vehicle is None]
    assert len(on_foot) >= 10
    for crew in on_foot:
        for event in (ev.SWEEP, ev.TOILET, ev.BREAK, ev.END):
            a, b = _rows(free, actors_free, crew, event), _rows(slow, actors_slow, crew, event)
            assert np.array_equal(a[["t_min", "end_min"]], b[["t_min", "end_min"]]), crew


def test_a_full_truck_makes_a_reload_trip_and_never_carries_more_than_it_holds(training):
    """The training plan driven with 300 kg compactors (the first day collects about 800 kg): unplanned trips to a station, loads within capacity."""
    plan = baseline_plan(variant(training, quiet))

    def small(d):
        quiet(d)
        for t in d["fleet"]["vehicle_types"]:
            if t["id"] == "compactor_5t":
                t["capacity_kg"] = 300.0
    _, log, actors = _log(variant(training, small), plan)
    for route in plan.parts["garbage"].routes:
        if not route.vehicle.startswith("compactor"):
            continue
        planned_unloads = sum(s.kind == "unload" for s in route.stops)
        mine = log[actors[log["actor"]] == route.vehicle]
        mine = mine[np.argsort(mine["t_min"], kind="stable")]
        assert (mine["event"] == ev.UNLOAD).sum() > planned_unloads
        load = 0.0
        for row in mine:
            if row["event"] == ev.POINT:
                load += float(row["value"])
                assert load <= 300.0 + 1e-3
            elif row["event"] == ev.UNLOAD:
                assert float(row["value"]) == pytest.approx(load, abs=1e-2)
                load = 0.0


def test_a_route_without_its_driver_is_not_run_and_one_short_of_a_loader_works_slower(training):
    """Everyone absent: spares (6/7 of each skill's workers beyond the seats) fill seats in plan order.
    One spare driver and one spare loader: the first truck runs one loader short, the others stay."""
    def absent(d):
        quiet(d)
        d["disruptions"]["worker_absence_rate"] = 1.0
    scenario = variant(training, absent)
    plan = baseline_plan(variant(training, quiet))
    result, log, actors = _log(scenario, plan, EXACT)
    started = set(actors[log[log["event"] == ev.START]["actor"]])
    assert "compactor_5t-01" in started and not {"compactor_5t-02", "bucket_2t-01"} & started
    first = plan.parts["garbage"].routes[0]
    service = [s.departure_min - (s.start_min if s.start_min is not None else s.arrival_min)
               for s in first.stops if s.kind == "point"]
    points = _rows(log, actors, "compactor_5t-01", ev.POINT)
    worked = points["end_min"] - points["t_min"]
    assert len(worked) == len(service) and (worked >= 1.5 * np.array(service) - 1e-6).all()
    assert np.isclose(worked, 1.5 * np.array(service)).sum() >= len(service) // 2
    not_run = plan.parts["garbage"].routes[1:]
    assert result.kpis["skipped_stops"] >= sum(s.kind == "point" for r in not_run for s in r.stops)


def test_each_route_day_logs_one_start_and_one_end(training):
    scenario = variant(training, quiet)
    plan = baseline_plan(scenario)
    _, log, actors = _log(scenario, plan)
    routes_of: dict[str, int] = {}
    for part in plan.parts.values():
        for route in part.routes:
            actor = route.vehicle or route.crew
            routes_of[actor] = routes_of.get(actor, 0) + 1
    for event in (ev.START, ev.END):
        names, counts = np.unique(actors[log[log["event"] == event]["actor"]], return_counts=True)
        assert dict(zip(names.tolist(), counts.tolist(), strict=True)) == routes_of, ev.EVENT_NAMES[event]
