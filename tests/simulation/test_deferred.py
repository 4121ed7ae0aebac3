"""Sweeps and toilet cleans applied many at once give what applying them one by one gives."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import SimParams
from simulation.litter import Litter
from simulation.toilets import Toilets
from simulation.world import World


def _visits(rng: np.random.Generator, n_items: int, count: int, day: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    items = rng.integers(0, n_items, size=count)
    t = day * 1440.0 + np.round(rng.uniform(0, 1440, size=count), 1)  # rounded: some equal times
    key = rng.permutation(count)
    return items, t, key


def test_sweep_all_matches_one_sweep_at_a_time(training):
    world = World(training, SimParams())
    one, many = Litter(world, np.random.default_rng(1)), Litter(world, np.random.default_rng(1))
    rng = np.random.default_rng(7)
    for day in range(3):
        one.start_day(day, rain=day == 1)
        many.start_day(day, rain=day == 1)
        items, t, key = _visits(rng, min(one.n, 12), 200, day)
        found = many.sweep_all(items, t, key)
        for k in np.lexsort((key, t, items)):
            assert one.sweep(int(items[k]), float(t[k])) == found[k]
        assert many.dirty_min == pytest.approx(one.dirty_min, rel=1e-12)
        one.advance_all((day + 1) * 1440.0)
        many.advance_all((day + 1) * 1440.0)
    assert (many.density == one.density).all() and (many.t_last == one.t_last).all()
    assert many.sweeps == one.sweeps == 600


@pytest.mark.parametrize("before_opening", [False, True])
def test_clean_all_matches_one_clean_at_a_time(training, before_opening):
    world = World(training, SimParams())
    one, many = Toilets(world, np.random.default_rng(2)), Toilets(world, np.random.default_rng(2))
    rng = np.random.default_rng(9)
    for day in range(3):
        one.start_day(day)
        many.start_day(day)
        if before_opening:  # a reference time after some cleans: those count nothing (one at a time)
            one.ref_t[:] = many.ref_t[:] = day * 1440.0 + 600.0
        items, t, key = _visits(rng, one.n, 150, day)
        uses = many.clean_all(items, t, key)
        for k in np.lexsort((key, t, items)):
            assert one.clean(int(items[k]), float(t[k])) == pytest.approx(uses[k], rel=1e-12)
        assert (many.on_time, many.missed, many.cleans) == (one.on_time, one.missed, one.cleans)
        assert many.uses_at_clean == pytest.approx(one.uses_at_clean, rel=1e-12)
        one.end_day(day)
        many.end_day(day)
    assert many.missed == one.missed
