"""Command line: `main.py simulate SCENARIO [--plan DIR] --days N --replications R --seed S --out DIR [--json]`."""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from optimizer.common.plan import Plan
    from scenarios.jobs import StopFn
    from scenarios.model import Scenario

    from .simulate import Outcome


def add_commands(sub: argparse._SubParsersAction) -> None:
    from optimizer.cli import add_plan_arguments

    p = sub.add_parser("plan", help="plan the day's routes (garbage, sweeping, toilets, patrols), check them "
                                    "independently, then simulate them (robust check)")
    add_plan_arguments(p)
    p.add_argument("--check-replications", type=int, default=None,
                   help="replications of the robust check (default: as many as a tenth of the time limit allows, "
                        "5 to 30; 0: no check)")
    p.set_defaults(run=_plan)

    p = sub.add_parser("simulate", help="simulate a plan over days with replications; write KPIs and an event log")
    p.add_argument("scenario", type=Path)
    p.add_argument("--plan", type=Path, default=None, help="folder with plan.json (default: the baseline plan)")
    p.add_argument("--days", type=int, default=None, help="days to simulate (default: the scenario's horizon)")
    p.add_argument("--replications", type=int, default=None, help="default: the scenario's setting")
    p.add_argument("--seed", type=int, default=None, help="default: the scenario's seed")
    p.add_argument("--out", type=Path, required=True, help="folder for kpis.csv, summary.csv, timeseries.csv, events.npz")
    p.add_argument("--log", choices=["first", "all", "none"], default="first", help="replications in the event log")
    p.add_argument("--roster", type=Path, default=None,
                   help="a roster (CSV or XLSX as `main.py roster --export` writes it): who works each day follows it, "
                        "absences fall on rostered people and are covered by spares on the same shift")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=_simulate)


def _plan(args: argparse.Namespace) -> int:
    from optimizer.cli import run_plan

    from .repair import check_and_repair, robust_lines

    if args.check_replications is not None and args.check_replications < 0:
        raise SystemExit(f"error: --check-replications must be >= 0 (got {args.check_replications})")

    def robust(scenario: Scenario, plan: Plan, stop: StopFn) -> tuple[Plan, list[str]]:
        if args.check_replications == 0:
            return plan, []
        budget = 0.1 * args.time_limit
        result = check_and_repair(scenario, plan, budget_s=budget, seed=args.seed,
                                  replications=args.check_replications, stop=stop)
        return result.plan, robust_lines(result)

    return run_plan(args, after=robust)


def _simulate(args: argparse.Namespace) -> int:
    from optimizer.common.plan import load_plan
    from scenarios import load_scenario
    from scenarios.jobs import TerminalProgress, ctrl_c_stops

    from .duty import read_duty_roster
    from .kpis import kpi_info
    from .simulate import simulate

    scenario = load_scenario(args.scenario)
    plan = load_plan(args.plan) if args.plan is not None else None
    duty = read_duty_roster(args.roster, scenario) if args.roster is not None else None
    settings = scenario.simulation
    days = args.days if args.days is not None else settings.horizon_days
    reps = args.replications if args.replications is not None else settings.replications
    seed = args.seed if args.seed is not None else settings.seed
    for name, value in (("--days", days), ("--replications", reps)):
        if value < 1:
            raise SystemExit(f"error: {name} must be >= 1 (got {value})")
    if seed < 0:
        raise SystemExit(f"error: --seed must be >= 0 (got {seed})")
    bar = TerminalProgress("simulate")
    with ctrl_c_stops() as stop:
        outcome = simulate(scenario, plan, days=days, replications=reps, seed=seed, stop=stop, progress=bar, duty=duty,
                           event_log=args.log, event_log_path=None if args.log == "none" else args.out / "events.npz")
    bar.close()
    write_outputs(outcome, args.out)
    if args.json:
        print(json.dumps(_jsonable(outcome.summary_dict() | {"notes": outcome.plan_notes}), ensure_ascii=False, indent=2))
        return 0
    print(f"{outcome.status}: {len(outcome.replications)} replication(s) x {days} day(s), seed {seed}, "
          f"{outcome.events_processed:,} events in {outcome.wall_time_s:.2f} s")
    for note in outcome.plan_notes:
        print(f"note: {note}")
    for key, s in outcome.summary.items():
        if ":" in key:
            continue
        info = kpi_info(key)
        ci = "" if math.isnan(s.ci_low) else f"  [{s.ci_low:,.2f}, {s.ci_high:,.2f}]"
        print(f"  {info.label_en:<34} {s.mean:>14,.2f} {info.unit:<6}{ci}")
    print(f"wrote {args.out}/kpis.csv, summary.csv, timeseries.csv, utilization.csv, cases_by_type.csv"
          + ("" if args.log == "none" else ", events.npz"))
    return 0


def _jsonable(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def write_outputs(outcome: Outcome, folder: Path) -> list[Path]:
    """kpis.csv (one row per replication), summary.csv (mean and CI per KPI), timeseries.csv (per day),
    utilization.csv (busy share of each vehicle and crew), cases_by_type.csv (per incident type, with its
    Chinese and English names: cases, found by patrol, response and closing, means over replications)."""
    from .kpis import kpi_info

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    kpi_rows = [{"replication": r.replication, "seed": r.seed, "days": r.days_completed,
                 "events_processed": r.events_processed, **r.kpis} for r in outcome.replications]
    paths.append(_write_csv(folder / "kpis.csv", kpi_rows))
    summary_rows = []
    for key, s in outcome.summary.items():
        info = kpi_info(key)
        summary_rows.append({"kpi": key, "label_zh": info.label_zh, "label_en": info.label_en, "unit": info.unit,
                             "higher_is_better": info.higher_is_better, **s.as_dict()})
    paths.append(_write_csv(folder / "summary.csv", summary_rows))
    paths.append(_write_csv(folder / "timeseries.csv", outcome.timeseries()))
    util_rows = [{"replication": r.replication, "actor": actor, "utilization_pct": u}
                 for r in outcome.replications for actor, u in sorted(r.utilization.items())]
    paths.append(_write_csv(folder / "utilization.csv", util_rows))
    paths.append(_write_csv(folder / "cases_by_type.csv", outcome.cases_by_type()))
    return paths


def _write_csv(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k, "")) for k in keys})
    return path


def _cell(value: object) -> object:
    if isinstance(value, float):
        return "" if math.isnan(value) else round(value, 6)
    return value
