"""The problem model checks itself and the builder converts real units in one documented way."""

from __future__ import annotations

import numpy as np
import pytest

from optimizer.routing.builder import ProblemBuilder, Scaling
from optimizer.routing.problem import Client, Depot, RoutingProblem, VehicleType

M = np.zeros((3, 3), dtype=np.int64)


def test_matrices_are_frozen_int64():
    """Matrices become read-only int64 copies, so a solve cannot change the caller's data."""
    source = np.ones((3, 3))
    problem = RoutingProblem(source, source, (Depot(0),), (Client(1), Client(2)), (VehicleType(1, 5),))
    assert problem.distance.dtype == np.int64
    with pytest.raises(ValueError):
        problem.distance[0, 1] = 7


@pytest.mark.parametrize(("make", "message"), [
    (lambda: RoutingProblem(-M - 1, M, (Depot(0),), (), (VehicleType(1, 5),)), "must be >= 0"),
    (lambda: RoutingProblem(M, M, (Depot(0),), (Client(2),), (VehicleType(1, 5),)), "must sit at location 1"),
    (lambda: RoutingProblem(M, M, (Depot(0),), (), (VehicleType(1, 5, start_depot=3),)), "unknown depot 3"),
    (lambda: Client(1, prize=5), "a required client has no prize"),
    (lambda: Client(1, tw_early=9, tw_late=3), "time window"),
    (lambda: VehicleType(1, 5, max_reloads=2), "must be given together"),
    (lambda: VehicleType(1, 5, reload_depots=(0,)), "must be given together"),
])
def test_bad_input_is_refused_with_the_value(make, message):
    """Inconsistent data raises ValueError naming what is wrong."""
    with pytest.raises(ValueError, match=message):
        make()


def test_builder_scales_once_and_rounds_safely():
    """Metres and seconds scale by the documented factors; demand rounds up, capacity down."""
    builder = ProblemBuilder(Scaling(distance_scale=0.1, time_scale=1.0, load_scale=10.0))
    builder.add_depot()
    builder.add_client(demand=1.23, service_s=30.4, tw_s=(60.0, 120.0))
    builder.add_vehicle_type(2, capacity=5.09, cost_per_m=0.5)
    problem = builder.build(np.array([[0.0, 1234.0], [1236.0, 0.0]]), np.array([[0.0, 99.6], [99.4, 0.0]]))
    assert problem.distance.tolist() == [[0, 123], [124, 0]]
    assert problem.duration.tolist() == [[0, 100], [99, 0]]
    assert (problem.clients[0].demand, problem.clients[0].service_duration) == (13, 30)
    assert (problem.clients[0].tw_early, problem.clients[0].tw_late) == (60, 120)
    assert problem.vehicle_types[0].capacity == 50
    assert problem.vehicle_types[0].unit_distance_cost == 5  # 0.5 per metre = 5 per 10-metre unit


def test_builder_groups_collect_their_members():
    """Clients added to a group become optional members of that group."""
    builder = ProblemBuilder()
    builder.add_depot()
    group = builder.add_group(name="edge 1")
    builder.add_client(group=group)
    builder.add_client(group=group)
    builder.add_vehicle_type(1, capacity=1)
    problem = builder.build(np.zeros((3, 3)), np.zeros((3, 3)))
    assert problem.groups[0].clients == (0, 1)
    assert not any(c.required for c in problem.clients)
