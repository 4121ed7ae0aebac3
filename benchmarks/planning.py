"""District planning: cost and unserved work of each planner at several time limits, checked independently.

``python -m benchmarks planning --scenario scenarios/shuangliu.yaml --what garbage --limits 10 30 60 120``
plans the kind of work with ``optimizer.solve_routes`` at every limit (same seed), runs the
independent checker on each plan and prints one row per limit: wall time, routes, served and
unserved items, distance, cost and the number of checker violations. ``--what roster`` instead
makes the scenario's 4-week crew roster (team by team) at each limit and validates it.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", type=Path, default=Path("scenarios/shuangliu.yaml"))
    parser.add_argument("--what", choices=["garbage", "sweeping", "toilets", "patrols", "all", "roster"],
                        default="garbage")
    parser.add_argument("--limits", type=float, nargs="+", default=[10, 30, 60, 120], help="time limits, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weeks", type=int, default=4, help="roster horizon (--what roster)")
    parser.add_argument("--json", action="store_true")


def _routes_row(scenario, what: str, limit: float, seed: int) -> dict:
    from optimizer import RouteParams, solve_routes
    from optimizer.checks import check_plan

    started = time.perf_counter()
    plan = solve_routes(scenario, what, RouteParams(time_limit_s=limit, seed=seed))
    wall = time.perf_counter() - started
    errors = check_plan(scenario, plan)
    parts = plan.parts.values()
    served = sum(1 for p in parts for r in p.routes for s in r.stops
                 if s.kind in ("point", "segment", "toilet", "hotspot"))
    return {"limit_s": limit, "wall_s": round(wall, 1), "routes": sum(len(p.routes) for p in parts),
            "served": served, "unserved": sum(len(p.unserved) for p in parts),
            "km": round(sum(p.distance_m for p in parts) / 1000, 1), "cost": round(sum(p.cost for p in parts), 2),
            "violations": sum(len(e) for e in errors.values()),
            "unserved_by_kind": {p.kind: len(p.unserved) for p in parts},
            "required_by_kind": {p.kind: len(p.unserved) + sum(1 for r in p.routes for s in r.stops
                                                               if s.kind in ("point", "segment", "toilet", "hotspot"))
                                 for p in parts},
            "engines": "; ".join(p.engine for p in parts)}


def _roster_row(scenario, limit: float, seed: int, weeks: int) -> dict:
    from optimizer.roster import SolveParams, validate_roster
    from optimizer.roster.from_scenario import roster_problem, solve_by_team

    started = time.perf_counter()
    problem = roster_problem(scenario, weeks=weeks)
    roster = solve_by_team(problem, SolveParams(time_limit_s=limit, workers=2, seed=seed))
    wall = time.perf_counter() - started
    report = validate_roster(problem, roster.assignments, roster.roles) if roster.has_solution else None
    return {"limit_s": limit, "wall_s": round(wall, 1), "workers": len(problem.workers), "days": problem.horizon,
            "status": roster.status, "objective": roster.objective, "shifts": len(roster.assignments),
            "uncovered": len(roster.uncovered), "hard_violations": None if report is None else len(report.hard)}


def run(args: argparse.Namespace) -> int:
    from scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    rows = []
    for limit in args.limits:
        row = (_roster_row(scenario, limit, args.seed, args.weeks) if args.what == "roster"
               else _routes_row(scenario, args.what, limit, args.seed))
        rows.append(row)
        if not args.json:
            print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    if args.json:
        print(json.dumps({"machine": platform.processor() or platform.machine(), "what": args.what, "rows": rows},
                         ensure_ascii=False, indent=1))
    return 0 if all(r.get("violations", 0) == 0 and r.get("hard_violations") in (0, None) for r in rows) else 1
