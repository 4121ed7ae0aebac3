"""Large-neighbourhood search around the roster model.

Starting from a complete roster, repeatedly free the shift variables of a few workers, of a
window of days, or of a block of both, fix every other shift variable to its current value
(by narrowing its domain in the model), and let CP-SAT re-optimise that part with the current
roster as hint. Most neighbourhoods are drawn around "hot spots": days and workers whose soft
rules currently cost something. Sizes adapt: grow after a sub-problem is solved to optimality,
shrink after a timeout. With `threads` > 1, that many searches run in threads (CP-SAT releases
the GIL) on copies of the model and share the best roster.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.roster.builder import RosterModel
from optimizer.roster.cpsat import cp_solver

KINDS = ("workers", "days", "block")
GUIDED_SHARE = 0.7  # share of neighbourhoods drawn around a hot spot


@dataclass
class _Shared:
    """The best roster found so far (full CP-SAT solution vector), shared by the search threads."""

    solution: list[int]
    objective: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    solvers: set = field(default_factory=set)
    proved_optimal: bool = False
    trace: list | None = None  # per sub-solve statistics, when asked for


@dataclass(frozen=True)
class _FlatTerm:
    """A penalty term as indices and coefficients, to price it on a solution vector."""

    worker: int | None
    day: int | None
    indices: tuple[int, ...]
    coeffs: tuple[int, ...]
    offset: int


def _flatten(rm: RosterModel) -> list[_FlatTerm]:
    worker_index = {worker.id: w for w, worker in enumerate(rm.problem.workers)}
    flat = []
    for term in rm.terms:
        # A constant (int or numpy integer) has no variables to flatten.
        if (not term.weight or not isinstance(term.expr, cp_model.LinearExpr)
                or (term.worker is None and term.day is None)):
            continue
        expr = cp_model.FlatIntExpr(term.expr)
        worker = worker_index.get(term.worker) if term.worker is not None else None
        flat.append(_FlatTerm(worker, term.day, tuple(v.index for v in expr.vars),
                              tuple(expr.coeffs), expr.offset))
    return flat


def _hot_spots(terms: list[_FlatTerm], solution: list[int]) -> tuple[list[int], list[int]]:
    """Days and workers with a positive penalty in this solution."""
    days, workers = set(), set()
    for term in terms:
        if term.offset + sum(c * solution[i] for i, c in zip(term.indices, term.coeffs, strict=True)) > 0:
            if term.day is not None:
                days.add(term.day)
            if term.worker is not None:
                workers.add(term.worker)
    return sorted(days), sorted(workers)


def _window(length: int, horizon: int, rng: random.Random, hot_days: list[int], guided: bool) -> set[int]:
    length = max(1, min(horizon, length))
    if guided and hot_days:
        day = rng.choice(hot_days)
        start = rng.randrange(max(0, day - length + 1), min(day, horizon - length) + 1)
    else:
        start = rng.randrange(horizon - length + 1)
    return set(range(start, start + length))


def _people(count: int, total: int, rng: random.Random, hot_workers: list[int], guided: bool) -> set[int]:
    count = max(1, min(total, count))
    chosen = set(rng.sample(hot_workers, min(len(hot_workers), max(1, count // 2)))) if guided and hot_workers else set()
    others = [w for w in range(total) if w not in chosen]
    return chosen | set(rng.sample(others, min(len(others), count - len(chosen))))


def _neighbourhood(kind: str, size: float, rm: RosterModel, rng: random.Random, hot: tuple[list[int], list[int]]) -> set[int]:
    """Indices of the shift variables set free."""
    workers, horizon = len(rm.problem.workers), rm.problem.horizon
    guided = rng.random() < GUIDED_SHARE
    hot_days, hot_workers = hot
    if kind == "workers":
        chosen_workers, chosen_days = _people(max(2, round(size * workers)), workers, rng, hot_workers, guided), None
    elif kind == "days":
        chosen_workers, chosen_days = None, _window(max(2, round(size * horizon)), horizon, rng, hot_days, guided)
    else:
        share = size ** 0.5
        chosen_days = _window(max(3, round(share * horizon)), horizon, rng, hot_days, guided)
        chosen_workers = _people(max(2, round(share * workers)), workers, rng, hot_workers, guided)
    return {
        var.index for (w, d, _), var in rm.shift_vars.items()
        if (chosen_workers is None or w in chosen_workers) and (chosen_days is None or d in chosen_days)
    }


# A thread's target (args tuple in improve): what the threads share is already one object, _Shared.
def _search(rm: RosterModel, model: cp_model.CpModel, shared: _Shared, terms: list[_FlatTerm], deadline: float,
            seed: int, stop: Callable[[], bool], progress: Callable[[float | dict], None], sub_limit_s: float) -> None:
    """One LNS thread: free a neighbourhood, fix the rest, re-optimise, keep improvements."""
    rng = random.Random(seed)
    size = {kind: 0.1 for kind in KINDS}
    indices = sorted(var.index for var in rm.shift_vars.values())
    smallest = 2.0 / max(len(indices), 1)
    started, iteration = time.monotonic(), 0
    while not stop() and not shared.proved_optimal and time.monotonic() < deadline - 0.05:
        iteration += 1
        kind = KINDS[iteration % len(KINDS)]
        with shared.lock:
            current, current_objective = shared.solution, shared.objective
        free = _neighbourhood(kind, size[kind], rm, rng, _hot_spots(terms, current))
        proto = model.proto
        for index in indices:
            domain = proto.variables[index].domain
            if index in free:
                domain[0], domain[1] = 0, 1
            else:
                domain[0] = domain[1] = current[index]
        model.clear_hints()
        hint = proto.solution_hint
        for index in sorted(free):
            hint.vars.append(index)
            hint.values.append(current[index])
        solver = cp_solver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed + iteration
        solver.parameters.max_time_in_seconds = max(0.05, min(sub_limit_s, deadline - time.monotonic()))
        with shared.lock:
            shared.solvers.add(solver)
        code = solver.solve(model)
        found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        with shared.lock:
            shared.solvers.discard(solver)
            if shared.trace is not None:
                shared.trace.append((kind, len(free), solver.status_name(code), round(solver.wall_time, 2),
                                     round(solver.objective_value) if found else None, current_objective))
        if code == cp_model.OPTIMAL:
            size[kind] = min(1.0, size[kind] * 1.1)
            shared.proved_optimal = shared.proved_optimal or len(free) == len(indices)
        else:
            size[kind] = max(smallest, size[kind] * 0.9)
        if not found or round(solver.objective_value) > current_objective:
            continue
        objective = round(solver.objective_value)
        solution = list(solver.response_proto.solution)
        with shared.lock:
            if objective <= shared.objective:  # equal moves are accepted: they walk plateaus
                improved = objective < shared.objective
                shared.solution, shared.objective = solution, objective
                if improved:
                    progress({"objective": objective, "time_s": time.monotonic() - started, "phase": "lns"})


# The keywords are the roster solver's LNS options (threads, seed, stop, progress, trace, sub-solve limit).
def improve(rm: RosterModel, solution: list[int], objective: int, deadline: float, *, threads: int, seed: int,
            stop: Callable[[], bool], progress: Callable[[float | dict], None],
            trace: list | None = None, sub_limit_s: float = 0.3) -> tuple[dict[int, int], int]:
    """Run LNS until the deadline or a cancel; returns the best shift-variable values and objective."""
    shared = _Shared(list(solution), objective, trace=trace)
    terms = _flatten(rm)
    models = [rm.model.clone() for _ in range(threads)]
    done = threading.Event()

    def watchdog() -> None:  # cancel the running sub-solves within a tenth of a second
        while not done.wait(0.1):
            if stop():
                with shared.lock:
                    for solver in shared.solvers:
                        solver.stop_search()

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    runners = [
        threading.Thread(target=_search, args=(rm, model, shared, terms, deadline, seed + 7919 * k, stop, progress,
                                               sub_limit_s), daemon=True)
        for k, model in enumerate(models)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    done.set()
    guard.join()
    return {var.index: shared.solution[var.index] for var in rm.shift_vars.values()}, shared.objective
