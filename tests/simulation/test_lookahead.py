"""Look-ahead (stops applied before the clock reaches them) must not change any result."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import baseline_plan, run_replication
from simulation import eventlog as ev

from .test_validity import variant


def canonical(events: np.ndarray, actors: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Rows in a fixed order (rows at equal times may be logged in another order)."""
    names = np.array(actors + [""])[events["actor"]]
    order = np.lexsort((events["value"], events["ref"], events["node"], events["event"], names,
                        events["end_min"], events["t_min"]))
    return events[order], names[order]


@pytest.mark.parametrize("policy", ["spare", "neighbour", "skip"])
def test_lookahead_gives_the_same_kpis_and_log_as_waiting_for_every_stop(training, policy):
    """With frequent breakdowns, each policy gives the same KPIs and event log with and without look-ahead."""
    def edit(d):
        d["disruptions"]["reassignment"] = policy
        d["disruptions"]["breakdowns"] = [{"vehicle_type": t, "mean_hours_between": 3.0, "mean_repair_min": 120.0}
                                          for t in ("compactor_5t", "bucket_2t", "sweeper")]
    world = variant(training, edit)
    plan = baseline_plan(world)
    fast = run_replication(world, plan, days=4, seed=3, replication=0, log_events=True)
    slow = run_replication(world, plan, days=4, seed=3, replication=0, log_events=True, lookahead=False)
    assert fast.kpis["breakdowns"] > 0
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
    assert (a["event"] == ev.SWEEP).any() and (a["event"] == ev.POINT).any()
