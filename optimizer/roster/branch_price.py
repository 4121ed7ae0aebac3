"""Branch-and-price on cells: new schedules where the column pool holds nothing better.

The column search (column_search.py) recombines the schedules that the LP asks for. On some
problems the better rosters need schedules the LP never asks for at its optimum (Curtois & Qu
Instance6: the pool's best combination is proved to be 1,952 while the LP says 1,949). Branching
on one worker's cell ("works this shift that day" or not) changes the duals, so pricing under the
branch generates exactly such schedules. The search is depth first, the likelier side first:
every node's LP is a lower bound once pricing converges, so nodes that cannot beat the best
roster are cut; every node's favourite schedules (one per worker) are a legal roster; and the
best combination of the grown pool is searched again after each dive.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from optimizer.roster.column_search import best_combination, floor, promising
from optimizer.roster.columns import ColumnGeneration

NODE_ROUNDS = 40  # pricing rounds per node before its LP is taken as it stands
COMBINE_LIMIT_S = 3.0  # after each dive, to combine the pool's schedules
RECOMBINE_GROWTH = 1.05  # recombine once the pool grew by this factor since the last time
INTEGRAL = 0.999  # a column value at least this is taken as chosen

Branches = dict[int, dict[tuple[int, str], bool]]


def _cell_shares(cg: ColumnGeneration, values: Mapping[int, float]) -> dict[tuple[int, int, str], float]:
    """(worker, day, shift) -> how much of the worker's LP schedule works that cell."""
    shares: dict[tuple[int, int, str], float] = {}
    for j, value in values.items():
        column = cg.master.columns[j]
        for d, s in column.worked:
            key = (column.worker, d, s)
            shares[key] = shares.get(key, 0.0) + value
    return shares


def _branching_cell(cg: ColumnGeneration, values: Mapping[int, float]) -> tuple[int, int, str] | None:
    """The fractional cell closest to being worked (a dive that keeps the LP low), or None when
    every worker's LP schedule is one whole column."""
    fractional = [(share, key) for key, share in _cell_shares(cg, values).items() if share < INTEGRAL]
    if not fractional:
        return None
    return max(fractional, key=lambda item: (item[0], -item[1][0], -item[1][1]))[1]


def _child(branches: Branches, cell: tuple[int, int, str], works: bool) -> Branches:
    w, d, s = cell
    child = {worker: dict(cells) for worker, cells in branches.items()}
    child.setdefault(w, {})[(d, s)] = works
    return child


def branch_and_price(cg: ColumnGeneration, chosen: Mapping[int, int],
                     deadline: float) -> tuple[dict[int, int], float, bool]:
    """Depth-first branch-and-price from the root until the deadline, a cancel, the root LP bound,
    or the tree is exhausted. Returns the best choice (worker -> column), its cost, and whether
    it is proved optimal among all rosters of the column model."""
    best, best_cost = dict(chosen), cg.cost(chosen)
    stack: list[Branches] = [{}]
    cg.master.fixed.clear()
    combined = len(cg.master.columns)
    complete = True  # every node left so far was pruned by a converged LP bound or proved infeasible
    try:
        while stack and time.monotonic() < deadline and not cg.stop() and best_cost > floor(cg):
            cg.master.branches = stack.pop()
            outcome = cg.ensure_columns()
            if outcome != "ok":
                complete = complete and outcome == "infeasible"
                continue
            value, values = cg.generate(deadline, NODE_ROUNDS)
            if cg.converged and cg.bound_of(value) >= best_cost:
                if len(cg.master.columns) > combined * RECOMBINE_GROWTH:  # a dive ended: recombine the grown pool
                    best, best_cost = _combine(cg, best, best_cost, deadline)
                    combined = len(cg.master.columns)
                continue
            favourites = cg.favourites(values)
            if len(favourites) == len(cg.problem.workers) and cg.cost(favourites) < best_cost:
                best, best_cost = favourites, cg.cost(favourites)
                cg.report(best_cost, "branch-and-price 分支定价")
            cell = _branching_cell(cg, values)
            if cell is None:  # the LP chose whole schedules: its favourites above are this node's roster
                complete = complete and cg.converged
                continue
            stack.append(_child(cg.master.branches, cell, False))
            stack.append(_child(cg.master.branches, cell, True))
    finally:
        cg.master.branches = {}
    proved = best_cost <= floor(cg) or (complete and not stack)
    return best, best_cost, proved


def _combine(cg: ColumnGeneration, best: dict[int, int], best_cost: float, deadline: float) -> tuple[dict[int, int], float]:
    """The best combination of the pool's promising schedules, if it beats the best roster."""
    branches, cg.master.branches = cg.master.branches, {}
    try:
        combination = best_combination(cg, promising(cg, best_cost), min(COMBINE_LIMIT_S, deadline - time.monotonic()), best)
    finally:
        cg.master.branches = branches
    if combination is not None and cg.cost(combination) < best_cost:
        best, best_cost = combination, cg.cost(combination)
        cg.report(best_cost, "branch-and-price 分支定价")
    return best, best_cost


__all__ = ["branch_and_price"]
