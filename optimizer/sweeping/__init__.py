"""Street sweeping (道路清扫保洁): mechanical sweeper routes and manual sweeping beats."""

from __future__ import annotations

from optimizer.common.plan import RoutePlan
from optimizer.common.request import KindRequest
from optimizer.sweeping.planner import plan_sweeping


def plan_request(request: KindRequest) -> RoutePlan:
    """The registry's entry: plan the day's sweeping for a request."""
    p = request.params
    return plan_sweeping(request.scenario, time_limit_s=request.budget_s, seed=p.seed, stop=request.stop,
                         progress=request.progress, engines=p.engines, max_iterations=p.max_iterations)


__all__ = ["plan_sweeping", "plan_request"]
