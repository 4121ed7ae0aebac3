"""Toilet rounds keep each toilet's interval standard, where a cost-only round would not."""

from __future__ import annotations

import pytest

from optimizer.checks.toilets import check_toilets
from optimizer.toilets.planner import plan_toilets, toilet_slots
from scenarios.assessment import toilet_assessed_hours, toilet_day, toilet_interval_min
from scenarios.model import DemandRule


def _class_2(training):
    return next(t for t in training.facilities.toilets if t.grade == 2 and t.opening.start == 360)


def test_one_visit_per_slot_can_break_the_interval_the_windows_cannot(training):
    """A cost-only round that cleans once somewhere in each interval-long slot can leave almost two intervals
    between cleanings (start of one slot, end of the next); the planner's windows keep it whatever times it takes."""
    toilet = _class_2(training)
    start, end = toilet_assessed_hours(training, toilet.id)
    interval = toilet_interval_min(training, toilet.id)
    slots = [(start + k * interval, min(start + (k + 1) * interval, end)) for k in range(int((end - start) // interval) + 1)]
    # Both cleanings inside their slots, as a cost-only round may place them (early in one, late in the next).
    clustered = [slots[0][0] + 1, slots[1][1] - 1] + [lo + 1 for lo, _ in slots[2:]]
    assert toilet_day(training, toilet.id, clustered).missed > 0
    windows = toilet_slots(training, toilet.id)
    for pick in (0.0, 1.0):
        extreme = [lo + (hi - lo) * ((k + pick) % 2) for k, (lo, hi) in enumerate(windows)]
        assert toilet_day(training, toilet.id, extreme).missed == 0


@pytest.fixture(scope="module")
def staffed(training):
    """The training district with two cleaners on every toilet shift (nothing left for want of staff)."""
    demand = [r for r in training.shifts.demand if r.skill != "toilet_cleaner"]
    demand += [DemandRule(skill="toilet_cleaner", shift=s.id, count=2) for s in training.shifts.templates
               if "toilet_cleaner" in s.skills]
    variant = training.model_copy(update={"shifts": training.shifts.model_copy(update={"demand": demand})})
    variant.__dict__.pop("index", None)
    return variant


def test_planned_rounds_keep_every_toilet_interval(staffed):
    """With enough cleaners every visit is served and every toilet's planned cleanings keep its standard."""
    plan = plan_toilets(staffed, time_limit_s=4, seed=3)
    assert check_toilets(staffed, plan) == []
    assert not plan.unserved
    starts: dict[str, list[float]] = {}
    for route in plan.routes:
        for stop in route.stops:
            if stop.kind == "toilet":
                starts.setdefault(stop.ref, []).append(stop.start_min or stop.arrival_min)
    for toilet in staffed.facilities.toilets:
        record = toilet_day(staffed, toilet.id, starts.get(toilet.id, []))
        assert record.missed == 0 and record.kept > 0, toilet.id
