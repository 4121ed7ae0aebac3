"""Garbage collection (垃圾清运): truck routes with reload trips, breaks and shifts; re-planning with pins."""

from __future__ import annotations

from optimizer.common.plan import RoutePlan
from optimizer.common.request import KindRequest
from optimizer.garbage.layout import lay_out_routes
from optimizer.garbage.planner import Replan, demand_of_day, moved_points, plan_garbage


def plan_request(request: KindRequest) -> RoutePlan:
    """The registry's entry: plan garbage for a request (re-planning from its previous plan if any)."""
    p = request.params
    previous = p.previous.part("garbage") if p.previous is not None else None
    replan = None if previous is None else Replan(previous, frozenset(p.locked_routes), p.max_moved,
                                                  frozenset(p.locked_stops))
    return plan_garbage(request.scenario, day=request.day, replan=replan, time_limit_s=request.budget_s, seed=p.seed,
                        stop=request.stop, progress=request.progress, engines=p.engines,
                        max_iterations=p.max_iterations)


__all__ = ["Replan", "plan_garbage", "plan_request", "moved_points", "demand_of_day", "lay_out_routes"]
