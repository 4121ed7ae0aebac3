"""Shift templates, labour rules, the holiday calendar and service standards."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .common import ClockTime, Frozen, Identifier, Skill, TimeWindow, Weekday


class ShiftTemplate(Frozen):
    """A shift (班次): start, paid length and unpaid break."""

    id: Identifier
    name_zh: str = ""
    name_en: str = ""
    start: ClockTime
    duration_min: float = Field(gt=0, le=16 * 60)
    break_min: float = Field(default=0, ge=0)
    night: bool = False
    skills: list[Skill] = Field(default=[], description="skills this shift is used for; empty = any")

    @property
    def end(self) -> float:
        return self.start + self.duration_min + self.break_min

    @property
    def paid_hours(self) -> float:
        return self.duration_min / 60


class LabourRules(Frozen):
    """Hard limits from labour law (劳动法) and the bureau's own rules."""

    max_hours_per_day: float = Field(default=8, gt=0, le=16)
    max_overtime_hours_per_day: float = Field(default=3, ge=0)
    max_overtime_hours_per_month: float = Field(default=36, ge=0)
    standard_hours_per_week: float = Field(default=40, gt=0)
    comprehensive_period_days: int = Field(default=28, ge=7, description="averaging period of 综合计算工时")
    comprehensive_hours_per_period: float = Field(default=166.64, gt=0)
    min_rest_between_shifts_h: float = Field(default=11, ge=0)
    max_consecutive_days: int = Field(default=6, ge=1)
    min_days_off_per_week: int = Field(default=1, ge=0, le=7)
    max_nights_per_week: int = Field(default=4, ge=0, le=7)
    forbidden_successions: list[tuple[Identifier, Identifier]] = Field(
        default=[], description="(shift, next day's shift) pairs never allowed"
    )
    overtime_pay_workday: float = Field(default=1.5, ge=1)
    overtime_pay_rest_day: float = Field(default=2.0, ge=1)
    overtime_pay_holiday: float = Field(default=3.0, ge=1)


class HolidayCalendar(Frozen):
    """Public holidays and make-up working days (调休)."""

    holidays: list[dt.date] = []
    makeup_workdays: list[dt.date] = []

    def is_day_off(self, day: dt.date) -> bool:
        """Public holiday, or a weekend that is not a make-up working day."""
        if day in self.holidays:
            return True
        return day.weekday() >= 5 and day not in self.makeup_workdays


class CleaningGrade(Frozen):
    """What a road cleaning grade (道路保洁等级) requires: the assessed standard of its streets.

    A street of the grade is assessed (考核) inside ``patrol_window``: its first full sweep is done by
    the window's start (the morning deadline), the time between two passes stays within
    ``max_gap_min`` until the window ends, and its litter stays below ``litter_limit_per_1000m2``.
    """

    grade: int = Field(ge=1, le=4)
    sweeps_per_day: int = Field(ge=0, le=6, description="full sweeps a day (at least)")
    mechanical_sweeps_per_day: int = Field(default=0, ge=0, le=6,
                                           description="of them, by sweeper on arterial and secondary streets")
    sweep_windows: list[TimeWindow] = Field(
        min_length=1, description="when full sweeps may be done; the first window ends by the morning deadline")
    patrol_window: TimeWindow = Field(description="hours the street is assessed: clean from the start to the end")
    method: Literal["mechanical", "manual", "either"]
    litter_limit_per_1000m2: float = Field(gt=0, description="litter items per 1,000 m2 above which it is dirty")
    manual_m2_per_shift: float = Field(default=6000, gt=0, description="area one crew on foot keeps (beat size)")
    max_gap_min: float | None = Field(
        default=None, gt=0, description="longest time between two passes inside the patrol window (保洁); "
                                        "none: only sweeps_per_day counts")


class ToiletGrade(Frozen):
    """How often a toilet of a class (一类/二类/三类 after CJJ 14) is cleaned, and how long a cleaning takes."""

    grade: Literal[1, 2, 3]
    cleaning_interval_min: float = Field(gt=0, description="longest allowed interval between two cleanings "
                                                           "while the toilet is open (the assessed standard)")
    cleaning_min: float | None = Field(default=None, gt=0, le=240,
                                       description="minutes one cleaning takes (default 20 / 15 / 12 by class)")


class CollectionStandard(Frozen):
    """Same-day collection (日产日清): a point's waste of a day is taken away that day.

    Assessed per point and day: the kg collected that day over the kg it had to give (collected,
    left behind after its last collection, overflowed); a point is cleared on a day only when its
    last collection left nothing behind and it did not overflow.
    """

    same_day: bool = True
    deadline: ClockTime = 24 * 60
    planned_quantile: float = Field(default=0.95, ge=0.5, lt=1.0, description=(
        "a point's planned amount is this quantile of its daily waste, so trucks take the whole day's "
        "waste on most days"))


class AssessmentTargets(Frozen):
    """The bureau's targets on the assessment KPIs (考核指标), and the reliability a planned route must reach."""

    same_day_collection_pct: float = Field(default=99.0, ge=0, le=100, description="日产日清, % of kg (at least)")
    toilet_intervals_kept_pct: float = Field(default=95.0, ge=0, le=100, description="% of intervals kept (at least)")
    dirty_segment_hours_pct: float = Field(default=10.0, ge=0, le=100, description="% of assessed segment-hours "
                                                                                   "above the litter limit (at most)")
    morning_sweep_pct: float = Field(default=95.0, ge=0, le=100, description="% of street-days swept by the morning "
                                                                             "deadline (at least)")
    responses_within_target_pct: float = Field(default=90.0, ge=0, le=100, description="% of incidents (at least)")
    routes_within_shift_pct: float = Field(default=95.0, ge=0, le=100, description="% of route-days (at least)")
    route_reliability: float = Field(default=0.95, gt=0, le=1, description=(
        "probability with which each planned route must end within its shift and keep its items' standards"))


class PatrolDuties(Frozen):
    """The duties of a post (定则): how often a chief walks each street, checks vendor zones and inspects facilities."""

    walk_every_days: list[int] = Field(default=[1, 1, 2, 3], min_length=4, max_length=4, description=(
        "a chief walks each street of the post once every N days, by cleaning grade 1..4"))
    vendor_zone_checks: int = Field(default=2, ge=0, le=12, description=(
        "checks of each vendor zone during its opening hours, every day (定时定点定区域)"))
    vendor_check_gap_min: float = Field(default=30.0, ge=0, description="minutes at least between two checks of a zone")
    vendor_check_min: float = Field(default=10.0, gt=0, description="minutes one zone check takes")
    inspect_every_days: int = Field(default=7, ge=1, description=(
        "a chief inspects each toilet and micro-service station (驿站) of the post once every N days"))
    inspection_min: float = Field(default=8.0, gt=0, description="minutes one inspection takes")
    response_reserve_share: float = Field(default=0.25, ge=0, le=1, description=(
        "share of each enforcement unit's officers on a shift kept off beats to answer cases"))
    chief_travel: Literal["mixed", "foot", "ebike"] = Field(default="mixed", description=(
        "how chiefs go round: on foot where the beat fits the shift else by e-bike (mixed), or always one way"))


class Standards(Frozen):
    """The assessment standards (考核标准), computed by ``scenarios.assessment`` for planner and simulation alike."""

    cleaning_grades: list[CleaningGrade] = Field(min_length=1)
    toilet_grades: list[ToiletGrade] = Field(min_length=1)
    toilet_round_hours: TimeWindow = Field(
        default=TimeWindow(start=6 * 60, end=23 * 60),
        description="hours of cleaning rounds; toilets open outside them (24-hour toilets) are looked after by "
                    "their attendant then, so intervals are assessed inside these hours")
    toilet_interval_reserve_min: float = Field(default=10.0, ge=0, le=120, description=(
        "minutes below a class's interval at which the planner spaces a toilet's cleanings (at most half the "
        "interval), so a round running a little late still keeps the standard; the standard itself is assessed "
        "on the full interval (robust planning, as collection.planned_quantile is for waste)"))
    collection: CollectionStandard = CollectionStandard()
    response_hours: TimeWindow = Field(
        default=TimeWindow(start=8 * 60, end=22 * 60),
        description="working hours (工作时间) in which incident response times count: a case reported at night "
                    "is due within its target of the next morning's start")
    targets: AssessmentTargets = AssessmentTargets()
    patrol_duties: PatrolDuties = PatrolDuties()


class DemandRule(Frozen):
    """Roster demand given directly: workers of a skill needed on a shift on some weekdays."""

    skill: Skill
    shift: Identifier
    count: int = Field(ge=0)
    target: int | None = Field(default=None, ge=0)
    weekdays: list[Weekday] = Field(default=[0, 1, 2, 3, 4, 5, 6], description="0 = Monday .. 6 = Sunday")
    team: Identifier | None = None


class Shifts(Frozen):
    templates: list[ShiftTemplate] = Field(min_length=1)
    demand: list[DemandRule] = []
