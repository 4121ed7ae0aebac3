"""Arc routing through node routing: direction choice, one-way streets, paths back on the graph."""

from __future__ import annotations

import pytest

from optimizer.routing import ortools_engine, pyvrp_engine
from optimizer.routing.carp import StreetEdge, carp_to_routing, path_cost, path_violations, routes_to_paths
from optimizer.routing.problem import VehicleType
from optimizer.routing.solution import Route, RoutingSolution
from optimizer.routing.validate import validate


def _client_of(model, tail: int, head: int) -> int:
    """Location of the task that serves ``tail -> head``."""
    k = next(k for k, t in enumerate(model.tasks) if (t.tail, t.head) == (tail, head))
    return model.problem.clients[k].location


def test_two_way_edges_become_a_direction_choice(carp):
    """Each two-way required street gives two optional clients in a required group; a one-way street one client."""
    problem = carp.problem
    assert len(problem.clients) == 9 and len(problem.groups) == 4
    assert all(g.required and len(g.clients) == 2 for g in problem.groups)
    one_way = [c for c in problem.clients if c.required]
    assert len(one_way) == 1


def test_distances_follow_one_way_streets(carp):
    """From the head of one-way 0->2 back to the depot costs 7 (no driving 2->0); into it costs its own 2."""
    task = _client_of(carp, 0, 2)
    assert carp.problem.distance[task, 0] == 7
    assert carp.problem.distance[0, task] == 2


def test_hand_plan_costs_the_same_on_graph_and_in_node_form(carp):
    """A hand plan of cost 23 is valid, and its expanded path costs 23 edge by edge."""
    plan = RoutingSolution((
        Route.of_clients(0, [_client_of(carp, 0, 1), _client_of(carp, 1, 2), _client_of(carp, 2, 3)]),
        Route.of_clients(0, [_client_of(carp, 0, 2), _client_of(carp, 3, 0)]),
    ), None, "feasible", "hand")
    report = validate(carp.problem, plan)
    assert report.feasible, report.violations
    paths = routes_to_paths(carp, plan)
    assert [(t.tail, t.head, t.serving) for t in paths[1]] == [(0, 2, True), (2, 3, False), (3, 0, True)]
    assert report.cost == path_cost(carp.edges, paths) == 23
    assert path_violations(carp.edges, paths, 0) == []


@pytest.mark.parametrize("engine", [pyvrp_engine, ortools_engine], ids=["pyvrp", "ortools"])
def test_engines_serve_every_street_once(engine, carp):
    """Each engine's plan, expanded onto the graph, serves every required edge once and is no worse than 23."""
    solution = engine.solve(carp.problem, 1.0, 0)
    report = validate(carp.problem, solution)
    assert report.feasible, report.violations
    paths = routes_to_paths(carp, solution)
    assert path_violations(carp.edges, paths, 0) == []
    assert path_cost(carp.edges, paths) == report.cost <= 23


def test_path_checker_catches_wrong_way_and_missed_edges(carp):
    """Driving a one-way street backwards and leaving edges unserved are reported."""
    problem_paths = routes_to_paths(carp, RoutingSolution(
        (Route.of_clients(0, [_client_of(carp, 0, 1)]),), None, "feasible", "hand"))
    problem_paths[0][0] = problem_paths[0][0].__class__(2, 0, 4, False)
    errors = " | ".join(path_violations(carp.edges, problem_paths, 0))
    assert "not allowed" in errors and "served 0 times" in errors


def test_unreachable_task_is_refused():
    """A required street that cannot be left (one-way into a dead end) is reported, not planned."""
    edges = [StreetEdge(0, 1, 1, 1, True, one_way=True)]
    with pytest.raises(ValueError, match="cannot be reached"):
        carp_to_routing(2, edges, (0,), (VehicleType(1, 5),))
