"""Time to plan every post's duties and beats for a horizon of days (定人定岗定则), and what they keep.

Plans the scenario's patrols for each horizon asked (``--days 1,7,28``) in this process, who is on
duty from ``--roster`` (a roster grid) or the demand rules in rotation, then runs the independent
checker on the result. Prints a Markdown table: seconds to plan and to check, beats, beats by e-bike,
vendor zone-days checked as the standard asks, duties left undone and the checker's findings.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, help="scenario YAML, e.g. scenarios/shuangliu.yaml")
    parser.add_argument("--days", default="1,7,28", help="horizons to plan, comma separated (default 1,7,28)")
    parser.add_argument("--roster", type=Path, default=None, help="a roster grid (CSV/XLSX) for who is on duty")


def run(args: argparse.Namespace) -> int:
    from optimizer.checks.patrols import check_patrols
    from optimizer.patrols.on_duty import on_duty_from_cells
    from optimizer.patrols.planner import plan_patrols
    from optimizer.roster.grid_file import read_roster_cells
    from scenarios import load_scenario

    scenario = load_scenario(args.scenario)
    on_duty = on_duty_from_cells(scenario, read_roster_cells(args.roster, scenario)) if args.roster else None
    print("| days | plan s | check s | beats | by e-bike | zone-days checked | duties undone | checker |")
    print("|---|---|---|---|---|---|---|---|")
    for days in (int(d) for d in args.days.split(",") if d.strip()):
        started = time.perf_counter()
        plan = plan_patrols(scenario, days=days, on_duty=on_duty)
        planned = time.perf_counter() - started
        started = time.perf_counter()
        errors = check_patrols(scenario, plan)
        checked = time.perf_counter() - started
        short = sum(1 for e in errors if "vendor zone" in e)
        zone_days = len(plan.on_duty) * len(scenario.incidents.vendor_zones)
        ebike = sum(r.vehicle_type is not None for r in plan.routes)
        print(f"| {days} | {planned:.1f} | {checked:.1f} | {len(plan.routes):,} | {ebike} | "
              f"{zone_days - short} of {zone_days} | {len(plan.unserved):,} | "
              f"{'valid' if not errors else f'{len(errors)} findings'} |", flush=True)
    return 0
