"""Incidents and patrol dispatch (simulation.patrols): queue order, chiefs' territories, duty rotation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from optimizer.common.plan import Plan
from scenarios import Scenario
from simulation import SimParams, run_replication
from simulation import eventlog as ev
from simulation.eventlog import Refs
from simulation.world import World

from .test_validity import quiet, variant


def _incidents(training: Scenario, officers: list[tuple[str, int]], chiefs: int, per_day: float,
               hours: Callable[[int], float] = lambda h: 1.0) -> Scenario:
    """Only incidents (no plan): `officers` per (shift, count) every day, `chiefs` on the day patrol; the public
    reports each case the moment it happens (no patrol walks to find it first)."""
    def edit(d: dict[str, Any]) -> None:
        quiet(d)
        d["incidents"]["per_day"] = per_day
        for t in d["incidents"]["types"]:
            t["public_report_mean_min"] = 1e-6
        d["incidents"]["hourly_profile"] = [hours(h) for h in range(24)]
        week = list(range(7))
        kept = [x for x in d["shifts"]["demand"] if x["skill"] not in ("enforcement_officer", "chief")]
        kept += [{"skill": "enforcement_officer", "shift": shift, "count": n, "weekdays": week} for shift, n in officers]
        kept += [{"skill": "chief", "shift": "patrol_day", "count": chiefs, "weekdays": week}]
        d["shifts"]["demand"] = kept
    return variant(training, edit)


def _run(scenario: Scenario, days: int = 1, seed: int = 2):
    result = run_replication(scenario, Plan(), days=days, seed=seed, replication=0, log_events=True)
    log = result.log_events
    return result, log, np.array(result.log_actors)


def _type_of(scenario: Scenario) -> dict[int, Any]:
    refs = Refs(World(scenario, SimParams()))
    return {refs.incident_type + k: t for k, t in enumerate(scenario.incidents.types)}


def test_incidents_queued_overnight_are_taken_by_priority_then_arrival(training):
    """Incidents reported between midnight and 07:00 wait for the officer who comes on duty at 08:00."""
    scenario = _incidents(training, [("patrol_day", 1)], chiefs=0, per_day=14.0, hours=lambda h: float(h < 7))
    result, log, actors = _run(scenario)
    responses = np.sort(log[log["event"] == ev.RESPONSE], order="t_min")
    assert len(responses) == result.kpis["incidents"] >= 8 and len(set(actors[responses["actor"]])) == 1
    types = _type_of(scenario)
    reported = responses["t_min"] - responses["value"]
    assert (reported < 7 * 60).all() and (responses["t_min"] >= 8 * 60).all()
    order = [(types[ref].priority, float(t)) for ref, t in zip(responses["ref"].tolist(), reported, strict=True)]
    assert order == sorted(order)
    assert len({p for p, _ in order}) > 1  # several priorities were waiting


def test_a_chief_answers_only_incidents_in_the_chiefs_own_territory(training):
    scenario = _incidents(training, [("patrol_day", 0)], chiefs=1, per_day=30.0)
    result, log, actors = _run(scenario)
    responses = log[log["event"] == ev.RESPONSE]
    assert len(responses) > 0 and result.kpis["incidents_open"] > 0  # the rest wait for someone allowed
    world = World(scenario, SimParams())
    chief_of_worker = {c.worker: c.id for c in scenario.workforce.chiefs}
    for row in responses:
        chief = chief_of_worker[actors[row["actor"]]]
        territory = {world.segment_from[i] for i, c in enumerate(world.segment_chief) if c == chief}
        assert row["node"] in territory


def test_officers_rotate_through_the_team_day_by_day(training):
    """Four officers, one on the day and one on the late patrol: day 2 has the two who were off on day 1."""
    scenario = _incidents(training, [("patrol_day", 1), ("patrol_late", 1)], chiefs=0, per_day=40.0)
    _, log, actors = _run(scenario, days=2)
    responses = log[log["event"] == ev.RESPONSE]
    day = (responses["t_min"] // 1440).astype(int)
    first, second = (set(actors[responses["actor"][day == d]]) for d in (0, 1))
    assert len(first) == len(second) == 2 and not first & second


def test_every_reported_incident_is_answered_once_or_still_open(training):
    scenario = _incidents(training, [("patrol_day", 1), ("patrol_late", 1)], chiefs=1, per_day=25.0)
    result, log, _ = _run(scenario)
    reported, responses = log[log["event"] == ev.INCIDENT], log[log["event"] == ev.RESPONSE]
    assert len(reported) == result.kpis["incidents"] > 0
    assert len(responses) + result.kpis["incidents_open"] == len(reported)
    assert (responses["value"] >= 0).all() and (responses["end_min"] > responses["t_min"]).all()


def test_a_district_without_incidents_reports_and_answers_none(training):
    result, log, _ = _run(_incidents(training, [("patrol_day", 1)], chiefs=1, per_day=0.0))
    assert not np.isin(log["event"], [ev.INCIDENT, ev.RESPONSE]).any()
    assert result.kpis["incidents"] == 0 and result.kpis["incidents_open"] == 0
