"""One entry point for route planning: ``solve_routes(scenario, what, params)`` → a checked Plan.

Plans garbage collection, street sweeping, toilet rounds and patrols (or any one of them) with
the time budget shared in proportion to each kind's usual size, then runs the independent
checkers (``optimizer.checks``) on the result: violations are recorded in each part's notes and
make its status 'infeasible', so no caller ever mistakes an invalid plan for a good one.
"""

from __future__ import annotations

import time
from typing import Literal

from optimizer.checks import check_plan
from optimizer.common.kinds import KINDS, kinds_of
from optimizer.common.plan import Plan
from optimizer.common.request import KindRequest, RouteParams
from optimizer.registry import PLANNERS
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario

What = Literal["garbage", "sweeping", "toilets", "patrols", "all"]


def solve_routes(scenario: Scenario, what: str, params: RouteParams, *, stop: StopFn = never_stop,
                 progress: ProgressFn = no_progress) -> Plan:
    """Plan the asked kinds of work for the day and check every part independently."""
    kinds = kinds_of(what)
    day = params.day or scenario.simulation.start_date
    started = time.monotonic()
    plan = Plan(scenario=scenario.district.name_en, day=day.isoformat())
    total_share = sum(PLANNERS[k].budget_share for k in kinds)
    done_share = 0.0
    for kind in kinds:
        share = PLANNERS[kind].budget_share / total_share
        left = params.time_limit_s - (time.monotonic() - started)
        budget = max(1.0, left * share / max(1e-9, 1 - done_share))
        base = done_share

        def part_progress(info: ProgressInfo, base: float = base, share: float = share, kind: str = kind) -> None:
            fraction = None if info.fraction is None else base + share * info.fraction  # None: unknown
            progress(ProgressInfo(fraction, info.best_cost, f"{kind}: {info.message}"))

        # A stopped planner still accounts for every item ("planning stopped by the user").
        plan = plan.with_part(PLANNERS[kind].plan(KindRequest(scenario, params, day, budget, stop, part_progress)))
        done_share += share
    plan = attach_checks(scenario, plan)
    progress(ProgressInfo(1.0, sum(p.cost for p in plan.parts.values()), "routes planned and checked"))
    return plan


def attach_checks(scenario: Scenario, plan: Plan) -> Plan:
    """Run the independent checkers; a part with violations is marked infeasible and lists them."""
    for kind, errors in check_plan(scenario, plan).items():
        part = plan.parts[kind]
        if errors:
            notes = [*part.notes, f"CHECK FAILED: {len(errors)} violations", *errors[:20]]
            plan = plan.with_part(part.model_copy(update={"status": "infeasible", "notes": notes}))
        else:
            plan = plan.with_part(part.model_copy(update={"notes": [*part.notes, "independent check: valid"]}))
    return plan


__all__ = ["KINDS", "RouteParams", "kinds_of", "solve_routes", "attach_checks"]
