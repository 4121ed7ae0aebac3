"""Tiny routing problems shared by the routing tests (fixtures work in every pytest import mode)."""

from __future__ import annotations

import numpy as np
import pytest

from optimizer.routing.builder import ProblemBuilder
from optimizer.routing.carp import CarpModel, StreetEdge, carp_to_routing
from optimizer.routing.problem import RoutingProblem, VehicleType


def _grid_matrix(points: np.ndarray) -> np.ndarray:
    return np.rint(np.abs(points[:, None, :] - points[None, :, :]).sum(axis=2)).astype(float)


def make_cvrp() -> RoutingProblem:
    """One depot, eight clients on a grid, capacity for three clients per truck."""
    rng = np.random.default_rng(7)
    points = np.vstack([[50, 50], rng.integers(0, 100, (8, 2))])
    builder = ProblemBuilder(name="tiny-cvrp")
    builder.add_depot()
    for _ in range(8):
        builder.add_client(demand=3)
    builder.add_vehicle_type(4, capacity=9)
    return builder.build(_grid_matrix(points), _grid_matrix(points))


def make_vrptw() -> RoutingProblem:
    """Six clients with time windows and service times; travel time = distance."""
    points = np.array([[0, 0], [10, 0], [20, 0], [0, 10], [0, 20], [10, 10], [-10, 0]])
    builder = ProblemBuilder(name="tiny-vrptw")
    builder.add_depot()
    windows = [(0, 15), (20, 40), (0, 30), (25, 60), (40, 80), (0, 200)]
    for window in windows:
        builder.add_client(demand=1, service_s=2, tw_s=window)
    builder.add_vehicle_type(3, capacity=10, shift_s=(0, 200))
    return builder.build(_grid_matrix(points), _grid_matrix(points))


def make_reload_optional() -> RoutingProblem:
    """One truck that must unload at a transfer station twice; a near and a far optional client.

    Location 0 is the yard, 1 the transfer station; clients 2..7 are required
    (demand 4 each, capacity 8); client 8 is optional and near with a big prize,
    client 9 is optional and far away with a small prize.
    """
    points = np.array([[0, 0], [5, 0], [1, 1], [2, 1], [3, 1], [4, 1], [6, 1], [7, 1], [3, 2], [300, 300]])
    builder = ProblemBuilder(name="tiny-reload")
    builder.add_depot(name="yard")
    builder.add_depot(service_s=3, name="transfer station")
    for _ in range(6):
        builder.add_client(demand=4, service_s=1)
    builder.add_client(demand=1, required=False, prize=1000, name="near optional")
    builder.add_client(demand=1, required=False, prize=5, name="far optional")
    builder.add_vehicle_type(1, capacity=8, reload_depots=(1,), max_reloads=3)
    return builder.build(_grid_matrix(points), _grid_matrix(points))


def make_break_problem() -> RoutingProblem:
    """Two clients and a required break at a rest station (an extra site) between 20 and 30."""
    points = np.array([[0, 0], [10, 0], [20, 0], [15, 5]])
    builder = ProblemBuilder(name="tiny-break")
    builder.add_depot()
    builder.add_client(demand=1, service_s=5)
    builder.add_client(demand=1, service_s=5)
    rest = builder.add_site()
    builder.add_vehicle_type(1, capacity=5, shift_s=(0, 100), break_s=(10, 20, 30, (rest,)))
    return builder.build(_grid_matrix(points), _grid_matrix(points))


def make_carp() -> CarpModel:
    """A square block 0-1-2-3 with a diagonal one-way street 0->2; four two-way streets required."""
    edges = [StreetEdge(0, 1, 4, 1, True), StreetEdge(1, 2, 3, 1, True), StreetEdge(2, 3, 4, 1, True),
             StreetEdge(3, 0, 3, 1, True), StreetEdge(0, 2, 2, 1, True, one_way=True), StreetEdge(1, 3, 9)]
    return carp_to_routing(4, edges, (0,), (VehicleType(count=3, capacity=3),), name="tiny-carp")


@pytest.fixture
def cvrp() -> RoutingProblem:
    """A tiny CVRP."""
    return make_cvrp()


@pytest.fixture
def vrptw() -> RoutingProblem:
    """A tiny VRPTW."""
    return make_vrptw()


@pytest.fixture
def reload_optional() -> RoutingProblem:
    """A tiny problem with reloads and optional clients."""
    return make_reload_optional()


@pytest.fixture
def break_problem() -> RoutingProblem:
    """A tiny problem with a required break."""
    return make_break_problem()


@pytest.fixture
def carp() -> CarpModel:
    """A tiny CARP with a one-way required street."""
    return make_carp()


@pytest.fixture(params=["cvrp", "vrptw", "reload_optional", "carp"])
def any_problem(request: pytest.FixtureRequest) -> RoutingProblem:
    """Each tiny problem family in turn (CARP as its node-routing form)."""
    makers = {"cvrp": make_cvrp, "vrptw": make_vrptw, "reload_optional": make_reload_optional,
              "carp": lambda: make_carp().problem}
    return makers[request.param]()
