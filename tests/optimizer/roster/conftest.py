"""Small hand-made roster problems shared by the roster tests."""

import datetime as dt

import pytest

from optimizer.roster.problem import (
    Contract,
    Demand,
    LabourRules,
    RosterProblem,
    ShiftType,
    SoftWeights,
    Worker,
    consecutive_days,
)

MONDAY = dt.date(2024, 1, 1)
SHIFTS = (
    ShiftType("E", start_min=6 * 60, duration_min=480, name="Early"),
    ShiftType("L", start_min=14 * 60, duration_min=480, name="Late"),
    ShiftType("N", start_min=22 * 60, duration_min=480, name="Night", is_night=True),
)


def build_tiny_problem(workers=None, demands=None, days=7, weights=None, rules=None, holidays=frozenset(),
                 makeup=frozenset()) -> RosterProblem:
    """A one-week, three-shift problem: five drivers/loaders in team A unless told otherwise."""
    if workers is None:
        contract = Contract(max_minutes_per_week=40 * 60, max_consecutive_days=5, min_days_off_per_week=1)
        workers = tuple(
            Worker(f"W{i}", name=f"Worker {i}", team="A", skills=frozenset({"driver", "loader"} if i < 2 else {"loader"}),
                   contract=contract)
            for i in range(5)
        )
    if demands is None:
        demands = tuple(
            dm for d in range(days) for dm in (
                Demand(d, "E", "driver", minimum=1, target=1),
                Demand(d, "E", "loader", minimum=0, target=1),
                Demand(d, "L", "loader", minimum=0, target=1),
            )
        )
    return RosterProblem(
        consecutive_days(MONDAY, days, holidays=holidays, makeup_workdays=makeup), SHIFTS, tuple(workers),
        tuple(demands), rules or LabourRules(min_rest_min=660), weights or SoftWeights(), name="tiny")


@pytest.fixture
def tiny_problem():
    """The builder of small roster problems (call it with overrides)."""
    return build_tiny_problem
