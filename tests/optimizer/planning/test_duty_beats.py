"""Posts, duties and dated beats (定人定岗定则): zones checked in their hours, deputies covering, the roster followed."""

from __future__ import annotations

import datetime as dt

import pytest

from optimizer.checks.patrols import check_patrols
from optimizer.common.plan import RoutePlan
from optimizer.patrols.on_duty import rotation_on_duty
from optimizer.patrols.planner import horizon, plan_patrols
from scenarios import Scenario
from scenarios.model import TimeWindow
from scenarios.variants import Change, apply_changes


@pytest.fixture(scope="module")
def week(training: Scenario) -> RoutePlan:
    return plan_patrols(training, days=7)


def _evening_zone(training: Scenario) -> Scenario:
    zone = training.incidents.vendor_zones[0].model_copy(update={"window": TimeWindow(start=18 * 60, end=23 * 60)})
    incidents = training.incidents.model_copy(update={"vendor_zones": [zone]})
    return training.model_copy(update={"incidents": incidents})


def test_a_week_of_dated_beats_passes_the_checker(training, week):
    """Every beat is dated, every day of the week has beats, and the independent checker finds nothing."""
    assert {r.date for r in week.routes} == {d.isoformat() for d in horizon(training, None, 7)}
    assert not week.unserved
    assert check_patrols(training, week) == []


def test_an_evening_zone_is_checked_in_its_hours(training):
    """A zone open 18:00-23:00 gets the standard's checks between 18:00 and 23:00, spaced by the gap, every day."""
    scenario = _evening_zone(training)
    plan = plan_patrols(scenario, days=3)
    d = scenario.standards.patrol_duties
    for date in plan.on_duty:
        starts = sorted(s.start_min if s.start_min is not None else s.arrival_min
                        for r in plan.routes if r.date == date for s in r.stops if s.kind == "check")
        assert len(starts) >= d.vendor_zone_checks
        assert all(18 * 60 <= t and t + d.vendor_check_min <= 23 * 60 for t in starts)
        assert all(b - a >= d.vendor_check_gap_min for a, b in zip(starts, starts[1:], strict=False))
    assert check_patrols(scenario, plan) == []


def test_a_chief_off_duty_gets_no_beat_and_the_deputy_covers(training):
    """With the holder off that day, the deputy walks the post and nobody plans a beat for the holder."""
    chief = training.workforce.chiefs[0]
    day = training.simulation.start_date
    on_duty = rotation_on_duty(training, [day])
    on_duty[day].pop(chief.worker, None)
    on_duty[day][chief.deputy] = "patrol_day"
    plan = plan_patrols(training, days=1, on_duty=on_duty)
    assert all(r.crew != chief.worker for r in plan.routes)
    cover = next(r for r in plan.routes if chief.id in r.posts)
    assert cover.crew == chief.deputy
    assert plan.holders[day.isoformat()][chief.id] == chief.deputy
    assert check_patrols(training, plan) == []


def test_a_post_nobody_can_cover_is_reported_not_hidden(training):
    """Holder and deputy both off: the post's duties that day are listed undone with the reason."""
    day = training.simulation.start_date
    on_duty = {day: {w: s for w, s in rotation_on_duty(training, [day])[day].items()
                     if w not in {c.worker for c in training.workforce.chiefs}}}
    plan = plan_patrols(training, days=1, on_duty=on_duty)
    chief = training.workforce.chiefs[0]
    assert plan.holders[day.isoformat()][chief.id] == ""
    assert any(u.ref.startswith(f"{day.isoformat()}|{chief.id}|") and "off" in u.reason for u in plan.unserved)
    assert check_patrols(training, plan) == []


def test_checker_catches_a_beat_walked_by_someone_off_duty(training, week):
    """A beat handed to a worker the roster has off that day is reported."""
    date = sorted(week.on_duty)[0]
    off = next(c.worker for c in training.workforce.chiefs if c.worker not in week.on_duty[date])
    route = next(r for r in week.routes if r.date == date)
    broken = route.model_copy(update={"crew": off})
    plan = week.model_copy(update={"routes": [broken if r is route else r for r in week.routes]})
    assert any("not on duty" in e and off in e for e in check_patrols(training, plan))


def test_checker_catches_a_missing_zone_check(training, week):
    """Dropping one check of a vendor zone leaves it short of the standard, and the checker says so."""
    route = next(r for r in week.routes if any(s.kind == "check" for s in r.stops))
    k = next(i for i, s in enumerate(route.stops) if s.kind == "check")
    broken = route.model_copy(update={"stops": route.stops[:k] + route.stops[k + 1:]})
    plan = week.model_copy(update={"routes": [broken if r is route else r for r in week.routes]})
    assert any(f"vendor zone {route.stops[k].ref}" in e for e in check_patrols(training, plan))


def test_checker_catches_a_street_not_walked_in_its_cycle(training, week):
    """Removing every walk of one street over the week is reported as a missed walking cycle."""
    segment = next(s.ref for r in week.routes for s in r.stops if s.kind == "walk")
    routes = [r.model_copy(update={"stops": [s for s in r.stops if not (s.kind == "walk" and s.ref == segment)]})
              for r in week.routes]
    errors = check_patrols(training, week.model_copy(update={"routes": routes}))
    assert any(f"walk of {segment}" in e for e in errors)


def test_rotation_follows_the_demand_and_gives_days_off(training):
    """Without a roster, each day has the demand's head count and every chief gets days off in a week."""
    dates = [training.simulation.start_date + dt.timedelta(days=k) for k in range(7)]
    on_duty = rotation_on_duty(training, dates)
    chiefs = {c.worker for c in training.workforce.chiefs}
    for date in dates:
        want = sum(r.count for r in training.shifts.demand if r.skill == "chief" and date.weekday() in r.weekdays)
        assert sum(1 for w in on_duty[date] if w in chiefs) == min(want, len(chiefs))
    assert all(sum(w in on_duty[d] for d in dates) < 7 for w in chiefs)


def test_planner_and_checker_agree_on_the_busiest_spot_when_streets_tie(training):
    """Every street equally busy and equally long: both pick the smallest id's ends, so the beats check valid."""
    scenario = apply_changes(training, [Change(op="set", path="street_graph.segments", field="length_m", value=100.0),
                                        Change(op="set", path="street_graph.segments", field="incident_weight", value=1.0)])
    plan = plan_patrols(scenario, days=2)
    assert plan.routes and check_patrols(scenario, plan) == []
