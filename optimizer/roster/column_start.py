"""A starting roster by column generation: root LP, one dive, the column search, then branching.

Each step hands the best roster so far to the next: the dive (columns.py) builds one, the
column search (column_search.py) recombines generated schedules around it until the pool is
exhausted, and branch-and-price on cells (branch_price.py) grows the pool with schedules the LP
never asks for at its optimum, until the deadline.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from optimizer.roster.branch_price import branch_and_price
from optimizer.roster.builder import Cell
from optimizer.roster.column_search import (
    COMBINE_LIMIT_S,
    best_combination,
    floor,
    improve_by_columns,
    promising,
)
from optimizer.roster.columns import ColumnGeneration
from optimizer.roster.problem import RosterProblem

DIVE_SHARE = 0.8  # of the time left after the root LP (a quick dive leaves the rest early)
# a dive whose roster costs this share more than the root LP left demands short (each costs
# 100 on Curtois & Qu instances): a second dive re-prices only QUICK_ROUNDS rounds a step. Neither
# step policy wins everywhere: 8 rounds kept Instance8's LP near the root (1,307-1,314 in four
# of five runs) but left Instance6 at 2,045 in every run, 2 rounds gave Instance6 1,952 and
# Instance8 about 1,405 in half of the runs
REDIVE_GAP = 0.03
QUICK_ROUNDS = 2


@dataclass(frozen=True)
class ColumnStart:
    """A starting roster (cell -> (shift, role)) and a proved lower bound on every roster's
    objective (-inf when none was proved): the root LP bound rounded up, or the start's own cost
    when branch-and-price proved it optimal. Soft terms that link workers (fairness) only add to
    the objective, so the bound holds for the full model too."""

    roster: dict[Cell, tuple[str, str | None]]
    lower_bound: float
    # workers (indices) whose own rules leave no legal schedule, proved by pricing: then no roster
    # exists, `roster` is empty, and these workers' rules explain why
    without_schedule: tuple[int, ...] = ()
    # the start's cost as columns.py counts it (each worker's own terms and coverage; the full
    # model may add fairness), when known
    cost: float = math.inf


# The keywords are the start heuristics' common interface (workers, seed, pins, stop, progress), as descent_start.
def column_generation_start(problem: RosterProblem, deadline: float, *, workers: int = 2, seed: int = 0,
                            pinned: Mapping[Cell, str | None] | None = None, stop: Callable[[], bool] = lambda: False,
                            progress: Callable[[float | dict], None] = lambda _: None,
                            root_share: float = 0.5) -> ColumnStart | None:
    """A starting roster built until `deadline`; None when pricing could not give every worker a
    schedule in time, a start naming `without_schedule` when it proved some worker has none.

    Spends up to `root_share` of the time on the root LP, then DIVE_SHARE of the rest diving.
    """
    started = time.monotonic()
    cg = ColumnGeneration(problem, dict(pinned or {}), workers, seed, stop, progress)
    try:
        if not cg.seed_columns():
            if cg.without_schedule:
                return ColumnStart({}, math.inf, tuple(cg.without_schedule))
            return None
        root_lp, _ = cg.generate(started + (deadline - started) * root_share, max_rounds=10_000, tailing_off=0.002)
        # a dive that needs many rounds fixes several schedules per step to meet its deadline
        began = time.monotonic()
        cg.dive(began + DIVE_SHARE * (deadline - began))
        chosen = cg.chosen()
        cg.report(cg.cost(chosen))
        dive_s = time.monotonic() - began
        if (cg.cost(chosen) > (1 + REDIVE_GAP) * root_lp
                and 2 * dive_s < deadline - time.monotonic() and not stop()):
            # the dive left demands short, which the later steps seldom repair: dive again with
            # the other step policy (few rounds a step) and keep the better roster
            first = chosen
            cg.master.fixed.clear()
            cg.dive(time.monotonic() + DIVE_SHARE * (deadline - time.monotonic()), rounds_per_step=QUICK_ROUNDS)
            chosen = min((first, cg.chosen()), key=cg.cost)
            cg.report(cg.cost(chosen))
        if cg.root_bound is not None:  # a converged root pool often holds a better roster than the dive's
            combination = best_combination(cg, promising(cg, cg.cost(chosen)),
                                           min(COMBINE_LIMIT_S, deadline - time.monotonic()), chosen)
            if combination is not None and cg.cost(combination) < cg.cost(chosen):
                chosen = combination
                cg.report(cg.cost(chosen))
        chosen, cost = improve_by_columns(cg, chosen, deadline, random.Random(seed))
        lower_bound = floor(cg)
        if cost > lower_bound and time.monotonic() < deadline and not stop():
            chosen, cost, proved = branch_and_price(cg, chosen, deadline)
            lower_bound = math.ceil(cost - 1e-6) if proved else floor(cg)
        return ColumnStart(cg.start(chosen), lower_bound)
    finally:
        cg.close()


__all__ = ["ColumnStart", "column_generation_start"]
