"""Repairing a late garbage route: it ends earlier and its last points go to a truck with no route today."""

from __future__ import annotations

from optimizer.checks.garbage import check_garbage
from optimizer.garbage.repair import shorten_routes
from scenarios import Scenario


def _points(part) -> list[str]:
    return sorted(s.ref for r in part.routes for s in r.stops if s.kind == "point")


def test_a_route_ends_an_hour_earlier_and_an_idle_truck_takes_its_points(training, garbage_plan):
    """Asked to end 60 min earlier, the longest route drops its last points; an idle truck collects them;
    every point is still collected once and the independent checker finds nothing wrong."""
    longest = max(garbage_plan.routes, key=lambda r: r.duration_min)
    before_end = longest.stops[-1].arrival_min
    used = {r.vehicle for r in garbage_plan.routes}
    day = training.simulation.start_date
    repaired, done = shorten_routes(training, garbage_plan, {longest.id: 60.0}, day)
    assert [d.route for d in done] == [longest.id] and done[0].moved
    route = next(r for r in repaired.routes if r.id == longest.id)
    assert route.stops[-1].arrival_min <= before_end - 60.0 + 1e-6
    takers = [r for r in repaired.routes if r.id in done[0].to_routes]
    assert takers and all(r.vehicle not in used for r in takers)
    assert set(done[0].moved) <= {s.ref for r in takers for s in r.stops if s.kind == "point"}
    assert _points(repaired) == _points(garbage_plan)
    assert check_garbage(training, repaired, day) == []


def test_no_repair_without_an_idle_truck(training, garbage_plan):
    """With every truck of the depot already driving, the late route is left as it was (nothing uncollected)."""
    longest = max(garbage_plan.routes, key=lambda r: r.duration_min)
    used = {r.vehicle for r in garbage_plan.routes}
    data = training.model_dump()
    for v in data["fleet"]["vehicles"]:
        if v["id"] not in used:
            v["spare"] = True  # spares are not planned on
    busy = Scenario.model_validate(data)
    repaired, done = shorten_routes(busy, garbage_plan, {longest.id: 60.0}, training.simulation.start_date)
    assert done == [] and repaired == garbage_plan
