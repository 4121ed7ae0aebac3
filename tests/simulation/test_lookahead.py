"""Look-ahead (stops applied before the clock reaches them, batched foot crews, sweeps and cleans
applied at midnight) must not change any result."""

from __future__ import annotations

import numpy as np
import pytest

from optimizer.common.plan import Plan
from scenarios import Scenario
from simulation import SimParams, baseline_plan, run_replication
from simulation import eventlog as ev
from simulation.crew_batch import batchable
from simulation.replication import ReplicationResult, compiled

from .test_validity import variant


def canonical(events: np.ndarray, actors: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Rows in a fixed order (rows at equal times may be logged in another order)."""
    names = np.array(actors + [""])[events["actor"]]
    order = np.lexsort((events["value"], events["ref"], events["node"], events["event"], names,
                        events["end_min"], events["t_min"]))
    return events[order], names[order]


def assert_same_run(world, plan) -> tuple[ReplicationResult, ReplicationResult]:
    """Look-ahead with batched crews and midnight application gives what stop-by-stop gives."""
    fast = run_replication(world, plan, days=4, seed=3, replication=0, log_events=True)
    slow = run_replication(world, plan, days=4, seed=3, replication=0, log_events=True, lookahead=False)
    assert fast.events_processed < slow.events_processed
    assert fast.kpis.keys() == slow.kpis.keys()
    for name, value in slow.kpis.items():
        assert fast.kpis[name] == pytest.approx(value, rel=1e-9, abs=1e-9, nan_ok=True), name
    for day_fast, day_slow in zip(fast.daily, slow.daily, strict=True):
        assert day_fast == pytest.approx(day_slow, rel=1e-9, abs=1e-9, nan_ok=True)
    a, names_a = canonical(fast.log_events, fast.log_actors)
    b, names_b = canonical(slow.log_events, slow.log_actors)
    assert len(a) == len(b) and (names_a == names_b).all()
    for column in ("event", "node", "ref"):
        assert (a[column] == b[column]).all(), column
    for column in ("t_min", "end_min", "value"):
        assert np.allclose(a[column], b[column], rtol=1e-9, atol=1e-7), column
    assert (a["event"] == ev.SWEEP).any() and (a["event"] == ev.TOILET).any() and (a["event"] == ev.POINT).any()
    return fast, slow


@pytest.mark.parametrize("policy", ["spare", "neighbour", "skip"])
def test_lookahead_gives_the_same_kpis_and_log_as_waiting_for_every_stop(training, policy):
    """With frequent breakdowns, each policy gives the same KPIs and event log with and without look-ahead."""
    def edit(d):
        d["disruptions"]["reassignment"] = policy
        d["disruptions"]["breakdowns"] = [{"vehicle_type": t, "mean_hours_between": 3.0, "mean_repair_min": 120.0}
                                          for t in ("compactor_5t", "bucket_2t", "sweeper")]
    fast, _ = assert_same_run(*_with_plan(variant(training, edit)))
    assert fast.kpis["breakdowns"] > 0


def test_batched_crews_past_midnight_and_short_of_spares_match_stop_by_stop(training):
    """Foot crews whose shift runs past midnight (their own process takes over) and many absences."""
    def edit(d):
        d["disruptions"]["worker_absence_rate"] = 0.3
        for t in d["shifts"]["templates"]:
            if t["id"] in ("late", "toilet_evening"):
                t["start"] = 20 * 60 + 30
    world, plan = _with_plan(variant(training, edit))
    routes = compiled(world, plan, SimParams())[1]
    assert sum(batchable(r) and r.start_clock == 20 * 60 + 30 for r in routes) >= 2
    fast, _ = assert_same_run(world, plan)
    assert fast.kpis["absences"] > 10 and fast.kpis["skipped_stops"] > 0


def _with_plan(world: Scenario) -> tuple[Scenario, Plan]:
    return world, baseline_plan(world)
