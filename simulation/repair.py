"""The robust check with its repair: routes that end too late too often are shortened and checked again.

First the check (``simulation.reliability``) on part of the budget. Then each garbage route below
the target gives up enough of its last points to idle trucks, or to routes with time to spare, to
end within its shift on the target share of simulated days (``optimizer.garbage.repair``); each
toilet round below it hands its last visits, in their slots, to rounds of its zone with time to
spare (``optimizer.toilets.repair``). The repaired plan must pass the independent checker and is
simulated again with the same random numbers. A round of repair is kept when fewer route-days end
late or leave a stop unserved; rounds go on while routes are late and time is left.

Sweeping routes are not repaired here: a beat's passes keep gaps that moving them would break; the
crews they need are found by sizing (``main.py size``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from optimizer.checks import check_plan, plan_day
from optimizer.common.plan import Plan
from optimizer.garbage.repair import RouteRepair, shorten_routes
from optimizer.toilets.repair import RoundRepair, shorten_rounds
from scenarios.assessment import SHIFT_END_TOLERANCE_MIN
from scenarios.jobs import ProgressFn, StopFn, never_stop, no_progress
from scenarios.model import Scenario

from .reliability import ReliabilityCheck, check_reliability, reliability_lines

#: Minutes a repaired route is made to end before what the simulated days ask (their spread is sampled).
REPAIR_MARGIN_MIN = 5.0
#: Rounds of repair and check: a route that ends earlier is not always less late by as much (queues at
#: the stations, the break), so a route still late after one round is shortened again.
REPAIR_ROUNDS = 3


@dataclass(frozen=True)
class RobustResult:
    """The plan to keep, the check that rated it, and what the repair did (empty when nothing was kept)."""

    plan: Plan
    check: ReliabilityCheck
    repairs: list[RouteRepair | RoundRepair]
    before: ReliabilityCheck
    late_routes: int = 0  # garbage routes and toilet rounds the first check found ending late too often


def minutes_to_gain(check: ReliabilityCheck, kind: str = "garbage") -> dict[str, float]:
    """For each route of ``kind`` ending late too often: minutes it must end earlier to reach the target."""
    need: dict[str, float] = {}
    part = check.plan.parts.get(kind)
    if part is None:
        return need
    for route in part.routes:
        rel = route.reliability
        late = check.lateness.get(route.id)
        if rel is None or not late or rel.within_shift >= check.target:
            continue
        quantile = float(np.quantile(np.asarray(late), check.target))
        need[route.id] = max(0.0, quantile - SHIFT_END_TOLERANCE_MIN) + REPAIR_MARGIN_MIN
    return need


def minutes_to_spare(check: ReliabilityCheck, kind: str = "garbage") -> dict[str, float]:
    """For each reliable route of ``kind``: minutes it may end later than planned and still reach the target."""
    spare: dict[str, float] = {}
    part = check.plan.parts.get(kind)
    for route in part.routes if part is not None else []:
        late = check.lateness.get(route.id)
        if not late or route.id in check.below:
            continue
        room = SHIFT_END_TOLERANCE_MIN - float(np.quantile(np.asarray(late), check.target)) - REPAIR_MARGIN_MIN
        if room > 0:
            spare[route.id] = room
    return spare


def late_days(check: ReliabilityCheck) -> int:
    """Simulated route-days that ended after their shift (with the check's tolerance), over the whole plan."""
    return sum(1 for late in check.lateness.values() for x in late if x > SHIFT_END_TOLERANCE_MIN)


def shortfall(check: ReliabilityCheck) -> float:
    """Route-days short of the standard: ended late, or (per replication) with a stop not served."""
    total = 0.0
    for part in check.plan.parts.values():
        for r in part.routes:
            if r.reliability is not None:
                total += r.reliability.days * ((1 - r.reliability.within_shift) + (1 - r.reliability.all_served))
    return total


#: The kinds of work whose late routes are repaired, and how.
REPAIRED_KINDS = ("garbage", "toilets")


def repaired_plan(scenario: Scenario, check: ReliabilityCheck) -> tuple[Plan, list[RouteRepair | RoundRepair]]:
    """The checked plan with its late garbage routes and toilet rounds shortened onto others (what was done)."""
    plan = check.plan
    done: list[RouteRepair | RoundRepair] = []
    for kind in REPAIRED_KINDS:
        need = minutes_to_gain(check, kind)
        if not need or kind not in plan.parts:
            continue
        more: list[RouteRepair] | list[RoundRepair]
        if kind == "garbage":
            part, more = shorten_routes(scenario, plan.parts[kind], need, plan_day(scenario, plan),
                                        minutes_to_spare(check, kind))
        else:
            part, more = shorten_rounds(scenario, plan.parts[kind], need, minutes_to_spare(check, kind))
        plan, done = plan.with_part(part), done + list(more)
    return plan, done


# Seven parameters: a public entry point whose keywords (budget_s, seed, stop, progress, …) are its interface.
def check_and_repair(scenario: Scenario, plan: Plan, *, budget_s: float, seed: int, replications: int | None = None,
                     stop: StopFn = never_stop, progress: ProgressFn = no_progress) -> RobustResult:
    """The robust check, then rounds of repair of late routes, each checked again, while time is left."""
    started = time.monotonic()
    first = check_reliability(scenario, plan, budget_s=budget_s / REPAIR_ROUNDS, seed=seed,
                              replications=replications, stop=stop, progress=progress)
    late = sum(len(minutes_to_gain(first, kind)) for kind in REPAIRED_KINDS)
    best = first
    repairs: list[RouteRepair | RoundRepair] = []
    for _ in range(REPAIR_ROUNDS):
        left = budget_s - (time.monotonic() - started)
        if stop() or left < first.seconds:
            break
        repaired, done = repaired_plan(scenario, best)
        if not done:
            break
        if any(check_plan(scenario, repaired).values()):
            break  # never keep a plan the checker rejects
        again = check_reliability(scenario, repaired, budget_s=left, seed=seed, replications=first.replications,
                                  stop=stop, progress=progress)
        if stop() or shortfall(again) >= shortfall(best) - 1e-9:
            break
        best, repairs = again, repairs + done
    return RobustResult(best.plan, best, repairs, first, late)


def robust_lines(result: RobustResult) -> list[str]:
    """What the check found and what the repair changed (中文 / English)."""
    lines = reliability_lines(result.check)
    if result.repairs:
        routes = len({r.route for r in result.repairs})
        moved = sum(len(r.moved) for r in result.repairs)
        lines.append(f"robust repair 稳健性修复: {routes} of {result.late_routes} late garbage routes and toilet rounds "
                     f"end earlier, {moved} points and visits moved to other trucks and rounds; routes below the "
                     f"target {len(result.before.below)} → {len(result.check.below)} (same random numbers)")
    elif result.late_routes:
        lines.append(f"robust repair 稳健性修复: none kept for the {result.late_routes} late garbage routes and toilet "
                     "rounds (no other truck or round could take their last stops, or the plan was not more reliable)")
    return lines
