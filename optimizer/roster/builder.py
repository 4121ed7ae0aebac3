"""The CP-SAT variables of a roster and the calendar groupings the rules share.

Variables exist only for (worker, day, shift) combinations the worker is eligible for, and a
role variable per (worker, day, shift, skill) only where a worker could fill several demanded
skills on that shift; elsewhere the shift variable itself counts towards the one skill.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.roster.problem import RosterProblem, Worker

Cell = tuple[str, int]  # (worker id, day index)
RuleKey = tuple  # e.g. ("max_consecutive", worker_id) or ("min_cover", day, shift, skill)
Enforce = Callable[[RuleKey], list]


@dataclass
class PenaltyTerm:
    """One named soft-rule penalty: weight × value of `expr` (a CP-SAT expression)."""

    rule: str
    worker: str | None
    day: int | None
    expr: cp_model.LinearExprT
    weight: int
    detail: str = ""


@dataclass
class RosterModel:
    """A CP-SAT model of a roster problem and handles to its variables."""

    problem: RosterProblem
    model: cp_model.CpModel
    shift_vars: dict[tuple[int, int, str], cp_model.IntVar] = field(default_factory=dict)
    # (day, shift, skill) -> list of literals that count one person each towards it
    role_vars: dict[tuple[int, str, str], list] = field(default_factory=lambda: defaultdict(list))
    # (worker index, day, shift, skill) -> literal meaning "this worker fills that skill"
    role_of: dict[tuple[int, int, str, str], cp_model.IntVar] = field(default_factory=dict)
    terms: list[PenaltyTerm] = field(default_factory=list)
    assumption_keys: dict[int, RuleKey] = field(default_factory=dict)  # literal index -> rule key
    _work_lits: dict[tuple[int, int], object] = field(default_factory=dict)
    _weekend_lits: dict[tuple[int, int], object] = field(default_factory=dict)

    def x(self, w: int, d: int, s: str):
        """The shift variable, or None when the worker cannot take that shift that day."""
        return self.shift_vars.get((w, d, s))

    def shifts_of(self, w: int, d: int) -> list[tuple[str, cp_model.IntVar]]:
        """(shift id, variable) pairs of a worker on a day."""
        return [(s.id, self.shift_vars[(w, d, s.id)]) for s in self.problem.shifts if (w, d, s.id) in self.shift_vars]

    def work(self, w: int, d: int) -> cp_model.LinearExprT:
        """1 if the worker works that day (any shift)."""
        return sum(var for _, var in self.shifts_of(w, d))

    def work_lit(self, w: int, d: int):
        """A literal for 'works that day', or None when the worker cannot work that day."""
        if (w, d) not in self._work_lits:
            day_vars = [var for _, var in self.shifts_of(w, d)]
            if not day_vars:
                lit = None
            elif len(day_vars) == 1:
                lit = day_vars[0]
            else:
                lit = self.model.new_bool_var(f"work[{self.problem.workers[w].id},{d}]")
                self.model.add(sum(day_vars) == lit)
            self._work_lits[(w, d)] = lit
        return self._work_lits[(w, d)]

    def weekend_lit(self, w: int, index: int, rest_days: list[int]):
        """A literal for 'works on some day of this weekend', or None if it cannot."""
        key = (w, index)
        if key not in self._weekend_lits:
            lits = [lit for d in rest_days if (lit := self.work_lit(w, d)) is not None]
            if not lits:
                lit = None
            elif len(lits) == 1:
                lit = lits[0]
            else:
                lit = self.model.new_bool_var(f"weekend[{self.problem.workers[w].id},{index}]")
                self.model.add_max_equality(lit, lits)
            self._weekend_lits[key] = lit
        return self._weekend_lits[key]

    def minutes(self, w: int, days: range | list[int]) -> cp_model.LinearExprT:
        """Worked minutes of a worker over some days."""
        return sum(
            self.problem.shift(s).duration_min * var for d in days for s, var in self.shifts_of(w, d)
        )


def eligible(worker: Worker, day: int, shift_id: str, pinned: Mapping[Cell, str | None]) -> bool:
    """Whether a shift variable is needed: pins always get one so conflicts can be explained."""
    if pinned.get((worker.id, day), None) == shift_id:
        return True
    if worker.unavailable(day):
        return False
    return worker.contract.max_shifts_per_type.get(shift_id, 1) > 0


def build_variables(problem: RosterProblem, pinned: Mapping[Cell, str | None]) -> RosterModel:
    """Create shift variables, role variables, and the one-shift-a-day constraint."""
    rm = RosterModel(problem, cp_model.CpModel())
    demanded_skills: dict[tuple[int, str], set[str]] = defaultdict(set)
    for demand in problem.demands:
        if demand.skill is not None:
            demanded_skills[(demand.day, demand.shift_id)].add(demand.skill)
    for w, worker in enumerate(problem.workers):
        for d in range(problem.horizon):
            for shift in problem.shifts:
                if not eligible(worker, d, shift.id, pinned):
                    continue
                var = rm.model.new_bool_var(f"x[{worker.id},{d},{shift.id}]")
                rm.shift_vars[(w, d, shift.id)] = var
                fillable = sorted(worker.skills & demanded_skills.get((d, shift.id), set()))
                if len(fillable) == 1:
                    rm.role_vars[(d, shift.id, fillable[0])].append(var)
                    rm.role_of[(w, d, shift.id, fillable[0])] = var
                elif len(fillable) > 1:
                    roles = []
                    for skill in fillable:
                        role = rm.model.new_bool_var(f"role[{worker.id},{d},{shift.id},{skill}]")
                        rm.role_vars[(d, shift.id, skill)].append(role)
                        rm.role_of[(w, d, shift.id, skill)] = role
                        roles.append(role)
                    # an assigned multi-skilled worker fills exactly one of the demanded roles
                    rm.model.add(sum(roles) == var)
            day_vars = [var for _, var in rm.shifts_of(w, d)]
            if len(day_vars) > 1:
                rm.model.add_at_most_one(day_vars)
    return rm


def coverage_expr(rm: RosterModel, day: int, shift_id: str, skill: str | None) -> cp_model.LinearExprT:
    """Number of people counted towards a demand."""
    if skill is None:
        return sum(rm.shift_vars[(w, day, shift_id)] for w in range(len(rm.problem.workers))
                   if (w, day, shift_id) in rm.shift_vars)
    return sum(rm.role_vars.get((day, shift_id, skill), []))


def calendar_weeks(problem: RosterProblem) -> list[list[int]]:
    """Day indices grouped by calendar week (Monday to Sunday); edge weeks may be partial."""
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for day in problem.days:
        iso = day.date.isocalendar()
        weeks[(iso[0], iso[1])].append(day.index)
    return [weeks[key] for key in sorted(weeks)]


def weekends(problem: RosterProblem) -> list[list[int]]:
    """Rest days (Sat/Sun that are not make-up working days) grouped by calendar week."""
    return [rest for week in calendar_weeks(problem) if (rest := [d for d in week if problem.days[d].is_rest_day])]


def periods(problem: RosterProblem, period_days: int | None) -> list[list[int]]:
    """Averaging periods of the comprehensive regime: consecutive blocks from day 0."""
    length = period_days or problem.horizon
    return [list(range(start, min(start + length, problem.horizon))) for start in range(0, problem.horizon, length)]


def no_enforcement(_key: RuleKey) -> list:
    """Hard rules hold unconditionally in a normal solve."""
    return []
