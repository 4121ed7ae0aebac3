"""Exact pricing of one worker's schedule by dynamic programming over the days.

Column generation (columns.py) prices every worker in every round. The one-worker CP-SAT model
is general but takes tens of milliseconds a solve; this dynamic program solves the same problem
exactly for the rules it knows, in a few milliseconds, with numpy over a dense state per day:

- position: the last day's shift and the length of the current run of working days (capped
  at the contract's maximum), or the length of the current run of days off;
- minutes worked so far (in units of the shift lengths' common divisor);
- weekends worked so far, when the contract limits them;
- shifts of a type so far, for the types whose limits a cheapest schedule broke (learned:
  the limits start relaxed, and a limit the optimum breaks is tracked from then on).

It prices the worker's own soft terms (requests, shift changes) minus the coverage duals, and
obeys fixed days off, leave, pins, branching decisions, forbidden successions, consecutive-day
limits (edge stretches exempt, as in hard_rules.py), total minutes, weekends and shift-type
limits. Workers with other rules (weekly minutes, days off per week, averaging periods,
overtime, a choice of roles on one shift) keep the CP-SAT pricer: `unsupported` says why.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, reduce

import numpy as np

from optimizer.roster.builder import Cell, eligible, weekends
from optimizer.roster.hard_rules import forbidden_successions
from optimizer.roster.problem import Contract, RosterProblem, Worker

# entries of one day's state above which a worker is priced by CP-SAT, on the thread pool beside
# the programs: Curtois & Qu Instance8's two workers with 192,375 entries took 47 ms a pricing;
# with them on CP-SAT its root LP converged in 7.0 s instead of 11.0 s (the other instances have
# no worker above 100,000 and did not change)
STATE_LIMIT = 100_000
# the schedules returned besides the cheapest are the next cheapest end states' schedules that
# differ from each one taken in at least DAYS_APART days: near-copies (the same schedule with a
# longer final rest) add little to the master, and on Curtois & Qu Instance6 branch-and-price
# found the optimum 1,950 with them and only 1,951 without
CANDIDATES = 20
DAYS_APART = 3
NOT_WEEKEND, WEEKEND_START, WEEKEND_NEXT = 0, 1, 2  # a day's place in its weekend


def unsupported(problem: RosterProblem, w: int) -> str | None:
    """Why the dynamic program cannot price this worker, or None when it can."""
    worker, contract = problem.workers[w], problem.workers[w].contract
    if contract.max_minutes_per_week is not None:
        return "weekly minutes"
    if contract.min_days_off_per_week:
        return "days off per week"
    if contract.period_days is not None and contract.period_days < problem.horizon:
        return "averaging periods"
    if problem.weights.overtime_per_hour and contract.standard_minutes_per_week is not None:
        return "overtime"
    if any(offset != 1 for _, offset, _ in forbidden_successions(problem)):
        return "rest over two days"
    for rest in weekends(problem):
        if rest != list(range(rest[0], rest[0] + len(rest))):
            return "weekend days apart"
    skills: dict[tuple[int, str], set[str]] = {}
    for demand in problem.demands:
        if demand.skill is not None and demand.skill in worker.skills:
            skills.setdefault((demand.day, demand.shift_id), set()).add(demand.skill)
    if any(len(found) > 1 for found in skills.values()):
        return "a choice of roles"
    return None


@dataclass(frozen=True)
class Schedule:
    """One priced schedule: the shift index per day (None = off) and its own soft cost."""

    shifts: tuple[int | None, ...]
    own_cost: int
    value: float  # own cost minus the duals it collects


class ScheduleDP:
    """The pricing problem of one worker (see the module docstring); build once, price often."""

    def __init__(self, problem: RosterProblem, w: int, pinned: Mapping[Cell, str | None]) -> None:
        worker, contract = problem.workers[w], problem.workers[w].contract
        self.horizon = problem.horizon
        self.shift_ids = [s.id for s in problem.shifts]
        n = len(self.shift_ids)
        self.n_shifts = n
        self.allowed = self._allowed_options(worker, pinned)
        self.own = self._request_costs(problem, w)
        self._init_steps(problem)
        position = {shift_id: s for s, shift_id in enumerate(self.shift_ids)}
        self._init_rows(problem, worker, position)
        lengths = [s.duration_min for s in problem.shifts]
        self._init_minutes(contract, lengths)
        self._init_weekends(problem, contract)
        self._init_runs(contract)
        self._init_type_limits(contract, lengths, position)
        self.tracked: list[int] = []  # grows only, so its length keys the cache of moves
        self._move_cache: dict[tuple[int, bool, int], list[tuple[int, int, bool]]] = {}
        self.predecessors = [tuple(int(p) for p in np.flatnonzero(np.isfinite(self.step_cost[:, s]))) for s in range(n)]

    def _allowed_options(self, worker: Worker, pinned: Mapping[Cell, str | None]) -> np.ndarray:
        """allowed[d, o]: option o (a shift index, or n = off) on day d."""
        n = self.n_shifts
        allowed = np.zeros((self.horizon, n + 1), dtype=bool)
        for d in range(self.horizon):
            pin = pinned.get((worker.id, d), "free")
            for s, shift_id in enumerate(self.shift_ids):
                # a pin on a day off has a variable in the full model, which its rules then forbid
                allowed[d, s] = eligible(worker, d, shift_id, pinned) and pin in ("free", shift_id) and not worker.unavailable(d)
            allowed[d, n] = pin in ("free", None)
        return allowed

    def _init_steps(self, problem: RosterProblem) -> None:
        """The cost of one shift after another: a shift change's penalty, or infinite when rest forbids it."""
        n, change = self.n_shifts, problem.weights.shift_change
        self.change_cost = np.where(np.eye(n, dtype=bool), 0.0, float(change)) if change and n > 1 else np.zeros((n, n))
        forbidden = {(a, b) for a, _, b in forbidden_successions(problem)}
        follows = np.array([[(a, b) not in forbidden for b in self.shift_ids] for a in self.shift_ids], dtype=bool)
        self.step_cost = np.where(follows, self.change_cost, np.inf)  # [previous shift, shift]

    def _init_rows(self, problem: RosterProblem, worker: Worker, position: dict[str, int]) -> None:
        """The demand rows this worker counts towards when working (day, shift), and the role it fills there."""
        self.rows: dict[tuple[int, int], list[int]] = {}
        self.roles: dict[tuple[int, int], str | None] = {}
        for i, demand in enumerate(problem.demands):
            if demand.skill is None or demand.skill in worker.skills:
                key = (demand.day, position[demand.shift_id])
                self.rows.setdefault(key, []).append(i)
                if demand.skill is not None:
                    self.roles[key] = demand.skill
        self.row_day = np.array([d.day for d in problem.demands], dtype=int)
        self.row_shift = np.array([position[d.shift_id] for d in problem.demands], dtype=int)
        self.row_counts = np.array([d.skill is None or d.skill in worker.skills for d in problem.demands], dtype=bool)

    def _init_minutes(self, contract: Contract, lengths: list[int]) -> None:
        """Minutes in units of the lengths' common divisor; untracked when the contract has no bound."""
        # a period longer than the horizon is never complete, and only complete ones have a minimum
        longer = contract.period_days is not None and contract.period_days > self.horizon
        self.min_minutes = None if longer else contract.min_minutes_per_period
        self.max_minutes = contract.max_minutes_per_period
        if self.min_minutes is None and self.max_minutes is None:
            self.unit, self.length, self.minute_states = 1, [0] * self.n_shifts, 1
        else:
            self.unit = reduce(math.gcd, lengths)
            self.length = [length // self.unit for length in lengths]
            top = self.max_minutes if self.max_minutes is not None else self.horizon * max(lengths)
            self.minute_states = top // self.unit + 1

    def _init_weekends(self, problem: RosterProblem, contract: Contract) -> None:
        """Each day's place in a weekend, and the weekends worked counted when the contract limits them."""
        groups = weekends(problem)
        self.weekend_role = [NOT_WEEKEND] * self.horizon
        for rest in groups:
            self.weekend_role[rest[0]] = WEEKEND_START
            for d in rest[1:]:
                self.weekend_role[d] = WEEKEND_NEXT
        limit = contract.max_weekends
        self.track_weekends = limit is not None and limit < len(groups)
        self.weekend_states = limit + 1 if limit is not None and self.track_weekends else 1

    def _init_runs(self, contract: Contract) -> None:
        """Runs: working days (capped at the maximum, or at the minimum when there is no maximum), and days off."""
        self.max_run = contract.max_consecutive_days
        self.min_run = contract.min_consecutive_days or 0
        self.run_states = min(self.horizon, self.max_run if self.max_run is not None else max(1, self.min_run))
        self.saturate_run = self.max_run is None or self.max_run >= self.horizon
        self.off_states = max(1, contract.min_consecutive_days_off or 0)
        self.min_off = contract.min_consecutive_days_off or 0

    def _init_type_limits(self, contract: Contract, lengths: list[int], position: dict[str, int]) -> None:
        """Shift-type limits that can bind; tracked once a cheapest schedule broke one. When every
        shift is equally long the minutes give the number of working days n, and "at most L of
        type s" is "at least n - L days of other types": counting those up to (most days - L)
        needs fewer states when L is close to the most days (Curtois & Qu Instance8: 5, not 15)."""
        equal = self.minute_states > 1 and len(set(lengths)) == 1
        most_days = self.minute_states - 1 if equal else self.horizon
        self.type_limits = {position[s]: limit for s, limit in contract.max_shifts_per_type.items()
                            if limit < min(int(self.allowed[:, position[s]].sum()), most_days)}
        self.counts_others = {s: equal and most_days - limit < limit for s, limit in self.type_limits.items()}
        self.counter_top = {s: most_days - limit if self.counts_others[s] else limit for s, limit in self.type_limits.items()}

    def _request_costs(self, problem: RosterProblem, w: int) -> np.ndarray:
        """own[d, o]: the worker's request penalties for option o on day d."""
        n, factor = len(self.shift_ids), problem.weights.requests
        own = np.zeros((self.horizon, n + 1))
        if not factor:
            return own
        for request in problem.workers[w].requests:
            weight, d = factor * request.weight, request.day
            if request.shift_id is None:
                hit = np.arange(n + 1) == n if request.wants else np.arange(n + 1) < n
            else:
                s = self.shift_ids.index(request.shift_id)
                hit = np.arange(n + 1) != s if request.wants else np.arange(n + 1) == s
            own[d, hit] += weight
        return own

    def state_size(self) -> int:
        """Entries of one day's state with the shift types tracked so far."""
        tail = self.minute_states * self.weekend_states * math.prod(self.counter_top[s] + 1 for s in self.tracked)
        return (self.n_shifts * self.run_states + self.off_states) * tail

    def price(self, duals: np.ndarray, branch: Mapping[tuple[int, str], bool] | None = None,
              count: int = 3) -> list[Schedule] | None:
        """Up to `count` cheapest schedules (best first, each the cheapest of its end state, at
        least DAYS_APART days apart from each other); [] when no legal schedule exists; None
        when the state grows beyond STATE_LIMIT."""
        allowed = self.allowed.copy()
        for (d, shift_id), required in (branch or {}).items():
            s = self.shift_ids.index(shift_id)
            if required:
                keep = allowed[d, s]
                allowed[d, :] = False
                allowed[d, s] = keep
            else:
                allowed[d, s] = False
        gain = np.zeros((self.horizon, self.n_shifts + 1))
        counted = self.row_counts & (np.abs(duals) > 0)
        np.add.at(gain, (self.row_day[counted], self.row_shift[counted]), duals[counted])
        cost = np.where(allowed, self.own - gain, np.inf)
        while True:
            if self.state_size() > STATE_LIMIT:
                return None
            found = self._solve(cost, count)
            broken = [s for s in self.type_limits if s not in self.tracked
                      and any(sum(1 for x in sched.shifts if x == s) > self.type_limits[s] for sched in found[:1])]
            if not broken:
                return [sched for sched in found if self._keeps_type_limits(sched)]
            self.tracked += broken

    def _keeps_type_limits(self, schedule: Schedule) -> bool:
        return all(sum(1 for x in schedule.shifts if x == s) <= limit for s, limit in self.type_limits.items())

    # --- the dynamic program -------------------------------------------------------------

    def _tail_shape(self) -> tuple[int, ...]:
        return (self.minute_states, self.weekend_states, *(self.counter_top[s] + 1 for s in self.tracked))

    def _solve(self, cost: np.ndarray, count: int) -> list[Schedule]:
        n, tail = self.n_shifts, self._tail_shape()
        work = np.full((n, self.run_states, *tail), np.inf)
        off = np.full((self.off_states, *tail), np.inf)
        off[(self.off_states - 1,) + (0,) * len(tail)] = 0.0  # before day 0: a long rest, so the first stretch is exempt
        history = []
        for d in range(self.horizon):
            work, off = self._step(d, work, off, cost[d])
            history.append((work, off))
        final = np.concatenate([work.reshape(-1, *tail), off.reshape(-1, *tail)])
        if self.min_minutes is not None:
            final[:, : -(-self.min_minutes // self.unit)] = np.inf
        for i, s in enumerate(self.tracked):
            if self.counts_others[s]:  # at least n - limit days of other types (n = the minutes index)
                shape = [1] * final.ndim
                shape[1] = self.minute_states
                days = np.arange(self.minute_states).reshape(shape)
                shape = [1] * final.ndim
                shape[3 + i] = self.counter_top[s] + 1
                others = np.arange(self.counter_top[s] + 1).reshape(shape)
                final = np.where(others < days - self.type_limits[s], np.inf, final)
        order = np.argsort(final, axis=None, kind="stable")[:CANDIDATES]
        schedules: list[Schedule] = []
        for flat in order:
            value = float(final.flat[flat])
            if not math.isfinite(value) or len(schedules) >= count:
                break
            index = np.unravel_index(flat, final.shape)
            shifts = self._backtrack(history, index)
            if all(sum(a != b for a, b in zip(shifts, other.shifts, strict=True)) >= DAYS_APART for other in schedules):
                schedules.append(Schedule(shifts, self._own_cost(shifts), value))
        return schedules

    def _moves(self, s: int, weekend: bool) -> list[tuple[int, int, bool]]:
        """(tail axis, step, saturates) for working shift s: minutes by its length, weekends by
        one if this day starts a worked weekend, and the tracked counters."""
        key = (s, weekend, len(self.tracked))
        if key not in self._move_cache:
            self._move_cache[key] = self._find_moves(s, weekend)
        return self._move_cache[key]

    def _find_moves(self, s: int, weekend: bool) -> list[tuple[int, int, bool]]:
        moves = [(0, self.length[s], False)]
        if weekend and self.track_weekends:
            moves.append((1, 1, False))
        for i, t in enumerate(self.tracked):
            if self.counts_others[t] and t != s:
                moves.append((2 + i, 1, True))
            elif not self.counts_others[t] and t == s:
                moves.append((2 + i, 1, False))
        return [move for move in moves if move[1]]

    def _shifted(self, array: np.ndarray, s: int, weekend: bool) -> np.ndarray:
        """The tail moved by working shift s (see `_moves`); what overflows a limit is dropped,
        or kept at the top of a saturating counter. `array` has one leading axis before the tail."""
        out = array
        for axis, by, saturates in self._moves(s, weekend):
            axis += 1
            size = out.shape[axis]
            moved = np.full_like(out, np.inf)
            if by < size:
                source = [slice(None)] * out.ndim
                target = [slice(None)] * out.ndim
                source[axis], target[axis] = slice(0, size - by), slice(by, None)
                moved[tuple(target)] = out[tuple(source)]
            if saturates:
                top = [slice(None)] * out.ndim
                top[axis] = slice(size - 1, size)
                moved[tuple(top)] = np.minimum(moved[tuple(top)], out[tuple(top)])
            out = moved
        return out

    @cached_property
    def off_may_end(self) -> np.ndarray:
        """[day, off-run position]: the run of days off may be followed by work that day."""
        lengths = np.arange(1, self.off_states + 1)
        days = np.arange(self.horizon)[:, None]
        return (lengths >= self.min_off) | (lengths == days) | (lengths == self.off_states)

    @cached_property
    def work_may_end(self) -> np.ndarray:
        """[day, work-run position]: the run of working days may be followed by a day off that day."""
        lengths = np.arange(1, self.run_states + 1)
        days = np.arange(self.horizon)[:, None]
        return (lengths >= self.min_run) | (lengths == days) | (self.saturate_run & (lengths == self.run_states))

    def _step(self, d: int, work: np.ndarray, off: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n, role = self.n_shifts, self.weekend_role[d]
        new_work = np.full_like(work, np.inf)
        may_start = self.off_may_end[d]
        start = off[may_start].min(axis=0) if may_start.any() else np.full(work.shape[2:], np.inf)
        carried_by: dict[tuple[int, ...], np.ndarray] = {}
        for s in range(n):
            if not math.isfinite(cost[s]):
                continue
            carried = self._carried(work, s, carried_by)
            if self.run_states > 1:
                grown = carried[:-1]
                if self.saturate_run:
                    grown = grown.copy()
                    grown[-1] = np.minimum(grown[-1], carried[-1])
                new_work[s, 1:] = self._shifted(grown, s, role == WEEKEND_START)
            elif self.saturate_run:
                new_work[s, 0] = self._shifted(carried[:1], s, role == WEEKEND_START)[0]
            first = self._shifted(start[None], s, role != NOT_WEEKEND)[0]
            new_work[s, 0] = np.minimum(new_work[s, 0], first)
            new_work[s] += cost[s]
        new_off = np.full_like(off, np.inf)
        if math.isfinite(cost[n]):
            ended = work[:, self.work_may_end[d]]
            rested = ended.min(axis=(0, 1)) if ended.size else np.full(off.shape[1:], np.inf)
            new_off[0] = rested
            if self.off_states > 1:
                new_off[1:] = off[:-1]
            new_off[-1] = np.minimum(new_off[-1], off[-1])
            new_off += cost[n]
        return new_work, new_off

    def _carried(self, work: np.ndarray, s: int, cache: dict[tuple[int, ...], np.ndarray]) -> np.ndarray:
        """[run, tail]: the cheapest way to have worked yesterday on a shift that s may follow
        (with the change penalty); shifts with the same predecessors share one minimum."""
        predecessors = self.predecessors[s]
        if not predecessors:
            return np.full(work.shape[1:], np.inf)
        if self.change_cost.any():
            return np.min([work[p] + self.step_cost[p, s] for p in predecessors], axis=0)
        if predecessors not in cache:
            cache[predecessors] = work[predecessors[0]] if len(predecessors) == 1 else work[list(predecessors)].min(axis=0)
        return cache[predecessors]

    def _backtrack(self, history: list, index: tuple) -> tuple[int | None, ...]:
        """The options of the path ending in `index` of the final state (positions: work then off)."""
        n, runs = self.n_shifts, self.run_states
        first, tail = int(index[0]), tuple(int(i) for i in index[1:])
        # (kind, shift or None when off, run)
        position: tuple[str, int | None, int] = (
            ("work", first // runs, first % runs) if first < n * runs else ("off", None, first - n * runs))
        options: list[int | None] = [None] * self.horizon
        for d in range(self.horizon - 1, -1, -1):
            kind, s, run = position
            options[d] = s if kind == "work" else None
            if d == 0:
                break
            work, off = history[d - 1]
            role = self.weekend_role[d]
            # (value before, position, tail)
            candidates: list[tuple[float, tuple[str, int | None, int], tuple[int, ...]]] = []
            if kind == "work":
                assert s is not None  # a work position always names its shift
                if run == 0:
                    for before in self._unshift(tail, s, role != NOT_WEEKEND):
                        for r in np.flatnonzero(self.off_may_end[d]):
                            candidates.append((off[(int(r), *before)], ("off", None, int(r)), before))
                runs_before = [run - 1] if run > 0 else []
                if self.saturate_run and run == runs - 1:
                    runs_before.append(run)
                for before in self._unshift(tail, s, role == WEEKEND_START) if runs_before else []:
                    for p in self.predecessors[s]:
                        for run_before in runs_before:
                            candidates.append((work[(p, run_before, *before)] + self.step_cost[p, s],
                                               ("work", p, run_before), before))
            else:
                if run == 0:
                    for r in np.flatnonzero(self.work_may_end[d]):
                        for p in range(n):
                            candidates.append((work[(p, int(r), *tail)], ("work", p, int(r)), tail))
                if run > 0:
                    candidates.append((off[(run - 1, *tail)], ("off", None, run - 1), tail))
                if run == self.off_states - 1:
                    candidates.append((off[(run, *tail)], ("off", None, run), tail))
            if not candidates:
                raise RuntimeError("schedule DP: no predecessor (inconsistent state)")
            value, position, tail = min(candidates, key=lambda item: item[0])
            if not math.isfinite(value):
                raise RuntimeError("schedule DP: no finite predecessor (inconsistent state)")
        return tuple(options)

    def _unshift(self, tail: tuple[int, ...], s: int, weekend: bool) -> list[tuple[int, ...]]:
        """The tails that working shift s moves to `tail` (the inverse of `_shifted`)."""
        options = [[i] for i in tail]
        for axis, by, saturates in self._moves(s, weekend):
            top = self._tail_shape()[axis] - 1
            index = tail[axis]
            options[axis] = ([index - by] if index - by >= 0 else []) + ([index] if saturates and index == top else [])
        return [tuple(combo) for combo in itertools.product(*options)]

    def _own_cost(self, shifts: tuple[int | None, ...]) -> int:
        n = self.n_shifts
        total = sum(self.own[d, n if s is None else s] for d, s in enumerate(shifts))
        total += sum(self.change_cost[a, b] for a, b in zip(shifts, shifts[1:], strict=False) if a is not None and b is not None)
        return round(total)

    def cells(self, schedule: Schedule) -> tuple[tuple[int, str, str | None], ...]:
        """(day, shift id, role skill or None) of the worked days."""
        return tuple((d, self.shift_ids[s], self.roles.get((d, s))) for d, s in enumerate(schedule.shifts) if s is not None)

    def demands(self, schedule: Schedule) -> tuple[int, ...]:
        """Indices of the demand rows the schedule counts towards, in row order."""
        return tuple(sorted(i for d, s in enumerate(schedule.shifts) if s is not None for i in self.rows.get((d, s), [])))


__all__ = ["STATE_LIMIT", "Schedule", "ScheduleDP", "unsupported"]
