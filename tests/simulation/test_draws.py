"""Per-route draws: what a route-day gets depends only on seed, replication, route and day."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import SimParams, baseline_plan
from simulation.draws import BLOCK_DAYS, RouteDraws
from simulation.replication import compiled


@pytest.fixture(scope="module")
def routes(training):
    return compiled(training, baseline_plan(training), SimParams())[1]


def _draws(routes, seed=4, replication=1, travel_cv=0.15, service_cv=0.25) -> RouteDraws:
    return RouteDraws(seed, replication, routes, travel_cv, service_cv)


def test_each_stop_gets_a_travel_and_a_service_multiplier(routes):
    d = _draws(routes)
    d.ensure(0)
    for k, r in enumerate(routes):
        travel, service = d.noise(k, 0)
        assert len(travel) == len(service) == len(r)
        assert all(x > 0 for x in travel + service)
    assert len(d.seat_uniforms(0)) == sum(len(r.crew_skills) for r in routes)


def test_midnights_inside_a_block_draw_nothing_new(routes):
    """ensure() at every midnight gives what ensure() at the block starts only gives, and a
    midnight inside a block leaves the numbers already handed out unchanged."""
    day = BLOCK_DAYS + 3
    stepped, at_block_starts = _draws(routes), _draws(routes)
    stepped.ensure(0)
    first = [stepped.noise(k, 0) for k in range(len(routes))]
    for d in range(1, day + 1):
        stepped.ensure(d)
        if d < BLOCK_DAYS:
            assert [stepped.noise(k, 0) for k in range(len(routes))] == first
    at_block_starts.ensure(0)
    at_block_starts.ensure(BLOCK_DAYS)
    for k in range(len(routes)):
        assert stepped.noise(k, day) == at_block_starts.noise(k, day)
        assert stepped.failure_uniform(k, day) == at_block_starts.failure_uniform(k, day)
    assert np.array_equal(stepped.seat_uniforms(day), at_block_starts.seat_uniforms(day))


def test_a_routes_numbers_do_not_depend_on_the_other_routes(routes):
    """Common random numbers: a plan without the other routes gives this route the same draws."""
    k = 3
    everyone, alone = _draws(routes), _draws(routes[k:k + 1])
    everyone.ensure(2)
    alone.ensure(2)
    assert everyone.noise(k, 2) == alone.noise(0, 2)
    assert everyone.failure_uniform(k, 2) == alone.failure_uniform(0, 2)
    seats = everyone.seat_route == k
    assert np.array_equal(everyone.seat_uniforms(2)[seats], alone.seat_uniforms(2))


def test_days_replications_and_seeds_get_their_own_numbers(routes):
    d = _draws(routes)
    d.ensure(0)
    day0 = d.noise(0, 0)
    assert d.noise(0, 1) != day0
    d.ensure(BLOCK_DAYS)  # the next block: a fresh draw, not a repeat of the first
    assert d.noise(0, BLOCK_DAYS) != day0
    for other in (_draws(routes, replication=2), _draws(routes, seed=5)):
        other.ensure(0)
        assert other.noise(0, 0) != day0


def test_without_spread_every_multiplier_is_exactly_one(routes):
    d = _draws(routes, travel_cv=0.0, service_cv=0.0)
    d.ensure(0)
    for k in range(len(routes)):
        travel, service = d.noise(k, 0)
        assert set(travel) == set(service) == {1.0}


def test_multipliers_have_mean_one_and_the_travel_and_service_spreads(routes):
    d = _draws(routes)
    travel, service = [], []
    for day in range(4 * BLOCK_DAYS):
        d.ensure(day)
        for k in range(len(routes)):
            t, s = d.noise(k, day)
            travel += t
            service += s
    travel_a, service_a = np.array(travel), np.array(service)
    assert travel_a.mean() == pytest.approx(1.0, abs=0.01) and service_a.mean() == pytest.approx(1.0, abs=0.015)
    assert travel_a.std() == pytest.approx(0.15, abs=0.01) and service_a.std() == pytest.approx(0.25, abs=0.015)


def test_uniforms_for_absences_and_failures_lie_in_0_1(routes):
    d = _draws(routes)
    d.ensure(0)
    seats = d.seat_uniforms(0)
    failures = [d.failure_uniform(k, day) for k in range(len(routes)) for day in range(BLOCK_DAYS)]
    assert ((seats >= 0) & (seats < 1)).all() and all(0 <= u < 1 for u in failures)
    assert len(set(failures)) == len(failures)
