"""The registry of kinds of work: which planner plans each kind and its share of a solve's time.

A new kind of work is a new room (a package with a ``plan_request`` function), one line here, a
checker in ``optimizer.checks`` and a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from optimizer import garbage, patrols, sweeping, toilets
from optimizer.common.kinds import KINDS
from optimizer.common.plan import RoutePlan
from optimizer.common.request import KindRequest


@dataclass(frozen=True)
class KindPlanner:
    """How one kind of work is planned: its planner and its share of the time when planning everything."""

    plan: Callable[[KindRequest], RoutePlan]
    budget_share: float


PLANNERS: dict[str, KindPlanner] = {
    "garbage": KindPlanner(garbage.plan_request, 0.4),
    "sweeping": KindPlanner(sweeping.plan_request, 0.35),
    "toilets": KindPlanner(toilets.plan_request, 0.23),
    "patrols": KindPlanner(patrols.plan_request, 0.02),  # a fast construction
}
assert tuple(PLANNERS) == KINDS, "every kind of work has a planner, in the order of KINDS"
