"""Large-neighbourhood search around the roster model.

Starting from a complete roster, repeatedly free the shift variables of a few workers, of a
window of days, or of a block of both, fix every other shift variable to its current value
(by narrowing its domain in the model), and let CP-SAT re-optimise that part with the current
roster as hint. Neighbourhood sizes adapt: grow after a sub-problem is solved to optimality,
shrink after a timeout. With `workers` > 1, that many searches run in threads (CP-SAT releases
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

KINDS = ("workers", "days", "block")


@dataclass
class _Shared:
    """The best roster found so far, shared by the search threads."""

    values: dict[int, int]  # shift-variable index -> 0/1
    objective: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    solvers: set = field(default_factory=set)
    proved_optimal: bool = False


def _neighbourhood(kind: str, size: float, rm: RosterModel, rng: random.Random) -> set[int]:
    """Indices of the shift variables set free."""
    workers, horizon = len(rm.problem.workers), rm.problem.horizon
    if kind == "workers":
        chosen_workers, chosen_days = set(rng.sample(range(workers), max(2, min(workers, round(size * workers))))), None
    elif kind == "days":
        length = max(2, min(horizon, round(size * horizon)))
        start = rng.randrange(horizon - length + 1)
        chosen_workers, chosen_days = None, set(range(start, start + length))
    else:
        share = size ** 0.5
        count = max(2, min(workers, round(share * workers)))
        length = max(3, min(horizon, round(share * horizon)))
        start = rng.randrange(horizon - length + 1)
        chosen_workers, chosen_days = set(rng.sample(range(workers), count)), set(range(start, start + length))
    return {
        var.index for (w, d, _), var in rm.shift_vars.items()
        if (chosen_workers is None or w in chosen_workers) and (chosen_days is None or d in chosen_days)
    }


def _search(rm: RosterModel, model: cp_model.CpModel, shared: _Shared, deadline: float, seed: int,
            stop: Callable[[], bool], progress: Callable[[float | dict], None]) -> None:
    """One LNS thread: free a neighbourhood, fix the rest, re-optimise, keep improvements."""
    rng = random.Random(seed)
    size = {kind: 0.1 for kind in KINDS}
    indices = sorted(var.index for var in rm.shift_vars.values())
    total_vars = len(indices)
    started = time.monotonic()
    iteration = 0
    while not stop() and not shared.proved_optimal and time.monotonic() < deadline - 0.05:
        iteration += 1
        kind = KINDS[iteration % len(KINDS)] if rng.random() < 0.7 else rng.choice(KINDS)
        free = _neighbourhood(kind, size[kind], rm, rng)
        with shared.lock:
            current, current_objective = dict(shared.values), shared.objective
        proto = model.proto
        for index in indices:
            domain = proto.variables[index].domain
            value = current[index] if index not in free else None
            domain[0], domain[1] = (value, value) if value is not None else (0, 1)
        model.clear_hints()
        _hint(model, free, current)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed + iteration
        solver.parameters.max_time_in_seconds = max(0.05, min(3.0, deadline - time.monotonic()))
        with shared.lock:
            shared.solvers.add(solver)
        code = solver.solve(model)
        with shared.lock:
            shared.solvers.discard(solver)
        if code == cp_model.OPTIMAL:
            size[kind] = min(1.0, size[kind] * 1.15)
            if len(free) == total_vars:
                shared.proved_optimal = True
        else:
            size[kind] = max(2.0 / max(total_vars, 1), size[kind] * 0.85)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        objective = round(solver.objective_value)
        if objective > current_objective:
            continue
        solution = solver.response_proto.solution
        with shared.lock:
            if objective <= shared.objective:
                improved = objective < shared.objective
                shared.values = {index: solution[index] for index in indices}
                shared.objective = objective
                if improved:
                    progress({"objective": objective, "time_s": time.monotonic() - started, "phase": "lns"})


def _hint(model: cp_model.CpModel, free: set[int], current: dict[int, int]) -> None:
    """Hint the current roster for the free variables (the others are fixed anyway)."""
    hint = model.proto.solution_hint
    for index in sorted(free):
        hint.vars.append(index)
        hint.values.append(current[index])


def improve(rm: RosterModel, values: dict[int, int], objective: int, deadline: float, *, threads: int, seed: int,
            stop: Callable[[], bool], progress: Callable[[float | dict], None]) -> tuple[dict[int, int], int]:
    """Run LNS until the deadline or a cancel; returns the best shift-variable values and objective."""
    shared = _Shared(dict(values), objective)
    models = [rm.model.clone() for _ in range(threads)]
    for model in models:
        model.clear_hints()
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
        threading.Thread(target=_search, args=(rm, model, shared, deadline, seed + 7919 * k, stop, progress), daemon=True)
        for k, model in enumerate(models)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    done.set()
    guard.join()
    return shared.values, shared.objective
