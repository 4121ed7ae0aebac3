"""Today's toilet rounds: each cleaner has a group of neighbouring toilets and goes round it all shift.

Toilets are taken in bearing order around the first depot and shared out in contiguous groups, one
per cleaner on each shift that has cleaners; a cleaner rides the fleet's e-bike (on foot without
one) and cleans each toilet of the group in turn, with a break at the nearest 驿站 half-way.
"""

from __future__ import annotations

import numpy as np

from optimizer.common.network import router_for
from optimizer.common.plan import Route, RoutePlan, Stop, Unserved
from optimizer.common.work_times import toilet_clean_min
from scenarios.model import Scenario

from .common import Clock, angle_order, part, shift_for, shifts_with_demand


def toilets_today(scenario: Scenario) -> RoutePlan:
    toilets = sorted(scenario.facilities.toilets, key=lambda t: t.id)
    shifts = (shifts_with_demand(scenario, "toilet_cleaner")
              or [(shift_for(scenario, "early", "toilet_cleaner"), 0)])
    workers = [w.id for w in scenario.workforce.workers if "toilet_cleaner" in w.skills]
    if not toilets or not workers:
        return part("toilets", [], [Unserved(kind="toilets", ref=t.id, reason="no cleaners") for t in toilets])
    ebike = next((t for t in scenario.fleet.vehicle_types if t.kind == "ebike"), None)
    router = router_for(scenario, ebike)
    order = angle_order(router, scenario, scenario.facilities.depots[0].node, [t.node for t in toilets])
    toilets = [toilets[i] for i in order]
    routes: list[Route] = []
    used = 0
    for shift, count in shifts:
        crew = workers[used:used + (count or len(workers))] or workers[:1]
        used += len(crew)
        groups = np.array_split(np.arange(len(toilets)), min(len(crew), len(toilets)))
        for worker, group in zip(crew, groups, strict=False):
            members = [toilets[i] for i in group]
            end = shift.start + shift.duration_min + shift.break_min
            clock = Clock(router, router.index[members[0].node], float(shift.start))
            stops: list[Stop] = []
            took_break = shift.break_min <= 0
            going = True
            while going:
                added = False
                for toilet in members:
                    node = router.index[toilet.node]
                    clean = toilet_clean_min(scenario, toilet.id)
                    if clock.arrive(node) + clean > end:
                        going = False
                        break
                    stops.append(clock.stop("toilet", toilet.id, node, clean))
                    added = True
                    if not took_break and clock.t >= shift.start + shift.duration_min / 2:
                        stops.append(clock.take_break(scenario, shift.break_min))
                        took_break = True
                going = going and added
            routes.append(Route(id=f"T-{worker}-{shift.id}", kind="toilets", crew=worker, shift=shift.id,
                                vehicle_type=ebike.id if ebike is not None else None, stops=stops,
                                duration_min=round(clock.t - shift.start, 3)))
    return part("toilets", routes, [])
