"""Reader of the Curtois & Qu shift-scheduling instances and their own objective.

Rules as in the instances' description: one shift a day; forbidden successions; per-staff
maximum shifts per type, maximum/minimum total minutes, maximum/minimum consecutive shifts,
minimum consecutive days off, maximum worked weekends (Sat/Sun, the horizon starts on a
Monday); fixed days off. Stretches touching the start or the end of the horizon are exempt
from the minimum-stretch rules. Soft: shift-on/off requests and cover below/above target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from optimizer.roster.problem import (
    Contract,
    Demand,
    LabourRules,
    RosterProblem,
    ShiftRequest,
    ShiftType,
    SoftWeights,
    Worker,
    consecutive_days,
)

FIRST_MONDAY = dt.date(2024, 1, 1)  # instances start on a Monday; the date itself is arbitrary


@dataclass(frozen=True)
class StaffLine:
    id: str
    max_shifts: dict[str, int]
    max_total_min: int
    min_total_min: int
    max_consecutive: int
    min_consecutive: int
    min_consecutive_off: int
    max_weekends: int


@dataclass(frozen=True)
class CurtoisInstance:
    """The raw content of one instance file."""

    name: str
    horizon: int
    shifts: dict[str, tuple[int, tuple[str, ...]]]  # id -> (length min, forbidden next)
    staff: list[StaffLine]
    days_off: dict[str, set[int]]
    on_requests: list[tuple[str, int, str, int]]  # (staff, day, shift, weight)
    off_requests: list[tuple[str, int, str, int]]
    cover: list[tuple[int, str, int, int, int]]  # (day, shift, requirement, under weight, over weight)


class InstanceFormatError(ValueError):
    """A located error in an instance file."""


def _sections(path: Path) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            sections[current] = []
        elif current is None:
            raise InstanceFormatError(f"{path}:{number}: data before any SECTION_ header: {line!r}")
        else:
            sections[current].append((number, line))
    return sections


def read_instance(path: str | Path) -> CurtoisInstance:
    """Parse an instance file; errors name the file and line."""
    path = Path(path)
    sections = _sections(path)

    def rows(name: str):
        for number, line in sections.get(name, []):
            yield number, [field.strip() for field in line.split(",")]

    try:
        horizon = int(sections["SECTION_HORIZON"][0][1])
        shifts = {}
        for _, f in rows("SECTION_SHIFTS"):
            shifts[f[0]] = (int(f[1]), tuple(x for x in (f[2].split("|") if len(f) > 2 else []) if x))
        staff = []
        for number, f in rows("SECTION_STAFF"):
            if len(f) != 8:
                raise InstanceFormatError(f"{path}:{number}: staff line needs 8 fields (got {len(f)})")
            max_shifts = {}
            for item in f[1].split("|"):
                shift_id, limit = item.split("=")
                max_shifts[shift_id] = int(limit)
            staff.append(StaffLine(f[0], max_shifts, *(int(x) for x in f[2:8])))
        days_off = {s.id: set() for s in staff}
        for _, f in rows("SECTION_DAYS_OFF"):
            days_off[f[0]].update(int(x) for x in f[1:] if x)
        on = [(f[0], int(f[1]), f[2], int(f[3])) for _, f in rows("SECTION_SHIFT_ON_REQUESTS")]
        off = [(f[0], int(f[1]), f[2], int(f[3])) for _, f in rows("SECTION_SHIFT_OFF_REQUESTS")]
        cover = [(int(f[0]), f[1], int(f[2]), int(f[3]), int(f[4])) for _, f in rows("SECTION_COVER")]
    except (KeyError, IndexError, ValueError) as error:
        if isinstance(error, InstanceFormatError):
            raise
        raise InstanceFormatError(f"{path}: malformed instance ({error!r})") from error
    return CurtoisInstance(path.stem, horizon, shifts, staff, days_off, on, off, cover)


def to_problem(instance: CurtoisInstance) -> RosterProblem:
    """The instance as a generic roster problem (the same model the app uses)."""
    shifts = tuple(
        ShiftType(shift_id, start_min=0, duration_min=length, forbidden_next=forbidden)
        for shift_id, (length, forbidden) in instance.shifts.items()
    )
    requests: dict[str, list[ShiftRequest]] = {s.id: [] for s in instance.staff}
    for staff_id, day, shift_id, weight in instance.on_requests:
        requests[staff_id].append(ShiftRequest(day, shift_id, True, weight))
    for staff_id, day, shift_id, weight in instance.off_requests:
        requests[staff_id].append(ShiftRequest(day, shift_id, False, weight))
    workers = tuple(
        Worker(
            id=s.id,
            name=s.id,
            contract=Contract(
                regime="comprehensive",
                max_minutes_per_period=s.max_total_min,
                min_minutes_per_period=s.min_total_min,
                max_consecutive_days=s.max_consecutive,
                min_consecutive_days=s.min_consecutive,
                min_consecutive_days_off=s.min_consecutive_off,
                max_weekends=s.max_weekends,
                max_shifts_per_type=s.max_shifts,
            ),
            days_off=frozenset(instance.days_off.get(s.id, set())),
            requests=tuple(requests[s.id]),
        )
        for s in instance.staff
    )
    demands = tuple(
        Demand(day, shift_id, None, minimum=0, target=required, under_weight=under, over_weight=over)
        for day, shift_id, required, under, over in instance.cover
    )
    # rest is expressed by the instance's forbidden successions only
    weights = SoftWeights(coverage_under=0, coverage_over=0, requests=1, change_from_previous=0)
    return RosterProblem(consecutive_days(FIRST_MONDAY, instance.horizon), shifts, workers, demands,
                         LabourRules(min_rest_min=0), weights, name=instance.name)


def instance_objective(instance: CurtoisInstance, assignments: dict[tuple[str, int], str]) -> int:
    """The instance's own objective: unmet requests plus weighted cover deviations."""
    total = 0
    for staff_id, day, shift_id, weight in instance.on_requests:
        if assignments.get((staff_id, day)) != shift_id:
            total += weight
    for staff_id, day, shift_id, weight in instance.off_requests:
        if assignments.get((staff_id, day)) == shift_id:
            total += weight
    for day, shift_id, required, under, over in instance.cover:
        count = sum(1 for (_, d), s in assignments.items() if d == day and s == shift_id)
        total += under * max(0, required - count) + over * max(0, count - required)
    return total
