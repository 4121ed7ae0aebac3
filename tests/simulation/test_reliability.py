"""The robust check: every planned route simulated, with its chance to end within its shift."""

from __future__ import annotations

import pytest

from optimizer.common.plan import Plan
from optimizer.garbage.planner import plan_garbage
from simulation.reliability import check_reliability, reliability_lines

from .test_validity import variant


@pytest.fixture(scope="module")
def garbage_day(training):
    part = plan_garbage(training, time_limit_s=60, seed=2, max_iterations=100)  # by iterations: the same plan on a loaded machine
    return Plan(scenario=training.district.name_en, day=str(training.simulation.start_date), parts={"garbage": part})


def test_every_route_gets_its_reliability(training, garbage_day):
    """After the check each planned route carries the shares of its simulated days, as plan.json will."""
    check = check_reliability(training, garbage_day, budget_s=5, seed=1, replications=5)
    assert check.replications == 5
    routes = check.plan.parts["garbage"].routes
    assert routes and all(r.reliability is not None and r.reliability.days == 10 for r in routes)
    assert all(0 <= r.reliability.within_shift <= 1 for r in routes)
    assert any("robust check" in line for line in reliability_lines(check))


def test_a_route_too_long_for_a_shorter_shift_is_flagged(training, garbage_day):
    """The same routes played with the collection shift three hours shorter end late: below the target, listed."""
    def shorter(d):
        for t in d["shifts"]["templates"]:
            if t["id"] == "collection":
                t["duration_min"] -= 180
    check = check_reliability(variant(training, shorter), garbage_day, budget_s=5, seed=1, replications=5)
    long_routes = [r for r in check.plan.parts["garbage"].routes if r.shift == "collection" and r.duration_min > 300]
    assert long_routes
    assert all(r.reliability.within_shift < check.target and r.id in check.below for r in long_routes)


def test_late_routes_are_repaired_and_checked_again(training, garbage_day):
    """With the collection shift two hours shorter the long route is late on most days; the repair hands its
    last points to other trucks so it ends within its shift on more days, the checker accepts the plan,
    every point is still collected and fewer route-days end late or leave a stop unserved."""
    from optimizer.checks import check_plan
    from simulation.repair import check_and_repair, late_days, minutes_to_gain, robust_lines, shortfall

    def shorter(d):
        for t in d["shifts"]["templates"]:
            if t["id"] == "collection":
                t["duration_min"] -= 120
    short = variant(training, shorter)
    result = check_and_repair(short, garbage_day, budget_s=20, seed=1, replications=5)
    late = minutes_to_gain(result.before)
    assert late
    assert result.repairs
    before = {r.id: r.reliability for r in result.before.plan.parts["garbage"].routes}
    after = {r.id: r.reliability for r in result.plan.parts["garbage"].routes}
    assert all(after[r].within_shift > before[r].within_shift for r in late)
    assert late_days(result.check) < late_days(result.before)
    assert shortfall(result.check) < shortfall(result.before)
    assert not any(check_plan(short, result.plan).values())
    served = sorted(s.ref for r in result.plan.parts["garbage"].routes for s in r.stops if s.kind == "point")
    assert served == sorted(s.ref for r in garbage_day.parts["garbage"].routes for s in r.stops if s.kind == "point")
    assert any("robust repair" in line for line in robust_lines(result))
