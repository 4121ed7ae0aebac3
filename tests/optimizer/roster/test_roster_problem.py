"""The roster problem checks itself and says what is wrong."""

import datetime as dt

import pytest

from optimizer.roster.model import SolveParams, solve_roster
from optimizer.roster.problem import (
    Contract,
    Day,
    Demand,
    RosterProblem,
    ShiftType,
    SoftWeights,
    Worker,
    consecutive_days,
)


def _days():
    return consecutive_days(dt.date(2024, 1, 1), 3)


def test_unknown_shift_in_demand_is_rejected():
    """A demand for a shift that does not exist names the shift."""
    with pytest.raises(ValueError, match="unknown shift 'X'"):
        RosterProblem(_days(), (ShiftType("E", 360, 480),), (Worker("A"),), (Demand(0, "X", None, 0, 1),))


def test_duplicate_workers_are_rejected():
    """Two workers with one id are listed."""
    with pytest.raises(ValueError, match=r"duplicates: \['A'\]"):
        RosterProblem(_days(), (ShiftType("E", 360, 480),), (Worker("A"), Worker("A")), ())


def test_leave_outside_horizon_is_rejected():
    """A leave day after the horizon names the worker and the day."""
    with pytest.raises(ValueError, match="worker A: day off 9 outside horizon"):
        RosterProblem(_days(), (ShiftType("E", 360, 480),), (Worker("A", leave_days=frozenset({9})),), ())


def test_bad_values_quote_the_value():
    """Negative weights, minimum above target, unknown regimes and weekday make-up days are refused."""
    with pytest.raises(ValueError, match="coverage_under must be an integer >= 0 \\(got -1\\)"):
        SoftWeights(coverage_under=-1)
    with pytest.raises(ValueError, match="minimum 3 > target 2"):
        Demand(0, "E", None, 3, 2)
    with pytest.raises(ValueError, match="regime must be one of"):
        Contract(regime="flexible")
    with pytest.raises(ValueError, match="is a weekday"):
        Day(0, dt.date(2024, 1, 1), is_makeup_workday=True)


def test_pins_must_name_known_workers():
    """Pinning an unknown worker is a ValueError, not a silent no-op."""
    problem = RosterProblem(_days(), (ShiftType("E", 360, 480),), (Worker("A"),), ())
    with pytest.raises(ValueError, match="unknown worker 'Z'"):
        solve_roster(problem, SolveParams(time_limit_s=1), pinned={("Z", 0): "E"})
