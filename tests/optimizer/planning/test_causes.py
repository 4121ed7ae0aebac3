"""Every reason a planner gives for undone work reads back as a cause a planner can act on."""

from __future__ import annotations

import pytest

from optimizer.common.causes import cause_of
from optimizer.solve import RouteParams, solve_routes

# One wording of each planner's reasons (as the planners write them), with the cause it stands for.
REASONS = [
    ("staff: no toilet_cleaner shift works between 06:00 and 07:00, when this cleaning is due", "staff"),
    ("staff: no toilet_cleaner of shift toilet_day is left for zone Z1", "staff"),
    ("crew time exhausted: the 2 crews of zone Z1 on shift toilet_day, and the crews of the other shifts then, "
     "cannot also reach WC1 in this slot", "staff"),
    ("no manual crew left on shift early (3 crews for 5 beats; beat B1)", "staff"),
    ("no crew left on shift early", "staff"),
    ("no cleaners", "staff"),
    ("the hotspots of CH1 cannot all be passed 3 times within shift patrol_day, even by e-bike", "window"),
    ("no time left in shift early for this pass of beat B1 and the 30 min break", "window"),
    ("window 05:00-06:00 of shift early is shorter than the 75 min sweep", "window"),
    ("no shift for manual_sweeper overlaps the sweep window", "window"),
    ("time window: from depot D1 the earliest arrival is 07:10, after its access window closes at 07:00", "window"),
    ("shift length: the truck serving it could not also reach it and end the collection shift in time", "window"),
    ("none of its access windows falls in a drivers' shift", "window"),
    ("fleet exhausted: the 3 trucks of D1 on shift collection have no capacity or time left for it in its window "
     "05:00-09:00", "fleet"),
    ("fleet time exhausted: the 2 sweeper of depot D1 on shift early cannot also sweep kerb a->b within 05:00-07:00",
     "fleet"),
    ("no truck capacity or time left", "fleet"),
    ("no sweeper in the fleet", "fleet"),
    ("no truck type in the fleet collects this kind of point", "fleet"),
    ("capacity: 9000 kg is more than the largest truck able to reach it holds (8000 kg)", "capacity"),
    ("toilet WC1 cannot be reached from base MS1", "reach"),
    ("sweeper cannot drive this street class", "reach"),
    ("no truck in the fleet is allowed on the streets that lead to it", "reach"),
    ("no truck able to reach it is based at its nearest depot D2", "reach"),
    ("no sweeper allowed on back_alley streets can reach segment S1", "reach"),
    ("second collection: fleet exhausted: the 1 trucks of D1 …", "fleet"),
    ("planning stopped by the user", "stopped"),
    ("locked to truck V1, which is not in the fleet", "locked"),
    ("no valid plan found for zone Z1 on shift toilet_day (no_solution)", "solver"),
]


@pytest.mark.parametrize(("reason", "cause"), REASONS)
def test_each_planner_wording_has_its_cause(reason: str, cause: str) -> None:
    assert cause_of(reason) == cause


def test_a_short_district_reads_back_as_known_causes(training) -> None:
    """Shifts of 2.5 h and one truck type fewer: much is left undone, every reason is a known cause."""
    shifts = training.shifts.model_copy(update={"templates": [
        s.model_copy(update={"duration_min": 150.0}) for s in training.shifts.templates]})
    fleet = training.fleet.model_copy(update={"vehicles": [
        v for v in training.fleet.vehicles if v.type != "compactor_5t"]})
    short = training.model_copy(update={"shifts": shifts, "fleet": fleet})
    plan = solve_routes(short, "all", RouteParams(time_limit_s=8, seed=1))
    found = {(kind, cause_of(u.reason)) for kind, part in plan.parts.items() for u in part.unserved}
    unknown = sorted({u.reason for part in plan.parts.values() for u in part.unserved if cause_of(u.reason) == "other"})
    assert not unknown, unknown
    assert {("garbage", "fleet"), ("sweeping", "window"), ("toilets", "staff")} <= found
