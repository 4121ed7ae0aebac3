"""Large problems start from best responses (descent.py): each worker's best schedule given the others'."""

import random
import time
from dataclasses import replace

from benchmarks.curtois_synthetic import instance_text
from benchmarks.readers.curtois_qu import instance_objective, read_instance, to_problem
from optimizer.roster.descent import descent_start
from optimizer.roster.model import LARGE_MODEL_VARS, SolveParams, solve_roster
from optimizer.roster.validate import validate_roster


def _large_instance(tmp_path, seed: int = 5):
    """28 days x 60 staff x 18 shift types: above LARGE_MODEL_VARS cells, so no column generation."""
    path = tmp_path / "large.txt"
    path.write_text(instance_text(28, 60, 18, random.Random(seed)))
    instance = read_instance(path)
    problem = to_problem(instance)
    assert len(problem.workers) * problem.horizon * len(problem.shifts) > LARGE_MODEL_VARS
    return instance, problem


def test_best_responses_give_a_legal_roster_whose_reported_costs_fall_to_its_own(tmp_path):
    """Each sweep reports a lower cost, the last one is the instance's own objective of the start
    (computed from the file's definition), and the validator finds no broken hard rule."""
    instance, problem = _large_instance(tmp_path)
    reports = []
    start = descent_start(problem, time.monotonic() + 30, workers=1,
                          progress=lambda info: reports.append(info["start_cost"]) if "start_cost" in info else None)
    assert start is not None and not start.without_schedule
    assert reports and reports == sorted(reports, reverse=True) and len(set(reports)) == len(reports)
    assignments = {cell: shift for cell, (shift, _) in start.roster.items()}
    assert validate_roster(problem, assignments).hard == ()
    assert instance_objective(instance, assignments) == reports[-1] == start.cost


def test_a_large_roster_is_never_worse_than_its_best_response_start(tmp_path):
    """The whole solve: legal, priced as the instance prices it, and no worse than the start it began from."""
    instance, problem = _large_instance(tmp_path, seed=6)
    starts = []
    roster = solve_roster(problem, SolveParams(time_limit_s=12, workers=2, seed=0),
                          progress=lambda info: starts.append(info["start_cost"]) if isinstance(info, dict)
                          and "start_cost" in info else None)
    assert roster.status in ("feasible", "optimal") and starts
    assert validate_roster(problem, roster.assignments, roster.roles).ok
    assert instance_objective(instance, dict(roster.assignments)) == roster.objective <= min(starts)


def test_a_worker_without_any_legal_schedule_makes_a_large_roster_infeasible_with_reasons(tmp_path):
    """A worker off every day who must still work some hours: no roster exists, and the
    explanation names that worker."""
    _, problem = _large_instance(tmp_path)
    first = problem.workers[0]
    assert first.contract.min_minutes_per_period
    stuck = replace(first, days_off=frozenset(range(problem.horizon)))
    problem = replace(problem, workers=(stuck, *problem.workers[1:]))
    roster = solve_roster(problem, SolveParams(time_limit_s=20, workers=1, seed=0))
    assert roster.status == "infeasible"
    assert any(first.id in sentence for sentence in roster.explanation)
