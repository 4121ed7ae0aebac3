"""Travel over the street graph (simulation.travel): fastest paths, walking times, rush hours and rain."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenarios.model.common import MINUTES_PER_DAY
from simulation.travel import Network, clock_factors, network_of, speeds_of


@pytest.fixture(scope="module")
def network(training) -> Network:
    return network_of(training)


def test_the_network_is_built_once_per_scenario(training, network):
    assert network_of(training) is network
    assert network.size == len(training.street_graph.nodes)
    assert network.table(speeds_of(training.index.vehicle_types["compactor_5t"])) is network.table(
        speeds_of(training.index.vehicle_types["compactor_5t"]))


def test_rush_hours_slow_motor_traffic_by_the_scenarios_factor(training):
    factors = clock_factors(training, rain=False, rain_speed_factor=0.85)
    slow = 1 / training.simulation.rush_speed_factor  # 0.6: rush hours take 1/0.6 as long
    assert len(factors) == MINUTES_PER_DAY
    for window in training.simulation.rush_hours:  # 07:00-09:00 and 17:00-19:00
        assert factors[window.start] == factors[window.end - 1] == pytest.approx(slow)
        assert factors[window.start - 1] == factors[window.end] == 1.0
    rush_minutes = sum(w.end - w.start for w in training.simulation.rush_hours)
    assert sum(f != 1.0 for f in factors) == rush_minutes


def test_rain_slows_every_minute_by_the_rain_factor(training):
    dry = clock_factors(training, rain=False, rain_speed_factor=0.8)
    wet = clock_factors(training, rain=True, rain_speed_factor=0.8)
    assert wet == pytest.approx([f / 0.8 for f in dry])
    assert wet[3 * 60] == pytest.approx(1.25) and wet[8 * 60] == pytest.approx(1.25 / 0.6)


def test_walking_takes_longer_the_farther_the_straight_line(network):
    a = 0
    others = sorted(range(1, network.size), key=lambda b: network.straight_m(a, b))
    minutes = [network.foot_minutes(a, b, 4.5, 1.3) for b in others]
    assert minutes == sorted(minutes) and minutes[0] > 0
    b = others[-1]
    assert network.foot_minutes(a, b, 4.5, 1.3) == pytest.approx(network.straight_m(a, b) * 1.3 / 4500 * 60)
    assert network.foot_minutes(a, b, 9.0, 1.3) == pytest.approx(network.foot_minutes(a, b, 4.5, 1.3) / 2)
    assert network.straight_m(a, b) == network.straight_m(b, a) and network.straight_m(a, a) == 0


def test_a_fastest_path_is_no_slower_than_any_street_or_detour(training, network):
    speeds = speeds_of(training.index.vehicle_types["bucket_2t"])
    table = network.table(speeds)
    table.ensure(range(network.size))
    by_class = dict(zip(("arterial", "secondary", "branch", "back_alley"), speeds, strict=True))
    for tail, head, length_m, street_class in network.arcs:
        assert table.minutes(tail, head) <= length_m / 1000 / by_class[street_class] * 60 + 1e-9
    m = np.array([table.row(a) for a in range(network.size)])
    assert (np.diag(m) == 0).all()
    assert (m[:, None, :] <= m[:, :, None] + m[None, :, :] + 1e-9).all()  # a → c: never slower than via any b


def test_a_path_is_at_least_the_straight_line_and_slower_vehicles_take_longer(training, network):
    bucket = speeds_of(training.index.vehicle_types["bucket_2t"])
    fast, slow = network.table(bucket), network.table(tuple(s / 2 for s in bucket))
    pairs = [(a, b) for a in range(0, network.size, 5) for b in range(network.size) if a != b]
    metres = fast.metres_of(pairs)
    for (a, b), length in zip(pairs, metres.tolist(), strict=True):
        assert length == fast.metres(a, b) and length >= network.straight_m(a, b) - 1e-6
        assert slow.minutes(a, b) == pytest.approx(2 * fast.minutes(a, b))


def test_streets_closed_to_a_vehicle_are_not_used(training, network):
    """A 5 t compactor cannot use back alleys (speed 0); a 2 t bin truck can, along the alley itself."""
    compactor = network.table(speeds_of(training.index.vehicle_types["compactor_5t"]))
    bucket = network.table(speeds_of(training.index.vehicle_types["bucket_2t"]))
    alleys = [(tail, head, length) for tail, head, length, street_class in network.arcs if street_class == "back_alley"]
    assert alleys
    for tail, head, length in alleys:
        assert bucket.metres(tail, head) == length and bucket.minutes(tail, head) == pytest.approx(length / 12_000 * 60)
        assert compactor.metres(tail, head) != length
    # In the training district one node lies between two back alleys only.
    assert any(math.isinf(compactor.minutes(tail, head)) for tail, head, _ in alleys)
