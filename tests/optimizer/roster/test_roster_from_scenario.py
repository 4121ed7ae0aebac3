"""Rosters from a scenario: the problem reflects the scenario's rules; a legal roster; conflicts explained."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from main import main
from optimizer.common.plan import Plan, Route, RoutePlan, Stop
from optimizer.roster import SolveParams, validate_roster
from optimizer.roster.from_scenario import plan_crews, roster_problem, solve_by_team, team_problems
from scenarios import load_scenario
from scenarios.files.save import save_scenario

TRAINING = Path(__file__).resolve().parents[3] / "scenarios" / "training.yaml"


@pytest.fixture(scope="module")
def training():
    return load_scenario(TRAINING)


def test_problem_carries_the_scenarios_rules(training):
    """Four weeks of days, the shift templates, 11 h rest (plus the break), forbidden successions, demand."""
    problem = roster_problem(training, weeks=4)
    assert problem.horizon == 28 and problem.days[0].date == training.simulation.start_date
    assert {s.id for s in problem.shifts} == {t.id for t in training.shifts.templates}
    assert problem.rules.min_rest_min >= training.labour_rules.min_rest_between_shifts_h * 60
    late = problem.shift("late")
    assert "early" in late.forbidden_next
    rule = training.shifts.demand[0]
    monday = next(d for d in problem.demands if d.day == 0 and d.shift_id == rule.shift and d.skill == rule.skill)
    assert monday.minimum == rule.count


def test_team_shares_add_up_to_the_district_demand(training):
    problem = roster_problem(training, weeks=1)
    parts = team_problems(problem)
    for d in problem.demands:
        share = sum(x.minimum for p in parts.values() for x in p.demands
                    if (x.day, x.shift_id, x.skill) == (d.day, d.shift_id, d.skill))
        assert share == d.minimum


def test_training_roster_is_legal(training):
    """Solved team by team, the merged roster passes the independent validator on the district problem."""
    problem = roster_problem(training, weeks=2)
    roster = solve_by_team(problem, SolveParams(time_limit_s=20, workers=2, seed=1))
    assert roster.has_solution, roster.explanation
    report = validate_roster(problem, roster.assignments, roster.roles)
    assert report.ok, report.hard[:5]
    assert not roster.uncovered
    templates = {t.id: t for t in training.shifts.templates}
    skills = {w.id: set(w.skills) for w in training.workforce.workers}
    for (worker, _), shift in roster.assignments.items():
        assert not templates[shift].skills or skills[worker] & set(templates[shift].skills), (worker, shift)


def test_plan_crews_staff_each_route(training):
    """Each garbage truck route needs its vehicle type's crew on the route's shift."""
    truck = next(t for t in training.fleet.vehicle_types if t.kind == "compactor" and t.crew)
    stops = [Stop(kind="start", ref="D1", node="n", arrival_min=0, departure_min=0),
             Stop(kind="end", ref="D1", node="n", arrival_min=1, departure_min=1)]
    route = Route(id="r1", kind="garbage", vehicle="v", vehicle_type=truck.id, shift="collection", stops=stops)
    plan = Plan(parts={"garbage": RoutePlan(kind="garbage", routes=[route, route.model_copy(update={"id": "r2"})])})
    need = plan_crews(training, plan)
    for member in truck.crew:
        assert need[("collection", member.skill)] == 2 * member.count


def test_roster_command_exports_and_explains_conflicts(tmp_path, training, capsys):
    """`main.py roster` writes the Excel roster; with too few workers it exits 1 and says why."""
    out = tmp_path / "roster.xlsx"
    code = main(["roster", str(TRAINING), "--weeks", "1", "--time-limit", "15", "--export", str(out), "--lang", "en"])
    assert code == 0, capsys.readouterr().err
    assert openpyxl.load_workbook(out).sheetnames
    data = training.model_dump(mode="json")
    data["shifts"]["demand"] = [{**r, "count": r["count"] * 6} for r in data["shifts"]["demand"]]
    save_scenario(type(training).model_validate(data), tmp_path / "crowded.yaml")
    code = main(["roster", str(tmp_path / "crowded.yaml"), "--weeks", "1", "--time-limit", "15", "--lang", "en"])
    assert code == 1
    err = capsys.readouterr().err
    assert "The rules conflict" in err and "needed" in err


def test_the_training_plan_can_be_staffed(training):
    """The crews the day's plan needs (truck crews, sweeper operators, manual and toilet crews) get a legal
    two-week roster: a driver who can run a sweeper covers a sweeper shift when the operators are off."""
    from optimizer import RouteParams, solve_routes

    plan = solve_routes(training, "all", RouteParams(time_limit_s=6, seed=1))
    problem = roster_problem(training, plan, weeks=2)
    assert any(d.skill == "sweeper_operator" for d in problem.demands)
    roster = solve_by_team(problem, SolveParams(time_limit_s=15, workers=2, seed=1))
    assert roster.has_solution, roster.explanation[:3]
    assert validate_roster(problem, roster.assignments, roster.roles).ok


@pytest.mark.parametrize("stop_after_s", [12.0])  # a Ctrl-C at 1-4 s: tests/reports/test_ctrl_c_commands.py
def test_a_roster_stopped_early_is_still_whole_and_legal(training, stop_after_s):
    """Ctrl-C in the middle of a 120 s search: the roster returned is stopped, whole and passes the
    independent validator, priced by the validator's penalties."""
    import time

    problem = roster_problem(training, weeks=4)
    started = time.monotonic()
    roster = solve_by_team(problem, SolveParams(time_limit_s=120, workers=2, seed=1),
                           stop=lambda: time.monotonic() - started > stop_after_s)
    assert time.monotonic() - started < stop_after_s + 15  # stopped, with at most a quick first roster after it
    assert roster.status == "stopped" and roster.has_solution
    report = validate_roster(problem, roster.assignments, roster.roles)
    assert report.ok, report.hard[:5]
    assert len(roster.assignments) > problem.horizon  # a district's roster, not one team's
    assert roster.objective == sum(report.penalties.values())  # penalties read again, not a first solution's


def test_a_deterministic_roster_does_not_depend_on_how_slow_the_machine_is(training, monkeypatch):
    """Same problem and seed, deterministic: the same roster, even when every clock reading jumps 100 s (a
    loaded machine). Budgets cut by the wall time gave a study another roster, or none, under load."""
    import dataclasses
    import itertools
    import time as time_module

    from optimizer.roster import from_scenario

    problem = roster_problem(training, weeks=4)
    # as a study rosters a variant: cover is a target, so every team has a legal roster
    problem = dataclasses.replace(problem, demands=tuple(dataclasses.replace(d, minimum=0) for d in problem.demands))
    monkeypatch.setattr(from_scenario, "WHOLE_PROBLEM_CELLS", 0)  # team by team, as a district
    params = SolveParams(time_limit_s=6, workers=1, seed=3, deterministic=True)
    calm = solve_by_team(problem, params)
    assert calm.has_solution
    ticks = itertools.count()
    monkeypatch.setattr(time_module, "monotonic", lambda: 100.0 * next(ticks))
    loaded = solve_by_team(problem, params)
    assert loaded.status == calm.status and dict(loaded.assignments) == dict(calm.assignments)
    assert loaded.objective == calm.objective
