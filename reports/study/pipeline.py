"""Run a study: plan each variant that needs it, simulate R replications per variant, store every run.

Replication r of every variant uses the same seed and replication number (common random numbers),
so differences between variants are paired. Runs are independent tasks on the executor; finished
runs are stored at once, and a study run again computes only what the store does not have.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from optimizer.common.plan import Plan, load_plan
from scenarios.errors import DataError
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress

from .executors import StudyExecutor
from .expand import StudyVariant, expand_variants
from .spec import BASE_NAME, StudySpec, study_line
from .store import StudyStore
from .tasks import (
    PlanResult,
    PlanTask,
    RunResult,
    RunTask,
    plan_variant_task,
    preload_task,
    run_replication_task,
    scenario_for,
)

STORE_NAME = "study.sqlite"


@dataclass
class StudyOutcome:
    """What a study run produced: every stored replication per variant, and how the run went."""

    spec: StudySpec
    variants: list[StudyVariant]
    runs: dict[str, list[RunResult]]
    replications: int
    days: int
    seed: int
    computed: int = 0
    reused: int = 0
    stopped: bool = False
    executor: str = ""
    seconds: float = 0.0
    plan_engines: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(len(self.runs.get(v.name, [])) == self.replications for v in self.variants)


def check_study(spec: StudySpec, variants: list[StudyVariant]) -> None:
    """Fail before any work when a KPI name is unknown or a variant's changes do not apply."""
    from simulation.kpis import KPIS

    def known(name: str) -> bool:  # per-type keys such as 'response_p90_min:dust' are fine too
        return name.partition(":")[0] in KPIS

    for i, name in enumerate(spec.kpis):
        if not known(name):
            raise DataError(f"{study_line(spec, 'kpis', i)}: kpis[{i}] is not a known KPI (got {name!r}; expected one of: {', '.join(KPIS)})")
    for i, pair in enumerate(spec.tradeoffs):
        for j, name in enumerate(pair):
            if not known(name):
                raise DataError(f"{study_line(spec, 'tradeoffs', i, j)}: tradeoffs[{i}][{j}] is not a known KPI (got {name!r}; expected one of: {', '.join(KPIS)})")
    for v in variants:
        scenario_for(v.name, v.scenario_path, v.changes)


def plan_key(spec: StudySpec, variant: StudyVariant, base: StudyVariant) -> str:
    """Which plan a variant is simulated with: its own re-plan, or whatever plan the base uses."""
    key = _route_plan_key(spec, variant, base)
    if spec.roster_weeks and not key.startswith("file-"):
        key += f"-roster{spec.roster_weeks}w{spec.roster_time_limit_s:g}s" + ("d" if spec.route_iterations else "")
    return key


def _route_plan_key(spec: StudySpec, variant: StudyVariant, base: StudyVariant) -> str:
    if variant.plan_path:
        return "file-" + _plan_digest(Path(variant.plan_path), f"variant {variant.name}: plan")
    if variant.replan:
        budget = f"{spec.route_iterations}it" if spec.route_iterations else f"{spec.route_time_limit_s:g}s"
        what = "" if spec.replan_what == "all" else f"-{spec.replan_what}"
        return f"routes-{variant.key}{what}-{budget}-{spec.seed}-{spec.days}d"
    if variant is not base:
        return _route_plan_key(spec, base, base)
    if spec.plan:
        return "file-" + _plan_digest(spec.resolve(spec.plan), study_line(spec, "plan"))
    return f"baseline-{base.key}"


def _plan_digest(path: Path, where: str) -> str:
    plan_file = path / "plan.json" if path.is_dir() else path
    try:
        return hashlib.sha256(plan_file.read_bytes()).hexdigest()[:16]
    except OSError:
        raise DataError(f"{where} names a plan that cannot be read (got {str(path)!r})") from None


# Seven parameters: a public entry point whose keywords (replications, days, stop, progress) are its documented interface.
def run_study(
    spec: StudySpec,
    folder: Path,
    executor: StudyExecutor,
    *,
    replications: int | None = None,
    days: int | None = None,
    stop: StopFn = never_stop,
    progress: ProgressFn = no_progress,
) -> StudyOutcome:
    """Plan and simulate what the store in `folder` does not have yet; return every run of the study."""
    start = time.perf_counter()
    reps = replications or spec.replications
    n_days = days or spec.days
    variants = expand_variants(spec)
    base = variants[0]
    keys = {v.name: plan_key(spec, v, base) for v in variants}
    with StudyStore(Path(folder) / STORE_NAME) as store:
        missing = {
            v.name: [r for r in range(reps) if r not in store.finished_replications(v.key, keys[v.name], spec.seed, n_days)]
            for v in variants
        }
        todo_runs = sum(len(m) for m in missing.values())
        if todo_runs:
            for _ in range(executor.workers):  # workers load the base scenario while we check the variants
                executor.submit(preload_task, base.scenario_path)
        check_study(spec, variants)
        store.set_meta(source=spec.source, title=spec.title, seed=str(spec.seed))
        store.save_variants(variants)
        job = _Job(spec, store, executor, _StudyWork(variants, keys, missing, n_days), stop, progress)
        job.run()
        runs = {v.name: store.runs(v.key, keys[v.name], spec.seed, n_days, reps) for v in variants}
        engines = {name: engine for name, k in keys.items() if (engine := store.plan_engine(k))}
    return StudyOutcome(
        spec, variants, runs, reps, n_days, spec.seed, computed=job.runs_done,
        reused=reps * len(variants) - todo_runs, stopped=job.stopped, executor=executor.name,
        seconds=time.perf_counter() - start, plan_engines=engines,
    )


@dataclass(frozen=True)
class _StudyWork:
    """What a study run has still to do: its variants, their plan keys, the replications missing, and days."""

    variants: list[StudyVariant]
    keys: dict[str, str]  # variant name → plan key
    missing: dict[str, list[int]]  # variant name → replications not in the store
    days: int


class _Job:
    """The scheduling loop of one study run: plans first, then each plan's replications as it is ready."""

    def __init__(self, spec: StudySpec, store: StudyStore, executor: StudyExecutor, work: _StudyWork, stop: StopFn,
                 progress: ProgressFn) -> None:
        self.spec, self.store, self.executor = spec, store, executor
        variants = work.variants
        self.variants, self.keys, self.missing, self.days = variants, work.keys, work.missing, work.days
        self.stop, self.progress = stop, progress
        self.by_name = {v.name: v for v in variants}
        self.roster_kpis: dict[str, dict[str, float]] = {}  # plan key → KPIs of the roster made for it
        self.pending: dict[Any, tuple[str, Any]] = {}  # future → ("plan", plan_key) or ("run", variant name)
        self.runs_done = 0
        self.plans_done = 0
        self.stopped = False

    def run(self) -> None:
        needed = {self.keys[name] for name, reps in self.missing.items() if reps}
        self.total = sum(len(r) for r in self.missing.values())
        for key in sorted(needed):
            self._prepare_plan(key)
        self.total += sum(1 for kind, _ in self.pending.values() if kind == "plan")
        self._report()
        try:
            while self.pending:
                if self.stop():
                    self._stop_cleanly()
                    return
                done, _ = self.executor.wait_some(list(self.pending), 0.2)
                for future in done:
                    self._finish(future)
        except BaseException:
            self.executor.cancel(list(self.pending))
            raise

    def _prepare_plan(self, key: str) -> None:
        stored = self.store.load_plan(key)
        if stored is not None:
            self.roster_kpis[key] = self.store.load_roster_kpis(key)
            self._submit_runs(key, stored[0])
            return
        if key.startswith("file-"):
            from simulation import complete_plan
            from simulation.params import SimParams

            owner = next(v for v in self.variants if self.keys[v.name] == key)
            source = owner.plan_path or str(self.spec.resolve(self.spec.plan or ""))
            plan = load_plan(Path(source))
            plan, _notes = complete_plan(scenario_for(owner.name, owner.scenario_path, owner.changes), plan, SimParams())
            self.store.save_plan(key, owner.name, plan, "file " + source, 0.0)
            self._submit_runs(key, plan)
            return
        # A re-planned variant owns its key; the base owns the baseline key the non-re-planned ones share.
        owner = next(v for v in self.variants if self.keys[v.name] == key and (v.replan or v.name == BASE_NAME))
        task = PlanTask(owner.name, owner.scenario_path, owner.changes, self.spec.route_time_limit_s, self.spec.seed,
                        method="optimizer" if owner.replan else "baseline", roster_weeks=self.spec.roster_weeks,
                        roster_time_limit_s=self.spec.roster_time_limit_s, max_iterations=self.spec.route_iterations,
                        what=self.spec.replan_what, patrol_days=self.spec.days)
        self.pending[self.executor.submit(plan_variant_task, task)] = ("plan", key)

    def _submit_runs(self, key: str, plan: Plan) -> None:
        shared = self.executor.share_plan(plan, key)
        users = [v for v in self.variants if self.keys[v.name] == key and self.missing[v.name]]
        longest = max((len(self.missing[v.name]) for v in users), default=0)
        for i in range(longest):  # replication-major, so an interrupted study stays balanced
            for v in users:
                if i < len(self.missing[v.name]):
                    rep = self.missing[v.name][i]
                    task = RunTask(v.name, v.scenario_path, v.changes, rep, self.spec.seed, self.days)
                    self.pending[self.executor.submit(run_replication_task, task, shared)] = ("run", v.name)

    def _finish(self, future: Any) -> None:
        kind, what = self.pending.pop(future)
        result = future.result()  # a worker's DataError surfaces here, with the variant named
        if kind == "plan":
            assert isinstance(result, PlanResult)
            self.store.save_plan(what, result.variant, result.plan, result.engine, result.seconds)
            if result.roster_kpis:
                self.store.save_roster_kpis(what, result.roster_kpis)
            self.roster_kpis[what] = result.roster_kpis
            self.plans_done += 1
            self._submit_runs(what, result.plan)
        else:
            assert isinstance(result, RunResult)
            v = self.by_name[what]
            result.kpis.update(self.roster_kpis.get(self.keys[what], {}))  # the same roster for every replication
            self.store.save_run(v.key, self.keys[what], self.spec.seed, self.days, result)
            self.runs_done += 1
        self._report()

    def _stop_cleanly(self) -> None:
        """Drop queued tasks, keep the results of the ones that were already running."""
        self.stopped = True
        running = set(self.executor.cancel(list(self.pending)))
        self.pending = {f: what for f, what in self.pending.items() if f in running}
        while self.pending:
            done, _ = self.executor.wait_some(list(self.pending), 0.5)
            for future in done:
                kind, what = self.pending.pop(future)
                if kind == "run" and future.exception() is None:
                    v = self.by_name[what]
                    self.store.save_run(v.key, self.keys[what], self.spec.seed, self.days, future.result())
                    self.runs_done += 1

    def _report(self) -> None:
        done = self.runs_done + self.plans_done
        frac = done / self.total if self.total else 1.0
        self.progress(ProgressInfo(fraction=frac, message=f"{self.runs_done} runs, {self.plans_done} plans"))
