"""Column generation for rosters: a strong starting roster from workers' individual schedules.

Every rule of a roster except coverage concerns one worker. So a roster is one schedule
("column") per worker, and coverage links them. We solve the linear relaxation of that
master problem with HiGHS (scipy), price new schedules for each worker (its own soft terms minus
the coverage duals, over its legal schedules) with an exact dynamic program (schedule_dp.py) or,
for rules the program does not know, a one-worker CP-SAT model built by the same code as the full
model, and dive: fix the schedule the LP likes best, re-price, repeat.
column_search.py improves the dive's roster over the generated columns. The result seeds the
full model's search; it is never returned without the full model's checks.

Soft rules that link workers (fairness spreads within a team) are left to the full model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from optimizer.roster.builder import Cell, RosterModel
from optimizer.roster.cpsat import cp_solver
from optimizer.roster.problem import RosterProblem
from optimizer.roster.schedule_dp import STATE_LIMIT, ScheduleDP, unsupported

DUAL_SCALE = 1000  # CP-SAT needs integer objective coefficients
UNCOVERED_MINIMUM_COST = 1e6  # a column set that breaks a hard minimum cover is priced out, not infeasible
SECONDS_PER_WORKER = 0.25  # column generation budget needed per worker to be worth starting
SMOOTHING = 0.5  # weight of the stability centre in the priced duals
JUMP = 0.005  # a dive step that raises the LP by more than this share re-prices before the next step
RECOVER_ROUNDS = 10  # at most, after such a step
STEP_TAILING_OFF = 0.0005  # a dive step re-prices until the LP fell by less than this share over three rounds


@dataclass(frozen=True)
class Column:
    """One worker's whole schedule and what it contributes to each demand."""

    worker: int
    cells: tuple[tuple[int, str, str | None], ...]  # (day, shift, role skill or None)
    cost: int  # the worker's own soft penalties (requests, shift changes, overtime)
    demands: tuple[int, ...]  # indices into problem.demands this schedule counts towards

    @cached_property
    def worked(self) -> frozenset[tuple[int, str]]:
        """(day, shift) pairs this schedule works."""
        return frozenset((d, s) for d, s, _ in self.cells)

    def obeys(self, branch: Mapping[tuple[int, str], bool]) -> bool:
        """Whether the schedule works exactly the (day, shift) cells the branch requires (True) or forbids (False)."""
        return all(((cell in self.worked) == required) for cell, required in branch.items())


PricingResult = tuple[list[Column], float | None]


class WorkerPricer:
    """One worker's pricing problem: its own cost minus the coverage duals, over its legal schedules.

    The dynamic program (schedule_dp.py) solves it exactly for the rules it knows, several times
    faster than CP-SAT; a one-worker CP-SAT model built by the same code as the full model
    prices the other workers, and any worker whose program would grow too large."""

    def __init__(self, problem: RosterProblem, w: int, pinned: Mapping[Cell, str | None], use_dp: bool = True) -> None:
        self.problem, self.w = problem, w
        worker_id = problem.workers[w].id
        self.pinned = {cell: s for cell, s in pinned.items() if cell[0] == worker_id}
        self.dp = ScheduleDP(problem, w, self.pinned) if use_dp and unsupported(problem, w) is None else None
        self.error = 0.0  # how far the last pricing optimum may lie above the true one (duals rounded for CP-SAT)

    def by_program(self) -> bool:
        """Whether the next pricing will be the dynamic program's (else CP-SAT's)."""
        return self.dp is not None and self.dp.state_size() <= STATE_LIMIT

    @cached_property
    def rm(self) -> RosterModel:
        """The one-worker CP-SAT model (built when first needed)."""
        from optimizer.roster.model import build_model  # model imports this module

        problem = self.problem
        # coverage rows keep their (day, shift, skill) so role variables exist, but cost nothing here
        silent = tuple(replace(d, minimum=0, under_weight=0, over_weight=0) for d in problem.demands)
        weights = replace(problem.weights, fair_nights=0, fair_weekends=0, fair_holidays=0, fair_hours=0)
        single = replace(problem, workers=(problem.workers[self.w],), demands=silent, weights=weights)
        return build_model(single, self.pinned, {}, None)

    @cached_property
    def base(self) -> cp_model.LinearExprT:
        """The worker's own soft penalties in the CP-SAT model."""
        return sum(t.weight * t.expr for t in self.rm.terms if t.weight)

    @cached_property
    def counts(self) -> list[tuple[int, cp_model.IntVar]]:
        """(demand index, CP-SAT literal of this worker counting towards it)."""
        counts: list[tuple[int, cp_model.IntVar]] = []
        for i, demand in enumerate(self.problem.demands):
            if demand.skill is None:
                lit = self.rm.x(0, demand.day, demand.shift_id)
            else:
                lit = self.rm.role_of.get((0, demand.day, demand.shift_id, demand.skill))
            if lit is not None:
                counts.append((i, lit))
        return counts

    @cached_property
    def max_counted(self) -> int:
        """A schedule works one shift a day, so it counts towards at most this many demand rows."""
        per_shift: dict[tuple[int, str], int] = {}
        for i, _ in self.counts:
            key = (self.problem.demands[i].day, self.problem.demands[i].shift_id)
            per_shift[key] = per_shift.get(key, 0) + 1
        per_day: dict[int, int] = {}
        for (d, _), rows in per_shift.items():
            per_day[d] = max(per_day.get(d, 0), rows)
        return sum(per_day.values())

    def price(self, duals: np.ndarray, convexity_dual: float, time_limit_s: float,
              seed: int, branch: Mapping[tuple[int, str], bool] | None = None) -> tuple[list[Column], float | None]:
        """Schedules with negative reduced cost (best first, at most 3), and the pricing optimum
        when proved (None when CP-SAT ran out of time).

        `branch` maps (day, shift) to whether the schedule must (True) or must not (False) work it;
        a schedule the branch makes impossible has optimum +inf."""
        if self.dp is not None:
            found = self.dp.price(duals, branch)
            if found is not None:
                self.error = 0.0
                if not found:
                    return [], math.inf
                columns = [Column(self.w, self.dp.cells(s), s.own_cost, self.dp.demands(s))
                           for s in found if s.value - convexity_dual < -1e-6]
                return columns, found[0].value
        self.error = 0.5 / DUAL_SCALE * self.max_counted
        return self._price_by_cp_sat(duals, convexity_dual, time_limit_s, seed, branch)

    def _price_by_cp_sat(self, duals: np.ndarray, convexity_dual: float, time_limit_s: float,
                         seed: int, branch: Mapping[tuple[int, str], bool] | None) -> tuple[list[Column], float | None]:
        rm = self.rm
        rm.model.minimize(DUAL_SCALE * self.base - sum(
            round(DUAL_SCALE * duals[i]) * lit for i, lit in self.counts if abs(duals[i]) > 1e-9))
        rm.model.clear_assumptions()
        for (d, s), required in (branch or {}).items():
            lit = rm.x(0, d, s)
            if lit is None:
                if required:
                    return [], math.inf
                continue
            rm.model.add_assumption(lit if required else lit.Not())
        solver = cp_solver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = time_limit_s
        solver.parameters.cp_model_presolve = False  # a one-worker model is small: presolve cost ~a sixth of each pricing
        found: list[Column] = []

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(inner) -> None:  # noqa: N805 - reads the outer pricer
                if inner.objective_value / DUAL_SCALE - convexity_dual < -1e-6:
                    found.append(self._column(inner))

        code = solver.solve(rm.model, Collect())
        if code == cp_model.INFEASIBLE:
            return [], math.inf
        optimum = solver.objective_value / DUAL_SCALE if code == cp_model.OPTIMAL else None
        return found[::-1][:3], optimum

    def _column(self, values: cp_model.CpSolverSolutionCallback) -> Column:
        rm = self.rm
        cells = []
        for (_, d, s), var in sorted(rm.shift_vars.items()):
            if values.boolean_value(var):
                role = next((k for (_, dd, ss, k), lit in rm.role_of.items()
                             if dd == d and ss == s and values.boolean_value(lit)), None)
                cells.append((d, s, role))
        cost = round(values.value(self.base)) if not isinstance(self.base, int) else self.base
        counted = tuple(i for i, lit in self.counts if values.boolean_value(lit))
        return Column(self.w, tuple(cells), cost, counted)


@dataclass(frozen=True)
class MasterRows:
    """The master problem over some columns: variables are the columns (in `active` order), then
    under- and over-cover per demand, then a slack per hard minimum row (priced out).
    a_eq rows: coverage per demand (= target), one column per worker (= 1); a_ub: hard minimums (<=, negated)."""

    active: list[int]
    cost: np.ndarray
    a_eq: object
    b_eq: np.ndarray
    a_ub: object | None
    b_ub: np.ndarray | None
    minimum_rows: list[int]


@dataclass
class _Master:
    """The restricted master problem: columns so far, the workers already fixed to one, and the
    branching decisions on cells (branch_price.py)."""

    problem: RosterProblem
    columns: list[Column]
    fixed: dict[int, int]  # worker -> index of its only allowed column
    branches: dict[int, dict[tuple[int, str], bool]] = field(default_factory=dict)  # worker -> (day, shift) -> works

    def active(self) -> list[int]:
        return [j for j, c in enumerate(self.columns) if self.fixed.get(c.worker, j) == j
                and (c.worker not in self.branches or c.obeys(self.branches[c.worker]))]

    def matrices(self, active: list[int]) -> MasterRows:
        """The master's rows over the given columns (see MasterRows)."""
        problem = self.problem
        columns = [self.columns[j] for j in active]
        n_dem, n_col, n_work = len(problem.demands), len(columns), len(problem.workers)
        minimum_rows = [i for i, d in enumerate(problem.demands) if d.minimum > 0]
        # variables: columns, then under and over per demand, then a slack per hard minimum
        n_var = n_col + 2 * n_dem + len(minimum_rows)
        cost = np.zeros(n_var)
        cost[:n_col] = [c.cost for c in columns]
        for i, demand in enumerate(problem.demands):
            cost[n_col + i], cost[n_col + n_dem + i] = problem.demand_weights(demand)
        cost[n_col + 2 * n_dem:] = UNCOVERED_MINIMUM_COST
        rows, cols, vals = [], [], []
        for j, column in enumerate(columns):
            rows += list(column.demands) + [n_dem + column.worker]
            cols += [j] * (len(column.demands) + 1)
            vals += [1.0] * (len(column.demands) + 1)
        for i in range(n_dem):
            rows += [i, i]
            cols += [n_col + i, n_col + n_dem + i]
            vals += [1.0, -1.0]
        a_eq = coo_matrix((vals, (rows, cols)), shape=(n_dem + n_work, n_var)).tocsr()
        b_eq = np.array([d.target for d in problem.demands] + [1.0] * n_work)
        a_ub = b_ub = None
        if minimum_rows:
            r, c, v = [], [], []
            position = {i: k for k, i in enumerate(minimum_rows)}
            for j, column in enumerate(columns):
                for i in column.demands:
                    if i in position:
                        r.append(position[i])
                        c.append(j)
                        v.append(-1.0)
            for k in range(len(minimum_rows)):
                r.append(k)
                c.append(n_col + 2 * n_dem + k)
                v.append(-1.0)
            a_ub = coo_matrix((v, (r, c)), shape=(len(minimum_rows), n_var)).tocsr()
            b_ub = np.array([-problem.demands[i].minimum for i in minimum_rows], dtype=float)
        return MasterRows(active, cost, a_eq, b_eq, a_ub, b_ub, minimum_rows)

    def solve_lp(self) -> tuple[float, np.ndarray, np.ndarray, dict[int, float]]:
        """LP value, coverage duals per demand, convexity duals per worker, column values."""
        m = self.matrices(self.active())
        n_dem = len(self.problem.demands)
        result = linprog(m.cost, A_ub=m.a_ub, b_ub=m.b_ub, A_eq=m.a_eq, b_eq=m.b_eq, bounds=(0, None), method="highs")
        if result.status != 0:
            raise RuntimeError(f"column generation master LP failed: {result.message}")
        duals = np.array(result.eqlin.marginals[:n_dem])
        for k, i in enumerate(m.minimum_rows):
            duals[i] -= result.ineqlin.marginals[k]
        values = {m.active[j]: float(result.x[j]) for j in range(len(m.active)) if result.x[j] > 1e-9}
        return float(result.fun), duals, np.array(result.eqlin.marginals[n_dem:]), values


def applies(problem: RosterProblem, budget_s: float) -> bool:
    """Whether column generation fits the time: each round prices every worker (tens of ms each),
    and a useful start needs a few dozen rounds."""
    return 1 < len(problem.workers) and bool(problem.demands) and len(problem.workers) * SECONDS_PER_WORKER <= budget_s


class ColumnGeneration:
    """Pricing, the master LP and a diving heuristic that fixes one worker's schedule at a time."""

    # The object is the parameter object: it keeps these as its state (the start heuristics' options).
    def __init__(self, problem: RosterProblem, pinned: Mapping[Cell, str | None], workers: int, seed: int,
                 stop: Callable[[], bool], progress: Callable[[float | dict], None], use_dp: bool = True) -> None:
        self.problem, self.seed, self.stop, self.progress = problem, seed, stop, progress
        self.workers = workers  # threads for pricing and for combining columns
        self.pricers = [WorkerPricer(problem, w, pinned, use_dp) for w in range(len(problem.workers))]
        self.master = _Master(problem, [], {})
        self.pool = ThreadPoolExecutor(max_workers=workers)  # CP-SAT releases the GIL while it searches
        self.rounds = 0
        self.started = time.monotonic()
        self.root_bound: float | None = None  # the root LP's value once pricing proved it converged
        self.root_error = 0.0  # the pricing error when it converged
        self.converged = False  # whether the last generate() ended with pricing proving the LP optimal
        self.without_schedule: list[int] = []  # workers whose own rules leave no legal schedule (proved)

    def close(self) -> None:
        self.pool.shutdown()

    def price_each(self, price: Callable[[WorkerPricer], PricingResult], pricers: list[WorkerPricer]) -> list[PricingResult]:
        """price(p) for each pricer, in order: CP-SAT pricings on the thread pool (CP-SAT releases
        the GIL), dynamic programs in this thread meanwhile (numpy's many small steps, run on two
        threads, wait for each other's GIL: Instance8's pricings took 51 ms instead of 3 ms)."""
        pending = {p.w: self.pool.submit(price, p) for p in pricers if not p.by_program()}
        done = {p.w: price(p) for p in pricers if p.w not in pending}
        return [done[p.w] if p.w in done else pending[p.w].result() for p in pricers]

    def report(self, cost: float, what: str = "column generation 列生成") -> None:
        """Tell the caller the cost of the best starting roster so far."""
        self.progress({"phase": "columns", "start_cost": round(float(cost), 1), "message": f"{what}: start {cost:.0f}",
                       "time_s": time.monotonic() - self.started})

    def seed_columns(self) -> bool:
        """First columns: each worker's cheapest own schedule, and one that works a lot; False if
        some worker has no legal schedule (those proved to have none are in `without_schedule`)."""
        n_dem = len(self.problem.demands)
        for duals in (np.zeros(n_dem), np.array([self.problem.demand_weights(d)[0] / 2 for d in self.problem.demands])):
            def seed_price(p: WorkerPricer, duals: np.ndarray = duals) -> PricingResult:
                return p.price(duals, 1e9, 0.5, self.seed)

            results = self.price_each(seed_price, self.pricers)
            for found, _ in results:
                self.master.columns += found[:1]
            self.without_schedule = [p.w for p, (_, optimum) in zip(self.pricers, results, strict=True) if optimum == math.inf]
            if self.without_schedule:
                return False
        return len({c.worker for c in self.master.columns}) == len(self.problem.workers)

    def pricing_error(self) -> float:
        """How far a converged LP's value may lie above the bound it proves: CP-SAT pricing sees
        duals rounded to 1/DUAL_SCALE (the dynamic program prices them exactly)."""
        return sum(p.error for p in self.pricers)

    def bound_of(self, converged_value: float, error: float | None = None) -> int:
        """The least integer objective a converged LP of this value proves, allowing for the
        pricing error (by default that of the last pricings)."""
        return math.ceil(converged_value - (self.pricing_error() if error is None else error) - 1e-6)

    def ensure_columns(self) -> str:
        """Give every worker without an allowed column one legal schedule under its branch:
        "ok", "infeasible" when the branches leave some worker none, or "unknown" when pricing
        ran out of time before finding one."""
        have = {self.master.columns[j].worker for j in self.master.active()}
        missing = [p for p in self.pricers if p.w not in have]
        zero = np.zeros(len(self.problem.demands))
        branches = self.master.branches
        outcome = "ok"
        for found, optimum in self.price_each(lambda p: p.price(zero, 1e9, 0.5, self.seed, branches.get(p.w)), missing):
            if found:
                self.master.columns += found[:1]
            elif optimum == math.inf:
                return "infeasible"
            else:
                outcome = "unknown"
        return outcome

    def reduced_cost(self, column: Column, duals: np.ndarray, convexity: np.ndarray) -> float:
        """The column's cost minus what the LP's duals pay for it."""
        return column.cost - float(sum(duals[i] for i in column.demands)) - float(convexity[column.worker])

    def generate(self, deadline: float, max_rounds: int, tailing_off: float = 0.0) -> tuple[float, dict[int, float]]:
        """Price until no schedule improves the LP, max_rounds, the deadline, or (tailing_off > 0)
        the LP fell by less than that share over the last three rounds; returns the column values.

        Duals are smoothed towards the best Lagrangian bound so far (Wentges), which needs fewer
        rounds than pricing at the LP's own, oscillating duals; with hard minimum cover rows the
        LP's duals are used as they are.
        """
        value = math.inf
        values: dict[int, float] = {}
        self.converged = False
        history: list[float] = []
        targets = np.array([d.target for d in self.problem.demands], dtype=float)
        smooth = SMOOTHING if not any(d.minimum for d in self.problem.demands) else 0.0
        center: np.ndarray | None = None
        best_bound = -math.inf
        for _ in range(max_rounds):
            value, duals, convexity, values = self.master.solve_lp()
            self.rounds += 1
            history.append(value)
            self.progress({"phase": "columns", "lp": round(value, 1), "bound": round(best_bound, 1),
                           "message": f"column generation 列生成: LP {value:.0f}",
                           "columns": len(self.master.columns), "fixed": len(self.master.fixed),
                           "time_s": time.monotonic() - self.started})
            if time.monotonic() >= deadline or self.stop():
                break
            if tailing_off and len(history) > 3 and history[-4] - value < tailing_off * abs(value):
                break
            alpha = smooth if center is not None else 0.0
            columns, total, priced = self._price_round(duals, convexity, center, alpha, deadline)
            if not columns and alpha:  # mispricing: the smoothed duals found nothing, try the LP's own
                columns, total, priced = self._price_round(duals, convexity, center, 0.0, deadline)
            if not columns:
                # every pricing proved that no schedule improves the LP: its value is a lower bound
                self.converged = total is not None
                if self.converged and not self.master.fixed and not self.master.branches:
                    self.root_bound, self.root_error = value, self.pricing_error()
                break
            self.master.columns += columns
            if total is not None and total + float(priced @ targets) > best_bound:
                best_bound, center = total + float(priced @ targets), priced
        return value, values

    def _price_round(self, duals: np.ndarray, convexity: np.ndarray, center: np.ndarray | None, alpha: float,
                     deadline: float) -> tuple[list[Column], float | None, np.ndarray]:
        """Columns with negative reduced cost at the LP's duals, priced at duals smoothed towards
        center; also the Lagrangian sum of pricing optima at the priced duals (None if unproved)."""
        priced = duals if center is None or not alpha else alpha * center + (1 - alpha) * duals
        limit = max(0.05, min(0.5, (deadline - time.monotonic()) / 4))
        open_pricers = [p for p in self.pricers if p.w not in self.master.fixed]
        rounds = self.rounds
        # a cancel skips the pricings not yet started, so it acts within one pricing solve
        branches = self.master.branches
        results = list(self.price_each(lambda p: ([], None) if self.stop() else p.price(
            priced, convexity[p.w], limit, self.seed + rounds, branches.get(p.w)), open_pricers))
        new = [c for found, _ in results for c in found if self.reduced_cost(c, duals, convexity) < -1e-6]
        optima = [optimum for _, optimum in results]
        # a fixed worker's only schedule enters the Lagrangian at its reduced price
        fixed = sum(self.master.columns[j].cost - float(sum(priced[i] for i in self.master.columns[j].demands))
                    for j in self.master.fixed.values())
        proved = [o for o in optima if o is not None]
        total = None if len(proved) < len(optima) else sum(proved) + fixed
        return new, total, priced

    def dive(self, deadline: float, rounds_per_step: int = 8) -> None:
        """Fix the schedules the LP likes best (and every one it already takes whole), re-price, repeat.

        One schedule per step while time allows, more when the remaining time would not last for
        one step per open worker. Each step re-prices until the LP stops falling (at most
        `rounds_per_step` rounds): with the dynamic program's pricing that fits, and it keeps the
        LP near the root for longer (Curtois & Qu Instance8, seed 0: 1,303.6 with 19 workers fixed
        instead of 1,328.9 with 2 rounds, and a roster of 1,317 instead of 1,512). A step that makes the LP jump is re-priced before the next one
        while the rest of the dive still fits (Curtois & Qu Instance12: without it the dive's LP
        went from 4,051 to 5,292 over its last 21 workers; with it the dive ended at 4,514).
        (Stopping early and leaving the open workers to CP-SAT, on the
        full model or on the column pool, was tried: on Curtois & Qu instances 8 and 12 both gave
        worse starts.)
        """
        master, workers = self.master, len(self.problem.workers)
        value, values = self.generate(deadline, 1)
        step_s: list[float] = []
        while len(master.fixed) < workers and not self.stop():
            best: dict[int, tuple[float, int]] = {}
            for j, share in values.items():
                w = self.master.columns[j].worker
                if w not in master.fixed and share > best.get(w, (0.0, -1))[0]:
                    best[w] = (share, j)
            if not best:
                return
            step = {w: j for w, (share, j) in best.items() if share > 0.999}
            open_count = workers - len(master.fixed) - len(step)
            remaining = deadline - time.monotonic()
            typical = sorted(step_s[-5:])[len(step_s[-5:]) // 2] if step_s else 0.0
            count = 1 if not typical else max(1, math.ceil(open_count / max(1.0, remaining / typical)))
            ranked = [(w, j) for w, (_, j) in sorted(best.items(), key=lambda item: (-item[1][0], item[0])) if w not in step]
            step.update(ranked[:count])
            master.fixed.update(step)
            began, before = time.monotonic(), value
            value, values = self.generate(deadline, rounds_per_step if began < deadline else 1, tailing_off=STEP_TAILING_OFF)
            step_s.append(time.monotonic() - began)
            left = deadline - time.monotonic()
            if value > before + JUMP * abs(before) and left > 2 * (workers - len(master.fixed)) * step_s[-1]:
                # the fixed schedules left holes the open workers' columns cannot fill yet: price
                # until the LP has recovered before trusting its favourites again, if the rest of
                # the dive still fits in the time left
                value, values = self.generate(deadline, RECOVER_ROUNDS, tailing_off=JUMP / 10)

    def chosen(self) -> dict[int, int]:
        """Worker -> column: the fixed ones, and the LP's favourite for any worker still open."""
        chosen = dict(self.master.fixed)
        if len(chosen) < len(self.problem.workers):
            chosen = {**self.favourites(self.master.solve_lp()[3]), **chosen}
        return chosen

    def favourites(self, values: Mapping[int, float]) -> dict[int, int]:
        """Worker -> the column an LP solution (column values) gives most of its schedule."""
        best: dict[int, tuple[float, int]] = {}
        for j, value in values.items():
            w = self.master.columns[j].worker
            if value > best.get(w, (0.0, -1))[0]:
                best[w] = (value, j)
        return {w: j for w, (_, j) in best.items()}

    def cost(self, chosen: Mapping[int, int]) -> float:
        """Objective of one column per worker: own costs plus coverage penalties (columns.py's view)."""
        columns, problem = self.master.columns, self.problem
        counts = np.zeros(len(problem.demands))
        total = 0.0
        for j in chosen.values():
            total += columns[j].cost
            counts[list(columns[j].demands)] += 1
        for i, demand in enumerate(problem.demands):
            under_w, over_w = problem.demand_weights(demand)
            total += under_w * max(0.0, demand.target - counts[i]) + over_w * max(0.0, counts[i] - demand.target)
            total += UNCOVERED_MINIMUM_COST * max(0.0, demand.minimum - counts[i])
        return total

    def start(self, chosen: Mapping[int, int]) -> dict[Cell, tuple[str, str | None]]:
        """The roster (cell -> shift and role) of one column per worker (see `chosen`)."""
        master, problem = self.master, self.problem
        roster: dict[Cell, tuple[str, str | None]] = {}
        for w, j in chosen.items():
            for d, s, role in master.columns[j].cells:
                roster[(problem.workers[w].id, d)] = (s, role)
        return roster


__all__ = ["Column", "ColumnGeneration", "WorkerPricer", "applies"]

