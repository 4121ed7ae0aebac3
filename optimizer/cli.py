"""Command line: `main.py plan …`: the day's routes, checked, written for people and GIS tools.

`main.py roster` lives in ``reports.cli`` because it exports (Excel, PDF, iCalendar).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from optimizer.common.plan import Plan
    from optimizer.common.request import RouteParams
    from scenarios.jobs import StopFn
    from scenarios.model import Scenario


def add_commands(sub: argparse._SubParsersAction) -> None:
    """`plan` is registered by ``simulation.cli``: it ends with the robust check, which simulates the plan."""


def add_plan_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of `main.py plan` (registered by ``simulation.cli``)."""
    p.add_argument("scenario", type=Path)
    p.add_argument("--what", choices=["all", "garbage", "sweeping", "toilets", "patrols"], default="all")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds for everything asked (default: by the district's size, 0.09 s a street segment "
                        "between 20 and 600: 20 s for the training district, about 5 minutes for Shuangliu)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--day", type=dt.date.fromisoformat, default=None,
                   help="YYYY-MM-DD: the day whose waste amounts are planned (default: the scenario's start date)")
    p.add_argument("--engines", default="pyvrp,ortools", help="routing engines to race, comma separated: pyvrp, pyvrp2 (a second PyVRP search with its "
                        "own seed), ortools")
    p.add_argument("--max-iterations", type=int, default=None,
                   help="per solve; with enough time the same seed gives the same plan")
    p.add_argument("--previous", type=Path, default=None, help="folder of a previous plan to re-plan from")
    p.add_argument("--lock", default="", help="comma-separated route ids of the previous plan to keep as they are")
    p.add_argument("--lock-stops", default="", help="comma-separated garbage points that stay with their previous truck")
    p.add_argument("--max-moved", type=int, default=None, help="at most this many garbage points may change truck")
    p.add_argument("--days", type=int, default=1,
                   help="patrols: plan the posts' beats for this many days from --day, each beat dated (who is on "
                        "duty: --roster, else the demand rules in rotation); the other kinds plan one day")
    p.add_argument("--roster", type=Path, default=None,
                   help="patrols: a roster (CSV or XLSX as `main.py roster --export` writes it): beats for the chiefs "
                        "and officers it has on duty each day")
    p.add_argument("--out", type=Path, required=True, help="folder for plan.json, routes.geojson, stops.csv, …")


def run_plan(args: argparse.Namespace, after: Callable[[Scenario, Plan, StopFn], tuple[Plan, list[str]]] | None = None
             ) -> int:
    """Plan, check, then ``after`` (the robust check, from the simulation), write the files, print the summary."""
    from optimizer.common.plan_files import summary_lines, write_plan_outputs
    from optimizer.solve import solve_routes
    from scenarios import load_scenario
    from scenarios.jobs import TerminalProgress, ctrl_c_stops

    if args.time_limit is not None and args.time_limit <= 0:
        raise SystemExit(f"error: --time-limit must be > 0 (got {args.time_limit})")
    scenario = load_scenario(args.scenario)
    if args.time_limit is None:
        from optimizer.common.request import default_time_limit_s

        args.time_limit = default_time_limit_s(scenario)
        print(f"time limit {args.time_limit:.0f} s (by the district's size; --time-limit S to choose)")
    params = _route_params(args, scenario)
    bar = TerminalProgress("plan")
    extra: list[str] = []
    with ctrl_c_stops() as stop:
        plan = solve_routes(scenario, args.what, params, stop=stop, progress=bar)
        bar.close()
        if after is not None and not stop():
            plan, extra = after(scenario, plan, stop)
        # Inside the block: a Ctrl-C while the plan is written only stops what is already done.
        for path in write_plan_outputs(scenario, plan, args.out):
            print(f"wrote {path}")
    print("\n".join(summary_lines(plan) + extra))
    return 1 if any(p.status == "infeasible" and p.routes for p in plan.parts.values()) else 0


def _route_params(args: argparse.Namespace, scenario: Scenario) -> RouteParams:
    """The planners' parameters from the command line, after checking the locks, engines and days."""
    from optimizer.solve import RouteParams

    previous, locked, stops = _locks(args)
    engines = _engines(args)
    if args.days < 1:
        raise SystemExit(f"error: --days must be at least 1 (got {args.days})")
    on_duty = None
    if args.roster is not None:
        from optimizer.patrols.on_duty import on_duty_from_cells
        from optimizer.roster.grid_file import read_roster_cells

        on_duty = on_duty_from_cells(scenario, read_roster_cells(args.roster, scenario))
    return RouteParams(time_limit_s=args.time_limit, seed=args.seed,
                       engines=engines,
                       max_iterations=args.max_iterations, day=args.day, previous=previous, locked_routes=locked,
                       locked_stops=stops,
                       max_moved=args.max_moved, patrol_days=args.days, on_duty=on_duty)


def _locks(args: argparse.Namespace) -> tuple[Plan | None, frozenset[str], frozenset[str]]:
    """The previous plan, the routes and the stops it locks; each lock must name something in that plan."""
    from optimizer.common.plan import load_plan

    previous = load_plan(args.previous) if args.previous is not None else None
    locked = frozenset(x.strip() for x in args.lock.split(",") if x.strip())
    stops = frozenset(x.strip() for x in args.lock_stops.split(",") if x.strip())
    if (locked or stops) and previous is None:
        raise SystemExit("error: --lock and --lock-stops need --previous (the plan whose routes are kept)")
    if previous is not None:
        known = {r.id for part in previous.parts.values() for r in part.routes}
        unknown = sorted(locked - known)
        if unknown:
            raise SystemExit(f"error: --lock names routes not in {args.previous}: {', '.join(unknown)}")
        collected = {s.ref for part in previous.parts.values() for r in part.routes for s in r.stops if s.kind == "point"}
        missing = sorted(stops - collected)
        if missing:
            raise SystemExit(f"error: --lock-stops names points no truck collects in {args.previous}: {', '.join(missing)}")
    return previous, locked, stops


def _engines(args: argparse.Namespace) -> tuple[str, ...]:
    """The engines named by --engines; each must be one the portfolio knows."""
    from optimizer.routing.portfolio import ENGINE_MODULES

    engines = tuple(e.strip() for e in args.engines.split(",") if e.strip())
    unknown_engines = sorted(set(engines) - set(ENGINE_MODULES))
    if not engines or unknown_engines:
        raise SystemExit(f"error: --engines must name some of {', '.join(ENGINE_MODULES)} (got {args.engines!r})")
    return engines
