"""Branch-and-price on cells: pricing obeys branches, and the search is complete (it proves optima)."""

import math
import time
from pathlib import Path

import numpy as np

from benchmarks.readers.curtois_qu import instance_objective, read_instance, to_problem
from optimizer.roster.branch_price import branch_and_price
from optimizer.roster.columns import ColumnGeneration
from optimizer.roster.validate import validate_roster

DATA = Path(__file__).resolve().parents[2] / "data" / "rostering"


def _generation(name: str) -> tuple[object, ColumnGeneration]:
    instance = read_instance(DATA / name)
    cg = ColumnGeneration(to_problem(instance), {}, workers=1, seed=0, stop=lambda: False, progress=lambda _: None)
    assert cg.seed_columns()
    return instance, cg


def test_pricing_under_a_branch_works_or_skips_the_cell():
    """A schedule priced under "works shift s on day d" works it; under "does not", it does not;
    a branch asking for a shift the worker cannot take has no schedule at all."""
    _, cg = _generation("Instance5.txt")
    try:
        pricer = cg.pricers[0]
        zero = np.zeros(len(cg.problem.demands))
        (day, shift), *_ = sorted(cg.master.columns[0].worked)
        for works in (True, False):
            found, optimum = pricer.price(zero, 1e9, 5.0, 0, {(day, shift): works})
            assert found and optimum is not None
            assert all(((day, shift) in column.worked) == works for column in found)
        impossible = next((d, s.id) for d in range(cg.problem.horizon) for s in cg.problem.shifts
                          if pricer.rm.x(0, d, s.id) is None)
        assert pricer.price(zero, 1e9, 5.0, 0, {impossible: True}) == ([], math.inf)
    finally:
        cg.close()


def test_branch_and_price_proves_the_known_optimum_from_a_poor_roster():
    """Instance1's optimum is 607 and its root LP lies well below it, so only branching closes the
    gap. From a roster rounded off a barely started dive, the search must reach 607, end before its
    deadline by exhausting the tree, report it proved, and return a legal roster."""
    instance, cg = _generation("Instance1.txt")
    try:
        cg.generate(time.monotonic() + 60, max_rounds=10_000)
        assert cg.root_bound is not None and cg.root_bound < 606
        cg.dive(time.monotonic() + 0.01)
        rushed = cg.chosen()
        deadline = time.monotonic() + 240
        chosen, cost, proved = branch_and_price(cg, rushed, deadline)
        assert time.monotonic() < deadline
        start = cg.start(chosen)
    finally:
        cg.close()
    assert proved
    assert cost == 607 <= cg.cost(rushed)
    assignments = {cell: shift for cell, (shift, _) in start.items()}
    assert validate_roster(cg.problem, assignments, {}).ok
    assert instance_objective(instance, assignments) == 607
