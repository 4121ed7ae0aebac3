"""A starting roster for large problems: each worker's best schedule, given everyone else's.

Every rule but coverage and fairness concerns one worker, so with the other workers fixed, a
worker's best schedule is a pricing problem (columns.py) whose duals are the exact marginal cost
of one more person on each demand row: the under-cover weight while the row is short, minus the
over-cover weight once it is met. The first sweep builds the roster worker by worker; later
sweeps re-optimise each worker in turn (coordinate descent) until a sweep gains nothing. Each
schedule obeys its worker's hard rules, so the roster is legal unless a hard minimum cover is
left short.

Used on problems too large for column generation: on Curtois-format stand-ins of 182 days x 100
staff and 364 days x 50 staff (120 s), CP-SAT alone ended at 178,945 and 294,519; starting from
these sweeps it ended at 136,519 and 242,327 (BENCHMARKS.md).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping

import numpy as np

from optimizer.roster.builder import Cell
from optimizer.roster.column_start import ColumnStart
from optimizer.roster.columns import (
    UNCOVERED_MINIMUM_COST,
    Column,
    ColumnGeneration,
    PricingResult,
    WorkerPricer,
)
from optimizer.roster.problem import RosterProblem

# per CP-SAT pricing (the dynamic program is exact and needs no limit): a 182-day worker's model
# often needs longer to prove its optimum, and a good schedule serves as well here
PRICING_LIMIT_S = 1.0
RETRY_LIMIT_S = 10.0  # for a worker without any schedule yet, when the first pricing found none
PROJECTION_AFTER = 5  # workers priced before the first sweep's end is projected
# the first sweep gives up once it projects to need this many times its budget: the first workers'
# pricings vary a lot (364-day workers: 1-10 s, when CP-SAT needs a second try), so a sweep that
# ends in 33-45 s looked like one of 121 s after six workers; a 1,500-worker month priced by
# CP-SAT (about 1 s a worker, two at a time) would need over 10 times its budget and gives up early
PROJECTION_SLACK = 4.0


class _Cover:
    """How many chosen schedules count towards each demand row, and the marginal price of one more."""

    def __init__(self, problem: RosterProblem) -> None:
        weights = [problem.demand_weights(d) for d in problem.demands]
        self.target = np.array([d.target for d in problem.demands], dtype=float)
        self.minimum = np.array([d.minimum for d in problem.demands], dtype=float)
        self.under = np.array([under for under, _ in weights], dtype=float)
        self.over = np.array([over for _, over in weights], dtype=float)
        self.count = np.zeros(len(problem.demands))

    def duals(self) -> np.ndarray:
        """What one more person on each row saves (positive) or costs (negative)."""
        short = np.where(self.count < self.target, self.under, -self.over)
        return short + np.where(self.count < self.minimum, UNCOVERED_MINIMUM_COST, 0.0)


# The keywords are the start heuristics' common interface (workers, seed, pins, stop, progress).
def descent_start(problem: RosterProblem, deadline: float, *, workers: int = 2, seed: int = 0,
                  pinned: Mapping[Cell, str | None] | None = None, stop: Callable[[], bool] = lambda: False,
                  progress: Callable[[float | dict], None] = lambda _: None) -> ColumnStart | None:
    """A roster of one best-response schedule per worker, improved until `deadline`; None when the
    first sweep cannot finish in time, a start naming `without_schedule` when some worker has no
    legal schedule. Workers priced by CP-SAT are priced `workers` at a time; one whose pricing
    found no schedule in time is left out of the roster until a later sweep finds one."""
    started = time.monotonic()
    cg = ColumnGeneration(problem, dict(pinned or {}), workers, seed, stop, progress)
    try:
        cover = _Cover(problem)
        chosen: dict[int, int] = {}  # worker -> index of its column in cg.master.columns
        best: dict[int, int] = {}
        best_score, sweep = (math.inf, math.inf), 0
        while True:
            for done, batch in _batches(cg.pricers, workers):
                now = time.monotonic()
                projected = (now - started) * len(cg.pricers) / max(1, done)
                if sweep == 0 and done >= PROJECTION_AFTER and projected > PROJECTION_SLACK * (deadline - started):
                    return None  # the first sweep would not end in time
                if now >= deadline or stop():
                    return _start(cg, best, best_score) if sweep else None
                for p in batch:
                    if p.w in chosen:
                        cover.count[list(cg.master.columns[chosen[p.w]].demands)] -= 1
                duals, limit = cover.duals(), max(0.05, min(PRICING_LIMIT_S, deadline - now))
                def best_response(p: WorkerPricer, duals: np.ndarray = duals, limit: float = limit) -> PricingResult:
                    return p.price(duals, math.inf, limit, seed)

                results = cg.price_each(best_response, batch)
                for k, p in enumerate(batch):
                    if not results[k][0] and results[k][1] is None and p.w not in chosen:
                        # no schedule yet and none found in time: once more, with longer
                        retry = max(0.05, min(RETRY_LIMIT_S, deadline - time.monotonic()))
                        results[k] = p.price(duals, math.inf, retry, seed)
                for p, (found, optimum) in zip(batch, results, strict=True):
                    if optimum == math.inf and not found:
                        return ColumnStart({}, math.inf, (p.w,))
                    old = cg.master.columns[chosen[p.w]] if p.w in chosen else None
                    now_duals = cover.duals()  # after the batch's earlier workers took theirs
                    if found and (old is None or _value(found[0], now_duals) < _value(old, now_duals)):
                        cg.master.columns.append(found[0])  # CP-SAT's may be no better when it ran out of time
                        chosen[p.w] = len(cg.master.columns) - 1
                    elif old is None:
                        continue  # no schedule in time: left to the next sweep, or to CP-SAT (no hint)
                    cover.count[list(cg.master.columns[chosen[p.w]].demands)] += 1
            # fewer workers without a schedule first, then the cost of the others' cover
            score = (len(cg.pricers) - len(chosen), cg.cost(chosen))
            if score >= best_score:
                return _start(cg, best, best_score)
            if not score[0]:
                cg.report(score[1], "best responses 逐人最优")
            best, best_score, sweep = dict(chosen), score, sweep + 1
    finally:
        cg.close()


def _start(cg: ColumnGeneration, best: dict[int, int], score: tuple[float, float]) -> ColumnStart:
    """The best sweep's roster; its cost is known only when every worker has a schedule in it."""
    return ColumnStart(cg.start(best), -math.inf, cost=score[1] if not score[0] else math.inf)


def _value(column: Column, duals: np.ndarray) -> float:
    """The column's own cost less what the current cover pays for it."""
    return column.cost - float(duals[list(column.demands)].sum())


def _batches(pricers: list[WorkerPricer], size: int) -> list[tuple[int, list[WorkerPricer]]]:
    """(workers before, batch): the dynamic program's workers one at a time (exact best responses),
    CP-SAT's `size` at a time (they run in parallel against the same cover)."""
    batches, k = [], 0
    while k < len(pricers):
        batch = [pricers[k]]
        while (not batch[0].by_program() and len(batch) < size and k + len(batch) < len(pricers)
               and not pricers[k + len(batch)].by_program()):
            batch.append(pricers[k + len(batch)])
        batches.append((k, batch))
        k += len(batch)
    return batches


__all__ = ["descent_start"]
