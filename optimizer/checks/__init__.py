"""Independent plan checkers: every plan the optimizer returns is re-checked from the scenario alone.

The checkers share no code with the planners; ``check_plan`` runs the one for each part of a plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from optimizer.checks.garbage import check_garbage
from optimizer.checks.patrols import check_patrols
from optimizer.checks.sweeping import check_sweeping
from optimizer.checks.toilets import check_toilets
from optimizer.common.plan import Plan, RoutePlan
from scenarios.model import Scenario


def plan_day(scenario: Scenario, plan: Plan) -> dt.date:
    """The day a plan was made for (its ``day``, else the scenario's simulation start date)."""
    return dt.date.fromisoformat(plan.day) if plan.day else scenario.simulation.start_date


# Each kind's checker takes the scenario, the part and the plan's day.
CHECKERS: dict[str, Callable[[Scenario, RoutePlan, dt.date], list[str]]] = {
    "garbage": check_garbage,
    "sweeping": lambda scenario, part, day: check_sweeping(scenario, part),
    "toilets": lambda scenario, part, day: check_toilets(scenario, part),
    "patrols": lambda scenario, part, day: check_patrols(scenario, part),
}


def check_plan(scenario: Scenario, plan: Plan) -> dict[str, list[str]]:
    """Violations by kind of work (an empty list for a valid part); only the plan's parts are checked."""
    out: dict[str, list[str]] = {}
    day = plan_day(scenario, plan)
    for kind, part in plan.parts.items():
        checker = CHECKERS.get(kind)
        if part.kind != kind:
            out[kind] = [f"part {kind!r} holds routes of kind {part.kind!r}"]
        elif checker is None:
            out[kind] = [f"no checker for kind of work {kind!r}"]
        else:
            out[kind] = checker(scenario, part, day)
        out[kind] += [f"route {r.id} is of kind {r.kind}, in the {kind} part" for r in part.routes if r.kind != kind]
    return out


__all__ = ["CHECKERS", "check_plan", "check_garbage", "check_sweeping", "check_toilets", "check_patrols", "plan_day"]
