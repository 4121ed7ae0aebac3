"""An independent roster checker: every hard rule, and the soft penalties recomputed.

It reads only the problem data and the assignments; it shares no code with the model builder
(calendar groupings, rest times and stretches are worked out again here, day by day).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from optimizer.roster.problem import RosterProblem, Worker
from scenarios.model.common import MINUTES_PER_DAY

Cell = tuple[str, int]


@dataclass(frozen=True)
class HardViolation:
    """A broken hard rule: which, who, when, and what was found."""

    rule: str
    worker: str | None
    day: int | None
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """The checker's verdict."""

    hard: tuple[HardViolation, ...]
    penalties: Mapping[str, int] = field(default_factory=dict)  # soft rule -> total penalty

    def __post_init__(self) -> None:
        object.__setattr__(self, "penalties", MappingProxyType(dict(self.penalties)))

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.hard

    @property
    def total_penalty(self) -> int:
        """Sum of all soft penalties."""
        return sum(self.penalties.values())

    def rules_broken(self) -> set[str]:
        """Names of the broken hard rules."""
        return {v.rule for v in self.hard}


def _runs(flags: list[bool]) -> list[tuple[bool, int, int]]:
    """(value, first day, last day) of each maximal run of equal flags."""
    runs, start = [], 0
    for day in range(1, len(flags) + 1):
        if day == len(flags) or flags[day] != flags[start]:
            runs.append((flags[start], start, day - 1))
            start = day
    return runs


def _week_key(problem: RosterProblem, day: int) -> tuple[int, int]:
    iso = problem.days[day].date.isocalendar()
    return iso[0], iso[1]


def _check_worker(problem: RosterProblem, worker: Worker, mine: dict[int, str], out: list[HardViolation]) -> None:
    contract, horizon = worker.contract, problem.horizon
    length = {s.id: s.duration_min for s in problem.shifts}
    start = {s.id: s.start_min for s in problem.shifts}
    forbidden = {s.id: set(s.forbidden_next) for s in problem.shifts}

    def flag(rule: str, day: int | None, message: str) -> None:
        out.append(HardViolation(rule, worker.id, day, f"{worker.id}: {message}"))

    for day, shift_id in mine.items():
        if day in worker.leave_days or day in worker.days_off:
            flag("unavailable", day, f"works {shift_id} on day {day}, a leave day or fixed day off")
    for shift_id, limit in contract.max_shifts_per_type.items():
        count = sum(1 for s in mine.values() if s == shift_id)
        if count > limit:
            flag("max_shift_type", None, f"{count} shifts {shift_id}, contract allows {limit}")
    worked_days = sorted(mine)
    for before, after in zip(worked_days, worked_days[1:], strict=False):
        end_before = before * MINUTES_PER_DAY + start[mine[before]] + length[mine[before]]
        rest = after * MINUTES_PER_DAY + start[mine[after]] - end_before
        if rest < problem.rules.min_rest_min:
            flag("rest", after, f"only {rest} min rest between {mine[before]} on day {before} and {mine[after]} on day {after}")
        elif after == before + 1 and mine[after] in forbidden[mine[before]]:
            flag("rest", after, f"{mine[after]} on day {after} may not follow {mine[before]}")
    for working, first, last in _runs([d in mine for d in range(horizon)]):
        size, interior = last - first + 1, first > 0 and last < horizon - 1
        if working and contract.max_consecutive_days is not None and size > contract.max_consecutive_days:
            flag("max_consecutive", first, f"works {size} days in a row from day {first}, max {contract.max_consecutive_days}")
        if working and interior and size < (contract.min_consecutive_days or 0):
            flag("min_consecutive", first, f"works only {size} day(s) in a row from day {first}, min {contract.min_consecutive_days}")
        if not working and interior and size < (contract.min_consecutive_days_off or 0):
            flag("min_days_off_run", first, f"only {size} day(s) off in a row from day {first}, min {contract.min_consecutive_days_off}")
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for day in range(horizon):
        weeks[_week_key(problem, day)].append(day)
    for days in weeks.values():
        minutes = sum(length[mine[d]] for d in days if d in mine)
        if contract.max_minutes_per_week is not None and minutes > contract.max_minutes_per_week:
            flag("week_minutes", days[0], f"{minutes} min in the week of day {days[0]}, max {contract.max_minutes_per_week}")
        if contract.min_days_off_per_week and len(days) == 7:
            off = sum(1 for d in days if d not in mine)
            if off < contract.min_days_off_per_week:
                flag("week_days_off", days[0], f"{off} day(s) off in the week of day {days[0]}, min {contract.min_days_off_per_week}")
    block = contract.period_days or horizon
    for first in range(0, horizon, block):
        period = range(first, min(first + block, horizon))
        minutes = sum(length[mine[d]] for d in period if d in mine)
        if contract.max_minutes_per_period is not None and minutes > contract.max_minutes_per_period:
            flag("period_max", first, f"{minutes} min in the period from day {first}, max {contract.max_minutes_per_period}")
        if contract.min_minutes_per_period is not None and len(period) == block and minutes < contract.min_minutes_per_period:
            flag("period_min", first, f"{minutes} min in the period from day {first}, min {contract.min_minutes_per_period}")
    if contract.max_weekends is not None:
        worked = {_week_key(problem, d) for d in mine if problem.days[d].date.weekday() >= 5 and not problem.days[d].is_makeup_workday}
        if len(worked) > contract.max_weekends:
            flag("max_weekends", None, f"works {len(worked)} weekends, max {contract.max_weekends}")


def _penalties(problem: RosterProblem, by_worker: dict[str, dict[int, str]], counts: dict, previous, pinned) -> dict[str, int]:
    weights = problem.weights
    penalties: dict[str, int] = defaultdict(int)
    for demand in problem.demands:
        count = counts.get((demand.day, demand.shift_id, demand.skill), 0)
        under_w = weights.coverage_under if demand.under_weight is None else demand.under_weight
        over_w = weights.coverage_over if demand.over_weight is None else demand.over_weight
        penalties["coverage_under"] += under_w * max(0, demand.target - count)
        penalties["coverage_over"] += over_w * max(0, count - demand.target)
    for worker in problem.workers:
        mine = by_worker[worker.id]
        for request in worker.requests:
            got = mine.get(request.day)
            matches = got is not None if request.shift_id is None else got == request.shift_id
            if matches != request.wants:
                key = "shift_on_request" if request.wants else "shift_off_request"
                penalties[key] += weights.requests * request.weight
        if weights.shift_change:
            penalties["shift_change"] += weights.shift_change * sum(
                1 for d in range(problem.horizon - 1) if d in mine and d + 1 in mine and mine[d] != mine[d + 1])
        standard = worker.contract.standard_minutes_per_week
        if weights.overtime_per_hour and standard is not None:
            weeks: dict[tuple[int, int], int] = defaultdict(int)
            for d, s in mine.items():
                weeks[_week_key(problem, d)] += problem.shift(s).duration_min
            penalties["overtime"] += weights.overtime_per_hour * sum(-(-max(0, m - standard) // 60) for m in weeks.values())
    _fairness(problem, by_worker, penalties)
    changed = sum(1 for (w, d), before in previous.items() if (w, d) not in pinned and by_worker[w].get(d) != before)
    penalties["change_from_previous"] += weights.change_from_previous * changed
    return {rule: value for rule, value in penalties.items() if value}


def _fairness(problem: RosterProblem, by_worker: dict[str, dict[int, str]], penalties: dict[str, int]) -> None:
    weights = problem.weights
    nights = {s.id for s in problem.shifts if s.is_night}
    teams: dict[str, list[Worker]] = defaultdict(list)
    for worker in problem.workers:
        teams[worker.team or "-"].append(worker)
    for members in teams.values():
        if len(members) < 2:
            continue
        metrics: dict[str, list[int]] = {"fair_nights": [], "fair_weekends": [], "fair_holidays": [], "fair_hours": []}
        for worker in members:
            mine = by_worker[worker.id]
            metrics["fair_nights"].append(sum(1 for s in mine.values() if s in nights))
            metrics["fair_weekends"].append(len({_week_key(problem, d) for d in mine
                                                 if problem.days[d].date.weekday() >= 5 and not problem.days[d].is_makeup_workday}))
            metrics["fair_holidays"].append(sum(1 for d in mine if problem.days[d].is_holiday))
            metrics["fair_hours"].append(sum(problem.shift(s).duration_min for s in mine.values()))
        for rule, values in metrics.items():
            weight = getattr(weights, rule)
            spread = max(values) - min(values)
            if rule == "fair_hours":
                spread = -(-spread // 60)
            penalties[rule] += weight * spread


def validate_roster(problem: RosterProblem, assignments: Mapping[Cell, str], roles: Mapping[Cell, str] | None = None, *,
                    pinned: Mapping[Cell, str | None] | None = None, previous: Mapping[Cell, str | None] | None = None,
                    max_changes: int | None = None) -> ValidationReport:
    """Check every hard rule and recompute every soft penalty of a roster."""
    roles, pinned, previous = dict(roles or {}), dict(pinned or {}), dict(previous or {})
    out: list[HardViolation] = []
    workers = {w.id: w for w in problem.workers}
    shift_ids = {s.id for s in problem.shifts}
    by_worker: dict[str, dict[int, str]] = {w: {} for w in workers}
    for (worker_id, day), shift_id in assignments.items():
        if worker_id not in workers or shift_id not in shift_ids or not 0 <= day < problem.horizon:
            out.append(HardViolation("unknown", worker_id, day, f"unknown worker, shift or day: {worker_id}, {shift_id}, {day}"))
            continue
        by_worker[worker_id][day] = shift_id
    for (worker_id, day), skill in roles.items():
        if worker_id not in by_worker or day not in by_worker[worker_id]:
            out.append(HardViolation("skill", worker_id, day, f"{worker_id}: role {skill} on day {day} without a shift"))
        elif skill not in workers[worker_id].skills:
            out.append(HardViolation("skill", worker_id, day, f"{worker_id}: fills {skill} on day {day} without that skill"))
    for worker_id, worker in workers.items():
        _check_worker(problem, worker, by_worker[worker_id], out)
    counts: dict[tuple[int, str, str | None], int] = defaultdict(int)
    for worker_id, mine in by_worker.items():
        for day, shift_id in mine.items():
            counts[(day, shift_id, None)] += 1
            if (worker_id, day) in roles:
                counts[(day, shift_id, roles[(worker_id, day)])] += 1
    for demand in problem.demands:
        count = counts.get((demand.day, demand.shift_id, demand.skill), 0)
        if count < demand.minimum:
            out.append(HardViolation("min_cover", None, demand.day,
                                     f"day {demand.day} {demand.shift_id} {demand.skill or '*'}: {count} < minimum {demand.minimum}"))
    for (worker_id, day), pinned_shift in pinned.items():
        if by_worker.get(worker_id, {}).get(day) != pinned_shift:
            out.append(HardViolation("pin", worker_id, day, f"{worker_id}: day {day} pinned to {pinned_shift or 'off'}"))
    if max_changes is not None:
        changed = sum(1 for (w, d), before in previous.items() if (w, d) not in pinned and by_worker.get(w, {}).get(d) != before)
        if changed > max_changes:
            out.append(HardViolation("max_changes", None, None, f"{changed} cells changed, max {max_changes}"))
    return ValidationReport(tuple(out), _penalties(problem, by_worker, counts, previous, pinned))
