"""Sweeps and toilet cleans recorded by the routes and applied at midnight (simulation.deferred)."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import SimParams
from simulation import eventlog as ev
from simulation.deferred import KEY_STOPS, VISIT, Deferred
from simulation.eventlog import EventLogWriter
from simulation.litter import Litter
from simulation.toilets import Toilets
from simulation.world import World


def _state(training, log: bool = True) -> tuple[Deferred, Litter, Toilets]:
    world = World(training, SimParams())
    litter, toilets = Litter(world, np.random.default_rng(1)), Toilets(world, np.random.default_rng(2))
    litter.start_day(0, rain=False)
    toilets.start_day(0)
    return Deferred(litter, toilets, EventLogWriter(0) if log else None), litter, toilets


def _visit(t: float, event: int, item: int, route: int = 0, stop: int = 0) -> tuple:
    """A route's visit: (begin, end, event, actor, node, ref, item, key)."""
    return (t, t + 5.0, event, route, 100 + item, 1000 + item, item, route * KEY_STOPS + stop)


def _block(visits: list[tuple]) -> np.ndarray:
    return np.array(visits, dtype=VISIT)


def test_visits_before_midnight_are_applied_and_later_ones_wait(training):
    deferred, litter, toilets = _state(training)
    deferred.rows += [_visit(400.0, ev.SWEEP, 0), _visit(1500.0, ev.SWEEP, 0, stop=1)]
    deferred.add_block(_block([_visit(700.0, ev.TOILET, 1, route=2), _visit(2100.0, ev.TOILET, 1, route=2, stop=1)]))
    deferred.apply(1440.0)
    assert (litter.sweeps, toilets.cleans) == (1, 1)
    assert litter.t_last[0] == 400.0 and toilets.ref_t[1] == 700.0
    litter.advance_all(1440.0)  # the day closes, the next one starts (as Sim.end_day and start_day do)
    toilets.end_day(0)
    litter.start_day(1, rain=False)
    toilets.start_day(1)
    deferred.apply(2880.0)
    assert (litter.sweeps, toilets.cleans) == (2, 2)
    assert litter.t_last[0] == 1500.0 and toilets.ref_t[1] == 2100.0


def test_visits_are_applied_in_time_order_per_item_as_one_at_a_time_would(training):
    """Visits recorded out of order (route tuples and batched blocks) find what each would at its moment."""
    deferred, litter, toilets = _state(training)
    _, one_litter, one_toilets = _state(training, log=False)
    visits = [_visit(900.0, ev.SWEEP, 3, route=1), _visit(300.0, ev.SWEEP, 3, route=2),
              _visit(600.0, ev.SWEEP, 4, route=1, stop=1), _visit(1000.0, ev.TOILET, 0, route=3),
              _visit(480.0, ev.TOILET, 0, route=4), _visit(760.0, ev.TOILET, 2, route=4, stop=1)]
    deferred.rows += visits[:3]
    deferred.add_block(_block(visits[3:]))
    deferred.apply(1440.0)
    log = deferred.log.to_array()
    found = {(int(r["t_min"]), int(r["ref"])): float(r["value"]) for r in log}
    for t, _, event, *_, item, _key in sorted(visits, key=lambda v: (v[6], v[0], v[7])):
        expected = one_litter.sweep(item, t) if event == ev.SWEEP else one_toilets.clean(item, t)
        assert found[(int(t), 1000 + item)] == pytest.approx(expected, rel=1e-6)
    assert found[(900, 1003)] > found[(300, 1003)] > 0  # the later sweep finds what built up since the first
    assert litter.dirty_min == pytest.approx(one_litter.dirty_min, rel=1e-12)
    assert toilets.uses_at_clean == pytest.approx(one_toilets.uses_at_clean, rel=1e-12)


def test_each_applied_visit_is_logged_with_its_own_times_actor_and_place(training):
    deferred, _, _ = _state(training)
    deferred.rows.append((400.0, 412.5, ev.SWEEP, 7, 21, 1005, 5, 0))
    deferred.add_block(_block([(380.0, 395.0, ev.TOILET, 8, 22, 2003, 3, KEY_STOPS)]))
    deferred.apply(1440.0)
    rows = deferred.log.to_array()
    assert rows[["t_min", "end_min", "event", "actor", "node", "ref"]].tolist() == [
        (380.0, 395.0, ev.TOILET, 8, 22, 2003), (400.0, 412.5, ev.SWEEP, 7, 21, 1005)]
    assert (rows["value"] > 0).all()


def test_nothing_pending_logs_nothing_and_a_run_without_a_log_still_applies(training):
    deferred, _, _ = _state(training)
    deferred.apply(1440.0)
    assert len(deferred.log) == 0
    quiet, litter, _ = _state(training, log=False)
    quiet.rows.append(_visit(500.0, ev.SWEEP, 2))
    quiet.apply(1440.0)
    assert litter.sweeps == 1 and not quiet.rows and not quiet.blocks
