"""The generic rostering problem: immutable, self-checking data the CP-SAT model is built from.

A scenario (workers, skills, teams, contracts, leave, preferences, shift templates, labour
rules, holiday calendar with make-up working days 调休) and a benchmark instance are both
converted into a `RosterProblem`. All times are integer minutes; days are indices 0..H-1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from scenarios.model.common import MINUTES_PER_DAY

REGIMES = ("standard", "comprehensive")  # 标准工时 / 综合计算工时


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


@dataclass(frozen=True)
class Day:
    """One calendar day of the horizon."""

    index: int
    date: dt.date
    is_holiday: bool = False  # statutory holiday (法定节假日)
    is_makeup_workday: bool = False  # weekend day worked in exchange for a holiday (调休上班)

    @property
    def weekday(self) -> int:
        """Monday = 0 … Sunday = 6."""
        return self.date.weekday()

    @property
    def is_rest_day(self) -> bool:
        """A weekend day that is not a make-up working day."""
        return self.weekday >= 5 and not self.is_makeup_workday

    def __post_init__(self) -> None:
        _require(self.index >= 0, f"day index must be >= 0 (got {self.index})")
        _require(
            not (self.is_makeup_workday and self.weekday < 5),
            f"day {self.index} ({self.date}) is a weekday and cannot be a make-up working day",
        )


@dataclass(frozen=True)
class ShiftType:
    """A shift template: start, length and which shifts may not follow it on the next day."""

    id: str
    start_min: int
    duration_min: int
    name: str = ""  # the name people use (Chinese where the scenario gives one)
    is_night: bool = False
    forbidden_next: tuple[str, ...] = ()
    name_en: str = ""

    @property
    def end_min(self) -> int:
        """End in minutes from the start of its day (may exceed 1440 for night shifts)."""
        return self.start_min + self.duration_min

    def __post_init__(self) -> None:
        _require(bool(self.id), "shift id must not be empty")
        _require(0 <= self.start_min < MINUTES_PER_DAY, f"shift {self.id}: start_min must be in [0, 1440) (got {self.start_min})")
        _require(0 < self.duration_min <= MINUTES_PER_DAY, f"shift {self.id}: duration_min must be in (0, 1440] (got {self.duration_min})")


@dataclass(frozen=True)
class Contract:
    """Working-time limits of a worker. None means 'no limit'."""

    regime: str = "standard"
    max_minutes_per_week: int | None = None  # per calendar week (Mon–Sun)
    max_minutes_per_period: int | None = None  # per averaging period (综合计算工时)
    min_minutes_per_period: int | None = None
    period_days: int | None = None  # None = the whole horizon
    standard_minutes_per_week: int | None = None  # above this, minutes count as overtime (soft)
    max_consecutive_days: int | None = None
    min_consecutive_days: int | None = None  # stretches touching the horizon edges are exempt
    min_consecutive_days_off: int | None = None  # idem
    min_days_off_per_week: int | None = None
    max_weekends: int | None = None  # weekends with any work
    max_shifts_per_type: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _require(self.regime in REGIMES, f"contract regime must be one of {REGIMES} (got {self.regime!r})")
        object.__setattr__(self, "max_shifts_per_type", MappingProxyType(dict(self.max_shifts_per_type)))
        for name in (
            "max_minutes_per_week", "max_minutes_per_period", "min_minutes_per_period", "period_days",
            "standard_minutes_per_week", "max_consecutive_days", "min_consecutive_days",
            "min_consecutive_days_off", "min_days_off_per_week", "max_weekends",
        ):
            value = getattr(self, name)
            _require(value is None or value >= 0, f"contract {name} must be >= 0 (got {value})")
        _require(self.period_days is None or self.period_days > 0, f"contract period_days must be > 0 (got {self.period_days})")
        _require(
            self.max_consecutive_days is None or self.max_consecutive_days >= 1,
            f"contract max_consecutive_days must be >= 1 (got {self.max_consecutive_days})",
        )
        if self.max_minutes_per_period is not None and self.min_minutes_per_period is not None:
            _require(
                self.min_minutes_per_period <= self.max_minutes_per_period,
                f"contract min_minutes_per_period {self.min_minutes_per_period} > max {self.max_minutes_per_period}",
            )
        for shift_id, limit in self.max_shifts_per_type.items():
            _require(limit >= 0, f"contract max_shifts_per_type[{shift_id}] must be >= 0 (got {limit})")

    def __reduce__(self) -> tuple:
        # mappingproxy cannot be pickled; problems travel to and from worker processes
        state = {name: getattr(self, name) for name in self.__dataclass_fields__}
        state["max_shifts_per_type"] = dict(self.max_shifts_per_type)
        return (_contract_from_state, (state,))


def _contract_from_state(state: dict) -> Contract:
    return Contract(**state)


@dataclass(frozen=True)
class ShiftRequest:
    """A wish: work `shift_id` on `day` (wants=True) or not (wants=False); None = any shift."""

    day: int
    shift_id: str | None
    wants: bool
    weight: int = 1

    def __post_init__(self) -> None:
        _require(self.weight >= 0, f"request weight must be >= 0 (got {self.weight})")


@dataclass(frozen=True)
class Worker:
    """A person who can be rostered."""

    id: str
    name: str = ""
    team: str = ""
    skills: frozenset[str] = frozenset()
    contract: Contract = Contract()
    leave_days: frozenset[int] = frozenset()  # approved leave (休假)
    days_off: frozenset[int] = frozenset()  # fixed days off / unavailable
    requests: tuple[ShiftRequest, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.id), "worker id must not be empty")
        object.__setattr__(self, "skills", frozenset(self.skills))
        object.__setattr__(self, "leave_days", frozenset(self.leave_days))
        object.__setattr__(self, "days_off", frozenset(self.days_off))
        object.__setattr__(self, "requests", tuple(self.requests))

    def unavailable(self, day: int) -> bool:
        """True on leave or a fixed day off."""
        return day in self.leave_days or day in self.days_off


@dataclass(frozen=True)
class Demand:
    """How many people a (day, shift, skill) needs: `minimum` is hard, `target` is soft.

    skill None counts everyone on the shift. under/over weights override SoftWeights.
    """

    day: int
    shift_id: str
    skill: str | None
    minimum: int = 0
    target: int = 0
    under_weight: int | None = None
    over_weight: int | None = None

    def __post_init__(self) -> None:
        _require(0 <= self.minimum, f"demand day {self.day} {self.shift_id}: minimum must be >= 0 (got {self.minimum})")
        _require(self.minimum <= self.target, f"demand day {self.day} {self.shift_id}: minimum {self.minimum} > target {self.target}")
        for name in ("under_weight", "over_weight"):
            value = getattr(self, name)
            _require(value is None or value >= 0, f"demand {name} must be >= 0 (got {value})")


@dataclass(frozen=True)
class LabourRules:
    """Rules that apply to everyone."""

    min_rest_min: int = 660  # 11 h between the end of one shift and the start of the next
    one_shift_per_day: bool = True  # always enforced; kept explicit for the explanation texts

    def __post_init__(self) -> None:
        _require(self.min_rest_min >= 0, f"min_rest_min must be >= 0 (got {self.min_rest_min})")


@dataclass(frozen=True)
class SoftWeights:
    """Weights of the soft rules; a manager can change them. 0 switches a rule off."""

    coverage_under: int = 100  # per missing person below target
    coverage_over: int = 1  # per extra person above target
    requests: int = 1  # multiplies each request's own weight
    fair_nights: int = 0  # per unit of (max - min) nights within a team
    fair_weekends: int = 0
    fair_holidays: int = 0
    fair_hours: int = 0  # per hour of (max - min) total hours within a team
    shift_change: int = 0  # per change of shift type between consecutive working days
    overtime_per_hour: int = 0
    change_from_previous: int = 5  # per cell changed vs the previous roster (re-planning)

    def __post_init__(self) -> None:
        for name, value in self.__dict__.items():
            _require(isinstance(value, int) and value >= 0, f"soft weight {name} must be an integer >= 0 (got {value!r})")


@dataclass(frozen=True)
class RosterProblem:
    """Everything needed to build a roster. Checks its own consistency on creation."""

    days: tuple[Day, ...]
    shifts: tuple[ShiftType, ...]
    workers: tuple[Worker, ...]
    demands: tuple[Demand, ...]
    rules: LabourRules = LabourRules()
    weights: SoftWeights = SoftWeights()
    name: str = ""

    def demand_weights(self, demand: Demand) -> tuple[int, int]:
        """(under, over) penalty per person of a demand: its own weights, else the soft weights."""
        under = self.weights.coverage_under if demand.under_weight is None else demand.under_weight
        over = self.weights.coverage_over if demand.over_weight is None else demand.over_weight
        return under, over

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(self.days))
        object.__setattr__(self, "shifts", tuple(self.shifts))
        object.__setattr__(self, "workers", tuple(self.workers))
        object.__setattr__(self, "demands", tuple(self.demands))
        _require(len(self.days) > 0, "a roster needs at least one day")
        for position, day in enumerate(self.days):
            _require(day.index == position, f"days[{position}].index must be {position} (got {day.index})")
            if position:
                _require(
                    day.date == self.days[position - 1].date + dt.timedelta(days=1),
                    f"days[{position}].date {day.date} must follow {self.days[position - 1].date}",
                )
        shift_ids = [s.id for s in self.shifts]
        _require(len(set(shift_ids)) == len(shift_ids), f"shift ids must be unique (got {shift_ids})")
        for shift in self.shifts:
            for next_id in shift.forbidden_next:
                _require(next_id in shift_ids, f"shift {shift.id}: forbidden_next names unknown shift {next_id!r}")
        worker_ids = [w.id for w in self.workers]
        duplicates = sorted({w for w in worker_ids if worker_ids.count(w) > 1})
        _require(not duplicates, f"worker ids must be unique (duplicates: {duplicates})")
        horizon = len(self.days)
        for worker in self.workers:
            for day_off in worker.leave_days | worker.days_off:
                _require(0 <= day_off < horizon,
                         f"worker {worker.id}: day off {day_off} outside horizon 0..{horizon - 1}")
            for request in worker.requests:
                _require(0 <= request.day < horizon, f"worker {worker.id}: request day {request.day} outside horizon")
                _require(
                    request.shift_id is None or request.shift_id in shift_ids,
                    f"worker {worker.id}: request names unknown shift {request.shift_id!r}",
                )
            for shift_id in worker.contract.max_shifts_per_type:
                _require(shift_id in shift_ids, f"worker {worker.id}: max_shifts_per_type names unknown shift {shift_id!r}")
        seen: set[tuple[int, str, str | None]] = set()
        for demand in self.demands:
            key = (demand.day, demand.shift_id, demand.skill)
            _require(0 <= demand.day < horizon, f"demand day {demand.day} outside horizon 0..{horizon - 1}")
            _require(demand.shift_id in shift_ids, f"demand day {demand.day}: unknown shift {demand.shift_id!r}")
            _require(key not in seen, f"demand {key} listed twice")
            seen.add(key)

    @property
    def horizon(self) -> int:
        """Number of days."""
        return len(self.days)

    def shift(self, shift_id: str) -> ShiftType:
        """The shift type with this id."""
        for shift in self.shifts:
            if shift.id == shift_id:
                return shift
        raise KeyError(shift_id)

    def worker(self, worker_id: str) -> Worker:
        """The worker with this id."""
        for worker in self.workers:
            if worker.id == worker_id:
                return worker
        raise KeyError(worker_id)


def consecutive_days(start: dt.date, count: int, holidays: frozenset[dt.date] = frozenset(),
                     makeup_workdays: frozenset[dt.date] = frozenset()) -> tuple[Day, ...]:
    """Build `count` consecutive days from `start`, flagging holidays and make-up working days."""
    days = []
    for index in range(count):
        date = start + dt.timedelta(days=index)
        days.append(Day(index, date, is_holiday=date in holidays, is_makeup_workday=date in makeup_workdays))
    return tuple(days)
