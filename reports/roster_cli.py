"""`main.py roster SCENARIO [--plan DIR] --weeks N [--time-limit S] --export FILE…`: a legal crew roster.

Builds the roster problem from the scenario (and the plan's crews), solves it team by team with
CP-SAT, checks it with the independent validator and writes the exports the file names ask for
(.xlsx, .csv, .pdf; a folder name ending in /ics or .ics for one iCalendar file per worker).
Exit 0 with a legal roster, 1 when the rules conflict (the explanation is printed), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from scenarios.jobs import TerminalProgress, ctrl_c_stops


def add_roster_command(sub: argparse._SubParsersAction, default_lang: str) -> None:
    p = sub.add_parser("roster", help="make a legal crew roster (CP-SAT) and export it (Excel, CSV, PDF, iCalendar)")
    p.add_argument("scenario", type=Path)
    p.add_argument("--plan", type=Path, default=None, help="folder with plan.json: staff its routes' crews")
    p.add_argument("--weeks", type=int, default=4)
    p.add_argument("--start", type=dt.date.fromisoformat, default=None, help="first day YYYY-MM-DD (default: scenario start)")
    p.add_argument("--time-limit", type=float, default=120.0, help="seconds for the whole roster (default 120)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pin", type=Path, default=None, help="roster file (.xlsx/.csv) whose filled cells must stay")
    p.add_argument("--previous", type=Path, default=None, metavar="ROSTER",
                   help="the roster now posted (.xlsx/.csv as exported): re-roster from it, changing as few cells "
                        "as possible, and report what changed for whom and why")
    p.add_argument("--max-changes", type=int, default=None, metavar="N",
                   help="with --previous: change at most N cells (a hard rule; the explanation says when it cannot hold)")
    p.add_argument("--export", type=Path, action="append", default=[], metavar="FILE",
                   help="roster.xlsx, roster.csv, roster.pdf or a folder ending in .ics (repeatable)")
    p.add_argument("--lang", choices=["zh", "en"], default=default_lang, help="language of explanations")
    p.set_defaults(run=_roster)


def _roster(args: argparse.Namespace) -> int:
    from optimizer.common.plan import load_plan
    from optimizer.roster import SolveParams
    from optimizer.roster.from_scenario import roster_problem, solve_by_team
    from scenarios import load_scenario

    if args.weeks < 1 or args.time_limit <= 0:
        raise SystemExit(f"error: --weeks must be >= 1 and --time-limit > 0 (got {args.weeks}, {args.time_limit})")
    bad = [str(p) for p in args.export if p.suffix and p.suffix.lower() not in (".xlsx", ".csv", ".pdf", ".ics")]
    if bad:
        raise SystemExit(f"error: --export {', '.join(bad)}: expected a .xlsx, .csv or .pdf file, or a folder for "
                         "iCalendar files")
    scenario = load_scenario(args.scenario)
    plan = load_plan(args.plan) if args.plan is not None else None
    problem = roster_problem(scenario, plan, weeks=args.weeks, start=args.start)
    if args.max_changes is not None and (args.previous is None or args.max_changes < 0):
        raise SystemExit(f"error: --max-changes needs --previous and must be >= 0 (got {args.max_changes})")
    pinned = _read_grid(args.pin, problem) if args.pin is not None else None
    previous = _read_grid(args.previous, problem) if args.previous is not None else None
    params = SolveParams(time_limit_s=args.time_limit, workers=2, seed=args.seed, language=args.lang)
    bar = TerminalProgress("roster")
    started = time.monotonic()
    # Ctrl-C stops the search; the same keypress arriving while the roster is checked and written is
    # part of that stop, not a new order to abort (only a second one, after a pause, aborts).
    with ctrl_c_stops() as stop:
        roster = solve_by_team(problem, params, pinned=pinned, previous=previous, max_changes=args.max_changes, stop=stop,
                               progress=lambda r: bar(_info(r, (time.monotonic() - started) / args.time_limit)))
        bar.close()
        return _report_and_export(args, problem, roster, pinned, previous)


def _read_grid(path: Path, problem) -> dict:
    """The cells of a roster file (as the exports write it), with located errors."""
    from reports.roster_export import RosterImportError, read_pinned
    from scenarios.errors import DataError

    try:
        return read_pinned(path, problem)
    except RosterImportError as exc:
        raise DataError(str(exc)) from None


def _report_and_export(args: argparse.Namespace, problem, roster, pinned, previous=None) -> int:
    from optimizer.roster import validate_roster

    print(f"{roster.status}: {len(problem.workers)} workers, {problem.horizon} days, "
          f"{len(roster.assignments)} shifts assigned in {roster.wall_time_s:.1f} s")
    if not roster.has_solution:
        if roster.status == "infeasible":
            print("The rules conflict; no legal roster exists / 规则冲突，无法排出合法排班:", file=sys.stderr)
            for line in roster.explanation[:40]:
                print(f"  {line}", file=sys.stderr)
        elif roster.status == "stopped":
            print("Stopped before every team had a legal roster; nothing written (let it run longer before "
                  "Ctrl-C) / 已停止：尚未为全部班组排出合法排班，未写出文件", file=sys.stderr)
        else:
            print(f"No legal roster found in {args.time_limit:g} s ({roster.status}); try a longer --time-limit / "
                  "时限内未找到合法排班，请延长 --time-limit", file=sys.stderr)
        return 1
    report = validate_roster(problem, roster.assignments, roster.roles, pinned=pinned, previous=previous,
                             max_changes=getattr(args, "max_changes", None))
    if not report.ok:
        for violation in report.hard[:20]:
            print(f"check failed: {violation.message}", file=sys.stderr)
        return 1
    print("independent check: every hard rule holds / 独立校验：全部硬约束满足")
    for line in report_lines(problem, roster, report.penalties):
        print(line)
    if args.previous is not None:
        from optimizer.roster.changes import change_report

        print("changes from the previous roster / 与原排班相比的变更:")
        for line in change_report(problem, roster, pinned, args.lang) or ["  none / 无"]:
            print(f"  {line}")
    for path in args.export:
        for written in _export(roster, problem, path, pinned):
            print(f"wrote {written}")
    return 0


def report_lines(problem, roster, penalties) -> list[str]:
    """Coverage, hours per worker and the violated soft rules, for the terminal."""
    from collections import Counter

    from optimizer.roster.messages import rule_name

    lines = []
    met = sum(1 for d in problem.demands if roster.coverage.get((d.day, d.shift_id, d.skill), 0) >= d.target)
    short = sum(max(0, d.target - roster.coverage.get((d.day, d.shift_id, d.skill), 0)) for d in problem.demands)
    lines.append(f"coverage 覆盖: {met} of {len(problem.demands)} (day, shift, skill) targets met; "
                 f"{short} person-shifts below target")
    hours = sorted(m / 60 for m in roster.minutes_per_worker.values())
    if hours:
        weeks = problem.horizon / 7
        lines.append(f"hours per worker 工时: min {hours[0]:.0f}, median {hours[len(hours) // 2]:.0f}, max {hours[-1]:.0f} "
                     f"over {problem.horizon} days (max {hours[-1] / weeks:.1f} h/week)")
    lines.append(f"soft penalty 软约束罚分: {roster.objective}" + (f" (recomputed {sum(penalties.values())})" if penalties else ""))
    by_rule = Counter(v.rule for v in roster.violations)
    for rule, count in by_rule.most_common():
        penalty = sum(v.penalty for v in roster.violations if v.rule == rule)
        lines.append(f"  {rule_name(rule, 'zh')} / {rule_name(rule, 'en')}: {count} violations 项, penalty 罚分 {penalty}")
    for u in roster.uncovered[:10]:
        lines.append(f"uncovered 未覆盖: {u.summary}")
    return lines


def _info(report: float | dict, elapsed_share: float):
    """The solver's report for the bar; without a fraction of its own, the share of the time limit used."""
    from scenarios.jobs import ProgressInfo

    if isinstance(report, dict):
        fraction = report.get("fraction")
        return ProgressInfo(min(1.0, elapsed_share) if fraction is None else fraction, report.get("objective"),
                            str(report.get("team", "")))
    return ProgressInfo(float(report))


def _export(roster, problem, path: Path, pinned=None) -> list[Path]:
    from reports import roster_export

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return [roster_export.to_xlsx(roster, problem, path, pinned=pinned)]
    if suffix == ".csv":
        return [roster_export.to_csv(roster, problem, path)]
    if suffix == ".pdf":
        return [roster_export.to_pdf(roster, problem, path)]
    return roster_export.to_ics_dir(roster, problem, path)  # a folder: one calendar per worker
