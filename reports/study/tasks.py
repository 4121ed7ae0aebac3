"""The units of work of a study, as picklable top-level functions.

They run the same way in a local worker process ('spawn') and on a Dask worker. A task carries the
scenario file path and the variant's changes, not the scenario itself; each worker process loads
and patches a scenario once and keeps it in a small cache.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from optimizer.common.plan import Plan, load_plan
from scenarios import Scenario, ScenarioError, load_scenario
from scenarios.errors import DataError
from scenarios.jobs import never_stop, no_progress
from scenarios.variants import Change, apply_changes

from .fit import fit_plan

#: Seconds a study plan made by iterations may take at most: far beyond what the iterations need, so the
#: clock does not cut a search short (and the plan stays the same from run to run).
ROUTE_ITERATION_CAP_S = 600.0


@dataclass(frozen=True)
class PlanTask:
    """Plan one variant (routes) with a time limit and seed."""

    variant: str
    scenario_path: str
    changes: tuple[Change, ...]
    time_limit_s: float
    seed: int
    method: str = "optimizer"  # "optimizer" (falls back to the baseline plan when absent) or "baseline"
    roster_weeks: int = 0  # > 0: also roster the plan's crews for this many weeks
    roster_time_limit_s: float = 20.0
    max_iterations: int | None = None  # set: plans and rosters that reproduce (see StudySpec.route_iterations)
    what: str = "all"  # the kinds re-planned (StudySpec.replan_what)
    patrol_days: int = 1  # patrol beats for this many days, dated (the study's simulated days)


@dataclass(frozen=True)
class PlanResult:
    variant: str
    plan: Plan
    engine: str
    seconds: float
    roster_kpis: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RunTask:
    """Simulate one replication of one variant; replication r uses the same seed in every variant."""

    variant: str
    scenario_path: str
    changes: tuple[Change, ...]
    replication: int
    seed: int
    days: int


@dataclass(frozen=True)
class RunResult:
    """KPIs of one replication (plus its daily series and how much work it was)."""

    variant: str
    replication: int
    kpis: dict[str, float]
    daily: list[dict[str, float]] = field(default_factory=list)
    events: int = 0
    seconds: float = 0.0
    worker: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. base-plan routes dropped for this variant


def _changes_key(changes: tuple[Change, ...]) -> str:
    return json.dumps([c.model_dump(mode="json") for c in changes], sort_keys=True)


@lru_cache(maxsize=2)
def _base_scenario(path: str, mtime: float) -> Scenario:
    return load_scenario(path)


@lru_cache(maxsize=6)
def _variant_scenario(path: str, mtime: float, changes_key: str, name: str) -> Scenario:
    base = _base_scenario(path, mtime)
    changes = [Change.model_validate(c) for c in json.loads(changes_key)]
    return apply_changes(base, changes, name=name) if changes else base


def scenario_for(variant: str, scenario_path: str, changes: tuple[Change, ...]) -> Scenario:
    """The variant's scenario, from this process's cache when it was built before.

    User errors become DataError naming the variant, so the study says which variant's changes are wrong.
    """
    try:
        mtime = os.stat(scenario_path).st_mtime
        return _variant_scenario(scenario_path, mtime, _changes_key(changes), variant)
    except ScenarioError as exc:
        raise DataError(f"variant {variant!r}: " + "; ".join(str(p) for p in exc.problems)) from None
    except FileNotFoundError:
        raise DataError(f"variant {variant!r}: scenario file not found (got {scenario_path!r})") from None


@lru_cache(maxsize=4)
def _plan_from_file(path: str, mtime: float) -> Plan:
    return load_plan(Path(path))


def resolve_plan(plan: Plan | str) -> Plan:
    """A plan given inline (Dask ships it once per worker) or as a saved plan file (read once per process)."""
    if isinstance(plan, Plan):
        return plan
    return _plan_from_file(plan, os.stat(plan).st_mtime)


_FITTED: dict[tuple[int, int], tuple[Scenario, Plan, Plan, list[str]]] = {}


def _fitted(scenario: Scenario, plan: Plan) -> tuple[Plan, list[str]]:
    """The plan fitted to the variant, the same object every time (the simulation caches by identity)."""
    key = (id(scenario), id(plan))
    hit = _FITTED.get(key)
    if hit is not None and hit[0] is scenario and hit[1] is plan:
        return hit[2], hit[3]
    fitted, notes = fit_plan(scenario, plan)
    if len(_FITTED) >= 8:
        _FITTED.pop(next(iter(_FITTED)))
    _FITTED[key] = (scenario, plan, fitted, notes)
    return fitted, notes


def run_replication_task(task: RunTask, plan: Plan | str) -> RunResult:
    """Simulate one replication of one variant with its plan; the result depends only on the inputs."""
    from simulation import run_replication

    start = time.perf_counter()
    scenario = scenario_for(task.variant, task.scenario_path, task.changes)
    the_plan, notes = _fitted(scenario, resolve_plan(plan))
    result = run_replication(scenario, the_plan, days=task.days, seed=task.seed, replication=task.replication)
    return RunResult(
        variant=task.variant,
        replication=task.replication,
        kpis={k: float(v) for k, v in result.kpis.items()},
        daily=[{k: float(v) for k, v in day.items()} for day in getattr(result, "daily", [])],
        events=int(getattr(result, "events_processed", 0)),
        seconds=time.perf_counter() - start,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        notes=list(notes),
    )


def plan_variant_task(task: PlanTask) -> PlanResult:
    """Re-plan a variant's routes: the optimizer when it is available, else the simulation's baseline plan."""
    start = time.perf_counter()
    from simulation import complete_plan
    from simulation.params import SimParams

    scenario = scenario_for(task.variant, task.scenario_path, task.changes)
    plan, engine = _solve(scenario, task)
    # Kinds of work the planner left out are simulated the baseline way; fill them in once, here.
    plan, _notes = complete_plan(scenario, plan, SimParams())
    rostered = {}
    if task.roster_weeks > 0:
        from .rostering import roster_kpis

        rostered = roster_kpis(scenario, plan, task.roster_weeks, task.roster_time_limit_s, task.seed,
                               deterministic=task.max_iterations is not None)
    return PlanResult(task.variant, plan, engine, time.perf_counter() - start, rostered)


def _solve(scenario: Scenario, task: PlanTask) -> tuple[Plan, str]:
    if task.method == "optimizer":
        from optimizer import RouteParams, solve_routes

        limit = task.time_limit_s if task.max_iterations is None else max(task.time_limit_s, ROUTE_ITERATION_CAP_S)
        params = RouteParams(time_limit_s=limit, seed=task.seed, max_iterations=task.max_iterations,
                             patrol_days=task.patrol_days)
        return solve_routes(scenario, task.what, params, stop=never_stop, progress=no_progress), "optimizer.solve_routes"
    from simulation import baseline_plan

    return baseline_plan(scenario), "simulation.baseline_plan"


def preload_task(scenario_path: str) -> bool:
    """Warm a worker up: imports and the base scenario in its cache, while the main process checks the study."""
    import simulation  # noqa: F401 - the import is the point

    try:
        _base_scenario(scenario_path, os.stat(scenario_path).st_mtime)
    except (OSError, ScenarioError):
        return False  # the main process reports the problem with its location
    return True
