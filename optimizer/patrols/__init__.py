"""Posts (定人定岗定则) of the chiefs (街长/路长/巷长) and enforcement units: territories, duties, beats."""

from __future__ import annotations

from optimizer.common.plan import RoutePlan
from optimizer.common.request import KindRequest
from optimizer.patrols.planner import plan_patrols
from optimizer.patrols.territories import plan_territories


def plan_request(request: KindRequest) -> RoutePlan:
    """The registry's entry: territories and beats, moving as little as possible from a previous plan."""
    p = request.params
    previous = p.previous.part("patrols") if p.previous is not None else None
    return plan_patrols(request.scenario, previous=previous.territories if previous is not None else None,
                        time_limit_s=request.budget_s, seed=p.seed, stop=request.stop, progress=request.progress,
                        day=request.day, days=p.patrol_days, on_duty=p.on_duty)


__all__ = ["plan_patrols", "plan_territories", "plan_request"]
