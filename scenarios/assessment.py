"""The bureau's assessment (考核): one definition of each standard, for planner, checkers and simulation.

The standards are data in the scenario (``scenario.standards``); this module says what they mean
and measures a day against them. The planners plan to these numbers, the independent checkers
check plans against them and the simulation's KPIs count with these functions, so a plan that is
good by the planner is good by the simulation.

- 日产日清 (same-day collection): a point's kg collected on a day over the kg it had to give that
  day (collected, left behind after its last collection, overflowed); cleared when nothing was
  left behind and it did not overflow. Trucks plan for a high quantile of a point's daily waste.
- Toilets: inside the toilet's assessed hours (opening hours cut to the round hours) a cleaning is
  due within the class's interval of the last one (or of opening); a cleaning in time keeps an
  interval, every deadline that passes without one is a missed interval.
- Streets: inside the grade's patrol window, litter below the grade's limit; the first full sweep by
  the window's start and no more than ``max_gap_min`` between passes.
- Incidents: responded to within the target of the incident type, counted in working hours (a case
  reported at night is due within its target of the next morning's start).
- Within shift: a route ends by its shift's end (overtime otherwise).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from scenarios.model import CleaningGrade, CollectionPoint, Scenario, Segment, ShiftTemplate
from scenarios.model.common import MINUTES_PER_DAY

# Minutes one toilet cleaning takes when the class gives none (assumed; DOMAIN.md lists no figure).
DEFAULT_CLEANING_MIN = {1: 20.0, 2: 15.0, 3: 12.0}
# A route "ends within its shift" up to this rounding (minutes).
SHIFT_END_TOLERANCE_MIN = 0.5

# --- toilets -------------------------------------------------------------------------------------


def toilet_interval_min(scenario: Scenario, toilet_id: str) -> float:
    """Longest allowed interval between two cleanings of a toilet (its own, else its class's)."""
    return scenario.index.toilet_interval_min(toilet_id)


def planned_toilet_interval_min(scenario: Scenario, toilet_id: str) -> float:
    """The spacing the planner gives a toilet's cleanings: its interval less the standards' reserve for the
    day's delays (never below half the interval)."""
    interval = toilet_interval_min(scenario, toilet_id)
    return max(interval / 2, interval - scenario.standards.toilet_interval_reserve_min)


def toilet_cleaning_min(scenario: Scenario, toilet_id: str) -> float:
    """Minutes one cleaning of the toilet takes (its class's figure, else the default by class)."""
    toilet = scenario.index.toilets[toilet_id]
    grade = scenario.index.toilet_grades.get(toilet.grade)
    if grade is not None and grade.cleaning_min is not None:
        return float(grade.cleaning_min)
    return DEFAULT_CLEANING_MIN[toilet.grade]


def toilet_assessed_hours(scenario: Scenario, toilet_id: str) -> tuple[float, float] | None:
    """Minutes after midnight in which a toilet's intervals are assessed: opening ∩ round hours (None: never)."""
    toilet = scenario.index.toilets[toilet_id]
    rounds = scenario.standards.toilet_round_hours
    start = max(float(toilet.opening.start), float(rounds.start))
    end = min(float(toilet.opening.end), float(rounds.end), MINUTES_PER_DAY)
    return (start, end) if end > start else None


@dataclass(frozen=True)
class IntervalRecord:
    """Intervals of one item over one assessed period: kept (a cleaning in time) and missed (deadlines passed)."""

    kept: int
    missed: int

    def __add__(self, other: IntervalRecord) -> IntervalRecord:
        return IntervalRecord(self.kept + other.kept, self.missed + other.missed)


def intervals_kept(start: float, end: float, max_interval: float, times: Iterable[float]) -> IntervalRecord:
    """Count the intervals of a period [start, end] with cleanings (or passes) at ``times``.

    A cleaning within ``max_interval`` of the previous one (or of ``start``) keeps an interval; a
    gap g longer than that misses ceil(g / max_interval) - 1 deadlines, and so does the gap from
    the last cleaning to ``end``. Times outside the period are ignored.
    """
    kept = missed = 0
    last = start
    for t in sorted(x for x in times if start <= x <= end):
        gap = t - last
        if gap <= max_interval + 1e-9:
            kept += 1
        else:
            missed += math.ceil(gap / max_interval - 1e-9) - 1
        last = t
    tail = end - last
    if tail > max_interval + 1e-9:
        missed += math.ceil(tail / max_interval - 1e-9) - 1
    return IntervalRecord(kept, missed)


def toilet_day(scenario: Scenario, toilet_id: str, clean_starts: Iterable[float]) -> IntervalRecord:
    """A toilet's intervals on one day, from the minutes (after that day's midnight) its cleanings began."""
    hours = toilet_assessed_hours(scenario, toilet_id)
    if hours is None:
        return IntervalRecord(0, 0)
    return intervals_kept(hours[0], hours[1], toilet_interval_min(scenario, toilet_id), clean_starts)


# --- same-day collection (日产日清) ---------------------------------------------------------------


def quantile_factor(cv: float, quantile: float) -> float:
    """The ``quantile`` of a mean-1 lognormal multiplier with coefficient of variation ``cv``."""
    if cv <= 0:
        return 1.0
    sigma = math.sqrt(math.log1p(cv * cv))
    return math.exp(sigma * NormalDist().inv_cdf(quantile) - 0.5 * sigma * sigma)


def expected_daily_kg(scenario: Scenario, point: CollectionPoint, weekday: int, holiday: bool) -> float:
    """A point's mean waste on a day (weekday and holiday factors)."""
    factor = point.weekday_factors[weekday] * (point.holiday_factor if holiday else 1.0)
    return point.mean_kg_per_day * factor


def planned_daily_kg(scenario: Scenario, point: CollectionPoint, weekday: int, holiday: bool) -> float:
    """The amount a truck plans to take at a point: the standard's quantile of its daily waste."""
    q = scenario.standards.collection.planned_quantile
    return expected_daily_kg(scenario, point, weekday, holiday) * quantile_factor(point.spread_cv, q)


def collections_needed(point: CollectionPoint, planned_kg: float) -> int:
    """Collections a day the point needs: two when its planned waste does not fit its bins."""
    return 1 if planned_kg <= point.capacity_kg else 2


CLEARED_EPS_KG = 1e-6


def collection_due_kg(same_day_kg: Any, left_kg: Any, overflow_kg: Any) -> Any:
    """What a point had to give on a day: kg collected that day (not overdue from earlier days), kg left
    behind after its last collection (or, unvisited, the day's waste still in the bin), kg overflowed.

    Works on numbers and on NumPy arrays alike (the simulation counts every point at once).
    """
    return same_day_kg + left_kg + overflow_kg


def collection_cleared(visited: Any, left_kg: Any, overflow_kg: Any) -> Any:
    """Cleared (日产日清) on a day: collected, nothing of the day's waste left behind, no overflow."""
    return visited & (left_kg <= CLEARED_EPS_KG) & (overflow_kg <= CLEARED_EPS_KG)


def same_day_pct(same_day_kg: float, due_kg: float) -> float:
    """日产日清 over point-days: kg collected the same day over kg due (nan when nothing was due)."""
    return 100.0 * same_day_kg / due_kg if due_kg > 0 else float("nan")


# --- windows that keep an interval standard ---------------------------------------------------------
# A standard says "no more than G minutes between two visits (or from the start of the assessed
# period to the first, or from the last to its end)". Windows [lo_k, hi_k] with hi_k <= lo_{k-1} + G
# keep it for any visit times inside them; the width w of each window is the planners' freedom
# (more width, more visits). The planners use these for toilet cleanings and street passes, and
# the generator sizes crews with them.


def window_width(max_gap_min: float) -> float:
    """The planners' window width for a standard gap: a quarter of it, between 10 and 90 minutes."""
    return min(90.0, max(10.0, max_gap_min / 4.0))


def gap_windows(start: float, end: float, max_gap: float, width: float,
                first: tuple[float, float] | None = None) -> list[tuple[float, float]]:
    """Windows of visits over [start, end] keeping every interval within ``max_gap``.

    The first window is ``first`` when given (e.g. the morning sweep before the period starts), else
    it ends ``max_gap`` after ``start``; each next one ends ``max_gap`` after the previous one opens,
    until the last opens within ``max_gap`` of ``end``.
    """
    if max_gap <= 0 or width <= 0 or width >= max_gap:
        raise ValueError(f"need 0 < width < max_gap (got width {width}, max_gap {max_gap})")
    if first is None:
        hi = min(start + max_gap, end)
        first = (max(start, hi - width), hi)
    windows = [first]
    while end - windows[-1][0] > max_gap + 1e-9:
        hi = windows[-1][0] + max_gap
        windows.append((hi - width, hi))
    return windows


def street_pass_windows(grade: CleaningGrade, phase_min: float = 0.0) -> list[tuple[float, float]]:
    """The windows of a grade's passes in a day: any pass times inside them keep the grade's standard.

    The first pass is a full sweep in the first sweep window (it ends by the morning deadline); with
    ``max_gap_min`` the next passes follow in windows that keep every gap until the patrol window
    ends, else they are the grade's other sweep windows; at least ``sweeps_per_day`` in all.
    ``phase_min`` starts a street's first window later (at most an hour before it closes), so the
    later windows of different streets are staggered instead of all falling in the same hour.
    """
    sweeps = [(float(w.start), float(w.end)) for w in grade.sweep_windows]
    if grade.sweeps_per_day == 0:
        return []
    # The first sweep is assessed at the morning deadline: a sweep window running past it is cut there
    # (empty when the deadline comes before it opens; the planners then report the pass unserved).
    deadline = float(grade.patrol_window.start)
    sweeps[0] = (min(sweeps[0][0], deadline), min(sweeps[0][1], deadline))
    if grade.max_gap_min is None:
        return [sweeps[min(k, len(sweeps) - 1)] for k in range(grade.sweeps_per_day)]
    first = sweeps[0]
    first = (min(first[0] + max(0.0, phase_min), max(first[0], first[1] - 60.0)), first[1])
    end = min(float(grade.patrol_window.end), MINUTES_PER_DAY)
    chain = gap_windows(float(grade.patrol_window.start), end, grade.max_gap_min, window_width(grade.max_gap_min),
                        first=first)
    extra = [w for w in sweeps[1:] if w not in chain][:max(0, grade.sweeps_per_day - len(chain))]
    return sorted(chain + extra)


# --- streets ------------------------------------------------------------------------------------


def street_window(scenario: Scenario, segment: Segment) -> tuple[float, float]:
    """Minutes after midnight in which a street is assessed (its grade's patrol window)."""
    w = scenario.index.cleaning_grades[segment.cleaning_grade].patrol_window
    return float(w.start), min(float(w.end), MINUTES_PER_DAY)


def street_passes_day(scenario: Scenario, segment: Segment, pass_starts: Sequence[float]) -> tuple[bool, IntervalRecord]:
    """Whether a street's first pass came by the morning deadline, and its gaps in the patrol window."""
    grade = scenario.index.cleaning_grades[segment.cleaning_grade]
    start, end = street_window(scenario, segment)
    first_ok = any(t <= start + 1e-9 for t in pass_starts) if grade.sweeps_per_day > 0 else True
    if grade.max_gap_min is None:
        return first_ok, IntervalRecord(0, 0)
    before = [t for t in pass_starts if t <= start]
    origin = max(before) if before else start
    return first_ok, intervals_kept(origin, end, grade.max_gap_min, [t for t in pass_starts if t > origin])


# --- incidents and shifts -------------------------------------------------------------------------


def response_within_target(response_min: float, target_min: float) -> bool:
    """An incident answered within its type's response target (both in working minutes)."""
    return response_min <= target_min + 1e-9


def off_hours_min(scenario: Scenario, reported_min: float, answered_min: float) -> float:
    """Minutes of [reported, answered] outside the working hours in which response times count."""
    w = scenario.standards.response_hours
    total, t = 0.0, reported_min
    while t < answered_min - 1e-9:
        day = t // MINUTES_PER_DAY * MINUTES_PER_DAY
        start, end = day + w.start, day + min(w.end, MINUTES_PER_DAY)
        nxt = min(answered_min, day + MINUTES_PER_DAY)
        inside = max(0.0, min(nxt, end) - max(t, start))
        total += (nxt - t) - inside
        t = nxt
    return total


def within_shift(end_min: float, shift: ShiftTemplate) -> bool:
    """A route that ends by its shift's end (start + paid time + break), minutes after the shift's day began."""
    return end_min <= shift.end + SHIFT_END_TOLERANCE_MIN


# --- the KPIs assessed against the scenario's targets ------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """One assessment KPI against its target."""

    kpi: str
    value: float
    target: float
    at_most: bool

    @property
    def met(self) -> bool:
        if math.isnan(self.value):
            return True  # nothing to assess (no incidents, no toilets)
        return self.value <= self.target + 1e-9 if self.at_most else self.value >= self.target - 1e-9


def assessed_kpis(scenario: Scenario) -> dict[str, tuple[float, bool]]:
    """KPI key → (target, at_most) for the KPIs the bureau is assessed on."""
    t = scenario.standards.targets
    return {
        "collection_compliance_pct": (t.same_day_collection_pct, False),
        "toilet_rounds_on_time_pct": (t.toilet_intervals_kept_pct, False),
        "dirty_segment_hours_pct": (t.dirty_segment_hours_pct, True),
        "morning_sweep_pct": (t.morning_sweep_pct, False),
        "response_within_target_pct": (t.responses_within_target_pct, False),
        "routes_within_shift_pct": (t.routes_within_shift_pct, False),
    }


def assess(scenario: Scenario, kpis: Mapping[str, float]) -> list[Verdict]:
    """Each assessment KPI found in ``kpis`` against the scenario's target."""
    return [Verdict(k, float(kpis[k]), target, at_most)
            for k, (target, at_most) in assessed_kpis(scenario).items() if k in kpis]
