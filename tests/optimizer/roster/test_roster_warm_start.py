"""The greedy warm start used as a hint on large problems."""

from optimizer.roster.builder import build_variables
from optimizer.roster.hard_rules import add_all_hard_rules
from optimizer.roster.validate import validate_roster


def test_greedy_roster_meets_minimum_cover_and_rules_it_knows(tiny_problem):
    """On the tiny week the greedy roster covers every driver minimum and breaks no hard rule."""
    problem = tiny_problem()
    rm = build_variables(problem, {})
    add_all_hard_rules(rm, {}, lambda key: [])
    from optimizer.roster.warm_start import greedy_roster
    chosen = greedy_roster(rm, {})
    assignments = {(problem.workers[w].id, d): s for (w, d, s) in chosen}
    roles = {(problem.workers[w].id, d): skill for (w, d, _), skill in chosen.items() if skill}
    report = validate_roster(problem, assignments, roles)
    assert report.ok, report.hard
    assert sum(1 for (_, _, s), skill in chosen.items() if s == "E" and skill == "driver") == 7
