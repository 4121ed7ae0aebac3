"""A worker whose own rules leave no legal schedule: found by pricing, explained by rule."""

from optimizer.roster.explain_worker import worker_conflict
from optimizer.roster.model import SolveParams, solve_roster
from optimizer.roster.problem import Contract, Worker

FAST = SolveParams(time_limit_s=3.0, workers=1, seed=1)


def _problem(tiny_problem, contract: Contract, days_off=frozenset()):
    stuck = Worker("W9", name="Li Lei", team="A", skills=frozenset({"loader"}), contract=contract, days_off=days_off)
    others = tuple(Worker(f"W{i}", team="A", skills=frozenset({"driver", "loader"})) for i in range(3))
    return tiny_problem(workers=others + (stuck,))


def test_the_rules_that_leave_no_schedule_are_named_and_each_is_needed(tiny_problem):
    """Seven shifts a week cannot be worked at most two days in a row; the weekend limit and the
    fixed day off play no part (the day off is needed only with the other two)."""
    contract = Contract(max_consecutive_days=2, min_minutes_per_period=6 * 480, max_weekends=1)
    problem = _problem(tiny_problem, contract, days_off=frozenset({3}))
    core = worker_conflict(problem, 3, {})
    assert sorted(core) == [("max_consecutive", "W9"), ("period_min", "W9")]


def test_a_worker_with_a_legal_schedule_has_no_conflict(tiny_problem):
    problem = _problem(tiny_problem, Contract(max_consecutive_days=3, min_minutes_per_period=4 * 480))
    assert worker_conflict(problem, 3, {}) is None


def test_solving_names_the_worker_and_the_rules_in_both_languages(tiny_problem):
    """The roster is infeasible whoever else works; the explanation says who and which rules."""
    problem = _problem(tiny_problem, Contract(max_consecutive_days=2, min_minutes_per_period=6 * 480))
    english = solve_roster(problem, FAST)
    assert english.status == "infeasible"
    assert english.explanation[0].startswith("Li Lei has no legal schedule")
    assert any("at most 2 days in a row" in line for line in english.explanation[1:])
    chinese = solve_roster(problem, SolveParams(time_limit_s=3.0, workers=1, seed=1, language="zh"))
    assert chinese.status == "infeasible" and "无法排出任何合法班表" in chinese.explanation[0]
    assert any("最多连续工作2天" in line for line in chinese.explanation[1:])
