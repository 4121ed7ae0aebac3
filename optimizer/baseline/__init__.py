"""'Today's way' without the optimizer: simple, plausible routes a planner compares the optimized plan with.

- Garbage (``garbage.py``): each truck sweeps the points nearest its depot in bearing order.
- Sweeping (``sweeping.py``): sweepers and crews on foot take the streets in id order.
- Toilets (``toilets.py``): each cleaner goes round a group of neighbouring toilets all shift.
- Patrols (``patrols.py``): each chief walks the hotspots of the streets given to him or her, three
  rounds a day in a fixed order; officers respond to incidents only.

Travel and work are timed exactly as the planners time them (the same street network, rush hours
and work norms), so the two plans are compared like with like.
"""

from __future__ import annotations

from optimizer.common.plan import Plan
from scenarios.model import Scenario

from .garbage import garbage_today
from .patrols import patrols_today
from .sweeping import sweeping_today
from .toilets import toilets_today


def baseline_plan(scenario: Scenario, params: object | None = None) -> Plan:
    """Routes for every kind of work built by today's simple rules (``params`` is accepted and unused)."""
    parts = {
        "garbage": garbage_today(scenario),
        "sweeping": sweeping_today(scenario),
        "toilets": toilets_today(scenario),
        "patrols": patrols_today(scenario),
    }
    return Plan(scenario=scenario.district.name_en, day="", parts=parts)


__all__ = ["baseline_plan"]
