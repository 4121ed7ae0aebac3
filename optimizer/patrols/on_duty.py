"""Who is on duty each day for the patrol beats: chiefs and enforcement officers, by worker and shift.

From a roster (the roster planner's assignments, or a roster grid as the exports write it), or, when
there is none, by rotating each pool through the scenario's demand rules for 'chief' and
'enforcement_officer' (as many on each shift as the rule asks that weekday; workers on leave or
unavailable that weekday are passed over), so that a horizon of days has people off in turn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from scenarios.model import Scenario

#: date → worker → shift id
OnDuty = dict[dt.date, dict[str, str]]

PATROL_SKILLS = ("chief", "enforcement_officer")


def on_duty_from_cells(scenario: Scenario, cells: Iterable[tuple[str, dt.date, str]]) -> OnDuty:
    """The chiefs' and officers' cells of a roster (other workers are dropped)."""
    out: OnDuty = {}
    workers = scenario.index.workers
    for worker, date, shift in cells:
        w = workers.get(worker)
        if w is not None and any(skill in w.skills for skill in PATROL_SKILLS):
            out.setdefault(date, {})[worker] = shift
    return out


def _available(scenario: Scenario, worker_id: str, date: dt.date) -> bool:
    w = scenario.index.workers[worker_id]
    if date.weekday() in w.unavailable_weekdays:
        return False
    return not any(r.first <= date <= r.last for r in w.leave)


def _pools(scenario: Scenario) -> dict[str, list[list[str]]]:
    """Chiefs as one pool (post order); officers one pool per enforcement team (workforce order)."""
    chiefs = [c.worker for c in scenario.workforce.chiefs]
    teams: dict[str, list[str]] = {}
    kinds = {t.id: t.kind for t in scenario.workforce.teams}
    for w in scenario.workforce.workers:
        if "enforcement_officer" in w.skills and kinds.get(w.team) == "enforcement":
            teams.setdefault(w.team, []).append(w.id)
    return {"chief": [chiefs] if chiefs else [], "enforcement_officer": list(teams.values())}


def rotation_on_duty(scenario: Scenario, dates: list[dt.date]) -> OnDuty:
    """On duty by the demand rules, each pool rotating day by day (see the module docstring)."""
    pools = _pools(scenario)
    pointer: dict[tuple[str, int], int] = {}
    out: OnDuty = {}
    for date in dates:
        today = out.setdefault(date, {})
        for rule in scenario.shifts.demand:
            if rule.skill not in PATROL_SKILLS or date.weekday() not in rule.weekdays:
                continue
            groups = pools.get(rule.skill, [])
            total = sum(len(g) for g in groups)
            for k, group in enumerate(groups):
                want = round(min(rule.count, total) * len(group) / total) if total else 0
                start = pointer.get((rule.skill, k), 0)
                taken = tried = 0
                while taken < want and tried < len(group):
                    worker = group[(start + tried) % len(group)]
                    tried += 1
                    if worker not in today and _available(scenario, worker, date):
                        today[worker] = rule.shift
                        taken += 1
                pointer[(rule.skill, k)] = (start + tried) % len(group) if group else 0
    return out
