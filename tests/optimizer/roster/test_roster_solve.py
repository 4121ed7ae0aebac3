"""Solving small rosters: validated results, pins, re-planning, explanations, cancellation."""

import threading
from dataclasses import replace
from pathlib import Path

from optimizer.roster.model import SolveParams, solve_roster
from optimizer.roster.problem import Contract, Demand, ShiftRequest, SoftWeights, Worker
from optimizer.roster.validate import validate_roster

FAST = SolveParams(time_limit_s=3.0, workers=1, seed=1)
DATA = Path(__file__).resolve().parents[2] / "data" / "rostering"


def _check(problem, roster, **kwargs):
    report = validate_roster(problem, roster.assignments, roster.roles, **kwargs)
    assert report.ok, report.hard
    return report


def test_tiny_problem_solves_and_validates(tiny_problem):
    """A one-week roster covers every driver minimum, obeys every rule and its cost is recomputed exactly."""
    problem = tiny_problem()
    roster = solve_roster(problem, FAST)
    assert roster.status == "optimal"
    report = _check(problem, roster)
    assert report.total_penalty == roster.objective
    assert all(roster.coverage[(d, "E", "driver")] >= 1 for d in range(7))
    assert sum(v.penalty for v in roster.violations) == roster.objective


def test_violated_soft_rules_are_listed_by_name_person_and_day(tiny_problem):
    """An unmet shift-on request appears as a named violation with worker and day."""
    workers = (Worker("W0", team="A", requests=(ShiftRequest(2, "E", True, 7),), days_off=frozenset({2})),
               Worker("W1", team="A"))
    problem = tiny_problem(workers=workers, demands=())
    roster = solve_roster(problem, FAST)
    assert ("shift_on_request", "W0", 2, 7) in {(v.rule, v.worker, v.day, v.penalty) for v in roster.violations}
    _check(problem, roster)


def test_fairness_spreads_nights_within_a_team(tiny_problem):
    """With a fairness weight, six nights (one a night, none on Sunday) are split three and three."""
    workers = tuple(Worker(f"W{i}", team="A", contract=Contract(max_consecutive_days=6)) for i in range(2))
    demands = tuple(Demand(d, "N", None, minimum=1 if d < 6 else 0, target=1 if d < 6 else 0) for d in range(7))
    problem = tiny_problem(workers=workers, demands=demands, weights=SoftWeights(fair_nights=10))
    roster = solve_roster(problem, FAST)
    nights = [sum(1 for (w, _), s in roster.assignments.items() if w == worker.id and s == "N") for worker in workers]
    assert sorted(nights) == [3, 3]
    assert _check(problem, roster).total_penalty == roster.objective


def test_pinned_cells_are_kept_and_changes_are_bounded_and_listed(tiny_problem):
    """Re-planning keeps pins, changes at most max_changes other cells, and lists each change."""
    problem = tiny_problem()
    first = solve_roster(problem, FAST)
    previous = {(w.id, d): first.shift_of(w.id, d) for w in problem.workers for d in range(problem.horizon)}
    driver_early = next(c for c, s in first.assignments.items() if s == "E" and first.roles.get(c) == "driver")
    pinned = {driver_early: None}  # the manager gives this driver the day off
    roster = solve_roster(problem, FAST, pinned=pinned, previous=previous, max_changes=3)
    assert roster.status in ("optimal", "feasible")
    assert roster.shift_of(*driver_early) is None
    _check(problem, roster, pinned=pinned, previous=previous, max_changes=3)
    unpinned_changes = [c for c in roster.changes if not c.pinned]
    assert 1 <= len(unpinned_changes) <= 3
    for change in roster.changes:
        assert previous[(change.worker, change.day)] == change.before
        assert roster.shift_of(change.worker, change.day) == change.after


def test_infeasible_problem_names_the_conflicting_rule(tiny_problem):
    """Two drivers cannot cover three drivers on Saturday: the explanation says so in plain words."""
    workers = tuple(Worker(f"D{i}", team="B", skills=frozenset({"driver"})) for i in range(2))
    problem = tiny_problem(workers=workers, demands=(Demand(5, "E", "driver", minimum=3, target=3),))
    roster = solve_roster(problem, FAST)
    assert roster.status == "infeasible"
    assert roster.explanation
    text = " ".join(roster.explanation)
    assert "Sat 2024-01-06" in text and "at least 3" in text and "only 2" in text and "B 2" in text


def test_conflict_between_leave_and_cover_names_both(tiny_problem):
    """A driver on leave when the only other driver has a pinned day off: leave, pin and cover are named."""
    workers = (Worker("D0", name="Wang", skills=frozenset({"driver"}), leave_days=frozenset({1})),
               Worker("D1", name="Li", skills=frozenset({"driver"})))
    problem = tiny_problem(workers=workers, demands=(Demand(1, "E", "driver", minimum=1, target=1),))
    roster = solve_roster(problem, FAST, pinned={("D1", 1): None})
    assert roster.status == "infeasible"
    text = " ".join(roster.explanation)
    assert "Wang (D0)" in text and "on leave" in text and "locked" in text and "Li (D1)" in text and "minimum cover" in text
    zh = solve_roster(problem, replace(FAST, language="zh"), pinned={("D1", 1): None})
    assert any("休假" in sentence for sentence in zh.explanation)


def test_uncovered_demand_reasons_name_rest_leave_and_skill(tiny_problem):
    """A loader target nobody can take lists why: rest after a late shift and leave."""
    workers = (Worker("A", skills=frozenset({"loader"}), leave_days=frozenset({1})),
               Worker("B", skills=frozenset({"loader"})))
    demands = (Demand(0, "L", "loader", minimum=1, target=1), Demand(1, "E", "loader", minimum=0, target=1))
    problem = tiny_problem(workers=workers, demands=demands)
    roster = solve_roster(problem, FAST, pinned={("B", 0): "L", ("A", 0): None})
    gap = next(u for u in roster.uncovered if (u.day, u.shift_id) == (1, "E"))
    assert gap.missing == 1
    assert {(w, code) for w, code, _ in gap.reasons} == {("A", "leave"), ("B", "rest")}
    assert "missing" in gap.summary


def test_stop_cancels_and_returns_marked_result():
    """A stop request ends a long solve quickly and the result says it was stopped (Instance5:
    Instance2 is now proved optimal in about a second, before the stop would arrive)."""
    path = DATA / "Instance5.txt"
    from benchmarks.readers.curtois_qu import read_instance, to_problem
    problem = to_problem(read_instance(path))
    flag = threading.Event()
    threading.Timer(0.5, flag.set).start()
    roster = solve_roster(problem, SolveParams(time_limit_s=60, workers=1), stop=flag.is_set)
    assert roster.status == "stopped"
    assert roster.wall_time_s < 10
    if roster.assignments:
        _check(problem, roster)


def test_progress_receives_improving_objectives(tiny_problem):
    """The progress callback gets the best objective so far, never increasing (column generation's
    reports before it carry the LP value instead)."""
    seen = []
    solve_roster(tiny_problem(), FAST, progress=seen.append)
    objectives = [item["objective"] for item in seen if "objective" in item]
    assert all(item["phase"] == "columns" for item in seen if "objective" not in item)
    assert objectives and objectives == sorted(objectives, reverse=True)


def test_pins_against_a_labour_rule_name_that_rule(tiny_problem):
    """Six pinned working days in a row against a five-day maximum: both the rule and the pins are named."""
    workers = (Worker("W0", name="Zhao", contract=Contract(max_consecutive_days=5)),)
    problem = tiny_problem(workers=workers, demands=())
    pinned = {("W0", d): "E" for d in range(6)}
    roster = solve_roster(problem, FAST, pinned=pinned)
    assert roster.status == "infeasible"
    assert any("at most 5 days in a row" in s for s in roster.explanation)
    assert any("locked by the manager for Zhao" in s for s in roster.explanation)
    assert len(roster.explanation) == 2


def test_deterministic_mode_repeats_the_same_roster():
    """With deterministic=True, two solves of a hard instance stopped by their budget give the same roster."""
    from benchmarks.readers.curtois_qu import read_instance, to_problem
    problem = to_problem(read_instance(DATA / "Instance2.txt"))
    params = SolveParams(time_limit_s=0.5, seed=3, deterministic=True)
    first, second = solve_roster(problem, params), solve_roster(problem, params)
    assert first.status == second.status == "feasible"
    assert dict(first.assignments) == dict(second.assignments)


def test_a_roster_read_back_with_its_shifts_fixed_owes_only_its_real_penalties(tiny_problem):
    """A search stopped by its time limit may leave a demand both short and over at once (seen on a
    182-day instance); re-reading the roster with its shifts fixed costs what the validator recomputes."""
    from ortools.sat.python import cp_model

    from optimizer.roster.model import build_model, reread_roster

    problem = tiny_problem()
    rm = build_model(problem, {}, {}, None)
    under = next(t.expr for t in rm.terms if t.rule == "coverage_under" and t.day == 0 and t.detail == "L/loader")
    over = next(t.expr for t in rm.terms if t.rule == "coverage_over" and t.day == 0 and t.detail == "L/loader")
    loose = rm.model.clone()
    loose.add(loose.get_int_var_from_proto_index(under.index) >= 1)
    loose.add(loose.get_int_var_from_proto_index(over.index) >= 1)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(loose) == cp_model.OPTIMAL
    shifts = {var.index: int(solver.value(var)) for var in rm.shift_vars.values()}
    final = reread_roster(rm, shifts, FAST)
    assert final is not None
    assignments = {(problem.workers[w].id, d): s for (w, d, s), var in rm.shift_vars.items() if shifts[var.index]}
    roles = {(problem.workers[w].id, d): k for (w, d, _, k), lit in rm.role_of.items() if final.boolean_value(lit)}
    report = validate_roster(problem, assignments, roles)
    assert report.ok, report.hard
    assert round(final.objective_value) == report.total_penalty
    assert report.total_penalty <= round(solver.objective_value) - 101  # one short and one over fewer
