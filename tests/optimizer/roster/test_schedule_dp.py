"""The dynamic-programming pricer against the one-worker CP-SAT model it replaces.

Both are exact, so on every pricing problem they must agree on the optimum, and the schedule
the program returns must be one CP-SAT accepts (legal under every hard rule) at the value the
program claims.
"""

import dataclasses
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from benchmarks.readers.curtois_qu import read_instance, to_problem
from optimizer.roster.columns import ColumnGeneration, WorkerPricer
from optimizer.roster.problem import (
    Contract,
    Demand,
    LabourRules,
    RosterProblem,
    ShiftRequest,
    ShiftType,
    SoftWeights,
    Worker,
    consecutive_days,
)
from optimizer.roster.schedule_dp import ScheduleDP, unsupported

DATA = Path(__file__).resolve().parents[2] / "data" / "rostering"


def _random_problem(rng: np.random.Generator) -> tuple[RosterProblem, dict]:
    """A one-worker problem with random contract limits, requests, days off, skills and pins."""
    equal = rng.random() < 0.5
    shifts = (
        ShiftType("E", 6 * 60, 480),
        ShiftType("L", 14 * 60, 480 if equal else 420),
        ShiftType("N", 22 * 60, 480 if equal else 600, is_night=True, forbidden_next=("L",) if rng.random() < 0.5 else ()),
    )
    days = int(rng.integers(9, 18))
    start = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 7)))
    saturdays = [start + dt.timedelta(days=i) for i in range(days) if (start + dt.timedelta(days=i)).weekday() == 5]
    makeup = frozenset(saturdays[:1]) if saturdays and rng.random() < 0.3 else frozenset()

    def maybe(low: int, high: int) -> int | None:
        return None if rng.random() < 0.3 else int(rng.integers(low, high + 1))

    longest = 600 if not equal else 480
    max_minutes = maybe(days * 480 // 3, days * 480 * 2 // 3)
    min_minutes = maybe(days * 480 // 6, days * 480 // 3)
    if max_minutes is not None and min_minutes is not None and min_minutes > max_minutes:
        min_minutes = max_minutes - longest
    period = [None, days, days + 7][int(rng.integers(3))]  # one period, exactly or longer than the horizon
    contract = Contract(
        regime="comprehensive", period_days=period, max_minutes_per_period=max_minutes, min_minutes_per_period=min_minutes,
        max_consecutive_days=maybe(2, 6), min_consecutive_days=maybe(1, 3), min_consecutive_days_off=maybe(1, 3),
        max_weekends=maybe(0, 2),
        max_shifts_per_type={s.id: int(rng.integers(0, days // 2 + 2)) for s in shifts if rng.random() < 0.5},
    )
    off = frozenset(int(d) for d in rng.choice(days, size=int(rng.integers(0, 3)), replace=False))
    requests = tuple(
        ShiftRequest(int(rng.integers(days)), None if rng.random() < 0.3 else str(rng.choice(["E", "L", "N"])),
                     bool(rng.random() < 0.5), int(rng.integers(1, 4)))
        for _ in range(int(rng.integers(0, 6))))
    worker = Worker("W", skills=frozenset({"driver"}), contract=contract, days_off=off, requests=requests)
    demands = tuple(Demand(d, s.id, "driver" if rng.random() < 0.3 else None, target=1)
                    for d in range(days) for s in shifts if rng.random() < 0.8)
    weights = SoftWeights(coverage_under=0, coverage_over=0, requests=1,
                          shift_change=int(rng.integers(0, 3)), change_from_previous=0)
    problem = RosterProblem(consecutive_days(start, days, makeup_workdays=makeup), shifts, (worker,), demands,
                            LabourRules(min_rest_min=int(rng.choice([0, 660]))), weights)
    pinned = {("W", int(d)): (None if rng.random() < 0.4 else str(rng.choice(["E", "L", "N"])))
              for d in rng.choice(days, size=int(rng.integers(0, 3)), replace=False)}
    return problem, pinned


def _schedule_branch(problem: RosterProblem, cells) -> dict[tuple[int, str], bool]:
    """A branch that allows exactly this schedule (works its cells, nothing else)."""
    worked = {(d, s) for d, s, _ in cells}
    return {(d, s.id): (d, s.id) in worked for d in range(problem.horizon) for s in problem.shifts}


def _agree(problem: RosterProblem, pinned: dict, duals: np.ndarray, branch=None) -> tuple[str, ScheduleDP]:
    """Price with both; assert they agree; return what happened, and the program."""
    by_dp = WorkerPricer(problem, 0, pinned)
    by_cp_sat = WorkerPricer(problem, 0, pinned, use_dp=False)
    assert by_dp.dp is not None and unsupported(problem, 0) is None
    columns, optimum = by_dp.price(duals, 1e9, 10.0, 0, branch)
    expected_columns, expected = by_cp_sat.price(duals, 1e9, 10.0, 0, branch)
    assert expected is not None, "CP-SAT did not prove its optimum in 10 s"
    if expected == math.inf:
        assert optimum == math.inf and not columns
        return "infeasible", by_dp.dp
    assert optimum == pytest.approx(expected, abs=2e-3)
    best = columns[0]
    # the program's schedule is legal in CP-SAT's model, at the value and own cost it claims
    fixed, value = by_cp_sat.price(duals, 1e9, 10.0, 0, {**(branch or {}), **_schedule_branch(problem, best.cells)})
    assert value == pytest.approx(optimum, abs=2e-3)
    assert fixed and fixed[0].cost == best.cost and fixed[0].demands == best.demands and fixed[0].cells == best.cells
    return "priced", by_dp.dp


def test_the_program_and_cp_sat_agree_on_random_one_worker_problems():
    """Random contracts (runs, rests, minutes, weekends with a make-up working day, type limits),
    requests, days off, pins, roles and branches: the optimum is the same."""
    rng = np.random.default_rng(7)
    outcomes = []
    for case in range(60):
        problem, pinned = _random_problem(rng)
        duals = np.round(rng.uniform(-5, 60, len(problem.demands)), 3)
        if case % 3 == 0:  # pull one shift type hard, so its limit binds
            pulled = str(rng.choice(["E", "L", "N"]))
            duals += np.array([80.0 if d.shift_id == pulled else 0.0 for d in problem.demands])
        branch = None
        if case % 4 == 1:
            branch = {(int(rng.integers(problem.horizon)), str(rng.choice(["E", "L", "N"]))): bool(rng.random() < 0.5)}
        outcomes.append(_agree(problem, pinned, duals, branch)[0])
    # the cases must exercise both outcomes, mostly legal schedules
    assert outcomes.count("priced") >= 40 and "infeasible" in outcomes


@pytest.mark.parametrize(("name", "limits_bind"), [("Instance2.txt", False), ("Instance5.txt", True)])
def test_the_program_and_cp_sat_agree_on_curtois_qu_workers(name, limits_bind):
    """Every worker of two Curtois & Qu instances, at random duals and at duals that favour one
    shift type (on Instance5 that makes some type limits bind, so the program tracks them)."""
    problem = to_problem(read_instance(DATA / name))
    rng = np.random.default_rng(1)
    tracked = 0
    for w in range(len(problem.workers)):
        single = dataclasses.replace(problem, workers=(problem.workers[w],))
        for favoured in [None] + [s.id for s in problem.shifts]:
            duals = np.round(rng.uniform(0, 120, len(problem.demands)), 3)
            if favoured:
                duals += np.array([300.0 if d.shift_id == favoured else 0.0 for d in problem.demands])
            outcome, program = _agree(single, {}, duals)
            assert outcome == "priced"
            tracked += len(program.tracked)
    assert bool(tracked) == limits_bind


def test_workers_with_rules_the_program_lacks_keep_the_cp_sat_pricer(tiny_problem):
    """Weekly minutes and days off per week are not in the program: those workers price by CP-SAT."""
    problem = tiny_problem()
    assert unsupported(problem, 0) == "weekly minutes"
    generation = ColumnGeneration(problem, {}, 1, 0, lambda: False, lambda _: None)
    try:
        assert all(p.dp is None for p in generation.pricers)
        assert generation.seed_columns()
    finally:
        generation.close()
