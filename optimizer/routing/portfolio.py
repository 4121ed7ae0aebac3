"""Run PyVRP and OR-Tools side by side on one wall-clock budget and keep the better validated plan.

Each engine runs in its own process ('spawn' context): an OR-Tools routing
solve holds the GIL for its whole run, so threads would freeze the caller.
Engines stream their best cost (and OR-Tools a plan snapshot about once a
second) through a queue. ``stop()`` is polled every 50 ms; when it turns True
the engines are asked to stop, and any engine still running half a second
later is terminated, keeping the best plan received so far.

A daemonic process (a stock Dask worker) may not start children: there the
engines run one after another in this process, each to its iteration budget
(or an equal share of the time left), and the same candidates are compared.
"""

from __future__ import annotations

import importlib
import multiprocessing as mp
import queue as queue_module
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from typing import Any

from optimizer.routing import pyvrp_engine
from optimizer.routing.problem import RoutingProblem
from optimizer.routing.solution import RoutingSolution
from optimizer.routing.validate import validate
from scenarios.jobs import children_start_deaf, ignore_ctrl_c

ENGINE_MODULES = {
    "pyvrp": "optimizer.routing.pyvrp_engine",
    "pyvrp2": "optimizer.routing.pyvrp_engine",  # a second, independent PyVRP search on the other core
    "ortools": "optimizer.routing.ortools_engine",
}
PYVRP_ENGINES = ("pyvrp", "pyvrp2")
_SEED_OFFSET = {"pyvrp2": 104_729}  # its own seed, so the two searches differ


def engine_seed(name: str, seed: int) -> int:
    """The seed an engine of the portfolio runs with."""
    return seed + _SEED_OFFSET.get(name, 0)
_POLL_S = 0.05
_GRACE_AFTER_STOP_S = 0.5
_GRACE_AFTER_DEADLINE_S = 3.0
_RESULT_MARGIN_S = 0.15  # time left to pickle and send the result back


@dataclass(frozen=True)
class PortfolioParams:
    """Wall-clock budget, seed and the engines to race (in order of preference on equal cost).

    Wall-clock limits make the amount of search depend on the machine's load.
    For repeatable plans set ``max_iterations`` (PyVRP iterations, OR-Tools
    solutions): when every engine reaches it within the time limit, the same
    problem and seed give the same plan.
    """

    time_limit_s: float
    seed: int = 0
    engines: tuple[str, ...] = ("pyvrp", "ortools")
    max_iterations: int | None = None

    def __post_init__(self) -> None:
        if not self.time_limit_s > 0:
            raise ValueError(f"time_limit_s must be > 0 (got {self.time_limit_s})")
        if not self.engines or len(set(self.engines)) != len(self.engines):
            raise ValueError(f"engines must be a non-empty list without repeats (got {self.engines})")
        unknown = [e for e in self.engines if e not in ENGINE_MODULES]
        if unknown:
            raise ValueError(f"unknown engines {unknown}; expected some of {sorted(ENGINE_MODULES)}")
        if self.max_iterations is not None and self.max_iterations < 1:
            raise ValueError(f"max_iterations must be >= 1 or None (got {self.max_iterations})")


def _run_engine(name: str, problem: RoutingProblem, deadline_epoch_s: float, params: PortfolioParams,
                reports: Queue[tuple[str, str, Any]], stop_event: Event) -> None:
    """Process body: solve with one engine and send progress and the result back."""
    # The terminal's Ctrl-C reaches the whole process group: the engine ignores it and is stopped by its
    # parent through stop_event, so its best solution gets back. It was started with SIGINT blocked.
    ignore_ctrl_c()
    try:
        engine = importlib.import_module(ENGINE_MODULES[name])
        time_limit_s = max(0.05, deadline_epoch_s - time.time() - _RESULT_MARGIN_S)
        solution = engine.solve(problem, time_limit_s, engine_seed(name, params.seed), stop_event.is_set,
                                lambda report: reports.put(("progress", name, report)), params.max_iterations)
        reports.put(("result", name, solution.with_changes(engine=name)))
    except Exception as error:  # noqa: BLE001 - the parent turns it into a status
        reports.put(("error", name, f"{type(error).__name__}: {error}"))


def engines_for(problem: RoutingProblem, engines: tuple[str, ...]) -> tuple[str, ...]:
    """The requested engines that can model ``problem``."""
    return tuple(e for e in engines if e not in PYVRP_ENGINES or pyvrp_engine.unsupported_reason(problem) is None)


def solve_portfolio(problem: RoutingProblem, params: PortfolioParams, *,
                    stop: Callable[[], bool] = lambda: False,
                    progress: Callable[[float | dict], None] = lambda _: None) -> RoutingSolution:
    """Race the engines within ``params.time_limit_s`` and return the best plan the validator accepts."""
    started = time.monotonic()
    names = engines_for(problem, params.engines)
    if not names:
        return RoutingSolution.empty("none")
    if not may_start_processes():
        return _solve_in_process(problem, params, names, stop, progress, started)
    ctx = mp.get_context("spawn")
    reports = ctx.Queue()
    stop_event = ctx.Event()
    deadline_epoch_s = time.time() + params.time_limit_s
    processes = {name: ctx.Process(target=_run_engine, daemon=True,
                                   args=(name, problem, deadline_epoch_s, params, reports, stop_event))
                 for name in names}
    with children_start_deaf():
        for process in processes.values():
            process.start()
    results, snapshots, errors = _collect(processes, reports, stop_event, stop, progress, started, params.time_limit_s)
    stopped = stop_event.is_set()
    candidates = [results.get(name) or snapshots.get(name) for name in names]
    best = pick_best(problem, [c for c in candidates if c is not None], names)
    runtime = time.monotonic() - started
    if best is None:
        return RoutingSolution((), None, "no_solution", "+".join(names), stopped, runtime,
                               violations=tuple(f"{n}: {e}" for n, e in errors.items()))
    return best.with_changes(stopped=stopped or best.stopped, runtime_s=runtime)


def may_start_processes() -> bool:
    """False inside a daemonic process (a stock Dask worker), which Python forbids to have children."""
    return not mp.current_process().daemon


def _solve_in_process(problem: RoutingProblem, params: PortfolioParams, names: tuple[str, ...],
                      stop: Callable[[], bool], progress: Callable[[float | dict], None],
                      started: float) -> RoutingSolution:
    """The engines in sequence in this process; with an iteration budget each result equals the raced one."""
    candidates: list[RoutingSolution] = []
    errors: list[str] = []
    best_cost: list[float] = []
    for k, name in enumerate(names):
        if stop():
            break
        left = params.time_limit_s - (time.monotonic() - started)
        # An iteration budget ends each search; without one, the engines share the time left.
        limit = left if params.max_iterations is not None else left / (len(names) - k)

        def report(payload: dict, name: str = name) -> None:
            if "best_cost" in payload and (not best_cost or payload["best_cost"] < best_cost[0]):
                best_cost[:] = [payload["best_cost"]]
            progress({"engine": name, "fraction": min(1.0, (time.monotonic() - started) / params.time_limit_s)}
                     | ({"best_cost": best_cost[0]} if best_cost else {}))

        try:
            engine = importlib.import_module(ENGINE_MODULES[name])
            solution = engine.solve(problem, max(0.05, limit), engine_seed(name, params.seed), stop, report,
                                    params.max_iterations)
            candidates.append(solution.with_changes(engine=name))
        except Exception as error:  # noqa: BLE001 - becomes the status, as from a process
            errors.append(f"{name}: {type(error).__name__}: {error}")
    best = pick_best(problem, candidates, names)
    runtime = time.monotonic() - started
    if best is None:
        return RoutingSolution((), None, "no_solution", "+".join(names), stop(), runtime, violations=tuple(errors))
    return best.with_changes(stopped=stop() or best.stopped, runtime_s=runtime)


# solve_portfolio's one-off reading loop: its process plumbing plus the solve's stop, progress and clock.
def _collect(processes: Mapping[str, BaseProcess], reports: Queue[tuple[str, str, Any]], stop_event: Event,
             stop: Callable[[], bool], progress: Callable[[float | dict], None],
             started: float, time_limit_s: float) -> tuple[dict, dict, dict]:
    """Read reports until every engine answered or was terminated."""
    results: dict[str, RoutingSolution] = {}
    snapshots: dict[str, RoutingSolution] = {}
    errors: dict[str, str] = {}
    hard_deadline = started + time_limit_s + _GRACE_AFTER_DEADLINE_S
    best_cost: int | None = None
    try:
        while len(results) + len(errors) < len(processes):
            now = time.monotonic()
            if not stop_event.is_set() and stop():
                stop_event.set()
                hard_deadline = min(hard_deadline, now + _GRACE_AFTER_STOP_S)
            if now > hard_deadline or not any(p.is_alive() for p in processes.values()) and reports.empty():
                break
            try:
                kind, name, payload = reports.get(timeout=_POLL_S)
            except queue_module.Empty:
                continue
            if kind == "result":
                results[name] = payload
            elif kind == "error":
                errors[name] = payload
            else:
                if "routes" in payload:
                    snapshots[name] = RoutingSolution(payload["routes"], payload["cost"], "feasible", name, True,
                                                      time.monotonic() - started)
                if "best_cost" in payload and (best_cost is None or payload["best_cost"] < best_cost):
                    best_cost = payload["best_cost"]
                progress({"engine": name, "fraction": min(1.0, (time.monotonic() - started) / time_limit_s)}
                         | ({"best_cost": best_cost} if best_cost is not None else {}))
    finally:
        for process in processes.values():
            if process.is_alive():
                process.terminate()
            process.join(timeout=2.0)
        reports.close()
    return results, snapshots, errors


def pick_best(problem: RoutingProblem, candidates: list[RoutingSolution],
              order: tuple[str, ...]) -> RoutingSolution | None:
    """Validate every candidate; the cheapest feasible wins (ties by ``order``), else the fewest violations."""
    checked = []
    for solution in candidates:
        report = validate(problem, solution)
        status = solution.status
        if solution.routes or status != "no_solution":
            status = "feasible" if report.feasible else "infeasible"
        checked.append(solution.with_changes(status=status, validated_cost=report.cost, violations=report.violations))
    if not checked:
        return None

    def rank(s: RoutingSolution) -> tuple:
        return (s.status != "feasible", len(s.violations), s.validated_cost, order.index(s.engine))

    best = min(checked, key=rank)
    return best.with_changes(engine_costs=tuple((s.engine, s.validated_cost if s.status == "feasible" else None)
                                                for s in checked))
