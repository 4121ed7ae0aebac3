"""Who turns up (simulation.staffing): absences, spares in plan order, short crews and rostered seats."""

from __future__ import annotations

import pytest

from simulation import SimParams, baseline_plan
from simulation.draws import RouteDraws
from simulation.replication import compiled
from simulation.staffing import Staffing


@pytest.fixture(scope="module")
def routes(training):
    return compiled(training, baseline_plan(training), SimParams())[1]


def _staffing(routes, absence_rate: float, slowdown: float = 1.5) -> Staffing:
    draws = RouteDraws(3, 0, routes, 0.15, 0.25)
    draws.ensure(0)
    return Staffing(routes, draws, absence_rate, slowdown)


def _seats_by_skill(routes) -> dict[str, int]:
    count: dict[str, int] = {}
    for r in routes:
        for skill in r.crew_skills:
            count[skill] = count.get(skill, 0) + 1
    return count


def test_without_absences_every_crew_is_complete(routes):
    s = _staffing(routes, 0.0)
    pool = {"driver": 2}
    assert s.staff_day(0, pool) == (0, 0)
    assert s.present.tolist() == [len(r.crew_skills) for r in routes]
    assert set(s.factor.tolist()) == {1.0} and pool == {"driver": 2}


def test_spares_cover_every_absent_seat_while_the_pool_lasts(routes):
    seats = _seats_by_skill(routes)
    s = _staffing(routes, 1.0)  # everyone is absent
    pool = {skill: n + 1 for skill, n in seats.items()}
    assert s.staff_day(0, pool) == (sum(seats.values()), 0)
    assert s.present.tolist() == [len(r.crew_skills) for r in routes]
    assert pool == dict.fromkeys(seats, 1)


def test_spares_go_to_absent_seats_in_plan_order(routes):
    """One spare driver and one loader: the first truck loses a loader only and works 1.5x slower;
    the trucks after it lose their driver and are not run, like every crew on foot without spares."""
    garbage = [r for r in routes if r.kind == "garbage"]
    assert [len(r.crew_skills) for r in garbage] == [3, 3, 2] and garbage[0].index == 0
    s = _staffing(routes, 1.0, slowdown=1.5)
    absences, unfilled = s.staff_day(0, {"driver": 1, "loader": 1})
    assert absences == sum(len(r.crew_skills) for r in routes) and unfilled == absences - 2
    assert s.present[0] == 2 and s.factor[0] == 1.5
    assert s.present[1:].tolist() == [0] * (len(routes) - 1)


def test_the_same_day_and_pool_give_the_same_crews(routes):
    a, b = _staffing(routes, 0.3), _staffing(routes, 0.3)
    seats = _seats_by_skill(routes)
    result_a = a.staff_day(0, {"loader": 1, "manual_sweeper": 1})
    result_b = b.staff_day(0, {"loader": 1, "manual_sweeper": 1})
    assert result_a == result_b and a.present.tolist() == b.present.tolist()
    assert 0 < result_a[0] < sum(seats.values())  # some, not all, absent at 30 %


def test_seats_a_roster_leaves_empty_are_the_last_of_their_kind_in_plan_order(routes):
    """With a roster, pool and shortages are per (skill, shift); the missing loader is the 2 t truck's."""
    bucket = next(r for r in routes if r.id == "G-bucket_2t-01")
    s = _staffing(routes, 0.0, slowdown=1.4)
    pool = {("loader", "collection"): 0}
    assert s.staff_day(0, pool, short={("loader", "collection"): 1}) == (0, 1)
    assert s.present[bucket.index] == 1 and s.factor[bucket.index] == 1.4
    others = [k for k in range(len(routes)) if k != bucket.index]
    assert all(s.present[k] == len(routes[k].crew_skills) for k in others)
    s.staff_day(0, pool, short={("driver", "collection"): 1})  # no driver: the truck is not run
    assert s.present[bucket.index] == 0
