"""Each engine solves the tiny problem families; the independent validator checks every plan."""

from __future__ import annotations

import pytest

from optimizer.routing import ortools_engine, pyvrp_engine
from optimizer.routing.validate import validate

ENGINES = [pytest.param(pyvrp_engine, id="pyvrp"), pytest.param(ortools_engine, id="ortools")]


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_plan_is_valid_and_cost_matches(engine, any_problem):
    """The plan is feasible by the validator and the engine's cost is the validator's cost."""
    solution = engine.solve(any_problem, time_limit_s=1.0, seed=1)
    report = validate(any_problem, solution)
    assert solution.status == "feasible" and solution.engine == engine.ENGINE
    assert report.feasible, report.violations
    assert solution.cost == report.cost


@pytest.mark.parametrize("engine", ENGINES)
def test_reloads_and_prizes_are_used_sensibly(engine, reload_optional):
    """The single truck unloads to serve everything and takes the near prize but skips the far one."""
    solution = engine.solve(reload_optional, time_limit_s=1.0, seed=1)
    assert validate(reload_optional, solution).feasible
    stops = [s for route in solution.routes for s in route.stops]
    served = {s.location for s in stops if s.kind == "client"}
    assert sum(s.kind == "reload" for s in stops) >= 2  # 26 units on a truck of 8
    assert 8 in served and 9 not in served  # near optional (location 8) yes, far one (9) no


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_agree_on_tiny_optimum(engine, cvrp):
    """On a tiny CVRP both engines find the same (optimal) cost, computed independently by OR-Tools and PyVRP."""
    other = ortools_engine if engine is pyvrp_engine else pyvrp_engine
    mine = validate(cvrp, engine.solve(cvrp, 1.0, 3)).cost
    theirs = validate(cvrp, other.solve(cvrp, 1.0, 3)).cost
    assert mine == theirs


def test_ortools_takes_the_required_break(break_problem):
    """OR-Tools plans the break at the rest place inside its window; PyVRP declines breaks honestly."""
    solution = ortools_engine.solve(break_problem, 1.0)
    report = validate(break_problem, solution)
    assert report.feasible, report.violations
    assert [s.kind for s in solution.routes[0].stops].count("break") == 1
    assert pyvrp_engine.unsupported_reason(break_problem) is not None


@pytest.mark.parametrize("engine", ENGINES)
def test_stop_returns_a_marked_plan(engine, vrptw):
    """A stop() that is already True ends the search early with the plan marked as stopped."""
    solution = engine.solve(vrptw, time_limit_s=30.0, stop=lambda: True)
    assert solution.stopped
    assert solution.status in ("feasible", "no_solution")


def test_progress_shows_no_cost_before_pyvrp_holds_a_feasible_plan():
    """PyVRP's best cost is the largest 64-bit integer until a feasible plan exists: progress must not show it
    (the app and the terminal printed 'best 922,337,203,685,477')."""
    import time as time_module

    from optimizer.routing.pyvrp_engine import _DeadlineOrStop

    reports: list = []
    criterion = _DeadlineOrStop(time_module.monotonic() + 60, lambda: False, reports.append, 60.0)
    criterion(float(2**63 - 1))
    assert reports == []
    criterion(12_345.0)
    assert [r["best_cost"] for r in reports] == [12_345]


def test_ortools_progress_shows_no_cost_while_a_required_client_is_left_out(vrptw):
    """A plan that drops a required client costs the drop penalty (about 10^14 in the app): progress must show
    the fraction only, never that number as a 'best cost'."""
    import dataclasses

    too_far = dataclasses.replace(vrptw.clients[0], demand=sum(c.demand for c in vrptw.clients) + 10**6)
    problem = dataclasses.replace(vrptw, clients=(too_far, *vrptw.clients[1:]))  # no truck can carry it
    reports: list = []
    solution = ortools_engine.solve(problem, time_limit_s=1.0, seed=1, progress=reports.append)
    assert not validate(problem, solution).feasible
    assert reports and all("best_cost" not in r for r in reports)
