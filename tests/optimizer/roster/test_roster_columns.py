"""Column generation: a valid lower bound, legal starting rosters, pins kept, roles filled."""

import random
import time
from pathlib import Path

from benchmarks.readers.curtois_qu import instance_objective, read_instance, to_problem
from optimizer.roster.column_search import best_combination, improve_by_columns
from optimizer.roster.column_start import column_generation_start
from optimizer.roster.columns import ColumnGeneration
from optimizer.roster.validate import validate_roster

DATA = Path(__file__).resolve().parents[2] / "data" / "rostering"


def _never() -> bool:
    return False


def test_root_lp_is_a_lower_bound_and_the_dive_gives_a_legal_roster():
    """Instance1's proven optimum is 607: the converged LP may not exceed it, a rounded roster may not beat it."""
    instance = read_instance(DATA / "Instance1.txt")
    problem = to_problem(instance)
    cg = ColumnGeneration(problem, {}, workers=1, seed=0, stop=_never, progress=lambda _: None)
    try:
        assert cg.seed_columns()
        lp, _ = cg.generate(time.monotonic() + 60, max_rounds=10_000)
        cg.dive(time.monotonic() + 30)
        start = cg.start(cg.chosen())
    finally:
        cg.close()
    assert 0 < lp <= 607 + 1e-6
    assert cg.root_bound == lp  # pricing proved that no schedule improves the LP
    assignments = {cell: shift for cell, (shift, _) in start.items()}
    assert validate_roster(problem, assignments, {}).ok
    assert instance_objective(instance, assignments) >= 607
    assert {worker for worker, _ in assignments} == {w.id for w in problem.workers}


def test_pinned_cells_and_roles_survive_column_generation(tiny_problem):
    """A locked cell stays in the starting roster; multi-skilled workers get one of their skills."""
    problem = tiny_problem()
    pinned = {("W3", 2): "L", ("W4", 0): None}
    found = column_generation_start(problem, time.monotonic() + 5, workers=1, pinned=pinned)
    assert found is not None
    start = found.roster
    assert start[("W3", 2)][0] == "L"
    assert ("W4", 0) not in start
    for (worker_id, _), (_, role) in start.items():
        if role is not None:
            assert role in problem.worker(worker_id).skills
    drivers = sum(1 for (_, d), (s, role) in start.items() if s == "E" and role == "driver")
    assert drivers >= 1  # the LP prices a missing driver at its full under-cover weight


def test_column_search_improves_a_rushed_dive_and_stays_legal():
    """Instance5 (best known 1,143, root LP 1,140.6): a dive given no time ends far above; the best
    combination of the generated schedules may not do worse than it (its schedules are among them), the
    search must improve on it without beating the LP bound, and its roster must be legal."""
    instance = read_instance(DATA / "Instance5.txt")
    problem = to_problem(instance)
    cg = ColumnGeneration(problem, {}, workers=1, seed=0, stop=_never, progress=lambda _: None)
    try:
        assert cg.seed_columns()
        cg.generate(time.monotonic() + 60, max_rounds=10_000)
        cg.dive(time.monotonic() + 0.01)
        dive = cg.chosen()
        pooled = best_combination(cg, list(range(len(cg.master.columns))), 5, dive)
        assert pooled is not None
        assert cg.cost(pooled) <= cg.cost(dive)
        searched, cost = improve_by_columns(cg, dive, time.monotonic() + 8, random.Random(0))
        start = cg.start(searched)
    finally:
        cg.close()
    assert cost == cg.cost(searched) < cg.cost(dive)
    assert cg.root_bound is not None and cost >= cg.root_bound - 1e-6
    assignments = {cell: shift for cell, (shift, _) in start.items()}
    assert validate_roster(problem, assignments, {}).ok
    assert instance_objective(instance, assignments) == cost  # columns.py prices rosters as the instance does
