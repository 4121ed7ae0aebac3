"""A search over columns: improve a roster by recombining generated schedules.

The search improves the dive's roster by re-solving large parts of it over generated columns.
The dives of columns.py end a little above the best rosters (Curtois & Qu Instance5: dives
1,146-1,149, best known 1,143), and CP-SAT's own neighbourhoods of a few workers cannot bridge
the gap: the better rosters differ from the dive's in many workers at once. This search keeps
the schedules of some workers, frees the rest (most of them), prices new schedules for the
freed workers against what the kept ones cover, and picks the best combination of the
generated schedules with CP-SAT, starting from the current roster. Only schedules whose reduced
cost leaves room for a roster at least as good take part; when pricing proves the
neighbourhood's LP cannot beat the current roster, the combination step is skipped.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping

from ortools.sat.python import cp_model

from optimizer.roster.cancel import stopping_on_cancel
from optimizer.roster.columns import ColumnGeneration
from optimizer.roster.cpsat import cp_solver

FREE_SHARE = (0.6, 1.0)  # share of workers freed per neighbourhood: adapted within this range
FIRST_FREE = 10  # workers freed in the first neighbourhoods of a large team (their LP converges in seconds)
COMBINE_LIMIT_S = 3.0  # per neighbourhood, to combine the generated schedules
PRICING_ROUNDS = 60  # per neighbourhood, before its LP is taken as it stands
TAILING_OFF = 0.0002  # a neighbourhood LP that fell by less than this share in three rounds is taken as it stands


def best_combination(cg: ColumnGeneration, active: list[int], time_limit_s: float,
                     current: Mapping[int, int]) -> dict[int, int] | None:
    """Worker -> column: the cheapest choice of one active column per worker, searched by CP-SAT
    from the current choice (so never worse than it); None when CP-SAT has no answer in time.

    (HiGHS's MILP through scipy was tried first: it cannot start from the current roster, and on
    Instance6 it often returned worse combinations than the current one within 3 s.)
    """
    problem, columns = cg.problem, cg.master.columns
    model = cp_model.CpModel()
    x = {j: model.new_bool_var(f"x{j}") for j in active}
    by_worker: dict[int, list[int]] = {}
    cover: dict[int, list[cp_model.IntVar]] = {}
    for j in active:
        by_worker.setdefault(columns[j].worker, []).append(j)
        for i in columns[j].demands:
            cover.setdefault(i, []).append(x[j])
    if len(by_worker) < len(problem.workers):
        return None
    for js in by_worker.values():
        model.add_exactly_one(x[j] for j in js)
    terms = [columns[j].cost * x[j] for j in active]
    for i, demand in enumerate(problem.demands):
        under_weight, over_weight = problem.demand_weights(demand)
        count = sum(cover.get(i, []))
        under = model.new_int_var(0, max(0, demand.target), f"under{i}")
        over = model.new_int_var(0, len(problem.workers), f"over{i}")
        model.add(count + under - over == demand.target)
        if demand.minimum:
            model.add(count >= demand.minimum)
        terms += [round(under_weight) * under, round(over_weight) * over]
        # a hint of every variable: CP-SAT may ignore a partial one
        counted = sum(1 for j in current.values() if i in columns[j].demands)
        model.add_hint(under, max(0, demand.target - counted))
        model.add_hint(over, max(0, counted - demand.target))
    model.minimize(sum(terms))
    for w, chosen in current.items():
        for j in by_worker[w]:
            model.add_hint(x[j], j == chosen)
    solver = cp_solver()
    solver.parameters.num_workers = cg.workers
    solver.parameters.random_seed = cg.seed
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    with stopping_on_cancel(solver, cg.stop):
        code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {columns[j].worker: j for j in active if solver.boolean_value(x[j])}


def promising(cg: ColumnGeneration, best_cost: float) -> list[int]:
    """Active columns that can be part of a combination costing at most best_cost.

    At the LP's optimal duals every variable's reduced cost is >= 0 and a combination costs the
    LP value plus the reduced costs of what it uses; so a column whose reduced cost exceeds
    best_cost - LP cannot be in such a combination (reduced-cost fixing). It leaves the combination
    step tens of columns per worker instead of hundreds.
    """
    value, duals, convexity, _ = cg.master.solve_lp()
    slack = best_cost - value + 1e-4
    columns = cg.master.columns
    return [j for j in cg.master.active() if cg.reduced_cost(columns[j], duals, convexity) <= slack]


def floor(cg: ColumnGeneration) -> float:
    """The least cost a roster can have: the root LP bound rounded up, once pricing proved it
    (the root LP converged, or a neighbourhood freeing every worker did)."""
    return cg.bound_of(cg.root_bound, cg.root_error) if cg.root_bound is not None else -math.inf


def improve_by_columns(cg: ColumnGeneration, chosen: Mapping[int, int], deadline: float,
                       rng: random.Random) -> tuple[dict[int, int], float]:
    """Free most workers, price for them around the kept ones, take the best combination; repeat
    until the deadline, a cancel, the roster meets the root LP bound, or the search is stuck: a
    neighbourhood freeing every worker converged and its combination was no better (the pool
    then only grows by branching, branch_price.py). Returns the best choice (worker -> column)
    and its cost."""
    best, best_cost = dict(chosen), cg.cost(chosen)
    workers = len(cg.problem.workers)
    high = FREE_SHARE[1]
    low = share = min(FREE_SHARE[0], FIRST_FREE / workers)
    while time.monotonic() < deadline - 0.1 and not cg.stop() and best_cost > floor(cg):
        free = set(rng.sample(range(workers), max(2, min(workers, round(share * workers)))))
        cg.master.fixed.clear()
        cg.master.fixed.update({w: j for w, j in best.items() if w not in free})
        value, _ = cg.generate(min(deadline, time.monotonic() + 2 * COMBINE_LIMIT_S), PRICING_ROUNDS, tailing_off=TAILING_OFF)
        if cg.converged and cg.bound_of(value) >= best_cost:
            share = min(high, share + 0.05)  # nothing better here: look wider next time
            continue
        combination = best_combination(cg, promising(cg, best_cost), min(COMBINE_LIMIT_S, deadline - time.monotonic()),
                                       best)
        if combination is None:
            share = max(low, share - 0.05)  # no answer in time: look narrower
            continue
        cost = cg.cost(combination)
        if cost >= best_cost and len(free) == workers and cg.converged:
            break
        if cost >= best_cost:
            share = min(high, share + 0.05)
        if cost <= best_cost:  # equal moves are accepted: they walk plateaus
            if cost < best_cost:
                cg.report(cost)
            best, best_cost = combination, cost
    cg.master.fixed.clear()
    return best, best_cost


__all__ = ["best_combination", "floor", "improve_by_columns", "promising"]
