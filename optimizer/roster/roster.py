"""The result of a roster solve: plain, immutable data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

STATUSES = ("optimal", "feasible", "infeasible", "stopped", "unknown")


@dataclass(frozen=True)
class SoftViolation:
    """A soft rule that is not met: its name, who, when, by how much and what it costs."""

    rule: str
    worker: str | None
    day: int | None
    amount: int
    penalty: int
    detail: str = ""


@dataclass(frozen=True)
class Change:
    """A cell that differs from the previous roster (None = off)."""

    worker: str
    day: int
    before: str | None
    after: str | None
    pinned: bool = False


@dataclass(frozen=True)
class UncoveredDemand:
    """A demand below its target and why each qualified person could not take it."""

    day: int
    shift_id: str
    skill: str | None
    missing: int
    reasons: tuple[tuple[str, str, str], ...]  # (worker id, reason code, plain-language text)
    summary: str


@dataclass(frozen=True)
class Roster:
    """Assignments plus everything a manager needs to judge them."""

    status: str
    assignments: Mapping[tuple[str, int], str] = field(default_factory=dict)  # (worker, day) -> shift
    roles: Mapping[tuple[str, int], str] = field(default_factory=dict)  # (worker, day) -> skill filled
    objective: int | None = None
    best_bound: float | None = None
    violations: tuple[SoftViolation, ...] = ()
    coverage: Mapping[tuple[int, str, str | None], int] = field(default_factory=dict)
    minutes_per_worker: Mapping[str, int] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()
    explanation: tuple[str, ...] = ()
    uncovered: tuple[UncoveredDemand, ...] = ()
    wall_time_s: float = 0.0

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"roster status must be one of {STATUSES} (got {self.status!r})")
        for name in ("assignments", "roles", "coverage", "minutes_per_worker"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(self, "violations", tuple(self.violations))
        object.__setattr__(self, "changes", tuple(self.changes))
        object.__setattr__(self, "explanation", tuple(self.explanation))
        object.__setattr__(self, "uncovered", tuple(self.uncovered))

    def __reduce__(self) -> tuple:
        # mappingproxy cannot be pickled; rosters travel back from worker processes
        return (type(self), tuple(_plain(getattr(self, f.name)) for f in fields(self)))

    @property
    def has_solution(self) -> bool:
        """True when the roster holds assignments that satisfy every hard rule."""
        return self.status in ("optimal", "feasible") or (self.status == "stopped" and self.objective is not None)

    def shift_of(self, worker_id: str, day: int) -> str | None:
        """The shift a worker works that day, or None for a day off."""
        return self.assignments.get((worker_id, day))


def _plain(value: object) -> object:
    """A mappingproxy as a dict (for pickling); anything else as it is."""
    return dict(value) if isinstance(value, MappingProxyType) else value
