"""simulate(): replications of one (scenario, plan) with common random numbers, KPIs with CIs."""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from optimizer.common.kinds import KINDS
from optimizer.common.plan import Plan
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario

from .duty import DutyRoster
from .eventlog import EventLog, Refs, merge_logs
from .kpis import CASE_KPIS, kpi_range
from .params import SimParams
from .replication import ReplicationResult, compiled, run_replication
from .stats import Summary, summarize_all

Status = Literal["done", "stopped"]
IN_MEMORY_LOG_ROWS = 2_000_000
LogChoice = Literal["first", "all", "none"]


@dataclass
class Outcome:
    """What a simulation run produced; a stopped run holds what was finished, marked 'stopped'."""

    status: Status
    replications: list[ReplicationResult]
    summary: dict[str, Summary]
    days: int
    seed: int
    events_processed: int
    wall_time_s: float
    plan_notes: list[str] = field(default_factory=list)
    event_log: EventLog | None = None
    event_log_path: Path | None = None
    start_date: dt.date | None = None
    case_types: list[tuple[str, str, str]] = field(default_factory=list)  # (id, 中文名, English name) of each incident type

    @property
    def kpis(self) -> list[dict[str, float]]:
        """One KPI dict per replication."""
        return [r.kpis for r in self.replications]

    def timeseries(self) -> list[dict[str, float | str]]:
        """Per-day KPIs of every replication, with 'replication' and 'day' columns (and 'date', a string)."""
        rows: list[dict[str, float | str]] = []
        for r in self.replications:
            for d in r.daily:
                day = int(d["day"])
                date = str(self.start_date + dt.timedelta(days=day)) if self.start_date else ""
                rows.append({"replication": r.replication, "day": day, "date": date,
                             **{k: v for k, v in d.items() if k != "day"}})
        return rows

    def cases_by_type(self) -> list[dict[str, float | str]]:
        """One row per incident type: its names and the mean over replications of each case KPI (kpis.CASE_KPIS)."""
        rows: list[dict[str, float | str]] = []
        for type_id, name_zh, name_en in self.case_types:
            row: dict[str, float | str] = {"type": type_id, "name_zh": name_zh, "name_en": name_en}
            for kpi in CASE_KPIS:
                s = self.summary.get(f"{kpi}:{type_id}")
                row[kpi] = s.mean if s is not None else (0.0 if kpi.startswith("incidents") else math.nan)
            rows.append(row)
        return rows

    def summary_dict(self) -> dict[str, object]:
        return {
            "status": self.status, "days": self.days, "seed": self.seed, "replications": len(self.replications),
            "events_processed": self.events_processed, "wall_time_s": round(self.wall_time_s, 3),
            "kpis": {k: v.as_dict() for k, v in self.summary.items()},
        }


# Eleven parameters: the public entry point; its keywords (days, replications, seed, stop, progress, …) are its interface.
def simulate(scenario: Scenario, plan: Plan | None, *, days: int, replications: int, seed: int,
             stop: StopFn = never_stop, progress: ProgressFn = no_progress, params: SimParams | None = None,
             event_log: LogChoice = "first", event_log_path: Path | None = None,
             duty: DutyRoster | None = None) -> Outcome:
    """Run `replications` replications of `days` days; missing plan parts come from the baseline plan.

    Replication r uses streams derived from (seed, r, process, entity), so two variants simulated
    with the same seed see the same waste, litter, weather and incidents. The run goes in one-day
    slices, reporting progress and checking `stop` between slices.
    """
    if days < 1:
        raise ValueError(f"days must be >= 1 (got {days})")
    if replications < 1:
        raise ValueError(f"replications must be >= 1 (got {replications})")
    started = time.perf_counter()
    params = params or SimParams()
    plan, notes = complete_plan(scenario, plan, params)
    world, _ = compiled(scenario, plan, params)
    results: list[ReplicationResult] = []
    status: Status = "done"
    total_days = days * replications
    for rep in range(replications):
        if stop():
            status = "stopped"
            break

        def on_day(day: int, rep: int = rep) -> None:
            done = rep * days + day + 1
            progress(ProgressInfo(fraction=done / total_days, message=f"replication {rep + 1}/{replications}, day {day + 1}/{days}"))

        log = event_log == "all" or (event_log == "first" and rep == 0)
        result = run_replication(scenario, plan, days=days, seed=seed, replication=rep, params=params, duty=duty,
                                 log_events=log, stop=stop, on_day=on_day)
        if result.stopped:
            status = "stopped"
            if result.days_completed > 0 and not results:
                results.append(result)  # nothing else to show: keep the partial replication
            break
        results.append(result)
    parts = [(r.log_events, r.log_actors) for r in results if r.log_events is not None]
    log_out = merge_logs(world, Refs(world), parts) if parts else None
    path = None
    if log_out is not None and event_log_path is not None:
        path = log_out.save(event_log_path)
        if len(log_out) > IN_MEMORY_LOG_ROWS:
            log_out = None  # large: on disk only (load_event_log(outcome.event_log_path))
    outcome = Outcome(
        status=status, replications=results, summary=summarize_all([r.kpis for r in results], kpi_range), days=days, seed=seed,
        events_processed=sum(r.events_processed for r in results), wall_time_s=time.perf_counter() - started,
        plan_notes=notes, event_log=log_out, event_log_path=path, start_date=scenario.simulation.start_date,
        case_types=[(t.id, t.name_zh, t.name_en) for t in scenario.incidents.types],
    )
    progress(ProgressInfo(fraction=1.0, message=status))
    return outcome


def complete_plan(scenario: Scenario, plan: Plan | None, params: SimParams) -> tuple[Plan, list[str]]:
    """The plan with any missing kind of work filled in from the baseline plan (and notes saying so)."""
    from optimizer.baseline import baseline_plan

    if plan is None:
        return baseline_plan(scenario, params), ["no plan given: baseline plan (today's way) for all work"]
    missing = [k for k in KINDS if k not in plan.parts]
    if not missing:
        return plan, []
    base = baseline_plan(scenario, params)
    for kind in missing:
        plan = plan.with_part(base.parts[kind])
    return plan, [f"plan has no {kind} routes: baseline used for {kind}" for kind in missing]
