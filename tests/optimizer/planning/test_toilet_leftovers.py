"""Visits one shift's crews cannot reach go to the crews of another shift on duty then."""

from __future__ import annotations

from optimizer.common.network import router_for
from optimizer.common.timeline import RouteSpec, Work, route_in_shift
from optimizer.toilets.leftovers import Leftover, Round, place_leftovers
from optimizer.toilets.planner import work_span


def _setting(training):
    ebike = next(t for t in training.fleet.vehicle_types if t.kind == "ebike")
    router = router_for(training, ebike)
    shifts = {s.id: s for s in training.shifts.templates if "toilet_cleaner" in s.skills}
    station = training.facilities.service_stations[0]
    stations = [(s.id, router.index[s.node]) for s in training.facilities.service_stations]
    first, second = training.facilities.toilets[:2]
    day = shifts["toilet_day"]
    spec = RouteSpec(id="toilets-Z1-toilet_day-01", kind="toilets", start_node=router.index[station.node],
                     end_node=router.index[station.node], start_ref=station.id, end_ref=station.id,
                     vehicle_type=ebike, crew="toilet-crew-Z1-toilet_day-01", shift=day.id, wage_per_h=30.0)
    work = Work("toilet", first.id, router.index[first.node], router.index[first.node], 12.0, window=(480.0, 570.0))
    route, dropped = route_in_shift(router, spec, [work], float(day.start), float(day.end), day.break_min, stations)
    assert route is not None and not dropped
    work_end = {sid: work_span(s)[1] for sid, s in shifts.items()}
    return router, shifts, stations, second, Round(route, [work], spec, "Z1"), work_end


def test_a_visit_the_mid_shift_cannot_take_goes_to_a_day_round_in_its_slot(training):
    """A 09:00-10:30 visit left by the mid shift's crews is cleaned by the day shift's round, inside its slot."""
    router, shifts, stations, toilet, day_round, work_end = _setting(training)
    left = Leftover("X@09:00", toilet.id, router.index[toilet.node], "Z1", (540.0, 630.0), 12.0, "toilet_mid")
    rounds, still = place_leftovers(router, [left], [day_round], {}, shifts, work_end, stations)
    assert still == []
    stops = [s for s in rounds[0].route.stops if s.kind == "toilet" and s.ref == toilet.id]
    assert len(stops) == 1
    begin = stops[0].start_min if stops[0].start_min is not None else stops[0].arrival_min
    assert 540.0 - 1e-6 <= begin <= 630.0 + 1e-6
    day = shifts["toilet_day"]
    assert rounds[0].route.stops[-1].arrival_min <= day.end + 1e-6


def test_an_idle_crew_of_the_other_shift_starts_a_round(training):
    """With the day round full (its window taken), a crew of that shift with no round takes the visit."""
    router, shifts, stations, toilet, day_round, work_end = _setting(training)
    # The visit's slot is the same minute as the round's own visit, far away: one crew cannot do both.
    left = Leftover("X@08:00", toilet.id, router.index[toilet.node], "Z1", (480.0, 480.0), 12.0, "toilet_mid")
    crowded = Round(day_round.route, [Work("toilet", "elsewhere", day_round.works[0].entry, day_round.works[0].exit,
                                           420.0, window=(420.0, 420.0))], day_round.spec, "Z1")
    rounds, still = place_leftovers(router, [left], [crowded], {("Z1", "toilet_day"): 1}, shifts, work_end, stations)
    assert still == []
    assert len(rounds) == 2 and rounds[1].spec.shift == "toilet_day" and rounds[1].spec.id != crowded.spec.id


def test_a_visit_no_shift_reaches_stays_left(training):
    """A slot after every shift's working time cannot be given to anyone: it stays unserved."""
    router, shifts, stations, toilet, day_round, work_end = _setting(training)
    late = max(work_end.values()) + 30.0
    left = Leftover("X@late", toilet.id, router.index[toilet.node], "Z1", (late, late + 30.0), 12.0, "toilet_evening")
    rounds, still = place_leftovers(router, [left], [day_round], {("Z1", "toilet_day"): 3}, shifts, work_end, stations)
    assert still == [left]
    assert len(rounds) == 1 and len(rounds[0].works) == 1
