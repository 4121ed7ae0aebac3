"""Toilet rounds: valid by the independent checker, every slot accounted for, 24-hour toilets, cancel."""

from __future__ import annotations

from optimizer.checks.toilets import check_toilets
from optimizer.common.network import router_for
from optimizer.toilets.planner import plan_toilets, required_visits, toilet_phases, toilet_slots


def test_toilet_plan_passes_the_checker(training, toilets_plan):
    """The planned rounds break no rule the independent checker knows."""
    assert toilets_plan.routes
    assert check_toilets(training, toilets_plan) == []


def test_every_slot_is_visited_or_explained(training, toilets_plan):
    """Visits plus unserved visits (with reasons) add up to every visit the standard needs."""
    ebike = next((t for t in training.fleet.vehicle_types if t.kind == "ebike"), None)
    visits, impossible = required_visits(training, toilet_phases(training, router_for(training, ebike)))
    served = sum(1 for r in toilets_plan.routes for s in r.stops if s.kind == "toilet")
    assert all(u.reason for u in toilets_plan.unserved)
    assert served + len(toilets_plan.unserved) == len(visits) + len(impossible)


def test_24_hour_toilets_get_no_night_rounds(training):
    """A 24-hour toilet is cleaned on rounds only between 06:00 and 23:00 (a night attendant covers the rest)."""
    always_open = next(t for t in training.facilities.toilets if t.opening.start == 0 and t.opening.end == 1440)
    slots = toilet_slots(training, always_open.id)
    interval = training.index.toilet_interval_min(always_open.id)
    assert 6 * 60 <= slots[0][0] and slots[0][1] <= 6 * 60 + interval
    assert slots[-1][1] <= 23 * 60 and 23 * 60 - slots[-1][0] <= interval


def test_checker_catches_a_slot_without_a_visit(training, toilets_plan):
    """Removing a cleaning whose neighbours are more than an interval apart (and listing nothing unserved) is
    reported as too long an interval."""
    begins: dict[str, list[float]] = {}
    for r in toilets_plan.routes:
        for s in r.stops:
            if s.kind == "toilet":
                begins.setdefault(s.ref, []).append(s.start_min or s.arrival_min)
    chosen = None
    for r in toilets_plan.routes:
        for k, s in enumerate(r.stops):
            times = sorted(begins.get(s.ref, []))
            t = s.start_min or s.arrival_min
            i = times.index(t) if s.kind == "toilet" else -1
            if 0 < i < len(times) - 1 and times[i + 1] - times[i - 1] > training.index.toilet_interval_min(s.ref):
                chosen = (r, k)
                break
        if chosen:
            break
    assert chosen is not None
    route, k = chosen
    toilet = route.stops[k].ref
    broken = route.model_copy(update={"stops": route.stops[:k] + route.stops[k + 1:]})
    plan = toilets_plan.model_copy(update={"routes": [broken if r is route else r for r in toilets_plan.routes],
                                           "unserved": []})
    assert any(toilet in e and "passes without a cleaning" in e for e in check_toilets(training, plan))


def test_stop_returns_a_plan_marked_stopped(training):
    """A cancelled toilet plan is marked 'stopped' and lists every slot as unserved, so it still checks."""
    plan = plan_toilets(training, time_limit_s=1, seed=3, stop=lambda: True)
    assert plan.status == "stopped" and not plan.routes
    assert check_toilets(training, plan) == []


def test_same_seed_gives_the_same_rounds(training):
    """Planning twice with the same seed and an iteration limit gives the same rounds (both engines racing)."""
    first, again = (plan_toilets(training, time_limit_s=3, seed=3, max_iterations=300) for _ in range(2))
    assert [(r.id, [s.ref for s in r.stops]) for r in again.routes] == \
        [(r.id, [s.ref for s in r.stops]) for r in first.routes]


def test_checker_catches_a_visit_outside_opening_hours(training, toilets_plan):
    """The same rounds checked against a toilet that opens only at noon report the early visits."""
    visited = next(s.ref for r in toilets_plan.routes for s in r.stops if s.kind == "toilet" and s.arrival_min < 700)
    toilets = [t.model_copy(update={"opening": t.opening.model_copy(update={"start": 720})}) if t.id == visited else t
               for t in training.facilities.toilets]
    variant = training.model_copy(update={"facilities": training.facilities.model_copy(update={"toilets": toilets})})
    variant.__dict__.pop("index", None)  # the id lookups are cached per scenario object
    assert any(visited in e and "outside its opening hours" in e for e in check_toilets(variant, toilets_plan))


def test_cleanings_are_spaced_with_a_reserve_below_the_interval(training):
    """However each visit falls inside its window, two planned cleanings are at most the class's interval
    less the standards' reserve apart; with no reserve the planner spaces them by the full interval (fewer
    visits), and the standard itself stays the full interval."""
    from scenarios import Scenario
    from scenarios.assessment import planned_toilet_interval_min, toilet_interval_min

    toilet = min(training.facilities.toilets, key=lambda t: (toilet_interval_min(training, t.id), t.id))
    interval = toilet_interval_min(training, toilet.id)
    planned = planned_toilet_interval_min(training, toilet.id)
    assert planned == max(interval / 2, interval - training.standards.toilet_interval_reserve_min) < interval
    slots = toilet_slots(training, toilet.id)
    assert all(b[1] - a[0] <= planned + 1e-6 for a, b in zip(slots, slots[1:], strict=False))
    data = training.model_dump()
    data["standards"]["toilet_interval_reserve_min"] = 0.0
    no_reserve = Scenario.model_validate(data)
    assert planned_toilet_interval_min(no_reserve, toilet.id) == interval
    assert len(toilet_slots(no_reserve, toilet.id)) < len(slots)
