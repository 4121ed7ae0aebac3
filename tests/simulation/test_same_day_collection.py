"""日产日清 as the standard defines it: kg collected the same day over kg due, per point and day."""

from __future__ import annotations

import numpy as np
import pytest

from simulation.params import SimParams
from simulation.waste import Bins
from simulation.world import World


def _bins(scenario) -> Bins:
    bins = Bins(World(scenario, SimParams()), np.random.default_rng(1), None, 0)
    bins.start_day(0, rain=False)
    return bins


def _collect_all(bins: Bins, room_for_first: float) -> None:
    for i in range(bins.n):
        bins.collect(i, 600.0, room_for_first if i == 0 else 1e9)


def test_a_truck_that_takes_everything_clears_every_point(training):
    """Every point emptied at 10:00 by a truck with room: 100 % same-day and every point cleared."""
    bins = _bins(training)
    _collect_all(bins, 1e9)
    same_day, due, cleared, counted, _ = bins.end_day(1440.0)
    assert 100 * same_day / due == 100.0 and cleared == counted


def test_waste_a_truck_leaves_behind_lowers_same_day_collection(training):
    """A truck with room for 10 kg at the first point leaves the rest: below 100 % and that point not cleared."""
    bins = _bins(training)
    level = bins.level_at(0, 600.0)
    _collect_all(bins, 10.0)
    same_day, due, cleared, counted, _ = bins.end_day(1440.0)
    assert cleared == counted - 1
    assert due - same_day == pytest.approx(level - 10.0)
    assert 100 * same_day / due < 100.0


def test_waste_left_behind_and_taken_the_next_day_is_not_same_day(training):
    """What was left behind is overdue the next day: taking it then does not count as same-day collection."""
    bins = _bins(training)
    _collect_all(bins, 10.0)
    bins.end_day(1440.0)
    bins.start_day(1, rain=False)
    for i in range(bins.n):
        bins.collect(i, 1440.0 + 600.0, 1e9)
    same_day, due, cleared, counted, _ = bins.end_day(2 * 1440.0)
    assert cleared == counted
    assert same_day < bins.collected_kg - 0 and 100 * same_day / due == 100.0


def test_streets_swept_after_the_morning_deadline_do_not_count(training):
    """A street swept before its grade's patrol window opens counts; one swept after it does not."""
    from simulation.litter import Litter

    world = World(training, SimParams())
    litter = Litter(world, np.random.default_rng(1))
    litter.start_day(0, rain=False)
    first, second = 0, 1
    deadline = [float(w[0]) for w in world.segment_window[[first, second]]]
    litter.sweep(first, deadline[0] - 30)
    litter.sweep(second, deadline[1] + 30)
    litter.advance_all(1440.0)
    litter.end_day()
    assert litter.deadline_days == int(litter.needs_sweep.sum())
    assert litter.swept_by_deadline == 1
