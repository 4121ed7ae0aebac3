"""The portfolio races both engines in worker processes and keeps the best validated plan."""

from __future__ import annotations

import time

import pytest

from optimizer.routing.portfolio import PortfolioParams, pick_best, solve_portfolio
from optimizer.routing.solution import Route, RoutingSolution
from optimizer.routing.validate import validate


def _plan(engine: str, *routes: list[int]) -> RoutingSolution:
    return RoutingSolution(tuple(Route.of_clients(0, r) for r in routes), None, "feasible", engine)


def test_pick_best_prefers_the_cheaper_feasible_plan(cvrp):
    """Of two feasible plans the cheaper one wins, whichever engine made it; both costs are recorded."""
    cheap = solve_portfolio(cvrp, PortfolioParams(1.0, engines=("pyvrp",)))
    worse = _plan("ortools", [1, 2, 3], [4, 5, 6], [7, 8])
    assert validate(cvrp, worse).cost > cheap.validated_cost
    best = pick_best(cvrp, [worse, cheap.with_changes(engine="pyvrp")], ("ortools", "pyvrp"))
    assert best.engine == "pyvrp" and best.validated_cost == cheap.validated_cost
    assert dict(best.engine_costs) == {"ortools": validate(cvrp, worse).cost, "pyvrp": cheap.validated_cost}


def test_pick_best_never_keeps_an_infeasible_plan_over_a_feasible_one(cvrp):
    """A cheaper plan that skips clients loses to a complete plan."""
    incomplete = _plan("pyvrp", [1, 2])
    complete = _plan("ortools", [1, 2, 3], [4, 5, 6], [7, 8])
    best = pick_best(cvrp, [incomplete, complete], ("pyvrp", "ortools"))
    assert best.engine == "ortools" and best.status == "feasible"


def test_portfolio_solves_and_records_the_engine(vrptw):
    """Both engines run; the kept plan is validated, says which engine made it, and progress was reported."""
    reports: list = []
    solution = solve_portfolio(vrptw, PortfolioParams(time_limit_s=2.0, seed=1), progress=reports.append)
    report = validate(vrptw, solution)
    assert report.feasible and solution.status == "feasible"
    assert solution.engine in ("pyvrp", "ortools") and solution.validated_cost == report.cost
    assert {name for name, _ in solution.engine_costs} == {"pyvrp", "ortools"}
    assert not solution.stopped
    assert reports and all(0.0 <= r["fraction"] <= 1.0 and r["best_cost"] >= solution.validated_cost for r in reports)


def test_two_pyvrp_searches_run_with_their_own_seeds(vrptw):
    """pyvrp and pyvrp2 are two searches, one per core, each named in the engine costs; with an iteration
    budget each is the plan PyVRP alone makes with its own seed."""
    from optimizer.routing import pyvrp_engine
    from optimizer.routing.portfolio import engine_seed

    params = PortfolioParams(time_limit_s=60.0, seed=3, engines=("pyvrp", "pyvrp2"), max_iterations=200)
    solution = solve_portfolio(vrptw, params)
    assert {name for name, _ in solution.engine_costs} == {"pyvrp", "pyvrp2"}
    alone = {name: pyvrp_engine.solve(vrptw, 60.0, engine_seed(name, 3), max_iterations=200) for name in ("pyvrp", "pyvrp2")}
    assert engine_seed("pyvrp2", 3) != engine_seed("pyvrp", 3)
    assert dict(solution.engine_costs) == {name: validate(vrptw, s).cost for name, s in alone.items()}


def test_portfolio_honours_stop(cvrp):
    """A stop() that turns True after a moment ends a long solve with a feasible plan marked as stopped."""
    started = time.monotonic()
    solution = solve_portfolio(cvrp, PortfolioParams(time_limit_s=120.0), stop=lambda: time.monotonic() - started > 1.5)
    assert solution.stopped
    assert validate(cvrp, solution).feasible


def test_same_seed_and_iteration_limit_give_the_same_plan(vrptw):
    """With an iteration limit reached well within the time, two runs return identical plans."""
    params = PortfolioParams(time_limit_s=60.0, seed=5, max_iterations=300)
    first, second = solve_portfolio(vrptw, params), solve_portfolio(vrptw, params)
    assert first.routes == second.routes and first.engine == second.engine
    assert first.engine_costs == second.engine_costs


def test_break_problems_go_to_ortools_only(break_problem):
    """PyVRP cannot model breaks, so the portfolio's plan comes from OR-Tools and is valid."""
    solution = solve_portfolio(break_problem, PortfolioParams(1.0))
    assert solution.engine == "ortools"
    assert validate(break_problem, solution).feasible


@pytest.mark.parametrize(("fields", "message"), [
    ({"time_limit_s": 0}, "time_limit_s"), ({"time_limit_s": 1, "engines": ("gurobi",)}, "unknown engines"),
    ({"time_limit_s": 1, "engines": ()}, "non-empty"), ({"time_limit_s": 1, "max_iterations": 0}, "max_iterations"),
])
def test_params_check_themselves(fields, message):
    """Bad portfolio parameters are refused with the value."""
    with pytest.raises(ValueError, match=message):
        PortfolioParams(**fields)


def _solve_in_daemon(problem, params, answer) -> None:
    answer.put(solve_portfolio(problem, params))


def test_a_daemonic_process_runs_the_engines_itself_with_the_same_plan(vrptw):
    """A stock Dask worker is daemonic and may not start engine processes: the engines run in turn there,
    and with an iteration budget the plan equals the one raced in child processes."""
    import multiprocessing as mp

    params = PortfolioParams(time_limit_s=60.0, seed=5, max_iterations=300)
    raced = solve_portfolio(vrptw, params)
    ctx = mp.get_context("spawn")
    answer = ctx.Queue()
    daemon = ctx.Process(target=_solve_in_daemon, args=(vrptw, params, answer), daemon=True)
    daemon.start()
    in_daemon = answer.get(timeout=120)
    daemon.join(timeout=10)
    assert in_daemon.status == "feasible" and validate(vrptw, in_daemon).feasible
    assert in_daemon.routes == raced.routes and in_daemon.engine_costs == raced.engine_costs
