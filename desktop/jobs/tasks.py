"""Job functions the app runs in worker processes: thin calls to the back ends' public functions.

Each takes the scenario as pickled bytes (pickled once when the scenario is opened, so starting a
job does not stall the window) plus `stop` and `progress`. Qt-free and importable without OR-Tools;
the back ends are imported inside the child process only.
"""

from __future__ import annotations

import importlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scenarios.jobs import ProgressFn, ProgressInfo, StopFn

UNAVAILABLE_PREFIX = "unavailable:"


class FeatureUnavailable(RuntimeError):
    """A back end this job needs has not landed in this build."""

    def __init__(self, module: str) -> None:
        super().__init__(f"{UNAVAILABLE_PREFIX}{module}")
        self.module = module


def backend(module: str, name: str) -> Callable[..., Any]:
    """The public function `module.name`, or FeatureUnavailable when the back end is missing."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise FeatureUnavailable(module) from None
        raise
    if not hasattr(found, name):
        raise FeatureUnavailable(f"{module}.{name}")
    return getattr(found, name)


def scenario_blob(scenario: Any) -> bytes:
    """Pickle a scenario once, so each job start only copies bytes."""
    return pickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL)


def _scenario(blob: bytes) -> Any:
    return pickle.loads(blob)


def _plan(plan: Any) -> Any:
    """A plan passed as the bytes its job sent (see JobRunner.pickled) or as the object itself."""
    return pickle.loads(plan) if isinstance(plan, bytes) else plan


# Job functions below are called by name through the job runner with picklable positional arguments: their
# parameter lists are the job interface the window builds, so they stay flat.
def plan_routes(blob: bytes, what: str, time_limit_s: float, seed: int, previous: Any = None,
                locked: tuple[str, ...] = (), patrol_days: int = 1, roster: str | None = None, *, stop: StopFn,
                progress: ProgressFn) -> Any:
    """Plan routes with optimizer.solve_routes (re-planning from `previous` with `locked` routes kept), then the
    robust check and repair (simulation.repair) on a tenth of the time, as `main.py plan` does; a Plan.

    Patrols are planned for `patrol_days` days (dated beats when more than one), for the chiefs and officers on
    duty in the `roster` file (CSV or XLSX, as `main.py plan --roster` reads it), else by the demand rules."""
    solve_routes = backend("optimizer", "solve_routes")
    route_params = backend("optimizer", "RouteParams")
    scenario = _scenario(blob)
    on_duty = None
    if roster:
        read_roster_cells = backend("optimizer.roster.grid_file", "read_roster_cells")
        on_duty_from_cells = backend("optimizer.patrols.on_duty", "on_duty_from_cells")
        progress(ProgressInfo(fraction=0.0, message=Path(roster).name))
        on_duty = on_duty_from_cells(scenario, read_roster_cells(Path(roster), scenario))
    params = route_params(time_limit_s=time_limit_s, seed=seed, previous=_plan(previous), locked_routes=frozenset(locked),
                          patrol_days=patrol_days, on_duty=on_duty)
    plan = solve_routes(scenario, what, params, stop=stop, progress=progress)
    if stop():
        return plan
    check_and_repair = backend("simulation.repair", "check_and_repair")
    return check_and_repair(scenario, plan, budget_s=0.1 * time_limit_s, seed=seed, stop=stop, progress=progress).plan


def write_sheets_job(blob: bytes, plan: Any, folder: str, *, stop: StopFn, progress: ProgressFn) -> dict:
    """Write a route sheet per route (reports.route_sheets); returns the folder and the files written."""
    write_route_sheets = backend("reports.route_sheets", "write_route_sheets")
    written = write_route_sheets(_scenario(blob), _plan(plan), folder, progress=progress, stop=stop)
    return {"folder": folder, "files": [str(path) for path in written]}


def write_duty_cards_job(blob: bytes, plan: Any, folder: str, language: str, *, stop: StopFn,
                         progress: ProgressFn) -> dict:
    """Write a duty card per post of the plan's patrols (reports.duty_cards); `plan` is a Plan or its patrols part.
    Returns the folder and the files written."""
    write_duty_cards = backend("reports.duty_cards", "write_duty_cards")
    given = _plan(plan)
    part = given.parts.get("patrols") if hasattr(given, "parts") else given
    if part is None or not part.posts:
        raise ValueError("the plan has no patrol posts (plan patrols for duty cards)")
    written = write_duty_cards(_scenario(blob), part, Path(folder), lang=language, progress=progress, stop=stop)
    return {"folder": folder, "files": [str(path) for path in written]}


def size_district_job(blob: bytes, what: str, time_limit_s: float, seed: int, days: int = 2, replications: int = 3, *,
                      stop: StopFn, progress: ProgressFn) -> Any:
    """The sizing curve of `what` around the scenario's own count (reports.sizing), `days` × `replications` each."""
    size_district = backend("reports.sizing", "size_district")
    default_counts = backend("reports.sizing", "default_counts")
    sizing_request = backend("reports.sizing", "SizingRequest")
    scenario = _scenario(blob)
    request = sizing_request(what, tuple(default_counts(scenario, what)), time_limit_s, days, replications, seed)
    return size_district(scenario, request, stop=stop, progress=progress)


def make_roster(blob: bytes, plan: Any, weeks: int, time_limit_s: float, seed: int, language: str,
                pinned: dict | None = None, previous: dict | None = None, max_changes: int | None = None, *,
                stop: StopFn, progress: ProgressFn) -> tuple[Any, Any]:
    """Build the roster problem from the scenario (and plan) and solve it; returns (problem, Roster)."""
    roster_problem = backend("optimizer.roster.from_scenario", "roster_problem")
    solve_roster = backend("optimizer.roster.from_scenario", "solve_by_team")  # a district is solved team by team
    solve_params = backend("optimizer.roster", "SolveParams")
    problem = roster_problem(_scenario(blob), _plan(plan), weeks=weeks)
    params = solve_params(time_limit_s=time_limit_s, workers=2, seed=seed, language=language)
    roster = solve_roster(problem, params, pinned=pinned or None, previous=previous or None,
                          max_changes=max_changes if previous else None, stop=stop,
                          progress=progress)
    return problem, roster


def simulate(blob: bytes, plan: Any, days: int, replications: int, seed: int, roster: Any = None, *,
             stop: StopFn, progress: ProgressFn) -> Any:
    """Simulate the plan over days × replications with simulation.simulate, staffed by the roster (a roster
    job's (problem, Roster)) when there is one; returns its Outcome."""
    run = backend("simulation", "simulate")
    scenario = _scenario(blob)
    duty = None
    made = _plan(roster)
    if made is not None:
        duty = backend("simulation.duty", "duty_from_roster")(scenario, *made)
    return run(scenario, _plan(plan), days=days, replications=replications, seed=seed, stop=stop, progress=progress,
               duty=duty)


def idle(seconds: float, *, stop: StopFn, progress: ProgressFn) -> float:
    """A job that only waits and reports (used by the GUI benchmark and the runner's tests)."""
    import time

    from scenarios.jobs import ProgressInfo

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if stop():
            break
        elapsed = time.monotonic() - started
        progress(ProgressInfo(fraction=min(1.0, elapsed / seconds), best_cost=1000.0 / (1 + elapsed)))
        time.sleep(0.02)
    return time.monotonic() - started


def busy(seconds: float, *, stop: StopFn, progress: ProgressFn) -> int:
    """A job that keeps the CPU busy in pure Python, checking stop rarely (a stand-in for a GIL-holding solver)."""
    import time

    started, count = time.monotonic(), 0
    while time.monotonic() - started < seconds:
        for _ in range(200_000):
            count += 1
        if stop():
            break
    return count


def ignores_stop(seconds: float, *, stop: StopFn, progress: ProgressFn) -> None:
    """A job that never looks at stop (tests that the runner ends it after the grace period)."""
    import time

    time.sleep(seconds)


def fails(message: str, *, stop: StopFn, progress: ProgressFn) -> None:
    """A job that raises (tests that errors reach the user as messages)."""
    raise ValueError(message)


def run_study_job(spec_data: dict, folder: str, workers: int, *, with_plans: bool = False,
                  stop: StopFn, progress: ProgressFn) -> dict:
    """Run a study (reports.study.run_study) on local worker processes.

    Returns the StudyOutcome, each variant's field differences from the base scenario, and (when
    asked, for the trainer's small district) each variant's plan from the study's store.
    """
    from pathlib import Path

    backend("simulation", "simulate")  # a clear 'not available' before any work when the simulation is missing
    study = importlib.import_module("reports.study")
    from reports.study.pipeline import plan_key
    from scenarios import load_scenario
    from scenarios.variants import apply_changes, diff_scenarios

    spec = study.StudySpec.model_validate(spec_data)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    executor = study.LocalExecutor(workers, out / "plans")
    try:
        outcome = study.run_study(spec, out, executor, stop=stop, progress=progress)
    finally:
        executor.close()
    base = load_scenario(spec.resolve(spec.base))
    diffs = {}
    for variant in outcome.variants:
        if variant.changes:
            diffs[variant.name] = diff_scenarios(base, apply_changes(base, list(variant.changes), name=variant.name),
                                                 limit=200)
    plans = {}
    if with_plans:
        with study.StudyStore(out / study.STORE_NAME) as store:
            for variant in outcome.variants:
                found = store.load_plan(plan_key(spec, variant, outcome.variants[0]))
                if found is not None:
                    plans[variant.name] = found[0]
    return {"outcome": outcome, "diffs": diffs, "plans": plans}


def spawns_children(seconds: float, *, stop: StopFn, progress: ProgressFn) -> None:
    """A job that starts a worker process of its own and never looks at stop (tests clean-up on terminate)."""
    import multiprocessing
    import time

    from scenarios.jobs import ProgressInfo

    child = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(seconds,))
    child.start()
    progress(ProgressInfo(fraction=0.0, best_cost=1.0, extra={"child_pid": child.pid}))
    child.join()


def import_osm_job(path: str, name: str | None, population: int | None, *, stop: StopFn,
                   progress: ProgressFn) -> Any:
    """Read an OpenStreetMap file and build its district (scenarios.importers); None when cancelled."""
    read_osm_district = backend("scenarios.importers.osm", "read_osm_district")
    district_from_osm = backend("scenarios.importers.district", "district_from_osm")
    try:
        osm = read_osm_district(Path(path), progress=lambda f, text: progress(ProgressInfo(0.8 * f, message=text)),
                                cancelled=stop)
    except KeyboardInterrupt:
        return None
    progress(ProgressInfo(0.85, message="placing facilities, sizing fleet and staff"))
    return district_from_osm(osm, Path(path), name=name, population=population)


# Seven parameters: a job function called by name with picklable positional arguments (see plan_routes).
def import_list_job(blob: bytes, kind: str, path: str, mode: str, crs: str, *, stop: StopFn,
                    progress: ProgressFn) -> Any:
    """The bureau's list read into the scenario (scenarios.importers.lists); nothing changes on error."""
    import_list = backend("scenarios.importers.lists", "import_list")
    return import_list(_scenario(blob), kind, Path(path), mode=mode, crs=crs)
