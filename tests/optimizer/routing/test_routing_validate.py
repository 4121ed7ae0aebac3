"""The independent validator catches each kind of violation on a small hand-built plan."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from optimizer.routing.problem import BreakRule, Client, ClientGroup, Depot, RoutingProblem, VehicleType
from optimizer.routing.solution import Route, Stop
from optimizer.routing.validate import validate

# Locations on a line: 0 yard, 1 transfer station, 2..7 clients, 8 a rest place.
X = np.array([0, 10, 2, 4, 6, 5, 3, 7, 1])
MATRIX = np.abs(X[:, None] - X[None, :])


def _problem(**vehicle_changes) -> RoutingProblem:
    clients = (
        Client(2, demand=3), Client(3, demand=3), Client(4, demand=3, tw_late=100),
        Client(5, demand=1, required=False, prize=7, name="optional"),
        Client(6, required=False, group=0), Client(7, required=False, group=0),
    )
    vehicle = replace(VehicleType(count=2, capacity=10, reload_depots=(1,), max_reloads=1, fixed_cost=100),
                      **vehicle_changes)
    return RoutingProblem(MATRIX, MATRIX, (Depot(0), Depot(1, service_duration=2)), clients, (vehicle,),
                          groups=(ClientGroup((4, 5), required=True, name="direction"),))


def _route(*stops: int | tuple[str, int]) -> Route:
    return Route(0, tuple(Stop("client", s) if isinstance(s, int) else Stop(*s) for s in stops))


GOOD = _route(2, 6, 3, 4)  # distance 2+1+1+2+6 = 12


def _messages(problem: RoutingProblem, *routes: Route) -> str:
    report = validate(problem, routes)
    assert not report.feasible
    return " | ".join(report.violations)


def test_good_plan_is_feasible_and_cost_is_recomputed():
    """A correct plan passes; cost = fixed 100 + distance 12 + uncollected prize 7."""
    report = validate(_problem(), [GOOD])
    assert report.feasible, report.violations
    assert (report.cost, report.distance, report.uncollected_prizes) == (119, 12, 7)


def test_missing_required_client():
    """A required client left out is reported as served 0 times."""
    assert "served 0 times" in _messages(_problem(), _route(2, 6, 4))


def test_client_served_twice():
    """A required client visited twice is reported."""
    assert "served 2 times" in _messages(_problem(), _route(2, 6, 3, 4), _route(2))


def test_optional_client_served_twice():
    """An optional client may be served at most once."""
    assert "optional client optional is served 2 times" in _messages(_problem(), _route(2, 6, 3, 4, 5, 5))


@pytest.mark.parametrize(("stops", "served"), [((2, 3, 4), 0), ((2, 6, 7, 3, 4), 2)])
def test_required_group_needs_exactly_one_member(stops, served):
    """A required mutually exclusive group with no member or two members served is reported."""
    assert f"required group direction has {served} members served" in _messages(_problem(), _route(*stops))


def test_capacity_exceeded_without_reload():
    """Nine units on a truck of eight is an overload."""
    assert "carries 9, more than the capacity 8" in _messages(_problem(capacity=8), GOOD)


def test_reload_resets_the_load():
    """Unloading at the transfer station mid-route makes the same work fit a truck of eight."""
    report = validate(_problem(capacity=8), [_route(2, ("reload", 1), 6, 3, 4)])
    assert report.feasible, report.violations


def test_reload_at_a_depot_that_is_not_a_reload_depot():
    """Reloading at the yard when only the transfer station is allowed is reported."""
    assert "not one of its reload depots" in _messages(_problem(), _route(2, ("reload", 0), 6, 3, 4))


def test_too_many_reloads():
    """Two reloads when one is allowed is reported."""
    assert "reloads 2 times, at most 1" in _messages(_problem(), _route(2, ("reload", 1), 6, ("reload", 1), 3, 4))


def test_time_window_missed():
    """Arriving at a client after its window closes is reported with the times."""
    problem = _problem()
    late = replace(problem, clients=(*problem.clients[:2], replace(problem.clients[2], tw_late=5), *problem.clients[3:]))
    assert "starts service at 6, after its time window ends at 5" in _messages(late, GOOD)


def test_waiting_is_allowed_and_duration_uses_latest_start():
    """Arriving early means waiting; the route duration counts from the latest feasible start."""
    problem = _problem(unit_duration_cost=1)
    waiting = replace(problem, clients=(*problem.clients[:2], replace(problem.clients[2], tw_early=30, tw_late=40),
                                        *problem.clients[3:]))
    report = validate(waiting, [GOOD])
    assert report.feasible, report.violations
    assert report.duration == 12
    assert report.cost == 100 + 12 + 12 + 7


def test_shift_end_exceeded():
    """Returning after the shift ends is reported."""
    assert "after the shift ends at 10" in _messages(_problem(shift_late=10), GOOD)


def test_max_duration_exceeded():
    """A route longer than the vehicle's maximum duration is reported."""
    assert "lasts 12, longer than the maximum 11" in _messages(_problem(max_duration=11), GOOD)


def test_break_missing_or_misplaced():
    """A vehicle with a break rule must take exactly one break, at an allowed place, inside its window."""
    problem = _problem(break_rule=BreakRule(duration=3, tw_early=0, tw_late=5, locations=(8,)))
    assert "takes 0 breaks, expected exactly 1" in _messages(problem, GOOD)
    assert "not allowed" in _messages(problem, _route(2, ("break", 5), 6, 3, 4))
    assert "break at stop 4 starts at 11, after its window ends at 5" in _messages(
        problem, _route(2, 6, 3, 4, ("break", 8)))
    assert validate(problem, [_route(("break", 8), 2, 6, 3, 4)]).feasible


def test_more_routes_than_vehicles():
    """Three routes for two vehicles of the type is reported."""
    assert "3 routes but only 2 vehicles" in _messages(_problem(), _route(2, 6), _route(3), _route(4))


def test_stop_at_wrong_kind_of_location():
    """A 'client' stop at a depot location is reported, not silently counted."""
    assert "which is not a client" in _messages(_problem(), _route(0, 2, 6, 3, 4))
