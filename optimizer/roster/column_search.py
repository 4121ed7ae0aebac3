"""A starting roster by column generation: root LP, one dive, then a search over columns.

The search improves the dive's roster by re-solving large parts of it over generated columns.
The dives of columns.py end a little above the best rosters (Curtois & Qu Instance5: dives
1,146-1,149, best known 1,143), and CP-SAT's own neighbourhoods of a few workers cannot bridge
the gap: the better rosters differ from the dive's in many workers at once. This search keeps
the schedules of some workers, frees the rest (most of them), prices new schedules for the
freed workers against what the kept ones cover, and picks the best integer combination of the
generated schedules with a MILP (HiGHS via scipy), whose LP relaxation is tight on this
set-partitioning form. When pricing proves the neighbourhood's LP cannot beat the current
roster, the MILP is skipped.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from optimizer.roster.builder import Cell
from optimizer.roster.columns import ColumnGeneration
from optimizer.roster.problem import RosterProblem

FREE_SHARE = (0.6, 0.95)  # share of workers freed per neighbourhood: adapted within this range
FIRST_FREE = 10  # workers freed in the first neighbourhoods of a large team (their LP converges in seconds)
MILP_LIMIT_S = 3.0  # per neighbourhood MILP
PRICING_ROUNDS = 60  # per neighbourhood, before its LP is taken as it stands
DIVE_SHARE = 0.5  # of the time left after the root LP
TAILING_OFF = 0.0002  # a neighbourhood LP that fell by less than this share in three rounds is taken as it stands


def best_combination(cg: ColumnGeneration, active: list[int], time_limit_s: float) -> dict[int, int] | None:
    """Worker -> column: the cheapest integer choice of one active column per worker (a MILP over
    the master LP's rows), or None when HiGHS finds none in time."""
    m = cg.master.matrices(active)
    n_col = len(active)
    constraints = [LinearConstraint(m.a_eq, m.b_eq, m.b_eq)]
    if m.a_ub is not None:
        constraints.append(LinearConstraint(m.a_ub, -np.inf, m.b_ub))
    integrality = np.zeros(len(m.cost))
    integrality[:n_col] = 1
    upper = np.full(len(m.cost), np.inf)
    upper[:n_col] = 1
    result = milp(m.cost, constraints=constraints, integrality=integrality, bounds=Bounds(0, upper),
                  options={"time_limit": max(0.05, time_limit_s)})
    if result.x is None:
        return None
    columns = cg.master.columns
    chosen = {columns[active[j]].worker: active[j] for j in range(n_col) if result.x[j] > 0.5}
    return chosen if len(chosen) == len(cg.problem.workers) else None


def improve_by_columns(cg: ColumnGeneration, chosen: Mapping[int, int], deadline: float,
                       rng: random.Random) -> tuple[dict[int, int], float]:
    """Free most workers, price for them around the kept ones, take the best combination; repeat
    until the deadline, a cancel, or the roster meets the root LP bound. Returns the best choice
    (worker -> column) and its cost."""
    best, best_cost = dict(chosen), cg.cost(chosen)
    workers = len(cg.problem.workers)
    high = FREE_SHARE[1]
    low = share = min(FREE_SHARE[0], FIRST_FREE / workers)
    floor = math.ceil(cg.root_bound - 1e-6) if cg.root_bound is not None else -math.inf
    while time.monotonic() < deadline - 0.1 and not cg.stop() and best_cost > floor:
        free = set(rng.sample(range(workers), max(2, min(workers, round(share * workers)))))
        cg.master.fixed.clear()
        cg.master.fixed.update({w: j for w, j in best.items() if w not in free})
        value, _ = cg.generate(min(deadline, time.monotonic() + 2 * MILP_LIMIT_S), PRICING_ROUNDS, tailing_off=TAILING_OFF)
        if cg.converged and math.ceil(value - 1e-6) >= best_cost:
            share = min(high, share + 0.05)  # nothing better here: look wider next time
            continue
        combination = best_combination(cg, cg.master.active(), min(MILP_LIMIT_S, deadline - time.monotonic()))
        if combination is None:
            share = max(low, share - 0.05)  # too hard for the MILP in time: look narrower
            continue
        cost = cg.cost(combination)
        if cost >= best_cost:
            share = min(high, share + 0.05)
        if cost <= best_cost:  # equal moves are accepted: they walk plateaus
            if cost < best_cost:
                cg.progress({"phase": "columns", "start_cost": round(float(cost), 1),
                             "message": f"column generation 列生成: start {cost:.0f}",
                             "time_s": time.monotonic() - cg.started})
            best, best_cost = combination, cost
    cg.master.fixed.clear()
    return best, best_cost


def column_generation_start(problem: RosterProblem, deadline: float, *, workers: int = 2, seed: int = 0,
                            pinned: Mapping[Cell, str | None] | None = None, stop: Callable[[], bool] = lambda: False,
                            progress: Callable[[float | dict], None] = lambda _: None,
                            root_share: float = 0.5) -> dict[Cell, tuple[str, str | None]] | None:
    """A starting roster (cell -> (shift, role)): the root LP, one dive, then the column search
    until `deadline`; None when some worker has no legal schedule at all.

    Spends up to `root_share` of the time on the root LP, then DIVE_SHARE of the rest diving.
    """
    started = time.monotonic()
    cg = ColumnGeneration(problem, dict(pinned or {}), workers, seed, stop, progress)
    try:
        if not cg.seed_columns():
            return None  # some worker has no legal schedule at all: the full model will explain
        cg.generate(started + (deadline - started) * root_share, max_rounds=10_000, tailing_off=0.002)
        # the dive paces itself to its deadline: leave the column search the other part
        cg.dive(time.monotonic() + DIVE_SHARE * (deadline - time.monotonic()))
        chosen = cg.chosen()
        progress({"phase": "columns", "start_cost": round(float(cg.cost(chosen)), 1),
                  "message": f"column generation 列生成: start {cg.cost(chosen):.0f}", "time_s": time.monotonic() - started})
        chosen, _ = improve_by_columns(cg, chosen, deadline, random.Random(seed))
        return cg.start(chosen)
    finally:
        cg.close()


__all__ = ["best_combination", "column_generation_start", "improve_by_columns"]
