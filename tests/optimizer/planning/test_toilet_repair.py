"""Repairing a late toilet round: it ends earlier and another round, with time to spare, takes its last visits
in their slots, so every interval still holds."""

from __future__ import annotations

from optimizer.checks.toilets import check_toilets
from optimizer.toilets.repair import shorten_rounds


def _visits(part) -> list[str]:
    return sorted(s.ref for r in part.routes for s in r.stops if s.kind == "toilet")


def test_a_late_round_hands_its_last_visits_to_a_round_with_time_to_spare(training, toilets_plan):
    day = next(r for r in toilets_plan.routes if r.shift == "toilet_day")
    others = {r.id: 240.0 for r in toilets_plan.routes if r.id != day.id}
    repaired, done = shorten_rounds(training, toilets_plan, {day.id: 60.0}, others)
    assert [d.route for d in done] == [day.id] and done[0].moved
    shorter = next(r for r in repaired.routes if r.id == day.id)
    assert shorter.stops[-1].arrival_min <= day.stops[-1].arrival_min - 60.0 + 1e-6
    assert _visits(repaired) == _visits(toilets_plan)  # every cleaning still done, by someone
    assert check_toilets(training, repaired) == []  # the independent checker: intervals and shifts hold


def test_no_repair_when_no_round_has_time_to_spare(training, toilets_plan):
    day = next(r for r in toilets_plan.routes if r.shift == "toilet_day")
    repaired, done = shorten_rounds(training, toilets_plan, {day.id: 60.0}, {})
    assert done == [] and repaired == toilets_plan
