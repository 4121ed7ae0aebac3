"""The roster's words for managers: shifts and rules by name, and one sentence on what to change."""

from __future__ import annotations

import datetime as dt

from optimizer.roster import Demand, RosterProblem, ShiftType, Worker, consecutive_days
from optimizer.roster.messages import roster_advice, shift_label, violation_text
from optimizer.roster.roster import Roster, SoftViolation, UncoveredDemand


def _problem() -> RosterProblem:
    days = consecutive_days(dt.date(2026, 3, 2), 7)
    shifts = (ShiftType("early", 360, 480, "早班", name_en="Early"),)
    workers = (Worker("W1", "张伟", "T1", frozenset({"driver"})),)
    return RosterProblem(days, shifts, workers, (Demand(0, "early", "driver", 0, 2),), name="t")


def test_what_is_short_says_which_skill_and_how_many():
    problem = _problem()
    short = UncoveredDemand(0, "early", "driver", 1, (), "")
    roster = Roster("feasible", uncovered=(short, short))
    assert roster_advice(problem, roster, "zh").startswith("司机不足：共缺 2 人次。")
    assert roster_advice(problem, roster, "en").startswith("Short of driver: 2 person-shifts below the demand.")


def test_the_largest_share_of_the_penalty_names_what_to_change():
    problem = _problem()
    overtime = SoftViolation("overtime", "W1", 0, 6, 18, "hours")
    request = SoftViolation("shift_on_request", "W1", 1, 1, 1, "early")
    assert "加班" in roster_advice(problem, Roster("feasible", violations=(overtime, request)), "zh")
    assert roster_advice(problem, Roster("optimal"), "en") == "Every demand is covered and no rule is much strained."


def test_shifts_and_fairness_rules_are_named_as_people_say_them():
    problem = _problem()
    assert (shift_label(problem, "early", "zh"), shift_label(problem, "early", "en"), shift_label(problem, None, "zh")) \
        == ("早班", "Early", "休息")
    fair = SoftViolation("fair_nights", None, None, 3, 6, "team T1")
    assert violation_text(fair, problem, "zh", {"T1": "清运一班"}) == "清运一班：人与人之间夜班相差3个"
    assert violation_text(fair, problem, "zh") == "班组 T1：人与人之间夜班相差3个"
