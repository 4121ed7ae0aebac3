"""Reusing the base plan for a variant: keep the routes the variant can still run, and say what was dropped.

A variant with fewer trucks (or without a shift) that is not re-planned runs the base plan without
the missing vehicles' routes; their stops become unserved, which is what the KPIs should show.
"""

from __future__ import annotations

from optimizer.common.plan import Plan, Unserved
from scenarios import Scenario

_SERVED_KINDS = {"point", "toilet", "segment", "hotspot"}


def fit_plan(scenario: Scenario, plan: Plan) -> tuple[Plan, list[str]]:
    """The plan without routes whose vehicle or shift the scenario does not have; notes name them."""
    ix = scenario.index
    notes: list[str] = []
    parts = {}
    for kind, part in plan.parts.items():
        kept, dropped = [], []
        for route in part.routes:
            if (route.vehicle and route.vehicle not in ix.vehicles) or (route.shift and route.shift not in ix.shifts):
                dropped.append(route)
            else:
                kept.append(route)
        if not dropped:
            parts[kind] = part
            continue
        unserved = list(part.unserved) + [
            Unserved(kind=part.kind, ref=stop.ref, reason=f"route {route.id} dropped: the variant has no {route.vehicle or route.shift}")
            for route in dropped for stop in route.stops if stop.kind in _SERVED_KINDS
        ]
        parts[kind] = part.model_copy(update={"routes": kept, "unserved": unserved})
        notes.append(f"{kind}: {len(dropped)} route(s) of the base plan dropped ({', '.join(r.id for r in dropped)})")
    if not notes:
        return plan, []
    return plan.model_copy(update={"parts": parts}), notes
