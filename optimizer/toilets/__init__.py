"""Public toilet (公厕) cleaning rounds."""

from __future__ import annotations

from optimizer.common.plan import RoutePlan
from optimizer.common.request import KindRequest
from optimizer.toilets.planner import plan_toilets


def plan_request(request: KindRequest) -> RoutePlan:
    """The registry's entry: plan the day's toilet rounds for a request."""
    p = request.params
    return plan_toilets(request.scenario, time_limit_s=request.budget_s, seed=p.seed, stop=request.stop,
                        progress=request.progress, engines=p.engines, max_iterations=p.max_iterations)


__all__ = ["plan_toilets", "plan_request"]
