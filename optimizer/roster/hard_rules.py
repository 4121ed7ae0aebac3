"""Hard rules of a roster, one small function each.

Every function takes the model and `enforce(key)`, which returns [] in a normal solve and a
literal in explanation mode, so that a set of conflicting rules can be named (see explain.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.roster.builder import (
    Cell,
    Enforce,
    RosterModel,
    calendar_weeks,
    coverage_expr,
    periods,
    weekends,
)
from optimizer.roster.problem import RosterProblem
from scenarios.model.common import MINUTES_PER_DAY


def _clause(rm: RosterModel, literals: list, enforce: list) -> None:
    """Add OR(literals) under the enforcement literals; None stands for the constant False."""
    present = [lit for lit in literals if lit is not None]
    rm.model.add_bool_or(present + [e.Not() for e in enforce])


def forbidden_successions(problem: RosterProblem) -> list[tuple[str, int, str]]:
    """(first shift, day offset, second shift) pairs that break the rest rule or a forbidden succession."""
    pairs = []
    for first in problem.shifts:
        for offset in (1, 2):
            for second in problem.shifts:
                gap_min = offset * MINUTES_PER_DAY + second.start_min - first.end_min
                named = offset == 1 and second.id in first.forbidden_next
                if named or gap_min < problem.rules.min_rest_min:
                    pairs.append((first.id, offset, second.id))
    return pairs


def add_unavailability(rm: RosterModel, enforce: Enforce) -> None:
    """No shift on leave or fixed days off (only pinned cells have variables there)."""
    for w, worker in enumerate(rm.problem.workers):
        for d in sorted(worker.leave_days | worker.days_off):
            for _, var in rm.shifts_of(w, d):
                rm.model.add(var == 0).only_enforce_if(enforce(("unavailable", worker.id)))


def add_contract_shift_types(rm: RosterModel, enforce: Enforce) -> None:
    """At most the contract's number of shifts of each type."""
    for w, worker in enumerate(rm.problem.workers):
        for shift_id, limit in worker.contract.max_shifts_per_type.items():
            shift_vars = [v for d in range(rm.problem.horizon) if (v := rm.x(w, d, shift_id)) is not None]
            if len(shift_vars) > limit:
                rm.model.add(sum(shift_vars) <= limit).only_enforce_if(enforce(("max_shift_type", worker.id)))


def add_rest(rm: RosterModel, enforce: Enforce) -> None:
    """Minimum rest between shifts and forbidden successions (e.g. late then early)."""
    followers: dict[tuple[str, int], list[str]] = {}
    for first, offset, second in forbidden_successions(rm.problem):
        followers.setdefault((first, offset), []).append(second)
    for w, worker in enumerate(rm.problem.workers):
        for d in range(rm.problem.horizon):
            for (first, offset), seconds in followers.items():
                a = rm.x(w, d, first)
                later = [b for s in seconds if (b := rm.x(w, d + offset, s)) is not None]
                if a is None or not later:
                    continue
                # the later shifts of one day already exclude each other, so one row covers them all
                rm.model.add(a + sum(later) <= 1).only_enforce_if(enforce(("rest", worker.id)))


def add_consecutive_days(rm: RosterModel, enforce: Enforce) -> None:
    """Maximum and minimum stretches of working days and minimum stretches of days off."""
    horizon = rm.problem.horizon
    for w, worker in enumerate(rm.problem.workers):
        contract = worker.contract
        work = [rm.work_lit(w, d) for d in range(horizon)]
        limit = contract.max_consecutive_days
        if limit is not None and limit < horizon:
            for start in range(horizon - limit):
                window = [lit for lit in work[start:start + limit + 1] if lit is not None]
                if len(window) > limit:
                    rm.model.add(sum(window) <= limit).only_enforce_if(enforce(("max_consecutive", worker.id)))
        _forbid_short_stretches(rm, work, contract.min_consecutive_days or 0, True, enforce(("min_consecutive", worker.id)))
        _forbid_short_stretches(rm, work, contract.min_consecutive_days_off or 0, False, enforce(("min_days_off_run", worker.id)))


def _forbid_short_stretches(rm: RosterModel, work: list, minimum: int, working: bool, enforce: list) -> None:
    """Forbid interior stretches (bounded on both sides inside the horizon) shorter than minimum."""
    horizon = len(work)

    def is_on(lit):  # literal for 'the day belongs to the stretch kind'; None = constant False
        if lit is None:
            return None if working else True
        return lit if working else lit.Not()

    def is_off(lit):
        if lit is None:
            return True if working else None
        return lit.Not() if working else lit

    for length in range(1, minimum):
        for start in range(1, horizon - length):
            # clause: not(off(start-1) and on(start..start+length-1) and off(start+length))
            clause = [is_on(work[start - 1]), is_on(work[start + length])]
            clause += [is_off(work[d]) for d in range(start, start + length)]
            if any(lit is True for lit in clause):
                continue
            _clause(rm, clause, enforce)


def add_working_time(rm: RosterModel, enforce: Enforce) -> None:
    """Weekly maximum (standard regime) and period maximum/minimum (comprehensive regime)."""
    problem = rm.problem
    weeks = calendar_weeks(problem)
    for w, worker in enumerate(problem.workers):
        contract = worker.contract
        if contract.max_minutes_per_week is not None:
            for week in weeks:
                rm.model.add(rm.minutes(w, week) <= contract.max_minutes_per_week).only_enforce_if(
                    enforce(("week_minutes", worker.id)))
        if contract.max_minutes_per_period is None and contract.min_minutes_per_period is None:
            continue
        length = contract.period_days or problem.horizon
        for block in periods(problem, contract.period_days):
            total = rm.minutes(w, block)
            if contract.max_minutes_per_period is not None:
                rm.model.add(total <= contract.max_minutes_per_period).only_enforce_if(enforce(("period_max", worker.id)))
            if contract.min_minutes_per_period is not None and len(block) == length:
                rm.model.add(total >= contract.min_minutes_per_period).only_enforce_if(enforce(("period_min", worker.id)))


def add_days_off(rm: RosterModel, enforce: Enforce) -> None:
    """Minimum days off in each full calendar week and maximum worked weekends."""
    problem = rm.problem
    for w, worker in enumerate(problem.workers):
        contract = worker.contract
        if contract.min_days_off_per_week:
            for week in calendar_weeks(problem):
                if len(week) == 7:
                    worked = [lit for d in week if (lit := rm.work_lit(w, d)) is not None]
                    rm.model.add(sum(worked) <= 7 - contract.min_days_off_per_week).only_enforce_if(
                        enforce(("week_days_off", worker.id)))
        if contract.max_weekends is not None:
            lits = [lit for i, rest in enumerate(weekends(problem)) if (lit := rm.weekend_lit(w, i, rest)) is not None]
            if len(lits) > contract.max_weekends:
                rm.model.add(sum(lits) <= contract.max_weekends).only_enforce_if(enforce(("max_weekends", worker.id)))


def add_minimum_cover(rm: RosterModel, enforce: Enforce) -> None:
    """Every demand gets at least its minimum number of people."""
    for demand in rm.problem.demands:
        if demand.minimum > 0:
            count = coverage_expr(rm, demand.day, demand.shift_id, demand.skill)
            rm.model.add(count >= demand.minimum).only_enforce_if(
                enforce(("min_cover", demand.day, demand.shift_id, demand.skill)))


def add_pins(rm: RosterModel, pinned: Mapping[Cell, str | None], enforce: Enforce) -> None:
    """Cells a manager locked keep their shift (or stay off)."""
    index = {worker.id: w for w, worker in enumerate(rm.problem.workers)}
    for (worker_id, d), shift_id in sorted(pinned.items(), key=lambda item: (item[0][0], item[0][1])):
        w = index[worker_id]
        for s, var in rm.shifts_of(w, d):
            rm.model.add(var == (1 if s == shift_id else 0)).only_enforce_if(enforce(("pin", worker_id)))


def add_all_hard_rules(rm: RosterModel, pinned: Mapping[Cell, str | None], enforce: Enforce) -> None:
    """Every hard rule of the problem."""
    add_unavailability(rm, enforce)
    add_contract_shift_types(rm, enforce)
    add_rest(rm, enforce)
    add_consecutive_days(rm, enforce)
    add_working_time(rm, enforce)
    add_days_off(rm, enforce)
    add_minimum_cover(rm, enforce)
    add_pins(rm, pinned, enforce)
