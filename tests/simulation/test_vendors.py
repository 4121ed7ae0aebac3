"""Vendor zones (simulation.vendors): violations between checks, zone checks kept, cases reported by the public."""

from __future__ import annotations

from typing import Any

import numpy as np

from optimizer.common.plan import Plan
from scenarios import Scenario
from simulation import SimParams, run_replication
from simulation import eventlog as ev
from simulation.eventlog import Refs
from simulation.vendors import checks_kept
from simulation.world import World

from .test_beats import beat, duty, patrols, start
from .test_validity import quiet, variant


def _two_zones(training: Scenario, per_hour: float = 6.0) -> Scenario:
    """No other randomness; VZ01 (06:30-09:00) and a second breakfast zone VZ02 in CH002's streets, both
    with `per_hour` violations an hour when just checked."""
    theirs = {n for g in training.street_graph.segments if g.chief == "CH002" for n in (g.from_node, g.to_node)}
    mine = {n for g in training.street_graph.segments if g.chief == "CH001" for n in (g.from_node, g.to_node)}
    first = training.incidents.vendor_zones[0]
    other = sorted(theirs - mine - {first.node})[0]

    def edit(d: dict[str, Any]) -> None:
        quiet(d)
        zone = d["incidents"]["vendor_zones"][0]
        zone["violations_per_hour"] = per_hour
        d["incidents"]["vendor_zones"].append({**zone, "id": "VZ02", "node": other})
    return variant(training, edit)


def _checks(scenario: Scenario, times: list[float]) -> Plan:
    """Chief CH001 (whose streets hold neither zone: never sent to their cases) checks VZ01 at `times`."""
    zone = scenario.incidents.vendor_zones[0]
    stops = [start(zone.node, times[0] - 10)] + [duty("check", zone.id, zone.node, t, 10.0, timetabled=True)
                                                  for t in times]
    return patrols(beat("C", stops))


def test_checks_are_counted_at_least_the_gap_apart():
    assert checks_kept([400.0, 460.0], 2, 30.0)
    assert not checks_kept([400.0, 420.0], 2, 30.0)  # too close: they count as one
    assert checks_kept([400.0, 420.0, 435.0], 2, 30.0)  # the first and the third
    assert not checks_kept([], 1, 30.0) and checks_kept([], 0, 30.0)


def test_a_zone_checked_twice_in_its_hours_keeps_the_standard_and_an_unchecked_one_does_not(training):
    scenario = _two_zones(training)
    checked = run_replication(scenario, _checks(scenario, [420.0, 480.0]), days=3, seed=4, replication=0)
    assert checked.kpis["zone_checks_kept_pct"] == 50.0  # VZ01 every day, VZ02 never
    assert [d["zone_checks_kept_pct"] for d in checked.daily] == [50.0] * 3
    too_close = run_replication(scenario, _checks(scenario, [420.0, 440.0]), days=1, seed=4, replication=0)
    assert too_close.kpis["zone_checks_kept_pct"] == 0.0
    after_hours = run_replication(scenario, _checks(scenario, [560.0, 600.0]), days=1, seed=4, replication=0)
    assert after_hours.kpis["zone_checks_kept_pct"] == 0.0 and after_hours.kpis["violations_found_by_patrol"] == 0


def test_more_checks_fewer_violations_reported_by_the_public(training):
    """Same seed: checks find violations and slow their growth, so the public reports fewer (paired runs)."""
    scenario = _two_zones(training)
    runs = [run_replication(scenario, plan, days=5, seed=8, replication=0)
            for plan in (Plan(), _checks(scenario, [420.0]), _checks(scenario, [420.0, 480.0]))]
    reported = [r.kpis["violations_reported_by_public"] for r in runs]
    violations = [r.kpis["vendor_violations"] for r in runs]
    found = [r.kpis["violations_found_by_patrol"] for r in runs]
    assert reported[0] > reported[1] > reported[2]
    assert violations[0] >= violations[1] >= violations[2] and violations[0] > violations[2]
    assert found[0] == 0 < found[1] and found[2] > 0


def test_violations_the_public_reports_become_street_vending_cases_at_the_zone(training):
    scenario = _two_zones(training)
    result = run_replication(scenario, Plan(), days=2, seed=6, replication=0, log_events=True)
    log = result.log_events
    world = World(scenario, SimParams())
    refs = Refs(world)
    cases = log[log["event"] == ev.INCIDENT]
    assert len(cases) == result.kpis["violations_reported_by_public"] == result.kpis["incidents"] > 0
    assert set(cases["ref"].tolist()) == {refs.incident_type + [t.id for t in scenario.incidents.types].index("street_vending")}
    assert set(cases["node"].tolist()) <= set(world.vendor_zone_node) and (cases["actor"] == -1).all()
    violations = log[log["event"] == ev.VIOLATION]
    assert len(violations) == result.kpis["violations_reported_by_public"] and (violations["value"] == 0).all()
    assert np.isin(violations["end_min"], cases["t_min"]).all()
    # Occurred in the zones' hours (06:30-09:00), reported after.
    clock = violations["t_min"] % 1440
    assert ((clock >= 390) & (clock <= 540)).all() and (violations["end_min"] >= violations["t_min"]).all()


def test_violations_do_not_change_the_other_streams(training):
    """Vendor draws have a stream of their own: the incidents drawn (and reported) are the same with or without them."""
    base = variant(_two_zones(training), lambda d: d["incidents"].update(per_day=20.0))
    none = variant(base, lambda d: [z.update(violations_per_hour=0.0) for z in d["incidents"]["vendor_zones"]])
    a, b = (run_replication(s, Plan(), days=1, seed=2, replication=0, log_events=True) for s in (base, none))

    def cases(log: np.ndarray) -> set[tuple[float, int, int]]:
        rows = log[log["event"] == ev.INCIDENT]
        return set(zip(rows["t_min"].tolist(), rows["node"].tolist(), rows["ref"].tolist(), strict=True))
    assert a.kpis["violations_reported_by_public"] > 0 and b.kpis["vendor_violations"] == 0
    assert cases(b.log_events) < cases(a.log_events)
