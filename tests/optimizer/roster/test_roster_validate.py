"""The independent validator flags each hard rule on a hand-made violation."""

from dataclasses import replace

from optimizer.roster.problem import Contract, Demand, Worker
from optimizer.roster.validate import validate_roster


def _one_worker(contract: Contract, **fields) -> tuple:
    return (Worker("W0", team="A", skills=frozenset({"driver"}), contract=contract, **fields),)


def _broken(problem, assignments, **kwargs) -> set[str]:
    return validate_roster(problem, assignments, **kwargs).rules_broken()


def test_legal_roster_has_no_violation(tiny_problem):
    """A roster that obeys every rule passes and costs only its uncovered targets."""
    problem = tiny_problem(workers=_one_worker(Contract(max_consecutive_days=5)), demands=(Demand(0, "E", None, 1, 1),))
    report = validate_roster(problem, {("W0", 0): "E", ("W0", 1): "E"})
    assert report.ok
    assert report.penalties.get("coverage_over", 0) == 0


def test_leave_day_worked_is_flagged(tiny_problem):
    """Working on a leave day breaks the leave rule."""
    problem = tiny_problem(workers=_one_worker(Contract(), leave_days=frozenset({2})), demands=())
    assert "unavailable" in _broken(problem, {("W0", 2): "E"})


def test_shift_type_limit_is_flagged(tiny_problem):
    """More night shifts than the contract allows is flagged."""
    problem = tiny_problem(workers=_one_worker(Contract(max_shifts_per_type={"N": 1})), demands=())
    assert "max_shift_type" in _broken(problem, {("W0", 0): "N", ("W0", 3): "N"})


def test_short_rest_is_flagged(tiny_problem):
    """A late shift then an early shift leaves 8 h rest, below the 11 h minimum."""
    problem = tiny_problem(workers=_one_worker(Contract()), demands=())
    assert "rest" in _broken(problem, {("W0", 0): "L", ("W0", 1): "E"})
    assert "rest" not in _broken(problem, {("W0", 0): "E", ("W0", 1): "L"})


def test_named_forbidden_succession_is_flagged(tiny_problem):
    """A succession forbidden by the shift template is flagged even with enough rest."""
    problem = tiny_problem(workers=_one_worker(Contract()), demands=())
    shifts = (replace(problem.shifts[0], forbidden_next=("L",)),) + problem.shifts[1:]
    problem = replace(problem, shifts=shifts)
    assert "rest" in _broken(problem, {("W0", 0): "E", ("W0", 1): "L"})


def test_too_many_days_in_a_row_is_flagged(tiny_problem):
    """Six working days with a maximum of five is flagged."""
    problem = tiny_problem(workers=_one_worker(Contract(max_consecutive_days=5)), demands=())
    assert "max_consecutive" in _broken(problem, {("W0", d): "E" for d in range(6)})


def test_short_work_stretch_is_flagged(tiny_problem):
    """A single working day between days off breaks a minimum of two in a row."""
    problem = tiny_problem(workers=_one_worker(Contract(min_consecutive_days=2)), demands=())
    assert "min_consecutive" in _broken(problem, {("W0", 3): "E"})
    assert "min_consecutive" not in _broken(problem, {("W0", 0): "E"})  # stretch at the horizon edge


def test_short_days_off_stretch_is_flagged(tiny_problem):
    """One day off between working days breaks a minimum of two days off in a row."""
    problem = tiny_problem(workers=_one_worker(Contract(min_consecutive_days_off=2)), demands=())
    assert "min_days_off_run" in _broken(problem, {("W0", 0): "E", ("W0", 1): "E", ("W0", 3): "E"})


def test_weekly_hours_limit_is_flagged(tiny_problem):
    """Six 8-hour shifts exceed 40 hours a week (standard working hours)."""
    problem = tiny_problem(workers=_one_worker(Contract(max_minutes_per_week=2400)), demands=())
    assert "week_minutes" in _broken(problem, {("W0", d): "E" for d in range(6)})


def test_period_hours_limits_are_flagged(tiny_problem):
    """Comprehensive regime: too many and too few minutes over the averaging period are flagged."""
    contract = Contract(regime="comprehensive", max_minutes_per_period=960, min_minutes_per_period=480, period_days=7)
    problem = tiny_problem(workers=_one_worker(contract), demands=())
    assert "period_max" in _broken(problem, {("W0", d): "E" for d in range(3)})
    assert "period_min" in _broken(problem, {})


def test_weekly_day_off_is_flagged(tiny_problem):
    """Working all seven days of a week breaks the weekly day off."""
    problem = tiny_problem(workers=_one_worker(Contract(min_days_off_per_week=1)), demands=())
    assert "week_days_off" in _broken(problem, {("W0", d): "E" for d in range(7)})


def test_weekend_limit_is_flagged_and_makeup_days_do_not_count(tiny_problem):
    """Two worked weekends with a maximum of one is flagged; a make-up working Saturday is no weekend."""
    problem = tiny_problem(workers=_one_worker(Contract(max_weekends=1)), demands=(), days=14)
    assert "max_weekends" in _broken(problem, {("W0", 5): "E", ("W0", 12): "E"})
    makeup = tiny_problem(workers=_one_worker(Contract(max_weekends=1)), demands=(), days=14,
                          makeup=frozenset({problem.days[5].date}))
    assert "max_weekends" not in _broken(makeup, {("W0", 5): "E", ("W0", 12): "E"})


def test_minimum_cover_is_flagged(tiny_problem):
    """A demand with a minimum of one driver and nobody on the shift is flagged."""
    problem = tiny_problem(workers=_one_worker(Contract()), demands=(Demand(0, "E", "driver", 1, 1),))
    assert "min_cover" in _broken(problem, {})
    assert "min_cover" not in _broken(problem, {("W0", 0): "E"}, roles={("W0", 0): "driver"})


def test_role_without_skill_is_flagged(tiny_problem):
    """Counting someone as a loader who is not a loader is flagged."""
    problem = tiny_problem(workers=_one_worker(Contract()), demands=())
    assert "skill" in _broken(problem, {("W0", 0): "E"}, roles={("W0", 0): "loader"})


def test_pinned_cell_changed_is_flagged(tiny_problem):
    """A pinned cell that was not kept is flagged."""
    problem = tiny_problem(workers=_one_worker(Contract()), demands=())
    assert "pin" in _broken(problem, {("W0", 0): "L"}, pinned={("W0", 0): "E"})
    assert "pin" in _broken(problem, {("W0", 1): "L"}, pinned={("W0", 1): None})


def test_too_many_changes_are_flagged(tiny_problem):
    """More changes from the previous roster than allowed are flagged."""
    problem = tiny_problem(workers=_one_worker(Contract()), demands=())
    previous = {("W0", 0): "E", ("W0", 1): "E", ("W0", 2): None}
    assert "max_changes" in _broken(problem, {("W0", 2): "E"}, previous=previous, max_changes=2)
    assert "max_changes" not in _broken(problem, {("W0", 0): "E", ("W0", 2): "E"}, previous=previous, max_changes=2)


def test_soft_penalties_are_recomputed(tiny_problem):
    """Requests and fairness are priced by the validator itself."""
    from optimizer.roster.problem import ShiftRequest, SoftWeights
    workers = (
        Worker("W0", team="A", requests=(ShiftRequest(0, "E", True, 3), ShiftRequest(1, None, False, 2))),
        Worker("W1", team="A"),
    )
    problem = tiny_problem(workers=workers, demands=(), weights=SoftWeights(fair_nights=4))
    report = validate_roster(problem, {("W0", 1): "N", ("W0", 3): "N"})
    assert report.penalties == {"shift_on_request": 3, "shift_off_request": 2, "fair_nights": 8}
