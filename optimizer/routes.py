"""One entry point for route planning: ``solve_routes(scenario, what, params)`` → a checked Plan.

Plans garbage collection, street sweeping, toilet rounds and patrols (or any one of them) with
the time budget shared in proportion to each kind's usual size, then runs the independent
checkers (``optimizer.checks``) on the result: violations are recorded in each part's notes and
make its status 'infeasible', so no caller ever mistakes an invalid plan for a good one.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Literal

from optimizer.checks import check_plan
from optimizer.garbage import Replan, plan_garbage
from optimizer.patrols import plan_patrols
from optimizer.plan import Plan, RoutePlan, WorkKind
from optimizer.sweeping import plan_sweeping
from optimizer.toilets import plan_toilets
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario

What = Literal["garbage", "sweeping", "toilets", "patrols", "all"]
KINDS: tuple[WorkKind, ...] = ("garbage", "sweeping", "toilets", "patrols")
# Share of the time budget per kind when planning everything (patrols are a fast construction).
_SHARE = {"garbage": 0.4, "sweeping": 0.35, "toilets": 0.23, "patrols": 0.02}


@dataclass(frozen=True)
class RouteParams:
    """Time budget (seconds, for everything asked), seed, engines and repeatability limit.

    ``max_iterations`` (per solve: PyVRP iterations, OR-Tools solutions) makes plans repeatable
    when every solve reaches it within its share of the time; ``day`` sets the garbage amounts
    (default: the scenario's simulation start date).
    """

    time_limit_s: float = 60.0
    seed: int = 0
    engines: tuple[str, ...] = ("pyvrp", "ortools")
    max_iterations: int | None = None
    day: dt.date | None = None
    previous: Plan | None = None
    locked_routes: frozenset[str] = field(default_factory=frozenset)
    locked_stops: frozenset[str] = field(default_factory=frozenset)
    max_moved: int | None = None

    def __post_init__(self) -> None:
        if not self.time_limit_s > 0:
            raise ValueError(f"time_limit_s must be > 0 (got {self.time_limit_s})")


def kinds_of(what: str) -> tuple[WorkKind, ...]:
    """The kinds of work ``what`` names ('all' or one kind)."""
    if what == "all":
        return KINDS
    if what not in KINDS:
        raise ValueError(f"unknown kind of work {what!r}; expected one of all, {', '.join(KINDS)}")
    return (what,)  # type: ignore[return-value]


def solve_routes(scenario: Scenario, what: str, params: RouteParams, *, stop: StopFn = never_stop,
                 progress: ProgressFn = no_progress) -> Plan:
    """Plan the asked kinds of work for the day and check every part independently."""
    kinds = kinds_of(what)
    day = params.day or scenario.simulation.start_date
    started = time.monotonic()
    plan = Plan(scenario=scenario.district.name_en, day=day.isoformat())
    total_share = sum(_SHARE[k] for k in kinds)
    done_share = 0.0
    for kind in kinds:
        share = _SHARE[kind] / total_share
        left = params.time_limit_s - (time.monotonic() - started)
        budget = max(1.0, left * share / max(1e-9, 1 - done_share))
        base = done_share

        def part_progress(info: ProgressInfo, base: float = base, share: float = share, kind: str = kind) -> None:
            progress(ProgressInfo(base + share * info.fraction, info.best_cost, f"{kind}: {info.message}"))

        # A stopped planner still accounts for every item ("planning stopped by the user").
        plan = plan.with_part(_plan_kind(scenario, kind, params, day, budget, stop, part_progress))
        done_share += share
    plan = attach_checks(scenario, plan)
    progress(ProgressInfo(1.0, sum(p.cost for p in plan.parts.values()), "routes planned and checked"))
    return plan


def _plan_kind(scenario: Scenario, kind: str, params: RouteParams, day: dt.date, budget: float, stop: StopFn,
               progress: ProgressFn) -> RoutePlan:
    common = {"time_limit_s": budget, "seed": params.seed, "stop": stop, "progress": progress}
    solver = {"engines": params.engines, "max_iterations": params.max_iterations}
    previous = params.previous.part(kind) if params.previous is not None else None  # type: ignore[arg-type]
    if kind == "garbage":
        replan = None
        if previous is not None:
            replan = Replan(previous, frozenset(params.locked_routes), params.max_moved, frozenset(params.locked_stops))
        return plan_garbage(scenario, day=day, replan=replan, **common, **solver)
    if kind == "sweeping":
        return plan_sweeping(scenario, **common, **solver)
    if kind == "toilets":
        return plan_toilets(scenario, **common, **solver)
    return plan_patrols(scenario, previous=previous.territories if previous is not None else None, **common)


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
