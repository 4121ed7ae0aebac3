"""Build the CP-SAT roster model and solve it.

A solve runs in up to three phases: column generation builds a starting roster and a proved
lower bound (column_start.py, on problems small enough to price every worker often; larger ones
start from each worker's best response to the others, descent.py), CP-SAT searches from it, and
our own LNS (lns.py) improves the result until the time limit (on small problems).

Determinism: a solve that ends by proving optimality gives the same objective every time.
Otherwise wall-clock limits, CP-SAT's parallel portfolio, the pricing threads and the LNS threads
make runs of equal length differ. `SolveParams(deterministic=True)` gives the same roster for the
same problem and seed: one worker, no column generation, no LNS, and a deterministic-time budget
(CP-SAT's own work units, about seconds) instead of wall-clock time.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from optimizer.roster.builder import Cell, Enforce, RosterModel, build_variables, no_enforcement
from optimizer.roster.column_start import ColumnStart, column_generation_start
from optimizer.roster.columns import applies as columns_apply
from optimizer.roster.cpsat import cp_solver
from optimizer.roster.descent import descent_start
from optimizer.roster.hard_rules import add_all_hard_rules
from optimizer.roster.lns import improve
from optimizer.roster.messages import text
from optimizer.roster.problem import RosterProblem
from optimizer.roster.roster import Change, Roster, SoftViolation
from optimizer.roster.soft_rules import all_soft_terms
from optimizer.roster.warm_start import add_greedy_hint, add_start_hint, complete_hint


@dataclass(frozen=True)
class SolveParams:
    """Solver settings. `workers` is CP-SAT's number of parallel search workers."""

    time_limit_s: float = 10.0
    workers: int = 2
    seed: int = 0
    language: str = "en"  # of explanations: "en" or "zh"
    explain_time_limit_s: float = 10.0
    log_search: bool = False
    # CP-SAT's LP linearises every clause at level 2; on the Curtois & Qu set this found far better
    # rosters in the same time than the default level 1 (Instance5, 30 s: 1148 against 1346), but on
    # a 1,500-worker month the larger LP delayed the first roster. None = 2 up to LARGE_MODEL_VARS
    # shift variables, 1 above.
    linearization_level: int | None = None
    lns: bool = True  # after a first CP-SAT phase, improve by our own large-neighbourhood search
    first_phase_share: float = 0.5  # of the time limit, once a first roster exists
    lns_sub_limit_s: float = 0.3  # time per neighbourhood re-optimisation
    deterministic: bool = False  # same roster for same input and seed (see module docstring)
    # share of the time limit spent building a starting roster by column generation (columns.py);
    # 0 switches it off. Only problems small enough to price every worker often use it.
    columns_share: float = 0.7

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0:
            raise ValueError(f"time_limit_s must be > 0 (got {self.time_limit_s})")
        if self.workers < 1:
            raise ValueError(f"workers must be >= 1 (got {self.workers})")
        if not 0 <= self.columns_share < 1:
            raise ValueError(f"columns_share must be in [0, 1) (got {self.columns_share})")
        if not 0 < self.first_phase_share <= 1:
            raise ValueError(f"first_phase_share must be in (0, 1] (got {self.first_phase_share})")
        if self.language not in ("en", "zh"):
            raise ValueError(f"language must be 'en' or 'zh' (got {self.language!r})")


LARGE_MODEL_VARS = 30_000  # above this many shift variables a problem counts as large
DESCENT_SHARE = 0.5  # of the time limit, for the best-response start of a large problem


def check_cells(problem: RosterProblem, cells: Mapping[Cell, str | None], what: str) -> None:
    """Pinned or previous cells must name known workers, days and shifts."""
    worker_ids = {w.id for w in problem.workers}
    shift_ids = {s.id for s in problem.shifts}
    for (worker_id, day), shift_id in cells.items():
        if worker_id not in worker_ids:
            raise ValueError(f"{what}: unknown worker {worker_id!r}")
        if not 0 <= day < problem.horizon:
            raise ValueError(f"{what}: day {day} of worker {worker_id} outside 0..{problem.horizon - 1}")
        if shift_id is not None and shift_id not in shift_ids:
            raise ValueError(f"{what}: unknown shift {shift_id!r} for worker {worker_id} on day {day}")


def build_model(problem: RosterProblem, pinned: Mapping[Cell, str | None], previous: Mapping[Cell, str | None],
                max_changes: int | None, enforce: Enforce = no_enforcement,
                start: Mapping[Cell, tuple[str, str | None]] | None = None) -> RosterModel:
    """Variables, hard rules, soft terms and the objective; `start` (cell -> shift and role) is a hint."""
    rm = build_variables(problem, pinned)
    add_all_hard_rules(rm, pinned, enforce)
    rm.terms = all_soft_terms(rm, previous, pinned)
    if max_changes is not None and previous:
        changes = [t.expr for t in rm.terms if t.rule == "change_from_previous"]
        rm.model.add(sum(changes) <= max_changes).only_enforce_if(enforce(("max_changes",)))
    rm.model.minimize(sum(t.weight * t.expr for t in rm.terms if t.weight))
    if start is not None:
        add_start_hint(rm, start)
    elif not previous and len(rm.shift_vars) > LARGE_MODEL_VARS:
        add_greedy_hint(rm, dict(pinned))  # large problems: start from a nearly legal greedy roster
    index = {worker.id: w for w, worker in enumerate(problem.workers)}
    for (worker_id, d), before in previous.items():  # start the search from the agreed roster
        for s, var in rm.shifts_of(index[worker_id], d):
            rm.model.add_hint(var, 1 if s == before else 0)
    return rm


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution and stops the search when the user cancels."""

    def __init__(self, stop: Callable[[], bool], progress: Callable[[float | dict], None]) -> None:
        super().__init__()
        self._stop, self._progress, self._start = stop, progress, time.monotonic()
        self.cancelled = False
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self._progress({"objective": self.objective_value, "bound": self.best_objective_bound,
                        "time_s": time.monotonic() - self._start})
        if self._stop():
            self.cancelled = True
            self.stop_search()


def _watch(solver: cp_model.CpSolver, stop: Callable[[], bool], done: threading.Event, flag: list[bool],
           phase_end: float, callback: _Progress) -> None:
    """Stop the search within a tenth of a second of a cancel, even when no solution arrives;
    also end the first phase once it has a roster and its share of the time is used."""
    while not done.wait(0.1):
        if stop():
            flag.append(True)
            solver.stop_search()
            return
        if callback.solutions and time.monotonic() >= phase_end:
            solver.stop_search()
            return


DETERMINISTIC_SAFETY_S = 900.0


def make_solver(params: SolveParams, time_limit_s: float, shift_vars: int = 0) -> cp_model.CpSolver:
    """A CP-SAT solver with the run's seed, worker count and time limit."""
    solver = cp_solver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = params.workers
    if params.deterministic:
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = time_limit_s
        # Only a safety net against a pathological model: a tight one (it was 10x) cut presolve-heavy team
        # models short on a loaded machine, so the same input gave a different roster.
        solver.parameters.max_time_in_seconds = max(DETERMINISTIC_SAFETY_S, 50 * time_limit_s)
    solver.parameters.random_seed = params.seed
    solver.parameters.log_search_progress = params.log_search
    level = params.linearization_level
    solver.parameters.linearization_level = level if level is not None else (2 if shift_vars <= LARGE_MODEL_VARS else 1)
    return solver


@dataclass(frozen=True)
class _Request:
    """One solve_roster call: the problem, the settings, the cells to keep or stay near, the caller's hooks."""

    problem: RosterProblem
    params: SolveParams
    pinned: dict[Cell, str | None]
    previous: dict[Cell, str | None]
    max_changes: int | None
    stop: Callable[[], bool]
    progress: Callable[[float | dict], None]
    started: float

    @property
    def deadline(self) -> float:
        return self.started + self.params.time_limit_s

    def ended(self, status: str, explanation: tuple[str, ...] | None = None) -> Roster:
        """A roster without assignments: infeasible (with why), stopped or unknown."""
        if explanation is None:
            return Roster(status, wall_time_s=time.monotonic() - self.started)
        return Roster(status, explanation=explanation, wall_time_s=time.monotonic() - self.started)


# The keywords are the roster solver's public interface (rules on cells, stop and progress hooks).
def solve_roster(problem: RosterProblem, params: SolveParams = SolveParams(), *,
                 pinned: Mapping[Cell, str | None] | None = None,
                 previous: Mapping[Cell, str | None] | None = None,
                 max_changes: int | None = None,
                 stop: Callable[[], bool] = lambda: False,
                 progress: Callable[[float | dict], None] = lambda _: None) -> Roster:
    """Solve a roster; infeasible, timed-out and cancelled runs are statuses, not exceptions.

    `pinned` maps (worker id, day) to a shift id or None (off) that must stay; `previous`
    is the roster being re-planned (changes are penalised, bounded by `max_changes`, listed).
    """
    from optimizer.roster.explain import explain_infeasibility

    pinned, previous = dict(pinned or {}), dict(previous or {})
    check_cells(problem, pinned, "pinned")
    check_cells(problem, previous, "previous")
    if max_changes is not None and max_changes < 0:
        raise ValueError(f"max_changes must be >= 0 (got {max_changes})")
    req = _Request(problem, params, pinned, previous, max_changes, stop, progress, time.monotonic())
    start = None if previous else _starting_roster(req)
    if start is not None and start.without_schedule:
        return req.ended("infeasible", _explain_without_schedule(problem, start.without_schedule, pinned, params, stop))
    rm = build_model(problem, pinned, previous, max_changes, start=None if start is None else start.roster)
    if start is not None:
        if start.lower_bound > -math.inf:
            # proved by column generation; CP-SAT's own bound is far weaker (Instance8: 1,227 against
            # 1,294), and with it a search that reaches the bound stops there
            rm.model.add(sum(t.weight * t.expr for t in rm.terms if t.weight) >= round(start.lower_bound))
        complete_hint(rm, max(0.1, min(5.0, req.deadline - time.monotonic())))
    # on large models each LNS sub-solve would presolve the whole model again: CP-SAT's own LNS,
    # which works on the presolved model, does better there
    use_lns = params.lns and not params.deterministic and len(rm.shift_vars) <= LARGE_MODEL_VARS
    solver, code, was_stopped = _search(req, rm, use_lns)
    best_bound = solver.best_objective_bound
    solver, code, reread = _recover(rm, solver, code, start, was_stopped, params)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if code == cp_model.INFEASIBLE:
            return req.ended("infeasible", explain_infeasibility(problem, pinned, previous, max_changes, params, stop))
        return req.ended("stopped" if was_stopped else "unknown")
    status = "optimal" if code == cp_model.OPTIMAL and not reread else ("stopped" if was_stopped else "feasible")
    if status == "feasible" and use_lns and req.deadline - time.monotonic() > 0.2:
        solver, lns_stopped = _improve(rm, solver, req.deadline, params, stop, progress)
        if lns_stopped:
            status = "stopped"
        elif best_bound >= round(solver.objective_value) - 1e-6:
            status = "optimal"
    elif status != "optimal":
        solver = _best_reread(rm, solver, start, was_stopped, reread, params)
        if status == "feasible" and best_bound >= round(solver.objective_value) - 1e-6:
            status = "optimal"
    return _result(req, rm, solver, status, best_bound)


def _starting_roster(req: _Request) -> ColumnStart | None:
    """A starting roster by column generation (small models) or best responses (large ones); None for neither."""
    problem, params = req.problem, req.params
    columns_s = params.time_limit_s * params.columns_share
    # on models above LARGE_MODEL_VARS cells column generation did worse than CP-SAT alone
    # (Curtois-format 28 days x 120 staff x 18 shifts: 36,110 against 30,069 in 60 s)
    cells = len(problem.workers) * problem.horizon * len(problem.shifts)
    if (columns_s > 0 and not params.deterministic and cells <= LARGE_MODEL_VARS
            and columns_apply(problem, columns_s)):
        return column_generation_start(problem, req.started + columns_s,
                                       workers=params.workers, seed=params.seed, pinned=req.pinned, stop=req.stop,
                                       progress=req.progress)
    if columns_s > 0 and not params.deterministic and problem.demands and len(problem.workers) > 1:
        # too large for column generation: best responses worker by worker (descent.py), then
        # CP-SAT from that roster, with time left to build the large model
        return descent_start(problem, req.started + DESCENT_SHARE * params.time_limit_s, workers=params.workers,
                             seed=params.seed, pinned=req.pinned, stop=req.stop, progress=req.progress)
    return None


def _search(req: _Request, rm: RosterModel, use_lns: bool) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, bool]:
    """CP-SAT's search with a watchdog for cancels (and the end of the first phase when LNS follows):
    the solver, its status code and whether the user stopped it."""
    params = req.params
    # the time limit covers the whole call, model building included; on large models it keeps
    # time to re-read the roster (see reread_roster)
    reserve_s = _reread_reserve(params, rm)
    # Deterministic: the budget is CP-SAT's deterministic time, never cut by the wall time the model took to
    # build (on a loaded machine that cut it short, so the same input gave another roster, or none).
    budget_s = (params.time_limit_s - reserve_s if params.deterministic
                else req.deadline - reserve_s - time.monotonic())
    solver = make_solver(params, max(0.1, budget_s), len(rm.shift_vars))
    callback, done = _Progress(req.stop, req.progress), threading.Event()
    cancelled: list[bool] = []  # the watchdog appends True when it stopped the search for a cancel
    now = time.monotonic()
    phase_end = now + params.first_phase_share * (req.deadline - now) if use_lns else float("inf")
    watchdog = threading.Thread(target=_watch, args=(solver, req.stop, done, cancelled, phase_end, callback),
                                daemon=True)
    watchdog.start()
    try:
        code = solver.solve(rm.model, callback)
    finally:
        done.set()
        watchdog.join()
    if code == cp_model.MODEL_INVALID:
        raise ValueError(f"invalid roster model: {rm.model.validate()}")
    return solver, code, bool(cancelled) or callback.cancelled


def _recover(rm: RosterModel, solver: cp_model.CpSolver, code: cp_model.CpSolverStatus, start: ColumnStart | None, was_stopped: bool,
             params: SolveParams) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, bool]:
    """When CP-SAT found nothing: the starting roster, or a first roster after a stop; and whether it was re-read."""
    reread = False
    if code == cp_model.UNKNOWN and start is not None and start.roster:
        # CP-SAT found nothing in time on a large model, or was stopped before it did: read the starting
        # roster instead (after a Ctrl-C too: it is the best roster so far)
        fixed = reread_roster(rm, _start_values(rm, start.roster), params)
        if fixed is not None:
            solver, code, reread = fixed, cp_model.FEASIBLE, True
    if code == cp_model.UNKNOWN and was_stopped:
        fixed = first_roster_after_stop(rm, params)
        if fixed is not None:  # read again below: a first solution's penalty variables are not yet tight
            solver, code = fixed, cp_model.FEASIBLE
    return solver, code, reread


def _best_reread(rm: RosterModel, solver: cp_model.CpSolver, start: ColumnStart | None, was_stopped: bool,
                 reread: bool, params: SolveParams) -> cp_model.CpSolver:
    """The roster re-read with tight penalty variables, or the starting roster when it costs less."""
    solver = solver if reread else reread_roster(rm, _shift_values(rm, solver), params) or solver
    if start is not None and start.cost < solver.objective_value - 1e-6 and not was_stopped:
        # CP-SAT ended above its starting roster (it had not taken the hint in time): keep the start
        kept = reread_roster(rm, _start_values(rm, start.roster), params)
        if kept is not None and kept.objective_value < solver.objective_value:
            solver = kept
    return solver


def _result(req: _Request, rm: RosterModel, solver: cp_model.CpSolver, status: str, best_bound: float) -> Roster:
    """The roster read from the solver, with its coverage, hours, penalties, changes and uncovered demands."""
    from optimizer.roster.explain import uncovered_reasons

    problem = req.problem
    assignments, roles = _read_assignments(rm, solver)
    counts: dict[tuple[int, str, str | None], int] = defaultdict(int)
    minutes = {w.id: 0 for w in problem.workers}
    duration = {s.id: s.duration_min for s in problem.shifts}
    for (worker_id, d), s in assignments.items():
        counts[(d, s, None)] += 1
        if (worker_id, d) in roles:
            counts[(d, s, roles[(worker_id, d)])] += 1
        minutes[worker_id] += duration[s]
    coverage = {(dm.day, dm.shift_id, dm.skill): counts[(dm.day, dm.shift_id, dm.skill)] for dm in problem.demands}
    return Roster(
        status=status,
        assignments=assignments,
        roles=roles,
        objective=round(solver.objective_value),
        best_bound=best_bound,
        violations=_violations(rm, solver),
        coverage=coverage,
        minutes_per_worker=minutes,
        changes=_changes(problem, assignments, req.previous, req.pinned),
        uncovered=uncovered_reasons(problem, assignments, roles, coverage, req.params.language),
        wall_time_s=time.monotonic() - req.started,
    )


#: After a Ctrl-C that came before the first roster, CP-SAT gets this long for one, past the stop: the user
#: asked to keep the best roster so far, and a roster is only usable when it is whole and legal.
FIRST_AFTER_STOP_S = 5.0


def first_roster_after_stop(rm: RosterModel, params: SolveParams) -> cp_model.CpSolver | None:
    """The first legal roster of the model (from its hint, when it has one), or None within the time."""
    solver = make_solver(replace(params, deterministic=False), FIRST_AFTER_STOP_S, len(rm.shift_vars))
    solver.parameters.stop_after_first_solution = True
    code = solver.solve(rm.model)
    return solver if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


EXPLAINED_WORKERS = 3  # workers without a legal schedule explained one by one; the rest are named


def _explain_without_schedule(problem: RosterProblem, without: tuple[int, ...], pinned: Mapping[Cell, str | None],
                              params: SolveParams, stop: Callable[[], bool]) -> tuple[str, ...]:
    """Why no roster exists when some workers have no legal schedule of their own: each one's
    conflicting rules, found by pricing that worker alone (explain_worker.py)."""
    from optimizer.roster.explain_worker import explain_worker  # imports columns, as column_start does

    sentences: list[str] = []
    for w in without[:EXPLAINED_WORKERS]:
        worker = problem.workers[w]
        sentences.append(text("no_schedule", params.language, worker=worker.name or worker.id))
        sentences += explain_worker(problem, w, pinned, params.language, params.seed, stop) or (
            text("no_core", params.language),)
    rest = [problem.workers[w].name or problem.workers[w].id for w in without[EXPLAINED_WORKERS:]]
    if rest:
        sentences.append(text("more_without_schedule", params.language, count=len(rest), names=", ".join(rest)))
    return tuple(sentences)


def _improve(rm: RosterModel, solver: cp_model.CpSolver, deadline: float, params: SolveParams,
             stop: Callable[[], bool], progress: Callable[[float | dict], None]) -> tuple[cp_model.CpSolver, bool]:
    """LNS from the first-phase roster, then one solve with every shift fixed to read the result."""
    start = list(solver.response_proto.solution)
    values, _ = improve(rm, start, round(solver.objective_value), deadline - _reread_reserve(params, rm),
                        threads=params.workers, seed=params.seed, stop=stop, progress=progress,
                        sub_limit_s=params.lns_sub_limit_s)
    final = reread_roster(rm, values, params)
    if final is None:
        raise RuntimeError("the roster found by LNS could not be re-read; this is a bug")
    return final, stop()


def _reread_reserve(params: SolveParams, rm: RosterModel) -> float:
    """Time kept for reread_roster: presolving a large model with every shift fixed takes seconds."""
    return 0.1 * params.time_limit_s if len(rm.shift_vars) > LARGE_MODEL_VARS else 0.0


def _start_values(rm: RosterModel, roster: Mapping[Cell, tuple[str, str | None]]) -> dict[int, int]:
    """Shift variable index -> value in a starting roster (cell -> shift and role)."""
    workers = rm.problem.workers
    return {var.index: int(roster.get((workers[w].id, d), (None,))[0] == s) for (w, d, s), var in rm.shift_vars.items()}


def _shift_values(rm: RosterModel, solver: cp_model.CpSolver) -> dict[int, int]:
    return {var.index: int(solver.boolean_value(var)) for var in rm.shift_vars.values()}


def reread_roster(rm: RosterModel, shift_values: Mapping[int, int], params: SolveParams) -> cp_model.CpSolver | None:
    """A solve with every shift variable fixed (to `shift_values`, by index), so that each penalty
    variable takes the least value its shifts allow; None when that solve finds nothing in time.

    A search stopped by its time limit may return penalty variables above what the roster costs
    (coverage short and over at once, a spread wider than the team's counts), which would list
    violations that are not there; LNS sub-solves too. Modifies rm's model when it succeeds; when it
    finds nothing (e.g. a start roster that breaks a hard rule), the model is left as it was.
    """
    proto = rm.model.proto
    domains = {index: (proto.variables[index].domain[0], proto.variables[index].domain[1]) for index in shift_values}
    hint = list(zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True))
    for index, value in shift_values.items():
        proto.variables[index].domain[0] = proto.variables[index].domain[1] = value
    rm.model.clear_hints()
    final = make_solver(replace(params, workers=1), max(5.0, params.time_limit_s * 0.1))
    if final.solve(rm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return final
    for index, (low, high) in domains.items():  # shift variables are Booleans: a two-value domain
        proto.variables[index].domain[0], proto.variables[index].domain[1] = low, high
    for index, value in hint:
        proto.solution_hint.vars.append(index)
        proto.solution_hint.values.append(value)
    return None


def _read_assignments(rm: RosterModel, solver: cp_model.CpSolver) -> tuple[dict, dict]:
    assignments: dict[Cell, str] = {}
    roles: dict[Cell, str] = {}
    for (w, d, s), var in rm.shift_vars.items():
        if solver.boolean_value(var):
            assignments[(rm.problem.workers[w].id, d)] = s
    for (w, d, _shift, skill), var in rm.role_of.items():
        if solver.boolean_value(var):
            roles[(rm.problem.workers[w].id, d)] = skill
    return assignments, roles


def _violations(rm: RosterModel, solver: cp_model.CpSolver) -> tuple[SoftViolation, ...]:
    found = []
    for term in rm.terms:
        amount = round(solver.value(term.expr)) if not isinstance(term.expr, int) else term.expr
        if amount > 0 and term.weight > 0:
            found.append(SoftViolation(term.rule, term.worker, term.day, amount, amount * term.weight, term.detail))
    return tuple(found)


def _changes(problem: RosterProblem, assignments: Mapping[Cell, str], previous: Mapping[Cell, str | None],
             pinned: Mapping[Cell, str | None]) -> tuple[Change, ...]:
    changes = []
    for worker in problem.workers:
        for d in range(problem.horizon):
            cell = (worker.id, d)
            if cell in previous and previous[cell] != assignments.get(cell):
                changes.append(Change(worker.id, d, previous[cell], assignments.get(cell), cell in pinned))
    return tuple(changes)
