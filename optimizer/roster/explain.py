"""Why a roster cannot be made, and why a demand stays uncovered, in plain language.

Conflicts: every hard rule group gets an enforcement literal; solving with all of them as
assumptions gives CP-SAT's `sufficient_assumptions_for_infeasibility`, which is then shrunk
by trying to drop one rule at a time while time allows.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from optimizer.roster.builder import (
    Cell,
    RosterModel,
    RuleKey,
    build_variables,
    calendar_weeks,
    periods,
    weekends,
)
from optimizer.roster.cancel import stopping_on_cancel
from optimizer.roster.cpsat import cp_solver
from optimizer.roster.hard_rules import add_all_hard_rules, forbidden_successions
from optimizer.roster.messages import day_label, reason_text, short_reason, text
from optimizer.roster.problem import RosterProblem, Worker
from optimizer.roster.roster import UncoveredDemand
from optimizer.roster.soft_rules import change_terms


def _conflict_model(problem: RosterProblem, pinned: Mapping[Cell, str | None], previous: Mapping[Cell, str | None],
                    max_changes: int | None) -> tuple[RosterModel, dict[RuleKey, cp_model.IntVar]]:
    """The hard rules with one assumption literal per rule group; no objective."""
    rm = build_variables(problem, pinned)
    literals: dict[RuleKey, cp_model.IntVar] = {}

    def enforce(key: RuleKey) -> list:
        if key not in literals:
            literals[key] = rm.model.new_bool_var(f"rule{key}")
        return [literals[key]]

    add_all_hard_rules(rm, pinned, enforce)
    if max_changes is not None and previous:
        changes = [t.expr for t in change_terms(rm, previous, pinned)]
        rm.model.add(sum(changes) <= max_changes).only_enforce_if(enforce(("max_changes",)))
    return rm, literals


def _infeasible_with(rm, literals, keys, time_limit_s: float, seed: int,
                     stop: Callable[[], bool] = lambda: False) -> tuple[bool, list[RuleKey]]:
    """Solve with these rules assumed; (proved infeasible, core of rule keys)."""
    rm.model.clear_assumptions()
    rm.model.add_assumptions([literals[k] for k in keys])
    solver = cp_solver()
    solver.parameters.num_workers = 1  # cores of assumptions need a single worker
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(time_limit_s, 0.05)
    with stopping_on_cancel(solver, stop):
        code = solver.solve(rm.model)
    if code != cp_model.INFEASIBLE:
        return False, list(keys)
    by_index = {literals[k].index: k for k in keys}
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    return True, core or list(keys)


# The roster model's own inputs (pins, previous, max_changes) plus the time, seed and stop every solve takes.
def conflicting_rules(problem: RosterProblem, pinned: Mapping[Cell, str | None], previous: Mapping[Cell, str | None],
                      max_changes: int | None, time_limit_s: float = 10.0, seed: int = 0,
                      stop: Callable[[], bool] = lambda: False) -> list[RuleKey] | None:
    """A small set of hard-rule groups that cannot hold together, or None if none was proved."""
    deadline = time.monotonic() + time_limit_s
    rm, literals = _conflict_model(problem, pinned, previous, max_changes)
    proved, core = _infeasible_with(rm, literals, sorted(literals, key=str), time_limit_s / 2, seed, stop)
    if not proved:
        return None
    for key in list(core):  # deletion filter: keep a rule only if dropping it makes the rest feasible
        remaining = deadline - time.monotonic()
        if remaining <= 0 or stop():
            break
        if key not in core:
            continue
        trial = [k for k in core if k != key]
        still, smaller = _infeasible_with(rm, literals, trial, min(remaining, 2.0), seed, stop)
        if still:
            core = [k for k in trial if k in set(smaller)] or trial
    return core


def describe_rule(problem: RosterProblem, key: RuleKey, pinned: Mapping[Cell, str | None], language: str = "en") -> str:
    """One rule group in plain language."""
    kind = key[0]
    if kind == "min_cover":
        return _describe_cover(problem, key[1], key[2], key[3], language)
    if kind == "max_changes":
        return text("max_changes", language, limit="?")
    worker = problem.worker(key[1])
    who = f"{worker.name or worker.id} ({worker.id}{', ' + worker.team if worker.team else ''})"
    contract = worker.contract
    if kind == "unavailable":
        return text(kind, language, worker=who, days=", ".join(str(d) for d in sorted(worker.leave_days | worker.days_off)))
    if kind == "max_shift_type":
        limits = ", ".join(f"{n}×{s}" for s, n in sorted(contract.max_shifts_per_type.items()))
        return text(kind, language, worker=who, limits=limits)
    if kind == "rest":
        pairs = ", ".join(f"{a}→{b}" for a, offset, b in forbidden_successions(problem) if offset == 1)
        return text(kind, language, worker=who, rest_h=round(problem.rules.min_rest_min / 60, 1), pairs=pairs)
    if kind in ("max_consecutive", "min_consecutive", "min_days_off_run", "week_days_off", "max_weekends"):
        limit = {"max_consecutive": contract.max_consecutive_days, "min_consecutive": contract.min_consecutive_days,
                 "min_days_off_run": contract.min_consecutive_days_off, "week_days_off": contract.min_days_off_per_week,
                 "max_weekends": contract.max_weekends}[kind]
        return text(kind, language, worker=who, limit=limit)
    if kind == "week_minutes":
        # hard_rules only makes this group for a contract with a weekly maximum
        assert contract.max_minutes_per_week is not None
        return text(kind, language, worker=who, hours=round(contract.max_minutes_per_week / 60, 1))
    if kind in ("period_max", "period_min"):
        minutes = contract.max_minutes_per_period if kind == "period_max" else contract.min_minutes_per_period
        assert minutes is not None  # hard_rules only makes these groups for a contract with that bound
        return text(kind, language, worker=who, hours=round(minutes / 60, 1), period=contract.period_days or problem.horizon)
    if kind == "pin":
        cells = ", ".join(f"{d}:{s or text('off', language)}" for (w, d), s in sorted(pinned.items()) if w == worker.id)
        return text(kind, language, worker=who, cells=cells)
    raise ValueError(f"unknown rule key {key!r}")


def _can_take(worker: Worker, day: int, shift_id: str) -> bool:
    return not worker.unavailable(day) and worker.contract.max_shifts_per_type.get(shift_id, 1) > 0


def _describe_cover(problem: RosterProblem, day: int, shift_id: str, skill: str | None, language: str) -> str:
    demand = next(dm for dm in problem.demands if (dm.day, dm.shift_id, dm.skill) == (day, shift_id, skill))
    qualified = [w for w in problem.workers if skill is None or skill in w.skills]
    available = [w for w in qualified if _can_take(w, day, shift_id)]
    who = text("workers", language) if skill is None else text("with_skill", language, skill=skill)
    teams = Counter(w.team for w in available if w.team)
    team_text = text("by_team", language, teams=", ".join(f"{t} {n}" for t, n in sorted(teams.items()))) if teams else ""
    absent = [f"{w.name or w.id} ({w.id})" for w in qualified if w.unavailable(day)]
    absent_text = text("absent", language, names=", ".join(absent[:8]) + (" …" if len(absent) > 8 else "")) if absent else ""
    shift = problem.shift(shift_id)
    return text("min_cover", language, day=day_label(problem.days[day].date, language), shift=shift.name or shift.id,
                minimum=demand.minimum, who=who, who_short=text("workers", language), available=len(available),
                teams=team_text, absent=absent_text)


def explain_infeasibility(problem: RosterProblem, pinned: Mapping[Cell, str | None], previous: Mapping[Cell, str | None],
                          max_changes: int | None, params, stop: Callable[[], bool] = lambda: False) -> tuple[str, ...]:
    """Plain-language sentences naming a small set of rules that conflict."""
    core = conflicting_rules(problem, pinned, previous, max_changes, params.explain_time_limit_s, params.seed, stop)
    if not core:
        return (text("no_core", params.language),)
    sentences = []
    for key in sorted(core, key=str):
        if key[0] == "max_changes":
            sentences.append(text("max_changes", params.language, limit=max_changes))
        else:
            sentences.append(describe_rule(problem, key, pinned, params.language))
    return tuple(sentences)


@dataclass(frozen=True)
class _Calendar:
    """Groupings computed once per explanation rather than once per worker."""

    pairs: list
    weeks: list
    weekends: list
    duration: dict


# One (worker, day, shift) cell to explain; the calendar, shifts by day and roles are precomputed once per worker.
def _why_not(problem: RosterProblem, worker: Worker, day: int, shift_id: str, calendar: _Calendar,
             shifts_by_day: dict[int, str], roles: Mapping[Cell, str]) -> tuple[str, dict]:
    """The first reason (code, values) a worker cannot take one more (day, shift)."""
    if day in worker.leave_days:
        return "leave", {}
    if day in worker.days_off:
        return "day_off", {}
    contract = worker.contract
    if contract.max_shifts_per_type.get(shift_id, 1) == 0:
        return "contract_shift", {}
    if day in shifts_by_day:
        if shifts_by_day[day] == shift_id:
            return "other_role", {"other": roles.get((worker.id, day), "-")}
        return "busy", {"other": shifts_by_day[day]}
    for first, offset, second in calendar.pairs:
        if second == shift_id and shifts_by_day.get(day - offset) == first:
            return "rest", {"other": f"{first}@{day - offset}"}
        if first == shift_id and shifts_by_day.get(day + offset) == second:
            return "rest", {"other": f"{second}@{day + offset}"}
    trial = dict(shifts_by_day)
    trial[day] = shift_id
    duration = calendar.duration
    for week in calendar.weeks:
        if day in week and contract.max_minutes_per_week is not None:
            if sum(duration[trial[d]] for d in week if d in trial) > contract.max_minutes_per_week:
                return "hours", {}
        if day in week and contract.min_days_off_per_week and len(week) == 7:
            if sum(1 for d in week if d in trial) > 7 - contract.min_days_off_per_week:
                return "week_days_off", {}
    if contract.max_minutes_per_period is not None:
        for block in periods(problem, contract.period_days):
            if day in block and sum(duration[trial[d]] for d in block if d in trial) > contract.max_minutes_per_period:
                return "hours", {}
    if contract.max_consecutive_days is not None:
        run, d = 1, day - 1
        while d in trial:
            run, d = run + 1, d - 1
        d = day + 1
        while d in trial:
            run, d = run + 1, d + 1
        if run > contract.max_consecutive_days:
            return "max_consecutive", {}
    limit = contract.max_shifts_per_type.get(shift_id)
    if limit is not None and sum(1 for s in trial.values() if s == shift_id) > limit:
        return "max_shift_type", {}
    if contract.max_weekends is not None:
        if sum(1 for rest in calendar.weekends if any(d in trial for d in rest)) > contract.max_weekends:
            return "max_weekends", {}
    if _breaks_stretch(trial, problem.horizon, contract.min_consecutive_days_off or 0, contract.min_consecutive_days or 0):
        return "stretch", {}
    return "trade_off", {}


def _breaks_stretch(worked: dict[int, str], horizon: int, min_off: int, min_on: int) -> bool:
    """True when an interior stretch of days off or of work days is shorter than its minimum."""
    pattern = [d in worked for d in range(horizon)]
    start = 0
    while start < horizon:
        end = start
        while end + 1 < horizon and pattern[end + 1] == pattern[start]:
            end += 1
        interior = start > 0 and end < horizon - 1
        minimum = min_on if pattern[start] else min_off
        if interior and end - start + 1 < minimum:
            return True
        start = end + 1
    return False


def uncovered_reasons(problem: RosterProblem, assignments: Mapping[Cell, str], roles: Mapping[Cell, str],
                      coverage: Mapping[tuple[int, str, str | None], int], language: str = "en") -> tuple[UncoveredDemand, ...]:
    """For every demand below target: why each qualified person did not take it."""
    by_worker: dict[str, dict[int, str]] = {w.id: {} for w in problem.workers}
    for (worker_id, d), s in assignments.items():
        by_worker[worker_id][d] = s
    calendar = _Calendar(forbidden_successions(problem), calendar_weeks(problem), weekends(problem),
                         {s.id: s.duration_min for s in problem.shifts})
    found = []
    for demand in problem.demands:
        missing = demand.target - coverage.get((demand.day, demand.shift_id, demand.skill), 0)
        if missing <= 0:
            continue
        reasons = []
        for worker in problem.workers:
            if demand.skill is not None and demand.skill not in worker.skills:
                continue
            cell = (worker.id, demand.day)
            if by_worker[worker.id].get(demand.day) == demand.shift_id and (
                    demand.skill is None or roles.get(cell) == demand.skill):
                continue  # already counted
            code, values = _why_not(problem, worker, demand.day, demand.shift_id, calendar, by_worker[worker.id], roles)
            reasons.append((worker.id, code, reason_text(code, language, **values)))
        counts = Counter(code for _, code, _ in reasons)
        summary_parts = [f"{n}× {short_reason(code, language)}" for code, n in counts.most_common()]
        shift = problem.shift(demand.shift_id)
        who = text("workers", language) if demand.skill is None else text("with_skill", language, skill=demand.skill)
        summary = text("uncovered", language, day=day_label(problem.days[demand.day].date, language),
                       shift=shift.name or shift.id, who=who, missing=missing,
                       reasons="; ".join(summary_parts) or text("nobody_qualified", language))
        found.append(UncoveredDemand(demand.day, demand.shift_id, demand.skill, missing, tuple(reasons), summary))
    return tuple(found)
