"""Rostering a study variant's plan: the crews its routes need, for some weeks, as three KPIs.

A study that sets ``roster_weeks`` rosters every plan it makes (each re-planned variant and the
base) with the same solver the app uses (``optimizer.roster.from_scenario.solve_by_team``) and
reports, for every replication simulated with that plan: the soft-rule penalty, the person-shifts
below the demand (coverage is a target here, so a short-staffed variant still gets a legal roster
and its shortfall is measured), and the rostered overtime hours.
"""

from __future__ import annotations

from dataclasses import replace

from optimizer.common.plan import Plan
from scenarios.errors import DataError
from scenarios.model import Scenario


def roster_kpis(scenario: Scenario, plan: Plan, weeks: int, time_limit_s: float, seed: int, *,
                deterministic: bool = False) -> dict[str, float]:
    """Roster the plan's crews and measure the roster (the names are in simulation.kpis.KPIS)."""
    from optimizer.roster import SolveParams, validate_roster
    from optimizer.roster.from_scenario import roster_problem, solve_by_team

    problem = roster_problem(scenario, plan, weeks=weeks)
    # Coverage is a target here, not a hard minimum: a variant short of staff gets a legal roster
    # whose shortfall is the KPI, instead of no roster at all.
    problem = replace(problem, demands=tuple(replace(d, minimum=0) for d in problem.demands))
    # deterministic: the time limit is CP-SAT's deterministic time, so the same input gives the same roster.
    roster = solve_by_team(problem, SolveParams(time_limit_s=time_limit_s, workers=1, seed=seed,
                                                deterministic=deterministic))
    if not roster.has_solution:
        why = "; ".join(roster.explanation[:3]) or f"no roster found in {time_limit_s:g} s"
        raise DataError(f"roster for {scenario.district.name_en}: {roster.status}: {why}")
    report = validate_roster(problem, roster.assignments, roster.roles)
    if not report.ok:
        raise DataError(f"roster for {scenario.district.name_en} breaks a hard rule: {report.hard[0].message}")
    short = sum(max(0, d.target - roster.coverage.get((d.day, d.shift_id, d.skill), 0)) for d in problem.demands)
    standard = {w.id: (w.contract.standard_minutes_per_week or 0) * problem.horizon / 7 for w in problem.workers}
    overtime_min = sum(max(0.0, minutes - standard[w]) for w, minutes in roster.minutes_per_worker.items()
                       if standard.get(w))
    return {"roster_penalty": float(roster.objective or 0), "roster_uncovered_shifts": float(short),
            "roster_overtime_hours": round(overtime_min / 60, 2)}
