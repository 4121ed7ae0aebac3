"""The plan's robust check: each route played out over replications, with its chance to end within the shift.

After the search, the plan is simulated with common random numbers (replication r sees the same
waste, weather, traffic and absences whatever the plan) for as many replications as the time
budget allows (between ``MIN_REPLICATIONS`` and ``MAX_REPLICATIONS``, two days each: the first
starts with empty bins). Each route gets the share of its simulated days that ended within its
shift and the share that served every stop; routes below the scenario's target
(``standards.targets.route_reliability``) are listed for the planner.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from optimizer.common.plan import Plan, Reliability
from scenarios.jobs import ProgressFn, ProgressInfo, StopFn, never_stop, no_progress
from scenarios.model import Scenario

from .params import SimParams
from .replication import run_replication
from .simulate import complete_plan

MIN_REPLICATIONS = 5
MAX_REPLICATIONS = 30
DAYS = 2


@dataclass(frozen=True)
class ReliabilityCheck:
    """The plan with each route's reliability, the replications run and the routes below the target."""

    plan: Plan
    replications: int
    seconds: float
    target: float
    below: list[str]
    lateness: dict[str, list[float]] = field(default_factory=dict)  # route → end − shift end per simulated day, min


# Seven parameters: a public entry point whose keywords (budget_s, seed, stop, progress, …) are its interface.
def check_reliability(scenario: Scenario, plan: Plan, *, budget_s: float, seed: int,
                      replications: int | None = None, stop: StopFn = never_stop,
                      progress: ProgressFn = no_progress) -> ReliabilityCheck:
    """Simulate the plan and attach each route's reliability (``replications``: fixed, else from the budget)."""
    started = time.monotonic()
    full, _ = complete_plan(scenario, plan, SimParams())
    totals: dict[str, list[float]] = {}
    lateness: dict[str, list[float]] = {}
    wanted = replications or MAX_REPLICATIONS
    done = 0
    for rep in range(wanted):
        if stop() or (replications is None and rep >= MIN_REPLICATIONS
                      and (time.monotonic() - started) / rep * (rep + 1) > budget_s):
            break
        result = run_replication(scenario, full, days=DAYS, seed=seed, replication=rep)
        for route_id, (days, late, skips) in result.route_stats.items():
            t = totals.setdefault(route_id, [0.0, 0.0, 0.0])
            t[0] += days
            t[1] += late
            t[2] += 1 if skips else 0  # a route-day count is not kept: a replication with a skip counts once
        for route_id, day_lateness in result.route_lateness.items():
            lateness.setdefault(route_id, []).extend(day_lateness)
        done += 1
        progress(ProgressInfo((rep + 1) / wanted, None, f"robust check: replication {rep + 1}"))
    target = scenario.standards.targets.route_reliability
    parts = {}
    below = []
    for kind, part in plan.parts.items():
        routes = []
        for r in part.routes:
            days, late, skipped = totals.get(r.id, (0.0, 0.0, 0.0))
            if days == 0:
                routes.append(r)
                continue
            rel = Reliability(within_shift=round(1 - late / days, 4), all_served=round(1 - skipped / max(1, done), 4),
                              days=int(days))
            if rel.within_shift < target or rel.all_served < target:
                below.append(r.id)
            routes.append(r.model_copy(update={"reliability": rel}))
        parts[kind] = part.model_copy(update={"routes": routes})
    checked = plan.model_copy(update={"parts": parts})
    return ReliabilityCheck(checked, done, time.monotonic() - started, target, below, lateness)


def reliability_lines(check: ReliabilityCheck) -> list[str]:
    """What the robust check found, by kind of work, with the weakest routes (中文 / English)."""
    lines = [f"robust check 稳健性检验: {check.replications} replications × {DAYS} days in {check.seconds:.0f} s; "
             f"target {check.target:.0%} of days within the shift and with every stop served"]
    for kind, part in check.plan.parts.items():
        rated = [(r.id, r.reliability) for r in part.routes if r.reliability is not None]
        if not rated:
            continue
        ok = sum(1 for _, rel in rated if rel.within_shift >= check.target and rel.all_served >= check.target)
        lines.append(f"  {kind}: {ok} of {len(rated)} routes reach the target")
        weakest = sorted(((rid, rel) for rid, rel in rated if rid in check.below),
                         key=lambda x: (min(x[1].within_shift, x[1].all_served), x[0]))
        for rid, rel in weakest[:5]:
            lines.append(f"    {rid}: within shift {rel.within_shift:.0%}, every stop served {rel.all_served:.0%}")
    return lines
