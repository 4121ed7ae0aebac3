"""Planner and simulation measure the same day: with the randomness off they agree to the minute."""

from __future__ import annotations

import pytest

from optimizer import RouteParams, solve_routes
from optimizer.checks import check_plan
from scenarios.model import Scenario
from simulation import SimParams, simulate


def _calm(scenario: Scenario) -> Scenario:
    """The training district without randomness: no rain, absences, breakdowns or incidents, waste exactly its mean."""
    points = [p.model_copy(update={"spread_cv": 0.0}) for p in scenario.collection_points]
    disruptions = scenario.disruptions.model_copy(update={"rain_probability": 0.0, "worker_absence_rate": 0.0,
                                                          "breakdowns": []})
    incidents = scenario.incidents.model_copy(update={"per_day": 0.0})
    calm = scenario.model_copy(update={"collection_points": points, "disruptions": disruptions, "incidents": incidents})
    calm.__dict__.pop("index", None)
    return calm


@pytest.fixture(scope="module")
def calm_day(training):
    scenario = _calm(training)
    plan = solve_routes(scenario, "all", RouteParams(time_limit_s=20, seed=1))
    assert all(not errors for errors in check_plan(scenario, plan).values())
    outcome = simulate(scenario, plan, days=1, replications=1, seed=1, params=SimParams().deterministic(),
                       event_log="first")
    return scenario, plan, outcome


def test_simulated_arrivals_are_the_planned_ones_with_rush_hours(calm_day):
    """Every planned stop happens in the simulation when the plan says, trucks slowed in rush hours included."""
    scenario, plan, outcome = calm_day
    assert scenario.simulation.rush_hours, "the case must have rush hours"
    kinds = {"collect": "point", "unload": "unload", "sweep": "segment", "toilet_clean": "toilet"}
    simulated: dict[tuple[str, str, str], list[float]] = {}
    for row in outcome.event_log.rows():
        if row["event"] in kinds:
            simulated.setdefault((row["actor"], kinds[row["event"]], row["ref"]), []).append(row["t_min"])
    checked = in_rush = 0
    for part in plan.parts.values():
        for route in part.routes:
            actor = route.vehicle or route.crew or route.id
            for stop in route.stops:
                if stop.kind not in kinds.values():
                    continue
                # Collections and unloads are logged on arrival; sweeps and cleanings when the work begins.
                planned = stop.arrival_min if stop.kind in ("point", "unload") else (stop.start_min or stop.arrival_min)
                times = simulated.get((actor, stop.kind, stop.ref), [])
                assert any(abs(t - planned) < 0.01 for t in times), (route.id, stop.kind, stop.ref, planned, times)
                checked += 1
                in_rush += route.vehicle is not None and any(
                    w.start <= planned % 1440 < w.end for w in scenario.simulation.rush_hours)
    assert checked > 100 and in_rush > 0


def test_a_calm_day_meets_every_standard_the_plan_serves(calm_day):
    """Without randomness, what the plan serves the simulation finds served: no stop skipped, no overtime."""
    _, plan, outcome = calm_day
    kpis = outcome.replications[0].kpis
    assert kpis["skipped_stops"] == 0
    assert kpis["routes_within_shift_pct"] == 100.0
    assert kpis["overtime_hours"] == 0.0
    if not plan.parts["garbage"].unserved:
        assert kpis["collection_compliance_pct"] == pytest.approx(100.0)
