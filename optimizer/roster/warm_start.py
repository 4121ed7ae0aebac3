"""A greedy day-by-day roster used as a CP-SAT hint on large problems.

It fills minimum cover first, then targets, with people who can legally take the shift given
what they already work (rest, days in a row, weekly and period hours, weekly day off, shift-type
and weekend limits). It ignores the minimum-stretch rules and minimum hours, so it is only a
hint: CP-SAT repairs and improves it. On a 1,500-worker month it lets the solver start from a
nearly legal roster instead of searching for a first one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from optimizer.roster.builder import Cell, RosterModel, calendar_weeks, weekends
from optimizer.roster.hard_rules import forbidden_successions


@dataclass
class _State:
    """What one worker already works in the greedy roster."""

    shifts: dict[int, str] = field(default_factory=dict)
    week_minutes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    week_days: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    period_minutes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    per_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    weekends: set[int] = field(default_factory=set)
    minutes: int = 0


class _Greedy:
    """The greedy roster being filled: the calendar, what each worker already works and the cover so far."""

    def __init__(self, rm: RosterModel, pinned: dict[Cell, str | None]) -> None:
        problem = self.problem = rm.problem
        self.rm, self.pinned = rm, pinned
        self.week_of = {d: i for i, week in enumerate(calendar_weeks(problem)) for d in week}
        self.week_len = {i: len(week) for i, week in enumerate(calendar_weeks(problem))}
        self.weekend_of = {d: i for i, rest in enumerate(weekends(problem)) for d in rest}
        self.duration = {s.id: s.duration_min for s in problem.shifts}
        self.blocked: defaultdict[tuple[str, int], set[str]] = defaultdict(set)  # (first, offset) -> may not follow
        for first, offset, second in forbidden_successions(problem):
            self.blocked[(first, offset)].add(second)
        self.states = [_State() for _ in problem.workers]
        self.chosen: dict[tuple[int, int, str], str | None] = {}
        self.cover: dict[tuple[int, str, str | None], int] = defaultdict(int)

    def take(self, w: int, d: int, s: str, skill: str | None) -> None:
        state, contract = self.states[w], self.problem.workers[w].contract
        state.shifts[d] = s
        state.week_minutes[self.week_of[d]] += self.duration[s]
        state.week_days[self.week_of[d]] += 1
        state.per_type[s] += 1
        state.minutes += self.duration[s]
        if contract.period_days or contract.max_minutes_per_period is not None:
            state.period_minutes[d // (contract.period_days or self.problem.horizon)] += self.duration[s]
        if d in self.weekend_of:
            state.weekends.add(self.weekend_of[d])
        self.chosen[(w, d, s)] = skill
        self.cover[(d, s, None)] += 1
        if skill is not None:
            self.cover[(d, s, skill)] += 1

    def can_take(self, w: int, d: int, s: str) -> bool:
        state, contract = self.states[w], self.problem.workers[w].contract
        if d in state.shifts or self.rm.x(w, d, s) is None or (self.problem.workers[w].id, d) in self.pinned:
            return False
        if not self._rested(w, d, s):
            return False
        week, minutes = self.week_of[d], self.duration[s]
        if contract.max_minutes_per_week is not None and state.week_minutes[week] + minutes > contract.max_minutes_per_week:
            return False
        if (contract.min_days_off_per_week and self.week_len[week] == 7
                and state.week_days[week] + 1 > 7 - contract.min_days_off_per_week):
            return False
        limit = contract.max_shifts_per_type.get(s)
        if limit is not None and state.per_type[s] >= limit:
            return False
        if contract.max_minutes_per_period is not None:
            block = d // (contract.period_days or self.problem.horizon)
            if state.period_minutes[block] + minutes > contract.max_minutes_per_period:
                return False
        if contract.max_weekends is not None and d in self.weekend_of and self.weekend_of[d] not in state.weekends:
            return len(state.weekends) < contract.max_weekends
        return True

    def _rested(self, w: int, d: int, s: str) -> bool:
        """Shift ``s`` on day ``d`` may follow worker ``w``'s last two days and keeps the days in a row legal."""
        state = self.states[w]
        for offset in (1, 2):
            before = state.shifts.get(d - offset)
            if before is not None and s in self.blocked.get((before, offset), ()):
                return False
        run = 1
        while d - run in state.shifts:
            run += 1
        limit = self.problem.workers[w].contract.max_consecutive_days
        return limit is None or run <= limit


def greedy_roster(rm: RosterModel, pinned: dict[Cell, str | None]) -> dict[tuple[int, int, str], str | None]:
    """(worker index, day, shift) -> skill filled (None when counted for no skill)."""
    problem = rm.problem
    greedy = _Greedy(rm, pinned)
    index = {worker.id: w for w, worker in enumerate(problem.workers)}
    for (worker_id, d), s in sorted(pinned.items()):
        if s is not None:
            greedy.take(index[worker_id], d, s, None)
    by_day = defaultdict(list)
    for demand in problem.demands:
        by_day[demand.day].append(demand)
    for d in range(problem.horizon):
        for field_name in ("minimum", "target"):
            for demand in sorted(by_day[d], key=lambda dm: -dm.minimum):
                need = getattr(demand, field_name) - greedy.cover[(d, demand.shift_id, demand.skill)]
                if need <= 0:
                    continue
                candidates = [w for w, worker in enumerate(problem.workers)
                              if (demand.skill is None or demand.skill in worker.skills)
                              and greedy.can_take(w, d, demand.shift_id)]
                # keep versatile people for later demands; spread hours
                candidates.sort(key=lambda w: (len(problem.workers[w].skills), greedy.states[w].minutes, w))
                for w in candidates[:need]:
                    greedy.take(w, d, demand.shift_id, demand.skill)
    return greedy.chosen


def add_greedy_hint(rm: RosterModel, pinned: dict[Cell, str | None]) -> int:
    """Hint every shift and role variable from the greedy roster; returns the shifts it placed."""
    chosen = greedy_roster(rm, pinned)
    _hint(rm, chosen)
    return len(chosen)


def _hint(rm: RosterModel, chosen: Mapping[tuple[int, int, str], str | None]) -> None:
    """Hint every shift and role variable from (worker index, day, shift) -> skill filled."""
    for key, var in rm.shift_vars.items():
        rm.model.add_hint(var, 1 if key in chosen else 0)
    for (w, d, s, skill), var in rm.role_of.items():
        if var is not rm.shift_vars.get((w, d, s)):
            rm.model.add_hint(var, 1 if chosen.get((w, d, s)) == skill else 0)


def add_start_hint(rm: RosterModel, start: Mapping[Cell, tuple[str, str | None]]) -> None:
    """Hint every shift and role variable from a complete roster (cell -> shift and role)."""
    index = {worker.id: w for w, worker in enumerate(rm.problem.workers)}
    _hint(rm, {(index[worker_id], d, shift): role for (worker_id, d), (shift, role) in start.items()})


def complete_hint(rm: RosterModel, time_limit_s: float) -> bool:
    """Turn a hint of the shift variables into a hint of every variable, if it is feasible.

    CP-SAT's first-solution workers ignore a partial hint (measured on Curtois & Qu Instance5: first
    rosters cost 5,502 against the hint's 1,146); a complete feasible hint is its first solution.
    """
    from ortools.sat.python import cp_model

    from optimizer.roster.cpsat import cp_solver

    solver = cp_solver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.max_time_in_seconds = time_limit_s
    if solver.solve(rm.model.clone()) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    rm.model.clear_hints()
    hint = rm.model.proto.solution_hint
    for index, value in enumerate(solver.response_proto.solution):
        hint.vars.append(index)
        hint.values.append(value)
    return True
