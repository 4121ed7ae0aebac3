"""Independent plan checkers: every plan the optimizer returns is re-checked from the scenario alone.

The checkers share no code with the planners; ``check_plan`` runs the one for each part of a plan.
"""

from __future__ import annotations

import datetime as dt

from optimizer.checks.garbage import check_garbage
from optimizer.checks.patrols import check_patrols
from optimizer.checks.sweeping import check_sweeping
from optimizer.checks.toilets import check_toilets
from optimizer.plan import Plan
from scenarios.model import Scenario


def plan_day(scenario: Scenario, plan: Plan) -> dt.date:
    """The day a plan was made for (its ``day``, else the scenario's simulation start date)."""
    return dt.date.fromisoformat(plan.day) if plan.day else scenario.simulation.start_date


def check_plan(scenario: Scenario, plan: Plan) -> dict[str, list[str]]:
    """Violations by kind of work (an empty list for a valid part); only the plan's parts are checked."""
    out: dict[str, list[str]] = {}
    for kind, part in plan.parts.items():
        if part.kind != kind:
            out[kind] = [f"part {kind!r} holds routes of kind {part.kind!r}"]
        elif kind == "garbage":
            out[kind] = check_garbage(scenario, part, plan_day(scenario, plan))
        elif kind == "sweeping":
            out[kind] = check_sweeping(scenario, part)
        elif kind == "toilets":
            out[kind] = check_toilets(scenario, part)
        else:
            out[kind] = check_patrols(scenario, part)
        out[kind] += [f"route {r.id} is of kind {r.kind}, in the {kind} part" for r in part.routes if r.kind != kind]
    return out


__all__ = ["check_plan", "check_garbage", "check_sweeping", "check_toilets", "check_patrols", "plan_day"]
